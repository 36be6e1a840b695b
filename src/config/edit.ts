import { isAlias, isMap, isScalar, isSeq, parseDocument, visit, type Document, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml'
import { failed, invalid } from '../lib/errors.js'
import { quoteForYaml11, stringifyYaml11 } from '../lib/yaml11.js'
import { snakeYamlOptions } from '../lib/snakeyaml.js'
import { insertionIndex, keyOrderFor } from './key-order.js'
import { deploymentWindows, FAST_READ_BYTES, FULL_DOCUMENT_MAX_BYTES, hasNodeProperties, indentedPast, itemWindow, largeParsed, loadWindow, parseForReading, parseWindow, windowText } from './fast-read.js'
import { codeFrame, locatePath, nodeAt, parseYaml, type ParsedYaml } from './source.js'
import type { ValuePath } from '../model/value-path.js'

/**
 * Edits YAML text the way a careful person would: by changing only the characters of the nodes
 * an operation touches. Every other byte (comments, blank lines, quoting, key order, unknown
 * sections) stays as it was. Each edit is checked by re-parsing: if the patched text does not
 * hold exactly the expected value, the edit falls back to re-rendering through the yaml Document
 * API, which keeps comments but may reformat.
 */
export type EditOp =
  | { op: 'set'; path: ValuePath; value: unknown }
  | { op: 'delete'; path: ValuePath }
  | { op: 'append'; path: ValuePath; value: unknown }

type Json = unknown

export class YamlEditor {
  private parsed: ParsedYaml
  private readonly original: string
  /** `json`: the document is a JSON text, and stays one (new values are written as JSON). */
  format: 'yaml' | 'json' = 'yaml'
  /**
   * Where the deployment sits when it is not in a halconfig's list (a bare deployment: [], a
   * SpinnakerService: spec.spinnakerConfig.config): new keys then still follow Halyard's order.
   */
  deploymentRoot?: ValuePath
  /** How each edit was made: `patch` (byte-preserving) or `render` (fallback). */
  readonly log: Array<{ op: EditOp['op']; path: ValuePath; how: 'patch' | 'render' | 'none' }> = []

  /** `parsed`, when the caller has already parsed `text`, saves parsing it again. */
  constructor(text: string, readonly file: string, parsed?: ParsedYaml) {
    this.original = text
    this.parsed = parsed && parsed.text === text && 'doc' in parsed ? parsed : parseForReading(text, file)
  }

  get text(): string {
    return this.parsed.text
  }

  get value(): Json {
    return this.parsed.value
  }

  get current(): ParsedYaml {
    return this.parsed
  }

  get changed(): boolean {
    return this.parsed.text !== this.original
  }

  get(path: ValuePath): Json {
    return getPlain(this.parsed.value, path)
  }

  set(path: ValuePath, value: Json): this {
    return this.apply({ op: 'set', path, value })
  }

  delete(path: ValuePath): this {
    return this.apply({ op: 'delete', path })
  }

  append(path: ValuePath, value: Json): this {
    return this.apply({ op: 'append', path, value })
  }

  /**
   * The value at `path` is of this kind, or absent: an edit that would replace it (a hand-written
   * mapping where Halyard writes a list) is refused, naming the place, and nothing is written.
   */
  assertShape(path: ValuePath, kind: 'list' | 'mapping'): void {
    const node = this.get(path)
    if (node === undefined || node === null) return
    if (kind === 'list' ? Array.isArray(node) : typeof node === 'object' && !Array.isArray(node)) return
    const pos = locatePath(this.current, path)
    const found = Array.isArray(node) ? 'a list' : typeof node === 'object' ? 'a mapping' : `the value ${JSON.stringify(node)}`
    throw invalid(`${this.file}${pos ? `:${pos.line}:${pos.column}` : ''}: ${path.join('.')} is ${found}, where ${kind === 'list' ? 'a list' : 'a mapping'} is expected`, {
      code: 'CONFIG_SHAPE',
      remediation: 'Fix that part of the file by hand (hal config validate shows what is wrong); nothing was written.',
      detail: pos ? codeFrame(this.current.text, pos.line, pos.column) : undefined,
    })
  }

  /** Never replace a list or a value with a mapping to make room for a key: that would lose data. */
  private assertPathFits(path: ValuePath): void {
    let node: unknown = this.value
    for (let i = 0; i < path.length - 1; i++) {
      if (node === undefined || node === null) return
      const segment = path[i]
      node = (node as any)[segment]
      if (node === undefined || node === null) return
      const wantsMap = typeof path[i + 1] === 'string'
      const fits = wantsMap ? typeof node === 'object' && !Array.isArray(node) : Array.isArray(node)
      if (!fits) {
        const where = path.slice(0, i + 1)
        const pos = locatePath(this.current, where)
        const kind = Array.isArray(node) ? 'a list' : typeof node === 'object' ? 'a mapping' : `the value ${JSON.stringify(node)}`
        throw invalid(`${this.file}${pos ? `:${pos.line}:${pos.column}` : ''}: ${where.join('.')} is ${kind}, where ${wantsMap ? 'a mapping' : 'a list'} is expected`, {
          code: 'CONFIG_SHAPE',
          remediation: 'Fix that part of the file by hand (hal config validate shows what is wrong); nothing was written.',
          detail: pos ? codeFrame(this.current.text, pos.line, pos.column) : undefined,
        })
      }
    }
  }

  apply(op: EditOp): this {
    this.assertPathFits(op.path)
    if (op.op === 'append') this.assertShape(op.path, 'list')
    const expected = applyPlain(this.parsed.value, op)
    if (deepEqual(expected, this.parsed.value)) {
      this.log.push({ op: op.op, path: op.path, how: 'none' })
      return this
    }
    if (this.parsed.text.length < FAST_READ_BYTES || /[&*]/.test(this.parsed.text)) refuseShared(this.parsed, op, this.file)
    const json = this.format === 'json'
    const windowed = this.patchDeployment(op, expected)
    if (windowed) {
      this.parsed = windowed
      this.log.push({ op: op.op, path: op.path, how: 'patch' })
      return this
    }
    // A large file that cannot have a whole Document says so here, not as an internal error.
    void this.parsed.doc
    const attempts: Array<['patch' | 'render', () => string | undefined]> = [
      ['patch', () => patch(this.parsed, op, [], json, this.deploymentRoot)],
      // A JSON document stays JSON: re-rendered as JSON at its own indentation, never as YAML.
      ['render', () => (json ? renderJson(this.parsed.text, expected) : render(this.parsed.text, op))],
    ]
    for (const [how, attempt] of attempts) {
      let text: string | undefined
      try {
        text = attempt()
      } catch {
        text = undefined
      }
      if (text === undefined) continue
      let reparsed: ParsedYaml
      try {
        reparsed = parseForReading(text, this.file)
      } catch {
        continue
      }
      if (deepEqual(reparsed.value, expected)) {
        this.parsed = reparsed
        this.log.push({ op: op.op, path: op.path, how })
        return this
      }
    }
    throw failed(`internal error: could not ${op.op} ${op.path.join('.')} in ${this.file}`, {
      code: 'EDIT_FAILED',
      remediation: 'Nothing was written. Please report this with the file (secrets removed).',
    })
  }

  /**
   * In a large file, an edit inside one deployment patches that deployment's text alone (parsed
   * by itself, so the cost is the deployment's, not the file's), and what it then reads as must
   * be exactly the expected value. Undefined when that does not work out.
   */
  private patchDeployment(op: EditOp, expected: Json): ParsedYaml | undefined {
    const { text, value } = this.parsed
    const [list, index] = op.path
    if (text.length < FAST_READ_BYTES || list !== 'deploymentConfigurations' || typeof index !== 'number' || op.path.length < 3) return undefined
    const deployment = deploymentWindows(text, value)?.[index]
    if (!deployment) return undefined
    // One base image (or account) when the edit is inside one, else the whole deployment.
    const window = itemWindow(text, deployment, op.path) ?? { ...deployment, base: op.path.slice(0, 2) }
    // A window too large for a Document of its own is refused below, like a whole file.
    if (window.end - window.start > FULL_DOCUMENT_MAX_BYTES) return undefined
    try {
      const own = parseWindow(windowText(text, window), this.file)
      const patched = patch(own, { ...op, path: op.path.slice(window.base.length) } as EditOp, window.base)
      const indent = window.content - window.start
      if (patched === undefined || patched.slice(0, indent).trim() !== '') return undefined
      const edited = text.slice(0, window.content) + patched.slice(indent) + text.slice(window.end)
      if (hasNodeProperties(text) || hasNodeProperties(patched)) {
        // An anchor in one deployment may be used in another: read the whole file again.
        const reparsed = parseForReading(edited, this.file)
        return deepEqual(reparsed.value, expected) ? reparsed : undefined
      }
      // Otherwise the window's new text is read on its own. It cannot change how the text
      // after it reads: it parses by itself, ends its last line, and every line of it is
      // indented past the list's dash, so the next item or key still starts where it did.
      const dashColumn = /^ */.exec(text.slice(window.start, window.content))![0].length
      if (!patched.endsWith('\n') || !indentedPast(patched, dashColumn)) return undefined
      return deepEqual(loadWindow(patched), getPlain(expected, window.base)) ? largeParsed(edited, this.file, expected) : undefined
    } catch {
      return undefined
    }
  }
}

// ---------------------------------------------------------------- plain values

export function getPlain(value: Json, path: ValuePath): Json {
  let node: any = value
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined
    node = node[segment as any]
  }
  return node
}

