import { execa, type ResultPromise } from 'execa'
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer, type Server, type Socket } from 'node:net'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BIN, ROOT, fixture, hal, read, tempDir, tempHalDir, writeFile } from '../helpers/hal.js'
import { needsProgram } from '../helpers/tools.js'

// `hal bake test` runs a real `packer build`. With --target ssh://... the template's builders
// become a null builder on that machine: here, a real sshd this file starts on 127.0.0.1, so the
// provisioners really run, as the current user, without a cloud account.

const SSHD = '/usr/sbin/sshd'

/** sshd is not on a normal user's PATH: look for it where Debian installs it. In CI it must be there. */
function needsSshd(): boolean {
  const present = existsSync(SSHD)
  if (!present && process.env.CI) throw new Error(`${SSHD} is required in CI but is not installed (.ci/run installs openssh-server)`)
  return present && needsProgram('ssh-keygen')
}

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

const bake = (template: string, ...more: string[]) => ['bake', 'test', '--provider', 'google', '--base-image', 'ubuntu-2204', '--package', 'nginx', '--template-file', template, ...more]

const custom = (halDir: string, name: string, content: string, mode?: number) => writeFile(join(halDir, 'default', 'profiles', 'rosco', 'packer', name), content, mode)

/**
 * A template for a GCE bake whose provisioners are the ones given (the builder is never used on an
 * SSH target). Shell scripts are uploaded to `work`, not to the machine's /tmp, where an
 * interrupted build would leave them.
 */
const template = (work: string, provisioners: Array<Record<string, unknown>>) =>
  JSON.stringify({
    variables: { package_type: null, packages: '', configDir: null, artifactFile: null, manifestFile: null },
    builders: [{ type: 'googlecompute', project_id: 'never-used', zone: 'us-central1-f', source_image_family: 'never-used', ssh_username: 'packerio' }],
    provisioners: provisioners.map((p) => (p.type === 'shell' ? { ...p, remote_folder: work } : p)),
    'post-processors': [{ type: 'manifest', output: '{{user `manifestFile`}}' }],
  }, null, 2)

interface Proc {
  pid: number
  pgid: number
  stat: string
  args: string
}

function processes(): Proc[] {
  return execFileSync('ps', ['-eo', 'pid=,pgid=,stat=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [, pid, pgid, stat, args] = /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line)!
      return { pid: Number(pid), pgid: Number(pgid), stat, args }
    })
}

/** Processes still running (zombies waiting for a reaper are gone in every way that matters). */
const living = (match: (p: Proc) => boolean) => processes().filter((p) => !p.stat.startsWith('Z') && match(p))

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })

