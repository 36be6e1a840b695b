import Ajv2020Import from 'ajv/dist/2020.js'
import addFormatsImport from 'ajv-formats'
import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hal, read, ROOT, tempDir, writeFile } from '../helpers/hal.js'

const Ajv2020 = (Ajv2020Import as any).default ?? Ajv2020Import
const addFormats = (addFormatsImport as any).default ?? addFormatsImport

const FIXTURES = join(ROOT, 'test', 'fixtures', 'documents')
const fixture = (name: string) => join(FIXTURES, name)

/** `hal config validate --file F --format json`: the report, and the problems above info. */
async function validateJson(file: string, extra: string[] = []) {
  const result = await hal(['config', 'validate', '--file', file, '--format', 'json', ...extra])
  const report = result.json()
  return { result, report, problems: report.problems.filter((p: { severity: string }) => p.severity !== 'info') as Array<Record<string, any>> }
}

describe('hal config validate --file reads each kind of document as its reader does', () => {
  it('says in one line on stderr how it read the file (text), and in readAs with --json', async () => {
    const text = await hal(['config', 'validate', '--file', fixture('rosco-local-packer-only.yml')])
    expect(text.exitCode).toBe(0)
    expect(text.stderr).toBe(`Read ${fixture('rosco-local-packer-only.yml')} as Rosco's Spring settings (its key packer).\n`)
    const json = await hal(['config', 'validate', '--file', fixture('rosco-local-packer-only.yml'), '--json'])
    expect(json.stderr).toBe('')
    expect(json.json().readAs).toMatchObject({ kind: 'rosco', because: 'its key packer', forced: false, documents: 1 })
    const ajv = new Ajv2020({ allErrors: true, strict: false })
    addFormats(ajv)
    const validateReport = ajv.compile(JSON.parse(read(join(ROOT, 'schemas', 'validation-report.schema.json'))))
    const service = (await validateJson(fixture('spinnakerservice-kustomize.yml'))).report
    for (const report of [json.json(), service]) expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true)
  })

  it('validates a SpinnakerService in a multi-document kustomize file: config as a bare deployment, profiles.rosco as Rosco settings, at lines of the original file', async () => {
    const { result, report, problems } = await validateJson(fixture('spinnakerservice-kustomize.yml'))
    expect(result.exitCode).toBe(1)
    expect(report.readAs).toMatchObject({ kind: 'spinnaker-service', document: 2, documents: 2 })
    const byRule = (rule: string) => problems.filter((p) => p.rule === rule)
    // The config is Halyard's: a base image needs a package type there (line 39: "id: jammy").
    expect(byRule('bakery/package-type')[0]).toMatchObject({ path: '/spec/spinnakerConfig/config/providers/google/bakeryDefaults/baseImages/0/baseImage', line: 39, location: 'prod.provider.google.bakeryDefaults.jammy' })
    // profiles.rosco is read as Rosco reads it: kebab-case keys bind, "debian" is no package type Rosco knows.
    expect(byRule('bakery/package-type')[1]).toMatchObject({ path: '/spec/spinnakerConfig/profiles/rosco/google/bakery-defaults/base-images/0/base-image/package-type', line: 53, column: 31 })
    // The operator's Halyard refuses the whole config over a Rosco-only key: an error there, pointing to profiles.rosco.
    expect(byRule('compat/halyard-unknown-key')).toEqual([expect.objectContaining({ severity: 'error', line: 35, remediation: expect.stringContaining('spec.spinnakerConfig.profiles.rosco') })])
    // The malformed secret reference is reported where it is written.
    expect(byRule('secret/reference')).toEqual([expect.objectContaining({ line: 30, message: expect.stringContaining('encryptedFile:k8s!n:spin-secrets:gce-account.json') })])
    // Its base images replace the config's: Spring replaces lists, it does not merge them.
    expect(byRule('rosco/replaced-list')).toEqual([expect.objectContaining({ severity: 'warning', line: 50, message: expect.stringContaining('(noble) replace those of spec.spinnakerConfig.config (jammy)') })])
    // Settings profiles.rosco leaves out come from the config below it: no "no zone" notes there.
    expect(report.problems.filter((p: { rule: string }) => p.rule === 'google/zone')).toEqual([])
  })

  it('validates a kebab-case Rosco file with other Spring sections exactly as its camelCase twin', async () => {
    const kebab = await validateJson(fixture('rosco-local-kebab.yml'))
    const camel = await validateJson(fixture('rosco-local-camel.yml'))
    const shape = (p: Record<string, any>) => [p.rule, p.severity, p.line, p.location]
    expect(kebab.report.problems.map(shape)).toEqual(camel.report.problems.map(shape))
    expect(kebab.problems.map((p) => p.rule).sort()).toEqual(['bakery/package-type', 'config/placeholder', 'google/zone'])
    // ${BAKE_ZONE:us-central1} is checked with its default; ${BAKE_NETWORK} has none and is reported once.
    expect(kebab.problems.find((p) => p.rule === 'google/zone')).toMatchObject({ line: 12, message: expect.stringContaining('"us-central1" is not valid') })
    expect(kebab.problems.find((p) => p.rule === 'config/placeholder')).toMatchObject({ severity: 'warning', line: 13, message: expect.stringContaining('${BAKE_NETWORK}') })
  })

  // The shape of Halyard's staged rosco.yml: spinnaker/halyard RoscoProfileFactory.java (providers dumped after
  // SpringProfileFactory's spectator and spinnaker.extensibility sections), then rosco's halconfig/rosco.yml.
  it('reads a Halyard-staged rosco.yml, a packer-only rosco-local.yml and an images-local.yml without errors', async () => {
    const dir = tempDir()
    // The staged file names Halyard's staged copy of the key file, which is not on this machine: a note only.
    const staged = await validateJson(fixture('rosco-halyard-staged.yml'))
    expect(staged.result.exitCode).toBe(0)
    expect(staged.problems).toEqual([])
    expect(staged.report.problems.find((p: { rule: string }) => p.rule === 'account/file')).toMatchObject({ severity: 'info', message: expect.stringContaining('Halyard\'s staged copy') })
    for (const name of ['rosco-local-packer-only.yml', 'images-local.yml']) {
      copyFileSync(fixture(name), join(dir, name))
      const { result, problems } = await validateJson(join(dir, name))
      expect(result.exitCode).toBe(0)
      expect(problems).toEqual([])
    }
  })

  it('routes a Packer template to the template checks, and takes --kind to read a file as another kind', async () => {
    const dir = tempDir()
    writeFile(join(dir, 'gce-custom.json'), '{\n  "variables": {"gce_zone": null},\n  "builders": [{"type": "googlecompute", "zone": "{{user `gce_zone`}}"}],\n  "provisioners": [{"type": "shell", "script": "{{user `configDir`}}/missing.sh"}]\n}\n')
    const template = await validateJson(join(dir, 'gce-custom.json'))
    expect(template.report.readAs.kind).toBe('packer-template')
    expect(template.problems.map((p) => p.rule)).toContain('template/missing-file')
    expect(template.problems.map((p) => p.rule)).not.toContain('schema/unknown-key')

    const forced = await validateJson(fixture('rosco-local-packer-only.yml'), ['--kind', 'halconfig'])
    expect(forced.report.readAs).toMatchObject({ kind: 'halconfig', forced: true, because: 'as --kind says' })
    expect(forced.problems.map((p) => p.rule)).toEqual(['schema/unknown-key'])
  })

  it('declines a pre-Halyard spinnaker-local.yml in one sentence with exit 3, not a list of key errors', async () => {
    const result = await hal(['config', 'validate', '--file', fixture('spinnaker-local.yml')])
    expect(result.exitCode).toBe(3)
    expect(result.stdout).toBe('')
    expect(result.stderr.split('\n')[0]).toMatch(/^Error: .*spinnaker-local\.yml is a pre-Halyard Spinnaker settings file .*: galley does not validate it\.$/)
    expect(result.stderr).not.toMatch(/ecs|Unknown key/)
    const json = await hal(['config', 'validate', '--file', fixture('spinnaker-local.yml'), '--json'])
    expect(json.json().error).toMatchObject({ code: 'NOT_VALIDATED', exitCode: 3, readAs: { kind: 'pre-halyard' } })
  })

  it('reads a bare deployment kept as JSON, and checks its secret references per engine', async () => {
    const { report, problems } = await validateJson(fixture('deployment.json'))
    expect(report.readAs.kind).toBe('deployment')
    expect(problems).toEqual([expect.objectContaining({ rule: 'secret/reference', line: 14, message: expect.stringContaining('lacks !r: (region), which the s3 engine requires') })])
  })

  it('reports the envsubst placeholders of a shared deployment once, as a warning, and no format errors', async () => {
    const { result, problems } = await validateJson(fixture('deployment-envsubst.yml'))
    expect(result.exitCode).toBe(0)
    expect(problems).toEqual([expect.objectContaining({ rule: 'config/placeholder', severity: 'warning', line: 2 })])
    expect((await hal(['config', 'validate', '--file', fixture('deployment-envsubst.yml'), '--strict'])).exitCode).toBe(1)
  })

  it('says when there is nothing to check: an empty file, a SpinnakerService patch without spinnakerConfig', async () => {
    const dir = tempDir()
    writeFile(join(dir, 'rosco-local.yml'), '# nothing yet\n')
    const empty = await hal(['config', 'validate', '--file', join(dir, 'rosco-local.yml')])
    expect(empty.exitCode).toBe(0)
    expect(empty.stderr).toContain('is empty: nothing to check.')
    writeFile(join(dir, 'expose.yml'), 'apiVersion: spinnaker.armory.io/v1alpha2\nkind: SpinnakerService\nmetadata:\n  name: spinnaker\nspec:\n  expose:\n    type: service\n')
    const patch = await hal(['config', 'validate', '--file', join(dir, 'expose.yml')])
    expect(patch.exitCode).toBe(0)
    expect(patch.stderr).toContain('as a SpinnakerService manifest (its kind: SpinnakerService). It holds no spec.spinnakerConfig.config or profiles.rosco: nothing to check.')
  })

  it('refuses --kind without --file, as a usage error', async () => {
    const result = await hal(['config', 'validate', '--kind', 'rosco'])
    expect(result.exitCode).toBe(2)
  })
})

