import { readFileSync } from 'node:fs'
import { packagePath } from '../lib/package.js'
import type { Field, JsonSchema, Provider, ProviderDefinition } from '../model/provider.js'

/** Reads schemas/<name>.schema.json. */
export const loadProviderSchema = (name: string): JsonSchema =>
  JSON.parse(readFileSync(packagePath('schemas', `${name}.schema.json`), 'utf8'))

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)

/** A property of a definition of the schema: `schemaProperty(s, 'baseImage', 'packageType')`; dotted keys are nested. */
export function schemaProperty(schema: JsonSchema, definition: string, key: string): JsonSchema | undefined {
  let property: JsonSchema | undefined = schema.definitions?.[definition]
  for (const part of key.split('.')) property = property?.properties?.[part]
  return property
}

/**
 * A closed set as the schema states it: the `enum` of a property (or of the definition it
 * refers to with `$ref: #/definitions/X`), null left out. Empty when the schema has none.
 */
export function schemaEnum(schema: JsonSchema, definition: string, key: string): string[] {
  let property = schemaProperty(schema, definition, key)
  const ref = property?.$ref
  if (ref?.startsWith('#/definitions/')) property = schema.definitions?.[ref.slice('#/definitions/'.length)]
  const values = property?.enum ?? property?.anyOf?.flatMap((s) => s.enum ?? []) ?? property?.oneOf?.flatMap((s) => s.enum ?? []) ?? []
  return values.filter((v): v is string => typeof v === 'string')
}

/** The one key of a list's entries, when the schema makes each a mapping of one required text key ({name: us-east-1}). */
function singleKeyOf(schema: JsonSchema, items: JsonSchema | undefined): string | undefined {
  const ref = items?.$ref
  const item = ref?.startsWith('#/definitions/') ? schema.definitions?.[ref.slice('#/definitions/'.length)] : items
  const keys = Object.keys(item?.properties ?? {})
  return item?.required?.length === 1 && keys.length === 1 && keys[0] === item.required[0] ? keys[0] : undefined
}

/** Builds a provider's fields from its schema; throws (a packaging error) when the schema lacks a key. */
export function defineProvider(definition: ProviderDefinition): Provider {
  const schemaName = definition.schemaName ?? definition.name
  const schema = loadProviderSchema(schemaName)
  const fields = (where: string, keys: readonly string[]): Field[] =>
    keys.map((key) => {
      const property = schemaProperty(schema, where, key)
      if (!property) throw new Error(`schemas/${schemaName}.schema.json has no ${where}.${key}`)
      const types = ([] as string[]).concat(property.type ?? 'string')
      const options = schemaEnum(schema, where, key)
      const itemKey = types.includes('array') ? singleKeyOf(schema, property.items) : undefined
      return {
        key,
        flag: definition.flagNames?.[key] ?? kebab(key),
        aliases: definition.aliases?.[key],
        entry: definition.entries?.[key],
        type: types.includes('boolean') ? 'boolean' : types.includes('array') ? 'list' : 'string',
        ...(itemKey ? { itemKey } : {}),
        description: property.description ?? '',
        default: property.default,
        ...(options.length > 0 ? { options } : {}),
        secret: definition.secrets?.includes(key) || undefined,
        localFile: definition.localFiles?.includes(key) || undefined,
        packerFile: key === 'templateFile' || undefined,
        required: definition.requiredOnAdd?.includes(key) || undefined,
        ...(definition.wizard?.search?.[key] ? { search: definition.wizard.search[key].choices } : {}),
      }
    })
  return {
    ...definition,
    sectionKeys: definition.sectionKeys ?? [definition.name],
    bakery: fields('bakeryDefaults', definition.bakery),
    image: fields('baseImage', definition.image),
    virtualization: fields('virtualizationSettings', definition.virtualization),
    account: fields('account', definition.account),
    accountMore: fields('account', definition.accountMore),
    schema,
    stockTemplate: definition.packer.stockTemplates[0] ?? '',
  }
}
