import { randomHex } from './random.js'
import {
  closeSync, copyFileSync, fchmodSync, fsyncSync, linkSync, lstatSync, mkdirSync, openSync, readdirSync, readlinkSync, realpathSync,
  renameSync, rmSync, symlinkSync, unlinkSync, writeSync,
} from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { failed, ioError } from './errors.js'

/** Creates a directory (and its parents) readable only by its owner. */
export function ensurePrivateDir(path: string): void {
  try {
    mkdirSync(path, { recursive: true, mode: 0o700 })
  } catch (error) {
    throw ioError(error, path, 'create the directory')
  }
}

/**
 * Creates a directory of galley's own state (`.galley` and what is below it), 0700, one level at
 * a time. A part of it from `.galley` down that is a link, or not a directory, is refused: a
 * `.galley` link planted in a repository of manifests (git keeps links) would otherwise carry
 * the lock and undo copies (a file's full previous text) wherever it points.
 */
export function ensureStateDir(path: string): void {
  const at = path.split('/').indexOf('.galley')
  if (at <= 0) return ensurePrivateDir(path)
  const parts = path.split('/')
  ensurePrivateDir(parts.slice(0, at).join('/') || '/')
  for (let i = at; i < parts.length; i++) {
    const dir = parts.slice(0, i + 1).join('/')
    let stat
    try {
      stat = lstatSync(dir)
    } catch {
      try {
        mkdirSync(dir, { mode: 0o700 })
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw ioError(error, dir, 'create the directory')
      }
      stat = lstatSync(dir)
    }
    if (stat.isSymbolicLink() || !stat.isDirectory()) {
      throw failed(`${dir} is ${stat.isSymbolicLink() ? 'a link' : 'not a directory'}, where galley keeps its lock and undo history: it was not followed, and nothing was changed`, {
        code: 'FOREIGN_STATE_DIR',
        remediation: `galley creates ${dir} itself, as a private directory. Look at what is there, remove it (rm '${dir}'), and run the command again.`,
        data: { dir },
      })
    }
  }
}

