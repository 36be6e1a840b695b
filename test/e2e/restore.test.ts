import { execFileSync } from 'node:child_process'
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as tar from 'tar'
import { afterEach, describe, expect, it } from 'vitest'
import { hal, tempDir, tempHalDir, writeFile } from '../helpers/hal.js'
import { craftTarGz } from '../faults/tar-craft.js'

const VALID = `currentDeployment: default
deploymentConfigurations:
- name: default
  providers:
    google:
      enabled: true
      accounts:
      - name: gce
        project: my-gcp-project
`
const CURRENT = VALID.replace('my-gcp-project', 'current-project')

/** Every file under the hal directory but galley's own state, with contents. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name)
      if (path === join(dir, '.galley')) continue
      const stat = lstatSync(path)
      if (stat.isDirectory()) walk(path)
      else out[path] = stat.isFile() ? readFileSync(path, 'base64') : 'other'
    }
  }
  if (existsSync(dir)) walk(dir)
  return out
}

async function archiveOf(entries: Parameters<typeof craftTarGz>[0]): Promise<string> {
  const file = join(tempDir(), 'backup.tar.gz')
  writeFileSync(file, craftTarGz(entries))
  return file
}

const restore = (halDir: string, archive: string, ...flags: string[]) => hal(['backup', 'restore', archive, '--yes', ...flags], { halDir })

describe('backup restore checks the archive\'s config before anything is touched', () => {
  const refusals: Array<[string, Parameters<typeof craftTarGz>[0], number, RegExp]> = [
    ['a config that is not YAML', [{ name: 'config', type: '0', content: 'key: [unclosed\n  - x: {\n' }], 1, /config/],
    ['a config that is binary', [{ name: 'config', type: '0', content: 'a\0b' }], 1, /binary/],
    ['a config that is a YAML list, not a mapping', [{ name: 'config', type: '0', content: '- a\n- b\n' }], 1, /mapping|halconfig/],
    ['a config without deploymentConfigurations', [{ name: 'config', type: '0', content: 'currentDeployment: default\n' }], 1, /deploymentConfigurations/],
    ['a config that is a directory', [{ name: 'config/', type: '5' }, { name: 'config/x', type: '0', content: 'x' }], 3, /directory/],
    ['an archive without a config', [{ name: 'default/', type: '5' }, { name: 'default/profiles/rosco-local.yml', type: '0', content: 'rosco: {}\n' }], 1, /missing/],
    ['a config that does not validate', [{ name: 'config', type: '0', content: VALID.replace('project: my-gcp-project', 'project: 1nvalid_Project!') }], 1, /does not validate/],
    ['a hard link to another entry of the archive', [{ name: 'config', type: '0', content: VALID }, { name: 'copy', type: '1', linkname: 'config' }], 3, /Link/],
  ]
  for (const [name, entries, exitCode, message] of refusals) {
    it(`refuses ${name} (exit ${exitCode}), leaving the hal directory as it was`, async () => {
      const halDir = tempHalDir(CURRENT)
      writeFile(join(halDir, 'default', 'profiles', 'rosco-local.yml'), 'current: true\n')
      const archive = await archiveOf(entries)
      const before = snapshot(halDir)
      const result = await restore(halDir, archive)
      expect(result.exitCode, result.stderr).toBe(exitCode)
      expect(result.stderr).toMatch(message)
      expect(result.stderr).toContain('nothing was written')
      expect(result.stderr).not.toMatch(/\n\s+at /)
      expect(snapshot(halDir)).toEqual(before)
      expect(readdirSync(halDir).filter((n) => n.startsWith('.galley-'))).toEqual([])
    })
  }

  it('restores a config with validation errors only with --force, and says so', async () => {
    const halDir = tempHalDir(CURRENT)
    const bad = VALID.replace('project: my-gcp-project', 'project: 1nvalid_Project!')
    const archive = await archiveOf([{ name: 'config', type: '0', content: bad }])
    const refused = await restore(halDir, archive)
    expect(refused.exitCode).toBe(1)
    expect(refused.stderr).toMatch(/config:\d+:\d+/)
    const forced = await restore(halDir, archive, '--force')
    expect(forced.exitCode, forced.stderr).toBe(0)
    expect(forced.stdout).toContain('(--force)')
    expect(readFileSync(join(halDir, 'config'), 'utf8')).toBe(bad)
  })

  it('keeps no owner from the archive and drops setuid, setgid, sticky and world-write bits', async () => {
    const src = join(tempDir(), 'src')
    writeFile(join(src, 'config'), VALID)
    writeFile(join(src, 'default', 'profiles', 'rosco', 'packer', 'suid.sh'), '#!/bin/sh\n')
    writeFile(join(src, 'default', 'profiles', 'rosco', 'packer', 'open.json'), '{}\n')
    chmodSync(join(src, 'default', 'profiles', 'rosco', 'packer', 'suid.sh'), 0o6755)
    chmodSync(join(src, 'default', 'profiles', 'rosco', 'packer', 'open.json'), 0o666)
    chmodSync(join(src, 'default', 'profiles'), 0o1777)
    // As root (CI), the archive names another owner, 4242, as a backup from another machine would.
    const root = process.getuid?.() === 0
    if (root) {
      for (const path of ['config', 'default', 'default/profiles', 'default/profiles/rosco/packer/suid.sh']) chownSync(join(src, path), 4242, 4242)
    }
    const archive = join(tempDir(), 'owned.tar.gz')
    await tar.c({ gzip: true, file: archive, cwd: src, portable: false }, ['config', 'default'])
    const owners: number[] = []
    await tar.t({ file: archive, onReadEntry: (e) => owners.push(e.uid ?? -1) })
    if (root) expect(owners).toContain(4242)
    const halDir = tempHalDir(CURRENT)
    const result = await restore(halDir, archive)
    expect(result.exitCode, result.stderr).toBe(0)
    const packer = join(halDir, 'default', 'profiles', 'rosco', 'packer')
    for (const path of [join(halDir, 'config'), join(packer, 'suid.sh'), join(packer, 'open.json'), join(halDir, 'default', 'profiles')]) {
      const stat = statSync(path)
      expect(stat.uid, path).toBe(process.getuid!())
      expect(stat.mode & 0o7002, `${path} ${(stat.mode & 0o7777).toString(8)}`).toBe(0)
    }
    expect(statSync(join(packer, 'suid.sh')).mode & 0o777).toBe(0o755)
  })

  it('keeps what it replaced, and leaves no work directory behind', async () => {
    const halDir = tempHalDir(CURRENT)
    writeFile(join(halDir, 'default', 'profiles', 'rosco-local.yml'), 'current: true\n')
    const archive = await archiveOf([{ name: 'config', type: '0', content: VALID }, { name: 'default/', type: '5' }, { name: 'default/profiles/rosco-local.yml', type: '0', content: 'restored: true\n' }])
    const result = await restore(halDir, archive)
    expect(result.exitCode, result.stderr).toBe(0)
    expect(readFileSync(join(halDir, 'config'), 'utf8')).toBe(VALID)
    expect(readFileSync(join(halDir, 'default', 'profiles', 'rosco-local.yml'), 'utf8')).toBe('restored: true\n')
    const kept = readdirSync(join(halDir, '.galley')).filter((n) => n.startsWith('replaced-'))
    expect(kept).toHaveLength(1)
    expect(readFileSync(join(halDir, '.galley', kept[0]!, 'config'), 'utf8')).toBe(CURRENT)
    expect(readFileSync(join(halDir, '.galley', kept[0]!, 'default', 'profiles', 'rosco-local.yml'), 'utf8')).toBe('current: true\n')
    expect(readdirSync(halDir).filter((n) => n.startsWith('.galley-') || n.includes('.tmp-'))).toEqual([])
  })
})

/** Mounting needs root; CI runs as root, so there these tests must run, never skip. */
const canMount = process.getuid?.() === 0
const mounted: string[] = []
afterEach(() => {
  while (mounted.length > 0) execFileSync('umount', ['-l', mounted.pop()!])
})
function mountTmpfs(dir: string): void {
  mkdirSync(dir, { recursive: true })
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m,mode=0700', 'tmpfs', dir])
  mounted.push(dir)
}

