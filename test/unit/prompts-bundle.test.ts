import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../helpers/hal.js'

/**
 * The build answers `@inquirer/prompts` with only the prompts galley uses (scripts/build.js,
 * PROMPTS), to keep the editor prompt's encoding tables out of the bundle every start reads. A prompt
 * used in src/ but missing there would be undefined at run time, not a build error (the modules are
 * loaded through a dynamic import): this test is what catches it.
 */
const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : []
  })

const bundled = (): string[] => {
  const match = /const PROMPTS = \[([^\]]*)\]/.exec(readFileSync(join(ROOT, 'scripts', 'build.js'), 'utf8'))
  return [...(match?.[1] ?? '').matchAll(/'([a-z]+)'/g)].map((m) => m[1])
}

describe('the prompts the bundle carries', () => {
  it('include every prompt src/ takes from @inquirer/prompts (destructured imports and the Prompts type)', () => {
    const used = new Set<string>()
    for (const file of sources(join(ROOT, 'src'))) {
      const text = readFileSync(file, 'utf8')
      for (const m of text.matchAll(/const \{([^{}]*)\}\s*=\s*await import\('@inquirer\/prompts'\)/g)) for (const name of m[1].split(',')) used.add(name.trim().split(/\s*:\s*/)[0])
      for (const m of text.matchAll(/typeof import\('@inquirer\/prompts'\), ([^>]*)>/g)) for (const name of m[1].matchAll(/'([a-z]+)'/g)) used.add(name[1])
    }
    expect(used.size).toBeGreaterThan(0)
    expect([...used].filter((name) => !bundled().includes(name))).toEqual([])
  })

  it('are each a package of their own that the build can resolve', () => {
    expect(bundled().length).toBeGreaterThan(0)
    for (const name of bundled()) expect(() => statSync(join(ROOT, 'node_modules', '@inquirer', name, 'package.json')), name).not.toThrow()
  })
})
