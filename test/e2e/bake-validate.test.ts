import { generateKeyPairSync } from 'node:crypto'
import { readdirSync, symlinkSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fixture, hal, tempDir, tempHalDir, writeFile } from '../helpers/hal.js'
import { needsProgram } from '../helpers/tools.js'

// `hal bake validate` stages Rosco's packer directory and runs the real `packer validate` with
// the variables Rosco would pass. No cloud credentials, no network.

const GOOGLE = `currentDeployment: default
deploymentConfigurations:
- name: default
  providers:
    google:
      enabled: true
      accounts:
      - name: gce-bakery
        project: my-bakery-project
      bakeryDefaults:
        baseImages:
        - baseImage: {id: ubuntu-2204, packageType: deb}
          virtualizationSettings: {sourceImageFamily: ubuntu-2204-lts}
`

/** The Oracle fixture with a real key: PKCS#1 is the only form Packer 1.6 reads. */
function oracleConfig(dir: string, type: 'pkcs1' | 'pkcs8' = 'pkcs1'): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type, format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } })
  const key = join(dir, 'oci_api_key.pem')
  writeFile(key, privateKey, 0o600)
  return fixture('bake/oracle.yml').replace('/home/me/.oci/oci_api_key.pem', key)
}

const custom = (halDir: string, name: string, content: string, mode?: number) => writeFile(join(halDir, 'default', 'profiles', 'rosco', 'packer', name), content, mode)

/** Runs validate with a private TMPDIR, to see that the staged directory is removed afterwards. */
async function validate(halDir: string, args: string[], env: Record<string, string> = {}) {
  const tmp = tempDir('galley-tmp-')
  const result = await hal(['bake', 'validate', ...args], { halDir, env: { TMPDIR: tmp, ...env } })
  expect(readdirSync(tmp), 'temporary files left behind').toEqual([])
  return result
}

const googleBake = ['--provider', 'google', '--base-image', 'ubuntu-2204', '--package', 'nginx']

const CUSTOM_TEMPLATE = (script: string, extraVariables = '') => `{
  "variables": {
    "gce_project_id": null, "gce_zone": null, "gce_network": null, "gce_target_image": null,
    "gce_source_image": "", "gce_source_image_family": "",
    "package_type": null, "packages": "", "configDir": null${extraVariables}
  },
  "builders": [{
    "type": "googlecompute",
    "project_id": "{{user \`gce_project_id\`}}", "zone": "{{user \`gce_zone\`}}", "network": "{{user \`gce_network\`}}",
    "source_image": "{{user \`gce_source_image\`}}", "source_image_family": "{{user \`gce_source_image_family\`}}",
    "image_name": "{{user \`gce_target_image\`}}", "ssh_username": "packerio"
  }],
  "provisioners": [{ "type": "shell", "script": "{{user \`configDir\`}}/${script}", "environment_vars": ["packages={{user \`packages\`}}"] }]
}
`

