import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { hal, tempDir } from '../helpers/hal.js'
import { hasStackTrace, recordFigure } from './record.js'

const CONFIG = 'currentDeployment: default\ndeploymentConfigurations:\n- name: default\n  providers:\n    google:\n      enabled: true\n      accounts:\n      - name: gce\n        project: my-gcp-project\n'

/** Small file systems need root to mount; CI runs as root, so there these tests always run. */
const canMount = process.getuid?.() === 0
const mounted: string[] = []
afterEach(() => {
  while (mounted.length > 0) execFileSync('umount', ['-l', mounted.pop()!])
})

function mountTmpfs(size: string): string {
  const dir = join(tempDir(), 'fs')
  mkdirSync(dir)
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0755`, 'tmpfs', dir])
  mounted.push(dir)
  return dir
}

describe.runIf(canMount || process.env.CI)('file system faults', () => {
  it('a full disk: the write fails with exit 3, the config is unchanged, no temp file is left', async () => {
    const fs = mountTmpfs('48k')
    const halDir = join(fs, '.hal')
    mkdirSync(halDir)
    writeFileSync(join(halDir, 'config'), CONFIG)
    // Fill the disk up to the last few bytes.
    try {
      writeFileSync(join(fs, 'filler'), Buffer.alloc(64 * 1024))
    } catch {
      // ENOSPC: full, as intended
    }
    const result = await hal(['config', 'provider', 'google', 'bakery', 'base-image', 'add', 'big', '--package-type', 'deb', '--source-image-family', 'x', '--short-description', 'y'.repeat(20_000)], { halDir })
    expect(result.exitCode).toBe(3)
    expect(result.stderr).toMatch(/no space left on the device/)
    expect(hasStackTrace(result.stderr)).toBe(false)
    expect(readFileSync(join(halDir, 'config'), 'utf8')).toBe(CONFIG)
    expect(readdirSync(halDir).filter((n) => n.includes('.tmp-'))).toEqual([])
    recordFigure('full disk during a write', 1, 'write', 1, 'config unchanged, clear error')
  })

  it('a read-only hal directory: the write fails with exit 3 and says so', async () => {
    const fs = mountTmpfs('1m')
    const halDir = join(fs, '.hal')
    mkdirSync(join(halDir, '.galley'), { recursive: true })
    writeFileSync(join(halDir, 'config'), CONFIG)
    execFileSync('mount', ['-o', 'remount,ro', fs])
    const result = await hal(['config', '--set-current-deployment', 'other'], { halDir })
    expect(result.exitCode).toBe(3)
    expect(result.stderr).toMatch(/read-only/)
    expect(hasStackTrace(result.stderr)).toBe(false)
    expect(readFileSync(join(halDir, 'config'), 'utf8')).toBe(CONFIG)
    const read = await hal(['config'], { halDir })
    expect(read.exitCode).toBe(0)
    recordFigure('read-only hal directory', 1, 'write', 1, 'refused cleanly, reads still work')
  })
})
