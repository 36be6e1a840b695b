import { chmodSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fixture, hal, matchGolden, mtimeMs, read, tempDir, tempHalDir, writeFile } from '../helpers/hal.js'

/** Runs a sequence of hal commands, failing on the first that does not exit 0. */
async function sequence(halDir: string, commands: string[][]) {
  const outputs: string[] = []
  for (const args of commands) {
    const result = await hal(args, { halDir })
    if (result.exitCode !== 0) throw new Error(`hal ${args.join(' ')} exited ${result.exitCode}:\n${result.stderr}`)
    outputs.push(result.stdout)
  }
  return outputs
}

const google = (...args: string[]) => ['config', 'provider', 'google', ...args]
const oracle = (...args: string[]) => ['config', 'provider', 'oracle', ...args]

const GOOGLE_SEQUENCE = [
  google('enable'),
  google('bakery', 'edit', '--zone', 'europe-west4-a', '--network', 'bakery-net', '--subnetwork', 'bakery-sub', '--use-internal-ip'),
  google('bakery', 'base-image', 'add', 'ubuntu-2204', '--short-description', 'v22.04', '--package-type', 'deb', '--source-image-family', 'ubuntu-2204-lts', '--is-image-family'),
  google('bakery', 'base-image', 'add', 'rocky', '--short-description', 'Rocky', '--package-type', 'rpm', '--source-image-family', 'rocky-linux-9', '--is-image-family=true'),
  google('bakery', 'base-image', 'add', 'debian-12', '--package-type', 'deb', '--source-image', 'debian-12-bookworm-v20240110'),
  google('bakery', 'base-image', 'edit', 'rocky', '--id', 'rocky-9'),
  google('bakery', 'base-image', 'edit', 'debian-12', '--detailed-description', 'Debian 12 bookworm, pinned'),
  google('bakery', 'base-image', 'delete', 'ubuntu-2204'),
  google('account', 'add', 'gce-bakery', '--project', 'my-bakery-project', '--image-projects', 'debian-cloud,rocky-linux-cloud'),
]

const ORACLE_SEQUENCE = (keyFile: string) => [
  oracle('enable'),
  oracle('bakery', 'edit', '--availability-domain', 'Uocm:PHX-AD-1', '--subnet-id', 'ocid1.subnet.oc1.phx.aaaabbbb', '--instance-shape', 'VM.Standard2.1'),
  oracle('bakery', 'base-image', 'add', 'ol8', '--short-description', 'Oracle Linux 8', '--package-type', 'rpm', '--base-image-id', 'ocid1.image.oc1.phx.aaaaol8', '--ssh-user-name', 'opc'),
  oracle('bakery', 'base-image', 'add', 'ubuntu', '--package-type', 'deb', '--base-image-id', 'ocid1.image.oc1.phx.aaaaubuntu', '--ssh-user-name', 'ubuntu'),
  oracle('bakery', 'base-image', 'add', 'ol7', '--package-type', 'rpm', '--base-image-id', 'ocid1.image.oc1.phx.aaaaol7', '--ssh-user-name', 'opc'),
  oracle('bakery', 'base-image', 'edit', 'ubuntu', '--id', 'ubuntu-2204'),
  oracle('bakery', 'base-image', 'edit', 'ol8', '--short-description', 'OL 8'),
  oracle('bakery', 'base-image', 'delete', 'ol7'),
  oracle('account', 'add', 'oci', '--compartment-id', 'ocid1.compartment.oc1..aaaacomp', '--user-id', 'ocid1.user.oc1..aaaauser',
    '--fingerprint', '12:34:56:78:9a:bc:de:f0:12:34:56:78:9a:bc:de:f0', '--ssh-private-key-file-path', keyFile,
    '--private-key-passphrase=SENTINEL-PASSPHRASE-42', '--tenancy-id', 'ocid1.tenancy.oc1..aaaaten', '--region', 'us-phoenix-1'),
]

