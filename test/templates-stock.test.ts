import { execa } from 'execa'
import { generateKeyPairSync } from 'node:crypto'
import { copyFileSync, existsSync, readdirSync, statSync } from 'node:fs'
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
    expect(declared(OCI, '')).toEqual(['oracle_pass_phrase', 'packages', 'repository', 'upgrade'].sort())
    expect(Object.keys(template(OCI).variables)).toHaveLength(14 + 4)
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

// ---------------------------------------------------------------------------------------------
// install_packages.sh runs against test doubles of apt-get, yum, sudo and id: each records its
// argv in a log and installs nothing. `id -u` is stubbed so the root / non-root paths are chosen
// by the test, not by whoever runs it.

interface Call {
  prog: string
  /** DEBIAN_FRONTEND as the program saw it. */
  frontend: string
  args: string[]
}

const SHIM = `#!/bin/sh
# Test double: record the call (tab-separated), fail when asked to, install nothing.
{ printf '%s\\t%s' "\${0##*/}" "\${DEBIAN_FRONTEND-}"; for a in "$@"; do printf '\\t%s' "$a"; done; printf '\\n'; } >> "$SHIM_LOG"
for a in "$@"; do
  if [ -n "\${SHIM_FAIL_ON-}" ] && [ "$a" = "$SHIM_FAIL_ON" ]; then echo "E: Unable to locate package $a" >&2; exit 100; fi
done
`
const SUDO_SHIM = `${SHIM}exec "$@"\n`
const ID_SHIM = `#!/bin/sh\nif [ "$1" = -u ]; then echo "$SHIM_UID"; else echo "uid=$SHIM_UID"; fi\n`

