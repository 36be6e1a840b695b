import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../helpers/hal.js'

describe('the bundle every start reads (dist/galley.cjs)', () => {
  it('is ASCII only, so that V8 keeps its source at one byte a character (scripts/build.js escapes the rest)', () => {
    const bundle = readFileSync(join(ROOT, 'dist', 'galley.cjs'))
    const first = bundle.findIndex((byte) => byte > 0x7f)
    expect(first === -1 ? 'ASCII only' : bundle.subarray(Math.max(0, first - 60), first + 20).toString('utf8')).toBe('ASCII only')
  })

  it('sorts a plugin\'s commands without localeCompare, whose first call sets up ICU (scripts/build.js, OCLIF_PATCHES)', () => {
    const bundle = readFileSync(join(ROOT, 'dist', 'galley.cjs'), 'utf8')
    expect(bundle).not.toMatch(/\.sort\(\((\w+),(\w+)\)=>\1\.id\.localeCompare\(\2\.id\)\)/)
    expect(bundle).toMatch(/\.sort\(\((\w+),(\w+)\)=>\1\.id<\2\.id\?-1:\1\.id>\2\.id\?1:0\)/)
  })
})
