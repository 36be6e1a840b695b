import { spawn } from 'node:child_process'
import { crypto } from './crypto.js'
import { lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs'
import { constants, tmpdir } from 'node:os'
import { join } from 'node:path'
import { ExitCode, GalleyError, type ErrorDetails } from './errors.js'
import { safeCut } from './redact.js'

/**
 * Running an external program (Packer) so that nothing of it outlives the command: it leads its
 * own session and process group, every descendant inherits GALLEY_RUN_ID, and on every way out
 * (exit, error, timeout, SIGINT, SIGTERM, SIGHUP) the group is killed and any process still
 * carrying the run's id (one that left the group with setsid) is killed too.
 */

export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const
export type StopSignal = (typeof STOP_SIGNALS)[number]

/** After the program itself exits, how long the rest of its group gets before SIGKILL. */
const LEFTOVER_MS = 500
/** After everything is killed, how long to wait for the last output before closing the pipes. */
const DRAIN_MS = 200
/** After SIGKILL, how long to wait for the program's exit (a process stuck in the kernel cannot die at once). */
const KILL_WAIT_MS = 1_000
/** Output kept for the caller (validate's messages come first); lines are passed on whatever the size. */
const MAX_OUTPUT = 16 * 1024 * 1024
const MAX_LINE = 64 * 1024
/**
 * A "line" that never ends (binary garbage, a huge JSON blob) is passed on in pieces of about
 * `max` characters; the last element is the rest, kept for more output. Each piece is redacted
 * on its own, so a piece never ends inside a known secret value: the cut moves back to the
 * value's start (a value longer than a piece is cut where it must be).
 */
export function splitLongLine(text: string, max: number): string[] {
  const pieces: string[] = []
  let rest = text
  while (rest.length > max) {
    let cut = safeCut(rest, max)
    if (cut === 0) cut = max
    pieces.push(rest.slice(0, cut))
    rest = rest.slice(cut)
  }
  pieces.push(rest)
  return pieces
}

/** setTimeout's limit (about 24 days): a longer limit is no limit. */
const MAX_TIMER_MS = 2 ** 31 - 1

/** 128 + the signal's number, as shells report a program a signal stopped. */
const EXIT_OF: Record<StopSignal, (typeof ExitCode)[keyof typeof ExitCode]> = {
  SIGINT: ExitCode.CANCELLED,
  SIGTERM: ExitCode.TERMINATED,
  SIGHUP: ExitCode.HANGUP,
}

/**
 * The command's error after a signal: the given details (what was stopped, the log...) with the
 * signal's exit status, 128 + n.
 */
export function interruptedError(signal: StopSignal, cause?: unknown): GalleyError {
  if (cause instanceof GalleyError && cause.code.endsWith('INTERRUPTED')) {
    return new GalleyError(cause.message, EXIT_OF[signal], { code: cause.code, remediation: cause.remediation, detail: cause.detail, data: cause.data })
  }
  const details: ErrorDetails = {
    code: 'INTERRUPTED',
    remediation: 'Packer and everything it started were stopped and the temporary files removed; run the command again when ready.',
    data: { signal },
  }
  return new GalleyError(`interrupted by ${signal}`, EXIT_OF[signal], details)
}

// --- Signals -------------------------------------------------------------------------------

type SignalListener = (signal: StopSignal, first: boolean) => void

/** The signals received while a guarded command part runs, shared by every run inside it. */
const received = { signal: undefined as StopSignal | undefined, depth: 0, listeners: new Set<SignalListener>() }

const onSignal = (signal: StopSignal) => {
  const first = received.signal === undefined
  received.signal ??= signal
  for (const listener of [...received.listeners]) listener(signal, first)
}
const handlers = Object.fromEntries(STOP_SIGNALS.map((s) => [s, () => onSignal(s)])) as Record<StopSignal, () => void>

/** Writes to a terminal that hung up fail (EIO): that must not end hal before it has cleaned up. */
let streamErrorsIgnored = false
const ignoreStreamErrors = () => {
  if (streamErrorsIgnored) return
  streamErrorsIgnored = true
  process.stdout.on('error', () => {})
  process.stderr.on('error', () => {})
}

/**
 * Runs `work` with SIGINT, SIGTERM and SIGHUP caught instead of ending the process: a program
 * running in it is stopped (see runInGroup), `work` unwinds through its finally blocks (temporary
 * directories are removed there), and then the command fails with 128 + the signal's number.
 * Guards nest; the outermost one decides.
 */
export async function guardSignals<T>(work: () => Promise<T>): Promise<T> {
  if (received.depth++ === 0) {
    received.signal = undefined
    for (const s of STOP_SIGNALS) process.on(s, handlers[s])
    ignoreStreamErrors()
  }
  let result: T
  try {
    result = await work()
  } catch (error) {
    if (received.depth === 1 && received.signal) throw interruptedError(received.signal, error)
    throw error
  } finally {
    if (--received.depth === 0) {
      for (const s of STOP_SIGNALS) process.off(s, handlers[s])
    }
  }
  if (received.depth === 0 && received.signal) throw interruptedError(received.signal)
  return result
}

/** The first stop signal received inside the current guard, if any. */
export const interruptedBy = (): StopSignal | undefined => received.signal

// --- Finding and killing --------------------------------------------------------------------

const signalGroup = (pgid: number, signal: NodeJS.Signals): boolean => {
  try {
    process.kill(-pgid, signal)
    return true
  } catch {
    return false // the group is empty
  }
}

const groupAlive = (pgid: number) => signalGroup(pgid, 0 as unknown as NodeJS.Signals)

/**
 * Processes whose environment (as it was at their exec) holds GALLEY_RUN_ID=id: the program's
 * descendants, wherever they went. Linux only (/proc); zombies show an empty environment.
 */
export function carriersOf(id: string): number[] {
  let names: string[]
  try {
    names = readdirSync('/proc')
  } catch {
    return []
  }
  const needle = Buffer.from(`\0GALLEY_RUN_ID=${id}\0`)
  const found: number[] = []
  for (const name of names) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue
    let environ: Buffer
    try {
      environ = readFileSync(`/proc/${name}/environ`)
    } catch {
      continue // gone, or another user's
    }
    if (Buffer.concat([Buffer.from([0]), environ, Buffer.from([0])]).includes(needle)) found.push(Number(name))
  }
  return found
}

