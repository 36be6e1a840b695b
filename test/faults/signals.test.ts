import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { BIN, ROOT } from '../helpers/hal.js'
import { carrying, running } from '../helpers/processes.js'
import { needsProgram } from '../helpers/tools.js'
import { hasStackTrace, recordFigure } from './record.js'

// Stopping hal while Packer runs, every way a user or a system stops it: SIGINT, SIGTERM, SIGHUP
// sent to hal, Ctrl-C typed on a terminal (a pseudo-terminal from script(1)), and the terminal
// itself going away. For `bake test`, `bake validate` and `template lint`, each run checks that
// hal ends within its bound, with 128 + the signal's number, that no process Packer started is
// left (found by an environment variable every descendant inherits, not by a marker in argv:
// grandchildren do not carry one), and that the temporary directory is empty.
//
// Most runs use a stub Packer (a shell script first on PATH: a real Packer cannot be made to
// spawn grandchildren, leave its process group or ignore SIGINT on cue); the names say so. The
// bake test runs also use the real Packer with a null builder whose shell-local provisioner
// does the same.

const PROBE = 'GALLEY_ORPHAN_PROBE'
/** After the signal, hal must end within this: 0.5 s for Packer's group to go, 0.2 s for its output, start-up noise. */
const STOP_BOUND_MS = 4_000

const CONFIG = `currentDeployment: default
deploymentConfigurations:
- name: default
  providers:
    google:
      enabled: true
      accounts:
      - name: gce
        project: my-gcp-project
      bakeryDefaults:
        baseImages:
        - baseImage: {id: ubuntu-2204, packageType: deb, imageFamily: true}
          virtualizationSettings: {sourceImageFamily: ubuntu-2204-lts}
`

const BAKE = ['--provider', 'google', '--base-image', 'ubuntu-2204', '--package', 'nginx']
const COMMANDS = {
  test: ['bake', 'test', ...BAKE],
  validate: ['bake', 'validate', ...BAKE],
  lint: ['config', 'bakery', 'template', 'lint'],
} as const
type Command = keyof typeof COMMANDS

const VERSION = 'case "$1" in version|-v|--version) echo "Packer v1.6.6"; exit 0;; esac'
/** Tells the test that everything is started. */
const READY = 'touch "$STUB_READY"'

/** Stub Packers, each doing one hostile thing after answering `packer version`. */
const STUBS = {
  /** Sleeping grandchildren: one in its group holding stdout, one ignoring the polite signals, one that left the group with setsid. */
  grandchildren: [
    VERSION,
    'sleep 300 &',
    "sh -c 'trap \"\" INT TERM HUP; sleep 300' &",
    "setsid sh -c 'sleep 300' > /dev/null 2>&1 &",
    'echo "==> stub: building"',
    READY,
    'sleep 300',
  ].join('\n'),
  /** Ignores SIGINT, and so does its grandchild: only the kill at the end of the grace stops them. */
  ignoresSigint: [VERSION, "trap '' INT", 'sleep 300 &', 'echo "==> stub: waiting"', READY, 'sleep 300'].join('\n'),
  /** Hangs in `packer version` (with a grandchild), before the build or validate starts: hal is still preparing. */
  slowVersion: ['sleep 300 &', 'echo "==> stub: thinking"', READY, 'sleep 300'].join('\n'),
  /** Answers and exits at once: the next command after a killed one. */
  quiet: [VERSION, 'exit 0'].join('\n'),
  /** Exits at once, successfully, while a grandchild keeps its stdout open for 300 s. */
  holdsStdout: [VERSION, 'sleep 300 &', 'echo "==> stub: done"', READY, 'exit 0'].join('\n'),
}

/** A null build whose shell-local provisioner starts the same grandchildren as the stub, for the real Packer. */
const REAL_TEMPLATE = JSON.stringify({
  builders: [{ type: 'null', communicator: 'none' }],
  provisioners: [{
    type: 'shell-local',
    inline: [
      'sleep 300 &',
      "sh -c 'trap \"\" INT TERM HUP; sleep 300' &",
      "setsid sh -c 'sleep 300' > /dev/null 2>&1 &",
      'touch "$STUB_READY"',
      'sleep 300',
    ],
  }],
}, null, 2)

interface Workspace {
  bin?: string
  tmp: string
  ready: string
  probe: string
  env: Record<string, string>
}

// Not helpers' tempDir: its clean-up after each test would pull directories from under the runs still going.
const workspaces: string[] = []
afterAll(() => {
  for (const dir of workspaces) rmSync(dir, { recursive: true, force: true })
})

