import { spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { addItem, baseImages, deleteItem } from '../../src/bakery/bakery.js'
import { YamlEditor } from '../../src/config/edit.js'
import { selectDeployment } from '../../src/config/halconfig.js'
import { BIN, hal, tempHalDir } from '../helpers/hal.js'
import { recordFigure } from './record.js'

const START = `# Crash-safety target: every byte here must survive.
currentDeployment: default
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
        baseImages:
        - baseImage:
            id: ubuntu-2204
            packageType: deb
            imageFamily: true
          virtualizationSettings:
            sourceImageFamily: ubuntu-2204-lts
`

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Starts an edit and SIGKILLs it after `delay` ms; says whether it was still running. */
async function killDuring(args: string[], halDir: string, delay: number): Promise<boolean> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, HAL_DIR: halDir, HAL_LOCK_TIMEOUT: '5' }, stdio: 'ignore' })
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()))
  let running = true
  child.on('exit', () => {
    running = false
  })
  await sleep(delay)
  const killed = running && child.kill('SIGKILL')
  await exited
  return killed
}

/** The text the edit would write, computed with the same edit functions in this process. */
function expectedAfter(text: string, add: boolean, id: string): string {
  const editor = new YamlEditor(text, 'config')
  const deployment = selectDeployment(editor.current)
  if (add) addItem(editor, baseImages, deployment, 'google', id, { own: { packageType: 'deb', imageFamily: true }, virtualization: { sourceImageFamily: 'debian-12' } })
  else deleteItem(editor, baseImages, deployment, 'google', id)
  return editor.text
}

describe('crash safety', () => {
  it('leaves the old or the new config after edits killed at random moments, and no lock that blocks', async () => {
    const halDir = tempHalDir(START)
    const config = join(halDir, 'config')
    const target = 200
    let killed = 0
    let intact = 0
    let unblocked = 0
    const added: string[] = []
    for (let i = 0; killed < target && i < target * 3; i++) {
      const before = readFileSync(config, 'utf8')
      const add = added.length === 0 || i % 3 !== 2
      const id = add ? `crash-${i}` : added[added.length - 1]
      const args = add
        ? ['config', 'provider', 'google', 'bakery', 'base-image', 'add', id, '--package-type', 'deb', '--source-image-family', 'debian-12', '--is-image-family']
        : ['config', 'provider', 'google', 'bakery', 'base-image', 'delete', id]
      const after = expectedAfter(before, add, id)
      // Most kills land while the command starts, reads, or writes; a few after it ends.
      const wasKilled = await killDuring(args, halDir, 15 + Math.random() * 160)
      const now = readFileSync(config, 'utf8')
      const ok = now === before || now === after
      expect(ok, `iteration ${i}: the config is neither the state before nor after the edit`).toBe(true)
      if (now === after) {
        if (add) added.push(id)
        else added.pop()
      }
      if (wasKilled) {
        killed++
        if (ok) intact++
        // The next command must not be blocked by the dead process's lock.
        const next = await hal(['config', 'provider', 'google', 'bakery', 'edit', '--zone', 'us-central1-f'], { halDir, env: { HAL_LOCK_TIMEOUT: '5' } })
        expect(next.stderr).not.toContain('timed out')
        expect(next.exitCode).toBe(0)
        unblocked++
      }
    }
    expect(killed).toBe(target)
    const validation = await hal(['config', 'validate'], { halDir })
    expect(validation.exitCode).toBe(0)
    expect(readFileSync(config, 'utf8').startsWith('# Crash-safety target: every byte here must survive.\n')).toBe(true)
    // Temp files of killed writers are cleaned up by the next write.
    expect(readdirSync(halDir).filter((name) => name.includes('.tmp-'))).toEqual([])
    recordFigure('crash safety (SIGKILL during an edit)', killed, 'edits killed', intact, 'configs intact (old or new state)')
    recordFigure('stale locks after a kill', killed, 'kills', unblocked, 'next commands not blocked')
  })
})