/** Kills whatever still carries the run's id; a forking process may need more than one pass. */
function killCarriers(id: string): number {
  let killed = 0
  for (let pass = 0; pass < 10; pass++) {
    const pids = carriersOf(id)
    if (pids.length === 0) break
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL')
        killed++
      } catch {
        // gone meanwhile
      }
    }
  }
  return killed
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

// --- What a killed hal left ---------------------------------------------------------------------

/** A process's start time (clock ticks since boot) and whether it is a zombie; undefined when it is gone. */
function processStart(pid: number): { start: string; zombie: boolean } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // After the command name: field 3 (state) is fields[0], field 22 (starttime) is fields[19].
    return { start: fields[19], zombie: fields[0] === 'Z' }
  } catch {
    return undefined
  }
}

let token: string | null | undefined
/**
 * This hal as a later command can recognise it: the boot, the pid namespace, the pid and its
 * start time (a reused pid has another). null where /proc does not tell (not Linux).
 */
function ownerToken(): string | null {
  if (token !== undefined) return token
  try {
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim().replace(/-/g, '').slice(0, 12)
    const ns = /\[(\d+)\]/.exec(readlinkSync('/proc/self/ns/pid'))?.[1]
    const start = processStart(process.pid)?.start
    token = /^[0-9a-f]{12}$/.test(boot) && ns && start && /^\d+$/.test(start) ? `${boot}.${ns}.${process.pid}.${start}` : null
  } catch {
    token = null
  }
  return token
}

const TOKEN = /^([0-9a-f]{12})\.(\d+)\.(\d+)\.(\d+)$/

/**
 * Whether the hal a token names is gone (killed, typically with SIGKILL, when nothing could run).
 * Only a token of this boot and this pid namespace can be judged: another machine sharing the
 * temporary directory, or another container, is left alone.
 */
function ownerGone(other: string): boolean {
  const mine = ownerToken()
  const a = TOKEN.exec(other)
  const b = mine ? TOKEN.exec(mine) : null
  if (!a || !b || a[1] !== b[1] || a[2] !== b[2]) return false
  const owner = processStart(Number(a[3]))
  return owner === undefined || owner.zombie || owner.start !== a[4]
}

const OWNER_FILE = '.owner'

/**
 * A private temporary directory (mkdtemp: mode 0700), galley-KIND-XXXXXX, that names this hal in
 * a file inside, so that a later command that runs Packer can remove it when this hal was killed. (Not in the directory's name:
 * Packer's plugin sockets live under TMPDIR, and a socket path may not pass 107 bytes.)
 */
