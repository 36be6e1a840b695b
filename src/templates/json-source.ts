/**
 * A strict JSON parser that keeps where every value is, for problems with line and column.
 * Strict like Go's encoding/json, which Packer 1.6.6 parses legacy templates with: no comments,
 * no trailing commas, no byte order mark. (The `yaml` package keeps ranges too, but YAML
 * accepts trailing commas and unquoted keys that Packer refuses.)
 */

export type JsonNode = JsonObject | JsonArray | JsonScalar

interface Span {
  /** Offset of the first character, and one past the last. */
  start: number
  end: number
}

export interface JsonEntry {
  key: string
  keySpan: Span
  value: JsonNode
}

export interface JsonObject extends Span {
  kind: 'object'
  entries: JsonEntry[]
}

export interface JsonArray extends Span {
  kind: 'array'
  items: JsonNode[]
}

export interface JsonScalar extends Span {
  kind: 'string' | 'number' | 'boolean' | 'null'
  value: string | number | boolean | null
}

export interface JsonSyntaxError {
  message: string
  offset: number
}

export interface DuplicateKey {
  key: string
  /** Offsets of the first and the repeated key. */
  first: number
  second: number
}

export type JsonParse =
  | { ok: true; root: JsonNode; duplicates: DuplicateKey[] }
  | { ok: false; error: JsonSyntaxError }

class Failure extends Error {
  constructor(message: string, readonly offset: number) {
    super(message)
  }
}

const describeChar = (c: string | undefined) =>
  c === undefined ? 'the end of the file' : c === '\n' || c === '\r' ? 'the end of the line' : c === '\uFEFF' ? 'a byte order mark' : `'${c}'`

export function parseJson(text: string): JsonParse {
  let i = 0
  const duplicates: DuplicateKey[] = []

  const fail = (message: string, at = i): never => {
    throw new Failure(message, at)
  }
  const skipSpace = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++
  }

  function parseValue(depth: number): JsonNode {
    if (depth > 500) fail('the JSON is nested too deeply')
    skipSpace()
    const c = text[i]
    if (c === '{') return parseObject(depth)
    if (c === '[') return parseArray(depth)
    if (c === '"') {
      const start = i
      return { kind: 'string', value: parseString(), start, end: i }
    }
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return parseNumber()
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, i)) {
        const start = i
        i += word.length
        return { kind: value === null ? 'null' : 'boolean', value, start, end: i }
      }
    }
    if (c === '\uFEFF') fail('a byte order mark (BOM) starts the file; Packer refuses it')
    if (c === "'") fail('strings must be in double quotes')
    return fail(c === undefined ? 'unexpected end of the file: a value is missing' : `expected a value, found ${describeChar(c)}`)
  }

  function parseObject(depth: number): JsonObject {
    const start = i
    i++
    const entries: JsonEntry[] = []
    const seen = new Map<string, number>()
    let lastComma = -1
    skipSpace()
    if (text[i] === '}') {
      i++
      return { kind: 'object', entries, start, end: i }
    }
    for (;;) {
      skipSpace()
      if (text[i] !== '"') {
        if (text[i] === '}' && entries.length > 0) fail("a trailing comma before '}' (JSON allows none)", lastComma)
        fail(`expected a property name in double quotes, found ${describeChar(text[i])}`)
      }
      const keyStart = i
      const key = parseString()
      const keySpan = { start: keyStart, end: i }
      const first = seen.get(key)
      if (first !== undefined) duplicates.push({ key, first, second: keyStart })
      else seen.set(key, keyStart)
      skipSpace()
      if (text[i] !== ':') fail(`expected ':' after the property name "${key}", found ${describeChar(text[i])}`)
      i++
      const value = parseValue(depth + 1)
      entries.push({ key, keySpan, value })
      skipSpace()
      if (text[i] === ',') {
        lastComma = i
        i++
        continue
      }
      if (text[i] === '}') {
        i++
        return { kind: 'object', entries, start, end: i }
      }
      fail(text[i] === '"' ? "expected ',' between properties (a comma is missing)" : `expected ',' or '}' after a property value, found ${describeChar(text[i])}`)
    }
  }

  function parseArray(depth: number): JsonArray {
    const start = i
    i++
    const items: JsonNode[] = []
    let lastComma = -1
    skipSpace()
    if (text[i] === ']') {
      i++
      return { kind: 'array', items, start, end: i }
    }
    for (;;) {
      skipSpace()
      if (text[i] === ']' && items.length > 0) fail("a trailing comma before ']' (JSON allows none)", lastComma)
      items.push(parseValue(depth + 1))
      skipSpace()
      if (text[i] === ',') {
        lastComma = i
        i++
        continue
      }
      if (text[i] === ']') {
        i++
        return { kind: 'array', items, start, end: i }
      }
      fail(`expected ',' or ']' after an array element, found ${describeChar(text[i])}`)
    }
  }

  function parseString(): string {
    const open = i
    i++
    let out = ''
    for (;;) {
      const c = text[i]
      if (c === undefined) fail('a string is not closed (the closing " is missing)', open)
      if (c === '"') {
        i++
        return out
      }
      if (c === '\\') {
        const e = text[i + 1]
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }
        if (e !== undefined && e in simple) {
          out += simple[e]
          i += 2
          continue
        }
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16))
          i += 6
          continue
        }
        fail(`an invalid escape sequence \\${e ?? ''} in a string`)
      }
      if (c === '\n' || c === '\r') fail('a string is not closed before the end of the line', open)
      if (c < ' ') fail('a control character inside a string (escape it)')
      out += c
      i++
    }
  }

  function parseNumber(): JsonScalar {
    const match = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 400))
    if (!match) fail(`an invalid number`)
    const start = i
    i += match![0].length
    if (/^[0-9.a-zA-Z_]/.test(text[i] ?? '')) fail('an invalid number')
    return { kind: 'number', value: Number(match![0]), start, end: i }
  }

  try {
    const root = parseValue(0)
    skipSpace()
    if (i < text.length) fail(`unexpected ${describeChar(text[i])} after the end of the JSON value`)
    return { ok: true, root, duplicates }
  } catch (error) {
    if (error instanceof Failure) return { ok: false, error: { message: error.message, offset: error.offset } }
    throw error
  }
}

