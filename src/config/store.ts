import { crypto } from '../lib/crypto.js'
import { readdirSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { hostname } from 'node:os'
import { failed, GalleyError, invalid } from '../lib/errors.js'
import { abandonedIn, ensurePrivateDir, ensureStateDir, isWorkDirName, removeTree, syncDirectory, writeFileAtomic } from '../lib/fs-safe.js'
import { finishAbandoned, type SwapKind } from '../lib/swap.js'
import { YamlEditor } from './edit.js'
import { DEFAULT_HALCONFIG_TEXT } from './halconfig.js'
import { acquireLock } from './lock.js'
import { assertDirectoryOrAbsent, deploymentNameProblem, deploymentPaths, halPaths } from './paths.js'
import { parseForReading } from './fast-read.js'
import { assertMappingRoot, parseYaml, readIfExists, type ParsedYaml } from './source.js'

/** The halconfig of a hal directory as read from disk (or the default when there is none). */
export interface LoadedHalconfig {
  halDir: string
  file: string
  /** False when there is no `config` yet and this is the in-memory default. */
  exists: boolean
  parsed: ParsedYaml
}

/**
 * Where a config file's lock and undo history are. For a hal directory: its `config`,
 * `.galley/lock` and `.galley/undo`. For another file given with --file: see files.ts.
 */
export interface StorePaths {
  config: string
  lock: string
  undo: string
}

/** How many previous versions `hal config undo` can go back through. */
const UNDO_DEPTH = 50

export function checkHalDir(halDir: string): void {
  const paths = halPaths(halDir)
  assertDirectoryOrAbsent(paths.root)
  assertDirectoryOrAbsent(paths.galley)
}

/** Reads the halconfig without taking the lock (for commands that only look). */
export function readHalconfig(halDir: string, options: { forReading?: boolean } = {}): LoadedHalconfig {
  checkHalDir(halDir)
  const file = halPaths(halDir).config
  const text = readIfExists(file)
  const parsed = parseForReading(text ?? DEFAULT_HALCONFIG_TEXT, file)
  assertMappingRoot(parsed, 'the halconfig')
  return { halDir, file, exists: text !== undefined, parsed }
}

export interface UpdateOutcome<T> {
  result: T
  /** False when the edit changed nothing: the file was not touched. */
  changed: boolean
  file: string
  /** How each edit was made (byte-preserving patch, or a re-render fallback). */
  edits: YamlEditor['log']
}

export interface UpdateOptions {
  /** Checks the edited config before it is written; throw to refuse the write. */
  check?: (edited: ParsedYaml, loaded: LoadedHalconfig) => void
  /** What the undo history says the edit was (e.g. the command line). */
  reason?: string
}

/**
 * The one write path. Under the hal directory's lock: re-read the config, apply the edit,
 * check it, keep the previous version for `hal config undo`, then replace the file atomically.
 * A failure at any step leaves the file as it was.
 */
export async function updateHalconfig<T>(
  halDir: string,
  edit: (editor: YamlEditor, loaded: LoadedHalconfig) => T | Promise<T>,
  options: UpdateOptions = {},
): Promise<UpdateOutcome<T>> {
  checkHalDir(halDir)
  const paths = halPaths(halDir)
  ensurePrivateDir(halDir)
  const lock = await acquireLock(paths.lock, halDir)
  try {
    recoverHalDir(halDir)
    const loaded = readHalconfig(halDir)
    const editor = new YamlEditor(loaded.parsed.text, loaded.file, loaded.parsed)
    const result = await edit(editor, loaded)
    if (!editor.changed) return { result, changed: false, file: loaded.file, edits: editor.log }
    options.check?.(editor.current, loaded)
    // Undo history first as a pending entry, then the config in one rename, then the entry is
    // committed: a kill in between leaves a pending entry that recoverHalDir settles by the config.
    const pending = writePendingUndo(paths, loaded.exists ? loaded.parsed.text : null, editor.text, options.reason)
    writeFileAtomic(loaded.file, editor.text, 0o600)
    commitUndo(paths, pending)
    return { result, changed: true, file: loaded.file, edits: editor.log }
  } finally {
    lock.release()
  }
}

// ---------------------------------------------------------------- what killed commands left

/** Where a killed write command can have left something, besides the packer directories. */
function transientDirs(halDir: string): string[] {
  const paths = halPaths(halDir)
  const dirs = [halDir, paths.galley, paths.undo]
  try {
    // A halconfig that is a link is replaced beside its target: its temp files are there.
    const real = dirname(realpathSync(paths.config))
    if (real !== halDir) dirs.push(real)
  } catch {
    // no config
  }
  return dirs
}

/** The packer directories of the deployment directories on disk (template staging lives there). */
function packerDirsOnDisk(halDir: string): string[] {
  let names: string[]
  try {
    names = readdirSync(halDir)
  } catch {
    return []
  }
  const out: string[] = []
  for (const name of names) {
    if (name.startsWith('.')) continue
    try {
      const packer = deploymentPaths(halDir, name).packer
      if (statSync(packer).isDirectory()) out.push(realpathSync(packer))
    } catch {
      // not a deployment directory, or no custom templates
    }
  }
  return out
}

/**
 * Settles what write commands killed part-way left behind; called under the lock by every write
 * command before it reads anything. Entries carry their process's pid (see fs-safe), so only
 * those of processes that are gone are touched:
 * - temp files (config, undo entries, lock tokens) are removed: their rename never happened;
 * - work directories (restore in the hal directory, template staging in a packer directory) are
 *   rolled forward when they hold a journal (the change was decided), else removed; a journal
 *   galley would not have written (a path outside its directory) stops the command (lib/swap.ts);
 * - undo entries are settled by the config itself (see settleUndo).
 */
export function recoverHalDir(halDir: string): void {
  // Each work directory is finished only where galley makes its kind (restore in the hal
  // directory, template staging in a packer directory); anywhere else it is left alone.
  const workIn = new Map<string, SwapKind>([[halDir, 'restore']])
  for (const dir of packerDirsOnDisk(halDir)) workIn.set(dir, 'staging')
  for (const dir of new Set([...transientDirs(halDir), ...workIn.keys()])) {
    for (const path of abandonedIn(dir)) {
      if (!isWorkDirName(basename(path))) {
        if (!waitingElsewhere(path)) removeTree(path)
        continue
      }
      const kind = workIn.get(dir)
      if (kind) finishAbandoned(path, kind)
    }
  }
  settleUndo(halPaths(halDir))
}

/**
 * A lock token of a hal on another host (another container sharing the volume) waits for the
 * lock: its pid means nothing here, so it is left to its owner.
 */
function waitingElsewhere(path: string): boolean {
  if (!basename(path).startsWith('.lock.tmp-')) return false
  try {
    const owner = JSON.parse(readFileSync(path, 'utf8')) as { host?: string }
    return typeof owner.host === 'string' && owner.host !== hostname()
  } catch {
    return false
  }
}

// ---------------------------------------------------------------- undo history

interface UndoEntry {
  savedAt: string
  reason?: string
  /** The config before the edit; null when the edit created it. */
  previous: string | null
  /** A fingerprint of the config the edit wrote, to notice changes made since by other means. */
  after: string
}

/**
 * `crc32:HEX:LENGTH` of a config: enough to notice a change made by other means (by hand, by
 * another tool), and a defence against no one (whoever can change the config can change the
 * history too). zlib is loaded at start-up anyway; node:crypto for a SHA-256 would cost every
 * write about 5 ms (Node 20). Entries of earlier versions hold a SHA-256, still understood.
 */
const fingerprint = (text: string) => `crc32:${process.getBuiltinModule('node:zlib').crc32(text).toString(16).padStart(8, '0')}:${Buffer.byteLength(text)}`
const SHA256 = /^[0-9a-f]{64}$/
const isFingerprint = (value: string) => SHA256.test(value) || /^crc32:[0-9a-f]{8}:\d+$/.test(value)
/** Whether a config is the one an entry's `after` describes. */
const wrote = (entry: UndoEntry, text: string) =>
  entry.after === (SHA256.test(entry.after) ? crypto().createHash('sha256').update(text).digest('hex') : fingerprint(text))

function undoEntries(paths: StorePaths): string[] {
  try {
    return readdirSync(paths.undo)
      .filter((name) => name.endsWith('.json'))
      .sort()
  } catch {
    return []
  }
}

/*
 * The undo history never names a change that did not happen:
 * - an edit writes its entry as NAME.pending, replaces the config, then renames the entry to
 *   NAME.json. A pending entry left by a kill is committed when the config is the one the edit
 *   wrote (its hash), else removed (the config was never replaced);
 * - an undo renames NAME.json to NAME.undoing, puts the previous config back, then removes the
 *   entry. An undoing entry left by a kill is removed when the config is the previous one (the
 *   undo happened), else renamed back to NAME.json (it did not).
 * Only `.json` entries count as history.
 */

function entryName(): string {
  // Sortable names: time, then a counter-like suffix so that two edits in one millisecond keep their order.
  return `${Date.now().toString().padStart(15, '0')}-${process.hrtime.bigint().toString().padStart(20, '0')}`
}

export function writePendingUndo(paths: StorePaths, previous: string | null, after: string, reason?: string): string {
  const dir = paths.undo
  ensureStateDir(dir)
  const entry: UndoEntry = { savedAt: new Date().toISOString(), reason, previous, after: fingerprint(after) }
  const name = entryName()
  writeFileAtomic(join(dir, `${name}.pending`), JSON.stringify(entry), 0o600, { followLink: false })
  return name
}

export function commitUndo(paths: StorePaths, name: string): void {
  const dir = paths.undo
  renameSync(join(dir, `${name}.pending`), join(dir, `${name}.json`))
  syncDirectory(dir)
  const entries = undoEntries(paths)
  for (const old of entries.slice(0, Math.max(0, entries.length - UNDO_DEPTH))) {
    try {
      unlinkSync(join(dir, old))
    } catch {
      // pruned by another process
    }
  }
}

/** An undo entry as galley writes it, or undefined for anything else (unreadable, not JSON, another shape). */
const readEntry = (file: string): UndoEntry | undefined => {
  try {
    const entry = JSON.parse(readFileSync(file, 'utf8')) as Partial<UndoEntry> | null
    if (typeof entry !== 'object' || entry === null) return undefined
    if (typeof entry.savedAt !== 'string' || typeof entry.after !== 'string' || !isFingerprint(entry.after)) return undefined
    if (entry.previous !== null && typeof entry.previous !== 'string') return undefined
    if (entry.reason !== undefined && typeof entry.reason !== 'string') return undefined
    return entry as UndoEntry
  } catch {
    return undefined
  }
}

/**
 * Why an entry's previous config must not be put back as it is. `damaged`: it is not YAML
 * with a mapping at its root, which galley never records (it only edits configs that parse);
 * otherwise a deployment name that could not be a directory name (checked as a restore does).
 */
function previousProblem(text: string, entryFile: string): { message: string; damaged: boolean } | undefined {
  let parsed: ParsedYaml
  try {
    parsed = parseYaml(text, `${entryFile} (previous)`)
    assertMappingRoot(parsed, 'the previous halconfig')
  } catch (error) {
    return { message: `is not YAML with a mapping at its root (${(error as Error).message})`, damaged: true }
  }
  const deployments = (parsed.value as { deploymentConfigurations?: unknown } | null)?.deploymentConfigurations
  if (!Array.isArray(deployments)) return undefined
  for (const deployment of deployments) {
    const name = (deployment as { name?: unknown } | null)?.name
    const problem = typeof name === 'string' ? deploymentNameProblem(name) : undefined
    if (problem) return { message: `names a deployment ${JSON.stringify(name)}: ${problem}`, damaged: false }
  }
  return undefined
}

/**
 * Moves a damaged undo entry out of the history (NAME.damaged beside it, kept for the user), so
 * that undo is not stuck on it; the error says so. Nothing else is changed.
 */
function setAside(paths: StorePaths, entryFile: string, why: string): GalleyError {
  const aside = entryFile.replace(/\.json$/, '.damaged')
  renameSync(entryFile, aside)
  syncDirectory(dirname(entryFile))
  return failed(`the newest undo entry ${entryFile} is damaged: ${why}; nothing was changed`, {
    code: 'UNDO_ENTRY_DAMAGED',
    remediation: `It was set aside as ${aside} (no longer part of the history). Check ${paths.config}, then run hal config undo again to undo the edit before it, if that is what you want.`,
    data: { file: entryFile, aside },
  })
}

/** Settles the pending and undoing entries a killed command left (see above). */
export function settleUndo(paths: StorePaths): void {
  let names: string[]
  try {
    names = readdirSync(paths.undo)
  } catch {
    return
  }
  const current = readIfExists(paths.config)
  for (const name of names.sort()) {
    const file = join(paths.undo, name)
    const base = name.replace(/\.(pending|undoing)$/, '')
    if (base === name) continue
    const entry = readEntry(file)
    if (name.endsWith('.pending')) {
      if (entry && current !== undefined && wrote(entry, current)) renameSync(file, join(paths.undo, `${base}.json`))
      else unlinkSync(file)
    } else {
      const undone = entry && (entry.previous === null ? current === undefined : current === entry.previous)
      if (undone || !entry) unlinkSync(file)
      else renameSync(file, join(paths.undo, `${base}.json`))
    }
  }
  syncDirectory(paths.undo)
}

export interface UndoOutcome {
  file: string
  /** When the undone edit was made, and what it was. */
  savedAt: string
  reason?: string
  /** True when undo removed a config that the undone edit had created. */
  removed: boolean
  remaining: number
}

/** Puts back the config as it was before galley's last write. */
export async function undoLastWrite(halDir: string, force = false): Promise<UndoOutcome> {
  checkHalDir(halDir)
  ensurePrivateDir(halDir)
  return undoLastWriteAt(halPaths(halDir), halDir, () => recoverHalDir(halDir), force)
}

/**
 * Puts back the file at `paths.config` as it was before galley's last write to it, under its
 * lock; `recover` settles what killed commands left first. `where` names it in messages.
 */
export async function undoLastWriteAt(
  paths: StorePaths,
  where: string,
  recover: () => void,
  force = false,
  problemOf: (text: string, entryFile: string) => { message: string; damaged: boolean } | undefined = previousProblem,
): Promise<UndoOutcome> {
  const lock = await acquireLock(paths.lock, where)
  try {
    recover()
    const entries = undoEntries(paths)
    const newest = entries[entries.length - 1]
    if (!newest) {
      throw failed(`nothing to undo in ${where}`, {
        code: 'NOTHING_TO_UNDO',
        remediation: 'Only changes made by hal (galley) can be undone.',
      })
    }
    const entryFile = join(paths.undo, newest)
    const entry = readEntry(entryFile)
    if (!entry) throw setAside(paths, entryFile, 'it is not an undo entry galley wrote (it cannot be read as one)')
    const problem = entry.previous === null ? undefined : problemOf(entry.previous, entryFile)
    if (problem?.damaged) throw setAside(paths, entryFile, `the config it would put back ${problem.message}`)
    if (problem && !force) {
      throw invalid(`the undo entry ${entryFile} would put back a config that ${problem.message}; nothing was changed`, {
        code: 'UNDO_PREVIOUS_INVALID',
        remediation: 'Check the entry\'s "previous" text, then run hal config undo --force to write it anyway.',
        data: { file: entryFile },
      })
    }
    const current = readIfExists(paths.config)
    if (!force && (current === undefined || !wrote(entry, current))) {
      throw failed(`${paths.config} has changed since hal last wrote it; undo would lose those changes`, {
        code: 'UNDO_CONFLICT',
        remediation: 'Check the file, then run hal config undo --force to restore the previous version anyway.',
      })
    }
    // NAME.undoing while the config is put back: settleUndo decides a kill's outcome by the config.
    const undoing = entryFile.replace(/\.json$/, '.undoing')
    renameSync(entryFile, undoing)
    let removed = false
    try {
      if (entry.previous === null) {
        try {
          unlinkSync(paths.config)
          removed = true
        } catch {
          // already gone
        }
      } else {
        writeFileAtomic(paths.config, entry.previous, 0o600)
      }
    } catch (error) {
      renameSync(undoing, entryFile) // the config was not replaced: the entry stays history
      throw error
    }
    unlinkSync(undoing)
    syncDirectory(paths.undo)
    return { file: paths.config, savedAt: entry.savedAt, reason: entry.reason, removed, remaining: entries.length - 1 }
  } finally {
    lock.release()
  }
}
