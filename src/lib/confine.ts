import { closeSync, constants, fstatSync, lstatSync, openSync, readFileSync, realpathSync, statSync } from 'node:fs'
import { isAbsolute, join, relative, sep } from 'node:path'
import { invalid, usage, type GalleyError } from './errors.js'

/**
 * The one confinement rule. A name or relative path that comes from a file's content or from a
 * flag is used under a root (the hal directory, a deployment's packer directory) only when it
 * cannot leave it. Refused, whatever its source:
 * - an empty value, a NUL or other control character, a backslash;
 * - an absolute path, a `..` segment, an empty or `.` segment;
 * - a `/` where a single name is expected (deployment names);
 * - a segment longer than 255 bytes, or a value longer than 1024 bytes;
 * - once joined to the root, a symbolic link on the way that resolves outside the root.
 * The root itself may be a link (a packer directory linked to a checkout is the user's choice):
 * "outside" is measured from its real path.
 * A value from a file is bad input (exit 1) and names file:line:column; from a flag, a usage
 * error (exit 2) naming the flag.
 */

/** Where a value came from. */
export type Origin =
  | { flag: string }
  | { file: string; line?: number; column?: number; key?: string }

export interface Expectation {
  /** What the value is, e.g. "deployment name", "template name". */
  what: string
  from: Origin
  /** One path segment only (no `/`). */
  single?: boolean
  /** What to do about it. */
  remediation?: string
  /** The error code (default NOT_CONFINED). */
  code?: string
}

const MAX_BYTES = 1024
const MAX_SEGMENT_BYTES = 255

/** A value as it may be shown: control characters escaped, long values cut. */
export function shown(value: string): string {
  const escaped = JSON.stringify(value).slice(1, -1).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  return escaped.length > 80 ? `${escaped.slice(0, 60)}... (${value.length} characters)` : escaped
}

/** Why a value cannot name something under a root, judged by its text alone; undefined when it can. */
export function namingProblem(value: string, single = false): string | undefined {
  if (value === '') return 'it is empty'
  if (value.includes('\0')) return 'it holds a NUL byte'
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return 'it holds a control character'
  if (Buffer.byteLength(value) > MAX_BYTES) return `it is longer than ${MAX_BYTES} bytes`
  if (isAbsolute(value)) return 'it is an absolute path'
  if (value.includes('\\')) return 'it holds a backslash'
  const segments = value.split('/')
  if (segments.includes('..')) return 'it climbs out of its directory with ".."'
  if (single && segments.length > 1) return 'it holds a "/" (a single name is expected)'
  if (segments.some((s) => s === '' || s === '.')) return 'it has an empty or "." path segment'
  if (segments.some((s) => Buffer.byteLength(s) > MAX_SEGMENT_BYTES)) return `a path segment is longer than ${MAX_SEGMENT_BYTES} bytes`
  return undefined
}

const isInside = (root: string, path: string) => {
  const rel = relative(root, path)
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel))
}

/**
 * The first link on the way from root to root/relativePath that resolves outside the root, as
 * [the link, its real target]; undefined when there is none (parts that do not exist yet are fine).
 */
export function linkOutside(root: string, relativePath: string): [string, string] | undefined {
  let realRoot: string
  try {
    realRoot = realpathSync(root)
  } catch {
    return undefined // nothing exists under it yet
  }
  let path = root
  for (const segment of relativePath.split('/')) {
    path = join(path, segment)
    let link = false
    try {
      link = lstatSync(path).isSymbolicLink()
    } catch {
      return undefined
    }
    if (!link) continue
    let target: string
    try {
      target = realpathSync(path)
    } catch {
      return undefined // a dangling link leads nowhere: nothing is read through it
    }
    if (!isInside(realRoot, target)) return [path, target]
  }
  return undefined
}

/** Where a value came from, for a message: `file:line:column (key)` or `--flag`. */
export function describeOrigin(from: Origin): string {
  if ('flag' in from) return from.flag
  const at = from.line !== undefined ? `${from.file}:${from.line}:${from.column ?? 1}` : from.file
  return from.key ? `${at} (${from.key})` : at
}

/** The error for a refused value: exit 1 when it came from a file, 2 from a flag. */
export function refusal(value: string, problem: string, expect: Expectation): GalleyError {
  const where = describeOrigin(expect.from)
  const fromFile = !('flag' in expect.from)
  // A flag named '' is a value typed at a prompt: the message starts with the value.
  const message = fromFile
    ? `${where}: "${shown(value)}" is not a usable ${expect.what}: ${problem}`
    : `${where ? `${where} ` : ''}"${shown(value)}" is not a usable ${expect.what}: ${problem}`
  const details = {
    code: expect.code ?? 'NOT_CONFINED',
    remediation: expect.remediation ?? (fromFile ? 'Fix the value in the file.' : `Give ${where} a name inside its directory.`),
    data: { value, problem, ...expect.from },
  }
  return fromFile ? invalid(message, details) : usage(message, details)
}

/** Refuses a value whose text alone could leave a root (see the rule above); returns it. */
export function checkNaming(value: string, expect: Expectation): string {
  const problem = namingProblem(value, expect.single)
  if (problem) throw refusal(value, problem, expect)
  return value
}

/**
 * The one confinement check: `value` joined to `root`, refused (see the rule above) when it
 * could leave the root by its text or through a symbolic link. Returns the joined path.
 */
export function confine(root: string, value: string, expect: Expectation): string {
  checkNaming(value, expect)
  const outside = linkOutside(root, value)
  if (outside) throw refusal(value, `${outside[0]} is a link to ${outside[1]}, outside ${root}`, expect)
  return join(root, value)
}

/**
 * The real path of a regular file named `name` under `root`, or undefined when the name could
 * leave the root, a link on the way resolves outside it, or it is not a regular file. Links that
 * stay inside the root are followed; a link to a directory is not a file.
 */
export function confinedFile(root: string, name: string): string | undefined {
  if (namingProblem(name) !== undefined) return undefined
  try {
    const real = realpathSync(join(root, name))
    const realRoot = realpathSync(root)
    if (real === realRoot || !isInside(realRoot, real)) return undefined
    return statSync(real).isFile() ? real : undefined
  } catch {
    return undefined
  }
}

/** Reads a regular file, never through a link swapped in at its last component, never a FIFO or device. */
export function readRegularFile(file: string): Buffer {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
  try {
    if (!fstatSync(fd).isFile()) throw new Error('not a regular file')
    return readFileSync(fd)
  } finally {
    closeSync(fd)
  }
}
