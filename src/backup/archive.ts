import { randomBytes } from 'node:crypto'
// tar is loaded only by the backup commands.
const loadTar = () => import('tar')
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs'
import { dirname, isAbsolute, join, normalize, sep } from 'node:path'

import { acquireLock } from '../config/lock.js'
import { checkHalDir } from '../config/store.js'
import { halPaths } from '../config/paths.js'
import { failed, ioError } from '../lib/errors.js'
import { ensurePrivateDir, writeFileAtomic } from '../lib/fs-safe.js'

/** Generated or transient content a backup leaves out. */
const EXCLUDED = [/^[^/]+\/staging(\/|$)/, /(^|\/)logs(\/|$)/, /^\.galley(\/|$)/, /(^|\/)\.[^/]*\.tmp-\d+-[0-9a-f]+$/]

/** A restore refuses archives that would unpack to more than this. */
const MAX_RESTORE_BYTES = 1024 * 1024 * 1024

const strip = (path: string) => path.replace(/^\.\//, '').replace(/\/$/, '')

export interface BackupOutcome {
  file: string
  entries: number
  bytes: number
}

/** Writes a tar.gz of the hal directory (without staging, logs and galley's own state), mode 0600. */
export async function createBackup(halDir: string, output: string): Promise<BackupOutcome> {
  checkHalDir(halDir)
  if (!existsSync(halDir)) {
    throw failed(`there is no hal directory at ${halDir} to back up`, {
      code: 'NO_HAL_DIR',
      remediation: 'Point --hal-dir (or $HAL_DIR) at the directory to back up.',
    })
  }
  const top = readdirSync(halDir).filter((name) => !EXCLUDED.some((re) => re.test(name)))
  let entries = 0
  const chunks: Buffer[] = []
  // Symbolic links are followed so that the backup holds the files, not links that may dangle.
  const tar = await loadTar()
  const stream = tar.c(
    {
      gzip: true,
      cwd: halDir,
      portable: true,
      follow: true,
      filter: (path) => {
        const keep = !EXCLUDED.some((re) => re.test(strip(path)))
        if (keep) entries++
        return keep
      },
    },
    top,
  )
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk)
  } catch (error) {
    throw ioError(error, halDir, 'archive')
  }
  const data = Buffer.concat(chunks)
  writeFileAtomic(output, data, 0o600)
  return { file: output, entries, bytes: data.length }
}

export interface ArchiveEntry {
  path: string
  type: string
  size: number
}

/** Lists an archive's entries, refusing any that could land outside the hal directory. */
export async function inspectBackup(file: string): Promise<ArchiveEntry[]> {
  const entries: ArchiveEntry[] = []
  const refused: string[] = []
  let total = 0
  const tar = await loadTar()
  try {
    await tar.t({
      file,
      strict: true,
      onReadEntry: (entry) => {
        const path = entry.path
        const clean = normalize(strip(path))
        const type = String(entry.type)
        if (isAbsolute(path) || clean === '..' || clean.startsWith(`..${sep}`) || path.split('/').includes('..')) {
          refused.push(`${path}: leads outside the hal directory`)
        } else if (clean === '.galley' || clean.startsWith(`.galley${sep}`)) {
          refused.push(`${path}: galley's own lock and undo state are never restored`)
        } else if (type !== 'File' && type !== 'Directory' && type !== 'OldFile' && type !== 'ContiguousFile') {
          refused.push(`${path}: a ${type} entry (only plain files and directories are restored)`)
        }
        total += entry.size ?? 0
        entries.push({ path: strip(path), type, size: entry.size ?? 0 })
      },
    })
  } catch (error) {
    const err = error as NodeJS.ErrnoException
    if (err.code === 'ENOENT' || err.code === 'EACCES' || err.code === 'EISDIR') throw ioError(error, file, 'read')
    throw failed(`${file} is not a readable tar.gz backup: ${err.message}`, {
      code: 'BAD_ARCHIVE',
      remediation: 'Pass a file made by hal backup create.',
    })
  }
  if (refused.length > 0) {
    throw failed(`${file} holds ${refused.length} entr${refused.length === 1 ? 'y' : 'ies'} that will not be restored; nothing was written`, {
      code: 'UNSAFE_ARCHIVE',
      detail: refused.map((line) => `  - ${line}`).join('\n'),
      remediation: 'Only restore archives made by hal backup create.',
      data: { refused },
    })
  }
  if (total > MAX_RESTORE_BYTES) {
    throw failed(`${file} would unpack to ${total} bytes, more than a hal directory should hold; nothing was written`, {
      code: 'ARCHIVE_TOO_LARGE',
      remediation: 'Check that this is the right archive.',
    })
  }
  if (entries.length === 0) {
    throw failed(`${file} is an empty archive; nothing was written`, { code: 'EMPTY_ARCHIVE', remediation: 'Pass a file made by hal backup create.' })
  }
  return entries
}

export interface RestoreOutcome {
  halDir: string
  restored: string[]
  /** Where the replaced files were moved, so that nothing is lost. */
  keptIn?: string
}

/**
 * Restores a backup: unpacks it next to the hal directory, then swaps in each top-level entry
 * it holds. What it replaces is kept under .galley/replaced-<time>/.
 */
export async function restoreBackup(halDir: string, file: string): Promise<RestoreOutcome> {
  checkHalDir(halDir)
  const entries = await inspectBackup(file)
  ensurePrivateDir(halDir)
  const paths = halPaths(halDir)
  const lock = await acquireLock(paths.lock, halDir)
  const staging = join(dirname(halDir), `.${halDir.split(sep).pop()}.restore-${randomBytes(4).toString('hex')}`)
  try {
    mkdirSync(staging, { mode: 0o700 })
    const tar = await loadTar()
    await tar.x({ file, cwd: staging, strict: true, preservePaths: false, noChmod: false, filter: (_path, entry) => {
      const type = String((entry as { type?: string }).type)
      return type === 'File' || type === 'Directory' || type === 'OldFile' || type === 'ContiguousFile'
    } })
    const top = [...new Set(entries.map((e) => e.path.split('/')[0]).filter((name) => name && name !== '.'))]
    const keptIn = join(paths.galley, `replaced-${new Date().toISOString().replace(/[:.]/g, '-')}`)
    let kept = false
    for (const name of top) {
      const target = join(halDir, name)
      if (existsSync(target)) {
        ensurePrivateDir(keptIn)
        renameSync(target, join(keptIn, name))
        kept = true
      }
      renameSync(join(staging, name), target)
    }
    return { halDir, restored: top, keptIn: kept ? keptIn : undefined }
  } catch (error) {
    if ((error as { exitCode?: number }).exitCode !== undefined) throw error
    throw ioError(error, halDir, 'restore into')
  } finally {
    rmSync(staging, { recursive: true, force: true })
    lock.release()
  }
}
