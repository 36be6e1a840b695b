import { execa } from 'execa'
import { generateKeyPairSync } from 'node:crypto'
import { copyFileSync, mkdirSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT, read, tempDir, writeFile } from './helpers/hal.js'
import { packerValidate } from './helpers/packer.js'
import { needsProgram } from './helpers/tools.js'

const TEMPLATES = join(ROOT, 'templates')
const GCE = join(TEMPLATES, 'gce.json')
const OCI = join(TEMPLATES, 'oci.json')
const INSTALL = join(TEMPLATES, 'install_packages.sh')

const template = (path: string) => JSON.parse(read(path))
/** Variable names whose default is `value` (null = required, "" = optional). */
const declared = (path: string, value: string | null) =>
  Object.entries(template(path).variables as Record<string, unknown>)
    .filter(([, v]) => v === value)
    .map(([k]) => k)
    .sort()

describe('stock templates declare the variables Rosco passes', () => {
  it('gce.json: Rosco always passes the required ones, the optional ones only when set', () => {
    expect(declared(GCE, null)).toEqual(
      ['artifactFile', 'configDir', 'gce_network', 'gce_project_id', 'gce_target_image', 'gce_zone', 'manifestFile', 'package_type'].sort(),
    )
    expect(declared(GCE, '')).toEqual(
      ['appversion', 'build_host', 'build_info_url', 'gce_account_file', 'gce_network_project_id', 'gce_source_image', 'gce_source_image_family', 'gce_subnetwork', 'packages', 'repository', 'upgrade'].sort(),
    )
    expect(template(GCE).variables.gce_use_internal_ip).toBe('false')
    expect(Object.keys(template(GCE).variables)).toHaveLength(8 + 11 + 1)
  })

  it('oci.json: every Oracle setting is required except the key pass phrase', () => {
    expect(declared(OCI, null)).toEqual(
      [
        'oracle_compartment_id', 'oracle_tenancy_id', 'oracle_user_id', 'oracle_fingerprint', 'oracle_ssh_private_key_file_path',
        'oracle_region', 'oracle_availability_domain', 'oracle_instance_shape', 'oracle_subnet_id', 'oracle_base_image_id',
        'oracle_ssh_user_name', 'oracle_image_name', 'package_type', 'configDir',
      ].sort(),
    )
    // Rosco passes appversion and build_info_url for Oracle too (rosco-core .../oracle/OCIBakeHandler.java:124-130).
    expect(declared(OCI, '')).toEqual(['oracle_pass_phrase', 'packages', 'repository', 'upgrade', 'appversion', 'build_host', 'build_info_url'].sort())
    expect(Object.keys(template(OCI).variables)).toHaveLength(14 + 7)
  })

  it('every {{user `x`}} a template uses is declared (Packer would silently render an undeclared one as "")', () => {
    for (const path of [GCE, OCI]) {
      const used = [...read(path).matchAll(/\{\{\s*user\s+`([^`]+)`\s*\}\}/g)].map((m) => m[1])
      expect(Object.keys(template(path).variables)).toEqual(expect.arrayContaining(used))
    }
  })

  it('gce.json follows the provisioner contract: artifacts file, then install_packages.sh, then a manifest', () => {
    const gce = template(GCE)
    expect(gce.builders).toHaveLength(1)
    expect(gce.builders[0]).toMatchObject({ type: 'googlecompute', ssh_username: 'packerio', state_timeout: '15m', image_name: '{{user `gce_target_image`}}' })
    expect(gce.provisioners[0]).toEqual({ type: 'file', source: '{{user `artifactFile`}}', destination: '/tmp/artifacts.json', pause_before: '30s' })
    expect(gce.provisioners[1]).toMatchObject({ type: 'shell', script: '{{user `configDir`}}/install_packages.sh' })
    expect(gce.provisioners[1].environment_vars).toEqual(['repository', 'package_type', 'packages', 'upgrade'].map((v) => `${v}={{user \`${v}\`}}`))
    expect(gce['post-processors']).toEqual([{ type: 'manifest', output: '{{user `manifestFile`}}' }])
  })

  it('oci.json runs the same install_packages.sh, after the boot pause', () => {
    const oci = template(OCI)
    expect(oci.builders).toHaveLength(1)
    expect(oci.builders[0].type).toBe('oracle-oci')
    expect(oci.provisioners).toHaveLength(1)
    expect(oci.provisioners[0]).toMatchObject({ type: 'shell', script: '{{user `configDir`}}/install_packages.sh', pause_before: '30s' })
    expect(oci.provisioners[0].environment_vars).toEqual(template(GCE).provisioners[1].environment_vars)
  })

  it('install_packages.sh is executable (Packer runs it by path)', () => {
    expect(statSync(INSTALL).mode & 0o777).toBe(0o755)
  })
})

/** A Rosco-like config directory: the stock install script and an empty artifacts file. */
function configDir(): { dir: string; artifactFile: string; manifestFile: string } {
  const dir = tempDir('galley-packer-')
  copyFileSync(INSTALL, join(dir, 'install_packages.sh'))
  const artifactFile = join(dir, 'artifacts.json')
  writeFile(artifactFile, '[]')
  return { dir, artifactFile, manifestFile: join(dir, 'manifest.json') }
}

/** What Rosco passes for a GCE bake of `nginx` on an image family, with no optional settings. */
function gceVars(): Record<string, string> {
  const { dir, artifactFile, manifestFile } = configDir()
  return {
    package_type: 'deb',
    packages: 'nginx',
    configDir: dir,
    gce_project_id: 'my-gcp-project',
    gce_zone: 'us-central1-f',
    gce_network: 'default',
    gce_target_image: 'nginx-all-20240101-bionic',
    gce_source_image_family: 'ubuntu-1804-lts',
    artifactFile,
    manifestFile,
  }
}

/** An unencrypted RSA key in PKCS#1 PEM (`BEGIN RSA PRIVATE KEY`), the form Packer 1.6.6 reads. */
function rsaKey(dir: string, type: 'pkcs1' | 'pkcs8'): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type, format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } })
  const path = join(dir, `oci_api_key_${type}.pem`)
  writeFile(path, privateKey, 0o600)
  return path
}

