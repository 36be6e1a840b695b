import { describe, expect, it } from 'vitest'
import { parseDocument } from 'yaml'
import { parseDocuments } from '../../src/config/documents.js'
import { FAST_READ_BYTES, loadWindow, parseForReading } from '../../src/config/fast-read.js'
import { parseYaml } from '../../src/config/source.js'
import { snakeYamlOptions } from '../../src/lib/snakeyaml.js'

/**
 * Hand-written YAML is read as Halyard and Rosco read it: SnakeYAML 1.31 (pinned by kork,
 * spinnaker/kork spinnaker-dependencies/spinnaker-dependencies.gradle:208; Halyard takes kork's
 * versions through enforcedPlatform, spinnaker/halyard build.gradle:50). Its implicit resolvers
 * are transcribed here from snakeyaml/snakeyaml src/main/java/org/yaml/snakeyaml/resolver/Resolver.java
 * independently of src/lib/snakeyaml.ts, so the two can disagree and this test fail.
 */
const RESOLVER = {
  bool: /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/, // Resolver.java:29-30
  int: /^(?:[-+]?0b_*[0-1][0-1_]*|[-+]?0_*[0-7][0-7_]*|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x_*[0-9a-fA-F][0-9a-fA-F_]*|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/, // Resolver.java:42-47
  float: /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)|[-+]?\.[0-9_]+(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/, // Resolver.java:36-41
  null: /^(?:~|null|Null|NULL| |)$/, // Resolver.java:49-50
}

/** The JavaScript type SnakeYAML's resolution of a plain scalar leads to (Resolver.java:59-74: INT before FLOAT). */
function snakeYamlType(text: string): string {
  if (RESOLVER.bool.test(text)) return 'boolean'
  if (RESOLVER.int.test(text) || RESOLVER.float.test(text)) return 'number'
  if (RESOLVER.null.test(text)) return 'null'
  return 'string' // TIMESTAMP too: galley keeps the text written (see src/lib/snakeyaml.ts)
}

/** What SnakeYAML's SafeConstructor makes of each (SafeConstructor.java:225-376), as a JavaScript value. */
const EXPECTED: Array<[string, unknown]> = [
  ['yes', true], ['Yes', true], ['ON', true], ['on', true], ['True', true], ['no', false], ['Off', false], ['FALSE', false],
  ['y', 'y'], ['Y', 'Y'], ['n', 'n'], ['N', 'N'], ['yEs', 'yEs'], // BOOL has no y/n, and only three spellings of each
  ['0755', 0o755], ['-0755', -0o755], ['0_7_5_5', 0o755], ['00', 0], ['-0', 0], // ConstructYamlInt: a leading 0 is octal
  ['012345678901', '012345678901'], ['089', '089'], // 8 and 9: not octal, and a float needs a point (since 1.30)
  ['0o17', '0o17'], ['0O17', '0O17'], // YAML 1.2's octal is text in 1.1
  ['1_000', 1000], ['1:30', 90], ['-1:30', -90], ['1:00:00', 3600], ['190:20:30.15', 685230.15], // underscores, base 60
  ['0x1A', 26], ['0x_1f', 31], ['0b1010', 10], ['+0b_1', 1], ['0x_', '0x_'], ['0b', '0b'], ['0_', '0_'],
  ['123456789012', 123456789012], ['1e3', 1000], ['1.5', 1.5], ['.5', 0.5], ['1.', 1], ['6.8523015e+5', 685230.15],
  ['.inf', Infinity], ['-.Inf', -Infinity], ['.NaN', NaN], ['-.nan', '-.nan'],
  ['~', null], ['null', null], ['Null', null], ['NULL', null], ['nULL', 'nULL'],
  ['2024-01-01', '2024-01-01'], ['2001-12-14t21:59:43.10-05:00', '2001-12-14t21:59:43.10-05:00'],
  ['=', '='], ['ami-0755', 'ami-0755'], ['1.26.6', '1.26.6'], ['8e-06', 8e-6],
  [`1${'0'.repeat(1024)}`, `1${'0'.repeat(1024)}`], // past 1024 characters the resolver does not look (Resolver.java:136)
]

/** A halconfig that holds `values` in block mappings, block lists and flow lists, padded past the fast-read size. */
function configHolding(values: string[], padTo = FAST_READ_BYTES + 1): string {
  const lines = ['currentDeployment: default', 'deploymentConfigurations:', '- name: default', '  values:']
  values.forEach((v, i) => lines.push(`    k${i}: ${v}   # a comment`))
  lines.push('  list:')
  for (const v of values) lines.push(`  - ${v}`)
  lines.push(`  flow: [${values.filter((v) => !/[,[\]{}]/.test(v)).join(', ')}]`)
  lines.push('  empty:')
  let text = `${lines.join('\n')}\n`
  let n = 0
  while (text.length < padTo) text += `- name: pad-${n++}\n  version: 1.26.6\n`
  return text
}

const valuesOf = (value: unknown) => {
  const deployment = (value as { deploymentConfigurations: Array<Record<string, unknown>> }).deploymentConfigurations[0]
  return { values: Object.values(deployment.values as object), list: deployment.list, flow: deployment.flow, empty: deployment.empty }
}

describe('hand-written YAML is read as SnakeYAML reads it (YAML 1.1)', () => {
  it('each plain scalar becomes what SnakeYAML constructs; quoted, it stays text', () => {
    const text = configHolding(EXPECTED.map(([v]) => v), 0)
    const read = valuesOf(parseYaml(text, 'config').value)
    expect(read.values).toEqual(EXPECTED.map(([, v]) => v))
    expect(read.list).toEqual(EXPECTED.map(([, v]) => v))
    expect(read.empty).toBeNull()
    const quoted = configHolding(EXPECTED.map(([v]) => `"${v}"`), 0)
    expect(valuesOf(parseYaml(quoted, 'config').value).values).toEqual(EXPECTED.map(([v]) => v))
  })

  it('the Document API and js-yaml (files over 256 KiB, one deployment\'s window) read one text to the same values', () => {
    const text = configHolding(EXPECTED.map(([v]) => v))
    expect(text.length).toBeGreaterThan(FAST_READ_BYTES)
    const fast = parseForReading(text, 'config')
    expect(fast.locate).toBeDefined() // the js-yaml path, not the Document API
    const whole = parseYaml(text, 'config').value
    expect(fast.value).toEqual(whole)
    expect(parseDocuments(text, 'config')[0].value).toEqual(whole)
    const window = text.slice(text.indexOf('- name: default') + 2, text.indexOf('- name: pad-0'))
    expect(loadWindow(`  ${window}`)).toEqual((whole as { deploymentConfigurations: unknown[] }).deploymentConfigurations[0])
  })

  it('property: for random number-like plain scalars, both readers agree with each other and with SnakeYAML\'s resolver on the type', () => {
    let seed = 17
    const random = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
      return (seed >>> 8) % n
    }
    const alphabet = '0123456789012345_:.+-eExXbBoOaAfFinN'
    const values = new Set<string>()
    for (let tries = 0; values.size < 3000 && tries < 100_000; tries++) {
      let v = ''
      const length = 1 + random(8)
      for (let i = 0; i < length; i++) v += alphabet[random(alphabet.length)]
      // Not YAML syntax of their own: an indicator first, or a colon last (a key).
      if (/^[-:]/.test(v) && /^[-:](\s|$)/.test(v.slice(0, 2))) continue
      if (v.endsWith(':') || v.startsWith(':')) continue
      values.add(v)
    }
    const list = [...values].filter((v) => parseDocument(`k: ${v}\n`, snakeYamlOptions()).errors.length === 0)
    expect(list.length).toBeGreaterThan(2500)
    const text = configHolding(list)
    const slow = valuesOf(parseYaml(text, 'config').value)
    const fast = valuesOf(parseForReading(text, 'config').value)
    expect(fast).toEqual(slow)
    const typeOf = (v: unknown) => (v === null ? 'null' : typeof v)
    const wrong = list.filter((v, i) => typeOf(slow.values[i]) !== snakeYamlType(v)).map((v, i) => `${v}: ${typeOf(slow.values[i])}`)
    expect(wrong).toEqual([])
  })

  it('merge keys are merged as SafeConstructor merges them, explicit keys winning, on both paths', () => {
    const text = configHolding([]).replace('  empty:\n', '  empty:\n  base: &base {a: 1, b: 2}\n  merged:\n    <<: *base\n    b: 3\n  merged-first:\n    b: 4\n    <<: [*base, {c: 5}]\n')
    for (const value of [parseYaml(text, 'config').value, parseForReading(text, 'config').value]) {
      const deployment = (value as { deploymentConfigurations: Array<Record<string, unknown>> }).deploymentConfigurations[0]
      expect(deployment.merged).toEqual({ a: 1, b: 3 })
      expect(deployment['merged-first']).toEqual({ b: 4, a: 1, c: 5 })
    }
  })

  it('a value SnakeYAML resolves to a number and cannot construct is refused at its line and column, on both paths', () => {
    const small = 'currentDeployment: default\ndeploymentConfigurations:\n- name: default\n  version: ._\n'
    expect(() => parseYaml(small, 'config')).toThrow(/^config:4:12: Halyard \(SnakeYAML\) reads the unquoted "\._" as a number/)
    const large = configHolding([], 1024 * 1024 + 1).replace('  empty:\n', '  empty:\n  version: ._\n')
    expect(() => parseForReading(large, 'config')).toThrow(/^config:\d+:12: Halyard \(SnakeYAML\) reads the unquoted "\._"/)
    const line = large.slice(0, large.indexOf('  version: ._')).split('\n').length
    expect(() => parseForReading(large, 'config')).toThrow(new RegExp(`^config:${line}:12:`))
  })
})