export function clone<T>(value: T): T {
  return value === undefined ? value : structuredClone(value)
}

export function deepEqual(a: Json, b: Json): boolean {
  if (a === b) return true
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') {
    return a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : false
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const ka = Object.keys(a as object)
  const kb = Object.keys(b as object)
  if (ka.length !== kb.length) return false
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as any)[k], (b as any)[k]))
}

/** The value after an edit: containers along the path are copied, everything else is shared with the old value. */
function applyPlain(value: Json, op: EditOp): Json {
  if (op.path.length === 0) {
    if (op.op === 'set') return clone(op.value)
    throw new Error('cannot delete or append at the root')
  }
  const copy = (node: any) => (Array.isArray(node) ? [...node] : node !== null && typeof node === 'object' ? { ...node } : {})
  const root: any = copy(value)
  let node = root
  for (const segment of op.path.slice(0, -1)) {
    let child = node[segment]
    if (child === undefined || child === null) {
      if (op.op === 'delete') return root
      child = {}
    } else if (typeof child !== 'object') {
      throw new Error(`${op.path.join('.')}: ${String(segment)} is not a mapping`)
    } else {
      child = copy(child)
    }
    node[segment] = child
    node = child
  }
  const last = op.path[op.path.length - 1] as any
  if (op.op === 'set') node[last] = clone(op.value)
  else if (op.op === 'delete') {
    if (Array.isArray(node)) node.splice(last, 1)
    else delete node[last]
  } else {
    const list = node[last] === undefined || node[last] === null ? [] : node[last]
    if (!Array.isArray(list)) throw new Error(`${op.path.join('.')} is not a list`)
    node[last] = [...list, clone(op.value)]
  }
  return root
}

