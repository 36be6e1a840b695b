import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, realpathSync, renameSync, unlinkSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { failed, ioError } from './errors.js'
import { isReservedName, keepCopy, lstatOrUndefined, moveInto, removeTree, syncDirectory, syncTree, workDirName, writeFileAtomic } from './fs-safe.js'

/**
 * A set of replacements made as one change that a SIGKILL at any syscall cannot tear.
 *
 * The work directory W (`.galley-KIND-PID-HEX`) lives inside the directory it changes, so every
 * rename stays on the target's own file system (moveInto copies, then renames, when a target is
 * elsewhere, e.g. a halconfig that is a link to another disk).
 *
 *   1. Stage: the new content goes to W/new/<i>. Nothing outside W has changed yet; a kill here
 *      leaves W without a journal, and the next command removes it.
 *   2. Decide: W/new is fsynced, then W/journal is written (temp file + rename: it is complete or
 *      absent). From this point the change is decided and will be finished.
 *   3. Apply, entry by entry, each step idempotent:
 *        file:  the old file gets a second name W/old/<i> (a hard link: the target never
 *               disappears), then W/new/<i> is renamed over the target;
 *        dir:   the old directory is renamed to W/old/<i>, then W/new/<i> to the target;
 *        remove: the target is renamed to W/old/<i>.
 *      Whether an entry is done is read from the disk (W/new/<i> gone), not from memory.
 *   4. Keep: W/old moves to `keepOldIn` when asked (restore keeps what it replaced).
 *   5. Commit: W/journal is removed, then W.
 *
 * A command killed anywhere in 3-5 leaves W with its journal; the next write command (under the
 * hal directory's lock, or the next generate into the same directory) rolls it forward with the
 * same code (`finishAbandoned`). So every target is the old or the new one at each syscall, and
 * the set is complete after the next command. A failure that is not a kill (an I/O error)
 * rolls back in this process instead and removes W.
 *
 * A journal is confined to the directory that holds W: every target is a relative path inside
 * it (no "..", no absolute path, no link on the way, none of galley's own transient names), so
 * a work directory planted by someone else (copied in, unpacked from an archive) can change
 * nothing its planter could not change directly. One that names anything else is refused and
 * left in place for the user to look at (`FOREIGN_WORK_DIR`), never acted on or deleted.
 */

export type SwapKind = 'staging' | 'restore' | 'generate'

export interface SwapEntry {
  /** Relative to the directory that holds W ('/'-separated, inside it). */
  target: string
  /**
   * The target is a link (the halconfig may be one, to another disk): the file it leads to is
   * replaced, read from the link when the entry is applied. Only the restore's `config` may be one.
   */
  throughLink?: boolean
  action: 'replace' | 'remove'
  kind: 'file' | 'dir'
  /** The name the old one is kept under in `keepOldIn` (default: the target's last segment). */
  keepAs?: string
}

interface Journal {
  entries: SwapEntry[]
  /** Where W/old goes once every entry is applied; relative to the directory that holds W. */
  keepOldIn?: string
  /** Mode of the parent directories a replacement needs and that do not exist yet. */
  dirMode: number
}

export class Swap {
  readonly dir: string
  readonly root: string
  private readonly entries: SwapEntry[] = []

  constructor(root: string, private readonly kind: SwapKind, private readonly options: { keepOldIn?: string; dirMode?: number } = {}) {
    this.root = root
    this.dir = join(root, workDirName(kind))
    try {
      mkdirSync(this.dir, { mode: 0o700 })
      mkdirSync(join(this.dir, 'new'), { mode: 0o700 })
      mkdirSync(join(this.dir, 'old'), { mode: 0o700 })
    } catch (error) {
      removeTree(this.dir)
      throw ioError(error, root, 'create a work directory in')
    }
  }

  /** Adds an entry; returns where its new content is to be written (for a replacement). */
  add(entry: SwapEntry): string {
    this.entries.push(entry)
    return join(this.dir, 'new', String(this.entries.length - 1))
  }

  get size(): number {
    return this.entries.length
  }