/** What Rosco passes for an Oracle bake (account, bakeryDefaults, virtualizationSettings). */
function ociVars(): Record<string, string> {
  const { dir } = configDir()
  return {
    package_type: 'deb',
    packages: 'nginx',
    configDir: dir,
    oracle_compartment_id: 'ocid1.compartment.oc1..aaaaaaaaexample',
    oracle_tenancy_id: 'ocid1.tenancy.oc1..aaaaaaaaexample',
    oracle_user_id: 'ocid1.user.oc1..aaaaaaaaexample',
    oracle_fingerprint: '11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff:00',
    oracle_ssh_private_key_file_path: rsaKey(dir, 'pkcs1'),
    oracle_pass_phrase: '',
    oracle_region: 'us-ashburn-1',
    oracle_availability_domain: 'lrFb:US-ASHBURN-AD-1',
    oracle_instance_shape: 'VM.Standard2.1',
    oracle_subnet_id: 'ocid1.subnet.oc1.iad.aaaaaaaaexample',
    oracle_base_image_id: 'ocid1.image.oc1.iad.aaaaaaaaexample',
    oracle_ssh_user_name: 'ubuntu',
    oracle_image_name: 'nginx-all-20240101-ubuntu16_04',
  }
}

describe.runIf(needsProgram('packer'))('packer validate accepts the stock templates with Rosco\'s variables', () => {
  // Full validation (not -syntax-only) runs the builders' config checks; neither builder needs
  // credentials or network for it (the environment here has none).

  it('gce.json with the variables Rosco always passes', async () => {
    const result = await packerValidate(GCE, gceVars())
    expect(result.exitCode, result.stderr + result.stdout).toBe(0)
  })

  it('gce.json with every optional variable set, values with spaces and URLs included', async () => {
    const { gce_source_image_family: _family, ...vars } = gceVars()
    const result = await packerValidate(GCE, {
      ...vars,
      gce_source_image: 'ubuntu-1804-bionic-v20240101',
      gce_network_project_id: 'host-project',
      gce_subnetwork: 'my-subnet',
      gce_use_internal_ip: 'true',
      packages: 'nginx=1.14.0-0ubuntu1 curl',
      repository: 'deb http://a.example/debian bionic main;http://b.example/debian stable spinnaker',
      upgrade: 'true',
      build_host: 'https://jenkins.example.com/',
      build_info_url: 'https://jenkins.example.com/job/nginx/42/',
      appversion: 'nginx-1.14.0-h42.abc1234',
    })
    expect(result.exitCode, result.stderr + result.stdout).toBe(0)
  })

  it('oci.json with an unencrypted PKCS#1 API key', async () => {
    const result = await packerValidate(OCI, ociVars())
    expect(result.exitCode, result.stderr + result.stdout).toBe(0)
  })

  it('oci.json with the build variables Rosco adds for Oracle (OCIBakeHandler.java:124-130) and the shared ones', async () => {
    const result = await packerValidate(OCI, {
      ...ociVars(),
      appversion: 'nginx-1.14.0-h42.abc1234/nginx-build/42',
      build_info_url: 'https://jenkins.example.com/job/nginx-build/42/',
      build_host: 'https://jenkins.example.com/',
      repository: 'http://a.example/debian stable main',
      upgrade: 'true',
    })
    expect(result.exitCode, result.stderr + result.stdout).toBe(0)
  })
})

