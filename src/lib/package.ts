import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

let root: string | undefined

/**
 * The installed package's root directory (where package.json, schemas/ and templates/ are),
 * found by walking up from this module: the same answer from src/ in tests, from dist/ and
 * from the single-file bundle.
 */
export function packageRoot(): string {
  if (root) return root
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'schemas'))) {
    const parent = dirname(dir)
    if (parent === dir) throw new Error('galley: cannot find its package directory')
    dir = parent
  }
  root = dir
  return dir
}

export const packagePath = (...parts: string[]) => join(packageRoot(), ...parts)

export function packageVersion(): string {
  return (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version
}
