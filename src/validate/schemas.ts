import { readFileSync } from 'node:fs'
import { packagePath } from '../lib/package.js'
import { PROVIDERS } from '../providers/index.js'

const PROVIDER_SCHEMAS: readonly string[] = PROVIDERS.map((p) => p.schemaName ?? p.name)

/** The schemas `hal config schema` prints, by name: the halconfig's, each provider's, the report's. */
export const SCHEMA_NAMES: readonly string[] = ['halconfig', ...PROVIDER_SCHEMAS, 'validation-report']
export type SchemaName = string

type Json = any

const load = (name: string): Json => JSON.parse(readFileSync(packagePath('schemas', `${name}.schema.json`), 'utf8'))

/** Rewrites a provider schema's internal references so that it can live inside another schema. */
function embed(schema: Json, prefix: string, definitions: Record<string, Json>): Json {
  const rewrite = (node: Json): Json => {
    if (Array.isArray(node)) return node.map(rewrite)
    if (node === null || typeof node !== 'object') return node
    const out: Json = {}
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#/definitions/')) out.$ref = `#/definitions/${prefix}.${value.slice(14)}`
      else if (key === '$ref' && value === '#') out.$ref = `#/definitions/${prefix}`
      else if (key !== 'definitions' && key !== '$id' && key !== '$schema') out[key] = rewrite(value)
    }
    return out
  }
  for (const [name, definition] of Object.entries(schema.definitions ?? {})) definitions[`${prefix}.${name}`] = rewrite(definition)
  definitions[prefix] = rewrite(schema)
  return { $ref: `#/definitions/${prefix}` }
}

/**
 * A self-contained schema: editors (yaml-language-server) cannot fetch the other files by
 * their $id, so the halconfig schema is printed with the provider schemas inlined.
 */
export function bundledSchema(name: SchemaName): Json {
  if (name !== 'halconfig') return load(name)
  const root = load('halconfig')
  const definitions: Record<string, Json> = { ...root.definitions }
  const providers = definitions.providers.properties
  for (const provider of PROVIDER_SCHEMAS) {
    const ref = embed(load(provider), provider, definitions)
    for (const key of Object.keys(providers)) {
      if (providers[key].$ref === `https://galley.dev/schemas/${provider}.schema.json`) providers[key] = { ...providers[key], ...ref }
    }
  }
  return { ...root, definitions }
}
