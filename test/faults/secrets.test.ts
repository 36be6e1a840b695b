import { readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hal, tempDir } from '../helpers/hal.js'
import { recordFigure } from './record.js'

/** Strings that must never appear in anything the tool prints or logs. */
const SENTINELS = {
  passphrase: 'SENTINEL-PASSPHRASE-7f3a',
  ociKey: 'SENTINEL-OCI-KEY-BODY-91c2',
  gceKey: 'SENTINEL-GCE-PRIVATE-KEY-4d8e',
  extended: 'SENTINEL-EXTENDED-SECRET-2b6f',
}

function setup() {
  const work = tempDir()
  const halDir = join(work, '.hal')
  const ociKey = join(work, 'oci_api_key.pem')
  const gceKey = join(work, 'gce.json')
  writeFileSync(ociKey, `-----BEGIN RSA PRIVATE KEY-----\n${SENTINELS.ociKey}\n-----END RSA PRIVATE KEY-----\n`, { mode: 0o600 })
  writeFileSync(gceKey, JSON.stringify({ type: 'service_account', private_key: SENTINELS.gceKey }), { mode: 0o600 })
  mkdirSync(halDir, { recursive: true })
  writeFileSync(join(halDir, 'config'), `currentDeployment: default
deploymentConfigurations:
- name: default
  providers:
    google:
      enabled: true
      accounts:
      - name: gce
        project: my-gcp-project
        jsonPath: ${gceKey}
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
    oracle:
      enabled: true
      accounts:
      - name: oci
        compartmentId: ocid1.compartment.oc1..aaaa
        userId: ocid1.user.oc1..aaaa
        fingerprint: 12:34:56:78:9a:bc:de:f0:12:34:56:78:9a:bc:de:f0
        sshPrivateKeyFilePath: ${ociKey}
        privateKeyPassphrase: ${SENTINELS.passphrase}
        tenancyId: ocid1.tenancy.oc1..aaaa
        region: us-phoenix-1
      bakeryDefaults:
        availabilityDomain: Uocm:PHX-AD-1
        subnetId: ocid1.subnet.oc1.phx.aaaa
        instanceShape: VM.Standard.E2.1.Micro
        baseImages:
        - baseImage:
            id: ol8
            packageType: rpm
          virtualizationSettings:
            baseImageId: ocid1.image.oc1.phx.aaaa
            sshUserName: opc
`, { mode: 0o600 })
  return { work, halDir }
}

const provider = (p: string, ...rest: string[]) => ['config', 'provider', p, ...rest]

describe('secrets', () => {
  it('never appear in what hal prints: config, get, list, JSON, validation, bake plans', async () => {
    const { halDir } = setup()
    const commands: string[][] = [
      ['config'], ['config', '--json'], ['config', 'list', '--json'],
      provider('oracle'), provider('oracle', '--output', 'json'), provider('google', '--json'),
      provider('oracle', 'account', 'get', 'oci'), provider('oracle', 'account', 'get', 'oci', '--json'), provider('oracle', 'account', 'get', 'oci', '-o', 'json'),
      provider('oracle', 'account', 'list'), provider('oracle', 'account', 'list', '--json'),
      provider('google', 'account', 'get', 'gce'), provider('google', 'account', 'list', '--json'),
      provider('oracle', 'bakery'), provider('oracle', 'bakery', 'base-image', 'list', '--json'),
      ['config', 'validate'], ['config', 'validate', '--format', 'json'], ['config', 'validate', '--format', 'sarif'],
      ['config', 'validate', '--format', 'junit'], ['config', 'validate', '--format', 'github'],
      ['bake', 'plan', '--provider', 'oracle', '--base-image', 'ol8', '--package', 'nginx-1.20.1-1.el8.noarch'],
      ['bake', 'plan', '--provider', 'oracle', '--base-image', 'ol8', '--package', 'nginx', '--json'],
      ['bake', 'plan', '--provider', 'google', '--base-image', 'ubuntu-2204', '--package', 'nginx', '--extended-attribute', `api_token=${SENTINELS.extended}`],
      ['bake', 'plan', '--provider', 'google', '--base-image', 'ubuntu-2204', '--package', 'nginx', '--json', '--extended-attribute', `api_token=${SENTINELS.extended}`],
      // A failing edit prints problems about the account: they must not quote the secret either.
      provider('oracle', 'account', 'edit', 'oci', '--fingerprint', 'nope'),
    ]
    let leaks = 0
    for (const args of commands) {
      const result = await hal(args, { halDir })
      for (const [what, sentinel] of Object.entries(SENTINELS)) {
        if ((result.stdout + result.stderr).includes(sentinel)) {
          leaks++
          expect.fail(`hal ${args.join(' ')} printed the ${what}`)
        }
      }
    }
    recordFigure('secrets in output (sentinels planted)', Object.keys(SENTINELS).length * commands.length, 'command × sentinel checks', leaks, 'leaked')
  })

  it('never appear in the files hal creates, which are private to their owner', async () => {
    const { work, halDir } = setup()
    expect((await hal(provider('google', 'bakery', 'edit', '--zone', 'europe-west4-a'), { halDir })).exitCode).toBe(0)
    expect((await hal(['backup', 'create', '--output', join(work, 'backup.tar.gz')], { halDir })).exitCode).toBe(0)
    // The backup holds the config (and so the passphrase, as it must); it is readable by its owner only.
    expect(statSync(join(work, 'backup.tar.gz')).mode & 0o777).toBe(0o600)
    expect(statSync(join(halDir, 'config')).mode & 0o777).toBe(0o600)
    const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? [join(dir, e.name), ...walk(join(dir, e.name))] : [join(dir, e.name)]))
    const created = walk(join(halDir, '.galley'))
    expect(created.length).toBeGreaterThan(0)
    for (const path of [join(halDir, '.galley'), ...created]) {
      const mode = statSync(path).mode & 0o777
      expect([0o600, 0o700], `${path} has mode ${mode.toString(8)}`).toContain(mode)
      if (statSync(path).isFile()) {
        const text = readFileSync(path, 'utf8')
        // Undo history keeps previous configs (which hold the passphrase, like the config itself) but never key files.
        expect(text).not.toContain(SENTINELS.ociKey)
        expect(text).not.toContain(SENTINELS.gceKey)
      }
    }
    recordFigure('file modes of created files', created.length + 2, 'files and directories', created.length + 2, 'private (0600 or 0700)')
  })
})