function workspace(stub: keyof typeof STUBS | 'real'): Workspace {
  const work = mkdtempSync(join(tmpdir(), 'galley-signals-'))
  workspaces.push(work)
  const halDir = join(work, '.hal')
  const packerDir = join(halDir, 'default', 'profiles', 'rosco', 'packer')
  mkdirSync(packerDir, { recursive: true })
  writeFileSync(join(halDir, 'config'), CONFIG)
  // Template lint checks the custom templates: one, so that Packer runs.
  copyFileSync(join(ROOT, 'templates', 'gce.json'), join(packerDir, 'mine.json'))
  writeFileSync(join(packerDir, 'sleepy.json'), REAL_TEMPLATE)
  let path = process.env.PATH ?? ''
  if (stub !== 'real') {
    const bin = join(work, 'bin')
    mkdirSync(bin)
    writeFileSync(join(bin, 'packer'), `#!/bin/sh\n${STUBS[stub]}\n`, { mode: 0o755 })
    path = `${bin}:${path}`
  }
  const tmp = join(work, 'tmp')
  mkdirSync(tmp)
  const probe = randomBytes(8).toString('hex')
  return {
    ...(stub !== 'real' ? { bin: join(work, 'bin') } : {}),
    tmp,
    ready: join(work, 'ready'),
    probe,
    env: { NO_COLOR: '1', HAL_DIR: halDir, TMPDIR: tmp, PATH: path, [PROBE]: probe, STUB_READY: join(work, 'ready') },
  }
}

interface Running {
  child: ChildProcess
  output: () => string
  ended: Promise<{ exitCode: number | null; at: number }>
}