describe.runIf(needsProgram('packer'))('packer validate rejects incomplete bakes', () => {
  it('a missing required variable: "required variable not set"', async () => {
    const { gce_zone: _zone, ...vars } = gceVars()
    const result = await packerValidate(GCE, vars)
    expect(result.exitCode).not.toBe(0)
    expect(result.stderr + result.stdout).toContain('required variable not set: gce_zone')
  })

  it('an empty required variable counts as missing (Rosco drops empty values)', async () => {
    const result = await packerValidate(OCI, { ...ociVars(), oracle_subnet_id: '  ' })
    expect(result.exitCode).not.toBe(0)
    expect(result.stderr + result.stdout).toContain('required variable not set: oracle_subnet_id')
  })

  it('gce.json without a source image or image family', async () => {
    const { gce_source_image_family: _family, ...vars } = gceVars()
    const result = await packerValidate(GCE, vars)
    expect(result.exitCode).not.toBe(0)
    expect(result.stderr + result.stdout).toContain('a source_image or source_image_family must be specified')
  })

  it('a configDir without install_packages.sh', async () => {
    const result = await packerValidate(GCE, { ...gceVars(), configDir: tempDir() })
    expect(result.exitCode).not.toBe(0)
    expect(result.stderr + result.stdout).toMatch(/Bad script '.*install_packages\.sh'/)
  })

  it('oci.json with a PKCS#8 key (BEGIN PRIVATE KEY): Packer 1.6.6 cannot read it and says the key_file is missing', async () => {
    const vars = ociVars()
    const result = await packerValidate(OCI, { ...vars, oracle_ssh_private_key_file_path: rsaKey(vars.configDir, 'pkcs8') })
    expect(result.exitCode).not.toBe(0)
    expect(result.stderr + result.stdout).toContain("'key_file' must be specified")
  })
})

/**
 * Guava's `Splitter.on(',').withKeyValueSeparator(": ").split(text)`, which Clouddriver applies to a
 * GCE image's description (spinnaker/clouddriver clouddriver-google/.../AbstractGoogleServerGroupCachingAgent.java:140-141,
 * 797): entries split on ',' and each entry on ": ", nothing trimmed (google/guava
 * guava/src/com/google/common/base/Splitter.java, MapSplitter.split). An entry without the
 * separator, with it twice, or a key seen before throws IllegalArgumentException, and Clouddriver
 * then records no build info at all (l.798-800).
 */
function guavaKeyValueSplit(text: string): Map<string, string> {
  const map = new Map<string, string>()
  for (const entry of text.split(',')) {
    const fields = entry.split(': ')
    const key = fields[0]
    if (map.has(key)) throw new Error(`Duplicate key [${key}] found.`)
    if (fields.length !== 2) throw new Error(`Chunk [${entry}] is not a valid entry`)
    map.set(key, fields[1])
  }
  return map
}

/** What Clouddriver's createBuildInfo reads from the tags (l.801-823): the three keys, when present. */
function buildInfoTags(description: string): Record<string, string> | null {
  let tags: Map<string, string>
  try {
    tags = guavaKeyValueSplit(description)
  } catch {
    return null
  }
  if (!tags.has('appversion')) return null
  return Object.fromEntries(['appversion', 'build_host', 'build_info_url'].filter((k) => tags.has(k)).map((k) => [k, tags.get(k)!]))
}

/** gce.json's image_description as Packer renders it with these variables (`packer console`, real Packer). */
async function renderedDescription(vars: Record<string, string>): Promise<string> {
  const source = template(GCE).builders[0].image_description as string
  const args = Object.entries(vars).flatMap(([k, v]) => ['-var', `${k}=${v}`])
  const result = await execa('packer', ['console', ...args, GCE], { input: `${source}\n`, env: { CHECKPOINT_DISABLE: '1' }, timeout: 60_000 })
  return String(result.stdout).replace(/\n$/, '')
}

