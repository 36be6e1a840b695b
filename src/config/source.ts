import { lstatSync, readFileSync, readlinkSync, statSync } from 'node:fs'
import { Document, LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, visit, type Alias, type Node } from 'yaml'
import { load as loadJsYaml } from 'js-yaml'
import { failed, GalleyError, invalid, ioError } from '../lib/errors.js'
import { noteSecretsInText, noteSecretsInValue, secretValueLines } from '../lib/redact.js'
import { snakeYamlOptions, SNAKEYAML_JS_SCHEMA } from '../lib/snakeyaml.js'
import type { ValuePath } from '../model/value-path.js'

const loadLinear = (text: string) => loadJsYaml(text, { schema: SNAKEYAML_JS_SCHEMA, json: true })

/**
 * Refuse files larger than this before parsing them. A halconfig of 20 deployments with 500
 * base images each is about 3 MB; this leaves room and keeps any accepted file's reading and
 * editing within the memory galley promises (see scripts/bench.js).
 */
export const MAX_CONFIG_BYTES = 10 * 1024 * 1024

/**
 * Aliases (*name) may make a document at most this many times the size of its text, plus a
 * floor for small files: a billion-laughs document is refused before anything expands it.
 */
export const ALIAS_EXPANSION_FACTOR = 10
export const ALIAS_EXPANSION_FLOOR = 1024 * 1024

/** The largest size aliases may expand a text of this length to. */
export const aliasBudget = (textLength: number) => textLength * ALIAS_EXPANSION_FACTOR + ALIAS_EXPANSION_FLOOR

/** A YAML file as parsed: the text, its Document and a way to turn offsets into lines. */
export interface ParsedYaml {
  file: string
  text: string
  doc: Document
  lineCounter: LineCounter
  /** The plain value of the document (null for an empty file). */
  value: unknown
  /** Large files: finds positions without a whole Document (see fast-read.ts). */
  locate?: (path: ValuePath, preferKey?: boolean) => Position | undefined
}

export interface Position {
  line: number
  column: number
}

/** `line:col` of a character offset, both counted from 1. */
export function positionAt(parsed: Pick<ParsedYaml, 'lineCounter'>, offset: number): Position {
  const { line, col } = parsed.lineCounter.linePos(offset)
  return { line, column: col }
}

/** Line start offsets of the last text framed: validation frames many problems in one file. */
let framed: { text: string; starts: number[]; secret: Map<number, string> } | undefined

function lineStarts(text: string): number[] {
  if (framed?.text === text) return framed.starts
  const starts = [0]
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1)
  framed = { text, starts, secret: secretValueLines(text) }
  return starts
}

/** The most characters of one line a code frame shows. */
const FRAME_WIDTH = 160

/** A few lines of source around a position with a caret under the column. */
export function codeFrame(text: string, line: number, column: number, context = 1): string {
  const starts = lineStarts(text)
  // A line of a megabyte is shown as the part around the column, not whole.
  const lineText = (n: number) => {
    // A line of a secret's value without its name (a block scalar's, a flow list's) is shown redacted.
    const secret = framed!.secret.get(n)
    if (secret !== undefined) return secret.slice(0, FRAME_WIDTH)
    const start = starts[n - 1]
    const end = n < starts.length ? starts[n] : text.length
    const from = n === line ? Math.max(start, start + column - 1 - FRAME_WIDTH / 2) : start
    const shown = text.slice(from, Math.min(end, from + FRAME_WIDTH)).replace(/\r?\n$/, '')
    return (from > start ? '…' : '') + shown + (from + FRAME_WIDTH < end - 1 ? '…' : '')
  }
  const first = Math.max(1, line - context)
  const last = Math.min(starts.length, line + context)
  const width = String(last).length
  const out: string[] = []
  for (let n = first; n <= last; n++) {
    const marker = n === line ? '>' : ' '
    out.push(`${marker} ${String(n).padStart(width)} | ${lineText(n)}`)
    if (n === line) {
      const from = Math.max(0, column - 1 - FRAME_WIDTH / 2)
      out.push(`  ${' '.repeat(width)} | ${' '.repeat(Math.max(0, column - 1 - from) + (from > 0 ? 1 : 0))}^`)
    }
  }
  return out.join('\n')
}