function rsaKey(dir: string): string {
  const file = join(dir, 'oci_api_key.pem')
  writeFileSync(file, '-----BEGIN RSA PRIVATE KEY-----\nSENTINEL-KEY-CONTENTS\n-----END RSA PRIVATE KEY-----\n', { mode: 0o600 })
  return file
}

describe('google bakery commands', () => {
  it('build the bakery from an empty hal dir, exactly as the golden file says', async () => {
    const halDir = tempHalDir()
    await sequence(halDir, GOOGLE_SEQUENCE)
    matchGolden(read(join(halDir, 'config')), 'golden/google-sequence.yml')
    const [list, get] = await sequence(halDir, [google('bakery', 'base-image', 'list'), google('bakery', 'base-image', 'get', 'rocky-9')])
    expect(list).toBe('rocky-9    Rocky            rpm    family rocky-linux-9\ndebian-12                   deb    image debian-12-bookworm-v20240110\n')
    expect(get).toBe('baseImage:\n  id: rocky-9\n  shortDescription: Rocky\n  packageType: rpm\n  imageFamily: true\nvirtualizationSettings:\n  sourceImageFamily: rocky-linux-9\n')
  })

  it('keep every comment of a hand-written config through the whole sequence', async () => {
    const halDir = tempHalDir(fixture('hand-written.yml'))
    await sequence(halDir, GOOGLE_SEQUENCE)
    matchGolden(read(join(halDir, 'config')), 'golden/google-sequence-hand-written.yml')
    for (const comment of read(join('test', 'fixtures', 'hand-written.yml')).match(/#.*$/gm)!) {
      expect(read(join(halDir, 'config'))).toContain(comment)
    }
  })

  it('print the bakery defaults with Rosco\'s defaults filled in', async () => {
    const halDir = tempHalDir()
    const shown = await hal(google('bakery', '--json'), { halDir })
    expect(shown.json()).toEqual({ templateFile: 'gce.json', baseImages: [], zone: 'us-central1-f', network: 'default', useInternalIp: false })
  })

  it('refuse a duplicate id with exit 1 and a missing one with exit 3, writing nothing', async () => {
    const halDir = tempHalDir()
    await sequence(halDir, GOOGLE_SEQUENCE.slice(0, 3))
    const before = read(join(halDir, 'config'))
    const duplicate = await hal(google('bakery', 'base-image', 'add', 'ubuntu-2204', '--package-type', 'deb', '--source-image-family', 'x'), { halDir })
    expect(duplicate.exitCode).toBe(1)
    expect(duplicate.stderr).toMatch(/A base image named ubuntu-2204 already exists in google's bakery \(.*config line 10\)/)
    for (const verb of ['get', 'edit', 'delete']) {
      const missing = await hal(google('bakery', 'base-image', verb, 'nope'), { halDir })
      expect(missing.exitCode).toBe(3)
      expect(missing.stderr).toContain('No base image named nope')
      expect(missing.stderr).toContain('Existing base images: ubuntu-2204.')
    }
    expect(read(join(halDir, 'config'))).toBe(before)
  })

  it('name the lines of duplicates a hand-edited file already holds', async () => {
    const halDir = tempHalDir(fixture('duplicate-images.yml'))
    const result = await hal(google('bakery', 'base-image', 'get', 'bionic'), { halDir })
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('More than one base image named "bionic" was found')
    expect(result.stderr).toMatch(/lines 9, 14\)/)
  })

  it('say "No changes supplied." and leave the file untouched when nothing changes', async () => {
    const halDir = tempHalDir()
    await sequence(halDir, GOOGLE_SEQUENCE.slice(0, 3))
    const before = mtimeMs(join(halDir, 'config'))
    await new Promise((r) => setTimeout(r, 20))
    const result = await hal(google('bakery', 'edit', '--zone', 'europe-west4-a'), { halDir })
    expect(result.stdout).toBe('No changes supplied.\n')
    const image = await hal(google('bakery', 'base-image', 'edit', 'ubuntu-2204', '--package-type', 'deb'), { halDir })
    expect(image.stdout).toBe('No changes supplied.\n')
    expect(mtimeMs(join(halDir, 'config'))).toBe(before)
  })

  it('refuse an ERROR-level change with the problems and the flag behind them, and write it with --no-validate', async () => {
    const halDir = tempHalDir()
    await sequence(halDir, GOOGLE_SEQUENCE.slice(0, 3))
    const before = read(join(halDir, 'config'))
    const refused = await hal(google('bakery', 'edit', '--zone', 'us-central1'), { halDir })
    expect(refused.exitCode).toBe(1)
    expect(refused.stderr).toContain('the change was not written')
    expect(refused.stderr).toContain('! ERROR Zone "us-central1" is not valid')
    expect(refused.stderr).toContain('(--zone)')
    expect(refused.stderr).toContain('[google/zone]')
    expect(read(join(halDir, 'config'))).toBe(before)
    const forced = await hal(google('bakery', 'edit', '--zone', 'us-central1', '--no-validate'), { halDir })
    expect(forced.exitCode).toBe(0)
    expect(read(join(halDir, 'config'))).toContain('zone: us-central1\n')
  })

  it('print warnings and still write', async () => {
    const halDir = tempHalDir()
    const result = await hal(google('bakery', 'base-image', 'add', 'both', '--package-type', 'deb', '--source-image', 'img-1', '--source-image-family', 'fam'), { halDir })
    expect(result.exitCode).toBe(0)
    expect(result.stderr).toContain('- WARNING Base image both sets both sourceImage and sourceImageFamily')
    expect(read(join(halDir, 'config'))).toContain('id: both')
  })

  it('read isImageFamily in a halconfig, with a warning that says to rename it', async () => {
    const halDir = tempHalDir('currentDeployment: default\ndeploymentConfigurations:\n- name: default\n  providers:\n    google:\n      bakeryDefaults:\n        baseImages:\n        - baseImage:\n            id: a\n            packageType: deb\n            isImageFamily: true\n          virtualizationSettings:\n            sourceImageFamily: fam\n')
    const result = await hal(['config', 'validate'], { halDir })
    expect(result.stdout).toContain('uses the key isImageFamily')
    expect(result.stdout).toContain('Rename the key to imageFamily.')
  })
})

describe('oracle bakery commands', () => {
  it('build the bakery from an empty hal dir, exactly as the golden file says', async () => {
    const dir = tempDir()
    const halDir = join(dir, '.hal')
    const key = rsaKey(dir)
    await sequence(halDir, ORACLE_SEQUENCE(key))
    matchGolden(read(join(halDir, 'config')).replace(key, 'KEY'), 'golden/oracle-sequence.yml')
    const [list] = await sequence(halDir, [oracle('bakery', 'base-image', 'list')])
    expect(list).toBe('ol8          OL 8             rpm    ocid1.image.oc1.phx.aaaaol8\nubuntu-2204                   deb    ocid1.image.oc1.phx.aaaaubuntu\n')
  })

  it('edit one bakery field at a time: a missing value is a validation problem, not a flag error', async () => {
    const halDir = tempHalDir()
    await sequence(halDir, [oracle('enable')])
    const partial = await hal(oracle('bakery', 'edit', '--instance-shape', 'VM.Standard2.1'), { halDir })
    expect(partial.exitCode).toBe(0)
    expect(read(join(halDir, 'config'))).toContain('instanceShape: VM.Standard2.1')
    // With base images to bake, the missing values become errors.
    const image = await hal(oracle('bakery', 'base-image', 'add', 'ol8', '--package-type', 'rpm', '--base-image-id', 'ocid1.image.oc1.phx.aaaa', '--ssh-user-name', 'opc'), { halDir })
    expect(image.exitCode).toBe(1)
    expect(image.stderr).toContain('No availability domain supplied for oracle bakery defaults')
    expect(image.stderr).toContain('No subnet id supplied')
  })

  it('refuse a VCN OCID as the subnet, naming the flag', async () => {
    const halDir = tempHalDir()
    const result = await hal(oracle('bakery', 'edit', '--subnet-id', 'ocid1.vcn.oc1.phx.aaaa'), { halDir })
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('this is a vcn OCID; subnetId needs a subnet OCID')
    expect(result.stderr).toContain('(--subnet-id)')
  })

  it('never print the key file or the passphrase', async () => {
    const dir = tempDir()
    const halDir = join(dir, '.hal')
    const key = rsaKey(dir)
    const outputs = await sequence(halDir, [
      ...ORACLE_SEQUENCE(key),
      ['config'], ['config', '--json'], oracle(), oracle('--output', 'json'),
      oracle('account', 'get', 'oci'), oracle('account', 'get', 'oci', '--json'), oracle('account', 'list'), oracle('account', 'list', '--json'),
    ])
    const validation = await hal(['config', 'validate', '--format', 'json'], { halDir })
    for (const out of [...outputs, validation.stdout, validation.stderr]) {
      expect(out).not.toContain('SENTINEL-PASSPHRASE-42')
      expect(out).not.toContain('SENTINEL-KEY-CONTENTS')
    }
    expect((await hal(oracle('account', 'get', 'oci'), { halDir })).stdout).toContain('privateKeyPassphrase: <redacted>')
  })

  it('check account key files: missing, unreadable and PKCS#8 keys are refused', async () => {
    const dir = tempDir()
    const halDir = join(dir, '.hal')
    const add = (file: string) => hal(oracle('account', 'add', 'a', '--compartment-id', 'ocid1.tenancy.oc1..aaaa', '--user-id', 'ocid1.user.oc1..aaaa',
      '--fingerprint', '12:34:56:78:9a:bc:de:f0:12:34:56:78:9a:bc:de:f0', '--tenancy-id', 'ocid1.tenancy.oc1..aaaa', '--region', 'us-phoenix-1',
      '--ssh-private-key-file-path', file), { halDir })
    const missing = await add(join(dir, 'nope.pem'))
    expect(missing.exitCode).toBe(1)
    expect(missing.stderr).toContain('does not exist')
    const pkcs8 = join(dir, 'pkcs8.pem')
    writeFile(pkcs8, '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n')
    const wrongFormat = await add(pkcs8)
    expect(wrongFormat.exitCode).toBe(1)
    expect(wrongFormat.stderr).toContain(`openssl rsa -in ${pkcs8} -traditional -out ${pkcs8}.pkcs1.pem`)
    if (process.getuid?.() !== 0) {
      chmodSync(pkcs8, 0)
      expect((await add(pkcs8)).stderr).toContain('is not readable')
    }
  })
})

describe('JSON output', () => {
  it('is parseable and stable for every read command', async () => {
    const halDir = tempHalDir()
    await sequence(halDir, GOOGLE_SEQUENCE)
    const list = (await hal(google('bakery', 'base-image', 'list', '--json'), { halDir })).json()
    expect(list.map((i: any) => i.baseImage.id)).toEqual(['rocky-9', 'debian-12'])
    const added = (await hal(google('bakery', 'base-image', 'add', 'x1', '--package-type', 'deb', '--source-image', 'x1-img', '--json'), { halDir })).json()
    expect(added).toEqual({ changed: true, baseImage: { baseImage: { id: 'x1', packageType: 'deb' }, virtualizationSettings: { sourceImage: 'x1-img' } }, problems: [] })
    const again = await hal(google('bakery', 'base-image', 'list', '--json'), { halDir })
    expect(again.stdout).toBe((await hal(google('bakery', 'base-image', 'list', '--json'), { halDir })).stdout)
  })
})

describe('an empty id or name is a usage error (exit 2), the file untouched, for every provider', () => {
  // Halyard refuses only a missing one (halyard-cli .../providers/bakery/AbstractHasBaseImageCommand.java:35-39,
  // .../providers/account/AbstractHasAccountCommand.java:44-46 at spinnaker/halyard 23e66d69): "" reaches
  // its config, as a base image no bake request can name (base_os) and an account no bake can pick.
  const CONFIG = `currentDeployment: default
deploymentConfigurations:
- name: default
  providers:
    google:
      bakeryDefaults:
        baseImages:
        - baseImage: {id: kept, packageType: deb}
          virtualizationSettings: {sourceImageFamily: ubuntu-2204-lts}
    oracle:
      bakeryDefaults:
        baseImages:
        - baseImage: {id: kept, packageType: rpm}
          virtualizationSettings: {baseImageId: ocid1.image.oc1.phx.aaaa, sshUserName: opc}
    aws:
      bakeryDefaults:
        baseImages:
        - baseImage: {id: kept, packageType: deb}
          virtualizationSettings:
          - {region: us-east-1, virtualizationType: hvm, instanceType: t3.small, sourceAmi: ami-12345678, sshUserName: ubuntu}
    azure:
      bakeryDefaults:
        baseImages:
        - baseImage: {id: kept, packageType: deb, publisher: Canonical, offer: UbuntuServer, sku: 18.04-LTS, version: latest}
          virtualizationSettings: {}
`
  const ADD: Record<string, string[]> = {
    google: ['--package-type', 'deb', '--source-image-family', 'ubuntu-2204-lts'],
    oracle: ['--package-type', 'rpm', '--base-image-id', 'ocid1.image.oc1.phx.aaaa', '--ssh-user-name', 'opc'],
    aws: ['--package-type', 'deb', '--region', 'us-east-1', '--virtualization-type', 'hvm', '--instance-type', 't3.small', '--source-ami', 'ami-12345678', '--ssh-user-name', 'ubuntu'],
    azure: ['--package-type', 'deb', '--publisher', 'Canonical', '--offer', 'UbuntuServer', '--sku', '18.04-LTS'],
  }

  for (const provider of ['google', 'oracle', 'aws', 'azure']) {
    it(`${provider}: base-image add "" and " ", base-image edit --id "", account add ""`, async () => {
      const halDir = tempHalDir(CONFIG)
      const config = join(halDir, 'config')
      const attempts: Array<[string[], string]> = [
        [['bakery', 'base-image', 'add', '', ...ADD[provider]], 'the base image\'s id cannot be empty (the first argument)'],
        [['bakery', 'base-image', 'add', ' ', ...ADD[provider], '--no-validate'], 'the base image\'s id cannot be blank (the first argument)'],
        [['bakery', 'base-image', 'edit', 'kept', '--id', ''], 'the base image\'s id cannot be empty (--id)'],
        [['bakery', 'base-image', 'edit', 'kept', '--id=', '--no-validate'], 'the base image\'s id cannot be empty (--id)'],
        [['account', 'add', '', '--no-validate'], 'the account\'s name cannot be empty (the first argument)'],
      ]
      for (const [args, message] of attempts) {
        const result = await hal(['config', 'provider', provider, ...args], { halDir })
        expect(result.exitCode, `${args.join(' ')}: ${result.stderr}`).toBe(2)
        expect(result.stderr).toContain(message)
        expect(result.stderr).not.toMatch(/\n\s+at /)
        expect(read(config)).toBe(CONFIG)
      }
      // A real id still works: the refusal is about emptiness only.
      expect((await hal(['config', 'provider', provider, 'bakery', 'base-image', 'edit', 'kept', '--id', 'renamed', '--no-validate'], { halDir })).exitCode).toBe(0)
    })
  }
})
