import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import * as tar from 'tar'
import { describe, expect, it } from 'vitest'
import { hal, read, tempDir, tempHalDir, writeFile } from '../helpers/hal.js'

const HAND_WRITTEN = `# Production halconfig: edit with care.
halyardVersion: 1.62.0
currentDeployment: default

deploymentConfigurations:
- name: default   # the main one
  version: 1.26.6
  providers:
    google:
      enabled: true
  timezone: 'America/Los_Angeles'

# A section galley does not model: it must survive untouched.
someVendorExtension:
  answer: 42
  list: [a,   b]
`

describe('the hal directory and its halconfig', () => {
  it('acts on the in-memory default when there is no config, and writes it on the first change', async () => {
    const halDir = tempHalDir()
    const shown = await hal(['config'], { halDir })
    expect(shown.exitCode).toBe(0)
    expect(shown.stdout.trim()).toBe('name: default')
    expect(existsSync(join(halDir, 'config'))).toBe(false)

    const created = await hal(['config', '--set-current-deployment', 'staging'], { halDir })
    expect(created.exitCode).toBe(0)
    expect(created.stdout).toContain('Created deployment staging')
    expect(read(join(halDir, 'config'))).toBe('currentDeployment: staging\ndeploymentConfigurations:\n- name: default\n- name: staging\n')
    expect(statSync(join(halDir, 'config')).mode & 0o777).toBe(0o600)
    expect(statSync(halDir).mode & 0o777).toBe(0o700)
  })

  it('keeps every byte of a hand-written config outside the node it edits', async () => {
    const halDir = tempHalDir(HAND_WRITTEN)
    const result = await hal(['config', '--set-current-deployment', 'prod'], { halDir })
    expect(result.exitCode).toBe(0)
    const expected = HAND_WRITTEN.replace('currentDeployment: default', 'currentDeployment: prod').replace(
        "  timezone: 'America/Los_Angeles'\n",
        "  timezone: 'America/Los_Angeles'\n- name: prod\n",
      )
    expect(read(join(halDir, 'config'))).toBe(expected)
  })

  it('keeps the mode of an existing config', async () => {
    const halDir = tempHalDir(HAND_WRITTEN)
    execFileSync('chmod', ['0640', join(halDir, 'config')])
    await hal(['config', '--set-current-deployment', 'prod'], { halDir })
    expect(statSync(join(halDir, 'config')).mode & 0o777).toBe(0o640)
  })

  it('lists deployments and marks the current one', async () => {
    const halDir = tempHalDir('currentDeployment: b\ndeploymentConfigurations:\n- name: a\n- name: b\n  version: 1.30.0\n')
    const result = await hal(['config', 'list'], { halDir })
    expect(result.stdout).toBe('  a\n* b  (version 1.30.0)\n')
    const json = (await hal(['config', 'list', '--json'], { halDir })).json()
    expect(json).toEqual({ currentDeployment: 'b', deployments: [{ name: 'a', current: false }, { name: 'b', current: true, version: '1.30.0' }] })
  })

  it('prints the current deployment, or the one named by --deployment, as YAML or JSON', async () => {
    const halDir = tempHalDir(HAND_WRITTEN)
    const yaml = await hal(['config'], { halDir })
    expect(yaml.stdout).toContain('version: 1.26.6\nproviders:\n  google:\n    enabled: true\n')
    const json = (await hal(['config', '--json', '--deployment', 'default'], { halDir })).json()
    expect(json).toMatchObject({ name: 'default', providers: { google: { enabled: true } } })
  })

  it('never creates a deployment from --deployment, and names the ones that exist', async () => {
    const halDir = tempHalDir(HAND_WRITTEN)
    const result = await hal(['config', '--deployment', 'nope'], { halDir })
    expect(result.exitCode).toBe(3)
    expect(result.stderr).toContain('deployment nope not found (existing deployments: default)')
    expect(result.stderr).not.toMatch(/\n\s+at /)
    const json = await hal(['config', '--deployment', 'nope', '--json'], { halDir })
    expect(json.exitCode).toBe(3)
    expect(json.json().error).toMatchObject({ code: 'DEPLOYMENT_NOT_FOUND', exitCode: 3, existing: ['default'] })
  })

  it('says so when no deployment has been set', async () => {
    const halDir = tempHalDir('deploymentConfigurations:\n- name: a\n')
    const result = await hal(['config'], { halDir })
    expect(result.exitCode).toBe(3)
    expect(result.stderr).toContain('No deployment has been set')
    expect(result.stderr).toContain('hal config --set-current-deployment NAME')
  })

  it('refuses a malformed config with file, line and column, and leaves it untouched', async () => {
    const broken = 'currentDeployment: default\ndeploymentConfigurations:\n- name: default\n  providers: {google: [}\n'
    const halDir = tempHalDir(broken)
    const result = await hal(['config', '--set-current-deployment', 'x'], { halDir })
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toMatch(new RegExp(`${join(halDir, 'config')}:4:\\d+: `))
    expect(result.stderr).toContain('> 4 |   providers: {google: [}')
    expect(result.stderr).not.toMatch(/\n\s+at /)
    expect(read(join(halDir, 'config'))).toBe(broken)
  })

  it('refuses duplicate keys, naming both lines', async () => {
    const halDir = tempHalDir('currentDeployment: a\ndeploymentConfigurations:\n- name: a\ncurrentDeployment: b\n')
    const result = await hal(['config'], { halDir })
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain(`${join(halDir, 'config')}:4:1: duplicate key "currentDeployment" (first defined at line 1, column 1)`)
  })

  it('refuses a hal directory that is a file, saying it is a file where a directory is needed and what to do', async () => {
    const dir = tempDir()
    const halDir = join(dir, 'hal')
    writeFileSync(halDir, 'not a directory')
    const result = await hal(['config', 'list'], { halDir })
    expect(result.exitCode).toBe(3)
    expect(result.stderr).toContain(`The path ${halDir} may not be a file. It is a file, where hal needs a directory; nothing was changed.`)
    expect(result.stderr).toContain('point --hal-dir (or $HAL_DIR) at a directory instead')
    expect(read(halDir)).toBe('not a directory')
  })

  it('refuses a hal directory below a file, saying a path on the way is a file', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'file'), 'x')
    const halDir = join(dir, 'file', 'hal')
    const result = await hal(['config', 'list'], { halDir })
    expect(result.exitCode).toBe(3)
    expect(result.stderr).toContain(`The path ${halDir} may not be a file. A path on the way to it is a file, where hal needs a directory`)
    expect(read(join(dir, 'file'))).toBe('x')
  })

  it('takes --hal-dir over $HAL_DIR', async () => {
    const fromEnv = tempHalDir('currentDeployment: env\ndeploymentConfigurations:\n- name: env\n')
    const fromFlag = tempHalDir('currentDeployment: flag\ndeploymentConfigurations:\n- name: flag\n')
    const result = await hal(['config', 'list', '--hal-dir', fromFlag], { halDir: fromEnv })
    expect(result.stdout).toBe('* flag\n')
  })

  it('keeps both changes when two processes edit at once', async () => {
    const halDir = tempHalDir(HAND_WRITTEN)
    const names = ['one', 'two', 'three', 'four']
    const results = await Promise.all(names.map((name) => hal(['config', '--set-current-deployment', name], { halDir })))
    expect(results.map((r) => r.exitCode)).toEqual([0, 0, 0, 0])
    const list = (await hal(['config', 'list', '--json'], { halDir })).json()
    expect(list.deployments.map((d: { name: string }) => d.name).sort()).toEqual(['default', ...names].sort())
    expect(read(join(halDir, 'config'))).toContain('someVendorExtension:\n  answer: 42\n  list: [a,   b]\n')
  })

  it('waits for a live lock holder, then fails with a clear message', async () => {
    const halDir = tempHalDir(HAND_WRITTEN)
    const owner = { pid: process.pid, host: hostname(), started: null, token: 'held-by-test', since: new Date().toISOString() }
    writeFile(join(halDir, '.galley', 'lock'), JSON.stringify(owner))
    const result = await hal(['config', '--set-current-deployment', 'x'], { halDir, env: { HAL_LOCK_TIMEOUT: '1' } })
    expect(result.exitCode).toBe(3)
    expect(result.stderr).toContain(`timed out after 1s waiting for hal (pid ${process.pid}`)
    expect(result.stderr).toContain(join(halDir, '.galley', 'lock'))
    expect(read(join(halDir, 'config'))).toBe(HAND_WRITTEN)
  })

  it('takes over a lock left by a process that no longer exists', async () => {
    const halDir = tempHalDir(HAND_WRITTEN)
    const dead = spawnSync('sh', ['-c', 'echo $$']).stdout.toString().trim()
    const owner = { pid: Number(dead), host: hostname(), started: '1', token: 'dead', since: new Date().toISOString() }
    writeFile(join(halDir, '.galley', 'lock'), JSON.stringify(owner))
    const result = await hal(['config', '--set-current-deployment', 'x'], { halDir, env: { HAL_LOCK_TIMEOUT: '2' } })
    expect(result.exitCode).toBe(0)
    expect(existsSync(join(halDir, '.galley', 'lock'))).toBe(false)
  })
})