async function runInstall(env: Record<string, string>, options: { uid?: number; failOn?: string } = {}) {
  const sandbox = tempDir('galley-install-')
  const bin = join(sandbox, 'bin')
  for (const prog of ['apt-get', 'yum']) writeFile(join(bin, prog), SHIM, 0o755)
  writeFile(join(bin, 'sudo'), SUDO_SHIM, 0o755)
  writeFile(join(bin, 'id'), ID_SHIM, 0o755)
  const log = join(sandbox, 'calls.log')
  writeFile(log, '')
  const aptSources = join(sandbox, 'sources.list.d')
  const yumRepos = join(sandbox, 'yum.repos.d')
  writeFile(join(aptSources, '.keep'), '')
  writeFile(join(yumRepos, '.keep'), '')

  const result = await execa(INSTALL, [], {
    reject: false,
    extendEnv: false,
    env: {
      PATH: `${bin}:${process.env.PATH}`,
      SHIM_LOG: log,
      SHIM_UID: String(options.uid ?? 0),
      SHIM_FAIL_ON: options.failOn ?? '',
      APT_SOURCES_DIR: aptSources,
      YUM_REPOS_DIR: yumRepos,
      ...env,
    },
  })
  const calls: Call[] = read(log)
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [prog, frontend, ...args] = line.split('\t')
      return { prog, frontend, args }
    })
  const files = (dir: string) => Object.fromEntries(readdirSync(dir).filter((f) => f !== '.keep').map((f) => [f, read(join(dir, f))]))
  return {
    exitCode: result.exitCode,
    stdout: String(result.stdout),
    stderr: String(result.stderr),
    calls,
    /** Package-manager calls reduced to their operands: options (`-y`, `-o X`) dropped. */
    operations: calls.filter((c) => c.prog !== 'sudo').map((c) => [c.prog, ...operands(c.args)].join(' ')),
    aptSources: files(aptSources),
    yumRepos: files(yumRepos),
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

  it('deb: adds both ;-separated repositories, updates, upgrades, then installs each package in order', async () => {
    const run = await runInstall({
      package_type: 'deb',
      repository: 'deb [trusted=yes] http://a.example/debian bionic main ; http://b.example/debian stable spinnaker;',
      packages: 'nginx=1.14.0-0ubuntu1 curl',
      upgrade: 'true',
    })
    expect(run.stderr).toBe('')
    expect(run.exitCode).toBe(0)
    // A full sources.list line is kept; "URL suite components" gets its "deb".
    expect(run.aptSources).toEqual({
      'bake-repositories.list': 'deb [trusted=yes] http://a.example/debian bionic main\ndeb http://b.example/debian stable spinnaker\n',
    })
    expect(run.operations).toEqual(['apt-get update', 'apt-get dist-upgrade', 'apt-get install nginx=1.14.0-0ubuntu1', 'apt-get install curl'])
    // Nothing may wait for an answer: no terminal is attached during a bake.
    for (const call of run.calls) {
      expect(call.frontend).toBe('noninteractive')
      expect(call.args).toContain('-y')
    }
    expect(run.stdout).toContain('install nginx=1.14.0-0ubuntu1')
  })

  it('deb: a bare repository URL gets the image\'s codename and "main"', async () => {
    // The script reads the codename from /etc/os-release of the machine it runs on: here, this one.
    const osRelease = existsSync('/etc/os-release') ? read('/etc/os-release') : ''
    const codename = /^VERSION_CODENAME="?([^"\n]+)/m.exec(osRelease)?.[1] ?? /^UBUNTU_CODENAME="?([^"\n]+)/m.exec(osRelease)?.[1]
    const run = await runInstall({ package_type: 'deb', repository: 'http://c.example/debian', packages: 'nginx' })
    if (codename) {
      expect(run.exitCode).toBe(0)
      expect(run.aptSources).toEqual({ 'bake-repositories.list': `deb http://c.example/debian ${codename} main\n` })
    } else {
      expect(run.exitCode).not.toBe(0)
      expect(run.stderr).toContain("write it as 'URL suite components'")
    }
  })

  it('deb without upgrade, repositories or packages: only updates the package lists', async () => {
    for (const upgrade of ['', 'false']) {
      const run = await runInstall({ package_type: 'deb', upgrade })
      expect(run.exitCode).toBe(0)
      expect(run.operations).toEqual(['apt-get update'])
      expect(run.aptSources).toEqual({})
    }
  })

  it('rpm: writes a yum repository file per repository, updates, then installs each package', async () => {
    const run = await runInstall({
      package_type: 'rpm',
      repository: 'https://yum.example/el7;https://yum.example/extras',
      packages: 'nginx-1.20.1-1.el7 curl-7.29.0-59.el7',
      upgrade: 'yes',
    })
    expect(run.stderr).toBe('')
    expect(run.exitCode).toBe(0)
    expect(Object.keys(run.yumRepos).sort()).toEqual(['bake-repository-1.repo', 'bake-repository-2.repo'])
    expect(run.yumRepos['bake-repository-1.repo']).toMatch(/^\[bake-repository-1\]\n(.+\n)*baseurl=https:\/\/yum\.example\/el7\n/)
    expect(run.yumRepos['bake-repository-2.repo']).toContain('baseurl=https://yum.example/extras\n')
    expect(run.yumRepos['bake-repository-1.repo']).toContain('enabled=1\n')
    expect(run.operations).toEqual(['yum update', 'yum install nginx-1.20.1-1.el7', 'yum install curl-7.29.0-59.el7'])
    for (const call of run.calls) expect(call.args).toContain('-y')
    expect(run.aptSources).toEqual({})
  })

  it('as root it calls the package manager directly; otherwise through sudo', async () => {
    const vars = { package_type: 'rpm', repository: 'https://yum.example/el7', packages: 'nginx' }
    const asRoot = await runInstall(vars, { uid: 0 })
    expect(asRoot.calls.map((c) => c.prog)).toEqual(['yum'])

    const asUser = await runInstall(vars, { uid: 1000 })
    expect(asUser.exitCode).toBe(0)
    expect(asUser.calls.map((c) => [c.prog, ...c.args].join(' '))).toEqual([
      expect.stringMatching(/^sudo tee .*\/bake-repository-1\.repo$/),
      'sudo yum -y install nginx',
      'yum -y install nginx',
    ])
  })

  it('an unknown package_type fails with a clear message and touches nothing', async () => {
    const run = await runInstall({ package_type: 'nupkg', packages: 'nginx' })
    expect(run.exitCode).not.toBe(0)
    expect(run.stderr).toContain("install_packages: error: unknown package_type 'nupkg' (expected deb or rpm)")
    expect(run.calls).toEqual([])
  })

  it('a missing package_type fails', async () => {
    const run = await runInstall({ packages: 'nginx' })
    expect(run.exitCode).not.toBe(0)
    expect(run.stderr).toContain('install_packages: error: package_type is not set')
  })

  it('a failed install fails the script and stops before the next package', async () => {
    const run = await runInstall({ package_type: 'deb', packages: 'nginx no-such-package curl' }, { failOn: 'no-such-package' })
    expect(run.exitCode).not.toBe(0)
    expect(run.stderr).toMatch(/install_packages: error: command failed \(exit 100\): .*apt-get .* install no-such-package/)
    expect(run.operations).toEqual(['apt-get update', 'apt-get install nginx', 'apt-get install no-such-package'])
  })

  it('a failed yum install fails the script too', async () => {
    const run = await runInstall({ package_type: 'rpm', packages: 'nginx-1.20.1-1.el7' }, { failOn: 'nginx-1.20.1-1.el7' })
    expect(run.exitCode).not.toBe(0)
    expect(run.stderr).toContain('install_packages: error: command failed (exit 100): yum -y install nginx-1.20.1-1.el7')
  })
})
