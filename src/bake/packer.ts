import { closeSync, openSync, writeSync } from 'node:fs'
import { failed } from '../lib/errors.js'
import { interruptedError, runInGroup } from '../lib/process-group.js'
import { formatDuration } from '../lib/duration.js'

/**
 * Running Packer: finding it, `packer validate`, and `packer build`, each in its own process
 * group (lib/process-group.ts) so that a timeout or a signal stops Packer *and* its plugins and
 * scripts, after giving Packer the chance to clean up what it created (a cloud instance, a disk).
 */

/** No version check against checkpoint.hashicorp.com: bakes stay offline-friendly and quiet. */
const PACKER_ENV = { CHECKPOINT_DISABLE: '1' }

export const MIN_PACKER_VERSION = '1.6.0'
const INSTALL_HINT = 'Install Packer 1.6 or newer: apt-get install packer (Debian, Ubuntu), or see https://developer.hashicorp.com/packer/install'

export interface PackerInfo {
  command: string
  version: string
}

const newerOrEqual = (version: string, floor: string) => {
  const a = version.split('.').map(Number)
  const b = floor.split('.').map(Number)
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0)
  return true
}

/** `packer version` may take this long (a first run unpacks plugins). */
const VERSION_TIMEOUT_MS = 30_000
/** packer validate creates nothing: after a stop it gets this long before its group is killed. */
export const VALIDATE_GRACE_MS = 2_000
export const DEFAULT_VALIDATE_TIMEOUT_MS = 120_000

/** The installed Packer; exit 3 with how to install it when it is missing or too old. */
export async function findPacker(command = 'packer'): Promise<PackerInfo> {
  const result = await runInGroup({ command, args: ['version'], env: PACKER_ENV, timeoutMs: VERSION_TIMEOUT_MS, graceMs: VALIDATE_GRACE_MS })
  if (result.stoppedBy && result.stoppedBy !== 'timeout') throw interruptedError(result.stoppedBy)
  if (result.spawnError?.code === 'ENOENT' || result.exitCode === 127) {
    throw failed('Packer is not installed (no packer on PATH)', { code: 'PACKER_MISSING', remediation: INSTALL_HINT })
  }
  const version = /Packer v?(\d+\.\d+\.\d+)/.exec(result.output)?.[1]
  if (!version) {
    const said = result.stoppedBy === 'timeout' ? `nothing within ${VERSION_TIMEOUT_MS / 1000}s` : `"${(result.spawnError?.message ?? result.output).trim().split('\n')[0]}"`
    throw failed(`cannot tell which Packer this is: packer version said ${said}`, {
      code: 'PACKER_UNKNOWN',
      remediation: INSTALL_HINT,
    })
  }
  if (!newerOrEqual(version, MIN_PACKER_VERSION)) {
    throw failed(`Packer ${version} is too old: galley needs ${MIN_PACKER_VERSION} or newer`, { code: 'PACKER_TOO_OLD', remediation: INSTALL_HINT, data: { version } })
  }
  return { command, version }
}

export interface ValidateOutcome {
  exitCode: number
  output: string
}

/** `packer validate` with the same variables and template as the build, in its own process group. */
export async function packerValidate(packer: PackerInfo, args: readonly string[], cwd: string, tmpDir: string, timeoutMs = DEFAULT_VALIDATE_TIMEOUT_MS): Promise<ValidateOutcome> {
  const result = await runInGroup({ command: packer.command, args: ['validate', ...args], cwd, env: { ...PACKER_ENV, TMPDIR: tmpDir }, timeoutMs, graceMs: VALIDATE_GRACE_MS })
  if (result.stoppedBy && result.stoppedBy !== 'timeout') throw interruptedError(result.stoppedBy)
  if (result.stoppedBy === 'timeout') {
    throw failed(`packer validate did not finish within ${formatDuration(timeoutMs)}: it was stopped`, {
      code: 'PACKER_TIMEOUT',
      remediation: 'Give it more time with --timeout, or run it with PACKER_LOG=1 to see where it waits.',
    })
  }
  if (result.spawnError) throw failed(`cannot run ${packer.command}: ${result.spawnError.message}`, { code: 'PACKER_MISSING', remediation: INSTALL_HINT })
  return { exitCode: result.exitCode, output: result.output }
}

/** After a timeout or a first Ctrl-C, how long Packer may clean up (delete its instance) before it is killed. */
export const DEFAULT_BUILD_GRACE_MS = 60_000

export interface BuildOptions {
  packer: PackerInfo
  /** Everything after `packer`. */
  args: readonly string[]
  cwd: string
  /** Packer's temporary files (inline scripts...) go here: an interrupted Packer leaves some behind. */
  tmpDir: string
  /** Stop the build after this long (0: never). */
  timeoutMs: number
  /** How long Packer may take to clean up after a timeout or an interrupt before its process group is killed. */
  graceMs?: number
  /** Each line of output, as Packer wrote it (stdout and stderr interleaved). */
  onLine: (line: string) => void
  /** Told when the build is being stopped, and why. */
  onStopping?: (reason: string, forced: boolean) => void
}

export interface BuildOutcome {
  exitCode: number
  /** Why the build was stopped early: `timeout`, `SIGINT`, `SIGTERM`, `SIGHUP`. */
  stoppedBy?: string
  /** True when Packer did not stop on its own and its process group was killed. */
  killed: boolean
}

/**
 * `packer build` in its own process group (see runInGroup): a terminal's Ctrl-C reaches only hal,
 * which asks Packer to stop and clean up, and kills the group when the grace is over.
 */
export async function packerBuild(options: BuildOptions): Promise<BuildOutcome> {
  const result = await runInGroup({
    command: options.packer.command,
    args: options.args,
    cwd: options.cwd,
    env: { ...PACKER_ENV, TMPDIR: options.tmpDir },
    timeoutMs: options.timeoutMs,
    graceMs: options.graceMs ?? DEFAULT_BUILD_GRACE_MS,
    onLine: options.onLine,
    onStopping: options.onStopping,
  })
  if (result.spawnError) throw failed(`cannot run ${options.packer.command}: ${result.spawnError.message}`, { code: 'PACKER_MISSING', remediation: INSTALL_HINT })
  return { exitCode: result.exitCode, ...(result.stoppedBy ? { stoppedBy: result.stoppedBy } : {}), killed: result.killed }
}

/** A bake's log file: every line of Packer's output, with secrets scrubbed. */
export class BakeLog {
  private fd: number | undefined

  constructor(readonly path: string, private readonly scrub: (text: string) => string) {
    this.fd = openSync(path, 'a', 0o600)
  }

  write(line: string): void {
    if (this.fd !== undefined) writeSync(this.fd, `${this.scrub(line)}\n`)
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd)
    this.fd = undefined
  }
}

/** Replaces every occurrence of the secrets in a text (short values too would mangle the log: 4 characters at least). */
export function scrubber(secrets: readonly string[]): (text: string) => string {
  const values = secrets.filter((s) => s.length >= 4).sort((a, b) => b.length - a.length)
  return (text) => values.reduce((out, secret) => out.split(secret).join('<redacted>'), text)
}
