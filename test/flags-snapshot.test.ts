import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from './helpers/hal.js'
// @ts-expect-error plain JavaScript, shared with `npm run flags:snapshot`
import { flagSnapshot, render, SNAPSHOT } from '../scripts/flag-snapshot.js'

/**
 * Scripts depend on flags: none may disappear or change its letter, arity or values unnoticed.
 * The checked-in snapshot is only ever written by `npm run flags:snapshot`; this test compares
 * and never writes, so CI fails on any difference until the new snapshot is reviewed and committed.
 */
describe('the flag snapshot', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'dist', 'command-reference.json'), 'utf8'))

  it('matches every command\'s flags, letters, aliases, arity and values in the built CLI (npm run flags:snapshot updates it)', () => {
    const expected = readFileSync(SNAPSHOT, 'utf8')
    const actual = render(flagSnapshot(manifest))
    if (actual !== expected) {
      const was = JSON.parse(expected)
      const now = JSON.parse(actual)
      const lines: string[] = []
      for (const id of new Set([...Object.keys(was), ...Object.keys(now)])) {
        if (!now[id]) lines.push(`command ${id} is gone`)
        else if (!was[id]) lines.push(`command ${id} is new`)
        else {
          for (const flag of new Set([...Object.keys(was[id].flags), ...Object.keys(now[id].flags)])) {
            if (JSON.stringify(was[id].flags[flag]) !== JSON.stringify(now[id].flags[flag])) lines.push(`${id} --${flag}: ${JSON.stringify(was[id].flags[flag]) ?? 'absent'} -> ${JSON.stringify(now[id].flags[flag]) ?? 'absent'}`)
          }
          const { flags: a, ...restWas } = was[id]
          const { flags: b, ...restNow } = now[id]
          if (JSON.stringify(restWas) !== JSON.stringify(restNow)) lines.push(`${id}: ${JSON.stringify(restWas)} -> ${JSON.stringify(restNow)}`)
        }
      }
      expect.fail(`the commands' flags differ from test/fixtures/flags.snapshot.json:\n  ${lines.join('\n  ')}\nIf the change is meant, run npm run flags:snapshot and commit the new snapshot.`)
    }
  })

  it('has Halyard\'s global flags on every command (NestableCommand.java: -o, -q, -c, -d, -l, -a, --options, --daemon-endpoint)', () => {
    const snapshot = flagSnapshot(manifest)
    for (const [id, command] of Object.entries<any>(snapshot)) {
      for (const [name, char] of [['quiet', 'q'], ['color', 'c'], ['debug', 'd'], ['log', 'l'], ['alpha', 'a'], ['options', undefined], ['daemon-endpoint', undefined], ['no-color', undefined]] as const) {
        expect(command.flags[name], `${id} --${name}`).toBeDefined()
        if (char) expect(command.flags[name].char, `${id} -${char}`).toBe(char)
      }
      // -o is Halyard's output format, except where a command's --output names a file to write.
      expect(command.flags.output?.char, `${id} -o`).toBe('o')
    }
  })
})
