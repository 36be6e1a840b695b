import { cpSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT, fixture, hal, matchGolden, tempHalDir, writeFile } from '../helpers/hal.js'
import { REQUEST_FIELDS } from '../../src/bake/request-fields.js'

// `hal bake plan` computes what Rosco would run, from the halconfig alone. The golden files in
// test/fixtures/bake/ hold the expected --json output (UPDATE_GOLDEN=1 rewrites them; review the diff).

const NOW = '1700000000000'
const FIXTURES = join(ROOT, 'test', 'fixtures', 'bake')

/** A hal directory holding a bake fixture's halconfig and the fixture's custom templates. */
function halDirWith(config: string): string {
  const halDir = tempHalDir(fixture(`bake/${config}`))
  cpSync(join(FIXTURES, 'packer'), join(halDir, 'default', 'profiles', 'rosco', 'packer'), { recursive: true })
  return halDir
}

/**
 * The fixtures name key files as on the user's machine (/home/me/...), which this one lacks:
 * account/file (what hal config validate says of them) is turned off, unless a test is about it.
 */
const KEYS_ELSEWHERE = ['--rule', 'account/file=off']

async function plan(halDir: string, args: string[], env: Record<string, string> = {}) {
  return hal(['bake', 'plan', '--json', ...args, ...KEYS_ELSEWHERE], { halDir, env: { GALLEY_NOW_MS: NOW, ...env } })
}

/** The output with the temporary hal directory's path made stable. */
const stable = (text: string, halDir: string) => text.split(halDir).join('$HAL_DIR')

/** Oracle's -var order is Java's HashMap order, checked in test/conformance/vectors.test.ts; here the variables (and their -var pairs) are compared as a set. */
function asSet(planJson: any) {
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name)
  const argv: string[] = planJson.argv
  const head = argv.slice(0, 3)
  const pairs: string[] = []
  for (let i = 3; i < argv.length - 1; i += 2) pairs.push(argv[i + 1])
  return { ...planJson, variables: [...planJson.variables].sort(byName), argv: [...head, ...pairs.sort().flatMap((p) => ['-var', p]), argv.at(-1)] }
}

const google = (...args: string[]) => ['--provider', 'google', ...args]
const oracle = (...args: string[]) => ['--provider', 'oracle', ...args]

describe('hal bake plan: golden plans', () => {
  it('google, deb packages: extended attributes override, copy_to/share_with unrolled, appversion from --build-number and --commit-hash', async () => {
    const halDir = halDirWith('google.yml')
    const result = await plan(halDir, google(
      '--base-image', 'ubuntu-2204',
      '--package', 'myapp_1.2.3-h42.abc1234_amd64', '--package', 'curl',
      '--upgrade', '--build-host', 'https://jenkins.example.com/', '--build-info-url', 'https://jenkins.example.com/job/myapp/42/',
      '--build-number', '42', '--commit-hash', 'abc1234',
      '--extended-attribute', 'gce_zone=us-east1-b',
      '--extended-attribute', 'copy_to= proj-a , proj-b',
      '--extended-attribute', 'share_with=team-1,team-2,team-3',
      '--extended-attribute', 'custom_var=  hello  ',
    ))
    expect(result.stderr).toBe('')
    expect(result.exitCode).toBe(0)
    matchGolden(`${stable(JSON.stringify(result.json(), null, 2), halDir)}\n`, 'bake/google-deb.plan.json')
  })

  it('google, rpm package: request template, account, source image, image name and suffix', async () => {
    const halDir = halDirWith('google.yml')
    const result = await plan(halDir, google(
      '--base-image', 'rocky-9', '--package', 'nginx-filesystem-1.20.1-14.el9.noarch',
      '--account', 'gce-other', '--template-file', 'gce-request.json', '--source-image', 'my-golden-image',
      '--image-name', 'web', '--image-suffix', 'v7',
    ))
    expect(result.exitCode, result.stderr).toBe(0)
    matchGolden(`${stable(JSON.stringify(result.json(), null, 2), halDir)}\n`, 'bake/google-rpm.plan.json')
  })

  it('oracle: every oracle_* variable from account, bakery defaults and base image; the pass phrase redacted; compared as a set', async () => {
    const halDir = halDirWith('oracle.yml')
    const result = await plan(halDir, oracle('--base-image', 'ol8', '--package', 'nginx-1.20.1-1.el8.x86_64', '--extended-attribute', 'oracle_instance_shape=VM.Standard.E4.Flex'))
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stdout).not.toContain('SENTINEL-PASSPHRASE-42')
    matchGolden(`${stable(JSON.stringify(asSet(result.json()), null, 2), halDir)}\n`, 'bake/oracle.plan.json')
  })
})

