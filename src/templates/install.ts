import { closeSync, constants, fchmodSync, fstatSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, readSync, realpathSync, rmSync, rmdirSync, statSync, writeSync, chmodSync, type Stats } from 'node:fs'
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { acquireLock } from '../config/lock.js'
import { halPaths } from '../config/paths.js'
import { failed, ioError, usage } from '../lib/errors.js'
import { ensurePrivateDir, isReservedName, lstatOrUndefined, reservedSegment, syncDirectory } from '../lib/fs-safe.js'
import { Swap } from '../lib/swap.js'
import { recoverHalDir } from '../config/store.js'
import { checkName, kindOf, type FileKind } from './library.js'
import { STOCK_TEMPLATES } from './stock.js'

/**
 * Installs templates and their scripts into a deployment's packer directory, all or nothing.
 *
 * Policy (documented in the README):
 * - A file named on the command line is followed if it is a link (the user chose it). Inside a
 *   directory argument, a link to a regular file within that directory is copied as the file's
 *   content; a link leading outside the tree, to a directory, or nowhere is refused, and so are
 *   FIFOs, sockets and device files. Nothing is ever installed as a link.
 * - Files are written 0755 when the source has any execute bit, else 0644; directories 0755
 *   (Rosco reads them as another user once deployed; the hal directory itself stays 0700).
 * - Under the hal directory's lock, everything is staged in a work directory inside the packer
 *   directory, then swapped in as one change (see installFiles). A failure puts back what was there.
 */

/** A directory argument larger than this is almost certainly the wrong directory. */
const MAX_FILES = 1000
const MAX_BYTES = 64 * 1024 * 1024
/** Version-control metadata is never part of a template set. */
const SKIPPED = new Set(['.git', '.svn', '.hg', '.DS_Store'])

export interface PlannedFile {
  /** Name relative to the packer directory. */
  name: string
  content: Buffer
  mode: 0o644 | 0o755
  /** Where it came from (for messages). */
  source: string
}

export interface Plan {
  files: PlannedFile[]
  /** Entries of directory arguments left out (version-control metadata). */
  skipped: string[]
}

const describeType = (stat: Stats) =>
  stat.isFIFO() ? 'a FIFO' : stat.isSocket() ? 'a socket' : stat.isCharacterDevice() || stat.isBlockDevice() ? 'a device file' : 'not a regular file'

/** Reads a regular file without following a link at its last component. */
function readRegular(path: string): { content: Buffer; mode: number } {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
  try {
    const stat = fstatSync(fd)
    if (!stat.isFile()) throw Object.assign(new Error(describeType(stat)), { code: 'ENOTFILE' })
    const content = Buffer.alloc(stat.size)
    let read = 0
    while (read < stat.size) {
      const n = readSync(fd, content, read, stat.size - read, read)
      if (n === 0) break
      read += n
    }
    return { content: content.subarray(0, read), mode: stat.mode }
  } finally {
    closeSync(fd)
  }
}

const inside = (root: string, path: string) => {
  const rel = relative(root, path)
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel)
}

