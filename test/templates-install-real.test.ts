import { execa } from 'execa'
import { createHash } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT, read, tempDir, writeFile } from './helpers/hal.js'
import { hasProgram, needsProgram } from './helpers/tools.js'

// The stock install_packages.sh run for real: a real apt-get and dpkg install packages built here
// with dpkg-deb, and a real dnf (as `yum`, which on Fedora and RHEL 8+ is a link to dnf) installs
// a package built with rpmbuild, each from a repository served over HTTP on 127.0.0.1 behind basic
// auth, the credentials in the repository URL as Rosco users write them. The script runs in a
// private mount namespace (unshare --mount) over tmpfs or copies of everything the package managers
// write (/etc/apt sources or a copy of /etc, apt's lists and cache, a copy of /var/lib/dpkg or an
// empty rpm database, /var/log, /tmp, the packages' /srv), so the machine running the tests is left
// as it was; the tests check that too.
//
// Behaviour checked against Rosco's own script (spinnaker/rosco halconfig/packer/install_packages.sh
// at 030f7b6c): repository printed without credentials (l.7), quotes stripped and commas in
// packages turned into spaces (l.18-23), artifact references read from /tmp/artifacts.json, the last
// word the package and the rest a repository, then the file removed (l.72-93), `deb <repo>` lines in
// /etc/apt/sources.list.d/spinnaker.list, apt-get update, packages installed in order (packages,
// then artifacts) and spinnaker.list removed (l.95-128).
//
// Needs root (CI runs as root).

const INSTALL = join(ROOT, 'templates', 'install_packages.sh')
const USER = 'bakery'
const PASSWORD = 'Repo-Pass-7f3c9e'

const isRoot = process.getuid?.() === 0
if (!isRoot && process.env.CI) throw new Error('the real apt-get tests need root, and CI runs as root')
const runnable = isRoot && ['apt-get', 'dpkg-deb', 'unshare', 'dpkg-query'].every((p) => needsProgram(p))
const rpmRunnable = isRoot && ['unshare', 'dnf', 'rpm', 'rpmbuild', 'createrepo_c'].every((p) => needsProgram(p))

interface Package {
  name: string
  version: string
  /** Installed as /srv/galley-test/<name>.txt with this content. */
  content: string
}

/** Builds a .deb with dpkg-deb; returns its file name in `dir`. */
async function buildDeb(dir: string, pkg: Package): Promise<string> {
  const tree = join(dir, `${pkg.name}-${pkg.version}`)
  writeFile(join(tree, 'DEBIAN', 'control'), [
    `Package: ${pkg.name}`, `Version: ${pkg.version}`, 'Architecture: all', 'Maintainer: galley tests <tests@galley.invalid>',
    'Section: misc', 'Priority: optional', `Description: galley test package ${pkg.name}`, '',
  ].join('\n'))
  writeFile(join(tree, 'srv', 'galley-test', `${pkg.name}.txt`), pkg.content)
  const file = `${pkg.name}_${pkg.version}_all.deb`
  await execa('dpkg-deb', ['--root-owner-group', '--build', tree, join(dir, file)])
  return file
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex')

/** A flat repository ("deb URL ./"): the .debs, a Packages index and a Release file naming its hash. */
async function buildRepository(dir: string, packages: Package[]): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>()
  const stanzas: string[] = []
  for (const pkg of packages) {
    const file = await buildDeb(dir, pkg)
    const data = readFileSync(join(dir, file))
    const control = String((await execa('dpkg-deb', ['--field', join(dir, file)])).stdout).trimEnd()
    stanzas.push(`${control}\nFilename: ./${file}\nSize: ${data.length}\nSHA256: ${sha256(data)}\n`)
    files.set(file, data)
  }
  const index = Buffer.from(stanzas.join('\n'))
  files.set('Packages', index)
  const release = ['Origin: galley-test', 'Label: galley-test', `Date: ${new Date().toUTCString()}`, 'SHA256:', ` ${sha256(index)} ${index.length} Packages`, ''].join('\n')
  files.set('Release', Buffer.from(release))
  return files
}

interface RequestRecord {
  path: string
  authorized: boolean
}

