import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, unlinkSync } from 'node:fs'
import { join } from 'node:path'
import { failed } from '../lib/errors.js'
import { ensurePrivateDir, writeFileAtomic } from '../lib/fs-safe.js'
import { YamlEditor } from './edit.js'
import { DEFAULT_HALCONFIG_TEXT } from './halconfig.js'
import { acquireLock, processExists } from './lock.js'
import { assertDirectoryOrAbsent, halPaths } from './paths.js'
import { parseForReading } from './fast-read.js'
import { assertMappingRoot, readIfExists, type ParsedYaml } from './source.js'

/** The halconfig of a hal directory as read from disk (or the default when there is none). */
export interface LoadedHalconfig {
  halDir: string
  file: string
  /** False when there is no `config` yet and this is the in-memory default. */
  exists: boolean
  parsed: ParsedYaml
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
    removeAbandonedTempFiles(halDir)
    const loaded = readHalconfig(halDir)
    const editor = new YamlEditor(loaded.parsed.text, loaded.file, loaded.parsed)
    const result = await edit(editor, loaded)
    if (!editor.changed) return { result, changed: false, file: loaded.file, edits: editor.log }
    options.check?.(editor.current, loaded)
    recordUndo(halDir, loaded.exists ? loaded.parsed.text : null, editor.text, options.reason)
    writeFileAtomic(loaded.file, editor.text, 0o600)
    return { result, changed: true, file: loaded.file, edits: editor.log }
  } finally {
    lock.release()
  }
}

/**
 * A write killed between creating its temp file and renaming it leaves `.config.tmp-PID-...`
 * behind. Under the lock, no live writer owns one, so those of dead processes are removed.
 */
function removeAbandonedTempFiles(halDir: string): void {
  let names: string[]
  try {
    names = readdirSync(halDir)
  } catch {
    return
  }
  for (const name of names) {
    const match = /^\.config\.tmp-(\d+)-[0-9a-f]+$/.exec(name)
    if (!match) continue
    if (!processExists(Number(match[1]))) {
      try {
        unlinkSync(join(halDir, name))
      } catch {
        // gone already
      }
    }
  }
}

// ---------------------------------------------------------------- undo history

interface UndoEntry {
  savedAt: string
  reason?: string
  /** The config before the edit; null when the edit created it. */
  previous: string | null
  /** A hash of the config the edit wrote, to notice changes made since by other means. */
  after: string
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

function undoEntries(halDir: string): string[] {
  try {
    return readdirSync(halPaths(halDir).undo)
      .filter((name) => name.endsWith('.json'))
      .sort()
  } catch {
    return []
  }
}

function recordUndo(halDir: string, previous: string | null, after: string, reason?: string): void {
  const dir = halPaths(halDir).undo
  ensurePrivateDir(dir)
  const entry: UndoEntry = { savedAt: new Date().toISOString(), reason, previous, after: sha256(after) }
  // Sortable names: time, then a counter-like suffix so that two edits in one millisecond keep their order.
  const name = `${Date.now().toString().padStart(15, '0')}-${process.hrtime.bigint().toString().padStart(20, '0')}.json`
  writeFileAtomic(join(dir, name), JSON.stringify(entry), 0o600)
  const entries = undoEntries(halDir)
  for (const old of entries.slice(0, Math.max(0, entries.length - UNDO_DEPTH))) {
    try {
      unlinkSync(join(dir, old))
    } catch {
      // pruned by another process
    }
  }
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
  const paths = halPaths(halDir)
  const lock = await acquireLock(paths.lock, halDir)
  try {
    const entries = undoEntries(halDir)
    const newest = entries[entries.length - 1]
    if (!newest) {
      throw failed(`nothing to undo in ${halDir}`, {
        code: 'NOTHING_TO_UNDO',
        remediation: 'Only changes made by hal (galley) can be undone.',
      })
    }
    const entryFile = join(paths.undo, newest)
    const entry = JSON.parse(readFileSync(entryFile, 'utf8')) as UndoEntry
    const current = readIfExists(paths.config)
    if (!force && (current === undefined || sha256(current) !== entry.after)) {
      throw failed(`${paths.config} has changed since hal last wrote it; undo would lose those changes`, {
        code: 'UNDO_CONFLICT',
        remediation: 'Check the file, then run hal config undo --force to restore the previous version anyway.',
      })
    }
    let removed = false
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
    unlinkSync(entryFile)
    return { file: paths.config, savedAt: entry.savedAt, reason: entry.reason, removed, remaining: entries.length - 1 }
  } finally {
    lock.release()
  }
}