describe('hal config validate --file checks the templateFile names a deployment uses, wherever its templates are', () => {
  const deployment = `name: prod
providers:
  google:
    enabled: true
    accounts:
    - name: gce
      project: my-proj
    bakeryDefaults:
      zone: us-central1-f
      network: default
      templateFile: custom-gce.json
      baseImages:
      - baseImage:
          id: jammy
          packageType: deb
          imageFamily: true
        virtualizationSettings:
          sourceImageFamily: ubuntu-2204-lts
`
  const problemsOf = (report: { problems: Array<{ rule: string; severity: string; line?: number }> }) => report.problems.map((p) => `${p.severity} ${p.rule}${p.line ? `@${p.line}` : ''}`)

  it('with --hal-dir: a template missing from its packer directory is an error at the templateFile line; an installed one passes', async () => {
    const work = tempDir('galley-refs-')
    const file = join(work, 'deployment.yml')
    const halDir = join(work, 'hal')
    writeFile(file, deployment)
    writeFile(join(halDir, 'prod', 'profiles', 'rosco', 'packer', 'other.json'), '{}')
    const missing = await validateJson(file, ['--hal-dir', halDir])
    expect(missing.result.exitCode).toBe(1)
    expect(problemsOf(missing.report)).toContain('error bakery/template-file@11')
    copyFileSync(join(ROOT, 'templates', 'gce.json'), join(halDir, 'prod', 'profiles', 'rosco', 'packer', 'custom-gce.json'))
    const installed = await validateJson(file, ['--hal-dir', halDir])
    expect(installed.result.exitCode, installed.result.stdout).toBe(0)
    expect(problemsOf(installed.report).filter((p) => p.includes('template'))).toEqual([])
  })

  it('a deployment kept beside no hal directory, without --hal-dir: one warning that its templates were not checked', async () => {
    const work = tempDir('galley-refs-')
    writeFile(join(work, 'deployment.yml'), deployment)
    const { result, report } = await validateJson(join(work, 'deployment.yml'))
    expect(result.exitCode).toBe(0)
    expect(problemsOf(report)).toEqual(['warning bakery/template-references-unchecked'])
  })

  it("a SpinnakerService: checked against the manifest's files", async () => {
    const work = tempDir('galley-refs-')
    const indented = deployment.replace(/^/gm, '      ').trimEnd()
    const manifest = (files: string) => `apiVersion: spinnaker.io/v1alpha2
kind: SpinnakerService
metadata:
  name: spinnaker
spec:
  spinnakerConfig:
    config:
${indented}
${files}`
    writeFile(join(work, 'missing.yml'), manifest(''))
    const missing = await validateJson(join(work, 'missing.yml'))
    expect(missing.result.exitCode).toBe(1)
    expect(problemsOf(missing.report)).toContain('error bakery/template-file@18')
    writeFile(join(work, 'present.yml'), manifest(`    files:\n      profiles__rosco__packer__custom-gce.json: |\n${read(join(ROOT, 'templates', 'gce.json')).replace(/^/gm, '        ').trimEnd()}\n`))
    const present = await validateJson(join(work, 'present.yml'))
    expect(problemsOf(present.report).filter((p) => p.includes('template-file') || p.includes('unchecked'))).toEqual([])
  })
})