describe('hal bake plan: Rosco\'s rules', () => {
  it('the text view shows the command one -var pair per line and where each value came from; the pass phrase never', async () => {
    const halDir = halDirWith('oracle.yml')
    const result = await hal(['bake', 'plan', ...oracle('--base-image', 'ol8', '--package', 'nginx'), ...KEYS_ELSEWHERE], { halDir, env: { GALLEY_NOW_MS: NOW } })
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stdout).toContain("  -var 'oracle_pass_phrase=<redacted>' \\\n")
    expect(result.stdout).toMatch(/oracle_subnet_id +ocid1\.subnet\.oc1\.phx\.aaaasubnet +bakery defaults: subnetId/)
    expect(result.stdout).toMatch(/oracle_image_name +nginx-all-1700000000000-ol8 +computed: /)
    expect(result.stdout).toContain('/opt/rosco/config/packer/oci.json')
    expect(result.stdout + result.stderr).not.toContain('SENTINEL-PASSPHRASE-42')
  })

  it('template precedence: --template-file, then the base image\'s, then the bakery\'s (Halyard\'s default when the halconfig has none)', async () => {
    const config = (bakeryTemplate: string) => `currentDeployment: default
deploymentConfigurations:
- name: default
  providers:
    google:
      enabled: true
      accounts: [{name: a, project: my-project}]
      bakeryDefaults:
${bakeryTemplate}        baseImages:
        - baseImage: {id: with-template, packageType: deb, templateFile: gce-image.json}
          virtualizationSettings: {sourceImageFamily: ubuntu-2204-lts}
        - baseImage: {id: without-template, packageType: deb}
          virtualizationSettings: {sourceImageFamily: ubuntu-2204-lts}
`
    const templates = (halDir: string) => {
      for (const name of ['gce-request.json', 'gce-image.json', 'gce-bakery.json']) writeFile(join(halDir, 'default', 'profiles', 'rosco', 'packer', name), '{"builders": [{"type": "googlecompute"}]}')
    }
    const withBakery = tempHalDir(config('        templateFile: gce-bakery.json\n'))
    const withoutBakery = tempHalDir(config(''))
    templates(withBakery)
    templates(withoutBakery)
    const templateOf = async (halDir: string, ...args: string[]) => (await plan(halDir, google('--package', 'nginx', ...args))).json().template

    expect(await templateOf(withBakery, '--base-image', 'with-template', '--template-file', 'gce-request.json')).toMatchObject({ name: 'gce-request.json', source: 'request', location: 'custom', path: '/opt/rosco/config/packer/gce-request.json' })
    expect(await templateOf(withBakery, '--base-image', 'with-template')).toMatchObject({ name: 'gce-image.json', source: 'base image', location: 'custom' })
    expect(await templateOf(withBakery, '--base-image', 'without-template')).toMatchObject({ name: 'gce-bakery.json', source: 'bakery defaults', location: 'custom' })
    expect(await templateOf(withoutBakery, '--base-image', 'without-template')).toEqual({ name: 'gce.json', source: 'bakery defaults', location: 'stock', path: '/opt/rosco/config/packer/gce.json' })
    // A custom file named like a stock template replaces it.
    writeFile(join(withoutBakery, 'default', 'profiles', 'rosco', 'packer', 'gce.json'), '{"builders": [{"type": "googlecompute"}]}')
    expect(await templateOf(withoutBakery, '--base-image', 'without-template')).toMatchObject({ name: 'gce.json', location: 'custom' })
  })

  it('the image name uses the clock when there is no suffix, and "all" when the package has no architecture', async () => {
    const halDir = halDirWith('google.yml')
    const json = (await plan(halDir, google('--base-image', 'ubuntu-2204', '--package', 'nginx'), { GALLEY_NOW_MS: '1234567890123' })).json()
    expect(json.imageName).toBe('nginx-all-1234567890123-ubuntu-2204')
    const byName = Object.fromEntries(json.variables.map((v: any) => [v.name, v.value]))
    expect(byName.gce_target_image).toBe('nginx-all-1234567890123-ubuntu-2204')
    expect(byName.packages).toBe('nginx')
    // The first of two entries with the same id wins, as in Rosco.
    expect(byName.package_type).toBe('deb')
  })

  it('package names: deb name_version-release_arch becomes name=version-release, rpm name-version-release.arch becomes name-version-release', async () => {
    const halDir = halDirWith('google.yml')
    const packagesOf = async (image: string, ...packages: string[]) => {
      const json = (await plan(halDir, google('--base-image', image, ...packages.flatMap((p) => ['--package', p])))).json()
      return { packages: json.variables.find((v: any) => v.name === 'packages').value, image: json.imageName }
    }
    expect(await packagesOf('ubuntu-2204', 'nginx_1.18.0-6ubuntu14.4_amd64', 'openssl_3.0.2-0ubuntu1', 'curl')).toEqual({
      packages: 'nginx=1.18.0-6ubuntu14.4 openssl=3.0.2-0ubuntu1 curl',
      image: 'nginx-amd64-1700000000000-ubuntu-2204',
    })
    expect(await packagesOf('rocky-9', 'nginx-core-1.20.1-14.el9.noarch vim-enhanced-8.2.2637-20.el9_1.x86_64')).toEqual({
      packages: 'nginx-core-1.20.1-14.el9 vim-enhanced-8.2.2637-20.el9_1',
      image: 'nginx-core-noarch-1700000000000-rocky-9',
    })
  })

  it('an rpm without an architecture: warns that Rosco reads the end of its release as one', async () => {
    const halDir = halDirWith('google.yml')
    const json = (await plan(halDir, google('--base-image', 'rocky-9', '--package', 'curl-7.76.1-26.el9'))).json()
    expect(json.imageName).toBe('curl-el9-1700000000000-rocky-9')
    // The rest is what hal config validate says about rocky-9 (sourceImage and sourceImageFamily both set).
    expect(json.problems.filter((p: any) => p.rule.startsWith('bake/'))).toEqual([expect.objectContaining({ rule: 'bake/package-name', severity: 'warning' })])
  })
})

