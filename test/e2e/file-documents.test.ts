import { mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseAllDocuments } from 'yaml'
import { hal, read, tempDir, writeFile } from '../helpers/hal.js'
import { needsProgram } from '../helpers/tools.js'

/*
 * `--file FILE` on the config commands, each on a document shaped like the ones users keep
 * (SPEC.md §13). The SpinnakerService fixtures follow the operator's own examples
 * (armory/spinnaker-operator deploy/spinnaker/kustomize/files-patch.yml: `files` keys use `__`
 * for `/`, values are `|` blocks); the Rosco-only keys are those Halyard's model lacks
 * (spinnaker/halyard halyard-config .../model/v1/providers/google/GoogleBakeryDefaults.java:
 * zone, network, networkProjectId, useInternalIp; GoogleBaseImage.java and node/BaseImage.java:
 * no osType, no customRepository).
 */

const HALCONFIG = `halyardVersion: 1.45.0
currentDeployment: default
deploymentConfigurations:
- name: default
  version: 1.30.1
  providers:
    google:
      enabled: true
      accounts:
      - name: gce
        project: my-project-1
        jsonPath: /home/me/.gcp/gce.json
      bakeryDefaults:
        zone: us-central1-f   # where bakes run
        network: default
        useInternalIp: false
        baseImages:
        - baseImage:
            id: ubuntu-2204
            shortDescription: v22.04
            packageType: deb
          virtualizationSettings:
            sourceImageFamily: ubuntu-2204-lts
  timezone: UTC
`

const DEPLOYMENT_YAML = `# kleat halconfig: one deployment on its own
name: default
version: 1.30.1
providers:
  google:
    enabled: true
    accounts:
    - name: gce
      project: my-project-1
      jsonPath: /secrets/gce.json
    bakeryDefaults:
      zone: us-central1-f
      network: default
      useInternalIp: false
      baseImages:
      - baseImage:
          id: ubuntu-2204
          shortDescription: v22.04
          packageType: deb
        virtualizationSettings:
          sourceImageFamily: ubuntu-2204-lts
`

const DEPLOYMENT_JSON = `${JSON.stringify({
  name: 'default',
  version: '1.30.1',
  providers: {
    google: {
      enabled: true,
      accounts: [{ name: 'gce', project: 'my-project-1', jsonPath: '/secrets/gce.json' }],
      bakeryDefaults: {
        zone: 'us-central1-f',
        network: 'default',
        useInternalIp: false,
        baseImages: [{ baseImage: { id: 'ubuntu-2204', shortDescription: 'v22.04', packageType: 'deb' }, virtualizationSettings: { sourceImageFamily: 'ubuntu-2204-lts' } }],
      },
    },
  },
  timezone: 'UTC',
}, null, 2)}\n`

const SERVICE = `apiVersion: spinnaker.io/v1alpha2
kind: SpinnakerService
metadata:
  name: spinnaker
spec:
  # spec.spinnakerConfig - how the operator configures Spinnaker
  spinnakerConfig:
    config:
      version: 1.30.1   # the Spinnaker version
      persistentStorage:
        persistentStoreType: s3
        s3:
          bucket: my-bucket
          rootFolder: front50
      providers:
        google:
          enabled: true
          accounts:
          - name: gce
            project: my-project-1
            jsonPath: gce.json
          bakeryDefaults:
            zone: us-central1-f
            network: default
            useInternalIp: false
            baseImages:
            - baseImage:
                id: ubuntu-2204
                shortDescription: v22.04
                packageType: deb
              virtualizationSettings:
                sourceImageFamily: ubuntu-2204-lts
    profiles:
      clouddriver: {}
    service-settings:
      rosco:
        kubernetes:
          serviceAccountName: rosco
    files:
      gce.json: |
        {"type": "service_account"}
  expose:
    type: service
`

