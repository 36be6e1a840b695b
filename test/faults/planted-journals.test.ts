import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as tar from 'tar'
import { afterAll, describe, expect, it } from 'vitest'
import { hal, tempDir, type HalResult } from '../helpers/hal.js'
import { hasStackTrace, recordFigure } from './record.js'
import { craftTarGz } from './tar-craft.js'
import { treeSnapshot } from '../helpers/tree.js'

/*
 * A work directory with a journal is an instruction the next write command carries out (it
 * finishes a change a killed command decided). Each attempt here plants one where galley would
 * look for it (in a packer directory, in the hal directory, in a --output directory), directly
 * or through galley itself (a restored archive, an added template directory), with a journal
 * that names paths outside that directory, then runs the commands that would act on it and
 * checks that everything outside is byte for byte as it was.
 */

const CONFIG = 'currentDeployment: default\ndeploymentConfigurations:\n- name: default\n'

/** A pid that no process has now: a shell's, just ended. */
const deadPid = () => Number(spawnSync('sh', ['-c', 'echo $$']).stdout.toString().trim())

/** Every entry under a directory: contents of files, targets of links, modes. */

interface Setup {
  work: string
  halDir: string
  packer: string
  outside: string
  /** A file outside every directory galley writes, which a planted journal would remove. */
  precious: string
  /** Where a planted journal would write (absent before). */
  planted: string
}

function setup(): Setup {
  const work = tempDir()
  const halDir = join(work, '.hal')
  const packer = join(halDir, 'default', 'profiles', 'rosco', 'packer')
  mkdirSync(packer, { recursive: true })
  writeFileSync(join(halDir, 'config'), CONFIG)
  writeFileSync(join(packer, 'mine.json'), '{}\n')
  const outside = join(work, 'outside')
  mkdirSync(outside)
  const precious = join(outside, 'precious.txt')
  writeFileSync(precious, 'precious\n')
  return { work, halDir, packer, outside, precious, planted: join(outside, 'authorized_keys') }
}

interface Journal {
  entries: Array<Record<string, unknown>>
  dirMode: number
  keepOldIn?: string
}

/** A work directory as galley leaves one when killed after deciding: new/0 staged, the journal written. */
function plantWorkDir(parent: string, name: string, journal: Journal): string {
  const dir = join(parent, name)
  mkdirSync(join(dir, 'new'), { recursive: true, mode: 0o700 })
  mkdirSync(join(dir, 'old'), { mode: 0o700 })
  writeFileSync(join(dir, 'new', '0'), 'ssh-rsa ATTACKER\n')
  writeFileSync(join(dir, 'new', '1'), 'ssh-rsa ATTACKER\n')
  writeFileSync(join(dir, 'journal'), JSON.stringify(journal), { mode: 0o600 })
  return dir
}

/** Journals that lead outside the directory that holds the work directory, each a different way. */
const escapes = (s: Setup): Array<{ how: string; journal: Journal }> => [
  {
    how: 'absolute targets',
    journal: { entries: [{ target: s.planted, action: 'replace', kind: 'file' }, { target: s.precious, action: 'remove', kind: 'file' }], dirMode: 0o700 },
  },
  {
    how: '".." targets',
    journal: { entries: [{ target: '../../../../../outside/authorized_keys', action: 'replace', kind: 'file' }, { target: '../../../../../outside/precious.txt', action: 'remove', kind: 'file' }], dirMode: 0o700 },
  },
  {
    how: 'a target under a link planted beside it',
    journal: { entries: [{ target: 'exit/authorized_keys', action: 'replace', kind: 'file' }, { target: 'exit/precious.txt', action: 'remove', kind: 'file' }], dirMode: 0o700 },
  },
  {
    how: 'a kept-old directory outside',
    journal: { entries: [{ target: 'mine.json', action: 'remove', kind: 'file' }], keepOldIn: '../../../../../outside/kept', dirMode: 0o700 },
  },
  {
    how: 'a write through a link that is not the config',
    journal: { entries: [{ target: 'exit', throughLink: true, action: 'replace', kind: 'file' }], dirMode: 0o700 },
  },
]