describe('hal bake plan: problems that would make Rosco fail, before anything runs', () => {
  const cases: Array<[string, string, string[], string | RegExp, number]> = [
    ['an unknown base image', 'google.yml', google('--base-image', 'nope', '--package', 'nginx'), "No virtualization settings found for 'nope'.", 1],
    ['a base image without a source image', 'google.yml', google('--base-image', 'debian-12', '--package', 'nginx'), 'Either source image or source image family must be specified for debian-12.', 1],
    ['an account that does not exist', 'google.yml', google('--base-image', 'ubuntu-2204', '--account', 'nobody'), 'No google account named nobody in deployment default: Rosco fails with "Could not resolve Google account: (account_name=nobody)."', 1],
    ['a provider that is not configured', 'google.yml', oracle('--base-image', 'ol8'), 'Provider oracle is not configured in deployment default', 1],
    ['a template that does not exist', 'google.yml', google('--base-image', 'ubuntu-2204', '--template-file', 'missing.json'), 'The template missing.json (from --template-file) is neither a stock template nor a file', 1],
    ['an image name GCE refuses', 'google.yml', google('--base-image', 'ubuntu-2204', '--image-name', 'My_App'), 'The image name "My_App-all-1700000000000-ubuntu-2204" is not a valid GCE image name', 1],
    ['an rpm architecture in a GCE image name (GCE refuses \'_\')', 'google.yml', google('--base-image', 'rocky-9', '--package', 'nginx-1.20.1-1.el9.x86_64'), /not a valid GCE image name: it has '_'(.|\n)*x86_64 \(its architecture\)/, 1],
    ['a malformed extended attribute', 'google.yml', google('--base-image', 'ubuntu-2204', '--extended-attribute', 'no-equals-sign'), '--extended-attribute "no-equals-sign" is not KEY=VALUE', 2],
    ['a provider galley does not know', 'google.yml', ['--provider', 'tencentcloud', '--base-image', 'x'], /Expected --provider=tencentcloud to be one of: google, oracle, aws/, 2],
    ['a template path outside the packer directory', 'google.yml', google('--base-image', 'ubuntu-2204', '--template-file', '../../etc/passwd'), 'is not a usable file name inside Rosco\'s packer directory: it climbs out', 2],
  ]
  for (const [what, config, args, message, exitCode] of cases) {
    it(`${what}: exit ${exitCode}`, async () => {
      const result = await hal(['bake', 'plan', ...args, ...KEYS_ELSEWHERE], { halDir: halDirWith(config), env: { GALLEY_NOW_MS: NOW } })
      expect(result.exitCode, result.stdout + result.stderr).toBe(exitCode)
      const text = result.stdout + result.stderr
      if (typeof message === 'string') expect(text).toContain(message)
      else expect(text).toMatch(message)
      expect(text).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/) // no stack trace
    })
  }

  it('an oracle bakery without its settings: each missing setting said once, as hal config validate says it, with the command that sets it', async () => {
    const halDir = tempHalDir(fixture('bake/oracle.yml').replace(/^ {8}(availabilityDomain|subnetId):.*\n/gm, ''))
    const result = await plan(halDir, oracle('--base-image', 'ol8', '--package', 'nginx'))
    expect(result.exitCode).toBe(1)
    const errors = result.json().problems.filter((p: any) => p.severity === 'error')
    // oci.json requires both variables too: that is the same problem, not a second one (bake/required-variable).
    expect(errors.map((p: any) => [p.rule, p.message])).toEqual([
      ['oracle/bakery-required', 'No availability domain supplied for oracle bakery defaults: every bake would fail.'],
      ['oracle/bakery-required', 'No subnet id supplied for oracle bakery defaults: every bake would fail.'],
    ])
    expect(errors[1].remediation).toBe('hal config provider oracle bakery edit --subnet-id ocid1.subnet.oc1.phx.aaaa...')
    const validate = await hal(['config', 'validate', '--json'], { halDir })
    const said = validate.json().problems.filter((p: any) => p.rule === 'oracle/bakery-required')
    expect(said.map((p: any) => [p.message, p.path])).toEqual(errors.map((p: any) => [p.message, p.path]))
  })

  it('a problem points at its line in the halconfig', async () => {
    const halDir = halDirWith('google.yml')
    const result = await hal(['bake', 'plan', ...google('--base-image', 'debian-12')], { halDir })
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toContain(`${join(halDir, 'config')}:`)
    expect(result.stdout).toContain('[google/source-image]')
  })
})

