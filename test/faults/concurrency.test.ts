import { describe, expect, it } from 'vitest'
import { hal, tempHalDir } from '../helpers/hal.js'
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
})
