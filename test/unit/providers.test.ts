import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PROVIDERS, closedSet, providerOfSectionKey, providerOfType } from '../../src/providers/index.js'
import { schemaProperty } from '../../src/providers/define.js'
import { ROOT, tempDir } from '../helpers/hal.js'

/**
 * What every provider description promises, checked for each registered provider: a new one is
 * held to the same by adding it to PROVIDERS.
 */
describe.each(PROVIDERS.map((p) => [p.name, p] as const))('the %s description', (_name, p) => {
  const definitionOf = { bakery: 'bakeryDefaults', baseImage: 'baseImage', virtualization: 'virtualizationSettings', account: 'account' } as const

  it('is found by its name, its Rosco type and each of its section keys', () => {
    expect(providerOfType(p.roscoType)).toBe(p)
    for (const key of p.sectionKeys) expect(providerOfSectionKey(key)).toBe(p)
    expect(p.sectionKeys).toContain(p.name)
  })

  it('orders only keys its schema has (config/key-order.ts)', () => {
    for (const [part, definition] of Object.entries(definitionOf)) {
      for (const key of p.config.keyOrder[part as keyof typeof definitionOf]) {
        expect(schemaProperty(p.schema, definition, key), `${definition}.${key}`).toBeDefined()
      }
    }
  })

  it('lists as Halyard\'s model keys only keys its schema has (generate operator)', () => {
    const { bakeryDefaults, baseImage, virtualizationSettings } = p.config.halyardKeys
    for (const key of bakeryDefaults) expect(schemaProperty(p.schema, 'bakeryDefaults', key), key).toBeDefined()
    for (const key of baseImage) expect(schemaProperty(p.schema, 'baseImage', key), key).toBeDefined()
    for (const key of virtualizationSettings) expect(schemaProperty(p.schema, 'virtualizationSettings', key), key).toBeDefined()
  })

  it('gives packer validate a value for every variable of its own that Rosco always passes', () => {
    const own = p.bake.variables.filter((v) => v.passed === 'always' && v.name.startsWith(p.variablePrefix)).map((v) => v.name)
    const written = p.packer.writeFiles ? Object.keys(p.packer.writeFiles(tempDir())) : []
    for (const name of own) expect(name in p.packer.dummyValues || written.includes(name), name).toBe(true)
  }, 30_000)

  it('states its closed sets in its schema: package types and OS types', () => {
    expect(closedSet(p, 'packageType')).toEqual(expect.arrayContaining(['deb', 'rpm']))
    expect(closedSet(p, 'osType')).toEqual(expect.arrayContaining(['linux', 'windows']))
  })

  it('names its rules after itself, and ships the stock templates it says it ships', () => {
    for (const rule of [...p.rules, ...(p.baseImageRules ?? [])]) expect(rule.id).toMatch(new RegExp(`^(${p.name}|bakery)/`))
    for (const file of p.packer.shipped ?? []) expect(existsSync(join(ROOT, 'templates', file)), file).toBe(true)
    expect(p.packer.stockTemplates).toContain(p.stockTemplate)
  })
})

describe('the registry', () => {
  it('has one provider per name, Rosco type, section key and Packer builder', () => {
    const all = (pick: (p: (typeof PROVIDERS)[number]) => readonly string[]) => PROVIDERS.flatMap(pick)
    for (const list of [all((p) => [p.name]), all((p) => [p.roscoType]), all((p) => p.sectionKeys), all((p) => p.packer.builders)]) {
      expect(new Set(list).size).toBe(list.length)
    }
  })
})