/** Serves repositories under /<name>/ on 127.0.0.1, to clients that send USER:PASSWORD (basic auth). */
async function serve(repositories: Record<string, Map<string, Buffer>>): Promise<{ server: Server; port: number; requests: RequestRecord[] }> {
  const requests: RequestRecord[] = []
  const expected = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`
  const server = createServer((req, res) => {
    const authorized = req.headers.authorization === expected
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname)
    requests.push({ path, authorized })
    if (!authorized) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="galley-test"' }).end()
      return
    }
    const [, repo, ...rest] = path.split('/')
    const data = repositories[repo]?.get(rest.join('/').replace(/^\.\//, ''))
    if (!data) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'Content-Length': data.length })
    res.end(req.method === 'HEAD' ? undefined : data)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, port: (server.address() as AddressInfo).port, requests }
}

// Runs in the namespace, from the sandbox directory (the cwd stays reachable once /tmp is covered).
const NAMESPACE_SCRIPT = `
set -eu
cp -a /var/lib/dpkg ./dpkg
mount --bind ./dpkg /var/lib/dpkg
for dir in /var/lib/apt /var/cache/apt /var/log /srv /etc/apt/sources.list.d /tmp; do mount -t tmpfs tmpfs "$dir"; done
if [ -e /etc/apt/sources.list ]; then mount --bind /dev/null /etc/apt/sources.list; fi
mkdir -p /var/lib/apt/lists/partial /var/cache/apt/archives/partial
if [ -d ./image-sources ]; then cp ./image-sources/* /etc/apt/sources.list.d/; fi
if [ -e ./artifacts.json ]; then cp ./artifacts.json /tmp/artifacts.json; fi
status=0
env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@" bash ./install_packages.sh >./install.log 2>&1 || status=$?
echo "$status" >./status
ls -A /etc/apt/sources.list.d >./sources.after
cat /etc/apt/sources.list.d/* >./sources.content 2>/dev/null || true
ls -A /tmp >./tmp.after
dpkg-query -W -f '\${Package} \${Version} \${Status}\\n' 'galley-test-*' >./installed 2>/dev/null || true
cat /srv/galley-test/*.txt >./contents 2>/dev/null || true
grep -rlF -e "${PASSWORD}" /var/lib/apt /var/cache/apt /var/log /var/lib/dpkg /etc/apt /tmp /srv >./leaks 2>/dev/null || true
`

// The rpm variant: a copy of /etc (Debian has no /etc/yum.repos.d; one is made in the copy), an
// empty rpm database at /var/lib/rpm as on Fedora (Debian's rpm keeps it in $HOME/.rpmdb: a macro in
// the copy moves it, and $HOME is covered too), and `yum` a link to dnf, on PATH from /run/galley
// (the sandbox, reachable there once /tmp is covered).
const RPM_NAMESPACE_SCRIPT = `
set -eu
cp -a /etc ./etc
mkdir -p ./etc/yum.repos.d ./etc/rpm ./bin
echo '%_dbpath /var/lib/rpm' >./etc/rpm/macros.dbpath
ln -sf "$(command -v dnf)" ./bin/yum
mount --bind ./etc /etc
mount -t tmpfs tmpfs /run
mkdir /run/galley
mount --bind . /run/galley
for dir in /var/lib /var/cache /var/log /srv /tmp "$HOME"; do mount -t tmpfs tmpfs "$dir"; done
mkdir -p /var/lib/rpm
rpm --initdb
if [ -e ./artifacts.json ]; then cp ./artifacts.json /tmp/artifacts.json; fi
status=0
env -i PATH=/run/galley/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@" bash ./install_packages.sh >./install.log 2>&1 || status=$?
echo "$status" >./status
ls -A /etc/yum.repos.d >./sources.after
ls -A /tmp >./tmp.after
rpm -qa --qf '%{NAME} %{VERSION}-%{RELEASE}\\n' 'galley-test-*' | sort >./installed
cat /srv/galley-test/*.txt >./contents 2>/dev/null || true
grep -rlF -e "${PASSWORD}" /var /etc/yum.repos.d /etc/dnf /tmp /srv >./leaks 2>/dev/null || true
`

interface InstallRun {
  status: number
  log: string
  sources: string[]
  tmp: string[]
  installed: string[]
  contents: string
  leaks: string[]
  /** The apt sources files' content afterwards (deb runs). */
  sourcesContent: string
}