// ---------------------------------------------------------------- the byte-preserving patcher

const isScalarValue = (v: Json) => v === null || ['string', 'number', 'boolean'].includes(typeof v)
const isEmptyCollection = (v: Json) =>
  (Array.isArray(v) && v.length === 0) || (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0)
const isInline = (v: Json) => isScalarValue(v) || isEmptyCollection(v)

const lineStart = (text: string, offset: number) => text.lastIndexOf('\n', offset - 1) + 1
const lineEndAfter = (text: string, offset: number) => {
  const nl = text.indexOf('\n', offset)
  return nl === -1 ? text.length : nl + 1
}
const columnOf = (text: string, offset: number) => offset - lineStart(text, offset)
const onlySpaceBefore = (text: string, offset: number) => /^[ \t]*$/.test(text.slice(lineStart(text, offset), offset))

/** Whether block lists in this file sit at their parent key's indentation (Halyard) or deeper. */
function indentsSequences(doc: Document, text: string): boolean {
  let result: boolean | undefined
  const walk = (node: unknown, keyColumn: number | undefined) => {
    if (result !== undefined) return
    if (isSeq(node) && !node.flow && keyColumn !== undefined && node.items.length > 0) {
      const first = (node.items[0] as Node | null)?.range?.[0]
      if (first !== undefined) {
        const dash = text.lastIndexOf('-', first)
        result = columnOf(text, dash) > keyColumn
        return
      }
    }
    if (isMap(node)) for (const pair of node.items) walk(pair.value, (pair.key as Node)?.range ? columnOf(text, (pair.key as Node).range![0]) : undefined)
    if (isSeq(node)) for (const item of node.items) walk(item, undefined)
  }
  walk(doc.contents, undefined)
  return result ?? false
}

interface RenderStyle {
  indentSeq: boolean
  eol: string
  /** How new strings are quoted: like the values around them. */
  quote?: Scalar['type']
  /** The document is JSON: new values are JSON. */
  json?: boolean
  /** Spaces per level of nesting (JSON and flow documents); 0 for a document on one line. */
  indentUnit?: number
  /** The path whose Halyard key order applies to a map at this path. */
  orderPath?: (path: ValuePath) => ValuePath
}

function renderScalar(value: Json, type?: Scalar['type'], quote: Scalar['type'] = 'PLAIN'): string {
  if (isEmptyCollection(value)) return Array.isArray(value) ? '[]' : '{}'
  const keep = type && type !== 'PLAIN' && type !== 'BLOCK_FOLDED' && type !== 'BLOCK_LITERAL' && typeof value === 'string'
  let out = stringifyYaml11(value, { lineWidth: 0, defaultStringType: keep ? type : type === undefined ? quote : 'PLAIN', defaultKeyType: 'PLAIN' }).trimEnd()
  if (out.includes('\n')) out = stringifyYaml11(value, { lineWidth: 0, defaultStringType: 'QUOTE_DOUBLE' }).trimEnd()
  return out
}

