import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { asciiOnly } from '../../scripts/ascii-only.js'
import { ROOT } from '../helpers/hal.js'

/** What a piece of code evaluates to, as JSON (the escaped code must give the same). */
const value = (code: string) => JSON.stringify(runInNewContext(code))

describe('the build makes the bundle ASCII only without changing what it does (scripts/ascii-only.js)', () => {
  it('escapes the characters esbuild leaves raw in regular expression literals, which then match the same', () => {
    for (const code of [
      '[/[\u001b\u009b]x/.test("\u009bx"), /\u009b/.test("\\u009b")]',
      '[/😀+/.exec("😀😀")[0], /[😀]/u.test("😀"), /[😀-😎]/u.test("😊"), /^.$/u.test("😀"), /(?<é>é)/.exec("é").groups]',
      '[/\\\\é/.test("\\\\é"), /é/i.test("É")]',
    ]) {
      const escaped = asciiOnly(code)
      expect(escaped).toMatch(/^[\x00-\x7f]*$/)
      expect(value(escaped), code).toBe(value(code))
    }
  })

  it('stops the build at a raw character whose escape would mean something else: in a tagged template (String.raw)', () => {
    expect(() => asciiOnly('String.raw`café`', 'bundle.cjs')).toThrow(/bundle\.cjs:1:15 holds "é" in a template literal/)
    expect(() => asciiOnly('tag`${1}é${2}`')).toThrow(/in a template literal/)
  })

  it('or right after a backslash (an identity escape in a regular expression, an escape in a string)', () => {
    expect(() => asciiOnly('/\\é/.test("é")')).toThrow(/right after a backslash/)
    expect(() => asciiOnly('"\\é"')).toThrow(/right after a backslash/)
  })

  it('or in a comment, where an escaped line separator would no longer end the line', () => {
    expect(() => asciiOnly('let a = 1 // note\u2028a = 2\n')).toThrow(/outside any literal or name/)
  })

  it('leaves ASCII code as it is, and the real bundle holds no non-ASCII byte', () => {
    expect(asciiOnly('const a = "\\u00e9"; /x/u')).toBe('const a = "\\u00e9"; /x/u')
    expect(readFileSync(join(ROOT, 'dist', 'galley.cjs')).every((byte) => byte < 0x80)).toBe(true)
  })
})