describe.runIf(needsProgram('packer') && needsSshd())('hal bake test --target ssh:// (a real sshd on 127.0.0.1)', () => {
  let sshDir: string
  let sshd: ChildProcess
  let target: string
  let key: string

  beforeAll(async () => {
    sshDir = mkdtempSync(join(tmpdir(), 'galley-sshd-'))
    for (const name of ['host_key', 'user_key']) execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(sshDir, name)])
    writeFileSync(join(sshDir, 'authorized_keys'), read(join(sshDir, 'user_key.pub')))
    key = join(sshDir, 'user_key')
    const port = await freePort()
    writeFileSync(join(sshDir, 'sshd_config'), [
      'ListenAddress 127.0.0.1',
      `Port ${port}`,
      `HostKey ${join(sshDir, 'host_key')}`,
      `AuthorizedKeysFile ${join(sshDir, 'authorized_keys')}`,
      `PidFile ${join(sshDir, 'sshd.pid')}`,
      'StrictModes no',
      'UsePAM no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      '',
    ].join('\n'))
    // sshd insists on its privilege-separation directory.
    if (!existsSync('/run/sshd')) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 })
    sshd = spawn(SSHD, ['-D', '-f', join(sshDir, 'sshd_config'), '-e'], { stdio: ['ignore', 'ignore', 'pipe'] })
    await new Promise<void>((resolve, reject) => {
      let err = ''
      const timer = setTimeout(() => reject(new Error(`sshd did not start:\n${err}`)), 10_000)
      sshd.stderr!.on('data', (chunk) => {
        err += chunk
        if (err.includes(`Server listening on 127.0.0.1 port ${port}`)) {
          clearTimeout(timer)
          resolve()
        }
      })
      sshd.once('exit', (code) => reject(new Error(`sshd exited with ${code}:\n${err}`)))
    })
    target = `ssh://${userInfo().username}@127.0.0.1:${port}`
  })

  afterAll(async () => {
    if (sshd && sshd.exitCode === null) {
      const exited = new Promise((resolve) => sshd.once('exit', resolve))
      sshd.kill('SIGTERM')
      await exited
    }
    if (sshDir) rmSync(sshDir, { recursive: true, force: true })
  })

  it('runs the template\'s provisioners on the machine: files, scripts and environment; streams the output; keeps a log', async () => {
    const halDir = tempHalDir(GOOGLE)
    const work = tempDir('galley-work-')
    custom(halDir, 'gce-e2e.json', template(work, [
      { type: 'file', source: '{{user `artifactFile`}}', destination: `${work}/artifacts.json` },
      { type: 'shell', script: '{{user `configDir`}}/scripts/touch.sh', environment_vars: ['packages={{user `packages`}}', `WORK=${work}`] },
    ]))
    custom(halDir, 'scripts/touch.sh', '#!/bin/sh\nset -e\necho "installing $packages"\ntouch "$WORK/touched-by-packer"\n', 0o755)
    const tmp = tempDir('galley-tmp-')

    const result = await hal([...bake('gce-e2e.json', '--target', target, '--ssh-key', key)], { halDir, env: { TMPDIR: tmp } })

    expect(result.exitCode, result.stderr).toBe(0)
    expect(existsSync(join(work, 'touched-by-packer'))).toBe(true)
    expect(read(join(work, 'artifacts.json')).trim()).toBe('[]')
    // Checked before Packer started: the real sshd answered with its version line.
    expect(result.stderr).toMatch(new RegExp(`^${target.replace(/[.]/g, '\\.')} answers as an SSH server \\(SSH-2\\.0-OpenSSH_\\S*.*, [\\d.]+m?s\\)\\.$`, 'm'))
    // Not a terminal: every line of Packer's, prefixed.
    expect(result.stderr).toContain('packer | ==> googlecompute: Connected to SSH!')
    expect(result.stderr).toContain('packer |     googlecompute: installing nginx')
    expect(result.stdout).toContain(`Provisioners of gce-e2e.json ran on ${target} in `)
    const log = /^Log: (.*)$/m.exec(result.stdout)![1]
    expect(log.startsWith(join(halDir, '.galley', 'logs', 'bake-'))).toBe(true)
    expect(read(log)).toContain('googlecompute: installing nginx')
    expect(readdirSync(tmp), 'temporary files left behind').toEqual([])
  })

  it('a failing provisioner: exit 3 with the step, Packer\'s reason and the script\'s output', async () => {
    const halDir = tempHalDir(GOOGLE)
    custom(halDir, 'gce-fail.json', template(tempDir('galley-work-'), [{ type: 'shell', inline: ['echo about to fail', 'echo broken-mirror >&2', 'exit 7'] }]))
    const result = await hal(bake('gce-fail.json', '--target', target, '--ssh-key', key), { halDir })
    expect(result.exitCode).toBe(3)
    expect(result.stderr).toMatch(/Error: packer build failed at "Provisioning with shell script: [^"]+": Script exited with non-zero exit status: 7/)
    expect(result.stderr).toContain('googlecompute: about to fail')
    expect(result.stderr).toContain('broken-mirror')
    expect(result.stderr).toMatch(/Log: .*\.galley\/logs\/bake-.*\.log/)
    expect(result.stderr).not.toMatch(/\n\s+at .*:\d+:\d+\)?\n/)
  })

  it('never shows or logs a secret, even when a provisioner prints it', async () => {
    const halDir = tempHalDir(fixture('bake/oracle.yml'))
    custom(halDir, 'oci-e2e.json', JSON.stringify({
      variables: { oracle_pass_phrase: '', configDir: null },
      builders: [{ type: 'oracle-oci' }],
      provisioners: [{ type: 'shell', inline: ['echo "phrase={{user `oracle_pass_phrase`}}"'], remote_folder: tempDir('galley-work-') }],
    }))
    const result = await hal(['bake', 'test', '--provider', 'oracle', '--base-image', 'ol8', '--template-file', 'oci-e2e.json', '--target', target, '--ssh-key', key, '--json'], { halDir })
    expect(result.exitCode, result.stderr).toBe(0)
    const json = result.json()
    expect(json).toMatchObject({ provider: 'oracle', template: 'oci-e2e.json', target })
    expect(json.image).toBeUndefined()
    expect(read(json.log)).toContain('phrase=<redacted>')
    expect(read(json.log) + result.stdout + result.stderr).not.toContain('SENTINEL-PASSPHRASE-42')
  })

  describe('stopping a bake leaves no Packer process and no temporary file behind', () => {
    /** Starts a bake whose provisioner sleeps; the template's name marks its Packer processes. */
    function sleepyBake(more: string[]) {
      const halDir = tempHalDir(GOOGLE)
      const marker = `sleepy-${randomBytes(6).toString('hex')}`
      custom(halDir, `${marker}.json`, template(tempDir('galley-work-'), [{ type: 'shell', inline: ['echo sleeping', 'sleep 10'] }]))
      const tmp = tempDir('galley-tmp-')
      const child = execa('node', [BIN, ...bake(`${marker}.json`, '--target', target, '--ssh-key', key, ...more)], {
        cwd: ROOT, reject: false, env: { NO_COLOR: '1', HAL_DIR: halDir, TMPDIR: tmp }, timeout: 30_000,
      })
      return { child, marker, tmp }
    }

    /** Waits for Packer to start, noting its process group. */
    async function packerGroup(marker: string, child: ResultPromise): Promise<number> {
      for (let i = 0; i < 200; i++) {
        const found = living((p) => p.args.includes(marker) && /packer build/.test(p.args))
        if (found.length > 0) return found[0].pgid
        if (child.exitCode !== null) break
        await new Promise((r) => setTimeout(r, 50))
      }
      const result = await child
      throw new Error(`packer never started; hal exited ${result.exitCode}:\n${String(result.stderr)}`)
    }

    function expectNothingLeft(marker: string, pgid: number, tmp: string) {
      expect(living((p) => p.args.includes(marker))).toEqual([])
      expect(living((p) => p.pgid === pgid)).toEqual([])
      expect(readdirSync(tmp)).toEqual([])
    }

    it('--timeout 2s', async () => {
      const { child, marker, tmp } = sleepyBake(['--timeout', '2s'])
      const pgid = await packerGroup(marker, child)
      const result = await child
      expect(result.exitCode).toBe(3)
      expect(String(result.stderr)).toContain('Stopping Packer (timed out after 2s)')
      expect(String(result.stderr)).toContain('Error: the test bake timed out after 2s: Packer was stopped')
      expectNothingLeft(marker, pgid, tmp)
    })

    it('SIGINT to hal (Ctrl-C)', async () => {
      const { child, marker, tmp } = sleepyBake([])
      const pgid = await packerGroup(marker, child)
      let stderr = ''
      child.stderr!.on('data', (chunk) => {
        stderr += chunk
      })
      for (let i = 0; i < 200 && !stderr.includes('googlecompute: sleeping'); i++) await new Promise((r) => setTimeout(r, 50))
      expect(stderr).toContain('googlecompute: sleeping')
      child.kill('SIGINT')
      const result = await child
      // 128 + SIGINT, as shells report a program Ctrl-C stopped.
      expect(result.exitCode).toBe(130)
      expect(String(result.stderr)).toContain('Stopping Packer (SIGINT)')
      expect(String(result.stderr)).toContain('Error: the test bake was interrupted (SIGINT): Packer was stopped')
      expectNothingLeft(marker, pgid, tmp)
    })
  })
})