const NAMESPACE = `# kustomize base
apiVersion: v1
kind: Namespace
metadata:
  name: spinnaker
`
const CONFIG_MAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: extra
data:
  flag: "on"
`
const MULTI = `${NAMESPACE}---\n${SERVICE}---\n${CONFIG_MAP}`

interface Kind {
  name: string
  file: string
  text: string
  kindLine: RegExp
}

const KINDS: Kind[] = [
  { name: 'halconfig', file: 'config.yml', text: HALCONFIG, kindLine: /as a halconfig/ },
  { name: 'bare deployment (YAML)', file: 'deployment.yml', text: DEPLOYMENT_YAML, kindLine: /as a bare deployment/ },
  { name: 'bare deployment (JSON)', file: 'deployment.json', text: DEPLOYMENT_JSON, kindLine: /as a bare deployment/ },
  { name: 'SpinnakerService manifest', file: 'spinnakerservice.yml', text: SERVICE, kindLine: /as a SpinnakerService manifest/ },
  { name: 'SpinnakerService in a multi-document file', file: 'all.yml', text: MULTI, kindLine: /as a SpinnakerService manifest \(document 2 of 3\)/ },
]

/** A file in a fresh directory that is no hal directory. */
function place(name: string, text: string): string {
  const file = join(tempDir(), name)
  writeFile(file, text)
  return file
}

/** Lines that differ, as [before, after] pairs, for files of the same line count. */
function changedLines(before: string, after: string): Array<[string, string]> {
  const a = before.split('\n')
  const b = after.split('\n')
  expect(b.length).toBe(a.length)
  return a.flatMap((line, i) => (line === b[i] ? [] : [[line, b[i]] as [string, string]]))
}

const noStack = (text: string) => expect(text).not.toMatch(/^\s+at /m)

describe('--file takes every kind of document', () => {
  for (const kind of KINDS) {
    it(`${kind.name}: a no-op edit leaves it byte for byte and says how it was read`, async () => {
      const file = place(kind.file, kind.text)
      const result = await hal(['config', 'provider', 'google', 'bakery', 'edit', '--file', file, '--zone', 'us-central1-f'])
      expect(result.exitCode, result.stderr).toBe(0)
      expect(result.stdout).toContain('No changes supplied.')
      expect(result.stderr.split('\n').filter((l) => l.startsWith('Read '))).toHaveLength(1)
      expect(result.stderr).toMatch(kind.kindLine)
      expect(read(file)).toBe(kind.text)
    })

    it(`${kind.name}: a real edit changes the one line of the value`, async () => {
      const file = place(kind.file, kind.text)
      const result = await hal(['config', 'provider', 'google', 'bakery', 'edit', '--file', file, '--zone', 'europe-west4-a'])
      expect(result.exitCode, result.stderr).toBe(0)
      const changes = changedLines(kind.text, read(file))
      expect(changes).toHaveLength(1)
      expect(changes[0][0]).toContain('us-central1-f')
      expect(changes[0][1]).toBe(changes[0][0].replace('us-central1-f', 'europe-west4-a'))
    })

    it(`${kind.name}: hal config --file prints its deployment (no "No deployment has been set")`, async () => {
      const file = place(kind.file, kind.text)
      const result = await hal(['config', '--file', file, '--json'])
      expect(result.exitCode, result.stderr).toBe(0)
      expect(result.json().providers.google.bakeryDefaults.zone).toBe('us-central1-f')
      // The kind line goes to stderr only: stdout stays JSON.
      expect(result.stderr).toMatch(kind.kindLine)
    })
  }

  it('a JSON deployment stays pretty-printed JSON when a key is added: one new line at its neighbours\' indentation', async () => {
    const file = place('deployment.json', DEPLOYMENT_JSON)
    const result = await hal(['config', 'provider', 'google', 'bakery', 'edit', '--file', file, '--network-project-id', 'host-project-1'])
    expect(result.exitCode, result.stderr).toBe(0)
    const after = read(file)
    expect(JSON.parse(after).providers.google.bakeryDefaults.networkProjectId).toBe('host-project-1')
    const added = after.split('\n').filter((line) => !DEPLOYMENT_JSON.split('\n').includes(line))
    expect(added).toEqual(['        "networkProjectId": "host-project-1",'])
  })

  it('a bare deployment takes a new base image in its own layout', async () => {
    const file = place('deployment.yml', DEPLOYMENT_YAML)
    const result = await hal(['config', 'provider', 'google', 'bakery', 'base-image', 'add', '--file', file, 'debian-12', '--package-type', 'deb', '--source-image-family', 'debian-12'])
    expect(result.exitCode, result.stderr).toBe(0)
    expect(read(file)).toBe(`${DEPLOYMENT_YAML}      - baseImage:\n          id: debian-12\n          packageType: deb\n        virtualizationSettings:\n          sourceImageFamily: debian-12\n`)
  })

  it('a Rosco settings file is refused in one sentence, nothing written', async () => {
    const text = 'google:\n  bakery-defaults:\n    zone: us-central1-f\n'
    const file = place('rosco-local.yml', text)
    const result = await hal(['config', 'provider', 'google', 'bakery', 'edit', '--file', file, '--zone', 'europe-west4-a'])
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain("as Rosco's Spring settings")
    expect(result.stderr).toContain('hal config commands act on a halconfig, a bare deployment or a SpinnakerService manifest')
    noStack(result.stderr)
    expect(read(file)).toBe(text)
  })
})

describe('a SpinnakerService edit lands where the operator reads it', () => {
  it('puts the Rosco-only subnetwork in profiles.rosco, keeps Halyard keys in config', async () => {
    const file = place('spinnakerservice.yml', SERVICE)
    const result = await hal(['config', 'provider', 'google', 'bakery', 'edit', '--file', file, '--subnetwork', 'bakery-subnet', '--network', 'bakery'])
    expect(result.exitCode, result.stderr).toBe(0)
    const [doc] = parseAllDocuments(read(file)) as any[]
    const value = doc.toJS()
    expect(value.spec.spinnakerConfig.config.providers.google.bakeryDefaults.network).toBe('bakery')
    expect(value.spec.spinnakerConfig.config.providers.google.bakeryDefaults.subnetwork).toBeUndefined()
    expect(value.spec.spinnakerConfig.profiles.rosco).toEqual({ google: { bakeryDefaults: { subnetwork: 'bakery-subnet' } } })
    // Read back through the same view.
    const shown = await hal(['config', 'provider', 'google', 'bakery', '--file', file, '--json'])
    expect(shown.json().subnetwork).toBe('bakery-subnet')
  })

  it('moves the base images to profiles.rosco when one needs osType (Rosco reads a list from one place), in Rosco\'s key names', async () => {
    const file = place('spinnakerservice.yml', SERVICE)
    const result = await hal(['config', 'provider', 'google', 'bakery', 'base-image', 'add', '--file', file, 'debian-12', '--package-type', 'deb', '--os-type', 'debian', '--source-image-family', 'debian-12', '--is-image-family'])
    expect(result.exitCode, result.stderr).toBe(0)
    const value = (parseAllDocuments(read(file)) as any[])[0].toJS()
    expect(value.spec.spinnakerConfig.config.providers.google.bakeryDefaults.baseImages).toBeUndefined()
    const images = value.spec.spinnakerConfig.profiles.rosco.google.bakeryDefaults.baseImages
    expect(images.map((i: any) => i.baseImage.id)).toEqual(['ubuntu-2204', 'debian-12'])
    expect(images[1].baseImage).toEqual({ id: 'debian-12', packageType: 'deb', isImageFamily: true, osType: 'debian' })
    expect(result.stderr).toContain("INFO Moved google's base images to spec.spinnakerConfig.profiles.rosco.google.bakeryDefaults.baseImages")
    const listed = await hal(['config', 'provider', 'google', 'bakery', 'base-image', 'list', '--file', file, '--json'])
    expect(listed.json().map((i: any) => i.baseImage.id)).toEqual(['ubuntu-2204', 'debian-12'])
  })

  it('adds a template to the manifest\'s files as a literal block, and lints it there like a profile file', async () => {
    const file = place('spinnakerservice.yml', SERVICE)
    const template = '{\n  "variables": {"zone": null},\n  "builders": [{"type": "googlecompute", "zone": "{{user `zone`}}"}]\n}\n'
    const source = join(tempDir(), 'my-gce.json')
    writeFile(source, template)
    const added = await hal(['config', 'bakery', 'template', 'add', source, '--file', file])
    expect(added.exitCode, added.stderr).toBe(0)
    const text = read(file)
    expect(text).toContain('      profiles__rosco__packer__my-gce.json: |\n        {\n          "variables": {"zone": null},\n')
    const value = (parseAllDocuments(text) as any[])[0].toJS()
    expect(value.spec.spinnakerConfig.files['profiles__rosco__packer__my-gce.json']).toBe(template)
    expect(value.spec.spinnakerConfig.files['gce.json']).toBe('{"type": "service_account"}\n')

    const lint = await hal(['config', 'bakery', 'template', 'lint', '--file', file, '--no-packer', '--json'])
    expect(lint.exitCode).toBe(1)
    const problem = lint.json().problems.find((p: any) => p.rule === 'template/required-variable')
    expect(problem.file).toBe(file)
    const line = text.split('\n').findIndex((l) => l.includes('"variables": {"zone": null}')) + 1
    expect(problem.line).toBe(line)

    // References are then checked against the manifest's files.
    const missing = await hal(['config', 'provider', 'google', 'bakery', 'edit', '--file', file, '--template-file', 'other.json'])
    expect(missing.exitCode).toBe(1)
    expect(missing.stderr).toContain('"other.json", is neither a stock template nor a file in spec.spinnakerConfig.files')
    const found = await hal(['config', 'provider', 'google', 'bakery', 'edit', '--file', file, '--template-file', 'my-gce.json'])
    expect(found.exitCode, found.stderr).toBe(0)
  })

  it('keeps the other documents of a multi-document file byte for byte', async () => {
    const file = place('all.yml', MULTI)
    for (const args of [
      ['config', 'provider', 'google', 'bakery', 'edit', '--subnetwork', 'bakery-subnet', '--zone', 'europe-west4-a'],
      ['config', 'provider', 'google', 'bakery', 'base-image', 'add', 'debian-12', '--package-type', 'deb', '--os-type', 'debian', '--source-image', 'debian-12-v1'],
      ['config', 'provider', 'google', 'account', 'add', 'second', '--project', 'my-project-2', '--json-path', 'gce2.json', '--no-validate'],
    ]) {
      const result = await hal([...args, '--file', file])
      expect(result.exitCode, result.stderr).toBe(0)
    }
    const after = read(file)
    expect(after.startsWith(`${NAMESPACE}---\n`)).toBe(true)
    expect(after.endsWith(`---\n${CONFIG_MAP}`)).toBe(true)
    expect(after).not.toBe(MULTI)
  })
})

describe('--file writes like the hal directory: lock, atomic write, undo', () => {
  it('a refused edit leaves the file untouched (bytes and mtime)', async () => {
    const file = place('deployment.yml', DEPLOYMENT_YAML)
    const before = statSync(file).mtimeMs
    const result = await hal(['config', 'provider', 'google', 'bakery', 'edit', '--file', file, '--zone', 'not a zone'])
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('the change was not written')
    expect(read(file)).toBe(DEPLOYMENT_YAML)
    expect(statSync(file).mtimeMs).toBe(before)
    expect(readdirSync(join(file, '..')).filter((n) => n.includes('.tmp-'))).toEqual([])
  })

  it('undo --file puts back each edit in turn, from the history kept beside the file', async () => {
    const file = place('spinnakerservice.yml', SERVICE)
    expect((await hal(['config', 'provider', 'google', 'bakery', 'edit', '--file', file, '--subnetwork', 'a-subnet'])).exitCode).toBe(0)
    const first = read(file)
    expect((await hal(['config', 'provider', 'google', 'bakery', 'edit', '--file', file, '--zone', 'europe-west4-a'])).exitCode).toBe(0)
    expect(readdirSync(join(file, '..', '.galley', 'files', 'spinnakerservice.yml', 'undo'))).toHaveLength(2)
    const undo = await hal(['config', 'undo', '--file', file])
    expect(undo.exitCode, undo.stderr).toBe(0)
    expect(read(file)).toBe(first)
    expect((await hal(['config', 'undo', '--file', file])).exitCode).toBe(0)
    expect(read(file)).toBe(SERVICE)
    const nothing = await hal(['config', 'undo', '--file', file])
    expect(nothing.exitCode).toBe(3)
  })

  it('waits for the lock beside the file and gives up without writing', async () => {
    const file = place('deployment.yml', DEPLOYMENT_YAML)
    const own = join(file, '..', '.galley', 'files', 'deployment.yml')
    mkdirSync(own, { recursive: true })
    // A live owner: this test's own process.
    writeFileSync(join(own, 'lock'), JSON.stringify({ pid: process.pid, host: hostname(), started: null, token: 'x', since: new Date().toISOString() }))
    const result = await hal(['config', 'provider', 'google', 'bakery', 'edit', '--file', file, '--zone', 'europe-west4-a'], { env: { HAL_LOCK_TIMEOUT: '0.5' } })
    expect(result.exitCode).toBe(3)
    expect(read(file)).toBe(DEPLOYMENT_YAML)
  })
})

describe('edits keep the document\'s style', () => {
  it('a file whose values are all double-quoted gets double-quoted new values', async () => {
    const text = 'name: "default"\nproviders:\n  google:\n    enabled: true\n    bakeryDefaults:\n      zone: "us-central1-f"\n      network: "default"\n'
    const file = place('deployment.yml', text)
    const result = await hal(['config', 'provider', 'google', 'bakery', 'edit', '--file', file, '--network-project-id', 'host-project-1', '--no-validate'])
    expect(result.exitCode, result.stderr).toBe(0)
    expect(read(file)).toBe(text.replace('      network: "default"\n', '      network: "default"\n      networkProjectId: "host-project-1"\n'))
  })

  it('a value shared through an alias is refused naming the anchor and the alias lines, nothing written', async () => {
    const text = [
      'currentDeployment: prod',
      'deploymentConfigurations:',
      '- name: staging',
      '  providers:',
      '    google:',
      '      bakeryDefaults: &bakery',
      '        zone: us-central1-f',
      '- name: prod',
      '  providers:',
      '    google:',
      '      bakeryDefaults: *bakery',
      '',
    ].join('\n')
    const file = place('halconfig.yml', text)
    const result = await hal(['config', 'provider', 'google', 'bakery', 'edit', '--file', file, '--zone', 'europe-west4-a'])
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('shared through the YAML anchor &bakery (line 6) and its alias *bakery (line 11)')
    expect(result.stderr).not.toContain('internal error')
    noStack(result.stderr)
    expect(read(file)).toBe(text)
  })
})

describe('template references of a --file', () => {
  const withTemplate = DEPLOYMENT_YAML.replace('      zone: us-central1-f\n', '      templateFile: custom-gce.json\n      zone: us-central1-f\n')

  it('are not checked when no place for templates is known: one warning says so', async () => {
    const file = place('deployment.yml', withTemplate)
    const result = await hal(['config', 'provider', 'google', 'bakery', 'base-image', 'edit', '--file', file, 'ubuntu-2204', '--template-file', 'other.json'])
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stderr.match(/were not checked/g)).toHaveLength(1)
  })

  it('are checked against the hal directory the file sits in', async () => {
    const dir = tempDir()
    writeFile(join(dir, 'config'), 'currentDeployment: default\ndeploymentConfigurations:\n- name: default\n')
    writeFile(join(dir, 'default', 'profiles', 'rosco', 'packer', 'custom-gce.json'), '{"builders": [{"type": "googlecompute"}]}\n')
    const file = join(dir, 'deployment.yml')
    writeFile(file, DEPLOYMENT_YAML)
    const ok = await hal(['config', 'provider', 'google', 'bakery', 'edit', '--file', file, '--template-file', 'custom-gce.json'])
    expect(ok.exitCode, ok.stderr).toBe(0)
    const missing = await hal(['config', 'provider', 'google', 'bakery', 'edit', '--file', file, '--template-file', 'absent.json'])
    expect(missing.exitCode).toBe(1)
    expect(missing.stderr).toContain(`"absent.json", is neither a stock template nor a file in ${join(dir, 'default', 'profiles', 'rosco', 'packer')}`)
  })
})

describe('bake plan and bake validate --file', () => {
  /** A manifest whose base image uses a custom template kept in its files. */
  async function manifestWithTemplate(template: string): Promise<string> {
    const file = place('spinnakerservice.yml', SERVICE)
    const source = join(tempDir(), 'my-gce.json')
    writeFile(source, template)
    expect((await hal(['config', 'bakery', 'template', 'add', source, '--file', file])).exitCode).toBe(0)
    expect((await hal(['config', 'provider', 'google', 'bakery', 'edit', '--file', file, '--subnetwork', 'bakery-subnet'])).exitCode).toBe(0)
    return file
  }

  it('bake plan reads the manifest as Rosco would: profiles.rosco settings and the template in files', async () => {
    const file = await manifestWithTemplate('{"variables": {"gce_zone": ""}, "builders": [{"type": "googlecompute", "zone": "{{user `gce_zone`}}"}]}\n')
    // The key file is in the manifest's files, which account/file does not look in yet (hal config validate says the same).
    const result = await hal(['bake', 'plan', '--file', file, '--provider', 'google', '--base-image', 'ubuntu-2204', '--package', 'nginx', '--template-file', 'my-gce.json', '--json', '--rule', 'account/file=off'])
    expect(result.exitCode, result.stderr).toBe(0)
    const plan = result.json()
    expect(plan.variables.find((v: any) => v.name === 'gce_subnetwork').value).toBe('bakery-subnet')
    expect(plan.template.file).toBe(`${file}#spec.spinnakerConfig.files.profiles__rosco__packer__my-gce.json`)
  })

  describe.runIf(needsProgram('packer'))('with real packer validate', () => {
    it('runs packer validate on the manifest\'s template and names it by its key in files', async () => {
      const file = await manifestWithTemplate('{"variables": {"zone": null}, "builders": [{"type": "googlecompute", "zone": "{{user `zone`}}"}]}\n')
      const result = await hal(['bake', 'validate', '--file', file, '--provider', 'google', '--base-image', 'ubuntu-2204', '--package', 'nginx', '--template-file', 'my-gce.json', '--json', '--rule', 'account/file=off'], { timeout: 120_000 })
      expect(result.exitCode).toBe(1)
      const problem = result.json().problems.find((p: any) => p.rule === 'packer/validate')
      expect(problem.message).toContain('required variable not set: zone')
      expect(problem.file).toBe(`${file}#spec.spinnakerConfig.files.profiles__rosco__packer__my-gce.json`)
    }, 150_000)
  })
})

