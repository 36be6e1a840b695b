import { isPlainObject, type Plain } from '../model/plain.js'
import { azure } from './azure.js'
import { aws } from './aws.js'
import { google } from './google.js'
import { oracle } from './oracle.js'
import type { Field, Provider, ProviderName } from '../model/provider.js'

export type { Field, FieldType, Provider, ProviderName } from '../model/provider.js'

/**
 * Every provider galley models, in the order commands, checks and generated files list them.
 * Adding a provider: its file in src/providers/, its schema, its rules, its stock template and
 * fixtures, and one entry here.
 */
export const PROVIDERS: readonly Provider[] = [google, oracle, aws, azure]

/** The providers' names (`hal config provider NAME`, `bake --provider NAME`). */
export const PROVIDER_NAMES: readonly ProviderName[] = PROVIDERS.map((p) => p.name)

/** The providers by name. */
export const providers: Readonly<Record<ProviderName, Provider>> = Object.fromEntries(PROVIDERS.map((p) => [p.name, p]))

/** The provider of a name, or undefined. */
export const providerNamed = (name: string): Provider | undefined => PROVIDERS.find((p) => p.name === name)

/** The provider of Rosco's cloud_provider_type, or undefined. */
export const providerOfType = (roscoType: string): Provider | undefined => PROVIDERS.find((p) => p.roscoType === roscoType)

/** The provider whose section a key under `providers` is (the name or an old one: oraclebmcs), or undefined. */
export const providerOfSectionKey = (key: string): Provider | undefined => PROVIDERS.find((p) => p.sectionKeys.includes(key))

/** Every key a modelled provider's section may have under `providers`. */
export const SECTION_KEYS: readonly string[] = PROVIDERS.flatMap((p) => p.sectionKeys)

/** The keys a provider's section may have under a deployment's providers, the old name first. */
export const sectionKeys = (name: ProviderName): readonly string[] => providerNamed(name)?.sectionKeys ?? [name]

/** Every account field: the ones a bake needs, then the rest of Halyard's. */
export const accountFields = (provider: Provider): Field[] => [...provider.account, ...provider.accountMore]

/** Where a field's value is, under the object that holds it: `permissions.READ` -> ['permissions', 'READ']. */
export const fieldPath = (field: Pick<Field, 'key'>): string[] => field.key.split('.')

/** The provider a providers key belongs to (its name); an unknown key is its own. */
export const providerOfKey = (key: string): string => providerOfSectionKey(key)?.name ?? key

/** A provider's section, merged over its old name, and the key read last; undefined when absent. */
export function providerSection(providersValue: unknown, name: ProviderName): { value: Plain; key: string } | undefined {
  const all = isPlainObject(providersValue) ? providersValue : {}
  const present = sectionKeys(name).filter((key) => isPlainObject(all[key]))
  if (present.length === 0) return undefined
  return { value: Object.assign({}, ...present.map((key) => all[key])), key: present[present.length - 1] }
}

/** The defaults of a provider's bakery settings, from its schema. */
export function bakeryDefaultsOf(provider: Provider): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, property] of Object.entries(provider.schema.definitions?.bakeryDefaults?.properties ?? {})) {
    if (property.default !== undefined) out[key] = property.default
  }
  return out
}

/** The flag of a field of the provider's `fields`, by key (the key itself when none). */
export const flagOf = (fields: readonly Field[], key: string): string => fields.find((f) => f.key === key)?.flag ?? key

/**
 * A closed set as the provider's schema states it: the `enum` of `definitions.<name>` (packageType,
 * osType, a virtualization type...). Empty when the schema has none.
 */
export const closedSet = (provider: Provider, name: string): string[] =>
  (provider.schema.definitions?.[name]?.enum ?? []).filter((v): v is string => typeof v === 'string')

/** A closed set over every provider, in registry order (Rosco's package types, its OS types). */
export const closedSetOfAll = (name: string): string[] => [...new Set(PROVIDERS.flatMap((p) => closedSet(p, name)))]