describe.runIf(needsProgram('packer'))('gce.json writes an image description Clouddriver reads back as build info', () => {
  it('the guava-like parser behaves as Guava does: untrimmed keys, and a throw on a bad entry or a repeated key', () => {
    expect([...guavaKeyValueSplit('a: 1,b: 2').entries()]).toEqual([['a', '1'], ['b', '2']])
    expect([...guavaKeyValueSplit('a: 1, b: 2').keys()]).toEqual(['a', ' b'])
    expect([...guavaKeyValueSplit('a: ').entries()]).toEqual([['a', '']])
    for (const bad of ['', 'a', 'a: 1,b', 'a: 1: 2', 'a: 1,a: 2', 'a: 1,']) expect(() => guavaKeyValueSplit(bad), bad).toThrow()
  })

  it('renders exactly the description of Clouddriver\'s own test (AbstractGoogleServerGroupCachingAgentTest.java:281-283)', async () => {
    const description = await renderedDescription({ appversion: 'myapp-1.0.0-12345.h777/999/10111', build_host: 'spin.nyc.corp', build_info_url: 'http://jenkins/artifact/12345' })
    expect(description).toBe('appversion: myapp-1.0.0-12345.h777/999/10111,build_host: spin.nyc.corp,build_info_url: http://jenkins/artifact/12345')
    expect(buildInfoTags(description)).toEqual({ appversion: 'myapp-1.0.0-12345.h777/999/10111', build_host: 'spin.nyc.corp', build_info_url: 'http://jenkins/artifact/12345' })
  })

  it('with Rosco\'s variables for a Jenkins-built package, all three tags come back', async () => {
    const vars = { appversion: 'nginx-1.14.0-h42.abc1234/nginx-build/42', build_host: 'https://jenkins.example.com/', build_info_url: 'https://jenkins.example.com/job/nginx-build/42/' }
    expect(buildInfoTags(await renderedDescription(vars))).toEqual(vars)
  })

  it('with only some variables set (Rosco passes the others not at all), the description still parses', async () => {
    expect(buildInfoTags(await renderedDescription({ appversion: 'nginx-1.14.0-h42' }))).toEqual({ appversion: 'nginx-1.14.0-h42', build_host: '', build_info_url: '' })
    // No appversion: Clouddriver's frigga parse of "" fails and it shows no build info, without an error.
    expect(buildInfoTags(await renderedDescription({}))).toEqual({ appversion: '', build_host: '', build_info_url: '' })
  })

  it('Rosco\'s own stock format, with a space after each comma, loses build_host and build_info_url in Clouddriver (why galley\'s has none)', () => {
    // spinnaker/rosco halconfig/packer/gce.json:38, rendered.
    const rosco = 'appversion: nginx-1.14.0-h42, build_host: https://jenkins.example.com/, build_info_url: https://jenkins.example.com/job/nginx/42/'
    expect(buildInfoTags(rosco)).toEqual({ appversion: 'nginx-1.14.0-h42' })
    expect([...guavaKeyValueSplit(rosco).keys()]).toEqual(['appversion', ' build_host', ' build_info_url'])
  })

  it('a build_info_url holding a comma makes Clouddriver drop all build info (a limit of the format, Rosco\'s too)', async () => {
    expect(buildInfoTags(await renderedDescription({ appversion: 'nginx-1.14.0-h42', build_info_url: 'https://ci.example/build?ids=1,2' }))).toBeNull()
  })
})

// ---------------------------------------------------------------------------------------------
// install_packages.sh against test doubles of apt-get, yum, unattended-upgrade, sudo and id: each
// records its argv and the repository files present at that moment, and installs nothing. `id -u`
// is stubbed so the root / non-root paths are chosen by the test. INSTALL_PACKAGES_ROOT puts the
// files the script writes (/etc/apt/sources.list.d, /etc/yum.repos.d, /usr/sbin/policy-rc.d,
// /tmp/artifacts.json) under the sandbox. templates-install-apt.test.ts runs it with a real apt-get.
//
// Rosco's script (spinnaker/rosco halconfig/packer/install_packages.sh at 030f7b6c) is the
// reference for each behaviour; lines are cited per test.

interface Call {
  prog: string
  /** DEBIAN_FRONTEND as the program saw it. */
  frontend: string
  args: string[]
  /** The repository and policy files present when it ran: path under the root -> content. */
  files: Record<string, string>
}

const SHIM = `#!/bin/bash
# Test double: record the call and the files present, fail when asked to, install nothing.
{
  printf '%s\\t%s' "\${0##*/}" "\${DEBIAN_FRONTEND-}"; for a in "$@"; do printf '\\t%s' "$a"; done; printf '\\n'
  for f in "$INSTALL_PACKAGES_ROOT"/etc/apt/sources.list.d/* "$INSTALL_PACKAGES_ROOT"/etc/yum.repos.d/* "$INSTALL_PACKAGES_ROOT"/usr/sbin/policy-rc.d; do
    [ -f "$f" ] || continue
    printf '\\tFILE %s %s\\n' "\${f#"$INSTALL_PACKAGES_ROOT"}" "$(stat -c %a "$f")"; sed 's/^/\\t\\t/' "$f"
  done
} >> "$SHIM_LOG"
for a in "$@"; do
  if [ -n "\${SHIM_FAIL_ON-}" ] && [ "$a" = "$SHIM_FAIL_ON" ]; then echo "E: Unable to locate package $a" >&2; exit 100; fi
done
`
const SUDO_SHIM = `${SHIM}exec "$@"\n`
const ID_SHIM = `#!/bin/sh\nif [ "$1" = -u ]; then echo "$SHIM_UID"; else echo "uid=$SHIM_UID"; fi\n`

