import Ajv2020Import from 'ajv/dist/2020.js'
import addFormatsImport from 'ajv-formats'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hal, read, ROOT, tempDir, tempHalDir, writeFile } from '../helpers/hal.js'

const Ajv2020 = (Ajv2020Import as any).default ?? Ajv2020Import
const addFormats = (addFormatsImport as any).default ?? addFormatsImport

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
        zone: us-central1
        network: default
        baseImages:
        - baseImage:
            id: ubuntu
            packageType: deb
            imageFamily: true
          virtualizationSettings:
            sourceImage: ubuntu-2204-jammy-v20240101
- name: clean
  providers:
    google:
      enabled: true
      accounts:
      - name: gce
        project: my-gcp-project
`

describe('hal config validate', () => {
  it('reports problems grouped by location with file:line:col, and exits 1 on errors', async () => {
    const halDir = tempHalDir(CONFIG)
    const result = await hal(['config', 'validate'], { halDir })
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toContain('Validation in default.provider.google.bakeryDefaults:')
    expect(result.stdout).toContain('! ERROR Zone "us-central1" is not valid')
    expect(result.stdout).toMatch(/config:11:15 \[google\/zone\]/)
    expect(result.stdout).toContain('? Use "us-central1-a".')
    expect(result.stdout).toContain('- WARNING Base image ubuntu is marked as an image family')
  })

  it('validates one deployment with --deployment, and exits 0 when it has no errors', async () => {
    const halDir = tempHalDir(CONFIG)
    const result = await hal(['config', 'validate', '--deployment', 'clean'], { halDir })
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain('No problems found in 1 file.')
  })

  it('fails on warnings with --strict, and takes rule adjustments with --rule', async () => {
    const halDir = tempHalDir(CONFIG)
    writeFile(join(halDir, 'config'), CONFIG.replace('us-central1\n', 'us-central1-f\n'))
    expect((await hal(['config', 'validate'], { halDir })).exitCode).toBe(0)
    expect((await hal(['config', 'validate', '--strict'], { halDir })).exitCode).toBe(1)
    expect((await hal(['config', 'validate', '--strict', '--rule', 'google/image-family=off'], { halDir })).exitCode).toBe(0)
    expect((await hal(['config', 'validate', '--rule', 'google/image-family=error'], { halDir })).exitCode).toBe(1)
    const bad = await hal(['config', 'validate', '--rule', 'nope=off'], { halDir })
    expect(bad.exitCode).toBe(2)
    expect(bad.stderr).toContain('there is no rule nope')
  })

  it('prints JSON that follows the documented report schema', async () => {
    const halDir = tempHalDir(CONFIG)
    for (const args of [['--format', 'json'], ['--json']]) {
      const result = await hal(['config', 'validate', ...args], { halDir })
      expect(result.exitCode).toBe(1)
      const report = result.json()
      const ajv = new Ajv2020({ allErrors: true, strict: false })
      addFormats(ajv)
      const validateReport = ajv.compile(JSON.parse(read(join(ROOT, 'schemas', 'validation-report.schema.json'))))
      expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true)
      expect(report.valid).toBe(false)
      expect(report.summary).toMatchObject({ error: 1, warning: 1 })
    }
  })

  it('prints SARIF 2.1.0 with rule metadata and regions', async () => {
    const halDir = tempHalDir(CONFIG)
    const sarif = JSON.parse((await hal(['config', 'validate', '--format', 'sarif'], { halDir })).stdout)
    expect(sarif.version).toBe('2.1.0')
    const run = sarif.runs[0]
    expect(run.tool.driver.name).toBe('galley')
    const ruleIds = run.tool.driver.rules.map((r: { id: string }) => r.id)
    expect(ruleIds).toContain('google/zone')
    const zone = run.results.find((r: { ruleId: string }) => r.ruleId === 'google/zone')
    expect(ruleIds[zone.ruleIndex]).toBe('google/zone')
    expect(zone.level).toBe('error')
    expect(zone.locations[0].physicalLocation.region).toEqual({ startLine: 11, startColumn: 15 })
  })

  it('prints JUnit XML with a failure per error', async () => {
    const halDir = tempHalDir(CONFIG)
    const xml = (await hal(['config', 'validate', '--format', 'junit'], { halDir })).stdout
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true)
    expect(xml.match(/<testcase /g)).toHaveLength(2)
    expect(xml.match(/<failure /g)).toHaveLength(1)
    expect(xml).toMatch(/<testsuites [^>]*tests="2" failures="1"/)
  })

  it('prints GitHub workflow annotations', async () => {
    const halDir = tempHalDir(CONFIG)
    const out = (await hal(['config', 'validate', '--format', 'github'], { halDir, cwd: halDir })).stdout
    expect(out).toMatch(/^::error file=config,line=11,col=15,title=google\/zone::Zone "us-central1" is not valid/m)
    expect(out).toMatch(/^::warning file=config,line=\d+,col=\d+,title=google\/image-family::/m)
  })

  it('validates a bare deployment and a Rosco settings file with --file', async () => {
    const dir = tempDir()
    writeFile(join(dir, 'deployment.yml'), 'name: prod\nproviders:\n  oracle:\n    enabled: true\n    bakeryDefaults:\n      subnetId: ocid1.vcn.oc1.phx.aaaa\n')
    const bare = await hal(['config', 'validate', '--file', join(dir, 'deployment.yml'), '--format', 'json'])
    expect(bare.json().problems.map((p: { rule: string }) => p.rule)).toContain('oracle/subnet-id')

    writeFile(join(dir, 'rosco.yml'), 'rosco:\n  configDir: /opt/rosco/config/packer\ngoogle:\n  enabled: ${GOOGLE_ENABLED:false}\n  gce:\n    bakeryDefaults:\n      zone: us-central1-f\n      network: default\n      useInternalIp: false\n      baseImages:\n      - baseImage:\n          id: xenial\n          packageType: deb\n          imageFamily: true\n        virtualizationSettings:\n          sourceImageFamily: ubuntu-1604-lts\n')
    const rosco = await hal(['config', 'validate', '--file', join(dir, 'rosco.yml'), '--format', 'json'])
    expect(rosco.exitCode).toBe(0)
    const problems = rosco.json().problems.filter((p: { severity: string }) => p.severity !== 'info')
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatchObject({ rule: 'google/image-family-key', path: '/google/gce/bakeryDefaults/baseImages/0/baseImage/imageFamily', line: 14 })
  })

  it('reports a YAML error in --file as a problem (exit 1), and an unreadable file as exit 3', async () => {
    const dir = tempDir()
    writeFile(join(dir, 'broken.yml'), 'google:\n  bakeryDefaults: [\n')
    const broken = await hal(['config', 'validate', '--file', join(dir, 'broken.yml'), '--format', 'json'])
    expect(broken.exitCode).toBe(1)
    expect(broken.json().problems[0]).toMatchObject({ rule: 'yaml/syntax', line: 3 })
    const missing = await hal(['config', 'validate', '--file', join(dir, 'missing.yml')])
    expect(missing.exitCode).toBe(3)
    expect(missing.stderr).toContain('no such file or directory')
  })

  it('lists its rules', async () => {
    const result = await hal(['config', 'validate', '--list-rules'])
    expect(result.stdout).toMatch(/^oracle\/subnet-id\s+error\s+The oracle subnetId is a subnet OCID/m)
  })
})

describe('hal config schema', () => {
  it('prints a self-contained JSON Schema an editor can use for the halconfig', async () => {
    const result = await hal(['config', 'schema'])
    expect(result.exitCode).toBe(0)
    const schema = result.json()
    expect(JSON.stringify(schema)).not.toContain('galley.dev/schemas/google')
    expect(schema.definitions['google.bakeryDefaults'].properties.zone.description).toContain('GCE zone')
  })

  it('prints one provider\'s schema by name', async () => {
    const result = await hal(['config', 'schema', 'oracle'])
    expect(result.json().title).toBe('Oracle Cloud Infrastructure provider')
    expect((await hal(['config', 'schema', 'nope'])).exitCode).toBe(2)
  })
})