export function ownedTempDir(kind: string): string {
  const root = mkdtempSync(join(tmpdir(), `galley-${kind}-`))
  const mine = ownerToken()
  try {
    if (mine) writeFileSync(join(root, OWNER_FILE), `${mine}\n`, { mode: 0o600 })
  } catch (error) {
    rmSync(root, { recursive: true, force: true })
    throw error
  }
  return root
}

let swept = false
/**
 * Once per process, before a program runs: kills the processes of runs whose hal was killed
 * (they carry its token in GALLEY_RUN_ID), then removes that hal's staged directories. Cheap
 * (one pass over /proc and the temporary directory) and limited to this user's processes and
 * directories of this boot and pid namespace.
 */
export function reapAfterKilledRuns(): void {
  if (swept || !ownerToken()) return
  swept = true
  let names: string[] = []
  try {
    names = readdirSync('/proc')
  } catch {
    // no /proc
  }
  for (const name of names) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue
    let environ: string
    try {
      environ = readFileSync(`/proc/${name}/environ`, 'latin1')
    } catch {
      continue
    }
    const id = /(?:^|\0)GALLEY_RUN_ID=([^\0]*)/.exec(environ)?.[1]
    const owner = id?.slice(0, id.lastIndexOf('.'))
    if (owner && ownerGone(owner)) {
      try {
        process.kill(Number(name), 'SIGKILL')
      } catch {
        // gone meanwhile
      }
    }
  }
  const uid = process.getuid?.()
  let entries: string[] = []
  try {
    entries = readdirSync(tmpdir())
  } catch {
    return
  }
  for (const entry of entries) {
    if (!/^galley-[a-z]+-[A-Za-z0-9]{6}$/.test(entry)) continue
    const path = join(tmpdir(), entry)
    try {
      const stat = lstatSync(path)
      // Only a real directory of this user: never a link, never someone else's.
      if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid)) continue
      // No owner file yet: a hal that is creating it right now.
      const owner = readFileSync(join(path, OWNER_FILE), 'utf8').trim()
      if (ownerGone(owner)) rmSync(path, { recursive: true, force: true })
    } catch {
      // gone, no owner, or not removable: left alone
    }
  }
}

// --- Running ----------------------------------------------------------------------------------

export interface GroupRunOptions {
  command: string
  args: readonly string[]
  cwd?: string
  /** Added to this process's environment. */
  env?: Record<string, string>
  /** Stop the program after this long (0: never). */
  timeoutMs: number
  /** After a timeout or a first signal, how long the program may clean up before its group is killed. */
  graceMs: number
  /** Each line of output (stdout and stderr interleaved as they arrive). */
  onLine?: (line: string) => void
  /** Told when the program is being stopped, and why; forced when it is killed at once. */
  onStopping?: (reason: string, forced: boolean) => void
}

export interface GroupOutcome {
  /** The program's exit status; 128 + n when a signal ended it; -1 when it could not start. */
  exitCode: number
  /** Output, stdout and stderr interleaved (the first 16 MB). */
  output: string
  /** Why it was stopped early: `timeout`, or the signal hal received. */
  stoppedBy?: 'timeout' | StopSignal
  /** True when it did not stop on its own within the grace and its group was killed. */
  killed: boolean
  /** Why it could not start (ENOENT...). */
  spawnError?: NodeJS.ErrnoException
}

/**
 * Runs a program in its own session and process group and ends all of it on every way out.
 * Stopping (timeout, SIGINT, SIGTERM, SIGHUP): SIGINT to the group (Packer cleans up what it
 * created), then SIGKILL after `graceMs`; a second signal kills at once. After the program exits,
 * what is left of its group gets LEFTOVER_MS, then SIGKILL, and every process carrying the run's
 * id is killed. Output is not waited for past DRAIN_MS: a descendant holding the pipe open cannot
 * hold hal. Bound, from the program's start: timeoutMs + graceMs + LEFTOVER_MS + DRAIN_MS (0.7 s),
 * and KILL_WAIT_MS (1 s) more only when a killed process is stuck in the kernel.
 */
