// npm run bench [-- --runs N] [-- --json] [-- --startup]
// (--startup: only the command times and the manifest, not the scaling and bounded-input parts)
// Median wall time of hal commands against `node -e 0`, measured interleaved in the same run,
// with the environment a user has (NODE_EXTRA_CA_CERTS removed: it costs every Node start
// tens of milliseconds and is not set on a user's machine; the table says when it was set).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir, cpus } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const bin = join(root, 'bin', 'run.js')
const args = process.argv.slice(2)
const runs = Number(args[args.indexOf('--runs') + 1]) || 15
const jsonOnly = args.includes('--json')
const startupOnly = args.includes('--startup')

if (!existsSync(join(root, 'dist'))) {
  console.error('bench: no build found; run npm run build first')
  process.exit(3)
}
const manifest = JSON.parse(readFileSync(join(root, 'oclif.manifest.json'), 'utf8'))
const hasCommand = (id) => Object.keys(manifest.commands).includes(id.replace(/ /g, ':'))

const work = mkdtempSync(join(tmpdir(), 'galley-bench-'))
const halDir = join(work, '.hal')
mkdirSync(halDir, { recursive: true })
writeFileSync(join(halDir, 'config'), realSizedConfig())
const bigHalDir = join(work, 'big')
mkdirSync(bigHalDir)
const sizes = {}

const env = { ...process.env, HAL_DIR: halDir, NO_COLOR: '1' }
const extraCa = env.NODE_EXTRA_CA_CERTS
delete env.NODE_EXTRA_CA_CERTS

let toggle = 0
let rssProbe
const scenarios = [
  { name: 'node -e 0', argv: ['-e', '0'], baseline: true },
  { name: 'hal --version', argv: [bin, '--version'] },
  { name: 'hal config', argv: [bin, 'config'] },
  hasCommand('config provider google bakery base-image add')
    ? { name: 'hal ... base-image add (write)', argv: () => [bin, 'config', 'provider', 'google', 'bakery', 'base-image', toggle % 2 ? 'delete' : 'add', 'bench-image', ...(toggle++ % 2 ? [] : ['--source-image-family', 'debian-12', '--package-type', 'deb'])] }
    : { name: 'hal config --set-current-deployment (write)', argv: () => [bin, 'config', '--set-current-deployment', toggle++ % 2 ? 'default' : 'other'] },
  hasCommand('config validate') && { name: 'hal config validate', argv: [bin, 'config', 'validate'] },
  hasCommand('config validate') && { name: 'hal config validate (20 x 500 images)', argv: [bin, 'config', 'validate', '--hal-dir', bigHalDir], big: 1 },
  hasCommand('bake plan') && { name: 'hal bake plan', argv: [bin, 'bake', 'plan', '--provider', 'google', '--base-image', 'ubuntu-2204', '--package', 'nginx'] },
  hasCommand('config bakery template lint') && { name: 'hal config bakery template lint (stock)', argv: [bin, 'config', 'bakery', 'template', 'lint', '--stock'] },
].filter(Boolean)

if (scenarios.some((s) => s.big)) writeFileSync(join(bigHalDir, 'config'), largeConfig(20, 500))

function once(argv) {
  const start = process.hrtime.bigint()
  const result = spawnSync(process.execPath, argv, { env, stdio: ['ignore', 'ignore', 'pipe'] })
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  if (result.status !== 0 && result.status !== 1) throw new Error(`${argv.join(' ')} exited ${result.status}: ${result.stderr}`)
  return ms
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

// Warm the file system cache, then interleave so that drift hits every scenario alike.
for (const s of scenarios) once(typeof s.argv === 'function' ? s.argv() : s.argv)
const times = new Map(scenarios.map((s) => [s.name, []]))
for (let i = 0; i < runs; i++) {
  for (const s of scenarios) times.get(s.name).push(once(typeof s.argv === 'function' ? s.argv() : s.argv))
}
const baseline = median(times.get('node -e 0'))
const results = scenarios.map((s) => ({
  name: s.name,
  medianMs: Number(median(times.get(s.name)).toFixed(1)),
  ratio: Number((median(times.get(s.name)) / baseline).toFixed(2)),
}))

// oclif reads and parses its manifest at every start: its size, and the CPU time of its first
// parse in a fresh process (median of the runs; CPU time, which a busy machine disturbs less).
const manifestFile = join(root, 'oclif.manifest.json')
const parseTimes = []
for (let i = 0; i < runs; i++) {
  const probe = spawnSync(process.execPath, ['-e', `const s = require('fs').readFileSync(${JSON.stringify(manifestFile)}, 'utf8'); const t = process.cpuUsage(); JSON.parse(s); const d = process.cpuUsage(t); process.stdout.write(String((d.user + d.system) / 1000))`], { env, encoding: 'utf8' })
  parseTimes.push(Number(probe.stdout))
}
const manifestInfo = { bytes: statSizeOf(manifestFile), parseMs: Number(median(parseTimes).toFixed(2)), targetMs: 1 }

// Growth of validation with config size, and its peak memory.
let scaling
if (hasCommand('config validate') && !startupOnly) {
  scaling = []
  for (const factor of [1, 2, 5, 10]) {
    const dir = join(work, `scale-${factor}`)
    mkdirSync(dir)
    writeFileSync(join(dir, 'config'), largeConfig(2 * factor, 500))
    const argv = [bin, 'config', 'validate', '--hal-dir', dir]
    const ms = median([once(argv), once(argv), once(argv)])
    scaling.push({ baseImages: 2 * factor * 500, medianMs: Number(ms.toFixed(1)) })
  }
  const peak = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, bin, 'config', 'validate', '--hal-dir', bigHalDir], { env, encoding: 'utf8' })
  sizes.peakRssKbLargeValidation = Number(peak.stderr.trim().split('\n').pop()) || null
}

