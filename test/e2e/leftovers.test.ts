import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hal, tempHalDir } from '../helpers/hal.js'

const CONFIG = 'currentDeployment: default\ndeploymentConfigurations:\n- name: default\n'

/** A pid that no process has now: a shell's, just ended. */
const deadPid = () => Number(spawnSync('sh', ['-c', 'echo $$']).stdout.toString().trim())

describe('the next write command removes what killed commands left, and only that', () => {
  it('removes temp files, work directories and lock tokens of processes that are gone', async () => {
    const halDir = tempHalDir(CONFIG)
    const dead = deadPid()
    const packer = join(halDir, 'default', 'profiles', 'rosco', 'packer')
    mkdirSync(join(halDir, '.galley', 'undo'), { recursive: true })
    mkdirSync(join(packer, `.galley-staging-${dead}-0badc0de`, 'new'), { recursive: true })
    writeFileSync(join(packer, `.galley-staging-${dead}-0badc0de`, 'new', '0'), 'staged secret')
    mkdirSync(join(halDir, `.galley-restore-${dead}-0badc0de`, 'unpacked'), { recursive: true })
    writeFileSync(join(halDir, `.config.tmp-${dead}-0badc0de`), 'half a config')
    writeFileSync(join(halDir, '.galley', `.lock.tmp-${dead}-0badc0de`), JSON.stringify({ pid: dead, host: hostname() }))
    writeFileSync(join(halDir, '.galley', 'undo', `.000000000000001-00000000000000000001.pending.tmp-${dead}-0badc0de`), '{')
    const result = await hal(['config', '--set-current-deployment', 'default'], { halDir })
    expect(result.exitCode, result.stderr).toBe(0)
    expect(readdirSync(halDir).sort()).toEqual(['.galley', 'config', 'default'])
    expect(readdirSync(packer)).toEqual([])
    expect(readdirSync(join(halDir, '.galley')).sort()).toEqual(['undo'])
    expect(readdirSync(join(halDir, '.galley', 'undo'))).toEqual([])
  })

  it('leaves those of live processes, and lock tokens of another host, alone', async () => {
    const halDir = tempHalDir(CONFIG)
    const live = process.pid
    mkdirSync(join(halDir, '.galley'), { recursive: true })
    const mine = [join(halDir, `.config.tmp-${live}-0badc0de`), join(halDir, `.galley-restore-${live}-0badc0de`)]
    writeFileSync(mine[0]!, 'being written')
    mkdirSync(mine[1]!)
    const elsewhere = join(halDir, '.galley', `.lock.tmp-${deadPid()}-0badc0de`)
    writeFileSync(elsewhere, JSON.stringify({ pid: 1, host: `not-${hostname()}` }))
    const result = await hal(['config', '--set-current-deployment', 'default'], { halDir })
    expect(result.exitCode, result.stderr).toBe(0)
    for (const path of [...mine, elsewhere]) expect(existsSync(path), path).toBe(true)
  })
})