/** A block value's lines, every line indented by `column`. */
function renderBlock(value: Json, column: number, style: RenderStyle): string {
  const body = stringifyYaml11(value, { lineWidth: 0, indentSeq: style.indentSeq, indent: 2, defaultStringType: style.quote ?? 'PLAIN', defaultKeyType: 'PLAIN' }).trimEnd()
  return body
    .split('\n')
    .map((line) => (line ? ' '.repeat(column) + line : line))
    .join('\n')
}

/**
 * A multi-line string as a literal block (`|`), its lines indented by `column`: as people write
 * files and scripts in YAML (an operator's spec.spinnakerConfig.files). Undefined when the text
 * cannot be one (a first line starting with a space, a carriage return, control characters).
 */
function renderLiteral(value: string, column: number, eol: string): string | undefined {
  if (!value.includes('\n') || /^[ \t]|\r|[\x00-\x08\x0b-\x1f\x7f]/.test(value)) return undefined
  const body = value.replace(/\n+$/, '')
  const trailing = value.length - body.length
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+'
  const lines = (trailing > 1 ? value.slice(0, -1) : body).split('\n')
  return `|${chomp}${eol}${lines.map((line) => (line === '' ? '' : ' '.repeat(column) + line)).join(eol)}`
}

/** `key: value` starting at `column` (the first line not indented: the caller is already there). */
function renderPair(key: string, value: Json, column: number, style: RenderStyle): string {
  const k = renderScalar(key)
  const literal = typeof value === 'string' && !style.json ? renderLiteral(value, column + 2, '\n') : undefined
  if (literal) return `${k}: ${literal}`
  if (isInline(value)) return `${k}: ${renderScalar(value, undefined, style.quote)}`
  const childColumn = Array.isArray(value) && !style.indentSeq ? column : column + 2
  return `${k}:\n${renderBlock(value, childColumn, style)}`
}

/** A list item's content after `- ` at `column` (first line not indented). */
function renderItem(value: Json, column: number, style: RenderStyle): string {
  if (isInline(value)) return renderScalar(value, undefined, style.quote)
  return renderBlock(value, column, style).slice(column)
}

function splice(text: string, start: number, end: number, insert: string): string {
  return text.slice(0, start) + insert + text.slice(end)
}

const withEol = (snippet: string, style: RenderStyle) => (style.eol === '\n' ? snippet : snippet.replace(/\r?\n/g, style.eol))

function findPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === key) as Pair | undefined
}

/** The end of a pair's value, just after the newline of the line it ends on. */
function pairEnd(text: string, pair: Pair): number {
  const key = pair.key as Node
  const value = pair.value as Node | null
  const end = value?.range ? Math.max(value.range[1], key.range![1]) : key.range![1]
  return lineEndAfter(text, Math.max(end - 1, key.range![0]))
}