// Bounded input: peak memory of any input up to the size limit, and the time of a realistic
// 5 MB config (20 deployments of 1,000 base images) validated and edited.
const limits = startupOnly ? undefined : boundedInput()

const report = {
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version, platform: `${process.platform}-${process.arch}` },
  runs,
  note: extraCa ? 'NODE_EXTRA_CA_CERTS was set in this shell and was removed for the measurement' : undefined,
  results,
  manifest: manifestInfo,
  scaling,
  ...sizes,
  limits,
}
rmSync(work, { recursive: true, force: true })
mkdirSync(join(root, '.bench'), { recursive: true })
writeFileSync(join(root, '.bench', 'latest.json'), JSON.stringify(report, null, 2))

if (jsonOnly) {
  console.log(JSON.stringify(report, null, 2))
} else {
  console.log(`galley bench: ${runs} interleaved runs each, median wall time (${report.machine.cpus} cores, ${report.machine.cpu}, Node ${process.version})`)
  if (report.note) console.log(`note: ${report.note}`)
  const width = Math.max(...results.map((r) => r.name.length))
  console.log(`${'command'.padEnd(width)}  median ms  x node -e 0`)
  for (const r of results) console.log(`${r.name.padEnd(width)}  ${r.medianMs.toFixed(1).padStart(9)}  ${r.ratio.toFixed(2).padStart(11)}`)
  console.log(`\noclif manifest: ${manifestInfo.bytes} bytes, first parse ${manifestInfo.parseMs} ms of CPU (target < ${manifestInfo.targetMs} ms) ${manifestInfo.parseMs < manifestInfo.targetMs ? 'met' : 'MISSED'}`)
  if (scaling) {
    console.log('\nvalidation time by config size:')
    for (const s of scaling) console.log(`  ${String(s.baseImages).padStart(6)} base images  ${s.medianMs.toFixed(1)} ms`)
    console.log(`peak RSS of the large validation: ${sizes.peakRssKbLargeValidation} KB`)
  }
  if (limits) console.log(`\nbounded input (size limit ${limits.sizeLimitBytes} bytes; targets: peak RSS < ${limits.rssTargetMb} MB, 5 MB config < ${limits.timeTargetMs} ms):`)
  for (const r of limits?.realistic ?? []) console.log(`  ${r.name.padEnd(44)} ${r.medianMs.toFixed(1).padStart(8)} ms  ${r.ratio.toFixed(1).padStart(6)} x node -e 0  ${r.medianMs < limits.timeTargetMs ? 'met' : 'MISSED'}`)
  for (const r of limits?.memory ?? []) console.log(`  ${r.name.padEnd(44)} ${String(r.peakRssMb).padStart(8)} MB peak RSS, exit ${r.exit}, ${r.ms.toFixed(0)} ms  ${r.peakRssMb < limits.rssTargetMb ? 'met' : 'MISSED'}`)
  console.log('\nJSON:')
  console.log(JSON.stringify(report))
}

function realSizedConfig() {
  return `currentDeployment: default
deploymentConfigurations:
- name: default
  version: 1.26.6
  providers:
    google:
      enabled: true
      accounts:
      - name: my-gce-account
        project: my-gcp-project
      primaryAccount: my-gce-account
      bakeryDefaults:
        templateFile: gce.json
        baseImages:
${images(6)}
        zone: us-central1-f
        network: default
        useInternalIp: false
    oracle:
      enabled: false
  timezone: America/Los_Angeles
`
}

function images(n, prefix = 'ubuntu') {
  let out = ''
  for (let i = 0; i < n; i++) {
    const id = i === 0 ? 'ubuntu-2204' : `${prefix}-${i}`
    out += `        - baseImage:
            id: ${id}
            shortDescription: image ${i}
            detailedDescription: Image number ${i}
            packageType: deb
            imageFamily: true
          virtualizationSettings:
            sourceImageFamily: ubuntu-2204-lts
`
  }
  return out.trimEnd()
}

function largeConfig(deployments, perDeployment) {
  let out = 'currentDeployment: d0\ndeploymentConfigurations:\n'
  for (let d = 0; d < deployments; d++) {
    out += `- name: d${d}
  providers:
    google:
      enabled: true
      accounts:
      - name: acct
        project: my-project
      bakeryDefaults:
        zone: us-central1-f
        network: default
        baseImages:
${images(perDeployment, `img-d${d}`)}
`
  }
  return out
}