export async function runInGroup(options: GroupRunOptions): Promise<GroupOutcome> {
  const already = received.signal
  if (already) throw interruptedError(already)
  reapAfterKilledRuns()
  // The owner's token first: a later command can tell that this hal is gone.
  const runId = `${ownerToken() ?? process.pid}.${crypto().randomBytes(8).toString('hex')}`
  const child = spawn(options.command, [...options.args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env, GALLEY_RUN_ID: runId },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const pgid = child.pid

  let output = ''
  const emit = (line: string) => {
    try {
      options.onLine?.(line)
    } catch {
      // A display that fails (a terminal gone) must not stop the clean-up.
    }
  }
  const streamsEnded = [child.stdout, child.stderr].map((stream) => {
    let partial = ''
    stream.setEncoding('utf8')
    stream.on('data', (chunk: string) => {
      if (output.length < MAX_OUTPUT) output += chunk.slice(0, MAX_OUTPUT - output.length)
      const lines = (partial + chunk).split('\n')
      partial = lines.pop() ?? ''
      const pieces = splitLongLine(partial, MAX_LINE)
      partial = pieces.pop() ?? ''
      for (const line of [...lines, ...pieces]) emit(line.replace(/\r$/, ''))
    })
    return new Promise<void>((resolve) => {
      const end = () => {
        if (partial) emit(partial)
        partial = ''
        resolve()
      }
      stream.once('end', end)
      stream.once('close', end)
      stream.once('error', end)
    })
  })

  let stoppedBy: GroupOutcome['stoppedBy']
  let killed = false
  let graceTimer: NodeJS.Timeout | undefined
  let giveUp: NodeJS.Timeout | undefined
  let exited: (outcome: { code: number; error?: NodeJS.ErrnoException }) => void = () => {}
  const killNow = () => {
    killed = true
    if (pgid !== undefined) signalGroup(pgid, 'SIGKILL')
    // The time limit holds even for a process the kernel keeps (uninterruptible sleep): stop waiting.
    giveUp ??= setTimeout(() => exited({ code: 128 + constants.signals.SIGKILL }), KILL_WAIT_MS)
  }
  const stop = (reason: 'timeout' | StopSignal, first: boolean) => {
    if (stoppedBy === undefined && first) {
      stoppedBy = reason
      options.onStopping?.(reason, false)
      // Packer treats SIGINT as "cancel and clean up": it deletes what it created.
      if (pgid !== undefined) signalGroup(pgid, 'SIGINT')
      graceTimer = setTimeout(() => {
        options.onStopping?.(reason, true)
        killNow()
      }, Math.min(options.graceMs, MAX_TIMER_MS))
    } else if (reason !== 'timeout' && !killed) {
      // A second signal: stop now, even if Packer has not finished cleaning up.
      options.onStopping?.(reason, true)
      killNow()
    }
  }
  const listener: SignalListener = (signal) => stop(signal, stoppedBy === undefined)
  received.listeners.add(listener)
  const timer = options.timeoutMs > 0 ? setTimeout(() => stop('timeout', true), Math.min(options.timeoutMs, MAX_TIMER_MS)) : undefined

  let ended = false
  try {
    // The program's own exit, not the end of its output: a descendant may hold the pipes open.
    const exit = await new Promise<{ code: number; error?: NodeJS.ErrnoException }>((resolve) => {
      exited = resolve
      child.once('error', (error: NodeJS.ErrnoException) => resolve({ code: -1, error }))
      child.once('exit', (code, signal) => resolve({ code: code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : 1) }))
    })
    await endRun(pgid, runId)
    ended = true
    await Promise.race([Promise.all(streamsEnded), sleep(DRAIN_MS)])
    return { exitCode: exit.code, output, ...(stoppedBy ? { stoppedBy } : {}), killed, ...(exit.error ? { spawnError: exit.error } : {}) }
  } finally {
    if (timer) clearTimeout(timer)
    if (graceTimer) clearTimeout(graceTimer)
    if (giveUp) clearTimeout(giveUp)
    received.listeners.delete(listener)
    child.stdout.destroy()
    child.stderr.destroy()
    // Even on an unexpected error: nothing of the run survives it.
    if (!ended) {
      if (pgid !== undefined) signalGroup(pgid, 'SIGKILL')
      killCarriers(runId)
    }
  }
}

/** After the program exited: its group gets LEFTOVER_MS to go, then SIGKILL; then the run's id is hunted down. */
async function endRun(pgid: number | undefined, runId: string): Promise<void> {
  if (pgid !== undefined) {
    for (let waited = 0; groupAlive(pgid) && waited < LEFTOVER_MS; waited += 50) await sleep(50)
    signalGroup(pgid, 'SIGKILL')
  }
  killCarriers(runId)
}