describe('hal config undo', () => {
  it('puts back the config as it was before each change, newest first', async () => {
    const halDir = tempHalDir(HAND_WRITTEN)
    await hal(['config', '--set-current-deployment', 'a'], { halDir })
    const afterFirst = read(join(halDir, 'config'))
    await hal(['config', '--set-current-deployment', 'b'], { halDir })
    expect((await hal(['config', 'undo'], { halDir })).exitCode).toBe(0)
    expect(read(join(halDir, 'config'))).toBe(afterFirst)
    expect((await hal(['config', 'undo'], { halDir })).exitCode).toBe(0)
    expect(read(join(halDir, 'config'))).toBe(HAND_WRITTEN)
    const none = await hal(['config', 'undo'], { halDir })
    expect(none.exitCode).toBe(3)
    expect(none.stderr).toContain('nothing to undo')
  })

  it('removes a config that the undone change had created', async () => {
    const halDir = tempHalDir()
    await hal(['config', '--set-current-deployment', 'a'], { halDir })
    const result = await hal(['config', 'undo'], { halDir })
    expect(result.stdout).toContain('which is removed again')
    expect(existsSync(join(halDir, 'config'))).toBe(false)
  })

  it('refuses to undo over changes made by other means, unless --force', async () => {
    const halDir = tempHalDir(HAND_WRITTEN)
    await hal(['config', '--set-current-deployment', 'a'], { halDir })
    writeFileSync(join(halDir, 'config'), `${read(join(halDir, 'config'))}# edited by hand\n`)
    const refused = await hal(['config', 'undo'], { halDir })
    expect(refused.exitCode).toBe(3)
    expect(refused.stderr).toContain('has changed since hal last wrote it')
    expect((await hal(['config', 'undo', '--force'], { halDir })).exitCode).toBe(0)
    expect(read(join(halDir, 'config'))).toBe(HAND_WRITTEN)
  })
})

