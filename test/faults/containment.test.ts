import { execFileSync } from 'node:child_process'
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { hal, tempDir } from '../helpers/hal.js'
import { craftTarGz, type CraftedEntry } from './tar-craft.js'
import { hasStackTrace, recordFigure } from './record.js'

const CONFIG = 'currentDeployment: default\ndeploymentConfigurations:\n- name: default\n'

/** Everything under a directory, with contents, to prove nothing changed there. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name)
      const stat = lstatSync(full)
      if (stat.isDirectory()) walk(full)
      else out[full] = stat.isFile() ? readFileSync(full, 'base64') : `<${stat.mode.toString(8)}>`
    }
  }
  if (existsSync(dir)) walk(dir)
  return out
}

let attempts = 0
let refused = 0
afterAll(() => recordFigure('escape attempts (archives, template names)', attempts, 'escape attempts', refused, 'refused, nothing written outside'))

describe('containment: hostile backup archives', () => {
  const outsideName = `galley-outside-${process.pid}`
  const cases: Array<[string, (outside: string) => CraftedEntry[]]> = [
    ['an entry named ../', () => [{ name: 'config', type: '0', content: CONFIG }, { name: `../${outsideName}`, type: '0', content: 'escaped' }]],
    ['a deep ../ entry', () => [{ name: 'default/profiles/../../../escaped', type: '0', content: 'escaped' }]],
    ['an absolute path', (outside) => [{ name: join(outside, 'absolute'), type: '0', content: 'escaped' }]],
    ['a symbolic link out', () => [{ name: 'default/profiles/rosco/packer/etc', type: '2', linkname: '/etc' }]],
    ['a symbolic link, then a file through it', (outside) => [{ name: 'via', type: '2', linkname: outside }, { name: 'via/pwned', type: '0', content: 'escaped' }]],
    ['a hard link to a file outside', () => [{ name: 'passwd', type: '1', linkname: '/etc/passwd' }]],
    ['a hard link with ../', () => [{ name: 'x', type: '1', linkname: '../../etc/passwd' }]],
    ['a character device', () => [{ name: 'null', type: '3' }]],
    ['a FIFO', () => [{ name: 'fifo', type: '6' }]],
    ['galley\'s own lock', () => [{ name: '.galley/lock', type: '0', content: '{"pid":1}' }]],
  ]
  for (const [name, entries] of cases) {
    it(`refuses ${name}, writing nothing anywhere`, async () => {
      attempts++
      const work = tempDir()
      const outside = join(work, 'outside')
      mkdirSync(outside)
      writeFileSync(join(outside, 'keep'), 'untouched')
      const halDir = join(work, 'hal')
      mkdirSync(halDir)
      writeFileSync(join(halDir, 'config'), CONFIG)
      const archive = join(work, 'hostile.tar.gz')
      writeFileSync(archive, craftTarGz(entries(outside)))
      const before = { ...snapshot(halDir), ...snapshot(outside) }
      const result = await hal(['backup', 'restore', archive, '--yes'], { halDir, cwd: work })
      expect(result.exitCode).toBe(3)
      expect(result.stderr).toContain('nothing was written')
      expect(hasStackTrace(result.stderr)).toBe(false)
      expect({ ...snapshot(halDir), ...snapshot(outside) }).toEqual(before)
      expect(existsSync(join(work, outsideName))).toBe(false)
      expect(existsSync(join(work, '..', outsideName))).toBe(false)
      refused++
    })
  }

  it('still restores an honest archive', async () => {
    const work = tempDir()
    const halDir = join(work, 'hal')
    mkdirSync(halDir)
    const archive = join(work, 'ok.tar.gz')
    writeFileSync(archive, craftTarGz([{ name: 'config', type: '0', content: CONFIG }, { name: 'default/', type: '5' }, { name: 'default/profiles/rosco-local.yml', type: '0', content: 'rosco: {}\n' }]))
    const result = await hal(['backup', 'restore', archive, '--yes'], { halDir })
    expect(result.exitCode).toBe(0)
    expect(readFileSync(join(halDir, 'config'), 'utf8')).toBe(CONFIG)
    expect(readFileSync(join(halDir, 'default', 'profiles', 'rosco-local.yml'), 'utf8')).toBe('rosco: {}\n')
  })
})

describe('containment: custom template installation', () => {
  const add = (halDir: string, args: string[], cwd?: string) => hal(['config', 'bakery', 'template', 'add', ...args], { halDir, cwd })
  const setup = () => {
    const work = tempDir()
    const halDir = join(work, 'hal')
    mkdirSync(halDir)
    writeFileSync(join(halDir, 'config'), CONFIG)
    const outside = join(work, 'outside')
    mkdirSync(outside)
    writeFileSync(join(outside, 'secret.txt'), 'outside the tree')
    const src = join(work, 'src')
    mkdirSync(src)
    writeFileSync(join(src, 'custom.json'), '{"builders": [{"type": "googlecompute"}]}\n')
    return { work, halDir, outside, src }
  }
  const attempt = async (name: string, run: (s: ReturnType<typeof setup>) => Promise<{ exitCode: number; stderr: string }>) => {
    it(`refuses ${name}, writing nothing`, async () => {
      attempts++
      const s = setup()
      const before = { ...snapshot(s.halDir), ...snapshot(s.outside) }
      const result = await run(s)
      expect(result.exitCode, result.stderr).not.toBe(0)
      expect(hasStackTrace(result.stderr)).toBe(false)
      expect({ ...snapshot(s.halDir), ...snapshot(s.outside) }).toEqual(before)
      refused++
    })
  }
  attempt('a --name with ../', (s) => add(s.halDir, [join(s.src, 'custom.json'), '--name', '../../escape.json']))
  attempt('an absolute --name', (s) => add(s.halDir, [join(s.src, 'custom.json'), '--name', join(s.outside, 'abs.json')]))
  attempt('a --name that is only ..', (s) => add(s.halDir, [join(s.src, 'custom.json'), '--name', '..']))
  attempt('a source tree with a symbolic link out of it', (s) => {
    symlinkSync(join(s.outside, 'secret.txt'), join(s.src, 'linked.sh'))
    return add(s.halDir, [s.src])
  })
  attempt('a source tree with a hard link to a file outside it', (s) => {
    execFileSync('ln', [join(s.outside, 'secret.txt'), join(s.src, 'hard.sh')])
    return add(s.halDir, [s.src])
  })
  attempt('a source tree with a FIFO', (s) => {
    execFileSync('mkfifo', [join(s.src, 'pipe')])
    return add(s.halDir, [s.src])
  })
  attempt('a device file', (s) => add(s.halDir, ['/dev/null', '--name', 'null.sh']))
})