async function installInNamespace(env: Record<string, string>, artifacts?: unknown, script = NAMESPACE_SCRIPT, imageSources: Record<string, string> = {}): Promise<InstallRun> {
  const sandbox = tempDir('galley-apt-')
  for (const [name, content] of Object.entries(imageSources)) writeFile(join(sandbox, 'image-sources', name), content)
  writeFile(join(sandbox, 'install_packages.sh'), read(INSTALL), 0o755)
  if (artifacts !== undefined) writeFile(join(sandbox, 'artifacts.json'), JSON.stringify(artifacts, null, 2))
  const result = await execa('unshare', ['--mount', '--propagation', 'private', 'bash', '-c', script, 'namespace', ...Object.entries(env).map(([k, v]) => `${k}=${v}`)], {
    cwd: sandbox,
    reject: false,
    timeout: 120_000,
  })
  expect(result.exitCode, `${result.stderr}`).toBe(0)
  const lines = (name: string) => read(join(sandbox, name)).split('\n').filter(Boolean)
  return {
    status: Number(read(join(sandbox, 'status'))),
    log: read(join(sandbox, 'install.log')),
    sources: lines('sources.after'),
    tmp: lines('tmp.after'),
    installed: lines('installed'),
    contents: read(join(sandbox, 'contents')),
    leaks: lines('leaks'),
    sourcesContent: existsSync(join(sandbox, 'sources.content')) ? read(join(sandbox, 'sources.content')) : '',
  }
}

/** What the tests could change on this machine, to compare before and after. */
function machineState() {
  const dpkgStatus = sha256(readFileSync('/var/lib/dpkg/status'))
  return {
    dpkgStatus,
    sources: readdirSync('/etc/apt/sources.list.d').sort(),
    srv: existsSync('/srv/galley-test'),
    artifacts: existsSync('/tmp/artifacts.json'),
    policy: existsSync('/usr/sbin/policy-rc.d'),
    yumRepos: existsSync('/etc/yum.repos.d') ? readdirSync('/etc/yum.repos.d').sort() : 'absent',
    // Not \`rpm -qa\`: on Debian that creates the database ($HOME/.rpmdb) when there is none.
    rpmDb: rpmDbState(),
  }
}

function rpmDbState(): string[] | 'absent' {
  if (!hasProgram('rpm')) return 'absent'
  const dir = execFileSync('rpm', ['--eval', '%_dbpath'], { encoding: 'utf8' }).trim()
  return existsSync(dir) ? readdirSync(dir).map((name) => `${name} ${sha256(readFileSync(join(dir, name)))}`).sort() : 'absent'
}

/** Builds a noarch rpm with rpmbuild and a repository of it with createrepo_c; returns the repository's files by path. */
async function buildRpmRepository(dir: string, packages: Package[]): Promise<Map<string, Buffer>> {
  const repo = join(dir, 'repo')
  mkdirSync(repo, { recursive: true })
  for (const pkg of packages) {
    const [version, release] = pkg.version.split('-')
    const spec = join(dir, `${pkg.name}-${pkg.version}.spec`)
    writeFile(spec, [
      `Name: ${pkg.name}`, `Version: ${version}`, `Release: ${release}`, 'Summary: galley test package', 'License: MIT', 'BuildArch: noarch',
      '%description', `galley test package ${pkg.name}`,
      '%install', 'mkdir -p %{buildroot}/srv/galley-test', `echo '${pkg.content.trimEnd()}' > %{buildroot}/srv/galley-test/${pkg.name}.txt`,
      '%files', `/srv/galley-test/${pkg.name}.txt`, '',
    ].join('\n'))
    // Its own database: Debian's rpmbuild would otherwise create $HOME/.rpmdb on this machine.
    await execa('rpmbuild', ['--define', `_dbpath ${join(dir, 'rpmdb')}`, '--define', `_topdir ${join(dir, 'build')}`, '--define', `_rpmdir ${repo}`, '--define', '_build_name_fmt %%{NAME}-%%{VERSION}-%%{RELEASE}.%%{ARCH}.rpm', '-bb', spec])
  }
  await execa('createrepo_c', [repo])
  const files = new Map<string, Buffer>()
  const walk = (d: string, prefix: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(d, entry.name), `${prefix}${entry.name}/`)
      else files.set(`${prefix}${entry.name}`, readFileSync(join(d, entry.name)))
    }
  }
  walk(repo, '')
  return files
}

