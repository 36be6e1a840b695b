// tar is loaded only by the backup commands.
const loadTar = () => import('tar')
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, renameSync } from 'node:fs'
import { isAbsolute, join, normalize, sep } from 'node:path'

import { acquireLock } from '../config/lock.js'
import { checkHalDir, recoverHalDir } from '../config/store.js'
import { halPaths } from '../config/paths.js'
import { assertMappingRoot, MAX_CONFIG_BYTES, parseYaml } from '../config/source.js'
import { failed, GalleyError, invalid, ioError } from '../lib/errors.js'
import { ensurePrivateDir, isReservedName, lstatOrUndefined, removeTree, reservedSegment, writeFileAtomic } from '../lib/fs-safe.js'
import { Swap } from '../lib/swap.js'

/** Generated or transient content a backup leaves out. */
const EXCLUDED = [
  /^[^/]+\/staging(\/|$)/,
  /(^|\/)logs(\/|$)/,
  /^\.galley(\/|$)/,
  /(^|\/)\.[^/]*\.tmp-\d+-[0-9a-f]+$/,
  /(^|\/)\.galley-(?:staging|restore|generate)-\d+-[0-9a-f]+(\/|$)/,
]

/** Why an entry named like galley's transient work (at any depth) is refused: the next command would act on it. */
const RESERVED_WHY = "named like galley's own transient work (a .galley-… work directory, a .galley directory or a .NAME.tmp-PID-HEX temp file), which the next command would act on; such entries are never restored"

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

const PLAIN_TYPES = new Set(['File', 'OldFile', 'ContiguousFile', 'Directory'])

/** Lists an archive's entries, refusing any that could land outside the hal directory. */
export async function inspectBackup(file: string): Promise<ArchiveEntry[]> {
  return (await readBackup(file)).entries
}

interface ArchiveContents {
  entries: ArchiveEntry[]
  /** The bytes of the top-level `config`, when it is a plain file. */
  config?: Buffer
}

async function readBackup(file: string): Promise<ArchiveContents> {
  const configChunks: Buffer[] = []
  let hasConfig = false
  const entries: ArchiveEntry[] = []
  const refused: string[] = []
  const reservedShown = new Set<string>()
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
        } else if (/^\.galley($|[-/])/.test(clean)) {
          refused.push(`${path}: galley's own lock, undo and work state are never restored`)
        } else if (reservedSegment(clean.split(sep).join('/'))) {
          // Named once, at the reserved name (not for every entry below it).
          const segments = clean.split(sep)
          const top = segments.slice(0, segments.findIndex(isReservedName) + 1).join('/')
          if (!reservedShown.has(top)) refused.push(`${top}: ${RESERVED_WHY}`)
          reservedShown.add(top)
        } else if (!PLAIN_TYPES.has(type)) {
          refused.push(`${path}: a ${type} entry (only plain files and directories are restored)`)
        } else if (clean === 'config' && type === 'Directory') {
          refused.push(`${path}: the halconfig is a directory, not a file`)
        } else if (clean.startsWith(`config${sep}`)) {
          refused.push(`${path}: the halconfig is a directory, not a file`)
        } else if (clean === 'config') {
          hasConfig = true
          configChunks.length = 0
          entry.on('data', (chunk: Buffer) => {
            if (configChunks.reduce((n, c) => n + c.length, 0) <= MAX_CONFIG_BYTES) configChunks.push(chunk)
          })
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
  return { entries, config: hasConfig ? Buffer.concat(configChunks) : undefined }
}

/**
 * The archive's config, checked in memory before anything is touched: it must be there, be
 * YAML text, and be a halconfig (a mapping with deploymentConfigurations). These are refused
 * even with --force: what they would install is not a config.
 */
function checkArchivedConfig(file: string, config: Buffer | undefined): void {
  const where = `${file}: config`
  const refuse = (why: string) => invalid(`${where} ${why}; nothing was written`, {
    code: 'ARCHIVE_NOT_HALCONFIG',
    remediation: 'Only restore archives made by hal backup create from a hal directory with a config.',
  })
  if (config === undefined) throw refuse('is missing: the archive holds no halconfig')
  if (config.length > MAX_CONFIG_BYTES) throw refuse(`is ${config.length} bytes, more than a halconfig may have`)
  if (config.includes(0)) throw refuse('holds binary data, not YAML')
  let parsed
  try {
    parsed = parseYaml(config.toString('utf8'), where)
    assertMappingRoot(parsed, 'the archived halconfig')
  } catch (error) {
    if (error instanceof GalleyError) {
      throw invalid(`${error.message}; nothing was written`, { code: 'ARCHIVE_NOT_HALCONFIG', detail: error.detail, remediation: 'Only restore archives made by hal backup create.' })
    }
    throw error
  }
  const value = parsed.value as Record<string, unknown>
  if (!Array.isArray(value.deploymentConfigurations)) throw refuse('is not a halconfig (it has no deploymentConfigurations list)')
}

export interface RestoreOutcome {
  halDir: string
  restored: string[]
  /** Where the replaced files were moved, so that nothing is lost. */
  keptIn?: string
  /** Validation problems of the restored config that --force let through. */
  forced?: string[]
}

/** Bits a restored file never keeps: setuid, setgid, sticky, and write for others. */
const DROPPED_BITS = 0o7002

/**
 * Checks what tar unpacked: only plain files (one name each) and directories, whatever the
 * archive's headers said, and drops the mode bits a restore never keeps. Owners are never taken
 * from the archive (preserveOwner is off): everything belongs to the user running hal.
 */