describe.runIf(needsProgram('packer'))('hal bake test --target says within seconds, precisely, when the target does not answer as an SSH server', () => {
  // Each case is a real socket on this machine (or a name no DNS resolves); Packer never starts.
  const servers: Server[] = []
  afterAll(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))))

  /** A TCP server on 127.0.0.1 that does `onConnection` with every connection. */
  const listen = (onConnection: (socket: Socket) => void) =>
    new Promise<number>((resolve) => {
      const server = createServer(onConnection)
      servers.push(server)
      server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port))
    })

  const attempt = async (target: string) => {
    const halDir = tempHalDir(GOOGLE)
    const key = join(tempDir(), 'key')
    writeFileSync(key, 'not used: the target is checked before Packer starts\n')
    const started = Date.now()
    const result = await hal(['bake', 'test', '--provider', 'google', '--base-image', 'ubuntu-2204', '--package', 'nginx', '--target', target, '--ssh-key', key], { halDir })
    const seconds = (Date.now() - started) / 1000
    // Exit 3 (the table's "failed"), and never the advice to wait longer.
    expect(result.exitCode, result.stderr).toBe(3)
    expect(result.stderr).not.toMatch(/--timeout|longer timeout|more time/)
    // Packer never ran: no log was opened.
    expect(existsSync(join(halDir, '.galley', 'logs'))).toBe(false)
    return { ...result, seconds }
  }

  it('a closed port on 127.0.0.1: connection refused, at once', async () => {
    const port = await freePort()
    const result = await attempt(`ssh://tester@127.0.0.1:${port}`)
    expect(result.stderr).toContain(`Error: the SSH target 127.0.0.1:${port} refused the connection: the machine answers, but nothing listens on port ${port}\n`)
    expect(result.stderr).toContain('? Check the port in --target (sshd listens on 22 unless configured otherwise) and that sshd runs on the machine')
    expect(result.stderr).toContain('Waiting longer would not help.')
    expect(result.seconds).toBeLessThan(5)
  })

  it('a server that accepts but never sends an SSH version line (a blackhole, an HTTP server): said within seconds', async () => {
    const port = await listen(() => {})
    const result = await attempt(`ssh://tester@127.0.0.1:${port}`)
    expect(result.stderr).toContain(`Error: the SSH target 127.0.0.1:${port} accepted the connection but sent no SSH version line within 5s: it is not an SSH server, or a stuck one\n`)
    expect(result.stderr).toContain('Waiting longer would not help.')
    expect(result.seconds).toBeLessThan(12)
  })

  it('Ctrl-C during the check ends it at once: exit 130, Packer never started', async () => {
    const port = await listen(() => {})
    const halDir = tempHalDir(GOOGLE)
    const key = join(tempDir(), 'key')
    writeFileSync(key, 'not used\n')
    const child = execa('node', [BIN, 'bake', 'test', '--provider', 'google', '--base-image', 'ubuntu-2204', '--package', 'nginx', '--target', `ssh://tester@127.0.0.1:${port}`, '--ssh-key', key], { cwd: ROOT, reject: false, env: { NO_COLOR: '1', HAL_DIR: halDir }, timeout: 20_000 })
    // The server has the connection: the check now waits for a version line that never comes.
    await new Promise<void>((resolve) => servers.at(-1)!.once('connection', () => resolve()))
    const sent = Date.now()
    child.kill('SIGINT')
    const result = await child
    expect(result.exitCode, result.stderr).toBe(130)
    expect(Date.now() - sent).toBeLessThan(3000)
    expect(result.stderr).toContain('Error: interrupted while checking the SSH target')
    expect(existsSync(join(halDir, '.galley', 'logs'))).toBe(false)
  })

  it('a server that speaks another protocol first: not an SSH server, with what it said', async () => {
    const port = await listen((socket) => socket.write('220 mail.example.com ESMTP Postfix\r\n'))
    const result = await attempt(`ssh://tester@127.0.0.1:${port}`)
    expect(result.stderr).toContain(`Error: the SSH target 127.0.0.1:${port} is not an SSH server: it answered "220 mail.example.com ESMTP Postfix" instead of an SSH version line\n`)
    expect(result.stderr).toContain(`? Port ${port} belongs to another service`)
    expect(result.seconds).toBeLessThan(5)
  })

  it('a server that closes the connection at once: said so', async () => {
    const port = await listen((socket) => socket.destroy())
    const result = await attempt(`ssh://tester@127.0.0.1:${port}`)
    expect(result.stderr).toContain(`Error: the SSH target 127.0.0.1:${port} closed the connection without an SSH version line\n`)
  })

  it('a name no DNS resolves (.invalid, RFC 6761): said so, with what to do', async () => {
    const result = await attempt('ssh://tester@bakery-target.invalid:22')
    expect(result.stderr).toContain("Error: the SSH target's host name bakery-target.invalid does not resolve (no such name in DNS)\n")
    expect(result.stderr).toContain("? Check the spelling of the host in --target, or give the machine's IP address")
  })
})