/** Reads a file as UTF-8 text, refusing binary and oversized files with a clear message. */
export function readTextFile(file: string): string {
  let bytes: Buffer
  try {
    // A FIFO or a device would block or never end: only regular files are read.
    if (!statSync(file).isFile()) {
      throw invalid(`${file} is not a regular file`, { code: 'NOT_A_FILE', remediation: 'Point at the halconfig file itself.' })
    }
    bytes = readFileSync(file)
  } catch (error) {
    if (error instanceof GalleyError) throw error
    throw ioError(error, file, 'read')
  }
  if (bytes.length > MAX_CONFIG_BYTES) {
    throw invalid(`${file}: the file is ${bytes.length} bytes, more than the ${MAX_CONFIG_BYTES} (${MAX_CONFIG_BYTES / 1024 / 1024} MiB) a halconfig may have`, {
      code: 'FILE_TOO_LARGE',
      remediation: 'Check that this is the right file; nothing was read or written. Split very large settings into profiles, or remove unused base images.',
      data: { file, bytes: bytes.length, limit: MAX_CONFIG_BYTES },
    })
  }
  const nul = bytes.indexOf(0)
  if (nul !== -1) {
    throw invalid(`${file}: the file holds binary data (a NUL byte at offset ${nul}), not YAML`, {
      code: 'NOT_TEXT',
      remediation: 'Restore the file from a backup (hal config undo, or hal backup restore).',
    })
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw invalid(`${file}: the file is not valid UTF-8`, {
      code: 'NOT_UTF8',
      remediation: 'Convert it to UTF-8, e.g. iconv -f LATIN1 -t UTF-8.',
    })
  }
}

/**
 * Parses YAML text with the Document API, keeping every source position.
 * Syntax errors, duplicate keys and alias bombs throw an `invalid` error naming file, line and column.
 */
export function parseYaml(text: string, file: string): ParsedYaml {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { ...snakeYamlOptions(), lineCounter, uniqueKeys: false, prettyErrors: false, keepSourceTokens: false })
  const fail = (offset: number, message: string, code: string, remediation: string) => {
    // A file that does not parse: its secrets are read from its lines, before its frame is shown.
    noteSecretsInText(text)
    const { line, column } = positionAt({ lineCounter }, offset)
    return invalid(`${file}:${line}:${column}: ${message}`, {
      code,
      remediation,
      detail: codeFrame(text, line, column),
      data: { file, line, column },
    })
  }
  if (doc.errors.length > 0) {
    const error = doc.errors[0]
    const message = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')
    throw fail(error.pos[0], message, 'YAML_SYNTAX', 'Fix the YAML at that position; nothing was written.')
  }
  // Tags (!!python/object, !secret...) mean something to some other reader: a halconfig has none.
  if (doc.warnings.length > 0) {
    const warning = doc.warnings[0]
    const message = warning.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')
    throw fail(warning.pos[0], message, 'YAML_TAG', 'Remove the tag; a halconfig holds plain values.')
  }
  const duplicate = findDuplicateKey(doc)
  if (duplicate) {
    const first = positionAt({ lineCounter }, duplicate.first)
    throw fail(
      duplicate.second,
      `duplicate key "${duplicate.key}" (first defined at line ${first.line}, column ${first.column})`,
      'YAML_DUPLICATE_KEY',
      'Keep one of the two entries; YAML readers disagree on which one wins.',
    )
  }
  const { bomb, aliases } = findAliasBomb(doc, text.length)
  if (bomb) {
    throw fail(
      bomb.offset,
      `the alias *${bomb.name} makes the document expand past ${bomb.budget} characters (${ALIAS_EXPANSION_FACTOR} times its ${text.length} characters of text, plus ${ALIAS_EXPANSION_FLOOR})`,
      'YAML_ALIAS_BUDGET',
      'Write the repeated values out, or use fewer aliases to large anchors; nothing was read or written.',
    )
  }
  let value: unknown
  try {
    // yaml's toJS searches the document again for each alias: past a few, js-yaml (which keeps
    // a table of anchors) reads the same values in linear time. The budget above bounds them.
    value = aliases > 50 ? loadLinear(text) : doc.toJS({ maxAliasCount: 1000 })
  } catch (error) {
    noteSecretsInText(text)
    throw invalid(`${file}: ${(error as Error).message}`, {
      code: 'YAML_ALIAS',
      remediation: 'Replace the aliases (*name) with plain values.',
    })
  }
  noteSecretsInValue(value)
  return { file, text, doc, lineCounter, value: value ?? null }
}

/** Reads and parses a YAML file. */
export function loadYamlFile(file: string): ParsedYaml {
  return parseYaml(readTextFile(file), file)
}

/**
 * The first alias at which the document, with every alias expanded, passes its budget; or
 * undefined. Sizes are measured on the nodes (each anchored node once), nothing is expanded.
 */