describe('--file cannot be turned against the machine', () => {
  it("a files key climbing out of Rosco's packer directory: reported by validate, never written by the commands that read the manifest", async () => {
    const work = tempDir()
    const victim = join(work, 'victim')
    mkdirSync(victim)
    writeFileSync(join(victim, 'existing.txt'), 'ORIGINAL\n')
    const climb = `${'..__'.repeat(12)}${victim.slice(1).split('/').join('__')}`
    const manifest = SERVICE.replace('    files:\n', `    files:\n      profiles__rosco__packer__${climb}__existing.txt: "echo pwned"\n      profiles__rosco__packer__${climb}__new.sh: "echo pwned"\n      profiles__rosco__packer____abs.sh: "echo abs"\n`)
    const file = place('spinnakerservice.yml', manifest)
    for (const args of [['config', 'bakery', 'template', 'list'], ['config', 'bakery', 'template', 'lint', '--no-packer'], ['config', 'generate', 'rosco', '--output', join(work, 'out')]]) {
      const result = await hal([...args, '--file', file])
      noStack(result.stderr)
      expect(result.stderr).not.toMatch(/unexpected error/)
    }
    expect(read(join(victim, 'existing.txt'))).toBe('ORIGINAL\n')
    expect(readdirSync(victim)).toEqual(['existing.txt'])
    const validate = await hal(['config', 'validate', '--file', file, '--format', 'json'])
    expect(validate.exitCode).toBe(1)
    const keys = validate.json().problems.filter((p: { rule: string }) => p.rule === 'operator/file-key')
    expect(keys).toHaveLength(3)
    expect(keys.every((p: { line?: number }) => typeof p.line === 'number')).toBe(true)
  })

  it('a template whose name holds "__" is refused for a manifest: the operator would give Rosco another path', async () => {
    const file = place('spinnakerservice.yml', SERVICE)
    const template = join(tempDir(), 'my__x.json')
    writeFileSync(template, '{"builders": [{"type": "null", "communicator": "none"}]}\n')
    const before = read(file)
    const result = await hal(['config', 'bakery', 'template', 'add', template, '--file', file])
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toMatch(/reads "__" in a key as "\/"/)
    expect(read(file)).toBe(before)
  })

  it('a planted .galley link beside FILE is refused, and nothing is written where it points', async () => {
    const work = tempDir()
    const outside = join(work, 'outside')
    mkdirSync(outside)
    mkdirSync(join(work, 'repo'))
    const file = join(work, 'repo', 'deployment.yml')
    writeFile(file, DEPLOYMENT_YAML)
    symlinkSync(outside, join(work, 'repo', '.galley'))
    const result = await hal(['config', 'provider', 'google', 'bakery', 'edit', '--file', file, '--zone', 'us-east1-b'])
    expect(result.exitCode).toBe(3)
    expect(result.stderr).toMatch(/\.galley is a link/)
    expect(readdirSync(outside)).toEqual([])
    expect(read(file)).toBe(DEPLOYMENT_YAML)
  })

  it('edits through a link and through the file share one lock and one undo history: the real file', async () => {
    const work = tempDir()
    mkdirSync(join(work, 'real'))
    const target = join(work, 'real', 'deployment.yml')
    writeFile(target, DEPLOYMENT_YAML)
    symlinkSync(target, join(work, 'link.yml'))
    const edits = Array.from({ length: 6 }, (_, i) => hal(['config', 'provider', 'google', 'bakery', 'base-image', 'add', `img-${i}`, '--file', i % 2 === 0 ? join(work, 'link.yml') : target, '--package-type', 'deb', '--source-image-family', 'debian-12']))
    for (const result of await Promise.all(edits)) expect(result.exitCode, result.stderr).toBe(0)
    const ids = [...read(target).matchAll(/id: (img-\d)/g)].map((m) => m[1]).sort()
    expect(ids).toEqual(['img-0', 'img-1', 'img-2', 'img-3', 'img-4', 'img-5'])
    expect(readdirSync(work).sort()).toEqual(['link.yml', 'real'])
    const undo = await hal(['config', 'undo', '--file', join(work, 'link.yml')])
    expect(undo.exitCode, undo.stderr).toBe(0)
  })
})