/** Whether a process of this machine exists (EPERM: it does, owned by someone else). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

// ------------------------------------------------------------ names of transient files
//
// Everything a write command creates on the way (temp files, work directories) carries the pid
// of its process in its name, so that the next write command, under the hal directory's lock,
// can tell what a killed process left (its pid is gone) from what a live one is still using.
// Such files may hold secrets: they are created 0600 (files) and 0700 (directories).

const hex = () => randomHex(8)

/** `.NAME.tmp-PID-HEX`, in the directory of the file it will replace. */
export const tempNameFor = (target: string) => join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${hex()}`)

/** `.galley-KIND-PID-HEX`: a work directory inside the directory it changes. */
export const workDirName = (kind: 'staging' | 'restore' | 'generate') => `.galley-${kind}-${process.pid}-${hex()}`

const TRANSIENT = /^(?:\..*\.tmp-(\d+)-[0-9a-f]+|\.galley-(?:staging|restore|generate)-(\d+)-[0-9a-f]+)$/

/** The pid a transient name belongs to, or undefined when the name is not one of galley's. */
export function transientOwner(name: string): number | undefined {
  const match = TRANSIENT.exec(name)
  return match ? Number(match[1] ?? match[2]) : undefined
}

export const isWorkDirName = (name: string) => /^\.galley-(?:staging|restore|generate)-\d+-[0-9a-f]+$/.test(name)

/**
 * Whether one path segment is a name galley keeps for itself: its state directory `.galley`, a
 * `.galley-KIND-…` work directory (which may hold a journal the next command acts on) or a
 * `.NAME.tmp-PID-HEX` temp file (which the next command removes). Content brought in from
 * outside (a restored archive, a template directory) may carry none of these, at any depth.
 */
export const isReservedName = (segment: string) =>
  segment === '.galley' || /^\.galley-(?:staging|restore|generate)-/.test(segment) || /^\..*\.tmp-\d+-[0-9a-f]+$/.test(segment)

/** The first reserved segment of a relative path ('/'-separated), if any. */
export const reservedSegment = (path: string) => path.split('/').find(isReservedName)

/**
 * The transient entries of `dir` whose process is gone (full paths). A pid reused by another
 * process keeps its entries until that process ends too.
 */
export function abandonedIn(dir: string): string[] {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return []
  }
  return names
    .filter((name) => {
      const pid = transientOwner(name)
      return pid !== undefined && pid !== process.pid && !processExists(pid)
    })
    .map((name) => join(dir, name))
}

/** Removes a file or a directory tree; a missing one is fine. */
export function removeTree(path: string): void {
  rmSync(path, { recursive: true, force: true })
}

// ------------------------------------------------------------ atomic replacement

/** Follows a symbolic link so that a write replaces the target, not the link. */
function resolveTarget(path: string): string {
  try {
    return realpathSync(path)
  } catch {
    return path
  }
}

function writeAll(fd: number, bytes: Buffer): void {
  let written = 0
  while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written)
}

export interface AtomicWriteOptions {
  /**
   * True (the default): a link at `path` is followed and its target replaced (the halconfig may
   * be a link to another disk). False: a link is replaced by the file itself, never written through.
   */
  followLink?: boolean
  /** Set the mode exactly, even when the file exists with another one. */
  exactMode?: boolean
}

/**
 * Replaces a file so that readers see the old bytes or the new bytes, never a mix:
 * temp file (0600 or the final mode) in the same directory as the file, fsync, rename, fsync
 * the directory. One rename on the file's own file system, so never EXDEV.
 * An existing file keeps its mode unless `exactMode`; a new one gets `mode` (0600 unless told).
 */
export function writeFileAtomic(path: string, data: string | Buffer, mode = 0o600, options: AtomicWriteOptions = {}): void {
  const target = options.followLink === false ? path : resolveTarget(path)
  const dir = dirname(target)
  let fileMode = mode
  if (!options.exactMode) {
    try {
      const stat = lstatSync(target)
      if (stat.isFile()) fileMode = stat.mode & 0o7777
    } catch {
      // a new file
    }
  }
  const temp = tempNameFor(target)
  let fd: number | undefined
  try {
    fd = openSync(temp, 'wx', 0o600)
    writeAll(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data)
    // The final mode only once the content is complete; exact whatever the umask.
    if (fileMode !== 0o600) fchmodSync(fd, fileMode)
    fsyncSync(fd)
    closeSync(fd)
    fd = undefined
    renameSync(temp, target)
  } catch (error) {
    if (fd !== undefined) closeSync(fd)
    try {
      unlinkSync(temp)
    } catch {
      // never created
    }
    throw ioError(error, target, 'write')
  }
  syncDirectory(dir)
}

/** Makes a rename durable. Some file systems refuse to fsync a directory; that is not an error. */
export function syncDirectory(dir: string): void {
  let fd: number | undefined
  try {
    fd = openSync(dir, 'r')
    fsyncSync(fd)
  } catch {
    // best effort
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

/** fsyncs every file and directory of a tree, so that a journal written after it never names content not on disk. */
export function syncTree(path: string): void {
  const stat = lstatSync(path)
  if (stat.isDirectory()) {
    for (const name of readdirSync(path)) syncTree(join(path, name))
    syncDirectory(path)
  } else if (stat.isFile()) {
    const fd = openSync(path, 'r')
    try {
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
  }
}

const isCrossDevice = (error: unknown) => (error as NodeJS.ErrnoException).code === 'EXDEV'

/** Copies a file or a tree (links copied as links), keeping modes; fsynced. */
function copyTree(from: string, to: string): void {
  const stat = lstatSync(from)
  if (stat.isDirectory()) {
    mkdirSync(to, { mode: 0o700 })
    for (const name of readdirSync(from)) copyTree(join(from, name), join(to, name))
    chmodPath(to, stat.mode & 0o7777)
  } else if (stat.isSymbolicLink()) {
    symlinkSync(readlinkSync(from), to)
  } else {
    copyFileSync(from, to)
    chmodPath(to, stat.mode & 0o7777)
  }
  syncTree(to)
}

function chmodPath(path: string, mode: number): void {
  const fd = openSync(path, 'r')
  try {
    fchmodSync(fd, mode)
  } finally {
    closeSync(fd)
  }
}

/**
 * rename(2), and when `from` and `to` are on different file systems (EXDEV: a directory that is a
 * mount point, a link to another disk), a copy into a temp name beside `to`, then one rename on
 * `to`'s own file system: `to` still changes in one step. The source is removed last.
 */
export function moveInto(from: string, to: string): void {
  try {
    renameSync(from, to)
    return
  } catch (error) {
    if (!isCrossDevice(error)) throw error
  }
  const temp = tempNameFor(to)
  try {
    copyTree(from, temp)
    renameSync(temp, to)
  } catch (error) {
    removeTree(temp)
    throw error
  }
  syncDirectory(dirname(to))
  removeTree(from)
}

/**
 * Makes `copy` another name of the file `path` (a hard link: no bytes move), or when the two are
 * on different file systems, a complete copy that appears in one rename.
 */
export function keepCopy(path: string, copy: string): void {
  try {
    linkSync(path, copy)
    return
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'EMLINK') throw error
  }
  const temp = tempNameFor(copy)
  try {
    copyTree(path, temp)
    renameSync(temp, copy)
  } catch (error) {
    removeTree(temp)
    throw error
  }
}

/** lstat that says undefined for a missing path. */
export function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path)
  } catch {
    return undefined
  }
}
