import { LineCounter, parseAllDocuments, type Document } from 'yaml'
import { invalid } from '../lib/errors.js'
import { noteSecretsInText, noteSecretsInValue } from '../lib/redact.js'
import { snakeYamlOptions, SNAKEYAML_JS_SCHEMA } from '../lib/snakeyaml.js'
import { loadAll } from 'js-yaml'
import { FAST_READ_BYTES, parseForReading } from './fast-read.js'
import { codeFrame, findAliasBomb, findDuplicateKey, parseYaml, positionAt, type ParsedYaml } from './source.js'

/** A `---` line that starts a further document (not the first line's). */
const SEPARATOR = /\n---(?:[ \t].*)?\r?\n/

/**
 * The YAML documents of a file, each with positions in the file as a whole: a kustomize file of
 * several manifests, or (most often) one document. Errors are reported as parseYaml reports them.
 */
export function parseDocuments(text: string, file: string): ParsedYaml[] {
  if (!SEPARATOR.test(text)) return [parseForReading(text, file)]
  const lineCounter = new LineCounter()
  const docs = parseAllDocuments(text, { ...snakeYamlOptions(), lineCounter, uniqueKeys: false, prettyErrors: false }) as Document[] | { errors: unknown[] }
  const fail = (offset: number, message: string, code: string, remediation: string) => {
    noteSecretsInText(text)
    const { line, column } = positionAt({ lineCounter }, offset)
    return invalid(`${file}:${line}:${column}: ${message}`, { code, remediation, detail: codeFrame(text, line, column), data: { file, line, column } })
  }
  if (!Array.isArray(docs)) throw fail(0, 'the file is not a YAML stream', 'YAML_SYNTAX', 'Fix the YAML; nothing was written.')
  const parsed: ParsedYaml[] = []
  for (const doc of docs) {
    const error = doc.errors[0] ?? doc.warnings[0]
    if (error) {
      const tag = doc.errors.length === 0
      throw fail(error.pos[0], error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''), tag ? 'YAML_TAG' : 'YAML_SYNTAX', tag ? 'Remove the tag; these files hold plain values.' : 'Fix the YAML at that position; nothing was written.')
    }
    const duplicate = findDuplicateKey(doc)
    if (duplicate) {
      const first = positionAt({ lineCounter }, duplicate.first)
      throw fail(duplicate.second, `duplicate key "${duplicate.key}" (first defined at line ${first.line}, column ${first.column})`, 'YAML_DUPLICATE_KEY', 'Keep one of the two entries; YAML readers disagree on which one wins.')
    }
    const { bomb } = findAliasBomb(doc, text.length)
    if (bomb) throw fail(bomb.offset, `the alias *${bomb.name} makes the document expand past ${bomb.budget} characters`, 'YAML_ALIAS_BUDGET', 'Write the repeated values out; nothing was read or written.')
    const value = doc.toJS({ maxAliasCount: 1000 }) ?? null
    noteSecretsInValue(value)
    parsed.push({ file, text, doc, lineCounter, value })
  }
  return parsed
}

/** A file's documents: their values (to tell its kind) and each one parsed with positions, when asked. */
export interface FileDocuments {
  values: unknown[]
  parsed(index: number): ParsedYaml
}

/**
 * Like parseDocuments, but a large file of several documents is not built whole with the Document
 * API (seconds and hundreds of MB for a few MB of manifests): js-yaml reads the values, and only
 * the document asked for is parsed with positions, the others blanked out so that every offset,
 * line and column stays that of the file.
 */
export function readDocuments(text: string, file: string): FileDocuments {
  if (text.length >= FAST_READ_BYTES && SEPARATOR.test(text)) {
    const large = largeDocuments(text, file)
    if (large) return large
  }
  const docs = parseDocuments(text, file)
  return { values: docs.map((d) => d.value), parsed: (index) => docs[index] }
}

function largeDocuments(text: string, file: string): FileDocuments | undefined {
  let values: unknown[]
  try {
    values = []
    loadAll(text, (value) => values.push(value), { schema: SNAKEYAML_JS_SCHEMA, json: true })
  } catch {
    return undefined // parseDocuments reports the error where it is
  }
  // Where each document starts: at every "---" line but one on the first line.
  const starts = [0]
  for (const match of text.matchAll(/^---(?=[ \t\r\n]|$)/gm)) if (match.index! > 0) starts.push(match.index!)
  if (starts.length !== values.length) return undefined // a "---" inside a block scalar: read it whole
  const cache = new Map<number, ParsedYaml>()
  const blank = (part: string) => part.replace(/[^\n]/g, ' ')
  return {
    values,
    parsed(index) {
      const known = cache.get(index)
      if (known) return known
      const from = starts[index]
      const to = index + 1 < starts.length ? starts[index + 1] : text.length
      const masked = blank(text.slice(0, from)) + text.slice(from, to) + blank(text.slice(to))
      const parsed = parseYaml(masked, file)
      cache.set(index, parsed)
      return parsed
    },
  }
}