function sanitizeUnpacked(dir: string, shown: string, refused: string[]): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    const rel = `${shown}${name}`
    if (isReservedName(name)) {
      refused.push(`${rel}: ${RESERVED_WHY}`)
      continue
    }
    const stat = lstatSync(path)
    if (stat.isDirectory()) {
      chmodSync(path, (stat.mode & 0o7777 & ~DROPPED_BITS) | 0o700)
      sanitizeUnpacked(path, `${rel}/`, refused)
    } else if (!stat.isFile()) refused.push(`${rel}: not a plain file`)
    else if (stat.nlink > 1) refused.push(`${rel}: a hard link`)
    else chmodSync(path, stat.mode & 0o7777 & ~DROPPED_BITS)
  }
}

/** Validates the unpacked hal directory as `hal config validate` would; the error-level problems. */
async function validationErrors(unpacked: string): Promise<string[]> {
  const { runValidation } = await import('../validate/run.js')
  const report = runValidation({ halDir: unpacked })
  if (report.valid) return []
  return report.problems
    .filter((p) => p.severity === 'error' || p.severity === 'fatal')
    .map((p) => `${(p.file ?? 'config').replace(`${unpacked}/`, '')}${p.line ? `:${p.line}:${p.column ?? 1}` : ''}: ${p.message}`)
}

/**
 * Restores a backup. Before anything is touched, the archive is listed and its config checked
 * in memory. Under the lock, it is unpacked into a work directory inside the hal directory
 * (so every rename stays on the hal directory's file system), checked (plain files only, modes
 * cleaned, the config validated: refused with exit 1 unless --force), then swapped in as one
 * change by a journal (lib/swap.ts): deployment directories first, the config last, which is
 * replaced by one rename and so never missing. What it replaces is kept under
 * .galley/replaced-<time>/. A kill at any syscall leaves the old state, or a decided change that
 * the next write command finishes (recoverHalDir).
 */
export async function restoreBackup(halDir: string, file: string, options: { force?: boolean } = {}): Promise<RestoreOutcome> {
  checkHalDir(halDir)
  const contents = await readBackup(file)
  checkArchivedConfig(file, contents.config)
  ensurePrivateDir(halDir)
  const paths = halPaths(halDir)
  const lock = await acquireLock(paths.lock, halDir)
  let swap: Swap | undefined
  try {
    recoverHalDir(halDir)
    const stamp = new Date().toISOString().replace(/[:.]/g, '-')
    swap = new Swap(halDir, 'restore', { keepOldIn: `.galley/replaced-${stamp}`, dirMode: 0o700 })
    const unpacked = join(swap.dir, 'unpacked')
    mkdirSync(unpacked, { mode: 0o700 })
    const tar = await loadTar()
    tar.x({
      file,
      cwd: unpacked,
      sync: true,
      strict: true,
      preservePaths: false,
      preserveOwner: false,
      filter: (_path, entry) => PLAIN_TYPES.has(String((entry as { type?: string }).type)),
    })
    const refused: string[] = []
    sanitizeUnpacked(unpacked, '', refused)
    if (refused.length > 0) {
      throw failed(`${file} holds ${refused.length} entr${refused.length === 1 ? 'y' : 'ies'} that will not be restored; nothing was written`, {
        code: 'UNSAFE_ARCHIVE',
        detail: refused.map((line) => `  - ${line}`).join('\n'),
        remediation: 'Only restore archives made by hal backup create.',
        data: { refused },
      })
    }
    if (!lstatOrUndefined(join(unpacked, 'config'))?.isFile()) {
      throw invalid(`${file}: config is not a plain file; nothing was written`, { code: 'ARCHIVE_NOT_HALCONFIG', remediation: 'Only restore archives made by hal backup create.' })
    }
    const problems = await validationErrors(unpacked)
    if (problems.length > 0 && !options.force) {
      throw invalid(`the config in ${file} does not validate (${problems.length} error${problems.length === 1 ? '' : 's'}); nothing was written`, {
        code: 'ARCHIVE_INVALID',
        detail: problems.slice(0, 20).map((line) => `  - ${line}`).join('\n'),
        remediation: 'Fix the archive, or pass --force to restore it anyway (then fix the config with hal config validate).',
        data: { problems },
      })
    }
    // The config last: once it is the new one, everything else is too.
    const top = readdirSync(unpacked).sort((a, b) => (a === 'config' ? 1 : b === 'config' ? -1 : a < b ? -1 : 1))
    for (const name of top) {
      const from = join(unpacked, name)
      const kind = lstatSync(from).isDirectory() ? 'dir' : 'file'
      // A halconfig that is a link (to another disk) is replaced where it leads, as every write does.
      const throughLink = name === 'config' && lstatOrUndefined(join(halDir, 'config'))?.isSymbolicLink() ? true : undefined
      renameSync(from, swap.add({ target: name, throughLink, action: 'replace', kind, keepAs: name }))
    }
    removeTree(unpacked)
    const keptIn = join(halDir, '.galley', `replaced-${stamp}`)
    const decided = swap
    swap = undefined // from here a failure is rolled back (or left to the next command) by apply itself
    decided.apply()
    return { halDir, restored: top, keptIn: existsSync(keptIn) ? keptIn : undefined, forced: problems.length > 0 ? problems : undefined }
  } catch (error) {
    swap?.abandon()
    if ((error as { exitCode?: number }).exitCode !== undefined) throw error
    throw ioError(error, halDir, 'restore into')
  } finally {
    lock.release()
  }
}

