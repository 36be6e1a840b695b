import { execa } from 'execa'
import { copyFileSync, readFileSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT, tempDir, writeFile } from '../helpers/hal.js'

/**
 * The layer rules of .dependency-cruiser.cjs (README, "Layers"), run by `npm run deps` in CI:
 * the oclif layer (src/cli.ts, src/cli/, src/commands/) above the domain modules, then
 * src/providers/, then src/lib/.
 */
const depcruise = join(ROOT, 'node_modules', '.bin', 'depcruise')

interface Violation {
  from: string
  to: string
  rule: { name: string; severity: string }
}

async function cruise(cwd: string): Promise<Violation[]> {
  const result = await execa(depcruise, ['src', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], { cwd, reject: false, timeout: 60_000 })
  return JSON.parse(String(result.stdout)).summary.violations
}

describe('the layer rules', () => {
  it('hold for galley\'s own source (the check CI runs: npm run deps)', async () => {
    const scripts = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts
    expect(scripts.deps).toMatch(/^depcruise src --config \.dependency-cruiser\.cjs /)
    const result = await execa(depcruise, scripts.deps.split(' ').slice(1), { cwd: ROOT, reject: false, timeout: 60_000 })
    expect(result.stdout).not.toMatch(/^\s*error /m)
    expect(result.exitCode).toBe(0)
  }, 60_000)

  it('refuse each kind of import they forbid, and allow the layers\' own direction', async () => {
    const dir = tempDir('galley-layers-')
    copyFileSync(join(ROOT, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'))
    copyFileSync(join(ROOT, 'tsconfig.json'), join(dir, 'tsconfig.json'))
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'))
    const files: Record<string, string> = {
      // Allowed: the entry, a command over the glue, the glue over the domain, domain over providers over lib.
      'src/cli.ts': "import { list } from './commands/list.js'\nexport const run = () => list\n",
      'src/commands/list.ts': "import { Base } from '../cli/base.js'\nexport const list = Base\n",
      'src/cli/base.ts': "import { Command } from '@oclif/core'\nimport { edit } from '../config/edit.js'\nexport const Base = [Command, edit]\n",
      'src/config/edit.ts': "import { google } from '../providers/google.js'\nexport const edit = google\n",
      'src/providers/google.ts': "import { helper } from '../lib/helper.js'\nexport const google = helper\n",
      'src/lib/helper.ts': 'export const helper = 1\n',
      // Forbidden, one of each.
      'src/lib/uses-oclif.ts': "import { Flags } from '@oclif/core'\nexport const f = Flags\n",
      'src/lib/looks-up.ts': "import { two } from '../backup/two.js'\nexport const up = two\n",
      'src/wizard/asks.ts': "import { Base } from '../cli/base.js'\nexport const asks = Base\n",
      'src/providers/aws.ts': "import { two } from '../backup/two.js'\nexport const aws = two\n",
      'src/generate/one.ts': "import { two } from '../backup/two.js'\nexport const one = two\n",
      'src/backup/three.ts': "import { one } from '../generate/one.js'\nexport const three = one\n",
      'src/backup/two.ts': 'export const two = 2\n',
      'src/halyard/ping.ts': "import { pong } from './pong.js'\nexport const ping = () => pong\n",
      'src/halyard/pong.ts': "import { ping } from './ping.js'\nexport const pong = () => ping\n",
      'src/halyard/typo.ts': "import { nothing } from './no-such-module.js'\nexport const typo = nothing\n",
    }
    for (const [file, text] of Object.entries(files)) writeFile(join(dir, file), text)
    const violations = await cruise(dir)
    // (a package is named from its node_modules folder on: the copy's node_modules is a link)
    const found = violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to.replace(/^.*\/node_modules\//, 'node_modules/')}`).sort()
    expect(found).toEqual([
      'lib-imports-nothing-above-it: src/lib/looks-up.ts -> src/backup/two.ts',
      'no-folder-cycles: src/backup -> src/generate',
      'no-folder-cycles: src/generate -> src/backup',
      'no-module-cycles: src/halyard/ping.ts -> src/halyard/pong.ts',
      'no-unresolvable: src/halyard/typo.ts -> ./no-such-module.js',
      'nothing-below-imports-the-oclif-layer: src/wizard/asks.ts -> src/cli/base.ts',
      'oclif-only-in-the-oclif-layer: src/lib/uses-oclif.ts -> node_modules/@oclif/core/lib/index.js',
      'providers-import-only-lib: src/providers/aws.ts -> src/backup/two.ts',
    ])
    expect(violations.every((v) => v.rule.severity === 'error')).toBe(true)
  }, 60_000)
})
