import { spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { basename, dirname, join, relative } from 'node:path'
import { crc32 } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { BIN } from '../helpers/hal.js'
import { needsProgram } from '../helpers/tools.js'
import { recordFigure } from './record.js'

/*
 * Kills at fixed syscall points inside the write path of every write command.
 *
 * 1. Count: the command runs once under `strace -f -y` tracing the syscalls that change files
 *    (rename*, link*, unlink*, fsync, fdatasync, write). -y names the file behind each fd, so a
 *    point counts only when the call touches this test's directory: writes to stdout, pipes and
 *    eventfds (libuv's wake-ups) are not points. The test fails if any thread but the main one
 *    touches the directory: galley's write path is synchronous by design, so that these points
 *    are all of it.
 * 2. Kill: for each point (the Nth call of SYSCALL by the main thread) the command runs again
 *    from the same starting state under `strace -e inject=SYSCALL:signal=KILL:when=N`, without
 *    -f: strace then follows only the main thread, so N counts exactly what step 1 counted
 *    (strace's counters are per thread; with -f a worker thread's Nth eventfd write would be
 *    killed instead). The injection run's own trace must show N calls, the last unfinished:
 *    the kill landed on the point.
 * 3. Check, right after the kill: the config is the old or the new one byte for byte (both
 *    validate), templates and generated files are each old or new (never missing when both
 *    states have them).
 * 4. Next command (a write command that changes nothing, or the same generate): then the state
 *    as a whole is the old or the new one, the undo history's newest entry is the change that
 *    made the current config, and nothing is left: no temp files, work directories, pending
 *    undo entries, lock or lock tokens.
 */

const START = `# Crash-safety target: every byte here must survive.
currentDeployment: default
deploymentConfigurations:
- name: default
  providers:
    google:
      enabled: true
      accounts:
      - name: gce
        project: my-gcp-project
      bakeryDefaults:
        zone: us-central1-f
        network: default
        baseImages:
        - baseImage:
            id: ubuntu-2204
            packageType: deb
            imageFamily: true
          virtualizationSettings:
            sourceImageFamily: ubuntu-2204-lts
`
const START2 = START.replace('network: default', 'network: restored-net')

const TRACED = ['rename', 'renameat', 'renameat2', 'link', 'linkat', 'unlink', 'unlinkat', 'fsync', 'fdatasync', 'write']
/** Kills run in parallel, one per core (at least two): each is a strace and a node process. */
const CONCURRENCY = Math.max(2, availableParallelism())

interface Scenario {
  name: string
  /** Builds the starting state in `root` (the hal directory is root/.hal). */
  setup: (root: string) => void
  args: (root: string) => string[]
  /** A command run after the kill: it must finish or clean up what the kill left. */
  next: (root: string) => string[]
  /** Files that may be missing between a kill and the next command (directories swapped by rename). */
  swapsDirectories?: boolean
  /** With --file: the file the command edits, relative to root (its lock and undo history are beside it). */
  file?: string
}

/** The config a scenario changes, and where its lock and undo history are, relative to root. */
function stateOf(scenario: Pick<Scenario, 'file'> | undefined): { config: string; lock: string; undo: string } {
  if (scenario?.file === undefined) return { config: join('.hal', 'config'), lock: join('.hal', '.galley', 'lock'), undo: join('.hal', '.galley', 'undo') }
  const own = join(dirname(scenario.file), '.galley', 'files', basename(scenario.file))
  return { config: scenario.file, lock: join(own, 'lock'), undo: join(own, 'undo') }
}

/**
 * The children's environment: vitest's NODE_ENV=test makes each hal start-up about three times
 * slower (oclif takes another path), which this file, with some 450 runs, cannot afford.
 */
const { NODE_ENV: _testMode, ...CHILD_ENV } = process.env

const hal = (root: string, args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { env: { ...CHILD_ENV, HAL_DIR: join(root, '.hal'), HAL_LOCK_TIMEOUT: '5', NO_COLOR: '1' }, encoding: 'utf8', timeout: 30_000 })

/** The same, without blocking the event loop: the kills run in parallel around it. */
const halAsync = (root: string, args: string[]) => new Promise<{ status: number | null; stderr: string }>((resolve) => {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...CHILD_ENV, HAL_DIR: join(root, '.hal'), HAL_LOCK_TIMEOUT: '5', NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  child.on('close', (status) => resolve({ status, stderr }))
})

const write = (path: string, content: string, mode?: number) => {
  mkdirSync(join(path, '..'), { recursive: true })
  writeFileSync(path, content, mode === undefined ? undefined : { mode })
}
const packer = (root: string) => join(root, '.hal', 'default', 'profiles', 'rosco', 'packer')
const NOOP = ['config', '--set-current-deployment', 'default']

function templateSources(root: string, version: string) {
  write(join(root, 'src', 'gce-custom.json'), `{"builders": [{"type": "googlecompute", "image_name": "${version}"}]}\n`)
  write(join(root, 'src', 'scripts', 'setup.sh'), `#!/bin/sh\necho ${version}\n`, 0o755)
}

const SCENARIOS: Scenario[] = [
  {
    name: 'base-image add',
    setup: (root) => write(join(root, '.hal', 'config'), START),
    args: () => ['config', 'provider', 'google', 'bakery', 'base-image', 'add', 'debian-12', '--package-type', 'deb', '--source-image-family', 'debian-12', '--is-image-family'],
    next: () => NOOP,
  },
  {
    // A bare deployment kept as JSON in a repository, edited in place with --file.
    name: 'base-image add --file (a JSON deployment)',
    file: join('deploy', 'deployment.json'),
    setup: (root) => write(join(root, 'deploy', 'deployment.json'), `${JSON.stringify({
      name: 'prod',
      providers: { google: { enabled: true, accounts: [{ name: 'gce', project: 'my-gcp-project' }], bakeryDefaults: { zone: 'us-central1-f', network: 'default', baseImages: [] } } },
    }, null, 2)}\n`),
    args: (root) => ['config', 'provider', 'google', 'bakery', 'base-image', 'add', 'debian-12', '--package-type', 'deb', '--source-image-family', 'debian-12', '--is-image-family', '--file', join(root, 'deploy', 'deployment.json')],
    next: (root) => ['config', 'provider', 'google', 'bakery', 'edit', '--zone', 'us-central1-f', '--file', join(root, 'deploy', 'deployment.json')],
  },
  {
    name: 'bakery edit',
    setup: (root) => write(join(root, '.hal', 'config'), START),
    args: () => ['config', 'provider', 'google', 'bakery', 'edit', '--network', 'other-net'],
    next: () => NOOP,
  },
  {
    name: 'account edit',
    setup: (root) => write(join(root, '.hal', 'config'), START),
    args: () => ['config', 'provider', 'google', 'account', 'edit', 'gce', '--project', 'other-project'],
    next: () => NOOP,
  },
  {
    name: 'config undo',
    setup: (root) => {
      write(join(root, '.hal', 'config'), START)
      const edit = hal(root, ['config', 'provider', 'google', 'bakery', 'edit', '--network', 'edited-net'])
      if (edit.status !== 0) throw new Error(edit.stderr)
    },
    args: () => ['config', 'undo'],
    next: () => NOOP,
  },
  {
    name: 'template add',
    setup: (root) => {
      write(join(root, '.hal', 'config'), START)
      templateSources(root, 'new')
    },
    args: (root) => ['config', 'bakery', 'template', 'add', join(root, 'src')],
    next: () => NOOP,
  },
  {
    name: 'template add --force',
    setup: (root) => {
      write(join(root, '.hal', 'config'), START)
      write(join(packer(root), 'gce-custom.json'), '{"builders": [{"type": "googlecompute", "image_name": "old"}]}\n')
      write(join(packer(root), 'scripts', 'setup.sh'), '#!/bin/sh\necho old\n', 0o755)
      templateSources(root, 'new')
    },
    args: (root) => ['config', 'bakery', 'template', 'add', join(root, 'src'), '--force'],
    next: () => NOOP,
  },
  {
    name: 'template remove',
    setup: (root) => {
      write(join(root, '.hal', 'config'), START)
      write(join(packer(root), 'scripts', 'old.sh'), '#!/bin/sh\necho old\n', 0o755)
    },
    args: () => ['config', 'bakery', 'template', 'remove', 'scripts/old.sh'],
    next: () => NOOP,
  },
  {
    name: 'template init',
    setup: (root) => write(join(root, '.hal', 'config'), START),
    args: () => ['config', 'bakery', 'template', 'init', 'gce-mine.json', '--from', 'gce.json'],
    next: () => NOOP,
  },
  {
    name: 'backup restore',
    swapsDirectories: true,
    setup: (root) => {
      // The archive: another config, another deployment directory, and a .backup.
      const other = join(root, 'other')
      write(join(other, '.hal', 'config'), START2)
      write(join(packer(other), 'restored.sh'), '#!/bin/sh\necho restored\n', 0o755)
      write(join(other, '.hal', '.backup', 'config'), START2)
      const made = hal(other, ['backup', 'create', '--output', join(root, 'backup.tar.gz')])
      if (made.status !== 0) throw new Error(made.stderr)
      rmSync(other, { recursive: true })
      write(join(root, '.hal', 'config'), START)
      write(join(packer(root), 'current.sh'), '#!/bin/sh\necho current\n', 0o755)
      write(join(root, '.hal', 'default', 'profiles', 'rosco-local.yml'), 'rosco: {}\n')
    },
    args: (root) => ['backup', 'restore', join(root, 'backup.tar.gz'), '--yes'],
    next: () => NOOP,
  },
  ...(['rosco', 'kustomize'] as const).map((kind): Scenario => ({
    name: `generate ${kind} --output`,
    setup: (root) => {
      // An earlier run generated a custom script and the old settings; the new run drops the script.
      write(join(root, '.hal', 'config'), START)
      write(join(packer(root), 'gone.sh'), '#!/bin/sh\necho gone\n', 0o755)
      const first = hal(root, ['config', 'generate', kind, '--output', join(root, 'out')])
      if (first.status !== 0) throw new Error(first.stderr)
      unlinkSync(join(packer(root), 'gone.sh'))
      write(join(root, '.hal', 'config'), START2)
    },
    args: (root) => ['config', 'generate', kind, '--output', join(root, 'out')],
    next: (root) => ['config', 'generate', kind, '--output', join(root, 'out')],
  })),
  {
    // The first run into a new directory: a kill before the marker is in place must not make the
    // next generate refuse the directory as someone else's.
    name: 'generate rosco --output into a new directory',
    setup: (root) => write(join(root, '.hal', 'config'), START),
    args: (root) => ['config', 'generate', 'rosco', '--output', join(root, 'out')],
    next: (root) => ['config', 'generate', 'rosco', '--output', join(root, 'out')],
  },
  {
    name: 'generate operator --output',
    setup: (root) => {
      write(join(root, '.hal', 'config'), START)
      const first = hal(root, ['config', 'generate', 'operator', '--output', join(root, 'out', 'patch.yml')])
      if (first.status !== 0) throw new Error(first.stderr)
      write(join(root, '.hal', 'config'), START2)
    },
    args: (root) => ['config', 'generate', 'operator', '--output', join(root, 'out', 'patch.yml')],
    next: (root) => ['config', 'generate', 'operator', '--output', join(root, 'out', 'patch.yml')],
  },
]

// ------------------------------------------------------------------ state

const TRANSIENT = /(\.tmp-\d+-[0-9a-f]+$|^\.galley-(staging|restore|generate)-|\.(pending|undoing)$)/

/** What a user sees: every file under root except the test's inputs and galley's own state, by content. */
function snapshot(root: string): Map<string, string> {
  const out = new Map<string, string>()
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name)
      const rel = relative(root, path)
      // galley's own state (.galley: lock, undo history), in the hal directory or beside a --file.
      if (rel === 'src' || rel === 'backup.tar.gz' || name === '.galley' || TRANSIENT.test(name)) continue
      const stat = lstatSync(path)
      if (stat.isDirectory()) walk(path)
      else out.set(rel, `${(stat.mode & 0o777).toString(8)} ${readFileSync(path, 'base64')}`)
    }
  }
  walk(root)
  return out
}

