import { load, type YAMLException } from 'js-yaml'
import { LineCounter } from 'yaml'
import { invalid } from '../lib/errors.js'
import { noteSecretsInText, noteSecretsInValue } from '../lib/redact.js'
import { SNAKEYAML_JS_SCHEMA, SnakeYamlConstructError } from '../lib/snakeyaml.js'
import { aliasBudget, ALIAS_EXPANSION_FACTOR, ALIAS_EXPANSION_FLOOR, codeFrame, locatePath, parseYaml, positionAt, type ParsedYaml, type Position } from './source.js'
import type { ValuePath } from '../model/value-path.js'

/**
 * Large files. The `yaml` package's Document API keeps every position but parses about
 * 1.5 MB/s and takes some 60 bytes of memory per byte of text: a 5 MB halconfig would take 4 s
 * and 300 MB. A file above FAST_READ_BYTES is read with js-yaml (with SnakeYAML's YAML 1.1
 * resolution, the same values as the Document API reads: see lib/snakeyaml.ts) in a tenth of
 * the time and memory. Positions, and the
 * byte-preserving editor, then work on one deployment at a time: the text of that deployment
 * alone is parsed with the Document API (see `deploymentWindows`). A whole Document is built
 * only for files up to FULL_DOCUMENT_MAX_BYTES.
 */
export const FAST_READ_BYTES = 256 * 1024
export const FULL_DOCUMENT_MAX_BYTES = 1024 * 1024

const HAS_NODE_PROPERTIES = /(^|[\s,[{:-])[&*!][^\s,\]}]/m

let propertiesOf: { text: string; found: boolean } | undefined

/** Whether a text may hold anchors, aliases or tags (a cheap, conservative test). */
export function hasNodeProperties(text: string): boolean {
  if (propertiesOf?.text !== text) propertiesOf = { text, found: HAS_NODE_PROPERTIES.test(text) }
  return propertiesOf.found
}

export function parseForReading(text: string, file: string): ParsedYaml {
  if (text.length < FAST_READ_BYTES) return parseYaml(text, file)
  const unusual = hasNodeProperties(text)
  if (unusual && text.length <= FULL_DOCUMENT_MAX_BYTES) return parseYaml(text, file)
  let value: unknown
  try {
    value = load(text, { schema: SNAKEYAML_JS_SCHEMA, filename: file, json: false })
  } catch (error) {
    if (text.length <= FULL_DOCUMENT_MAX_BYTES) return parseYaml(text, file) // reports the error the usual way
    throw syntaxError(error as YAMLException, text, file)
  }
  // The budget first: walking the value (for its secrets) before it would expand every alias.
  if (unusual) checkAliasExpansion(value, text, file)
  noteSecretsInValue(value)
  return largeParsed(text, file, value ?? null)
}

function syntaxError(error: YAMLException | SnakeYamlConstructError, text: string, file: string) {
  noteSecretsInText(text) // the code frame shows lines of a file that did not parse
  if (error instanceof SnakeYamlConstructError) {
    // js-yaml gives a type's constructor no position: the first plain scalar of that text is it.
    const escaped = error.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    const at = new RegExp(`((?:[:-][ \\t]+|[[,{][ \\t]*))${escaped}[ \\t]*(?:[,\\]}#\\r\\n]|$)`, 'm').exec(text)
    const { line, column } = at ? positionAt({ lineCounter: lineCounterOf(text) }, at.index + at[1].length) : { line: 1, column: 1 }
    return invalid(`${file}:${line}:${column}: ${error.message}`, {
      code: 'YAML_SYNTAX',
      remediation: 'Fix the YAML at that position; nothing was written.',
      detail: codeFrame(text, line, column),
      data: { file, line, column },
    })
  }
  const line = (error.mark?.line ?? 0) + 1
  const column = (error.mark?.column ?? 0) + 1
  const tag = /unknown tag/.test(error.reason ?? '')
  return invalid(`${file}:${line}:${column}: ${error.reason ?? error.message}`, {
    code: tag ? 'YAML_TAG' : /duplicated mapping key/.test(error.reason ?? '') ? 'YAML_DUPLICATE_KEY' : 'YAML_SYNTAX',
    remediation: tag ? 'Remove the tag; a halconfig holds plain values.' : 'Fix the YAML at that position; nothing was written.',
    detail: codeFrame(text, line, column),
    data: { file, line, column },
  })
}

/**
 * js-yaml shares one value between an anchor and its aliases: reading is cheap, but anything
 * that walks the value pays for every alias. The walk here counts each shared object once.
 */