describe.runIf(needsProgram('packer'))('hal bake test in the cloud', () => {
  it('without cloud credentials Packer fails at once: exit 3 with its reason', async () => {
    const halDir = tempHalDir(GOOGLE)
    // Pin the credentials to a file that does not exist, so that a machine with real ones (a GCE VM) bakes nothing.
    const result = await hal(['bake', 'test', '--provider', 'google', '--base-image', 'ubuntu-2204', '--package', 'nginx'], {
      halDir, env: { GOOGLE_APPLICATION_CREDENTIALS: join(tempDir(), 'none.json') },
    })
    expect(result.exitCode).toBe(3)
    expect(result.stderr).toMatch(/Error: packer build failed: .*(credentials|none\.json)/)
  })
})

describe('hal bake test reads the baked image as Rosco does (Packer stubbed: no cloud here)', () => {
  /** A stand-in for packer: `version`, and a `build` that writes the manifest and prints what googlecompute prints. */
  function fakePacker(): string {
    const bin = tempDir('galley-bin-')
    symlinkSync(process.execPath, join(bin, 'node'))
    writeFile(join(bin, 'packer'), `#!/bin/sh
if [ "$1" = version ]; then echo "Packer v1.6.6"; exit 0; fi
for arg in "$@"; do case "$arg" in manifestFile=*) manifest=\${arg#manifestFile=} ;; esac; done
echo "==> googlecompute: Creating image..."
printf '{"builds":[{"artifact_id":"from-manifest","packer_run_uuid":"r2"}],"last_run_uuid":"r2"}' > "$manifest"
echo "--> googlecompute: A disk image was created: from-log"
`, 0o755)
    return bin
  }

  it('GCE: the manifest\'s artifact_id', async () => {
    const result = await hal(['bake', 'test', '--provider', 'google', '--base-image', 'ubuntu-2204', '--package', 'nginx', '--json'], {
      halDir: tempHalDir(GOOGLE), env: { PATH: fakePacker() },
    })
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.json().image).toEqual({ name: 'from-manifest', from: 'manifest' })
  })
})