describe('hal backup', () => {
  it('round-trips the hal directory through create and restore, leaving out staging', async () => {
    const halDir = tempHalDir(HAND_WRITTEN)
    writeFile(join(halDir, 'default', 'profiles', 'rosco', 'packer', 'install.sh'), '#!/bin/sh\necho hi\n', 0o755)
    writeFile(join(halDir, 'default', 'staging', 'generated.yml'), 'x: 1\n')
    const archive = join(tempDir(), 'backup.tar.gz')
    const created = await hal(['backup', 'create', '--output', archive], { halDir })
    expect(created.exitCode).toBe(0)
    expect(statSync(archive).mode & 0o777).toBe(0o600)

    await hal(['config', '--set-current-deployment', 'changed'], { halDir })
    writeFile(join(halDir, 'default', 'profiles', 'rosco', 'packer', 'install.sh'), 'broken', 0o644)

    // The hand-written config has a section galley does not model (a validation error): --force.
    const restored = await hal(['backup', 'restore', archive, '--yes', '--force'], { halDir })
    expect(restored.exitCode).toBe(0)
    expect(restored.stdout).toContain('validation error(s) (--force)')
    expect(read(join(halDir, 'config'))).toBe(HAND_WRITTEN)
    const script = join(halDir, 'default', 'profiles', 'rosco', 'packer', 'install.sh')
    expect(read(script)).toBe('#!/bin/sh\necho hi\n')
    expect(statSync(script).mode & 0o111).not.toBe(0)
    expect(existsSync(join(halDir, 'default', 'staging'))).toBe(false)
    expect(restored.stdout).toContain('The files it replaced are kept in')
  })

  it('asks before restoring, and without a terminal says to pass --yes', async () => {
    const halDir = tempHalDir(HAND_WRITTEN)
    const archive = join(tempDir(), 'backup.tar.gz')
    await hal(['backup', 'create', '--output', archive], { halDir })
    const result = await hal(['backup', 'restore', archive], { halDir })
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('Pass --yes')
  })

  it('refuses an archive with entries that would land outside the hal directory, writing nothing', async () => {
    const work = tempDir()
    const halDir = tempHalDir(HAND_WRITTEN)
    writeFile(join(work, 'src', 'config'), 'hostile: true\n')
    writeFile(join(work, 'evil'), 'outside\n')
    const archive = join(work, 'hostile.tar.gz')
    // An entry named ../evil, as a crafted archive would hold.
    await tar.c({ gzip: true, file: archive, cwd: join(work, 'src'), preservePaths: true }, ['config', '../evil'])
    const result = await hal(['backup', 'restore', archive, '--yes'], { halDir })
    expect(result.exitCode).toBe(3)
    expect(result.stderr).toContain('../evil: leads outside the hal directory')
    expect(read(join(halDir, 'config'))).toBe(HAND_WRITTEN)
    expect(readdirSync(work).sort()).toEqual(['evil', 'hostile.tar.gz', 'src'])
  })
})

describe('usage errors', () => {
  it('exits 2 for an unknown flag, with no stack trace', async () => {
    const result = await hal(['config', '--bogus'])
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('Nonexistent flag: --bogus')
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })

  it('exits 2 for an unknown command', async () => {
    const result = await hal(['frobnicate'])
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('frobnicate')
  })

  it('prints its version and help', async () => {
    expect((await hal(['--version'])).stdout).toMatch(/^galley\/\d+\.\d+\.\d+ /)
    const help = await hal(['config', '--help'])
    expect(help.exitCode).toBe(0)
    expect(help.stdout).toContain('--set-current-deployment')
    expect(help.stdout).toContain('--hal-dir')
  })
})