/** The plain value of a node (objects with repeated keys keep the last, as Go does). */
export function toPlain(node: JsonNode): unknown {
  if (node.kind === 'object') return Object.fromEntries(node.entries.map((e) => [e.key, toPlain(e.value)]))
  if (node.kind === 'array') return node.items.map(toPlain)
  return node.value
}

/** The value of a key of an object node (the last one when repeated). */
export function member(node: JsonNode | undefined, key: string): JsonEntry | undefined {
  if (node?.kind !== 'object') return undefined
  for (let n = node.entries.length - 1; n >= 0; n--) if (node.entries[n].key === key) return node.entries[n]
  return undefined
}

/** Calls `visit` for every string in the tree with the path that leads to it. */
export function walkStrings(node: JsonNode, visit: (value: string, node: JsonScalar, path: Array<string | number>) => void, path: Array<string | number> = []): void {
  if (node.kind === 'object') for (const e of node.entries) walkStrings(e.value, visit, [...path, e.key])
  else if (node.kind === 'array') node.items.forEach((item, n) => walkStrings(item, visit, [...path, n]))
  else if (node.kind === 'string') visit(node.value as string, node, path)
}

/** Counts lines and columns from 1; columns count UTF-16 code units, as editors mostly do. */
export class LineIndex {
  private readonly starts: number[] = [0]
  constructor(text: string) {
    for (let n = 0; n < text.length; n++) if (text[n] === '\n') this.starts.push(n + 1)
  }
  position(offset: number): { line: number; column: number } {
    let low = 0
    let high = this.starts.length - 1
    while (low < high) {
      const mid = (low + high + 1) >> 1
      if (this.starts[mid] <= offset) low = mid
      else high = mid - 1
    }
    return { line: low + 1, column: offset - this.starts[low] + 1 }
  }
  offset(line: number): number {
    return this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))]
  }
}