describe.runIf(runnable)('install_packages.sh with a real apt-get, from an HTTP repository behind basic auth', () => {
  let repo: Awaited<ReturnType<typeof serve>>
  let before: ReturnType<typeof machineState>
  const url = (name: string) => `http://${USER}:${PASSWORD}@127.0.0.1:${repo.port}/${name}`

  beforeAll(async () => {
    before = machineState()
    const build = tempDir('galley-debs-')
    repo = await serve({
      main: await buildRepository(join(build, 'main'), [
        { name: 'galley-test-hello', version: '1.0-1', content: 'hello 1.0\n' },
        { name: 'galley-test-hello', version: '2.0-1', content: 'hello 2.0\n' },
        { name: 'galley-test-tools', version: '3.1-2', content: 'tools 3.1\n' },
      ]),
      artifacts: await buildRepository(join(build, 'artifacts'), [{ name: 'galley-test-artifact', version: '0.9-1', content: 'artifact 0.9\n' }]),
    })
  }, 60_000)

  afterAll(async () => {
    await new Promise((resolve) => repo?.server.close(resolve))
  })

  it('installs the pinned packages in order, then the artifact from its own repository, and leaves no credentials behind', async () => {
    const run = await installInNamespace(
      {
        // Quoted, as Rosco sometimes passes it; the package list with a comma.
        repository: `"[trusted=yes] ${url('main')} ./"`,
        package_type: 'deb',
        packages: 'galley-test-hello=1.0-1,galley-test-tools',
      },
      // As Rosco's PackerArtifactService writes it: a list of artifacts, `reference` "REPOSITORY... PACKAGE".
      [{ type: 'deb', name: 'galley-test-artifact', version: '0.9-1', reference: `[trusted=yes] ${url('artifacts')} ./ galley-test-artifact`, metadata: {} }],
    )
    expect(run.status, run.log).toBe(0)
    expect(run.installed).toEqual([
      'galley-test-artifact 0.9-1 install ok installed',
      'galley-test-hello 1.0-1 install ok installed',
      'galley-test-tools 3.1-2 install ok installed',
    ])
    expect(run.contents).toBe('artifact 0.9\nhello 1.0\ntools 3.1\n')
    const installs = [...run.log.matchAll(/^install_packages: \+ .* install (\S+)$/gm)].map((m) => m[1])
    expect(installs).toEqual(['galley-test-hello=1.0-1', 'galley-test-tools', 'galley-test-artifact'])

    // apt really authenticated against the repository.
    expect(repo.requests.some((r) => r.path.endsWith('/galley-test-artifact_0.9-1_all.deb') && r.authorized)).toBe(true)
    expect(repo.requests.some((r) => r.path === '/main/Packages' && r.authorized)).toBe(true)

    // No credentials in the log, nor anywhere apt, dpkg or the script wrote; no repository list or
    // artifacts file left on the image.
    expect(run.log).not.toContain(PASSWORD)
    expect(run.log).not.toContain(`${USER}:`)
    expect(run.log).toContain(`install_packages: repository=[trusted=yes] http://127.0.0.1:${repo.port}/main ./\n`)
    expect(run.log).toContain(`install_packages: artifact: [trusted=yes] http://127.0.0.1:${repo.port}/artifacts ./ galley-test-artifact\n`)
    expect(run.leaks).toEqual([])
    expect(run.sources).toEqual([])
    expect(run.tmp).toEqual([])
  }, 120_000)

  it('a package apt cannot find fails the bake, and the repository list and artifacts file are removed all the same', async () => {
    const run = await installInNamespace(
      { repository: `[trusted=yes] ${url('main')} ./`, package_type: 'deb', packages: 'galley-test-hello no-such-package galley-test-tools' },
      [{ reference: `[trusted=yes] ${url('artifacts')} ./ galley-test-artifact` }],
    )
    expect(run.status).not.toBe(0)
    expect(run.log).toMatch(/install_packages: error: command failed \(exit 100\): .* install no-such-package/)
    // Installed in order up to the failure: the newest hello, nothing after.
    expect(run.installed).toEqual(['galley-test-hello 2.0-1 install ok installed'])
    expect(run.log).not.toContain(PASSWORD)
    expect(run.leaks).toEqual([])
    expect(run.sources).toEqual([])
    expect(run.tmp).toEqual([])
  }, 120_000)

  it('an image\'s own spinnaker.list is set aside while apt runs (apt says nothing about it) and put back', async () => {
    // A line apt would fail on, were it read during the bake.
    const own = 'deb http://image-own.invalid/debian stable main\n'
    const run = await installInNamespace({ repository: `[trusted=yes] ${url('main')} ./`, package_type: 'deb', packages: 'galley-test-tools' }, undefined, NAMESPACE_SCRIPT, { 'spinnaker.list': own })
    expect(run.status, run.log).toBe(0)
    expect(run.installed).toEqual(['galley-test-tools 3.1-2 install ok installed'])
    expect(run.log).not.toContain('image-own.invalid')
    expect(run.log).not.toMatch(/^N: /m)
    expect(run.sources).toEqual(['spinnaker.list'])
    expect(run.sourcesContent).toBe(own)
  }, 120_000)

  it('wrong credentials: apt-get update fails, and the log still shows none', async () => {
    const run = await installInNamespace({
      repository: `[trusted=yes] http://${USER}:wrong-${PASSWORD}@127.0.0.1:${repo.port}/main ./`,
      package_type: 'deb',
      packages: 'galley-test-hello',
    })
    expect(run.status).not.toBe(0)
    expect(run.log).toContain('install_packages: error: command failed')
    expect(run.log).toContain('401')
    expect(run.log).not.toContain(PASSWORD)
    expect(run.installed).toEqual([])
    expect(run.sources).toEqual([])
  }, 120_000)

  it.runIf(!hasProgram('unattended-upgrade'))('upgrade=true on an image without unattended-upgrade fails clearly before installing anything', async () => {
    const run = await installInNamespace({ repository: `[trusted=yes] ${url('main')} ./`, package_type: 'deb', packages: 'galley-test-hello', upgrade: 'true' })
    expect(run.status).not.toBe(0)
    expect(run.log).toContain('install_packages: error: upgrade=true needs unattended-upgrade on the image (the unattended-upgrades package)')
    expect(run.installed).toEqual([])
    expect(run.sources).toEqual([])
  }, 120_000)

  it('leaves this machine as it was', () => {
    expect(machineState()).toEqual(before)
  })
})

