import { existsSync, realpathSync, statSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { parseAllDocuments } from 'yaml'
import { failed, invalid, usage } from '../lib/errors.js'
import { abandonedIn, ensureStateDir, removeTree, writeFileAtomic } from '../lib/fs-safe.js'
import { snakeYamlOptions } from '../lib/snakeyaml.js'
import type { YamlEditor } from './edit.js'
import { editorFor, SERVICE_CONFIG } from './service.js'
import { isPlainObject, type Plain } from '../model/plain.js'
import { selectDeployment, type DeploymentRef } from './halconfig.js'
import { describeKind, detectKind, type DetectedKind, type DocumentKind } from './kinds.js'
import { acquireLock } from './lock.js'
import { deploymentNameProblem, deploymentPaths, halPaths } from './paths.js'
import { parseForReading } from './fast-read.js'
import { assertMappingRoot, readTextFile, type ParsedYaml } from './source.js'
import { commitUndo, settleUndo, undoLastWrite, undoLastWriteAt, updateHalconfig, writePendingUndo, type StorePaths, type UndoOutcome, type UpdateOutcome } from './store.js'

/**
 * `--file FILE`: the config commands acting on one file in place, whatever kind of document it
 * is (SPEC.md §13). A halconfig is edited like the hal directory's; a bare deployment is the
 * deployment itself; a SpinnakerService manifest (alone or one document of several) holds its
 * deployment at spec.spinnakerConfig.config, and only that document's text is ever changed.
 *
 * Lock and undo history: a file named `config` is its directory's halconfig, with the hal
 * directory's own lock and history (so `hal config undo --hal-dir DIR` undoes it too). Any
 * other FILE keeps them beside it, in `.galley/files/NAME/` (lock, undo/): one history per
 * file, so `hal config undo --file FILE` undoes FILE's last edit and nothing else.
 */

/** The kinds a config command can act on. */
export const EDITABLE_KINDS: readonly DocumentKind[] = ['halconfig', 'deployment', 'spinnaker-service']


export interface ConfigFile {
  file: string
  /** The whole file. */
  text: string
  detected: DetectedKind
  /** The text galley reads and edits: one document of the file, from `start` to `end`. */
  start: number
  end: number
  /**
   * That document parsed. Its text is the document preceded by as many newlines as there are
   * lines before it, so that every line and column is the file's own.
   */
  parsed: ParsedYaml
  /** Newlines put before the document's text (see parsed). */
  padding: number
  /** `json` when the document is a JSON text (edits keep it JSON). */
  format: 'yaml' | 'json'
}

/** The lines of a document marker (`---` or `...`) that start or end a document's text. */
function documentBounds(text: string, range: [number, number, number]): { start: number; end: number } {
  let start = range[0]
  let end = range[2]
  const marker = /^---[ \t]*(#[^\n]*)?(\r?\n|$)/.exec(text.slice(start, end))
  if (marker) start += marker[0].length
  const trailer = /(^|\n)\.\.\.[ \t]*(#[^\n]*)?\r?\n?$/.exec(text.slice(start, end))
  if (trailer) end = start + trailer.index + trailer[1].length
  return { start, end }
}

/** Reads FILE and finds the document galley acts on. Nothing is written. */
export function openConfigFile(file: string): ConfigFile {
  const text = readTextFile(file)
  // One document (the usual case): read once, with the alias budget and every check of a halconfig.
  const whole = /^(---|\.\.\.)([ \t#\r\n]|$)/m.test(text.replace(/^(%[^\n]*\n|#[^\n]*\n|\s*\n)*---[^\n]*\n/, '')) ? undefined : parseForReading(text, file)
  const all = whole ? [] : parseAllDocuments(text, { ...snakeYamlOptions(), uniqueKeys: false })
  const docs = Array.isArray(all) ? all : []
  const values = whole ? [whole.value] : docs.map((doc) => {
    try {
      // Only to tell the kind: the document galley acts on is read again with every check.
      return doc.errors.length > 0 ? undefined : doc.toJS({ maxAliasCount: 100 })
    } catch {
      return undefined
    }
  })
  const detected = detectKind(file, text, values)
  if (whole) {
    if (detected.kind !== 'packer-template') assertMappingRoot(whole, describeKind(file, detected).replace(/^Read .* as /, '').replace(/ \(.*$/, ''))
    const format = /^\s*\{[\s\S]*\}\s*$/.test(text) || (/\.json$/i.test(file) && /^\s*[{[]/.test(text)) ? 'json' : 'yaml'
    return { file, text, detected, start: 0, end: text.length, parsed: whole, padding: 0, format }
  }
  const index = detected.documentIndex ?? 0
  const doc = docs[index]
  const { start, end } = doc && docs.length > 1 ? documentBounds(text, doc.range) : doc ? documentBounds(text, [0, 0, text.length]) : { start: 0, end: text.length }
  const before = text.slice(0, start)
  const padding = before.split('\n').length - 1
  // A document starting mid-line (`--- {a: 1}`) cannot be padded to its own lines: read it whole.
  const own = before.length === 0 || before.endsWith('\n') ? '\n'.repeat(padding) + text.slice(start, end) : text
  const parsed = parseForReading(own, file)
  if (detected.kind !== 'packer-template') assertMappingRoot(parsed, describeKind(file, detected).replace(/^Read .* as /, '').replace(/ \(.*$/, ''))
  const format = /^\s*[{[]/.test(text.slice(start, end)) && /\.json$/i.test(file) ? 'json' : /^\s*\{[\s\S]*\}\s*$/.test(text.slice(start, end)) ? 'json' : 'yaml'
  return { file, text, detected, start, end, parsed, padding: own === text ? 0 : padding, format }
}

/** The document's text with an edited version of it in its place: every other byte as it was. */
function spliceInto(opened: ConfigFile, edited: string): string {
  if (opened.padding === 0 && opened.parsed.text === opened.text) return edited
  const pad = '\n'.repeat(opened.padding)
  if (!edited.startsWith(pad)) {
    throw failed(`internal error: an edit of ${opened.file} changed the lines before its document`, { code: 'EDIT_FAILED', remediation: 'Nothing was written. Please report this.' })
  }
  let body = edited.slice(pad.length)
  // The next document's marker must stay at the start of a line.
  if (opened.end < opened.text.length && body.length > 0 && !body.endsWith('\n')) body += opened.text.includes('\r\n') ? '\r\n' : '\n'
  return opened.text.slice(0, opened.start) + body + opened.text.slice(opened.end)
}

/** Refuses the kinds config commands do not edit, with one sentence saying what the file is. */
export function assertEditable(opened: ConfigFile): void {
  if (EDITABLE_KINDS.includes(opened.detected.kind)) return
  const what = describeKind(opened.file, opened.detected)
  const hint: Partial<Record<DocumentKind, string>> = {
    rosco: 'Check it with hal config validate --file; the provider commands edit a halconfig, a bare deployment or a SpinnakerService manifest.',
    'packer-template': 'Check it with hal config bakery template lint, or install it with hal config bakery template add.',
    'pre-halyard': 'It predates Halyard: its settings must be carried over to a halconfig by hand.',
  }
  throw invalid(`${what} hal config commands act on a halconfig, a bare deployment or a SpinnakerService manifest; nothing was written`, {
    code: 'UNSUPPORTED_KIND',
    remediation: hint[opened.detected.kind] ?? 'Point --file at a halconfig, a bare deployment (YAML or JSON) or a SpinnakerService manifest.',
    data: { file: opened.file, kind: opened.detected.kind },
  })
}

/** The deployment a file holds: one of a halconfig's, or the one of a bare deployment or manifest. */
export function deploymentInFile(opened: Pick<ConfigFile, 'detected' | 'parsed' | 'file'>, requested?: string): DeploymentRef {
  const { kind } = opened.detected
  if (kind === 'halconfig') return selectDeployment(opened.parsed, requested)
  const root = opened.parsed.value
  const path = kind === 'spinnaker-service' ? SERVICE_CONFIG : []
  let value: unknown = root
  for (const segment of path) value = isPlainObject(value) ? value[segment as string] : undefined
  const plain: Plain = isPlainObject(value) ? value : {}
  const name = typeof plain.name === 'string' && plain.name !== '' ? plain.name : 'default'
  if (requested !== undefined && requested !== name) {
    throw failed(`deployment ${requested} not found: ${opened.file} holds one deployment, ${name}`, {
      code: 'DEPLOYMENT_NOT_FOUND',
      remediation: `Leave --deployment out, or pass --deployment ${name}.`,
      data: { deployment: requested, existing: [name] },
    })
  }
  return { name, index: 0, path, value: plain }
}

/**
 * The file itself, links resolved: its lock and undo history belong to the file, not to a name
 * of it (a link, /dev/stdin), or two writers through two names would not exclude each other.
 */
function realFile(file: string): string {
  try {
    return realpathSync(file)
  } catch {
    return resolve(file)
  }
}

/** Lock and undo history of a file (see the note at the top). */
export function storePathsFor(file: string): StorePaths & { galley: string; own: string } {
  const dir = dirname(file)
  if (basename(file) === 'config') {
    const hal = halPaths(dir)
    return { config: file, lock: hal.lock, undo: hal.undo, galley: hal.galley, own: hal.galley }
  }
  const own = join(dir, '.galley', 'files', basename(file))
  return { config: file, lock: join(own, 'lock'), undo: join(own, 'undo'), galley: join(dir, '.galley'), own }
}

/** Temp files of killed writers beside the file and in its history, then its undo entries. */
function recoverFile(paths: ReturnType<typeof storePathsFor>): void {
  for (const dir of [dirname(paths.config), paths.own, paths.undo]) {
    for (const path of abandonedIn(dir)) if (!/^\.galley-/.test(basename(path))) removeTree(path)
  }
  settleUndo(paths)
}

export interface FileUpdateOptions {
  check?: (edited: ParsedYaml, before: ConfigFile) => void
  reason?: string
}

/**
 * The one write path for --file: under the file's lock, re-read it, edit its document, check,
 * record the previous text for undo, replace the file atomically. A failure at any step leaves
 * the file as it was. A hal directory's `config` goes through the hal directory's own path.
 */
export async function updateConfigFile<T>(
  given: string,
  edit: (editor: YamlEditor, opened: ConfigFile) => T | Promise<T>,
  options: FileUpdateOptions = {},
): Promise<UpdateOutcome<T>> {
  const file = realFile(given)
  const paths = storePathsFor(file)
  if (basename(file) === 'config' && isHalconfigFile(file)) {
    return updateHalconfig(dirname(file), (editor) => {
      const opened = openConfigFile(file)
      return edit(editor, opened)
    }, { reason: options.reason, check: options.check ? (edited) => options.check!(edited, openConfigFile(file)) : undefined })
  }
  ensureStateDir(paths.own)
  const lock = await acquireLock(paths.lock, file)
  try {
    recoverFile(paths)
    const opened = openConfigFile(file)
    assertEditable(opened)
    const editor = editorFor(opened.detected.kind, opened.parsed.text, file, opened.parsed, opened.format)
    const result = await edit(editor, opened)
    if (!editor.changed) return { result, changed: false, file, edits: editor.log }
    options.check?.(editor.current, opened)
    const text = spliceInto(opened, editor.text)
    const pending = writePendingUndo(paths, opened.text, text, options.reason)
    writeFileAtomic(file, text, 0o600)
    commitUndo(paths, pending)
    return { result, changed: true, file, edits: editor.log }
  } finally {
    lock.release()
  }
}

/** `hal config undo --file FILE`. */
export async function undoConfigFile(given: string, force = false): Promise<UndoOutcome> {
  const file = realFile(given)
  if (basename(file) === 'config' && isHalconfigFile(file)) return undoLastWrite(dirname(file), force)
  const paths = storePathsFor(file)
  ensureStateDir(paths.own)
  return undoLastWriteAt(paths, file, () => recoverFile(paths), force, previousFileProblem)
}

/** A previous text galley recorded for a --file edit always parsed (every document of it). */
function previousFileProblem(text: string): { message: string; damaged: boolean } | undefined {
  const docs = parseAllDocuments(text, { ...snakeYamlOptions(), uniqueKeys: false })
  const bad = (Array.isArray(docs) ? docs : []).find((doc) => doc.errors.length > 0)
  return bad ? { message: `is not YAML (${bad.errors[0].message.split('\n')[0]})`, damaged: true } : undefined
}

/** A file named `config` that is a halconfig (or empty): its directory is then a hal directory. */
function isHalconfigFile(file: string): boolean {
  try {
    const opened = openConfigFile(file)
    return opened.detected.kind === 'halconfig'
  } catch {
    return false
  }
}

/**
 * The hal directory FILE sits in: its directory, when that holds a `config` and the
 * deployment's `profiles` directory beside it (FILE may be that config, or a copy of a
 * deployment kept there).
 */
export function halDirOfFile(file: string, deployment: string): string | undefined {
  const dir = dirname(resolve(file))
  if (deploymentNameProblem(deployment)) return undefined
  try {
    if (!statSync(join(dir, 'config')).isFile()) return undefined
    return statSync(deploymentPaths(dir, deployment).profiles).isDirectory() ? dir : undefined
  } catch {
    return undefined
  }
}

/** The --file path made absolute, and the one line every --file command prints on stderr. */
export function fileKindLineFor(given: string): { file: string; line: string } {
  if (given.trim() === '') {
    throw usage('--file "" is not a file name', { code: 'BAD_FILE', remediation: 'Give the path of the file to act on.' })
  }
  const file = resolve(given)
  const opened = openConfigFile(file)
  return { file, line: describeKind(given, opened.detected) }
}

export const fileExists = (file: string) => existsSync(file)
