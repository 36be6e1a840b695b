import { existsSync, mkdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { hal, tempDir } from '../helpers/hal.js'
import { hasStackTrace, recordFigure } from './record.js'
import { treeSnapshot } from '../helpers/tree.js'

/*
 * `generate --output` writes and deletes only inside the output directory, never through a link:
 * each attempt plants a link (or a crafted marker) that would lead a write or a delete outside,
 * then checks that everything outside is byte for byte as it was.
 */

const CONFIG = `currentDeployment: default
deploymentConfigurations:
- name: default
  providers:
    google:
      enabled: true
      accounts:
      - name: gce
        project: my-gcp-project
      bakeryDefaults:
        zone: us-central1-f
        network: default
`
const MARKER = '.galley-generated'

/** Every entry under a directory: contents of files, targets of links, modes. */

interface Setup {
  work: string
  halDir: string
  out: string
  outside: string
  victim: string
}

function setup(): Setup {
  const work = tempDir()
  const halDir = join(work, '.hal')
  mkdirSync(halDir)
  writeFileSync(join(halDir, 'config'), CONFIG)
  // A custom packer file, so that the output has a packer/ directory to attack.
  mkdirSync(join(halDir, 'default', 'profiles', 'rosco', 'packer'), { recursive: true })
  writeFileSync(join(halDir, 'default', 'profiles', 'rosco', 'packer', 'setup.sh'), 'echo setup\n', { mode: 0o755 })
  const outside = join(work, 'outside')
  mkdirSync(join(outside, 'sub'), { recursive: true })
  const victim = join(outside, 'victim')
  writeFileSync(victim, 'must survive\n')
  writeFileSync(join(outside, 'sub', 'rosco-local.yml'), 'outside copy\n')
  return { work, halDir, out: join(work, 'out'), outside, victim }
}

const generate = (s: Setup, kind: 'rosco' | 'kustomize' | 'operator', output = s.out) => hal(['config', 'generate', kind, '--output', output], { halDir: s.halDir })

/** An output directory galley generated, whose marker then lists `files` as generated before. */
async function withMarker(s: Setup, files: string[]): Promise<void> {
  expect((await generate(s, 'rosco')).exitCode).toBe(0)
  const marker = JSON.parse(readFileSync(join(s.out, MARKER), 'utf8')) as { files: string[] }
  writeFileSync(join(s.out, MARKER), JSON.stringify({ ...marker, files: [...marker.files, ...files] }))
}

let attempts = 0
let held = 0
afterAll(() => recordFigure('escape attempts (generate --output)', attempts, 'escape attempts', held, 'nothing written or deleted outside --output'))

describe('generate --output never writes or deletes outside the directory, nor through a link', () => {
  const attempt = (name: string, plant: (s: Setup) => Promise<void> | void, run: (s: Setup) => ReturnType<typeof hal> = (s) => generate(s, 'rosco'), expectRefusal = false) => {
    it(name, async () => {
      attempts++
      const s = setup()
      await plant(s)
      const before = treeSnapshot(s.outside)
      const result = await run(s)
      expect(hasStackTrace(result.stderr)).toBe(false)
      if (expectRefusal) {
        expect(result.exitCode, result.stdout).toBe(3)
        expect(result.stderr).toMatch(/symbolic link/)
      } else {
        expect(result.exitCode, result.stderr).toBe(0)
      }
      expect(treeSnapshot(s.outside)).toEqual(before)
      expect(readFileSync(s.victim, 'utf8')).toBe('must survive\n')
      held++
    })
  }

  attempt('a file the last run generated is now a link to a file outside: the stale file is not deleted through it', async (s) => {
    await withMarker(s, ['packer/stale.sh'])
    symlinkSync(s.victim, join(s.out, 'packer', 'stale.sh'))
  })
  attempt('the marker file is a link to a file outside: refused, the target is not overwritten', (s) => {
    mkdirSync(s.out)
    symlinkSync(s.victim, join(s.out, MARKER))
  }, undefined, true)
  attempt('the file to generate is a link to a file outside: refused', async (s) => {
    expect((await generate(s, 'rosco')).exitCode).toBe(0)
    const target = join(s.out, 'rosco-local.yml')
    writeFileSync(target, '')
    // Replace the generated file by a link.
    const { unlinkSync } = await import('node:fs')
    unlinkSync(target)
    symlinkSync(s.victim, target)
  }, undefined, true)
  attempt('a subdirectory to generate into is a link to a directory outside: refused', (s) => {
    mkdirSync(s.out)
    symlinkSync(join(s.outside, 'sub'), join(s.out, 'packer'))
  }, (s) => hal(['config', 'generate', 'rosco', '--output', s.out, '--force'], { halDir: s.halDir }), true)
  attempt('a crafted marker lists ../outside/victim: not deleted', (s) => withMarker(s, ['../outside/victim']))
  attempt('a crafted marker lists the absolute path of a file outside: not deleted', (s) => withMarker(s, [join(s.outside, 'victim')]))
  attempt('a crafted marker lists a file reached through a link in the output: not deleted', async (s) => {
    await withMarker(s, ['through/victim'])
    symlinkSync(s.outside, join(s.out, 'through'))
  })
  attempt('a crafted marker lists ".", "" and "packer/..": the output directory itself is kept', async (s) => {
    await withMarker(s, ['.', '', 'packer/..', 'packer/../../outside/victim'])
  })
  attempt('a crafted marker lists a directory link: neither it nor what it points to is deleted', async (s) => {
    await withMarker(s, ['gone'])
    symlinkSync(s.outside, join(s.out, 'gone'))
  })
  attempt('kustomize: the files/ directory is a link to a directory outside: refused', (s) => {
    mkdirSync(s.out)
    symlinkSync(join(s.outside, 'sub'), join(s.out, 'files'))
  }, (s) => hal(['config', 'generate', 'kustomize', '--output', s.out, '--force'], { halDir: s.halDir }), true)
  attempt('operator: --output is a link to a file outside: refused, the target is not overwritten', (s) => {
    mkdirSync(s.out)
    symlinkSync(s.victim, join(s.out, 'patch.yml'))
  }, (s) => generate(s, 'operator', join(s.out, 'patch.yml')), true)
  attempt('operator --force: --output is a link to a file outside: still refused', (s) => {
    mkdirSync(s.out)
    symlinkSync(s.victim, join(s.out, 'patch.yml'))
  }, (s) => hal(['config', 'generate', 'operator', '--output', join(s.out, 'patch.yml'), '--force'], { halDir: s.halDir }), true)

  it('a stale file that is still a plain file is removed, and the link left in its place is kept as it is', async () => {
    const s = setup()
    await withMarker(s, ['packer/stale.sh', 'packer/linked.sh'])
    writeFileSync(join(s.out, 'packer', 'stale.sh'), 'old\n')
    symlinkSync(s.victim, join(s.out, 'packer', 'linked.sh'))
    const result = await generate(s, 'rosco')
    expect(result.exitCode, result.stderr).toBe(0)
    expect(existsSync(join(s.out, 'packer', 'stale.sh'))).toBe(false)
    expect(readlinkSync(join(s.out, 'packer', 'linked.sh'))).toBe(s.victim)
    const marker = JSON.parse(readFileSync(join(s.out, MARKER), 'utf8')) as { files: string[] }
    expect(marker.files).not.toContain('packer/stale.sh')
    expect(marker.files).not.toContain('packer/linked.sh')
  })
})