function checkAliasExpansion(value: unknown, text: string, file: string): void {
  const budget = aliasBudget(text.length)
  const sizes = new Map<object, number>()
  const measure = (node: unknown): number => {
    if (node === null || typeof node !== 'object') return typeof node === 'string' ? node.length : 4
    const known = sizes.get(node)
    if (known !== undefined) return known
    sizes.set(node, Infinity) // a cycle, should one appear, is over any budget
    let size = 2
    for (const [key, child] of Object.entries(node)) {
      size += key.length + 2 + measure(child)
      if (size > budget) break
    }
    sizes.set(node, size)
    return size
  }
  if (measure(value) <= budget) return
  const alias = /(^|[\s,[{:-])\*([^\s,\]}]+)/m.exec(text)
  const offset = alias ? alias.index + alias[1].length : 0
  const parsed = { lineCounter: lineCounterOf(text) }
  const { line, column } = positionAt(parsed, offset)
  throw invalid(`${file}:${line}:${column}: aliases (the first is *${alias?.[2] ?? '?'}) make the document expand past ${budget} characters (${ALIAS_EXPANSION_FACTOR} times its ${text.length} characters of text, plus ${ALIAS_EXPANSION_FLOOR})`, {
    code: 'YAML_ALIAS_BUDGET',
    remediation: 'Write the repeated values out, or use fewer aliases to large anchors; nothing was read or written.',
    detail: codeFrame(text, line, column),
    data: { file, line, column },
  })
}

function lineCounterOf(text: string): LineCounter {
  const counter = new LineCounter()
  counter.addNewLine(0)
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) counter.addNewLine(i + 1)
  return counter
}

function tooLargeForDocument(text: string, file: string, why: string) {
  return invalid(`${file}: ${why}: the file is ${text.length} characters, and galley builds a full YAML document only up to ${FULL_DOCUMENT_MAX_BYTES}`, {
    code: 'FILE_TOO_COMPLEX',
    remediation: `Large halconfigs are edited one deployment at a time, when they are plain YAML and each deployment is under ${FULL_DOCUMENT_MAX_BYTES / 1024 / 1024} MiB: remove anchors, aliases and tags, or unused base images; nothing was written.`,
    data: { file, characters: text.length, limit: FULL_DOCUMENT_MAX_BYTES },
  })
}

/** A large file's ParsedYaml: the value now, positions one deployment at a time. */
export function largeParsed(text: string, file: string, value: unknown): ParsedYaml {
  let full: ParsedYaml | undefined
  let counter: LineCounter | undefined
  const document = () => {
    if (text.length > FULL_DOCUMENT_MAX_BYTES) throw tooLargeForDocument(text, file, 'this needs the whole document')
    return (full ??= parseYaml(text, file))
  }
  const parsed: ParsedYaml = {
    file,
    text,
    value,
    get doc() {
      return document().doc
    },
    get lineCounter() {
      return (counter ??= lineCounterOf(text))
    },
    locate(path: ValuePath, preferKey?: boolean): Position | undefined {
      if (full) return locatePath(full, path, preferKey)
      const window = path[0] === 'deploymentConfigurations' && typeof path[1] === 'number' ? deploymentWindows(text, value)?.[path[1]] : undefined
      const offset = window
        ? locateOffset(windowText(text, window), path.slice(2), preferKey, 'deployment')
        : locateOffset(text, path, preferKey, 'document')
      if (offset === undefined) return undefined
      return positionAt(parsed, offset + (window?.start ?? 0))
    },
  }
  return parsed
}

// ---------------------------------------------------------------- positions without a Document

/** Where each node of a text starts, and its key when it is a mapping's value; by path. */
type OffsetIndex = Map<string, { value: number; key?: number }>

const pathKey = (path: ValuePath) => path.map(String).join('\u0000')

/** The last indexes built: validation locates many problems in the same deployment. */
const recentIndexes: Array<{ text: string; maxDepth: number; index: OffsetIndex | undefined }> = []

/**
 * Where the node at a path is (or, by locatePath's rule, the key of the deepest part of it that
 * exists). `root` says whether `text` is a whole document or one deployment's item.
 */
function locateOffset(text: string, path: ValuePath, preferKey: boolean | undefined, root: 'document' | 'deployment'): number | undefined {
  const index = offsetIndex(text, root === 'document' ? path.length : windowDepth(text))
  if (!index) return undefined
  for (let depth = path.length; depth >= 0; depth--) {
    const found = index.get(pathKey(path.slice(0, depth)))
    if (!found) continue
    const offset = preferKey || depth < path.length ? found.key ?? found.value : found.value
    // The item of a deployment's window has no key: it starts where its content does.
    return offset
  }
  return undefined
}