  /** Decides the change (journal), applies it, commits it. Throws after rolling back on an I/O error. */
  apply(): void {
    const journal: Journal = { entries: this.entries, keepOldIn: this.options.keepOldIn, dirMode: this.options.dirMode ?? 0o755 }
    const problem = journalProblem(this.dir, this.kind, journal)
    if (problem) {
      this.abandon()
      throw new Error(`galley built a journal it would refuse: ${problem}`)
    }
    try {
      for (const entry of this.entries) {
        refuseLinkOnTheWay(this.dir, entry)
        refuseMountPoint(targetOf(this.dir, entry), entry)
      }
      syncTree(join(this.dir, 'new'))
      writeFileAtomic(join(this.dir, 'journal'), JSON.stringify(journal), 0o600, { followLink: false })
    } catch (error) {
      this.abandon()
      throw error
    }
    try {
      applyEntries(this.dir, journal)
    } catch (error) {
      rollBack(this.dir, journal)
      throw error
    }
    // Every target is new now: a failure from here leaves the journal for the next command.
    finish(this.dir, journal)
  }

  /** Drops the staged change (nothing outside W was touched before apply). */
  abandon(): void {
    removeTree(this.dir)
  }
}

function refuseMountPoint(target: string, entry: SwapEntry): void {
  if (entry.kind !== 'dir') return
  const stat = lstatOrUndefined(target)
  const parent = lstatOrUndefined(dirname(target))
  if (stat && parent && stat.dev !== parent.dev) {
    throw failed(`${target} is a mount point; it cannot be replaced in one step, so nothing was changed`, {
      code: 'TARGET_IS_MOUNT_POINT',
      remediation: 'Unmount it, or copy the files in by hand.',
      data: { target },
    })
  }
}

/** Where an entry's target is: inside the directory that holds W (through the link when it is one). */
function targetOf(dir: string, entry: SwapEntry): string {
  const path = join(dirname(dir), entry.target)
  if (!entry.throughLink) return path
  try {
    return realpathSync(path)
  } catch {
    return path // a dangling link is replaced
  }
}

const paths = (dir: string, journal: Journal, i: number) => ({
  target: targetOf(dir, journal.entries[i]!),
  next: join(dir, 'new', String(i)),
  old: join(dir, 'old', String(i)),
})

function makeParents(path: string, mode: number): void {
  const missing: string[] = []
  for (let d = dirname(path); !lstatOrUndefined(d); d = dirname(d)) missing.unshift(d)
  for (const d of missing) {
    mkdirSync(d, { mode })
    chmodSync(d, mode)
  }
}

function rollForward(dir: string, journal: Journal): void {
  // Every entry is checked before any is applied: a refusal leaves everything as it was.
  journal.entries.forEach((entry, i) => {
    refuseLinkOnTheWay(dir, entry)
    refuseStagedContent(dir, entry, paths(dir, journal, i).next)
  })
  applyEntries(dir, journal)
  finish(dir, journal)
}

function applyEntries(dir: string, journal: Journal): void {
  const touched = new Set<string>()
  journal.entries.forEach((entry, i) => {
    const { target, next, old } = paths(dir, journal, i)
    refuseLinkOnTheWay(dir, entry)
    if (entry.action === 'remove') {
      if (lstatOrUndefined(target) && !lstatOrUndefined(old)) moveInto(target, old)
      touched.add(dirname(target))
      return
    }
    if (!lstatOrUndefined(next)) return // applied already
    makeParents(target, journal.dirMode)
    const current = lstatOrUndefined(target)
    if (current && !lstatOrUndefined(old)) {
      // A file keeps its place until the new one replaces it in one rename; a directory cannot
      // be renamed over, so it is moved aside first (the journal finishes the pair).
      if (entry.kind === 'file' && !current.isDirectory()) keepCopy(target, old)
      else moveInto(target, old)
    }
    moveInto(next, target)
    touched.add(dirname(target))
  })
  for (const d of touched) syncDirectory(d)
}