function patch(parsed: ParsedYaml, op: EditOp, base: ValuePath = [], json = false, deploymentRoot?: ValuePath): string | undefined {
  const text = parsed.text
  const doc = parsed.doc
  const parentPath = op.path.slice(0, -1)
  const last = op.path[op.path.length - 1]
  const parent = parentPath.length === 0 ? doc.contents : nodeAt(doc, parentPath)
  const style: RenderStyle = {
    indentSeq: indentsSequences(parsed.doc, text),
    eol: text.includes('\r\n') ? '\r\n' : '\n',
    quote: neighbourQuoting(doc, parent),
    json,
    indentUnit: indentUnitOf(text),
    orderPath: (path) => {
      if (!deploymentRoot || deploymentRoot.some((segment, i) => path[i] !== segment)) return path
      return ['deploymentConfigurations', 0, ...path.slice(deploymentRoot.length)]
    },
  }

  const setParentTo = (value: Json) => (parentPath.length === 0 ? undefined : patch(parsed, { op: 'set', path: parentPath, value }, base, json, deploymentRoot))

  const flow = patchFlow(parsed, op, parent, style)
  if (flow !== null) return flow

  if (op.op === 'append') {
    const seq = nodeAt(doc, op.path)
    if (!isSeq(seq) || seq.flow || seq.items.length === 0) {
      const current = getPlain(parsed.value, op.path)
      return patch(parsed, { op: 'set', path: op.path, value: [...(Array.isArray(current) ? current : []), op.value] }, base, json, deploymentRoot)
    }
    const lastItem = seq.items[seq.items.length - 1] as Node
    const firstItem = seq.items[0] as Node
    const dash = text.lastIndexOf('-', firstItem.range![0])
    const dashColumn = columnOf(text, dash)
    let at = lineEndAfter(text, lastItem.range![1] - 1)
    let prefix = ''
    if (at === text.length && !text.endsWith('\n')) prefix = '\n'
    const snippet = `${prefix}${' '.repeat(dashColumn)}- ${renderItem(op.value, dashColumn + 2, style)}\n`
    return splice(text, at, at, withEol(snippet, style))
  }

  if (op.op === 'delete') {
    if (isMap(parent) && !parent.flow && typeof last === 'string') {
      const index = parent.items.findIndex((p) => isScalar(p.key) && String(p.key.value) === last)
      if (index === -1) return text
      if (parent.items.length === 1) return setParentTo({})
      const pair = parent.items[index] as Pair
      const keyStart = (pair.key as Node).range![0]
      if (onlySpaceBefore(text, keyStart)) return splice(text, lineStart(text, keyStart), pairEnd(text, pair), '')
      // The first key of a list item shares its line with the dash: pull the next key up.
      const next = parent.items[index + 1] as Pair | undefined
      if (!next) return undefined
      return splice(text, keyStart, (next.key as Node).range![0], '')
    }
    if (isSeq(parent) && !parent.flow && typeof last === 'number') {
      const item = parent.items[last] as Node | undefined
      if (!item?.range) return text
      if (parent.items.length === 1) return setParentTo([])
      const start = lineStart(text, item.range[0])
      if (!/^[ \t]*-[ \t]*$/.test(text.slice(start, item.range[0]))) return undefined
      return splice(text, start, lineEndAfter(text, item.range[1] - 1), '')
    }
    return undefined
  }

  // set
  if (op.path.length === 0) return undefined
  if (parent === null && parentPath.length === 0) {
    // An empty document (perhaps only comments): add the key at the end.
    const sep = text.length === 0 || text.endsWith('\n') ? '' : '\n'
    return text + withEol(`${sep}${renderPair(String(last), op.value, 0, style)}\n`, style)
  }
  if (isSeq(parent) && typeof last === 'number') {
    const item = parent.items[last]
    if (isScalar(item) && isScalarValue(op.value) && item.source !== undefined && item.range) {
      return splice(text, item.range[0], item.range[1], renderScalar(op.value, item.type))
    }
    return undefined
  }
  if (!isMap(parent) || parent.flow || parent.items.length === 0) {
    const current = getPlain(parsed.value, parentPath)
    const base = current && typeof current === 'object' && !Array.isArray(current) ? current : {}
    return setParentTo({ ...(base as object), [String(last)]: op.value })
  }
  const key = String(last)
  const pair = findPair(parent, key)
  const keyColumn = (node: Pair) => columnOf(text, (node.key as Node).range![0])
  if (pair) {
    const value = pair.value as Node | null
    const literal = typeof op.value === 'string' ? renderLiteral(op.value, keyColumn(pair) + 2, '\n') : undefined
    if (isScalar(value) && isScalarValue(op.value) && value.range && value.range[1] > value.range[0] && !literal) {
      return splice(text, value.range[0], value.range[1], renderScalar(op.value, value.type))
    }
    // Replace everything from after the colon to the end of the old value.
    const keyEnd = (pair.key as Node).range![1]
    const colon = text.indexOf(':', keyEnd)
    if (colon === -1) return undefined
    const end = value?.range ? Math.max(value.range[1], colon + 1) : colon + 1
    const endsLine = text[end - 1] === '\n'
    const column = keyColumn(pair)
    const replacement = literal
      ? ` ${literal}`
      : isInline(op.value)
      ? ` ${renderScalar(op.value, undefined, style.quote)}`
      : `\n${renderBlock(op.value, Array.isArray(op.value) && !style.indentSeq ? column : column + 2, style)}`
    return splice(text, colon + 1, endsLine ? end - 1 : end, withEol(replacement, style))
  }
  const existing = parent.items.map((p) => (isScalar(p.key) ? String(p.key.value) : ''))
  const after = insertionIndex(existing, key, keyOrderFor(style.orderPath!([...base, ...parentPath])))
  const column = keyColumn(parent.items[0] as Pair)
  if (after === -1) {
    const first = parent.items[0] as Pair
    const at = (first.key as Node).range![0]
    return splice(text, at, at, withEol(`${renderPair(key, op.value, column, style)}\n${' '.repeat(column)}`, style))
  }
  const anchor = parent.items[after] as Pair
  const at = pairEnd(text, anchor)
  const prefix = at === text.length && !text.endsWith('\n') ? '\n' : ''
  return splice(text, at, at, withEol(`${prefix}${' '.repeat(column)}${renderPair(key, op.value, column, style)}\n`, style))
}