function offsetIndex(text: string, maxDepth: number): OffsetIndex | undefined {
  let entry = recentIndexes.find((r) => r.text === text && r.maxDepth >= maxDepth)
  if (!entry) {
    entry = { text, maxDepth, index: indexOffsets(text, maxDepth) }
    recentIndexes.unshift(entry)
    recentIndexes.length = Math.min(recentIndexes.length, 3)
  }
  return entry.index
}

/**
 * How deep a deployment's nodes are indexed. A deployment over FULL_DOCUMENT_MAX_BYTES is
 * indexed down to its base images and accounts only (providers.P.bakeryDefaults.baseImages.N):
 * a full index of tens of thousands of images would cost more memory than the file; positions
 * in it then point at the base image or account rather than at the field.
 */
const windowDepth = (text: string) => (text.length > FULL_DOCUMENT_MAX_BYTES ? 5 : Infinity)

/** Where the node at a path starts in a deployment's window text, if it exists. */
export function nodeOffset(text: string, path: ValuePath): number | undefined {
  return offsetIndex(text, windowDepth(text))?.get(pathKey(path))?.value
}

/**
 * One pass of js-yaml over the text with a listener, some ten times faster than building a
 * Document, recording where each node up to `maxDepth` starts, as the Document API would.
 */
function indexOffsets(text: string, maxDepth: number): OffsetIndex | undefined {
  const index: OffsetIndex = new Map()
  interface Frame {
    path: ValuePath | undefined
    open: number
    children: number
    /** The key just read, whose value opens next. */
    key?: { name: string; at: number }
    keyAt?: number
  }
  const stack: Frame[] = []
  const skipSpace = (i: number) => {
    while (i < text.length) {
      const c = text[i]
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') i++
      else if (c === '#') {
        const nl = text.indexOf('\n', i)
        i = nl === -1 ? text.length : nl + 1
      } else break
    }
    return i
  }
  const listener = (event: 'open' | 'close', state: { position: number; result: unknown }) => {
    if (event === 'open') {
      const parent = stack[stack.length - 1]
      let path: ValuePath | undefined = parent ? undefined : []
      if (parent?.path && parent.path.length < maxDepth) {
        if (parent.key) path = [...parent.path, parent.key.name]
        else path = [...parent.path, parent.children]
      }
      stack.push({ path, open: state.position, children: 0, keyAt: parent?.key?.at })
      if (parent) {
        parent.children++
        parent.key = undefined
      }
      return
    }
    const frame = stack.pop()!
    const parent = stack[stack.length - 1]
    let after = state.position
    while (text[after] === ' ' || text[after] === '\t') after++
    if (parent && text[after] === ':') {
      // A key: the value that opens next is under this name.
      parent.children--
      parent.key = { name: String(state.result), at: skipSpace(frame.open) }
      return
    }
    if (!frame.path) return
    const start = skipSpace(frame.open)
    // An empty value sits where its key's colon ends, as the Document API places it.
    const empty = state.result === null && !/^(~|null|Null|NULL)(?![^\s,\]}])/.test(text.slice(start, start + 5))
    index.set(pathKey(frame.path), { value: empty ? frame.open : start, key: frame.keyAt })
  }
  try {
    load(text, { schema: SNAKEYAML_JS_SCHEMA, json: true, listener } as Parameters<typeof load>[1])
  } catch {
    return undefined
  }
  return index
}

// ---------------------------------------------------------------- one deployment at a time

/** Where a deployment's item is: its dash line, the start of its content and its end. */
export interface DeploymentWindow {
  start: number
  content: number
  end: number
  /** The window's text, once made (see windowText). */
  text?: string
}

let windowsOf: { text: string; windows: DeploymentWindow[] | undefined } | undefined

/**
 * The items of a block `deploymentConfigurations:` list at the top level, found by their
 * indentation; undefined when the file is laid out any other way (a flow list, tabs, several
 * documents), or when the count does not match the value. Whatever is made of a window is
 * checked by re-reading the whole file, so a wrong guess here costs time, never correctness.
 */
export function deploymentWindows(text: string, value: unknown): DeploymentWindow[] | undefined {
  if (windowsOf?.text === text) return windowsOf.windows
  const windows = findWindows(text)
  const list = value !== null && typeof value === 'object' ? (value as Record<string, unknown>).deploymentConfigurations : undefined
  const fits = windows && Array.isArray(list) && list.length === windows.length
  windowsOf = { text, windows: fits ? windows : undefined }
  return windowsOf.windows
}