describe.runIf(needsProgram('packer'))('hal bake validate (real packer validate)', () => {
  it('accepts the stock gce.json with what Rosco passes', async () => {
    const result = await validate(tempHalDir(GOOGLE), googleBake)
    expect(result.stderr).toBe('')
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toMatch(/^packer validate accepts gce\.json \(stock\) for google base image ubuntu-2204 with Rosco's \d+ variables \(Packer 1\.\d+\.\d+\)\.\n$/)
  })

  it('accepts the stock oci.json with a PKCS#1 key, never showing the pass phrase', async () => {
    const halDir = tempHalDir()
    writeFile(join(halDir, 'config'), oracleConfig(dirname(halDir)))
    const result = await validate(halDir, ['--provider', 'oracle', '--base-image', 'ol8', '--package', 'nginx', '--json'])
    expect(result.exitCode, result.stdout + result.stderr).toBe(0)
    const json = result.json()
    expect(json).toMatchObject({ valid: true, provider: 'oracle', template: { name: 'oci.json', location: 'stock' }, problems: [] })
    expect(json.argv.slice(0, 2)).toEqual(['packer', 'validate'])
    expect(json.argv).toContain('oracle_pass_phrase=<redacted>')
    expect(json.argv.at(-1)).toBe('/opt/rosco/config/packer/oci.json')
    expect(result.stdout + result.stderr).not.toContain('SENTINEL-PASSPHRASE-42')
  })

  it('accepts a custom template with its own script from profiles/rosco/packer/', async () => {
    const halDir = tempHalDir(GOOGLE)
    custom(halDir, 'gce-custom.json', CUSTOM_TEMPLATE('scripts/setup.sh'))
    custom(halDir, 'scripts/setup.sh', '#!/bin/sh\necho "installing $packages"\n', 0o755)
    const result = await validate(halDir, [...googleBake, '--template-file', 'gce-custom.json'])
    expect(result.exitCode, result.stdout + result.stderr).toBe(0)
    expect(result.stdout).toContain('packer validate accepts gce-custom.json (custom)')
  })

  it('rejects a template whose script is missing, saying where the script must go', async () => {
    const halDir = tempHalDir(GOOGLE)
    custom(halDir, 'gce-custom.json', CUSTOM_TEMPLATE('scripts/missing.sh'))
    const result = await validate(halDir, [...googleBake, '--template-file', 'gce-custom.json', '--json'])
    expect(result.exitCode).toBe(1)
    const { valid, problems } = result.json()
    expect(valid).toBe(false)
    expect(problems).toEqual([{
      rule: 'packer/validate',
      severity: 'error',
      message: "Bad script '/opt/rosco/config/packer/scripts/missing.sh': stat /opt/rosco/config/packer/scripts/missing.sh: no such file or directory",
      remediation: `Put scripts/missing.sh in ${join(halDir, 'default', 'profiles', 'rosco', 'packer')}/ (templates reach it as {{user \`configDir\`}}/scripts/missing.sh).`,
      path: '',
      file: join(halDir, 'default', 'profiles', 'rosco', 'packer', 'gce-custom.json'),
    }])
  })

  it('rejects a template that requires a variable Rosco never passes, and accepts it once an extended attribute passes it', async () => {
    const halDir = tempHalDir(GOOGLE)
    custom(halDir, 'gce-custom.json', CUSTOM_TEMPLATE('install_packages.sh', ', "team_name": null'))
    const result = await validate(halDir, [...googleBake, '--template-file', 'gce-custom.json'])
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toContain('! ERROR required variable not set: team_name')
    expect(result.stdout).toContain('? Rosco never passes team_name: give it a default in gce-custom.json, or pass it with --extended-attribute team_name=VALUE')

    const passed = await validate(halDir, [...googleBake, '--template-file', 'gce-custom.json', '--extended-attribute', 'team_name=bakers'])
    expect(passed.exitCode, passed.stdout).toBe(0)
  })

  it('names the halconfig setting behind a required variable that is not set, as hal config validate does, before Packer runs', async () => {
    const halDir = tempHalDir()
    writeFile(join(halDir, 'config'), oracleConfig(dirname(halDir)).replace(/^ {8}subnetId:.*\n/m, ''))
    const result = await validate(halDir, ['--provider', 'oracle', '--base-image', 'ol8'])
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain('No subnet id supplied for oracle bakery defaults: every bake would fail.')
    expect(result.stderr).toContain('config:19:9 [oracle/bakery-required]')
    expect(result.stderr).toContain('? hal config provider oracle bakery edit --subnet-id ')
  })

  it('--rule oracle/bakery-required=off: Packer runs, and galley names the halconfig setting behind the required variable it misses', async () => {
    const halDir = tempHalDir()
    writeFile(join(halDir, 'config'), oracleConfig(dirname(halDir)).replace(/^ {8}subnetId:.*\n/m, ''))
    const result = await validate(halDir, ['--provider', 'oracle', '--base-image', 'ol8', '--rule', 'oracle/bakery-required=off'])
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toContain('! ERROR required variable not set: oracle_subnet_id')
    expect(result.stdout).toContain('? oracle_subnet_id comes from bakery defaults: subnetId, which is not set. hal config provider oracle bakery edit --subnet-id VALUE')
  })

  it('a PKCS#8 key: refused before Packer runs as hal config validate refuses it (Packer would say the key_file is missing), with how to convert the key', async () => {
    const halDir = tempHalDir()
    writeFile(join(halDir, 'config'), oracleConfig(dirname(halDir), 'pkcs8'))
    const result = await validate(halDir, ['--provider', 'oracle', '--base-image', 'ol8', '--package', 'nginx'])
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain('is a PKCS#8 key; Packer\'s oracle-oci builder reads only PKCS#1 keys and fails with "\'key_file\' must be specified".')
    expect(result.stderr).toContain('[oracle/key-format]')
    expect(result.stderr).toMatch(/\? Convert it: openssl rsa -in \S+oci_api_key\.pem -traditional -out /)
  })

  it('a PKCS#8 key with --rule oracle/key-format=off: Packer says the key_file is missing, galley says how to convert the key', async () => {
    const halDir = tempHalDir()
    writeFile(join(halDir, 'config'), oracleConfig(dirname(halDir), 'pkcs8'))
    const result = await validate(halDir, ['--provider', 'oracle', '--base-image', 'ol8', '--package', 'nginx', '--rule', 'oracle/key-format=off'])
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toContain("! ERROR 'key_file' must be specified")
    expect(result.stdout).toContain('openssl rsa -in KEY.pem -traditional -out KEY-rsa.pem')
  })

  it('a secret kept as a reference cannot be used locally: exit 1 before Packer runs', async () => {
    const halDir = tempHalDir()
    writeFile(join(halDir, 'config'), oracleConfig(dirname(halDir)).replace('SENTINEL-PASSPHRASE-42', 'encrypted:gcs!b:bucket!f:oci.yml!k:phrase'))
    const result = await validate(halDir, ['--provider', 'oracle', '--base-image', 'ol8'])
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('Error: oracle_pass_phrase comes from a secret reference (account: oci-bakery.privateKeyPassphrase)')
  })

  it('stops before Packer on a problem Rosco would fail on (exit 1)', async () => {
    const result = await validate(tempHalDir(GOOGLE), ['--provider', 'google', '--base-image', 'nope'])
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain("Error: No virtualization settings found for 'nope'.")
    expect(result.stderr).toContain('? Base images of google: ubuntu-2204.')
  })
})

describe('hal bake validate without a usable Packer (exit 3, how to install it)', () => {
  /** A PATH holding only node and, optionally, a fake packer (node and packer share /usr/bin here). */
  function pathWith(packerScript?: string): string {
    const bin = tempDir('galley-bin-')
    symlinkSync(process.execPath, join(bin, 'node'))
    if (packerScript) writeFile(join(bin, 'packer'), packerScript, 0o755)
    return bin
  }

  it('Packer missing', async () => {
    const result = await hal(['bake', 'validate', ...googleBake], { halDir: tempHalDir(GOOGLE), env: { PATH: pathWith() } })
    expect(result.exitCode).toBe(3)
    expect(result.stderr).toContain('Error: Packer is not installed (no packer on PATH)')
    expect(result.stderr).toContain('apt-get install packer')
  })

  it('Packer older than 1.6', async () => {
    const result = await hal(['bake', 'validate', ...googleBake], { halDir: tempHalDir(GOOGLE), env: { PATH: pathWith('#!/bin/sh\necho "Packer v1.5.6"\n') } })
    expect(result.exitCode).toBe(3)
    expect(result.stderr).toContain('Error: Packer 1.5.6 is too old: galley needs 1.6.0 or newer')
    expect(result.stderr).toContain('apt-get install packer')
  })
})

describe('hal bake validate --timeout (Packer stubbed: a real one cannot be made to hang)', () => {
  it('is a duration: anything else is a usage error (exit 2) naming the accepted forms', async () => {
    const result = await hal(['bake', 'validate', ...googleBake, '--timeout', '10'], { halDir: tempHalDir(GOOGLE) })
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('Error: --timeout "10" is not a duration')
    expect(result.stderr).toContain('500ms, 90s, 30m or 1h')
  })

  it('stops a packer validate that never ends, and says so (exit 3)', async () => {
    const bin = tempDir('galley-bin-')
    writeFile(join(bin, 'packer'), '#!/bin/sh\n[ "$1" = version ] && { echo "Packer v1.6.6"; exit 0; }\nsleep 300\n', 0o755)
    const started = Date.now()
    const result = await validate(tempHalDir(GOOGLE), [...googleBake, '--timeout', '1s'], { PATH: `${bin}:${process.env.PATH}` })
    expect(result.exitCode, result.stderr).toBe(3)
    expect(result.stderr).toContain('Error: packer validate did not finish within 1s: it was stopped')
    expect(result.stderr).toContain('? Give it more time with --timeout')
    expect(Date.now() - started).toBeLessThan(15_000)
  })
})

describe.runIf(needsProgram('packer'))('hal bake validate: the stock templates with every variable Rosco can pass', () => {
  it('gce.json: upgrade, build host, build info URL, a repository with credentials and several packages', async () => {
    const config = GOOGLE.replace('        - baseImage: {id: ubuntu-2204, packageType: deb}', '        - baseImage: {id: ubuntu-2204, packageType: deb, customRepository: "https://user:pw@apt.example.com/debian stable main"}')
    const result = await validate(tempHalDir(config), [
      ...googleBake, '--package', 'curl_7.81.0-1ubuntu1.15_amd64', '--upgrade',
      '--build-host', 'https://jenkins.example.com/', '--build-info-url', 'https://jenkins.example.com/job/nginx/42/',
    ])
    expect(result.stderr).toBe('')
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toMatch(/^packer validate accepts gce\.json \(stock\)/)
  })

  it('oci.json: upgrade and the build variables Rosco adds for Oracle (OCIBakeHandler.java:124-130)', async () => {
    const halDir = tempHalDir()
    writeFile(join(halDir, 'config'), oracleConfig(dirname(halDir)))
    const result = await validate(halDir, ['--provider', 'oracle', '--base-image', 'ol8', '--package', 'nginx', '--upgrade', '--build-host', 'https://jenkins.example.com/', '--build-info-url', 'https://jenkins.example.com/job/nginx/42/'])
    expect(result.exitCode, result.stdout + result.stderr).toBe(0)
    expect(result.stdout).toMatch(/^packer validate accepts oci\.json \(stock\)/)
  })
})