/** Whatever a killed command may have left: temp files, work directories, pending undo entries, the lock and its tokens. */
function leftovers(root: string, scenario?: Scenario): string[] {
  const found: string[] = []
  const lock = stateOf(scenario).lock
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name)
      const rel = relative(root, path)
      if (TRANSIENT.test(name) || rel === lock) found.push(rel)
      if (lstatSync(path).isDirectory()) walk(path)
    }
  }
  walk(root)
  return found
}

/**
 * What a kill left that others could read: work directories must be 0700, temp files 0600 (or,
 * once complete, the mode of the file they replace, which they take just before the rename).
 */
function readableByOthers(root: string, before: Map<string, string>, after: Map<string, string>, scenario?: Scenario): string[] {
  return leftovers(root, scenario).filter((rel) => {
    const stat = lstatSync(join(root, rel))
    const mode = stat.mode & 0o777
    if (stat.isDirectory()) return mode !== 0o700
    if (mode === 0o600) return false
    const match = /^(.*\/)?\.(.+)\.tmp-\d+-[0-9a-f]+$/.exec(rel)
    const replaced = match ? `${match[1] ?? ''}${match[2]}` : ''
    return ![before, after].some((state) => state.get(replaced)?.split(' ')[0] === mode.toString(8))
  }).map((rel) => `${rel} (${(lstatSync(join(root, rel)).mode & 0o777).toString(8)})`)
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')
/** What an undo entry records of the config its edit wrote: `crc32:HEX:LENGTH` (src/config/store.ts). */
const fingerprint = (text: string) => `crc32:${crc32(text).toString(16).padStart(8, '0')}:${Buffer.byteLength(text)}`

/** The undo history: its length, and whether its newest entry is the change that made the current config. */
function undoHistory(root: string, scenario?: Scenario): { count: number; newestMatches: boolean } {
  const dir = join(root, stateOf(scenario).undo)
  const entries = existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.json')).sort() : []
  const newest = entries[entries.length - 1]
  if (!newest) return { count: 0, newestMatches: true }
  const entry = JSON.parse(readFileSync(join(dir, newest), 'utf8')) as { after: string }
  const config = join(root, stateOf(scenario).config)
  return { count: entries.length, newestMatches: existsSync(config) && entry.after === fingerprint(readFileSync(config, 'utf8')) }
}

/** Both states a kill may leave hold a valid config (each distinct config is validated once). */
const validated = new Set<string>()
function expectValid(root: string, scenario?: Scenario): void {
  const config = join(root, stateOf(scenario).config)
  if (!existsSync(config)) return
  const key = sha256(readFileSync(config, 'utf8'))
  if (validated.has(key)) return
  const result = hal(root, scenario?.file === undefined ? ['config', 'validate'] : ['config', 'validate', '--file', config])
  expect(result.status, `${config} validates: ${result.stdout}`).toBe(0)
  validated.add(key)
}

const same = (a: Map<string, string>, b: Map<string, string>) => a.size === b.size && [...a].every(([k, v]) => b.get(k) === v)

// ------------------------------------------------------------------ strace

interface Point {
  syscall: string
  n: number
  line: string
}

/** Step 1: the main thread's calls of each traced syscall, and which of them touch `root`. */
function countPoints(root: string, args: string[]): Point[] {
  const trace = join(root, '..', `${process.pid}-count.trace`)
  const run = spawnSync('strace', ['-f', '-y', '-qq', '-s', '0', '-e', `trace=${TRACED.join(',')}`, '-o', trace, process.execPath, BIN, ...args], {
    env: { ...CHILD_ENV, HAL_DIR: join(root, '.hal'), NO_COLOR: '1' },
    encoding: 'utf8',
  })
  if (run.status !== 0) throw new Error(`the counting run failed: ${run.stderr}`)
  const lines = readFileSync(trace, 'utf8').split('\n').filter(Boolean)
  rmSync(trace)
  const tids = lines.map((l) => Number(l.split(' ')[0]))
  const main = Math.min(...tids)
  const counts = new Map<string, number>()
  const points: Point[] = []
  for (const line of lines) {
    const match = /^(\d+)\s+(\w+)\(/.exec(line)
    if (!match) continue // "<... resumed>" halves and exit lines
    const [, tid, syscall] = match
    const touches = line.includes(root)
    if (Number(tid) !== main) {
      if (touches) throw new Error(`a thread other than the main one changes files of the test: ${line}`)
      continue
    }
    const n = (counts.get(syscall!) ?? 0) + 1
    counts.set(syscall!, n)
    if (touches) points.push({ syscall: syscall!, n, line })
  }
  return points
}

/** Step 2: the command killed at one point; true when the kill landed there. */
function killAt(root: string, args: string[], point: Point): Promise<boolean> {
  const trace = join(root, '..', `${process.pid}-${Math.random().toString(16).slice(2)}.trace`)
  return new Promise((resolve) => {
    const child = spawn('strace', ['-qq', '-s', '0', '-e', `trace=${point.syscall}`, '-e', `inject=${point.syscall}:signal=KILL:when=${point.n}`, '-o', trace, process.execPath, BIN, ...args], {
      env: { ...CHILD_ENV, HAL_DIR: join(root, '.hal'), NO_COLOR: '1' },
      stdio: 'ignore',
    })
    child.on('exit', (code, signal) => {
      const lines = existsSync(trace) ? readFileSync(trace, 'utf8').split('\n').filter((l) => l.startsWith(`${point.syscall}(`)) : []
      rmSync(trace, { force: true })
      const killed = signal === 'SIGKILL' || code === 137
      resolve(killed && lines.length === point.n && /= \?$|<unfinished \.\.\.>$/.test(lines[lines.length - 1]!))
    })
  })
}

async function pool<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  await Promise.all(Array.from({ length: size }, async () => {
    while (next < items.length) await work(items[next++]!)
  }))
}

// ------------------------------------------------------------------ the test

const work = join(tmpdir(), `galley-kills-${process.pid}`)
afterAll(() => rmSync(work, { recursive: true, force: true }))

describe.runIf(needsProgram('strace'))('crash safety: SIGKILL at every syscall point of every write command', () => {
  const totals = { kills: 0, held: 0, misplaced: 0 }
  afterAll(() => recordFigure('kills at syscall points: all write commands', totals.kills, 'kills', totals.held, 'old-or-new, valid, no leftovers'))

  for (const scenario of SCENARIOS) {
    it(`${scenario.name}: old or new at every kill, complete and clean after the next command`, async () => {
      const slug = scenario.name.replace(/\W+/g, '-')
      const base = join(work, slug, 'base')
      mkdirSync(base, { recursive: true })
      scenario.setup(base)
      const before = snapshot(base)
      const beforeUndo = undoHistory(base, scenario)

      // The points, counted on an uninterrupted run on a copy, which also gives the new state.
      const counting = join(work, slug, 'count')
      cpSync(base, counting, { recursive: true })
      const points = countPoints(counting, scenario.args(counting))
      const after = snapshot(counting)
      const afterUndo = undoHistory(counting, scenario)
      expect(same(before, after), 'the command changes something').toBe(false)
      for (const state of [base, counting]) expectValid(state, scenario)
      expect(points.length).toBeGreaterThan(3)

      const problems: string[] = []
      let kills = 0
      let held = 0
      await pool(points, CONCURRENCY, async (point) => {
        const root = join(work, slug, `kill-${point.syscall}-${point.n}`)
        cpSync(base, root, { recursive: true })
        const landed = await killAt(root, scenario.args(root), point)
        const where = `${point.syscall} #${point.n} (${point.line.split(counting).join('').slice(0, 200)})`
        if (!landed) {
          totals.misplaced++
          problems.push(`${where}: the kill did not land on this call`)
          return
        }
        kills++
        let ok = true
        const fail = (what: string) => {
          ok = false
          problems.push(`${where}: ${what}`)
        }
        // Right after the kill: each file old or new (the config always, in one piece).
        const now = snapshot(root)
        for (const path of new Set([...before.keys(), ...after.keys(), ...now.keys()])) {
          const value = now.get(path)
          const isConfig = path === stateOf(scenario).config
          if (scenario.swapsDirectories && !isConfig) continue
          if (value !== before.get(path) && value !== after.get(path)) fail(`${path} is neither old nor new${value === undefined ? ' (missing)' : ''}`)
        }
        const exposed = readableByOthers(root, before, after, scenario)
        if (exposed.length > 0) fail(`left readable by others: ${exposed.join(', ')}`)
        // The next command finishes the change or leaves the old state, and removes what was left.
        const next = await halAsync(root, scenario.next(root))
        if (next.status !== 0) fail(`the next command failed: ${next.stderr}`)
        const settled = snapshot(root)
        if (!same(settled, before) && !same(settled, after)) fail(`after the next command the state is neither the old nor the new one: ${[...new Set([...settled.keys(), ...after.keys()])].filter((k) => settled.get(k) !== after.get(k) && settled.get(k) !== before.get(k)).join(', ') || 'a mix of both'}`)
        const history = undoHistory(root, scenario)
        const expected = same(settled, after) ? afterUndo.count : beforeUndo.count
        if (history.count !== expected || !history.newestMatches) fail(`the undo history (${history.count} entries, newest matches the config: ${history.newestMatches}) names a change that did not happen`)
        const left = leftovers(root, scenario)
        if (left.length > 0) fail(`left behind after the next command: ${left.join(', ')}`)
        if (ok) held++
        rmSync(root, { recursive: true, force: true })
      })
      totals.kills += kills
      totals.held += held
      recordFigure(`kills at syscall points: ${scenario.name}`, kills, 'kills', held, 'old-or-new, valid, no leftovers')
      expect(problems).toEqual([])
      expect(kills).toBe(points.length)
    })
  }

  it('kills at least 150 times across the write commands', () => {
    expect(totals.kills).toBeGreaterThanOrEqual(150)
  })
})