describe('hal config validate --file on SpinnakerService manifests checks everything the operator reads', () => {
  const service = (name: string, zone: string) => `apiVersion: spinnaker.io/v1alpha2
kind: SpinnakerService
metadata:
  name: ${name}
spec:
  spinnakerConfig:
    config:
      name: ${name}
      providers:
        google:
          enabled: true
          accounts:
          - name: gce
            project: my-proj
          bakeryDefaults:
            zone: ${zone}
            network: default
`

  it('every SpinnakerService of a multi-document file, at lines of the whole file', async () => {
    const work = tempDir('galley-services-')
    const file = join(work, 'two.yml')
    writeFile(file, `${service('blue', 'us-central1-f')}---\n${service('green', 'NOT_A_ZONE')}`)
    const { result, problems } = await validateJson(file)
    expect(result.exitCode).toBe(1)
    const zone = problems.find((p) => p.rule.includes('zone'))
    // 17 lines of the first, the separator, then the zone on the 16th line of the second.
    expect(zone?.line).toBe(17 + 1 + 16)
  })

  it('a config, profiles or files that is not a mapping is an error at its line, not "nothing to check"', async () => {
    const work = tempDir('galley-services-')
    for (const [part, line] of [['config: []', 5], ['profiles: []', 5], ['files: "x"', 5], ['profiles:\n      rosco: "str"', 6]] as const) {
      const file = join(work, 'bad.yml')
      writeFile(file, `apiVersion: spinnaker.io/v1alpha2\nkind: SpinnakerService\nspec:\n  spinnakerConfig:\n    ${part}\n`)
      const { result, problems } = await validateJson(file)
      expect(result.exitCode, part).toBe(1)
      expect(problems.map((p) => `${p.rule}@${p.line}`), part).toEqual([`operator/shape@${line}`])
    }
  })
})