const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`

/** Starts hal, on pipes or on a pseudo-terminal (script(1), whose exit status is hal's). */
function launch(ws: Workspace, args: readonly string[], on: 'pipes' | 'terminal'): Running {
  const env = { ...process.env, ...ws.env }
  const child = on === 'pipes'
    ? spawn('node', [BIN, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn('script', ['-qfec', `exec ${['node', BIN, ...args].map(quote).join(' ')}`, '/dev/null'], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] })
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  const ended = new Promise<{ exitCode: number | null; at: number }>((resolve) => child.once('exit', (exitCode) => resolve({ exitCode, at: Date.now() })))
  return { child, output: () => output, ended }
}

/** Waits until the (stub or real) Packer has started everything; hal's pid. */
async function packerStarted(ws: Workspace, run: Running): Promise<number> {
  let exited = false
  void run.ended.then(() => (exited = true))
  for (let waited = 0; waited < 30_000 && !exited; waited += 25) {
    const hal = existsSync(ws.ready) && carrying(PROBE, ws.probe).find((p) => p.cmdline.startsWith(`node ${BIN} `))
    if (hal) return hal.pid
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error(`Packer never got going; hal ${exited ? 'exited' : 'still runs'}:\n${run.output()}`)
}

/** What is left of the run: processes carrying the probe (then killed, so that one failure does not leak into the next), temporary files. */
async function leftovers(ws: Workspace): Promise<{ processes: string[]; temp: string[] }> {
  await new Promise((r) => setTimeout(r, 150))
  const found = carrying(PROBE, ws.probe)
  for (const p of found) {
    try {
      process.kill(p.pid, 'SIGKILL')
    } catch {
      // gone
    }
  }
  return { processes: found.map((p) => `${p.pid} ${p.cmdline}`), temp: readdirSync(ws.tmp) }
}

type Stop = 'SIGINT' | 'SIGTERM' | 'SIGHUP' | 'Ctrl-C on a terminal' | 'terminal hung up'
const EXIT: Record<Stop, number | undefined> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129, 'Ctrl-C on a terminal': 130, 'terminal hung up': undefined }

/**
 * Starts the command, waits for Packer to be in full swing, stops hal the given way, and checks
 * that it ended within the bound, with the signal's exit status, leaving nothing behind.
 */
async function stopAndCheck(command: Command, stub: keyof typeof STUBS | 'real', stop: Stop, extra: string[] = []): Promise<void> {
  const ws = workspace(stub)
  const on = stop === 'Ctrl-C on a terminal' || stop === 'terminal hung up' ? 'terminal' : 'pipes'
  const run = launch(ws, [...COMMANDS[command], ...extra], on)
  const halPid = await packerStarted(ws, run)
  const stoppedAt = Date.now()
  let endedAt: number
  let exitCode: number | null = null
  if (stop === 'terminal hung up') {
    // The terminal goes away: the kernel sends SIGHUP to hal, and its writes to the terminal fail.
    run.child.kill('SIGKILL')
    for (let waited = 0; running(halPid) && waited < 30_000; waited += 25) await new Promise((r) => setTimeout(r, 25))
    endedAt = Date.now()
  } else {
    if (stop === 'Ctrl-C on a terminal') run.child.stdin!.write('\u0003')
    else run.child.kill(stop)
    const timer = setTimeout(() => run.child.kill('SIGKILL'), 30_000)
    const ended = await run.ended
    clearTimeout(timer)
    endedAt = ended.at
    exitCode = ended.exitCode
  }
  const left = await leftovers(ws)
  const took = endedAt - stoppedAt
  expect(left.processes, `left running after ${stop}:\n${run.output()}`).toEqual([])
  expect(left.temp, 'temporary files left behind').toEqual([])
  expect(took, `hal took ${took} ms to end after ${stop}:\n${run.output()}`).toBeLessThanOrEqual(STOP_BOUND_MS)
  if (EXIT[stop] !== undefined) expect(exitCode, run.output()).toBe(EXIT[stop])
  expect(hasStackTrace(run.output())).toBe(false)
  if (on === 'pipes') expect(run.output()).toMatch(new RegExp(`interrupted (by |\\()${stop}`))
}

let signalRuns = 0
let signalHeld = 0
let limitRuns = 0
let limitHeld = 0
let killRuns = 0
let killHeld = 0
afterAll(() => {
  recordFigure('SIGKILL of hal, then the next Packer command', killRuns, 'kills', killHeld, 'orphans and staged directory reaped by it')
  recordFigure('signals x {test, validate, lint}', signalRuns, 'signal runs', signalHeld, '0 orphans, 0 hangs, temp removed')
  recordFigure('time limits with a hostile Packer (ignores SIGINT, holds stdout)', limitRuns, 'runs', limitHeld, 'ended within the bound, 0 orphans, temp removed')
})

const STOPS: Stop[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'Ctrl-C on a terminal', 'terminal hung up']

describe.runIf(needsProgram('setsid') && needsProgram('script'))('stopping hal while a stub Packer runs with grandchildren (one ignoring SIGINT, one setsid): nothing survives', () => {
  for (const command of Object.keys(COMMANDS) as Command[]) {
    for (const stop of STOPS) {
      it.concurrent(`${command}: ${stop}`, async () => {
        signalRuns++
        await stopAndCheck(command, 'grandchildren', stop)
        signalHeld++
      })
    }
  }
})

describe('stopping hal while a stub Packer hangs in `packer version`, before Packer builds or validates: the staged directory goes too', () => {
  for (const command of ['test', 'validate'] as const) {
    for (const stop of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      it.concurrent(`${command}: ${stop}`, async () => {
        signalRuns++
        await stopAndCheck(command, 'slowVersion', stop)
        signalHeld++
      })
    }
  }
})

describe.runIf(needsProgram('packer') && needsProgram('setsid') && needsProgram('script'))('stopping hal bake test while the real Packer runs a provisioner with grandchildren: nothing survives', () => {
  for (const stop of STOPS) {
    it.concurrent(`test (real Packer): ${stop}`, async () => {
      signalRuns++
      await stopAndCheck('test', 'real', stop, ['--template-file', 'sleepy.json'])
      signalHeld++
    })
  }
})

/** Runs the command to its end, after the given signals (if any); how long after Packer started it ended. */
async function runToEnd(command: Command, stub: keyof typeof STUBS, extra: string[], signals: NodeJS.Signals[] = []) {
  const ws = workspace(stub)
  const run = launch(ws, [...COMMANDS[command], ...extra], 'pipes')
  await packerStarted(ws, run)
  const packerAt = Date.now()
  for (const signal of signals) {
    run.child.kill(signal)
    await new Promise((r) => setTimeout(r, 300))
  }
  const timer = setTimeout(() => run.child.kill('SIGKILL'), 60_000)
  const ended = await run.ended
  clearTimeout(timer)
  const left = await leftovers(ws)
  return { exitCode: ended.exitCode, took: ended.at - packerAt, output: run.output(), left }
}

describe('time limits hold against a stub Packer', () => {
  const cases: Array<{ name: string; command: Command; stub: keyof typeof STUBS; args: string[]; signals?: NodeJS.Signals[]; exitCode: number; boundMs: number; says?: RegExp }> = [
    // The default grace (60 s) is not waited for: a second Ctrl-C kills at once.
    { name: 'bake test, stub Packer ignoring SIGINT, a second SIGINT 0.3 s after the first: ends within 2 s, not after the 60 s grace', command: 'test', stub: 'ignoresSigint', args: [], signals: ['SIGINT', 'SIGINT'], exitCode: 130, boundMs: 2_000, says: /Killing Packer \(SIGINT\)/ },
    // Bound: --timeout + --grace + 0.7 s of reaping, plus slack for a loaded machine.
    { name: 'bake test --timeout 2s --grace 1s, stub Packer ignoring SIGINT: ends within 2 s + 1 s + 1.5 s', command: 'test', stub: 'ignoresSigint', args: ['--timeout', '2s', '--grace', '1s'], exitCode: 3, boundMs: 4_500, says: /timed out after 2s: Packer was stopped and killed/ },
    { name: 'bake validate --timeout 2s, stub Packer ignoring SIGINT: ends within 2 s + 2 s grace + 1.5 s', command: 'validate', stub: 'ignoresSigint', args: ['--timeout', '2s'], exitCode: 3, boundMs: 5_500, says: /did not finish within 2s/ },
    { name: 'bake validate, stub Packer exiting while a grandchild holds its stdout for 300 s: ends within 2 s', command: 'validate', stub: 'holdsStdout', args: [], exitCode: 0, boundMs: 2_000 },
    { name: 'bake test, stub Packer exiting while a grandchild holds its stdout for 300 s: ends within 2 s', command: 'test', stub: 'holdsStdout', args: [], exitCode: 0, boundMs: 2_000 },
    { name: 'template lint, stub Packer exiting while a grandchild holds its stdout for 300 s: ends within 2 s', command: 'lint', stub: 'holdsStdout', args: [], exitCode: 0, boundMs: 2_000 },
  ]
  for (const c of cases) {
    it.concurrent(c.name, async () => {
      limitRuns++
      const result = await runToEnd(c.command, c.stub, c.args, c.signals)
      expect(result.left.processes, result.output).toEqual([])
      expect(result.left.temp).toEqual([])
      expect(result.took, `took ${result.took} ms after Packer started:\n${result.output}`).toBeLessThanOrEqual(c.boundMs)
      expect(result.exitCode, result.output).toBe(c.exitCode)
      if (c.says) expect(result.output).toMatch(c.says)
      expect(hasStackTrace(result.output)).toBe(false)
      limitHeld++
    })
  }
})

// One at a time, and alone: any hal that runs Packer meanwhile would reap what the killed one left.
describe.runIf(needsProgram('setsid'))('SIGKILL of hal while a stub Packer runs with grandchildren: nothing can run then, the next command that runs Packer reaps what was left', () => {
  for (const command of Object.keys(COMMANDS) as Command[]) {
    it(`${command}, then bake validate`, async () => {
      killRuns++
      const ws = workspace('grandchildren')
      const run = launch(ws, COMMANDS[command], 'pipes')
      await packerStarted(ws, run)
      run.child.kill('SIGKILL')
      await run.ended
      await new Promise((r) => setTimeout(r, 150))
      // The limit: a killed hal ends nothing. Packer and its grandchildren live on, the staged directory stays.
      expect(carrying(PROBE, ws.probe).length).toBeGreaterThan(0)
      expect(readdirSync(ws.tmp).length).toBeGreaterThan(0)
      writeFileSync(join(ws.bin!, 'packer'), `#!/bin/sh\n${STUBS.quiet}\n`, { mode: 0o755 })
      const next = launch({ ...ws, env: { ...ws.env, [PROBE]: 'next-command' } }, COMMANDS.validate, 'pipes')
      const ended = await next.ended
      expect(ended.exitCode, next.output()).toBe(0)
      const left = await leftovers(ws)
      expect(left.processes).toEqual([])
      expect(left.temp).toEqual([])
      killHeld++
    })
  }
})