let attempts = 0
let held = 0
afterAll(() => recordFigure('escape attempts (planted journals)', attempts, 'planted work directories and journals', held, 'nothing written or deleted outside, refused with a clear message'))

/** The command refused the work directory, said so and what to do, and nothing outside (or the config) changed. */
function expectRefused(result: HalResult, s: Setup, before: Record<string, string>, code = 3): void {
  expect(result.exitCode, result.stderr).toBe(code)
  expect(hasStackTrace(result.stderr)).toBe(false)
  expect(treeSnapshot(s.outside)).toEqual(before)
  expect(existsSync(s.planted)).toBe(false)
  expect(readFileSync(s.precious, 'utf8')).toBe('precious\n')
  expect(readFileSync(join(s.halDir, 'config'), 'utf8')).toBe(CONFIG)
}

describe('a planted journal changes nothing outside the directory that holds it', () => {
  describe('restore refuses an archive carrying galley transient names at any depth, writing nothing', () => {
    const names = (dead: number) => [
      `default/profiles/rosco/packer/.galley-staging-${dead}-0badc0de/journal`,
      `default/profiles/.galley-restore-${dead}-0badc0de/journal`,
      `default/.galley/undo/000000000000001-1.json`,
      `default/profiles/.rosco.yml.tmp-${dead}-0badc0de`,
      `.galley-restore-${dead}-0badc0de/journal`,
    ]
    for (const name of names(12345)) {
      it(`refuses ${name.replace('12345', 'PID')}`, async () => {
        attempts++
        const s = setup()
        const archive = join(s.work, 'evil.tar.gz')
        writeFileSync(archive, craftTarGz([
          { name: 'config', type: '0', content: CONFIG },
          { name, type: '0', content: JSON.stringify({ entries: [{ target: s.planted, action: 'replace', kind: 'file' }], dirMode: 0o700 }) },
        ]))
        const halBefore = treeSnapshot(s.halDir)
        const outBefore = treeSnapshot(s.outside)
        const result = await hal(['backup', 'restore', archive, '--yes'], { halDir: s.halDir })
        expect(result.exitCode, result.stderr).toBe(3)
        expect(result.stderr).toContain('will not be restored; nothing was written')
        expect(result.stderr).toMatch(/(named like galley's own transient work|galley's own lock, undo and work state)/)
        expect(hasStackTrace(result.stderr)).toBe(false)
        expect(treeSnapshot(s.halDir)).toEqual(halBefore)
        expect(treeSnapshot(s.outside)).toEqual(outBefore)
        held++
      })
    }

    it('refuses the reported attack: a staging work directory in a packer directory of a tar made with tar(1), then a write command changes nothing outside', async () => {
      attempts++
      const s = setup()
      const src = join(s.work, 'src')
      mkdirSync(src)
      writeFileSync(join(src, 'config'), CONFIG)
      const dead = deadPid()
      const packer = join(src, 'default', 'profiles', 'rosco', 'packer')
      mkdirSync(packer, { recursive: true })
      plantWorkDir(packer, `.galley-staging-${dead}-ab`, escapes(s)[0]!.journal)
      const archive = join(s.work, 'evil.tgz')
      await tar.c({ gzip: true, file: archive, cwd: src, portable: true }, ['config', 'default'])
      const before = treeSnapshot(s.outside)
      const restore = await hal(['backup', 'restore', archive, '--yes'], { halDir: s.halDir })
      expect(restore.exitCode, restore.stderr).toBe(3)
      expect(restore.stderr).toContain(`default/profiles/rosco/packer/.galley-staging-${dead}-ab: named like galley's own transient work`)
      const edit = await hal(['config', 'provider', 'oracle', 'enable'], { halDir: s.halDir })
      expect(edit.exitCode, edit.stderr).toBe(0)
      expect(treeSnapshot(s.outside)).toEqual(before)
      expect(existsSync(s.planted)).toBe(false)
      expect(readdirSync(s.packer)).toEqual(['mine.json'])
      held++
    })
  })

  describe('template add refuses a directory carrying galley transient names, writing nothing', () => {
    const cases = (dead: number) => [
      { what: 'a staging work directory with a journal', path: join(`.galley-staging-${dead}-ab`, 'journal') },
      { what: 'a work directory one level down', path: join('sub', `.galley-staging-${dead}-ab`, 'journal') },
      { what: 'a temp file name', path: join('sub', `.base.json.tmp-${dead}-0badc0de`) },
      { what: 'a .galley directory', path: join('.galley', 'undo', '000000000000001-1.json') },
    ]
    for (const { what, path } of cases(12345)) {
      it(`refuses ${what}`, async () => {
        attempts++
        const s = setup()
        const tpl = join(s.work, 'tpl')
        mkdirSync(join(tpl, path, '..'), { recursive: true })
        writeFileSync(join(tpl, path), JSON.stringify({ entries: [{ target: s.planted, action: 'replace', kind: 'file' }], dirMode: 0o700 }))
        writeFileSync(join(tpl, 'ok.json'), '{}\n')
        const before = treeSnapshot(s.halDir)
        const outBefore = treeSnapshot(s.outside)
        const result = await hal(['config', 'bakery', 'template', 'add', tpl], { halDir: s.halDir })
        expect(result.exitCode, result.stderr).toBe(3)
        expect(result.stderr).toContain("named like galley's own transient work")
        expect(result.stderr).toContain('nothing was written')
        expect(hasStackTrace(result.stderr)).toBe(false)
        expect(treeSnapshot(s.halDir)).toEqual(before)
        expect(treeSnapshot(s.outside)).toEqual(outBefore)
        held++
      })
    }

    it('refuses --name with a work directory or temp file name', async () => {
      for (const name of ['.galley-staging-12345-ab', '.x.json.tmp-12345-0badc0de']) {
        attempts++
        const s = setup()
        const file = join(s.work, 'one.json')
        writeFileSync(file, '{}\n')
        const before = treeSnapshot(s.halDir)
        const result = await hal(['config', 'bakery', 'template', 'add', file, '--name', name], { halDir: s.halDir })
        expect(result.exitCode, result.stderr).not.toBe(0)
        expect(result.stderr).toContain("named like galley's own transient work")
        expect(treeSnapshot(s.halDir)).toEqual(before)
        held++
      }
    })
  })

  describe('a write command refuses a planted journal that leads outside, leaving it for the user', () => {
    for (const where of ['packer', 'hal'] as const) {
      for (const index of [0, 1, 2, 3, 4]) {
        it(`in the ${where} directory: ${['absolute targets', '".." targets', 'a target under a link planted beside it', 'a kept-old directory outside', 'a write through a link that is not the config'][index]}`, async () => {
          attempts++
          const s = setup()
          const parent = where === 'packer' ? s.packer : s.halDir
          const { journal } = escapes(s)[index]!
          // The ".." journals are written for the packer directory's depth; one level less in the hal directory.
          if (where === 'hal') for (const e of journal.entries) if (typeof e.target === 'string') e.target = e.target.replace('../../../../../', '../')
          if (where === 'hal' && journal.keepOldIn) journal.keepOldIn = '../outside/kept'
          symlinkSync(s.outside, join(parent, 'exit'))
          const dir = plantWorkDir(parent, `.galley-${where === 'packer' ? 'staging' : 'restore'}-${deadPid()}-ab`, journal)
          const before = treeSnapshot(s.outside)
          const result = await hal(['config', 'provider', 'oracle', 'enable'], { halDir: s.halDir })
          expectRefused(result, s, before)
          expect(result.stderr).toMatch(/was not left by galley|on the way to/)
          expect(result.stderr).toContain(dir)
          expect(existsSync(join(dir, 'journal')), 'the planted directory is left for the user to look at').toBe(true)
          held++
        })
      }
    }

    it('refuses a work directory of another kind than galley makes there (generate in a packer directory)', async () => {
      attempts++
      const s = setup()
      const dir = plantWorkDir(s.packer, `.galley-generate-${deadPid()}-ab`, { entries: [{ target: 'mine.json', action: 'remove', kind: 'file' }], dirMode: 0o700 })
      const before = treeSnapshot(s.outside)
      const result = await hal(['config', 'provider', 'oracle', 'enable'], { halDir: s.halDir })
      expectRefused(result, s, before)
      expect(result.stderr).toContain(`${dir} was not left by galley: it is not where galley keeps staging work`)
      expect(readFileSync(join(s.packer, 'mine.json'), 'utf8')).toBe('{}\n')
      held++
    })

    it('refuses staged content that is a link to a file outside (it would put that file in the template\'s place)', async () => {
      attempts++
      const s = setup()
      const dir = join(s.packer, `.galley-staging-${deadPid()}-ab`)
      mkdirSync(join(dir, 'new'), { recursive: true })
      mkdirSync(join(dir, 'old'))
      symlinkSync(s.precious, join(dir, 'new', '0'))
      writeFileSync(join(dir, 'journal'), JSON.stringify({ entries: [{ target: 'evil.json', action: 'replace', kind: 'file' }], dirMode: 0o700 }))
      const before = treeSnapshot(s.outside)
      const result = await hal(['config', 'provider', 'oracle', 'enable'], { halDir: s.halDir })
      expectRefused(result, s, before)
      expect(result.stderr).toContain('is not the plain file galley stages')
      expect(existsSync(join(s.packer, 'evil.json'))).toBe(false)
      held++
    })

    it('refuses a journal that is not JSON, without deleting what the work directory holds', async () => {
      attempts++
      const s = setup()
      const dir = join(s.packer, `.galley-staging-${deadPid()}-ab`)
      mkdirSync(join(dir, 'old'), { recursive: true })
      writeFileSync(join(dir, 'old', '0'), 'what an earlier change replaced\n')
      writeFileSync(join(dir, 'journal'), '{not json')
      const before = treeSnapshot(s.outside)
      const result = await hal(['config', 'provider', 'oracle', 'enable'], { halDir: s.halDir })
      expectRefused(result, s, before)
      expect(result.stderr).toContain('its journal cannot be read')
      expect(result.stderr).toContain(`rm -r '${dir}'`)
      expect(readFileSync(join(dir, 'old', '0'), 'utf8')).toBe('what an earlier change replaced\n')
      held++
    })
  })

  describe('generate --output checks whose directory it is before acting on a work directory in it', () => {
    for (const index of [0, 1, 2]) {
      it(`refuses a planted generate journal with ${['absolute targets', '".." targets', 'a target under a link planted beside it'][index]}`, async () => {
        attempts++
        const s = setup()
        const out = join(s.work, 'out')
        mkdirSync(out)
        const { journal } = escapes(s)[index]!
        for (const e of journal.entries) if (typeof e.target === 'string') e.target = e.target.replace('../../../../../', '../')
        if (index === 2) symlinkSync(s.outside, join(out, 'exit'))
        plantWorkDir(out, `.galley-generate-${deadPid()}-ab`, journal)
        const before = treeSnapshot(s.outside)
        // A link beside the work directory makes the directory someone else's: --force lets the journal be looked at.
        const result = await hal(['config', 'generate', 'rosco', '--output', out, ...(index === 2 ? ['--force'] : [])], { halDir: s.halDir })
        expectRefused(result, s, before)
        expect(result.stderr).toMatch(/was not left by galley|on the way to/)
        held++
      })
    }

    it('does not act on a confined journal in a directory galley did not generate', async () => {
      attempts++
      const s = setup()
      const out = join(s.work, 'out')
      mkdirSync(out)
      writeFileSync(join(out, 'notes.txt'), 'the user\'s\n')
      const dir = plantWorkDir(out, `.galley-generate-${deadPid()}-ab`, { entries: [{ target: 'notes.txt', action: 'remove', kind: 'file' }], dirMode: 0o700 })
      const result = await hal(['config', 'generate', 'rosco', '--output', out], { halDir: s.halDir })
      expect(result.exitCode, result.stderr).toBe(3)
      expect(result.stderr).toContain('was not generated by galley')
      expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('the user\'s\n')
      expect(existsSync(join(dir, 'journal'))).toBe(true)
      held++
    })
  })
})