/** Reads every source into memory (what was checked is what gets written), refusing unsafe entries. */
export function planFromPaths(sources: readonly string[], name?: string, cwd = process.cwd()): Plan {
  if (sources.length === 0) throw usage('name at least one file or directory to add', { code: 'NO_SOURCES', remediation: 'hal config bakery template add FILE... (see --help)' })
  const files: PlannedFile[] = []
  const skipped: string[] = []
  const refused: string[] = []
  let bytes = 0

  const take = (dest: string, path: string, shown: string) => {
    const reserved = reservedSegment(dest)
    if (reserved !== undefined) {
      refused.push(`${shown}: ${reserved} is named like galley's own transient work (a .galley-… work directory, a .galley directory or a .NAME.tmp-PID-HEX temp file), which the next command would act on`)
      return
    }
    try {
      const { content, mode } = readRegular(path)
      bytes += content.length
      files.push({ name: dest, content, mode: mode & 0o111 ? 0o755 : 0o644, source: shown })
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      refused.push(`${shown}: ${code === 'ENOTFILE' ? (error as Error).message : code === 'ELOOP' ? 'a link (it changed while being read)' : ioError(error, path, 'read').message}`)
    }
  }

  const walk = (root: string, dir: string, shownRoot: string) => {
    let entries
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))
    } catch (error) {
      refused.push(ioError(error, dir, 'read the directory').message)
      return
    }
    for (const entry of entries) {
      const path = join(dir, entry.name)
      const rel = relative(root, path).split(sep).join('/')
      const shown = join(shownRoot, rel)
      if (SKIPPED.has(entry.name)) {
        skipped.push(shown)
        continue
      }
      if (isReservedName(entry.name)) {
        refused.push(`${shown}: named like galley's own transient work (a .galley-… work directory, a .galley directory or a .NAME.tmp-PID-HEX temp file), which the next command would act on`)
        continue
      }
      const stat = lstatSync(path)
      if (stat.isDirectory()) walk(root, path, shownRoot)
      // A hard link may be a file from anywhere on the machine: only files named on the command line may be one.
      else if (stat.isFile() && stat.nlink > 1) refused.push(`${shown}: a hard link (${stat.nlink} names; it may be a file from outside ${shownRoot})`)
      else if (stat.isFile()) take(rel, path, shown)
      else if (stat.isSymbolicLink()) {
        let target: string
        try {
          target = realpathSync(path)
        } catch {
          refused.push(`${shown}: a link that leads nowhere`)
          continue
        }
        if (!inside(root, target)) refused.push(`${shown}: a link to ${target}, outside ${shownRoot}`)
        else if (statSync(target).isDirectory()) refused.push(`${shown}: a link to a directory (links to directories are not followed)`)
        else take(rel, target, shown)
      } else refused.push(`${shown}: ${describeType(stat)}`)
    }
  }

  for (const source of sources) {
    const path = resolve(cwd, source)
    let stat: Stats
    try {
      stat = statSync(path)
    } catch (error) {
      refused.push(`${source}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : ioError(error, path, 'read').message}`)
      continue
    }
    if (stat.isDirectory()) {
      if (name !== undefined) throw usage('--name renames a single file, not a directory', { code: 'NAME_WITH_DIRECTORY', remediation: 'Drop --name, or name one file.' })
      const before = files.length
      walk(realpathSync(path), realpathSync(path), source)
      if (files.length === before && refused.length === 0) refused.push(`${source}: an empty directory, nothing to install`)
    } else if (stat.isFile()) {
      // A link named on the command line is followed: the user chose it.
      take(name ?? basename(path), realpathSync(path), source)
    } else refused.push(`${source}: ${describeType(stat)}`)
  }
  if (name !== undefined && sources.length !== 1) throw usage('--name renames a single file; name exactly one FILE with it', { code: 'NAME_WITH_MANY', remediation: 'Run hal config bakery template add once per renamed file.' })
  if (refused.length > 0) {
    throw failed(`refused to add templates: ${refused.length} ${refused.length === 1 ? 'entry is' : 'entries are'} not plain files inside what was named, or named like galley's own transient work; nothing was written`, {
      code: 'UNSAFE_SOURCE',
      detail: refused.map((r) => `  - ${r}`).join('\n'),
      remediation: 'Copy the files a link points to into the directory, or name the files one by one; remove or rename entries named like galley\'s transient work.',
      data: { refused },
    })
  }
  if (files.length > MAX_FILES || bytes > MAX_BYTES) {
    throw failed(`refused to add ${files.length} files (${Math.round(bytes / 1024)} KiB): more than ${MAX_FILES} files or ${MAX_BYTES / 1024 / 1024} MiB is not a template set`, {
      code: 'TOO_LARGE',
      remediation: 'Check that you named the right directory.',
    })
  }
  const seen = new Map<string, string>()
  for (const file of files) {
    checkName(file.name)
    const other = seen.get(file.name)
    if (other) throw usage(`${other} and ${file.source} would both be installed as ${file.name}`, { code: 'DUPLICATE_NAME', remediation: 'Add them separately, renaming one with --name.' })
    seen.set(file.name, file.source)
  }
  return { files, skipped }
}

export interface InstalledFile {
  name: string
  path: string
  kind: FileKind
  /** Octal, e.g. "0755". */
  mode: string
  /** An existing custom file was replaced (--force). */
  replaced: boolean
  /** Named like a stock template: Rosco uses this one instead. */
  overridesStock: boolean
}

interface Destination {
  file: PlannedFile
  path: string
  exists: boolean
}

/** Where each file goes; refuses names that pass through a file or link, or land on a directory. */
function destinations(root: string, files: readonly PlannedFile[], force: boolean): Destination[] {
  const clashes: string[] = []
  const existing: string[] = []
  const out = files.map((file) => {
    const segments = file.name.split('/')
    for (let n = 1; n < segments.length; n++) {
      const dir = join(root, ...segments.slice(0, n))
      const stat = lstatOrUndefined(dir)
      if (stat && !stat.isDirectory()) clashes.push(`${file.name}: ${segments.slice(0, n).join('/')} is ${stat.isSymbolicLink() ? 'a link' : 'a file'}, not a directory`)
    }
    const path = join(root, file.name)
    const stat = lstatOrUndefined(path)
    if (stat?.isDirectory()) clashes.push(`${file.name}: a directory of that name exists`)
    else if (stat) existing.push(file.name)
    return { file, path, exists: stat !== undefined }
  })
  if (clashes.length > 0) {
    throw failed(`cannot install ${clashes.length === 1 ? 'a file' : `${clashes.length} files`} where the packer directory has something else; nothing was written`, {
      code: 'PATH_CLASH',
      detail: clashes.map((c) => `  - ${c}`).join('\n'),
      remediation: `Move those entries out of ${root} first.`,
      data: { clashes },
    })
  }
  if (existing.length > 0 && !force) {
    throw failed(`${existing.length === 1 ? '1 file exists' : `${existing.length} files exist`} already in ${root}; nothing was written`, {
      code: 'TEMPLATE_EXISTS',
      detail: existing.map((name) => `  - ${name}`).join('\n'),
      remediation: 'Pass --force to replace them (hal config bakery template get NAME shows the current one).',
      data: { existing },
    })
  }
  return out
}