// ---------------------------------------------------------------- the fallback renderer

function render(text: string, op: EditOp): string {
  const doc = parseDocument(text, { ...snakeYamlOptions(), uniqueKeys: false })
  const indentSeq = indentsSequences(doc, text)
  // New values only: what the file already holds keeps its quoting.
  const create = (value: unknown) => {
    const node = doc.createNode(value)
    quoteForYaml11(node)
    return node
  }
  if (op.op === 'set') doc.setIn(op.path as unknown[], create(op.value))
  else if (op.op === 'delete') doc.deleteIn(op.path as unknown[])
  else {
    const seq = doc.getIn(op.path as unknown[], true)
    if (isSeq(seq)) (seq as YAMLSeq).add(create(op.value))
    else doc.setIn(op.path as unknown[], create([op.value]))
  }
  // Lines before the document (a multi-document file's earlier documents, see files.ts) stay.
  return /^\n*/.exec(text)![0] + doc.toString({ lineWidth: 0, indentSeq })
}

// ---------------------------------------------------------------- the document's own style

/**
 * How the values around a new one are quoted: when every string value of the map it goes into
 * (else of the whole document) is double-quoted, or every one single-quoted, new strings are too.
 */
function neighbourQuoting(doc: Document, parent: unknown): Scalar['type'] {
  const styleOf = (scalars: Scalar[]): Scalar['type'] | undefined => {
    const strings = scalars.filter((s) => typeof s.value === 'string')
    if (strings.length === 0) return undefined
    if (strings.every((s) => s.type === 'QUOTE_DOUBLE')) return 'QUOTE_DOUBLE'
    if (strings.every((s) => s.type === 'QUOTE_SINGLE')) return 'QUOTE_SINGLE'
    return 'PLAIN'
  }
  if (isMap(parent)) {
    const own = styleOf(parent.items.map((p) => p.value).filter((v): v is Scalar => isScalar(v)))
    if (own) return own
  }
  const all: Scalar[] = []
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.value)) all.push(pair.value)
    },
    Seq(_, seq) {
      for (const item of seq.items) if (isScalar(item)) all.push(item)
    },
  })
  return styleOf(all) ?? 'PLAIN'
}

/** Spaces per nesting level, read from the first indented line (0 when nothing is indented). */
function indentUnitOf(text: string): number {
  const match = /\n( +)\S/.exec(text)
  return match ? Math.min(match[1].length, 8) : 0
}

/** A value as JSON, its lines after the first indented by `column`. */
function renderJsonValue(value: Json, column: number, unit: number): string {
  return JSON.stringify(value, null, unit).split('\n').map((line, i) => (i === 0 ? line : ' '.repeat(column) + line)).join('\n')
}

/** A value in a flow collection of a YAML document: flow, with the document's quoting. */
function renderFlowValue(value: Json, style: RenderStyle): string {
  if (style.json) return renderJsonValue(value, 0, style.indentUnit ?? 2)
  if (isScalarValue(value) || isEmptyCollection(value)) return renderScalar(value, undefined, style.quote)
  const out = stringifyYaml11(value, { lineWidth: 0, defaultStringType: style.quote ?? 'PLAIN', defaultKeyType: 'PLAIN', collectionStyle: 'flow' }).trimEnd()
  return out
}

const endOf = (node: Node) => node.range![1]

/**
 * Edits inside a flow collection (`{...}`, `[...]`, every part of a JSON document) as text:
 * a value replaced in place, a pair or item added after its neighbour on a line of its own
 * when its neighbours have lines of their own, removed with its comma. `null` when the edit
 * is not inside a flow collection (the block patcher handles it).
 */