/** Keeps what was replaced (when asked), then commits by removing the journal, then W. */
function finish(dir: string, journal: Journal): void {
  const oldDir = join(dir, 'old')
  if (journal.keepOldIn && existsSync(oldDir) && readdirSync(oldDir).length > 0) {
    const keep = join(dirname(dir), journal.keepOldIn)
    makeParents(keep, 0o700)
    // Named by the entry's target, as the user knows it.
    mkdirSync(keep, { mode: 0o700, recursive: true })
    journal.entries.forEach((entry, i) => {
      const { old } = paths(dir, journal, i)
      if (lstatOrUndefined(old)) moveInto(old, join(keep, entry.keepAs ?? entry.target.split('/').pop()!))
    })
    syncDirectory(keep)
  }
  unlinkSync(join(dir, 'journal'))
  syncDirectory(dir)
  removeTree(dir)
}

/** Puts every target back as it was (an I/O error happened in this process). */
function rollBack(dir: string, journal: Journal): void {
  for (let i = journal.entries.length - 1; i >= 0; i--) {
    const entry = journal.entries[i]!
    const { target, next, old } = paths(dir, journal, i)
    try {
      if (entry.action === 'remove') {
        if (lstatOrUndefined(old) && !lstatOrUndefined(target)) moveInto(old, target)
        continue
      }
      const placed = !lstatOrUndefined(next)
      if (entry.kind === 'dir') {
        if (placed && lstatOrUndefined(target)) renameSync(target, next)
        if (lstatOrUndefined(old)) moveInto(old, target)
      } else if (lstatOrUndefined(old)) {
        moveInto(old, target) // one rename back over the new file
      } else if (placed) {
        unlinkSync(target) // it did not exist before
      }
    } catch {
      // keep putting back the rest
    }
  }
  try {
    unlinkSync(join(dir, 'journal'))
  } catch {
    // never written
  }
  removeTree(dir)
}

/** A relative path inside the directory: no absolute path, "..", ".", empty segment, NUL, backslash, or reserved name. */
function isConfinedPath(path: unknown): path is string {
  if (typeof path !== 'string' || path === '' || path.includes('\0') || path.includes('\\') || path.startsWith('/')) return false
  return path.split('/').every((s) => s !== '' && s !== '.' && s !== '..' && !isReservedName(s))
}

/** What makes a journal one galley never writes (so it is not acted on), or undefined when it is sound. */
function journalProblem(dir: string, kind: SwapKind, journal: unknown): string | undefined {
  if (!basename(dir).startsWith(`.galley-${kind}-`)) return `it is not where galley keeps ${kind} work`
  if (typeof journal !== 'object' || journal === null) return 'its journal is not a JSON object'
  const { entries, keepOldIn, dirMode } = journal as Partial<Journal>
  if (!Array.isArray(entries) || entries.length === 0) return 'its journal has no list of entries'
  if (typeof dirMode !== 'number' || !Number.isInteger(dirMode) || dirMode < 0 || dirMode > 0o777) return 'its journal\'s dirMode is not a permission mode'
  if (keepOldIn !== undefined && (kind !== 'restore' || typeof keepOldIn !== 'string' || !/^\.galley\/replaced-[0-9A-Za-z.:-]+$/.test(keepOldIn))) {
    return `its journal keeps what it replaces in ${JSON.stringify(keepOldIn)}, not in .galley/replaced-TIME`
  }
  for (const entry of entries as unknown[]) {
    const { target, action, kind: entryKind, keepAs, throughLink } = (entry ?? {}) as Partial<SwapEntry>
    if (!isConfinedPath(target)) return `its journal names ${JSON.stringify(target)}, which is not a path inside ${dirname(dir)}`
    if (action !== 'replace' && action !== 'remove') return `its journal names an unknown action ${JSON.stringify(action)}`
    if (entryKind !== 'file' && entryKind !== 'dir') return `its journal names an unknown kind ${JSON.stringify(entryKind)}`
    if (keepAs !== undefined && (!isConfinedPath(keepAs) || keepAs.includes('/'))) return `its journal keeps an old entry as ${JSON.stringify(keepAs)}, which is not a plain name`
    if (throughLink !== undefined && !(throughLink === true && kind === 'restore' && target === 'config' && entryKind === 'file')) {
      return `its journal writes through a link at ${JSON.stringify(target)}; only a restore's config may be a link`
    }
  }
  return undefined
}

