import { execa } from 'execa'
import { copyFileSync, existsSync, readFileSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT, tempDir, writeFile } from '../helpers/hal.js'

/**
 * The layer rules of .dependency-cruiser.cjs (README, "Layers"), run by `npm run deps` in CI:
 * the oclif layer (src/cli.ts, src/cli/, src/commands/) above the domain modules, then
 * src/providers/, then src/model/, then src/lib/; no cycle between folders.
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
  it('hold for galley\'s own source (the check CI runs: npm run deps), with no baseline of known violations', async () => {
    const scripts = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts
    expect(scripts.deps).toMatch(/^depcruise src --config \.dependency-cruiser\.cjs /)
    // Nothing is let through: no --ignore-known, no baseline file, no rule only warning.
    expect(scripts.deps).not.toMatch(/--ignore-known|--known-violations/)
    expect(existsSync(join(ROOT, '.dependency-cruiser-known-violations.json'))).toBe(false)
    const config = (await import(join(ROOT, '.dependency-cruiser.cjs'))).default as { forbidden: Array<{ name: string; severity: string }> }
    expect(config.forbidden.filter((rule) => rule.severity !== 'error').map((rule) => rule.name)).toEqual([])
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
      // Allowed: the entry, a command over the glue, the glue over the domain, domain over providers
      // over model over lib, and domain over model directly.
      'src/cli.ts': "import { list } from './commands/list.js'\nexport const run = () => list\n",
      'src/commands/list.ts': "import { Base } from '../cli/base.js'\nexport const list = Base\n",
      'src/cli/base.ts': "import { Command } from '@oclif/core'\nimport { edit } from '../config/edit.js'\nexport const Base = [Command, edit]\n",
      'src/config/edit.ts': "import { google } from '../providers/google.js'\nimport { plain } from '../model/plain.js'\nexport const edit = [google, plain]\n",
      'src/providers/google.ts': "import { plain } from '../model/plain.js'\nimport { helper } from '../lib/helper.js'\nexport const google = [plain, helper]\n",
      'src/model/plain.ts': "import { helper } from '../lib/helper.js'\nexport const plain = helper\n",
      'src/lib/helper.ts': 'export const helper = 1\n',
      // Allowed: two modules that name each other, one of them in types only (the type import is erased).
      'src/halyard/route.ts': "import type { Tree } from './tree.js'\nexport const route = 1\nexport type Route = Tree\n",
      'src/halyard/tree.ts': "import { route } from './route.js'\nexport type Tree = typeof route\nexport const tree = route\n",
      // Forbidden, one of each.
      'src/lib/uses-oclif.ts': "import { Flags } from '@oclif/core'\nexport const f = Flags\n",
      'src/lib/looks-up.ts': "import { two } from '../backup/two.js'\nexport const up = two\n",
      'src/wizard/asks.ts': "import { Base } from '../cli/base.js'\nexport const asks = Base\n",
      'src/providers/aws.ts': "import { two } from '../backup/two.js'\nexport const aws = two\n",
      // (and, since providers import model, a folder cycle too)
      'src/model/names-a-provider.ts': "import { aws } from '../providers/aws.js'\nexport const named = aws\n",
      'src/model/reads-a-domain-module.ts': "import { two } from '../backup/two.js'\nexport const read = two\n",
      'src/model/reads-files.ts': "import { readFileSync } from 'node:fs'\nexport const read = readFileSync\n",
      'src/generate/one.ts': "import { two } from '../backup/two.js'\nexport const one = two\n",
      'src/backup/three.ts': "import { one } from '../generate/one.js'\nexport const three = one\n",
      'src/backup/two.ts': 'export const two = 2\n',
      'src/halyard/ping.ts': "import { pong } from './pong.js'\nexport const ping = () => pong\n",
      'src/halyard/pong.ts': "import { ping } from './ping.js'\nexport const pong = () => ping\n",
      'src/halyard/typo.ts': "import { nothing } from './no-such-module.js'\nexport const typo = nothing\n",
      // Refused: between folders, an import of types only counts (folder cycles carry no dependency types).
      'src/wizard/asked.ts': "import { shape } from '../bakery/shape.js'\nexport type Asked = typeof shape\n",
      'src/bakery/shape.ts': "import type { Asked } from '../wizard/asked.js'\nexport const shape = 1\nexport type Shape = Asked\n",
    }
    for (const [file, text] of Object.entries(files)) writeFile(join(dir, file), text)
    const violations = await cruise(dir)
    // (a package is named from its node_modules folder on: the copy's node_modules is a link)
    const found = violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to.replace(/^.*\/node_modules\//, 'node_modules/')}`).sort()
    expect(found).toEqual([
      'lib-imports-nothing-above-it: src/lib/looks-up.ts -> src/backup/two.ts',
      'model-imports-only-model-and-lib: src/model/names-a-provider.ts -> src/providers/aws.ts',
      'model-imports-only-model-and-lib: src/model/reads-a-domain-module.ts -> src/backup/two.ts',
      'model-imports-only-model-and-lib: src/model/reads-files.ts -> fs',
      'no-folder-cycles: src/backup -> src/generate',
      'no-folder-cycles: src/bakery -> src/wizard',
      'no-folder-cycles: src/generate -> src/backup',
      'no-folder-cycles: src/model -> src/providers',
      'no-folder-cycles: src/providers -> src/model',
      'no-folder-cycles: src/wizard -> src/bakery',
      'no-module-cycles: src/halyard/ping.ts -> src/halyard/pong.ts',
      'no-unresolvable: src/halyard/typo.ts -> ./no-such-module.js',
      'nothing-below-imports-the-oclif-layer: src/wizard/asks.ts -> src/cli/base.ts',
      'oclif-only-in-the-oclif-layer: src/lib/uses-oclif.ts -> node_modules/@oclif/core/lib/index.js',
      'providers-import-only-providers-model-lib-and-generated: src/providers/aws.ts -> src/backup/two.ts',
    ])
    expect(violations.every((v) => v.rule.severity === 'error')).toBe(true)
  }, 60_000)
})