function patchFlow(parsed: ParsedYaml, op: EditOp, parent: unknown, style: RenderStyle): string | undefined | null {
  const text = parsed.text
  const doc = parsed.doc
  const last = op.path[op.path.length - 1]
  const renderFor = (value: Json, column: number) => (style.json ? renderJsonValue(value, column, style.indentUnit ?? 2) : renderFlowValue(value, style))
  const keyText = (key: string) => (style.json ? JSON.stringify(key) : renderScalar(key))
  const columnAt = (offset: number) => columnOf(text, offset)

  /** Adds `entry` to a flow collection after item `after` (-1: first), in the layout of its items. */
  const insertInto = (node: YAMLMap | YAMLSeq, after: number, entry: (column: number) => string): string | undefined => {
    const items = node.items as Array<Pair | Node>
    const startOf = (item: Pair | Node) => ('key' in item && item.key ? (item.key as Node).range![0] : (item as Node).range![0])
    const finishOf = (item: Pair | Node) => ('key' in item ? endOf(((item as Pair).value ?? (item as Pair).key) as Node) : endOf(item as Node))
    if (!node.range) return undefined
    if (items.length === 0) {
      // `{}` / `[]`: the entry goes inside, spread over lines in a JSON document.
      const open = node.range[0]
      const close = text.lastIndexOf(isMap(node) ? '}' : ']', node.range[1])
      if (close < open) return undefined
      if (style.json && style.indentUnit) {
        const column = columnAt(lineStart(text, open) + (/^ */.exec(text.slice(lineStart(text, open)))![0].length))
        const inner = column + (style.indentUnit ?? 2)
        return splice(text, open + 1, close, `${style.eol}${' '.repeat(inner)}${entry(inner)}${style.eol}${' '.repeat(column)}`)
      }
      return splice(text, open + 1, close, entry(columnAt(open) + 1))
    }
    const lined = items.length > 1 ? text.slice(finishOf(items[0]), startOf(items[1])).includes('\n') : text.slice(node.range[0], startOf(items[0])).includes('\n')
    const column = columnAt(startOf(items[0]))
    if (after === -1) {
      const at = startOf(items[0])
      return splice(text, at, at, `${entry(column)},${lined ? style.eol + ' '.repeat(column) : ' '}`)
    }
    const at = finishOf(items[after])
    return splice(text, at, at, `,${lined ? style.eol + ' '.repeat(column) : ' '}${entry(column)}`)
  }

  /** Removes item `index` of a flow collection with the comma that separates it. */
  const removeFrom = (node: YAMLMap | YAMLSeq, index: number): string | undefined => {
    const items = node.items as Array<Pair | Node>
    const startOf = (item: Pair | Node) => ('key' in item && item.key ? (item.key as Node).range![0] : (item as Node).range![0])
    const finishOf = (item: Pair | Node) => ('key' in item ? endOf(((item as Pair).value ?? (item as Pair).key) as Node) : endOf(item as Node))
    if (items.length === 1) {
      const open = node.range![0]
      const close = text.lastIndexOf(isMap(node) ? '}' : ']', node.range![1])
      return splice(text, open + 1, close, '')
    }
    if (index < items.length - 1) return splice(text, startOf(items[index]), startOf(items[index + 1]), '')
    return splice(text, finishOf(items[index - 1]), finishOf(items[index]), '')
  }

  // An empty `[]` or `{}` in YAML is a placeholder (Halyard writes `accounts: []`): what goes into
  // it is written in block style, as Halyard would. In JSON everything stays JSON.
  const placeholder = (node: unknown) => !style.json && (isMap(node) || isSeq(node)) && node.items.length === 0
  if (op.op === 'append') {
    const seq = nodeAt(doc, op.path)
    if (!isSeq(seq) || !seq.flow || placeholder(seq)) return null
    return insertInto(seq, seq.items.length - 1, (column) => renderFor(op.value, column))
  }
  if (isSeq(parent) && parent.flow && typeof last === 'number') {
    const item = parent.items[last] as Node | undefined
    if (!item?.range) return undefined
    if (op.op === 'delete') return removeFrom(parent, last)
    const column = columnAt(item.range[0])
    const rendered = isScalar(item) && isScalarValue(op.value) && !style.json ? renderScalar(op.value, item.type) : renderFor(op.value, column)
    return splice(text, item.range[0], endOf(item), rendered)
  }
  if (!isMap(parent) || !parent.flow || typeof last !== 'string' || placeholder(parent)) return null
  const index = parent.items.findIndex((p) => isScalar(p.key) && String(p.key.value) === last)
  if (op.op === 'delete') return index === -1 ? text : removeFrom(parent, index)
  if (index !== -1) {
    const pair = parent.items[index] as Pair
    const value = pair.value as Node | null
    if (!value?.range) return undefined
    const column = columnAt((pair.key as Node).range![0])
    const keepQuote = isScalar(value) && typeof op.value === 'string' && !style.json
    return splice(text, value.range[0], endOf(value), keepQuote ? renderScalar(op.value, (value as Scalar).type, style.quote) : renderFor(op.value, column))
  }
  const existing = parent.items.map((p) => (isScalar(p.key) ? String(p.key.value) : ''))
  const after = insertionIndex(existing, last, keyOrderFor(style.orderPath!(op.path.slice(0, -1))))
  return insertInto(parent, after, (column) => `${keyText(last)}: ${renderFor(op.value, column)}`)
}

