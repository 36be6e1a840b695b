import { randomBytes } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { hal, tempDir } from '../helpers/hal.js'
import { carrying } from '../helpers/processes.js'
import { hasStackTrace, recordFigure } from './record.js'

// Packer misbehaving on purpose: these are test doubles of the `packer` program (a real Packer
// cannot be made to die, hang or print garbage on cue). Each is a shell script first on PATH that
// answers `packer version` like Packer 1.6.6 and then does its one bad thing during `build`.

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
        baseImages:
        - baseImage: {id: ubuntu-2204, packageType: deb, imageFamily: true}
          virtualizationSettings: {sourceImageFamily: ubuntu-2204-lts}
`

function stubPacker(dir: string, build: string): string {
  const bin = join(dir, 'bin')
  mkdirSync(bin, { recursive: true })
  writeFileSync(join(bin, 'packer'), `#!/bin/sh\nif [ "$1" = "version" ] || [ "$1" = "-v" ] || [ "$1" = "--version" ]; then echo "Packer v1.6.6"; exit 0; fi\n${build}\n`, { mode: 0o755 })
  return bin
}

/**
 * What a misbehaving Packer left running: processes whose environment holds the run's probe,
 * which every descendant inherits (a marker in argv would miss grandchildren), then killed.
 */
function survivors(probe: string): string[] {
  const found = carrying('GALLEY_ORPHAN_PROBE', probe)
  for (const p of found) {
    try {
      process.kill(p.pid, 'SIGKILL')
    } catch {
      // gone
    }
  }
  return found.map((p) => `${p.pid} ${p.cmdline}`)
}

let tried = 0
let clean = 0
afterAll(() => recordFigure('Packer faults (killed, hanging, garbage, failing)', tried, 'faults', clean, 'clean errors, no orphans, no temp files'))

describe('Packer faults during hal bake test', () => {
  const scenarios: Array<{ name: string; build: () => string; args?: string[]; expectOut: RegExp }> = [
    {
      name: 'Packer killed mid-bake (SIGKILL), leaving a child behind',
      build: () => `echo "==> googlecompute: Creating instance..."\nsh -c 'sleep 300; echo late' &\nsleep 0.3\nkill -9 $$`,
      expectOut: /Packer (was killed|exited)|failed/i,
    },
    {
      name: 'Packer hanging past --timeout with a child',
      build: () => `echo "==> googlecompute: Waiting for SSH..."\nsh -c 'sleep 300; echo late' &\nsleep 300`,
      args: ['--timeout', '2s'],
      expectOut: /timed out|timeout/i,
    },
    {
      name: 'Packer printing binary garbage, then failing',
      build: () => `head -c 4096 /dev/urandom\nprintf '\\n\\377\\376 not utf-8 \\000 nul\\n'\necho "Build 'googlecompute' errored: something broke"\nexit 1`,
      expectOut: /errored|failed/i,
    },
    {
      name: 'Packer exiting non-zero with a build error',
      build: () => `echo "==> googlecompute: Provisioning with shell script: /opt/rosco/config/packer/install_packages.sh"\necho "    googlecompute: E: Unable to locate package nginx-bogus"\necho "Build 'googlecompute' errored: Script exited with non-zero exit status: 100"\nexit 1`,
      expectOut: /Unable to locate package nginx-bogus/,
    },
  ]
  for (const scenario of scenarios) {
    it(`${scenario.name}: exit 3, a clear message, nothing left behind`, async () => {
      tried++
      const work = tempDir()
      const halDir = join(work, '.hal')
      mkdirSync(halDir)
      writeFileSync(join(halDir, 'config'), CONFIG)
      const probe = randomBytes(8).toString('hex')
      const bin = stubPacker(work, scenario.build())
      const tmp = join(work, 'tmp')
      mkdirSync(tmp)
      const result = await hal(['bake', 'test', '--provider', 'google', '--base-image', 'ubuntu-2204', '--package', 'nginx', ...(scenario.args ?? [])], {
        halDir,
        env: { PATH: `${bin}:${process.env.PATH}`, TMPDIR: tmp, GALLEY_ORPHAN_PROBE: probe },
        timeout: 60_000,
      })
      expect(result.exitCode, result.stderr).toBe(3)
      expect(result.stdout + result.stderr).toMatch(scenario.expectOut)
      expect(hasStackTrace(result.stderr)).toBe(false)
      await new Promise((r) => setTimeout(r, 300))
      expect(survivors(probe)).toEqual([])
      expect(readdirSync(tmp)).toEqual([])
      // The log is kept in the hal directory, private.
      const logs = readdirSync(join(halDir, '.galley', 'logs'))
      expect(logs.length).toBe(1)
      expect(readFileSync(join(halDir, '.galley', 'logs', logs[0])).length).toBeGreaterThan(0)
      clean++
    })
  }
})
