import { readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hal, tempDir, tempHalDir } from '../helpers/hal.js'
import { recordFigure } from './record.js'

describe('concurrency', () => {
  it('keeps every one of 32 base images added by 32 processes at once', async () => {
    const halDir = tempHalDir('currentDeployment: default\ndeploymentConfigurations:\n- name: default\n  # writers race below\n  providers:\n    google:\n      enabled: true\n      accounts:\n      - name: gce\n        project: my-gcp-project\n')
    const writers = 32
    const results = await Promise.all(
      Array.from({ length: writers }, (_, i) =>
        hal(['config', 'provider', 'google', 'bakery', 'base-image', 'add', `racer-${i}`, '--package-type', 'deb', '--source-image-family', 'debian-12', '--is-image-family'], {
          halDir,
          env: { HAL_LOCK_TIMEOUT: '120' },
          timeout: 180_000,
        }),
      ),
    )
    expect(results.filter((r) => r.exitCode !== 0).map((r) => r.stderr)).toEqual([])
    const ids = (await hal(['config', 'provider', 'google', 'bakery', 'base-image', 'list', '--json'], { halDir })).json().map((i: any) => i.baseImage.id)
    const kept = Array.from({ length: writers }, (_, i) => `racer-${i}`).filter((id) => ids.includes(id)).length
    expect(kept).toBe(writers)
    expect((await hal(['config', 'validate'], { halDir })).exitCode).toBe(0)
    recordFigure('concurrent writers (base-image add)', writers, 'writers', kept, 'updates kept')
  })

  it('keeps every one of 16 templates installed by 16 processes at once', async () => {
    const halDir = tempHalDir('currentDeployment: default\ndeploymentConfigurations:\n- name: default\n')
    const src = tempDir()
    const installers = 16
    const names = Array.from({ length: installers }, (_, i) => `custom-${i}.json`)
    for (const name of names) writeFileSync(join(src, name), JSON.stringify({ builders: [{ type: 'googlecompute' }] }))
    const results = await Promise.all(names.map((name) =>
      hal(['config', 'bakery', 'template', 'add', join(src, name)], { halDir, env: { HAL_LOCK_TIMEOUT: '120' }, timeout: 180_000 })))
    expect(results.filter((r) => r.exitCode !== 0).map((r) => r.stderr)).toEqual([])
    const installed = readdirSync(join(halDir, 'default', 'profiles', 'rosco', 'packer'))
    const kept = names.filter((name) => installed.includes(name)).length
    expect(kept).toBe(installers)
    // No staging directory is left behind by any of them.
    expect(readdirSync(join(halDir, 'default', 'profiles', 'rosco')).filter((n) => n.startsWith('.galley-staging'))).toEqual([])
    recordFigure('concurrent template installs', installers, 'installers', kept, 'templates kept')
  })
})
