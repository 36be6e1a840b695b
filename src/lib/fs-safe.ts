import { randomBytes } from 'node:crypto'
import { closeSync, fsyncSync, mkdirSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { ioError } from './errors.js'

/** Creates a directory (and its parents) readable only by its owner. */
export function ensurePrivateDir(path: string): void {
  try {
    mkdirSync(path, { recursive: true, mode: 0o700 })
  } catch (error) {
    throw ioError(error, path, 'create the directory')
  }
}

/** Follows a symbolic link so that a write replaces the target, not the link. */
function resolveTarget(path: string): string {
  try {
    return realpathSync(path)
  } catch {
    return path
  }
}

/**
 * Replaces a file so that readers see the old bytes or the new bytes, never a mix:
 * temp file in the same directory, fsync, rename, fsync the directory.
 * An existing file keeps its mode; a new one gets `mode` (0600 unless told).
 */
export function writeFileAtomic(path: string, data: string | Buffer, mode = 0o600): void {
  const target = resolveTarget(path)
  const dir = dirname(target)
  let fileMode = mode
  try {
    fileMode = statSync(target).mode & 0o7777
  } catch {
    // a new file
  }
  const temp = join(dir, `.${basename(target)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`)
  let fd: number | undefined
  try {
    fd = openSync(temp, 'wx', fileMode)
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data
    let written = 0
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written)
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