describe.runIf(rpmRunnable)('install_packages.sh with a real dnf (as yum), from an HTTP repository behind basic auth', () => {
  let repo: Awaited<ReturnType<typeof serve>>
  let before: ReturnType<typeof machineState>
  const url = (name: string) => `http://${USER}:${PASSWORD}@127.0.0.1:${repo.port}/${name}`

  beforeAll(async () => {
    before = machineState()
    const build = tempDir('galley-rpms-')
    repo = await serve({
      el: await buildRpmRepository(join(build, 'el'), [
        { name: 'galley-test-hello', version: '1.0-1', content: 'hello 1.0\n' },
        { name: 'galley-test-tools', version: '3.1-2', content: 'tools 3.1\n' },
      ]),
      artifacts: await buildRpmRepository(join(build, 'artifacts'), [{ name: 'galley-test-artifact', version: '0.9-1', content: 'artifact 0.9\n' }]),
    })
  }, 120_000)

  afterAll(async () => {
    await new Promise((resolve) => repo?.server.close(resolve))
  })

  it('writes a repo file per repository, updates, installs in order (packages, then the artifact), and leaves no credentials, not even in dnf\'s logs', async () => {
    const run = await installInNamespace(
      { repository: url('el'), package_type: 'rpm', packages: 'galley-test-hello-1.0-1,galley-test-tools', upgrade: 'true' },
      [{ type: 'rpm', reference: `${url('artifacts')} galley-test-artifact` }],
      RPM_NAMESPACE_SCRIPT,
    )
    expect(run.status, run.log).toBe(0)
    expect(run.installed).toEqual(['galley-test-artifact 0.9-1', 'galley-test-hello 1.0-1', 'galley-test-tools 3.1-2'])
    expect(run.contents).toBe('artifact 0.9\nhello 1.0\ntools 3.1\n')
    const steps = [...run.log.matchAll(/^install_packages: \+ (yum .*)$/gm)].map((m) => m[1])
    expect(steps).toEqual(['yum -y update', 'yum -y install galley-test-hello-1.0-1', 'yum -y install galley-test-tools', 'yum -y install galley-test-artifact'])
    expect(repo.requests.some((r) => r.path === '/artifacts/galley-test-artifact-0.9-1.noarch.rpm' && r.authorized)).toBe(true)
    expect(run.log).not.toContain(PASSWORD)
    // dnf's librepo log records the URLs with their user-info: the script scrubs it.
    expect(run.leaks).toEqual([])
    expect(run.sources).toEqual([])
    expect(run.tmp).toEqual([])
  }, 180_000)

  it('a package dnf cannot find fails the bake; the repo files go all the same', async () => {
    const run = await installInNamespace({ repository: url('el'), package_type: 'rpm', packages: 'galley-test-hello no-such-package' }, undefined, RPM_NAMESPACE_SCRIPT)
    expect(run.status).not.toBe(0)
    expect(run.log).toMatch(/install_packages: error: command failed \(exit 1\): yum -y install no-such-package/)
    expect(run.installed).toEqual(['galley-test-hello 1.0-1'])
    expect(run.log).not.toContain(PASSWORD)
    expect(run.leaks).toEqual([])
    expect(run.sources).toEqual([])
  }, 180_000)

  it('leaves this machine as it was', () => {
    expect(machineState()).toEqual(before)
  })
})