/** Peak RSS of a hal command, from the child itself (process.resourceUsage at exit), in MB. */
function peakRss(argv) {
  const out = join(work, `rss-${process.hrtime.bigint()}`)
  const start = process.hrtime.bigint()
  const result = spawnSync(process.execPath, ['--require', rssProbe, ...argv], { env: { ...env, GALLEY_BENCH_RSS: out }, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 << 20 })
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  const kb = existsSync(out) ? Number(readFileSync(out, 'utf8')) : NaN
  return { exit: result.status, ms, peakRssMb: Math.round(kb / 1024) }
}

function boundedInput() {
  const sizeLimitBytes = 10 * 1024 * 1024
  const rssProbeFile = join(work, 'rss-probe.cjs')
  writeFileSync(rssProbeFile, "process.on('exit', () => require('fs').writeFileSync(process.env.GALLEY_BENCH_RSS, String(process.resourceUsage().maxRSS)))\n")
  rssProbe = rssProbeFile
  const dirFor = (name, text) => {
    const dir = join(work, `input-${name}`)
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'config'), text)
    return dir
  }
  const header = 'currentDeployment: d0\ndeploymentConfigurations:\n'
  const deployment = (d, images) => largeConfig(1, images).slice(header.length).replace(/\bd0\b/g, `d${d}`)
  const perImage = deployment(0, 1000).length / 1000
  // Deployments of `perDeployment` images (after `first`) until the file is just under the limit.
  const fill = (perDeployment, first = '') => {
    let out = header + first
    for (let d = first ? 1 : 0; ; d++) {
      const next = deployment(d, Math.min(perDeployment, Math.floor((sizeLimitBytes - 4096 - out.length) / (perImage * 1.15))))
      if (out.length + next.length > sizeLimitBytes - 1024 || next.length < 1024) return out
      out += next
    }
  }
  const edit = (dir, id) => [bin, 'config', 'provider', 'google', 'bakery', 'base-image', 'edit', id, '--deployment', /^img-(d\d+)-/.exec(id)[1], '--short-description', `edited ${process.hrtime.bigint()}`, '--hal-dir', dir]
  const validate = (dir) => [bin, 'config', 'validate', '--hal-dir', dir]

  // Time: a realistic 5 MB config.
  const realisticDir = dirFor('realistic-5mb', largeConfig(20, 1000))
  const realisticBytes = statSizeOf(join(realisticDir, 'config'))
  const timeRuns = Math.max(3, Math.min(runs, 7))
  const timed = [
    { name: `validate, ${(realisticBytes / 1e6).toFixed(1)} MB (20 x 1,000 images)`, argv: validate(realisticDir) },
    // A new value each run: an edit that changes nothing skips its checks and the write.
    { name: `base-image edit, ${(realisticBytes / 1e6).toFixed(1)} MB (20 x 1,000 images)`, argv: () => edit(realisticDir, 'img-d7-500') },
  ]
  const baselineTimes = []
  const times = timed.map(() => [])
  for (let i = 0; i < timeRuns; i++) {
    baselineTimes.push(once(['-e', '0']))
    timed.forEach((t, j) => times[j].push(once(typeof t.argv === 'function' ? t.argv() : t.argv)))
  }
  const base = median(baselineTimes)
  const realistic = timed.map((t, j) => ({ name: t.name, medianMs: Number(median(times[j]).toFixed(1)), ratio: Number((median(times[j]) / base).toFixed(1)) }))

  // Memory: inputs up to the limit, read and edited.
  const many = dirFor('limit-many-deployments', fill(500))
  // About 0.95 MB in one deployment: near the most one edit parses with the Document API (1 MiB).
  const mixed = dirFor('limit-one-big-deployment', fill(500, deployment(0, 3500)))
  const single = dirFor('limit-single-deployment', fill(1e9))
  const bomb = dirFor('alias-bomb-4mb', `big: &s ${'x'.repeat(4 << 20)}\nlist:\n${'- *s\n'.repeat(999)}`)
  const cases = [
    ['validate, 10 MB of deployments', validate(many)],
    ['edit, 10 MB of deployments', edit(many, 'img-d3-100')],
    ['validate, 10 MB, one 0.95 MB deployment', validate(mixed)],
    ['bakery edit of the 0.95 MB deployment, 10 MB file', [bin, 'config', 'provider', 'google', 'bakery', 'edit', '--deployment', 'd0', '--zone', 'us-east1-c', '--hal-dir', mixed]],
    ['validate, 10 MB in a single deployment', validate(single)],
    ['base-image edit, 10 MB in a single deployment', edit(single, 'img-d0-100')],
    ['validate, 999 aliases to a 4 MB string', validate(bomb)],
    ['edit, 999 aliases to a 4 MB string', [bin, 'config', 'provider', 'google', 'bakery', 'edit', '--zone', 'us-east1-b', '--hal-dir', bomb]],
  ]
  const memory = cases.map(([name, argv]) => ({ name, ...peakRss(argv) }))
  return { sizeLimitBytes, rssTargetMb: 300, timeTargetMs: 2000, realistic, memory }
}

function statSizeOf(file) {
  return readFileSync(file).length
}
