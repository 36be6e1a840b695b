import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fixture, hal, read, tempDir, tempHalDir, writeFile } from '../helpers/hal.js'

/**
 * What a start loads, read from Node's own list of the built-in modules it compiled
 * (process.moduleLoadList), written at exit by a module preloaded with --require. node:crypto is
 * about 5-7 ms of a cold start on Node 20: neither a read nor a write needs it.
 */
function probe(): { env: Record<string, string>; loaded: () => string[] } {
  const dir = tempDir('galley-modules-')
  const out = join(dir, 'loaded.txt')
  const script = join(dir, 'probe.cjs')
  writeFile(script, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(out)}, process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)).join('\\n')))\n`)
  return { env: { NODE_OPTIONS: `--require ${script}` }, loaded: () => readFileSync(out, 'utf8').split('\n') }
}

/** A hand-written halconfig of the test fixtures: the commands read and edit it as any user's. */
const CONFIG = fixture('hand-written.yml')

describe('start-up', () => {
  it('hal config, a read, runs without loading node:crypto', async () => {
    const { env, loaded } = probe()
    const result = await hal(['config'], { halDir: tempHalDir(CONFIG), env })
    expect(result.exitCode).toBe(0)
    expect(loaded()).toContain('fs')
    expect(loaded().filter((m) => m === 'crypto' || m.startsWith('internal/crypto/'))).toEqual([])
  })

  it('nor node:tty when its output is not a terminal (oclif asks supports-color only when it colours)', async () => {
    const { env, loaded } = probe()
    const result = await hal(['config'], { halDir: tempHalDir(CONFIG), env })
    expect(result.exitCode).toBe(0)
    expect(loaded()).not.toContain('tty')
  })

  it('a write runs without it too (temp names and the lock token from Math.random, the undo entry by CRC-32)', async () => {
    const { env, loaded } = probe()
    const halDir = tempHalDir(CONFIG)
    const result = await hal(['config', 'provider', 'google', 'bakery', 'edit', '--zone', 'europe-west4-a'], { halDir, env })
    expect(result.exitCode, result.stderr).toBe(0)
    expect(read(join(halDir, 'config'))).toContain('zone: europe-west4-a')
    expect(readdirSync(join(halDir, '.galley', 'undo'))).toHaveLength(1)
    expect(loaded().filter((m) => m === 'crypto' || m.startsWith('internal/crypto/'))).toEqual([])
  })

  it('so does a coloured report (the output guard\'s nonce from Math.random)', async () => {
    const { env, loaded } = probe()
    const result = await hal(['config', 'validate', '--color', 'true'], { halDir: tempHalDir(CONFIG), env: { ...env, NO_COLOR: '' } })
    expect(result.exitCode, result.stderr).toBeLessThan(2)
    expect(result.stdout).toContain('\x1b[')
    expect(loaded().filter((m) => m === 'crypto' || m.startsWith('internal/crypto/'))).toEqual([])
  })

  it('with DEBUG set, oclif prints its debug lines (the debug package, left out of other starts, is loaded then)', async () => {
    const quiet = await hal(['config'], { halDir: tempHalDir(CONFIG) })
    expect(quiet.stderr).not.toContain('oclif:')
    const debugging = await hal(['config'], { halDir: tempHalDir(CONFIG), env: { DEBUG: 'oclif*' } })
    expect(debugging.exitCode).toBe(0)
    expect(debugging.stderr).toMatch(/oclif:main process\.argv/)
    expect(debugging.stdout).toContain('name: default')
  })

  it('the probe sees node:crypto when a process loads it', () => {
    const { env, loaded } = probe()
    const result = spawnSync(process.execPath, ['-e', "require('node:crypto').randomBytes(1)"], { env: { ...process.env, ...env } })
    expect(result.status).toBe(0)
    expect(loaded()).toContain('crypto')
  })
})