function findWindows(text: string): DeploymentWindow[] | undefined {
  const key = /^deploymentConfigurations:[ \t]*(?:#[^\n]*)?\r?\n/m.exec(text)
  if (!key) return undefined
  const windows: DeploymentWindow[] = []
  let dashColumn = -1
  let end = text.length
  // Line by line, by character codes: this runs over every line of a large file.
  for (let at = key.index + key[0].length; at < text.length; ) {
    const next = text.indexOf('\n', at)
    const lineEnd = next === -1 ? text.length : next + 1
    let i = at
    while (text.charCodeAt(i) === 32) i++
    const c = text[i]
    if (c === undefined || c === '#' || c === '\n' || c === '\r') {
      at = lineEnd
      continue
    }
    const indent = i - at
    if (c === '\t' || (indent === 0 && (text.startsWith('---', at) || text.startsWith('...', at)))) return undefined
    if (dashColumn === -1) dashColumn = indent
    if (indent < dashColumn || (indent === dashColumn && c !== '-')) {
      end = at
      break
    }
    if (indent === dashColumn) {
      let j = i + 1
      if (text[j] !== ' ') return undefined
      while (text[j] === ' ') j++
      if (text[j] === '#' || text[j] === '\n' || text[j] === '\r' || text[j] === undefined) return undefined
      if (windows.length > 0) windows[windows.length - 1].end = at
      windows.push({ start: at, content: j, end: text.length })
    }
    at = lineEnd
  }
  if (windows.length === 0) return undefined
  windows[windows.length - 1].end = end
  return windows
}

/** The last windows parsed on their own: an edit's checks look at the same ones again. */
const recentWindows: ParsedYaml[] = []

export function parseWindow(text: string, file: string): ParsedYaml {
  const known = recentWindows.find((w) => w.text === text && w.file === file)
  if (known) return known
  const parsed = parseYaml(text, file)
  recentWindows.unshift(parsed)
  recentWindows.length = Math.min(recentWindows.length, 3)
  return parsed
}

/**
 * The window of a block list item inside a deployment's window: the item at the deepest list
 * index of `path` that still has segments after it, so an edit of one base image parses that
 * base image alone. `base` is the path of the item.
 */
export function itemWindow(text: string, deployment: DeploymentWindow, path: ValuePath): (DeploymentWindow & { base: ValuePath }) | undefined {
  for (let k = path.length - 2; k >= 3; k--) {
    if (typeof path[k] !== 'number') continue
    const offset = nodeOffset(windowText(text, deployment), path.slice(2, k + 1))
    if (offset === undefined) return undefined
    const content = deployment.start + offset
    const start = text.lastIndexOf('\n', content - 1) + 1
    const dash = /^( *)- +$/.exec(text.slice(start, content))
    if (!dash) return undefined
    const dashColumn = dash[1].length
    // The item ends at the first line that holds something and is not indented past its dash.
    let at = text.indexOf('\n', content) + 1
    while (at > 0 && at < deployment.end) {
      const line = text.slice(at, Math.min(at + dashColumn + 2, deployment.end))
      const indent = /^ */.exec(line)![0].length
      if (!/^[ \t]*(#|\r?\n|$)/.test(line) && indent <= dashColumn) break
      at = text.indexOf('\n', at) + 1
    }
    const end = at > 0 && at < deployment.end ? at : deployment.end
    return { start, content, end, base: path.slice(0, k + 1) }
  }
  return undefined
}

/** A deployment's text read on its own (js-yaml, as large files are read). */
export function loadWindow(text: string): unknown {
  return load(text, { schema: SNAKEYAML_JS_SCHEMA, json: false })
}

/** Whether every line after the first that holds anything is indented past `column`. */
export function indentedPast(text: string, column: number): boolean {
  for (let at = text.indexOf('\n') + 1; at > 0 && at < text.length; at = text.indexOf('\n', at) + 1) {
    let i = at
    while (text[i] === ' ') i++
    if (text[i] === '\n' || text[i] === '\r' || text[i] === undefined) continue
    if (i - at <= column) return false
  }
  return true
}

/** A deployment's text as a document of its own: the dash replaced by a space, columns kept. */
export function windowText(text: string, window: DeploymentWindow): string {
  // The same string each time: caches compare texts, and equal strings that are not the same
  // object are compared character by character.
  if (window.text === undefined) window.text = ' '.repeat(window.content - window.start) + text.slice(window.content, window.end)
  return window.text
}
