import { createHash } from 'node:crypto'
import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hal, read, tempHalDir } from '../helpers/hal.js'

const CONFIG = 'currentDeployment: a\ndeploymentConfigurations:\n- name: a\n- name: b\n'

const undoDir = (halDir: string) => join(halDir, '.galley', 'undo')
const entries = (halDir: string) => readdirSync(undoDir(halDir)).sort()
const newestEntry = (halDir: string) => join(undoDir(halDir), entries(halDir).filter((n) => n.endsWith('.json')).pop()!)
const noStack = (text: string) => expect(text).not.toMatch(/^\s+at /m)

/** A hal directory with one edit made by hal (current deployment a -> b), so one undo entry. */
async function edited(): Promise<string> {
  const halDir = tempHalDir(CONFIG)
  const result = await hal(['config', '--set-current-deployment', 'b'], { halDir })
  expect(result.exitCode, result.stderr).toBe(0)
  return halDir
}

/** Rewrites the newest undo entry's `previous`, keeping the rest (its hash still matches the config). */
function setPrevious(halDir: string, previous: unknown): string {
  const file = newestEntry(halDir)
  writeFileSync(file, JSON.stringify({ ...JSON.parse(read(file)), previous }))
  return file
}

describe('hal config undo with a damaged history', () => {
  it('sets aside an entry that is not JSON, says where and what to do, and the next undo undoes the edit before it', async () => {
    const halDir = await edited()
    const after = read(join(halDir, 'config'))
    // A far-future name sorts after every entry galley writes: without setting it aside undo would be stuck on it.
    const damaged = join(undoDir(halDir), '009999999999999-1.json')
    writeFileSync(damaged, '{bad')
    const refused = await hal(['config', 'undo'], { halDir })
    expect(refused.exitCode, refused.stderr).toBe(3)
    expect(refused.stderr).toContain(`the newest undo entry ${damaged} is damaged`)
    expect(refused.stderr).toContain(`set aside as ${damaged.replace(/\.json$/, '.damaged')}`)
    expect(refused.stderr).toContain('run hal config undo again')
    noStack(refused.stderr)
    expect(read(join(halDir, 'config'))).toBe(after)
    expect(existsSync(damaged.replace(/\.json$/, '.damaged'))).toBe(true)

    const undone = await hal(['config', 'undo'], { halDir })
    expect(undone.exitCode, undone.stderr).toBe(0)
    expect(read(join(halDir, 'config'))).toBe(CONFIG)
  })

  it('sets aside an entry of another shape (previous is not text)', async () => {
    const halDir = await edited()
    const after = read(join(halDir, 'config'))
    const file = setPrevious(halDir, 42)
    const refused = await hal(['config', 'undo', '--force'], { halDir })
    expect(refused.exitCode, refused.stderr).toBe(3)
    expect(refused.stderr).toContain(`the newest undo entry ${file} is damaged`)
    expect(read(join(halDir, 'config'))).toBe(after)
    expect(entries(halDir).some((n) => n.endsWith('.damaged'))).toBe(true)
  })

  it('never writes a previous config that is not YAML, even with --force: it is set aside, the config untouched', async () => {
    const halDir = await edited()
    const after = read(join(halDir, 'config'))
    const file = setPrevious(halDir, 'a: [\n')
    const refused = await hal(['config', 'undo', '--force'], { halDir })
    expect(refused.exitCode, refused.stderr).toBe(3)
    expect(refused.stderr).toContain(`the newest undo entry ${file} is damaged: the config it would put back is not YAML`)
    expect(refused.stderr).toMatch(/\(previous\):\d+:\d+: /)
    noStack(refused.stderr)
    expect(read(join(halDir, 'config'))).toBe(after)
    expect(existsSync(file)).toBe(false)
  })

  it('refuses (exit 1) a previous config whose deployment name is not a safe directory name, and writes it only with --force', async () => {
    const halDir = await edited()
    const after = read(join(halDir, 'config'))
    const previous = 'currentDeployment: a\ndeploymentConfigurations:\n- name: ../../etc\n'
    const file = setPrevious(halDir, previous)
    const refused = await hal(['config', 'undo'], { halDir })
    expect(refused.exitCode, refused.stderr).toBe(1)
    expect(refused.stderr).toContain(`the undo entry ${file} would put back a config that names a deployment "../../etc"`)
    expect(refused.stderr).toContain('hal config undo --force')
    noStack(refused.stderr)
    expect(read(join(halDir, 'config'))).toBe(after)
    expect(existsSync(file), 'the entry stays in the history').toBe(true)

    const forced = await hal(['config', 'undo', '--force'], { halDir })
    expect(forced.exitCode, forced.stderr).toBe(0)
    expect(read(join(halDir, 'config'))).toBe(previous)
  })

  it('keeps working after an entry was set aside: new edits are undone as usual', async () => {
    const halDir = await edited()
    writeFileSync(join(undoDir(halDir), '009999999999999-1.json'), 'null')
    expect((await hal(['config', 'undo'], { halDir })).exitCode).toBe(3)
    const edit = await hal(['config', '--set-current-deployment', 'a'], { halDir })
    expect(edit.exitCode, edit.stderr).toBe(0)
    const undone = await hal(['config', 'undo'], { halDir })
    expect(undone.exitCode, undone.stderr).toBe(0)
    expect(read(join(halDir, 'config'))).toContain('currentDeployment: b')
  })
})

describe('what an undo entry records of the config its edit wrote', () => {
  it('is crc32:HEX:LENGTH of the file, and undo refuses when a change by hand keeps the length', async () => {
    const halDir = await edited()
    const config = read(join(halDir, 'config'))
    const entry = JSON.parse(read(newestEntry(halDir))) as { after: string }
    expect(entry.after).toMatch(/^crc32:[0-9a-f]{8}:\d+$/)
    expect(entry.after.split(':')[2]).toBe(String(Buffer.byteLength(config)))
    // Same length, one letter different: the deployment names a and b swapped round.
    writeFileSync(join(halDir, 'config'), config.replace('currentDeployment: b', 'currentDeployment: a'))
    const refused = await hal(['config', 'undo'], { halDir })
    expect(refused.exitCode, refused.stderr).toBe(3)
    expect(refused.stderr).toContain('has changed since hal last wrote it')
  })

  it('still undoes an entry of an earlier version, which recorded a SHA-256 of the config', async () => {
    const halDir = await edited()
    const file = newestEntry(halDir)
    const config = read(join(halDir, 'config'))
    writeFileSync(file, JSON.stringify({ ...JSON.parse(read(file)), after: createHash('sha256').update(config).digest('hex') }))
    const undone = await hal(['config', 'undo'], { halDir })
    expect(undone.exitCode, undone.stderr).toBe(0)
    expect(read(join(halDir, 'config'))).toBe(CONFIG)
  })

  it('refuses an earlier version\'s entry too when the config changed since', async () => {
    const halDir = await edited()
    const file = newestEntry(halDir)
    const config = read(join(halDir, 'config'))
    writeFileSync(file, JSON.stringify({ ...JSON.parse(read(file)), after: createHash('sha256').update(config).digest('hex') }))
    writeFileSync(join(halDir, 'config'), `${config}# by hand\n`)
    const refused = await hal(['config', 'undo'], { halDir })
    expect(refused.exitCode, refused.stderr).toBe(3)
    expect(read(join(halDir, 'config'))).toBe(`${config}# by hand\n`)
  })
})
