/**
 * The one exit-code table every command follows (documented in the README).
 */
export const ExitCode = {
  /** Success; warnings allowed. */
  OK: 0,
  /** The configuration is invalid (YAML or validation errors); nothing was written. */
  INVALID: 1,
  /** Usage error: unknown command or flag, missing argument, a prompt needed without a terminal. */
  USAGE: 2,
  /** The operation failed for another reason: not found, I/O, lock timeout, external program. */
  FAILED: 3,
  /** Cancelled (Ctrl-C, SIGINT) at a prompt or while Packer ran; nothing was written or left running. 128 + 2, as shells report it. */
  CANCELLED: 130,
  /** Stopped by SIGHUP (the terminal went away); what was running was ended first. 128 + 1. */
  HANGUP: 129,
  /** Stopped by SIGTERM; what was running was ended first. 128 + 15. */
  TERMINATED: 143,
} as const

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode]

export interface ErrorDetails {
  /** A stable machine-readable code, e.g. `DEPLOYMENT_NOT_FOUND`. */
  code: string
  /** What to do about it. */
  remediation?: string
  /** Extra lines shown under the message (a code frame, a list of names). */
  detail?: string
  /** Structured data for `--json` output. */
  data?: Record<string, unknown>
}

/** An expected failure: shown to the user as a message, never as a stack trace. */
export class GalleyError extends Error {
  readonly exitCode: ExitCodeValue
  readonly code: string
  readonly remediation?: string
  readonly detail?: string
  readonly data?: Record<string, unknown>

  constructor(message: string, exitCode: ExitCodeValue, details: ErrorDetails) {
    super(message)
    this.name = 'GalleyError'
    this.exitCode = exitCode
    this.code = details.code
    this.remediation = details.remediation
    this.detail = details.detail
    this.data = details.data
  }
}

export const invalid = (message: string, details: ErrorDetails) => new GalleyError(message, ExitCode.INVALID, details)
export const usage = (message: string, details: ErrorDetails) => new GalleyError(message, ExitCode.USAGE, details)
export const failed = (message: string, details: ErrorDetails) => new GalleyError(message, ExitCode.FAILED, details)

/** Turns an fs error into a GalleyError that names the path and what to do. */
export function ioError(error: unknown, path: string, doing: string): GalleyError {
  const err = error as NodeJS.ErrnoException
  const reasons: Record<string, [string, string]> = {
    EACCES: ['permission denied', 'check the ownership and mode of the path'],
    EPERM: ['operation not permitted', 'check the ownership and mode of the path'],
    ENOENT: ['no such file or directory', 'check the path'],
    ENOTDIR: ['a parent of this path is a file, not a directory', 'move the file out of the way'],
    EISDIR: ['it is a directory, not a file', 'point at a file instead'],
    ENOSPC: ['no space left on the device', 'free some disk space and run the command again'],
    EROFS: ['the file system is read-only', 'use a writable hal directory (--hal-dir)'],
    EDQUOT: ['disk quota exceeded', 'free some space and run the command again'],
  }
  const [reason, remediation] = reasons[err?.code ?? ''] ?? [err?.message ?? String(error), 'run again with --debug for details']
  return failed(`cannot ${doing} ${path}: ${reason}`, { code: `IO_${err?.code ?? 'ERROR'}`, remediation, data: { path } })
}