export function findAliasBomb(doc: Document, textLength: number): { bomb?: { name: string; offset: number; budget: number }; aliases: number } {
  const budget = aliasBudget(textLength)
  const sizes = new Map<unknown, number>()
  const measuring = new Set<unknown>()
  // Anchors as met in document order: an alias means the latest anchor of its name before it.
  // (Alias.resolve would search the document again for every alias.)
  const anchors = new Map<string, Node>()
  const targets = new Map<Alias, Node | undefined>()
  let found: { name: string; offset: number; budget: number } | undefined
  const measure = (node: unknown): number => {
    if (node === null || node === undefined) return 1
    const known = sizes.get(node)
    if (known !== undefined) return known
    if (measuring.has(node)) return Infinity // an alias inside its own anchor
    measuring.add(node)
    let size: number
    if (isAlias(node)) size = measure(targets.get(node as Alias))
    else if (isScalar(node)) size = node.range ? node.range[1] - node.range[0] : String(node.value).length
    else if (isMap(node)) size = node.items.reduce<number>((sum, pair) => sum + measure(pair.key) + measure(pair.value) + 2, 2)
    else if (isSeq(node)) size = node.items.reduce<number>((sum, item) => sum + measure(item) + 2, 2)
    else size = 1
    measuring.delete(node)
    sizes.set(node, size)
    return size
  }
  let total = textLength
  let aliases = 0
  visit(doc, {
    Node(_, node) {
      if (isAlias(node)) {
        aliases++
        targets.set(node, anchors.get(node.source))
        total += measure(node)
        if (total > budget) {
          found = { name: node.source, offset: node.range?.[0] ?? 0, budget }
          return visit.BREAK
        }
      } else if ((node as { anchor?: string }).anchor) {
        anchors.set((node as { anchor: string }).anchor, node)
      }
      return undefined
    },
  })
  return { bomb: found, aliases }
}

export function findDuplicateKey(doc: Document): { key: string; first: number; second: number } | undefined {
  let found: { key: string; first: number; second: number } | undefined
  visit(doc, {
    Map(_, map) {
      const seen = new Map<string, number>()
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined
        const offset = (pair.key as Node | null)?.range?.[0] ?? 0
        if (key === undefined) continue
        const first = seen.get(key)
        if (first !== undefined) {
          found = { key, first, second: offset }
          return visit.BREAK
        }
        seen.set(key, offset)
      }
      return undefined
    },
  })
  return found
}

/** The node at a path, or undefined. */
export function nodeAt(doc: Document, path: ValuePath): Node | undefined {
  let node: unknown = doc.contents
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment))
      node = pair?.value ?? undefined
      if (pair && !pair.value) return pair.key as Node
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment]
    } else {
      return undefined
    }
  }
  return (node ?? undefined) as Node | undefined
}

/** The key node of the pair a path ends in, when the path ends in a map key. */
export function keyNodeAt(doc: Document, path: ValuePath): Node | undefined {
  if (path.length === 0) return undefined
  const parent = path.length === 1 ? doc.contents : nodeAt(doc, path.slice(0, -1))
  if (!isMap(parent)) return undefined
  const last = String(path[path.length - 1])
  const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === last)
  return (pair?.key ?? undefined) as Node | undefined
}

/**
 * Where to point a person for a path: the key of the deepest existing node (so a missing
 * field points at its parent's key, a wrong value at the value itself).
 */
export function locatePath(parsed: ParsedYaml, path: ValuePath, preferKey = false): Position | undefined {
  if (parsed.locate) return parsed.locate(path, preferKey)
  for (let depth = path.length; depth >= 0; depth--) {
    const prefix = path.slice(0, depth)
    const node = preferKey || depth < path.length ? keyNodeAt(parsed.doc, prefix) ?? nodeAt(parsed.doc, prefix) : nodeAt(parsed.doc, prefix) ?? keyNodeAt(parsed.doc, prefix)
    const offset = node?.range?.[0]
    if (offset !== undefined) return positionAt(parsed, offset)
  }
  return undefined
}

/** Fails when a file must hold a mapping at its root. */
export function assertMappingRoot(parsed: ParsedYaml, what: string): void {
  const value = parsed.value
  if (value === null || (typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date))) return
  const root = parsed.doc.contents
  if (root === null || isMap(root)) return
  const offset = (root as Node).range?.[0] ?? 0
  const { line, column } = positionAt(parsed, offset)
  throw invalid(`${parsed.file}:${line}:${column}: ${what} must be a mapping of keys to values`, {
    code: 'NOT_A_MAPPING',
    remediation: 'Check that this is the right file.',
    detail: codeFrame(parsed.text, line, column),
  })
}

/** A missing file reads as undefined; anything else that goes wrong is an error. */
export function readIfExists(file: string): string | undefined {
  try {
    return readTextFile(file)
  } catch (error) {
    if ((error as { code?: string }).code !== 'IO_ENOENT') throw error
    let link: string | undefined
    try {
      link = lstatSync(file).isSymbolicLink() ? readlinkSync(file) : undefined
    } catch {
      return undefined
    }
    if (link === undefined) return undefined
    throw failed(`${file} is a symbolic link to ${link}, which does not exist`, {
      code: 'DANGLING_SYMLINK',
      remediation: 'Restore the file it points to, or remove the link to start from the default halconfig.',
    })
  }
}