describe.runIf(canMount || process.env.CI)('backup restore across file systems', () => {
  it('restores into a hal directory that is its own file system (as a Docker volume is)', async () => {
    const halDir = join(tempDir(), '.hal')
    mountTmpfs(halDir)
    writeFileSync(join(halDir, 'config'), CURRENT)
    writeFile(join(halDir, 'default', 'profiles', 'rosco-local.yml'), 'current: true\n')
    const archive = await archiveOf([{ name: 'config', type: '0', content: VALID }, { name: 'default/', type: '5' }, { name: 'default/profiles/rosco-local.yml', type: '0', content: 'restored: true\n' }])
    const result = await restore(halDir, archive)
    expect(result.exitCode, result.stderr).toBe(0)
    expect(readFileSync(join(halDir, 'config'), 'utf8')).toBe(VALID)
    expect(readFileSync(join(halDir, 'default', 'profiles', 'rosco-local.yml'), 'utf8')).toBe('restored: true\n')
  })

  it('writes through a config that is a link to another file system (EXDEV: copy, then one rename there)', async () => {
    const work = tempDir()
    const disk = join(work, 'disk')
    mountTmpfs(disk)
    writeFileSync(join(disk, 'hal-config.yml'), CURRENT)
    const halDir = join(work, '.hal')
    mkdirSync(halDir)
    symlinkSync(join(disk, 'hal-config.yml'), join(halDir, 'config'))
    const archive = await archiveOf([{ name: 'config', type: '0', content: VALID }])
    const result = await restore(halDir, archive)
    expect(result.exitCode, result.stderr).toBe(0)
    expect(readlinkSync(join(halDir, 'config'))).toBe(join(disk, 'hal-config.yml'))
    expect(readFileSync(join(disk, 'hal-config.yml'), 'utf8')).toBe(VALID)
    const kept = readdirSync(join(halDir, '.galley')).filter((n) => n.startsWith('replaced-'))
    expect(readFileSync(join(halDir, '.galley', kept[0]!, 'config'), 'utf8')).toBe(CURRENT)
    expect(readdirSync(disk)).toEqual(['hal-config.yml'])
  })

  it('edits write through such a link too, with the temp file beside the target', async () => {
    const work = tempDir()
    const disk = join(work, 'disk')
    mountTmpfs(disk)
    writeFileSync(join(disk, 'hal-config.yml'), CURRENT)
    const halDir = join(work, '.hal')
    mkdirSync(halDir)
    symlinkSync(join(disk, 'hal-config.yml'), join(halDir, 'config'))
    const result = await hal(['config', 'provider', 'google', 'account', 'edit', 'gce', '--project', 'edited-project'], { halDir })
    expect(result.exitCode, result.stderr).toBe(0)
    expect(readFileSync(join(disk, 'hal-config.yml'), 'utf8')).toContain('edited-project')
    expect(lstatSync(join(halDir, 'config')).isSymbolicLink()).toBe(true)
    expect(readdirSync(disk)).toEqual(['hal-config.yml'])
  })
})