describe('hal bake plan: one table from flag to Rosco\'s request field', () => {
  /** A value each kind of flag takes; a few flags need one of their own shape. */
  const SAMPLES: Record<string, string> = {
    provider: 'google', 'base-image': 'ubuntu-2204', 'extended-attribute': 'team=bakers', artifact: 'type=deb,name=myapp_1.0-1_all,reference=r',
    'template-file': 'gce.json', 'var-file': 'vars.json',
  }

  it('every flag of the table a google bake takes is a flag of the built CLI and reaches the request body as its Rosco field', async () => {
    // The common fields and google's own (its description's requestFields); other providers' own are refused (exit 2).
    const fields = REQUEST_FIELDS.filter((field) => !field.providers || field.providers.includes('google'))
    const args = fields.flatMap((field) => (field.type === 'boolean' ? [`--${field.flag}`] : [`--${field.flag}`, SAMPLES[field.flag] ?? `value-of-${field.flag}`]))
    const result = await plan(halDirWith('google.yml'), args)
    expect(result.stderr).toBe('')
    const json = result.json()
    expect(Object.keys(json.request).sort()).toEqual(fields.map((f) => f.rosco).sort())
    expect(JSON.parse(json.requestBody)).toEqual(json.request)
    expect(json.request).toMatchObject({ cloud_provider_type: 'gce', base_os: 'ubuntu-2204', base_ami: 'value-of-source-image', upgrade: true, extended_attributes: { team: 'bakers' } })
    // The plan says which flag a value came from, with the table's flag.
    expect(json.variables).toContainEqual(expect.objectContaining({ name: 'gce_source_image', from: '--source-image (base_ami)' }))
    expect(json.variables).toContainEqual(expect.objectContaining({ name: 'build_host', from: '--build-host' }))
  })
})

describe('hal bake: a key file the halconfig names is the Rosco host\'s', () => {
  // google.yml's account names /home/me/.gcp/bakery.json, which this machine lacks.
  const args = google('--base-image', 'ubuntu-2204', '--package', 'nginx', '--json')

  it('bake plan and bake submit read it on Rosco\'s host: account/file is a warning (exit 0), saying why', async () => {
    const result = await hal(['bake', 'plan', ...args], { halDir: halDirWith('google.yml'), env: { GALLEY_NOW_MS: NOW } })
    expect(result.exitCode, result.stderr).toBe(0)
    const file = result.json().problems.filter((p: any) => p.rule === 'account/file')
    expect(file).toEqual([expect.objectContaining({ severity: 'warning', message: expect.stringContaining('Rosco reads it on its own host'), path: expect.stringMatching(/accounts\/0\/jsonPath$/) })])
    // --rule still decides: the user may want it to fail the plan.
    const strict = await hal(['bake', 'plan', ...args, '--rule', 'account/file=error'], { halDir: halDirWith('google.yml'), env: { GALLEY_NOW_MS: NOW } })
    expect(strict.exitCode).toBe(1)
  })

  it('bake validate runs Packer on this machine with it: account/file stays an error and stops before Packer (exit 1)', async () => {
    const result = await hal(['bake', 'validate', ...args], { halDir: halDirWith('google.yml'), env: { GALLEY_NOW_MS: NOW }, timeout: 120_000 })
    expect(result.exitCode).toBe(1)
    expect(`${result.stdout}${result.stderr}`).toContain('account/file')
    expect(`${result.stdout}${result.stderr}`).not.toContain('Rosco reads it on its own host')
  })
})
