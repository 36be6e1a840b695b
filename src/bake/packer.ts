import { closeSync, openSync, writeSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { failed } from '../lib/errors.js'

/**
 * Running Packer: finding it, `packer validate`, and `packer build` in its own process group so
 * that a timeout or Ctrl-C stops Packer *and* its plugins, after giving Packer the chance to
 * clean up what it created (a cloud instance, a disk).
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

/** The installed Packer; exit 3 with how to install it when it is missing or too old. */
export async function findPacker(command = 'packer'): Promise<PackerInfo> {
  const { execa } = await import('execa')
  const result = await execa(command, ['version'], { reject: false, env: PACKER_ENV, timeout: 30_000, stdin: 'ignore' })
  if (result.failed && (result.code === 'ENOENT' || result.exitCode === 127)) {
    throw failed('Packer is not installed (no packer on PATH)', { code: 'PACKER_MISSING', remediation: INSTALL_HINT })
  }
  const version = /Packer v?(\d+\.\d+\.\d+)/.exec(String(result.stdout))?.[1]
  if (!version) {
    throw failed(`cannot tell which Packer this is: packer version said "${String(result.stdout || result.stderr).trim().split('\n')[0]}"`, {
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

/** `packer validate` with the same variables and template as the build. */
export async function packerValidate(packer: PackerInfo, args: readonly string[], cwd: string, tmpDir: string): Promise<ValidateOutcome> {
  const { execa } = await import('execa')
  const result = await execa(packer.command, ['validate', ...args], { reject: false, env: { ...PACKER_ENV, TMPDIR: tmpDir }, cwd, timeout: 120_000, stdin: 'ignore', all: true })
  if (result.timedOut) throw failed('packer validate did not finish within 2 minutes', { code: 'PACKER_TIMEOUT', remediation: 'Run it again; if it hangs, run the command with PACKER_LOG=1.' })
  return { exitCode: result.exitCode ?? 1, output: String(result.all ?? '') }
}

export interface BuildOptions {
  packer: PackerInfo
  /** Everything after `packer`. */
  args: readonly string[]
  cwd: string
  /** Packer's temporary files (inline scripts...) go here: an interrupted Packer leaves some behind. */
  tmpDir: string
  /** Stop the build after this long (0: never). */
  timeoutMs: number
  /** How long Packer may take to clean up after an interrupt before its process group is killed. */
  graceMs?: number
  /** Each line of output, as Packer wrote it (stdout and stderr interleaved). */
  onLine: (line: string) => void
  /** Told when the build is being stopped, and why. */
  onStopping?: (reason: string, forced: boolean) => void
}

export interface BuildOutcome {
  exitCode: number
  /** Why the build was stopped early: `timeout`, `SIGINT`, `SIGTERM`. */
  stoppedBy?: string
  /** True when Packer did not stop on its own and its process group was killed. */
  killed: boolean
}

export async function packerBuild(options: BuildOptions): Promise<BuildOutcome> {
  const { execa } = await import('execa')
  // detached: Packer leads its own process group. A terminal's Ctrl-C then reaches only hal,
  // which decides how to stop Packer; a group signal reaches Packer's plugin processes too.
  const child = execa(options.packer.command, options.args, {
    cwd: options.cwd,
    env: { ...PACKER_ENV, TMPDIR: options.tmpDir },
    detached: true,
    cleanup: false,
    reject: false,
    buffer: false,
    stdin: 'ignore',
    all: true,
  })
  const pgid = child.pid
  const signalGroup = (signal: NodeJS.Signals) => {
    if (pgid === undefined) return
    try {
      process.kill(-pgid, signal)
    } catch {
      // already gone
    }
  }

  let stoppedBy: string | undefined
  let killed = false
  let graceTimer: NodeJS.Timeout | undefined
  const kill = () => {
    killed = true
    signalGroup('SIGKILL')
  }
  const stop = (reason: string) => {
    if (stoppedBy === undefined) {
      stoppedBy = reason
      options.onStopping?.(reason, false)
      // Packer treats SIGINT as "cancel and clean up": it deletes what it created.
      signalGroup('SIGINT')
      graceTimer = setTimeout(kill, options.graceMs ?? 180_000)
    } else if (reason !== 'timeout') {
      // A second Ctrl-C: stop now, even if cloud resources are left behind.
      options.onStopping?.(reason, true)
      kill()
    }
  }
  const onSigint = () => stop('SIGINT')
  const onSigterm = () => stop('SIGTERM')
  process.on('SIGINT', onSigint)
  process.on('SIGTERM', onSigterm)
  const timer = options.timeoutMs > 0 ? setTimeout(() => stop('timeout'), options.timeoutMs) : undefined

  try {
    const lines = child.all ? createInterface({ input: child.all, crlfDelay: Infinity }) : undefined
    const reading = (async () => {
      if (lines) for await (const line of lines) options.onLine(line)
    })()
    // Packer's own exit, not the end of its output: a child it left behind may hold the pipe open.
    const exitCode = await new Promise<number>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1))))
    if (pgid !== undefined) await reapGroup(pgid)
    await child
    await reading
    return { exitCode, ...(stoppedBy ? { stoppedBy } : {}), killed }
  } finally {
    if (timer) clearTimeout(timer)
    if (graceTimer) clearTimeout(graceTimer)
    process.off('SIGINT', onSigint)
    process.off('SIGTERM', onSigterm)
    if (pgid !== undefined) await reapGroup(pgid)
  }
}

/** Nothing of Packer's may outlive it: give its plugins a moment to exit, then kill the rest of its group. */
async function reapGroup(pgid: number): Promise<void> {
  const alive = () => {
    try {
      process.kill(-pgid, 0)
      return true
    } catch {
      return false
    }
  }
  for (let waited = 0; alive() && waited < 2000; waited += 100) await new Promise((r) => setTimeout(r, 100))
  if (alive()) {
    try {
      process.kill(-pgid, 'SIGKILL')
    } catch {
      // gone meanwhile
    }
  }
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