/** The fallback for a JSON document: the whole value again as JSON, at the document's indentation. */
function renderJson(text: string, value: Json): string {
  const unit = /^\s*[{[]\s*$/m.test(text.split('\n')[0] ?? '') ? indentUnitOf(text) : 0
  const out = unit === 0 ? JSON.stringify(value) : JSON.stringify(value, null, unit)
  return out + (text.endsWith('\n') ? '\n' : '')
}

// ---------------------------------------------------------------- values shared through anchors

/**
 * Refuses an edit that would change a value shared through a YAML anchor: a path through an
 * alias (`bakeryDefaults: *defaults`), or into an anchored node that aliases use elsewhere.
 * Changing it in one place would change it (or break it) in every other.
 */
function refuseShared(parsed: ParsedYaml, op: EditOp, file: string): void {
  const doc = parsed.doc
  const aliases = new Map<string, number[]>()
  const anchors = new Map<string, number>()
  visit(doc, {
    Node(_, node) {
      if (isAlias(node)) aliases.set(node.source, [...(aliases.get(node.source) ?? []), node.range?.[0] ?? 0])
      else if ((node as { anchor?: string }).anchor) {
        const name = (node as { anchor: string }).anchor
        // The anchor is written before its node (`key: &name` then the node on the next line).
        const at = parsed.text.lastIndexOf(`&${name}`, (node as Node).range?.[0] ?? 0)
        anchors.set(name, at === -1 ? (node as Node).range?.[0] ?? 0 : at)
      }
      return undefined
    },
  })
  if (aliases.size === 0) return
  const line = (offset: number) => parsed.lineCounter.linePos(offset).line
  let node: unknown = doc.contents
  // For set and delete the last node itself is replaced, which is fine for an alias but not for an anchor others use.
  for (let depth = 0; depth <= op.path.length; depth++) {
    const isTarget = depth === op.path.length
    if (isAlias(node) && !(isTarget && op.op !== 'append')) {
      const name = node.source
      throw sharedError(file, op, name, anchors.get(name), aliases.get(name) ?? [], line, node.range?.[0])
    }
    const anchor = (node as { anchor?: string } | null)?.anchor
    if (anchor && aliases.has(anchor)) {
      throw sharedError(file, op, anchor, anchors.get(anchor), aliases.get(anchor)!, line, (node as Node).range?.[0])
    }
    if (isTarget) break
    const segment = op.path[depth]
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment))
      // Not written here but brought in by a merge key (`<<: *name`): it lives in the anchor. A
      // new value for the last key is written beside the merge, and wins (SnakeYAML's rule too).
      const overrides = op.op === 'set' && depth === op.path.length - 1
      const merge = pair || overrides ? undefined : node.items.find((p) => isScalar(p.key) && typeof p.key.value === 'symbol')
      if (merge) throw mergedError(file, op, depth, merge.value, line, (merge.key as Node).range?.[0])
      node = pair?.value
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment]
    } else {
      return
    }
    if (node === undefined || node === null) return
  }
}

/** An edit whose path runs through a mapping a merge key brings in: it is written elsewhere. */
function mergedError(file: string, op: EditOp, depth: number, source: unknown, line: (offset: number) => number, at: number | undefined) {
  const names = (isSeq(source) ? source.items : [source]).filter(isAlias).map((alias) => `*${alias.source}`)
  const from = names.length > 0 ? names.join(', ') : 'its value'
  const where = at === undefined ? file : `${file}:${line(at)}`
  const segment = op.path[depth]
  return invalid(`${where}: ${op.path.join('.')} runs through ${String(segment)}, which the merge key << brings in from ${from}: changing it here would change it everywhere it is merged; nothing was written`, {
    code: 'SHARED_VALUE',
    remediation: `Write ${String(segment)} out in full in this mapping (a copy of what the merge brings in), then run the command again.`,
    data: { file, line: at === undefined ? undefined : line(at) },
  })
}

function sharedError(file: string, op: EditOp, name: string, anchorAt: number | undefined, aliasAt: number[], line: (offset: number) => number, at: number | undefined) {
  const anchorLine = anchorAt === undefined ? undefined : line(anchorAt)

  const aliasLines = [...new Set(aliasAt.map(line))]
  const where = at === undefined ? file : `${file}:${line(at)}`
  return invalid(`${where}: ${op.path.join('.')} is shared through the YAML anchor &${name}${anchorLine ? ` (line ${anchorLine})` : ''} and its alias${aliasLines.length > 1 ? 'es' : ''} *${name} (line${aliasLines.length > 1 ? 's' : ''} ${aliasLines.join(', ')}): changing it here would change it everywhere it is used; nothing was written`, {
    code: 'SHARED_VALUE',
    remediation: `Write the value out in full where it should differ (replace *${name} with a copy of what &${name} holds), then run the command again.`,
    data: { file, anchor: name, anchorLine, aliasLines },
  })
}
