// npm run bench [-- --runs N] [-- --json]
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

// Growth of validation with config size, and its peak memory.
let scaling
if (hasCommand('config validate')) {
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

const report = {
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version, platform: `${process.platform}-${process.arch}` },
  runs,
  note: extraCa ? 'NODE_EXTRA_CA_CERTS was set in this shell and was removed for the measurement' : undefined,
  results,
  scaling,
  ...sizes,
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
  if (scaling) {
    console.log('\nvalidation time by config size:')
    for (const s of scaling) console.log(`  ${String(s.baseImages).padStart(6)} base images  ${s.medianMs.toFixed(1)} ms`)
    console.log(`peak RSS of the large validation: ${sizes.peakRssKbLargeValidation} KB`)
  }
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