interface InstallOptions {
  uid?: number
  failOn?: string
  /** /tmp/artifacts.json's content (a value is written as JSON). */
  artifacts?: unknown
  /** Files on the image before the script runs: path under the root -> content. */
  image?: Record<string, string>
  /** The awk the script finds first on PATH. */
  awk?: string
}

function parseLog(text: string): Call[] {
  const calls: Call[] = []
  let file: string | undefined
  for (const line of text.split('\n')) {
    if (line === '') continue
    if (line.startsWith('\t\t')) {
      calls.at(-1)!.files[file!] += `${line.slice(2)}\n`
    } else if (line.startsWith('\tFILE ')) {
      const [, path, mode] = line.split(' ')
      file = `${path} ${mode}`
      calls.at(-1)!.files[file] = ''
    } else {
      const [prog, frontend, ...args] = line.split('\t')
      calls.push({ prog, frontend, args, files: {} })
    }
  }
  return calls
}

async function runInstall(env: Record<string, string>, options: InstallOptions = {}) {
  const sandbox = tempDir('galley-install-')
  const bin = join(sandbox, 'bin')
  const root = join(sandbox, 'root')
  for (const prog of ['apt-get', 'yum', 'unattended-upgrade']) writeFile(join(bin, prog), SHIM, 0o755)
  writeFile(join(bin, 'sudo'), SUDO_SHIM, 0o755)
  writeFile(join(bin, 'id'), ID_SHIM, 0o755)
  if (options.awk) writeFile(join(bin, 'awk'), `#!/bin/sh\nexec ${options.awk} "$@"\n`, 0o755)
  const log = join(sandbox, 'calls.log')
  writeFile(log, '')
  for (const dir of ['etc/apt/sources.list.d', 'etc/yum.repos.d', 'usr/sbin', 'tmp']) mkdirSync(join(root, dir), { recursive: true })
  for (const [path, content] of Object.entries(options.image ?? {})) writeFile(join(root, path), content, 0o644)
  if (options.artifacts !== undefined) {
    writeFile(join(root, 'tmp', 'artifacts.json'), typeof options.artifacts === 'string' ? options.artifacts : JSON.stringify(options.artifacts, null, 2))
  }

  const result = await execa('bash', [INSTALL], {
    reject: false,
    extendEnv: false,
    env: {
      PATH: `${bin}:${process.env.PATH}`,
      SHIM_LOG: log,
      SHIM_UID: String(options.uid ?? 0),
      SHIM_FAIL_ON: options.failOn ?? '',
      INSTALL_PACKAGES_ROOT: root,
      ...env,
    },
  })
  const calls = parseLog(read(log))
  /** Every file left under the root, path -> content. */
  const left: Record<string, string> = {}
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else left[path.slice(root.length)] = read(path)
    }
  }
  walk(root)
  return {
    exitCode: result.exitCode,
    stdout: String(result.stdout),
    stderr: String(result.stderr),
    calls,
    /** Package-manager calls reduced to their operands: options (`-y`, `-o X`) dropped. */
    operations: calls.filter((c) => c.prog !== 'sudo').map((c) => [c.prog, ...operands(c.args)].join(' ')),
    left,
  }
}

function operands(args: string[]): string[] {
  const out: string[] = []
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-o') i++
    else if (!args[i].startsWith('-')) out.push(args[i])
  }
  return out
}