/** Creates the missing directories of a path, one by one, each 0755; returns those it created. */
function makeDirs(dir: string, stopAt: string): string[] {
  const missing: string[] = []
  for (let d = dir; d !== stopAt && !lstatOrUndefined(d); d = dirname(d)) missing.unshift(d)
  for (const d of missing) {
    mkdirSync(d, { mode: 0o755 })
    chmodSync(d, 0o755)
  }
  return missing
}

function writeStaged(path: string, file: PlannedFile): void {
  const fd = openSync(path, 'wx', file.mode)
  try {
    let written = 0
    while (written < file.content.length) written += writeSync(fd, file.content, written, file.content.length - written)
    fchmodSync(fd, file.mode) // exact mode, whatever the umask
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

export interface InstallRequest {
  halDir: string
  packerDir: string
  files: readonly PlannedFile[]
  force: boolean
}

/**
 * Installs the files as one change under the hal directory's lock: staged in a work directory
 * inside the packer directory (same file system), then swapped in by a journal (lib/swap.ts).
 * A replaced template (--force) keeps its name until the new one is renamed over it, so a kill
 * at any syscall leaves each file old or new; the next write command finishes the set.
 */
export async function installFiles(request: InstallRequest): Promise<InstalledFile[]> {
  const { halDir, files, force } = request
  ensurePrivateDir(halDir)
  // A packer directory that is a link (e.g. to a checkout) is written through.
  const rootOf = () => (lstatOrUndefined(request.packerDir) ? realpathSync(request.packerDir) : request.packerDir)
  destinations(rootOf(), files, force) // refuse early, before anything is created

  const lock = await acquireLock(halPaths(halDir).lock, halDir)
  let created: string[] = []
  try {
    recoverHalDir(halDir)
    const root = rootOf()
    // Checked again under the lock: another hal may have installed something meanwhile.
    const planned = destinations(root, files, force)
    try {
      created = makeDirs(root, halDir)
    } catch (error) {
      throw ioError(error, root, 'create the directory')
    }
    const swap = new Swap(root, 'staging', { dirMode: 0o755 })
    try {
      for (const { file } of planned) writeStaged(swap.add({ target: file.name, action: 'replace', kind: 'file' }), file)
    } catch (error) {
      swap.abandon()
      throw ioError(error, swap.dir, 'stage the templates in')
    }
    swap.apply()
    return planned.map(({ file, path, exists }) => ({
      name: file.name,
      path,
      kind: kindOf(file.name, file.name.endsWith('.json') ? file.content.toString('utf8') : undefined),
      mode: `0${file.mode.toString(8)}`,
      replaced: exists,
      overridesStock: STOCK_TEMPLATES.includes(file.name),
    }))
  } catch (error) {
    for (const dir of created.reverse()) {
      try {
        rmdirSync(dir)
      } catch {
        // not empty
      }
    }
    throw (error as { exitCode?: number }).exitCode !== undefined ? error : ioError(error, request.packerDir, 'install the templates into')
  } finally {
    lock.release()
  }
}

/** Removes one custom file under the lock, and the directories it leaves empty. */
export async function removeFile(halDir: string, packerDir: string, name: string): Promise<string> {
  const root = lstatOrUndefined(packerDir) ? realpathSync(packerDir) : packerDir
  const path = join(root, name)
  const lock = await acquireLock(halPaths(halDir).lock, halDir)
  try {
    recoverHalDir(halDir)
    const stat = lstatOrUndefined(path)
    if (!stat) throw failed(`there is no custom file ${name} in ${packerDir}`, { code: 'TEMPLATE_NOT_FOUND', remediation: 'hal config bakery template list shows the custom files.' })
    if (stat.isDirectory()) throw failed(`${name} is a directory; remove the files in it one by one`, { code: 'IS_DIRECTORY', remediation: 'hal config bakery template list shows the files.' })
    try {
      rmSync(path)
    } catch (error) {
      throw ioError(error, path, 'remove')
    }
    for (let dir = dirname(path); dir !== root && inside(root, dir); dir = dirname(dir)) {
      try {
        rmdirSync(dir)
      } catch {
        break // not empty
      }
    }
    syncDirectory(dirname(path))
    return path
  } finally {
    lock.release()
  }
}