describe('what the next command leaves alone', () => {
  it('processes and staged directories of a living hal, of another boot and of another pid namespace', async () => {
    const ws = workspace('quiet')
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim().replace(/-/g, '').slice(0, 12)
    const ns = /\[(\d+)\]/.exec(readlinkSync('/proc/self/ns/pid'))![1]
    const stat = readFileSync(`/proc/${process.pid}/stat`, 'utf8')
    const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]
    // A dead pid of this boot and namespace would be reaped (the SIGKILL cases above); these must not be.
    const owners = {
      living: `${boot}.${ns}.${process.pid}.${start}`,
      otherBoot: `0123456789ab.${ns}.999999.1`,
      otherNamespace: `${boot}.1.999999.1`,
    }
    const sleepers = Object.values(owners).map((owner) =>
      spawn('sleep', ['60'], { env: { ...process.env, GALLEY_RUN_ID: `${owner}.feedface`, [PROBE]: ws.probe }, stdio: 'ignore', detached: true }))
    const dirs = Object.values(owners).map((owner) => {
      const dir = mkdtempSync(join(ws.tmp, 'galley-bake-'))
      writeFileSync(join(dir, '.owner'), `${owner}\n`)
      return dir
    })
    try {
      const next = launch(ws, COMMANDS.validate, 'pipes')
      const ended = await next.ended
      expect(ended.exitCode, next.output()).toBe(0)
      expect(carrying(PROBE, ws.probe).map((p) => p.pid).sort()).toEqual(sleepers.map((s) => s.pid).sort())
      expect(readdirSync(ws.tmp).sort()).toEqual(dirs.map((d) => d.split('/').pop()).sort())
    } finally {
      for (const s of sleepers) s.kill('SIGKILL')
    }
  })
})