describe.runIf(needsProgram('bash'))('install_packages.sh (package managers stubbed)', () => {
  it('is valid bash', async () => {
    const result = await execa('bash', ['-n', INSTALL], { reject: false })
    expect(result.stderr).toBe('')
    expect(result.exitCode).toBe(0)
  })

  it('deb: one spinnaker.list with a "deb" line per repository, apt-get update, unattended-upgrade, each package in order, the list removed (Rosco l.95-128)', async () => {
    const run = await runInstall({
      repository: 'deb [trusted=yes] http://a.example/debian bionic main ; http://b.example/debian stable spinnaker;',
      package_type: 'deb',
      packages: 'nginx=1.14.0-0ubuntu1 curl',
      upgrade: 'true',
    })
    expect(run.stderr).toBe('')
    expect(run.exitCode).toBe(0)
    expect(run.operations).toEqual(['apt-get update', 'unattended-upgrade', 'apt-get install nginx=1.14.0-0ubuntu1', 'apt-get install curl'])
    expect(run.calls.find((c) => c.prog === 'unattended-upgrade')!.args).toEqual(['-v'])
    // Present while apt runs: a full sources.list line is kept, "URL suite components" gets its "deb".
    expect(run.calls[0].files).toEqual({
      '/etc/apt/sources.list.d/spinnaker.list 644': 'deb [trusted=yes] http://a.example/debian bionic main\ndeb http://b.example/debian stable spinnaker\n',
    })
    // Nothing may wait for an answer: no terminal is attached during a bake.
    for (const call of run.calls) expect(call.frontend).toBe('noninteractive')
    for (const call of run.calls.filter((c) => c.prog === 'apt-get')) expect(call.args).toContain('-y')
    expect(run.left).toEqual({})
    expect(run.stdout).toMatch(/install_packages: done$/)
  })

  it('strips surrounding quotes and turns commas in packages into spaces (Rosco l.18-23)', async () => {
    const run = await runInstall({ repository: '"http://a.example/debian stable main"', package_type: 'deb', packages: '"nginx,curl , jq"' })
    expect(run.exitCode).toBe(0)
    expect(run.operations).toEqual(['apt-get update', 'apt-get install nginx', 'apt-get install curl', 'apt-get install jq'])
    expect(run.calls[0].files).toEqual({ '/etc/apt/sources.list.d/spinnaker.list 644': 'deb http://a.example/debian stable main\n' })
    expect(run.stdout).toContain('install_packages: packages=nginx curl   jq\n')
  })

  it('upgrades only when upgrade is exactly "true", as Rosco passes it (Rosco l.109)', async () => {
    for (const upgrade of ['', 'false', 'yes', '1']) {
      const run = await runInstall({ package_type: 'deb', upgrade })
      expect(run.exitCode).toBe(0)
      expect(run.operations).toEqual(['apt-get update'])
      expect(run.left).toEqual({})
    }
  })

  it('never prints repository credentials, in its own lines or in what the package manager says (Rosco l.7)', async () => {
    const secret = 'pa55@w/rd'
    const run = await runInstall(
      {
        repository: `https://deploy:${secret}@repo.example/debian stable main;http://token@other.example/debian ./`,
        package_type: 'deb',
        packages: 'nginx',
      },
      { artifacts: [{ reference: `[trusted=yes] https://ci:${secret}@artifacts.example/debian ./ myapp` }] },
    )
    expect(run.exitCode).toBe(0)
    // apt needs them in the list while it runs; the list is gone afterwards.
    expect(run.calls[0].files['/etc/apt/sources.list.d/spinnaker.list 644']).toContain(`https://deploy:${secret}@repo.example/debian`)
    expect(run.left).toEqual({})
    expect(run.stdout).toContain('install_packages: repository=https://repo.example/debian stable main;http://other.example/debian ./\n')
    expect(run.stdout).toContain('install_packages: artifact: [trusted=yes] https://artifacts.example/debian ./ myapp\n')
    for (const text of [run.stdout, run.stderr]) {
      expect(text).not.toContain('pa55')
      expect(text).not.toContain('deploy')
      expect(text).not.toContain('token')
    }
  })

  it('a failing package manager that echoes a URL with credentials has them removed from its output too', async () => {
    const run = await runInstall({ repository: 'https://u:s3cr3t-Value@repo.example/debian stable main', package_type: 'deb', packages: 'https://u:s3cr3t-Value@repo.example/x' }, { failOn: 'https://u:s3cr3t-Value@repo.example/x' })
    expect(run.exitCode).not.toBe(0)
    expect(run.stdout + run.stderr).toContain('E: Unable to locate package https://repo.example/x')
    expect(run.stdout + run.stderr).not.toContain('s3cr3t')
    expect(run.left).toEqual({})
  })

  it('installs the artifacts of /tmp/artifacts.json after the packages, each from its own repository, then removes the file (Rosco l.72-93)', async () => {
    // As Jackson writes Rosco's artifacts: other fields around `reference`, one with a nested reference of its own.
    const run = await runInstall(
      { repository: 'http://a.example/debian stable main', package_type: 'deb', packages: 'nginx' },
      {
        artifacts: [
          { type: 'deb', customKind: false, name: 'myapp', version: '1.2-3', location: null, reference: 'http://art.example/debian stable main myapp=1.2-3', metadata: { reference: 'not-this' }, provenance: null },
          { reference: 'http://a.example/debian stable main helper' },
          { reference: 'bare-package' },
          { reference: null, name: 'no reference' },
          { name: 'no reference at all' },
        ],
      },
    )
    expect(run.stderr).toBe('')
    expect(run.exitCode).toBe(0)
    expect(run.operations).toEqual(['apt-get update', 'apt-get install nginx', 'apt-get install myapp=1.2-3', 'apt-get install helper', 'apt-get install bare-package'])
    // Each repository once; an artifact with no repository adds none (Rosco writes a bare "deb" line apt rejects).
    expect(run.calls[0].files).toEqual({ '/etc/apt/sources.list.d/spinnaker.list 644': 'deb http://a.example/debian stable main\ndeb http://art.example/debian stable main\n' })
    expect(run.left).toEqual({})
  })

  for (const awk of ['mawk', 'gawk']) {
    it.runIf(needsProgram(awk))(`reads JSON the way a JSON parser does, with ${awk} (escapes, spacing, nesting)`, async () => {
      const artifacts = '[{"reference":"http:\\/\\/a.example\\/debian stable main\\u0020app\\u002d1","x":[1,2.5e3,true,{"reference":"no"}]},\n  {\n    "metadata" : { "a" : [ "reference" ] } ,\n    "reference" : "quoted-\\"x\\"-name"\n  }\n]'
      expect(JSON.parse(artifacts).map((a: { reference: string }) => a.reference)).toEqual(['http://a.example/debian stable main app-1', 'quoted-"x"-name'])
      const run = await runInstall({ package_type: 'deb' }, { artifacts, awk })
      expect(run.stderr).toBe('')
      expect(run.operations).toEqual(['apt-get update', 'apt-get install app-1', 'apt-get install quoted-"x"-name'])
      expect(run.calls[0].files).toEqual({ '/etc/apt/sources.list.d/spinnaker.list 644': 'deb http://a.example/debian stable main\n' })
    })
  }

  it('an artifacts file that is not a JSON list fails the bake, naming the file, and installs nothing', async () => {
    for (const artifacts of ['{"reference":"x"}', '[{"reference":"x"', '[{"reference":"unterminated}]']) {
      const run = await runInstall({ package_type: 'deb', packages: 'nginx' }, { artifacts })
      expect(run.exitCode).not.toBe(0)
      expect(run.stderr).toMatch(/invalid .*\/tmp\/artifacts\.json: /)
      expect(run.stderr).toContain('install_packages: error: cannot read')
      expect(run.calls).toEqual([])
      expect(run.left).toEqual({})
    }
  })

  it('rpm: one spinnaker-*.repo per repository, yum -y update, each package in order, the repo files removed (Rosco l.130-156)', async () => {
    const run = await runInstall(
      { repository: 'https://yum.example/el7;https://yum.example/extras', package_type: 'rpm', packages: 'nginx-1.20.1-1.el7 curl-7.29.0-59.el7', upgrade: 'true' },
      { artifacts: [{ reference: 'https://art.example/el7 myapp-1.0-1' }] },
    )
    expect(run.stderr).toBe('')
    expect(run.exitCode).toBe(0)
    expect(run.operations).toEqual(['yum update', 'yum install nginx-1.20.1-1.el7', 'yum install curl-7.29.0-59.el7', 'yum install myapp-1.0-1'])
    for (const call of run.calls) expect(call.args).toContain('-y')
    const files = run.calls[0].files
    expect(Object.keys(files)).toEqual(['/etc/yum.repos.d/spinnaker-bake-1.repo 644', '/etc/yum.repos.d/spinnaker-bake-2.repo 644', '/etc/yum.repos.d/spinnaker-bake-3.repo 644'])
    expect(files['/etc/yum.repos.d/spinnaker-bake-1.repo 644']).toBe('[spinnaker-bake-1]\nname=spinnaker-bake-1\nbaseurl=https://yum.example/el7\ngpgcheck=0\nenabled=1\n')
    expect(files['/etc/yum.repos.d/spinnaker-bake-3.repo 644']).toContain('baseurl=https://art.example/el7\n')
    expect(run.left).toEqual({})
  })

  it('rpm: scrubs URL credentials from the package manager\'s logs, nothing else (dnf\'s librepo log records the URLs it fetched)', async () => {
    // The logs as dnf left them (templates-install-real.test.ts shows a real dnf writing them).
    const run = await runInstall(
      { repository: 'https://deploy:S3cret-9@yum.example/el8', package_type: 'rpm', packages: 'nginx' },
      { image: { '/var/log/dnf.librepo.log': 'Downloading https://deploy:S3cret-9@yum.example/el8/repodata/repomd.xml\n', '/var/log/dnf.log': 'mail admin@example.com\n' } },
    )
    expect(run.exitCode).toBe(0)
    expect(run.left).toEqual({ '/var/log/dnf.librepo.log': 'Downloading https://yum.example/el8/repodata/repomd.xml\n', '/var/log/dnf.log': 'mail admin@example.com\n' })
  })

  it('an image\'s own file of the same name is put back afterwards, not deleted (Rosco removes it)', async () => {
    const image = { '/etc/apt/sources.list.d/spinnaker.list': 'deb http://image.example/debian stable main\n', '/usr/sbin/policy-rc.d': '#!/bin/sh\nexit 0\n' }
    const run = await runInstall({ repository: 'http://a.example/debian stable main', package_type: 'deb', packages: 'nginx', disable_services: 'true' }, { image })
    expect(run.exitCode).toBe(0)
    expect(run.calls[0].files['/etc/apt/sources.list.d/spinnaker.list 644']).toBe('deb http://a.example/debian stable main\n')
    expect(run.left).toEqual(image)
  })

  it('disable_services=true: a policy-rc.d that refuses every service start while packages install, removed afterwards (Rosco l.97-102, 119-122)', async () => {
    const run = await runInstall({ package_type: 'deb', packages: 'nginx', disable_services: 'true' })
    expect(run.exitCode).toBe(0)
    for (const call of run.calls) expect(call.files).toEqual({ '/usr/sbin/policy-rc.d 755': '#!/bin/sh\nexit 101\n' })
    expect(run.left).toEqual({})

    const without = await runInstall({ package_type: 'deb', packages: 'nginx' })
    for (const call of without.calls) expect(call.files).toEqual({})
  })

  it('as root it calls the package manager directly; otherwise through sudo', async () => {
    const vars = { package_type: 'rpm', repository: 'https://yum.example/el7', packages: 'nginx' }
    const asRoot = await runInstall(vars, { uid: 0 })
    expect(asRoot.calls.map((c) => c.prog)).toEqual(['yum'])

    const asUser = await runInstall(vars, { uid: 1000 })
    expect(asUser.exitCode).toBe(0)
    expect(asUser.calls.filter((c) => c.prog === 'yum').map((c) => c.args.join(' '))).toEqual(['-y install nginx'])
    expect(asUser.calls.filter((c) => c.prog === 'sudo').map((c) => c.args[0])).toContain('yum')
    expect(asUser.calls.filter((c) => c.prog === 'sudo').map((c) => c.args[0])).toContain('tee')
    expect(asUser.left).toEqual({})
  })

  it('any other package_type installs nothing and succeeds, as Rosco\'s does; the artifacts file is still removed (Rosco l.158-165)', async () => {
    for (const package_type of ['nupkg', '']) {
      const run = await runInstall({ package_type, packages: 'nginx', repository: 'http://a.example/x' }, { artifacts: [{ reference: 'x' }] })
      expect(run.exitCode).toBe(0)
      expect(run.stdout).toContain(`install_packages: package_type '${package_type}' is neither deb nor rpm: nothing installed`)
      expect(run.calls).toEqual([])
      expect(run.left).toEqual({})
    }
  })

  it('a failed install fails the script, stops before the next package, and still removes the repository list', async () => {
    const run = await runInstall({ repository: 'http://a.example/debian stable main', package_type: 'deb', packages: 'nginx no-such-package curl' }, { failOn: 'no-such-package' })
    expect(run.exitCode).not.toBe(0)
    expect(run.stderr).toMatch(/install_packages: error: command failed \(exit 100\): .*apt-get .* install no-such-package/)
    expect(run.operations).toEqual(['apt-get update', 'apt-get install nginx', 'apt-get install no-such-package'])
    expect(run.left).toEqual({})
  })

  it('deb: a bare repository URL gets the image\'s codename and "main"; without one it fails and says how to write it', async () => {
    const run = await runInstall({ package_type: 'deb', repository: 'http://c.example/debian', packages: 'nginx' }, { image: { '/etc/os-release': 'ID=ubuntu\nVERSION_CODENAME=jammy\n' } })
    expect(run.exitCode).toBe(0)
    expect(run.calls[0].files).toEqual({ '/etc/apt/sources.list.d/spinnaker.list 644': 'deb http://c.example/debian jammy main\n' })

    const unknown = await runInstall({ package_type: 'deb', repository: 'http://c.example/debian', packages: 'nginx' })
    expect(unknown.exitCode).not.toBe(0)
    expect(unknown.stderr).toContain("write it as 'URL suite components'")
    expect(unknown.calls).toEqual([])
  })
})