/** A target is reached without links: a link on the way could lead anywhere (the target itself may be one: it is replaced, not followed). */
function refuseLinkOnTheWay(dir: string, entry: SwapEntry): void {
  let path = dirname(dir)
  for (const segment of entry.target.split('/').slice(0, -1)) {
    path = join(path, segment)
    const stat = lstatOrUndefined(path)
    if (!stat) return // created by this change
    if (!stat.isDirectory()) {
      throw failed(`${path} is ${stat.isSymbolicLink() ? 'a link' : 'not a directory'} on the way to ${entry.target}; nothing is written through it`, {
        code: 'LINK_ON_THE_WAY',
        remediation: `Replace ${path} by a directory, or remove ${dir} if you did not expect this change.`,
        data: { path, target: entry.target },
      })
    }
  }
}

/**
 * What galley stages is a plain file with one name, or a directory, as the entry says: a link
 * (or a second name of a file elsewhere) would put something from outside in the target's place.
 */
function refuseStagedContent(dir: string, entry: SwapEntry, next: string): void {
  const stat = lstatOrUndefined(next)
  if (!stat) return // applied already
  const plain = entry.kind === 'dir' ? stat.isDirectory() : stat.isFile() && stat.nlink === 1
  if (plain) return
  throw failed(`${dir} was not left by galley: ${next} is not the ${entry.kind === 'dir' ? 'directory' : 'plain file'} galley stages. It was not acted on, and nothing was changed`, {
    code: 'FOREIGN_WORK_DIR',
    remediation: `Look at what it holds (journal lists the changes, new/ the content), then remove it (rm -r '${dir}') and run the command again.`,
    data: { dir, next },
  })
}

/**
 * Finishes or removes a work directory left by a process that is gone: with a journal the change
 * was decided and is rolled forward; without one nothing outside it was touched. `kind` is the
 * work galley does in the directory that holds it; a work directory galley would not have left
 * (another kind, a journal naming a path outside, an unreadable journal) is refused and left as
 * it is: deleting it could lose what its old/ holds.
 */
export function finishAbandoned(dir: string, kind: SwapKind): void {
  const journalFile = join(dir, 'journal')
  const stat = lstatOrUndefined(journalFile)
  let journal: unknown
  let problem = basename(dir).startsWith(`.galley-${kind}-`) ? undefined : `it is not where galley keeps ${kind} work`
  if (!problem && !stat) {
    removeTree(dir) // staged only: nothing outside it was touched
    return
  }
  if (!problem && !stat!.isFile()) problem = 'its journal is not a plain file'
  if (!problem) {
    try {
      journal = JSON.parse(readFileSync(journalFile, 'utf8'))
      problem = journalProblem(dir, kind, journal)
    } catch (error) {
      problem = `its journal cannot be read (${(error as Error).message})`
    }
  }
  if (problem) {
    throw failed(`${dir} was not left by galley: ${problem}. It was not acted on, and nothing was changed`, {
      code: 'FOREIGN_WORK_DIR',
      remediation: `Look at what it holds (journal lists the changes, new/ the content), then remove it (rm -r '${dir}') and run the command again.`,
      data: { dir, problem },
    })
  }
  try {
    rollForward(dir, journal as Journal)
  } catch (error) {
    if (['LINK_ON_THE_WAY', 'FOREIGN_WORK_DIR'].includes((error as { code?: string }).code ?? '')) throw error
    throw failed(`an interrupted change in ${dirname(dir)} could not be finished: ${(error as Error).message}`, {
      code: 'INTERRUPTED_CHANGE',
      remediation: `Check ${dir} (new/ holds the new content, old/ what it replaced, journal the list), put things right by hand, then remove it.`,
      data: { dir },
    })
  }
}
