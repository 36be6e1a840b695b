import { readFileSync } from 'node:fs'
import { isPlainObject, type Plain } from '../config/halconfig.js'
import { packagePath } from '../lib/package.js'

/**
 * One description per provider. Google and Oracle differ only in their fields; everything else
 * (commands, flags, prompts, validation, Rosco's variables) is built from these descriptions
 * and from the provider's JSON schema, which holds each field's type, default and help text.
 */
export type ProviderName = 'google' | 'oracle'
export const PROVIDERS: readonly ProviderName[] = ['google', 'oracle']

export type FieldType = 'string' | 'boolean' | 'list'

export interface Field {
  /** The key in the halconfig. */
  key: string
  /** The command-line flag, without dashes. */
  flag: string
  type: FieldType
  /** Help text, from the schema. */
  description: string
  default?: unknown
  /** Never printed: shown as <redacted>. */
  secret?: boolean
  /** A path on this machine that must exist and be readable. */
  localFile?: boolean
  /** A file name inside the deployment's packer directory (Rosco's configDir). */
  packerFile?: boolean
}

export interface ProviderDescription {
  name: ProviderName
  title: string
  /** Rosco's cloud_provider_type. */
  roscoType: 'gce' | 'oracle'
  /** Packer builder type of the stock template. */
  builder: string
  stockTemplate: string
  /** bakeryDefaults fields (without baseImages). */
  bakery: Field[]
  /** baseImage fields (without id). */
  image: Field[]
  /** virtualizationSettings fields. */
  virtualization: Field[]
  /** Account fields a bake needs (without name). */
  account: Field[]
  /** The provider's JSON schema. */
  schema: JsonSchema
}

interface JsonSchema {
  type?: string | string[]
  description?: string
  default?: unknown
  properties?: Record<string, JsonSchema>
  definitions?: Record<string, JsonSchema>
  items?: JsonSchema
}

const loadSchema = (name: string): JsonSchema =>
  JSON.parse(readFileSync(packagePath('schemas', `${name}.schema.json`), 'utf8'))

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)

interface Spec {
  name: ProviderName
  title: string
  roscoType: ProviderDescription['roscoType']
  builder: string
  stockTemplate: string
  bakery: string[]
  image: string[]
  virtualization: string[]
  account: string[]
  flagNames?: Record<string, string>
  secrets?: string[]
  localFiles?: string[]
}

function describe(spec: Spec): ProviderDescription {
  const schema = loadSchema(spec.name)
  const fields = (definition: string, keys: string[]): Field[] =>
    keys.map((key) => {
      const property = schema.definitions?.[definition]?.properties?.[key]
      if (!property) throw new Error(`schemas/${spec.name}.schema.json has no ${definition}.${key}`)
      const types = ([] as string[]).concat(property.type ?? 'string')
      return {
        key,
        flag: spec.flagNames?.[key] ?? kebab(key),
        type: types.includes('boolean') ? 'boolean' : types.includes('array') ? 'list' : 'string',
        description: property.description ?? '',
        default: property.default,
        secret: spec.secrets?.includes(key) || undefined,
        localFile: spec.localFiles?.includes(key) || undefined,
        packerFile: key === 'templateFile' || undefined,
      }
    })
  return {
    name: spec.name,
    title: spec.title,
    roscoType: spec.roscoType,
    builder: spec.builder,
    stockTemplate: spec.stockTemplate,
    bakery: fields('bakeryDefaults', spec.bakery),
    image: fields('baseImage', spec.image),
    virtualization: fields('virtualizationSettings', spec.virtualization),
    account: fields('account', spec.account),
    schema,
  }
}

const COMMON_IMAGE = ['shortDescription', 'detailedDescription', 'packageType', 'templateFile']

export const google = describe({
  name: 'google',
  title: 'Google Compute Engine',
  roscoType: 'gce',
  builder: 'googlecompute',
  stockTemplate: 'gce.json',
  bakery: ['zone', 'network', 'networkProjectId', 'subnetwork', 'useInternalIp', 'templateFile'],
  image: [...COMMON_IMAGE, 'imageFamily', 'osType', 'customRepository'],
  virtualization: ['sourceImage', 'sourceImageFamily'],
  account: ['project', 'jsonPath', 'imageProjects'],
  // Halyard's flag for imageFamily.
  flagNames: { imageFamily: 'is-image-family' },
  localFiles: ['jsonPath'],
})

export const oracle = describe({
  name: 'oracle',
  title: 'Oracle Cloud Infrastructure',
  roscoType: 'oracle',
  builder: 'oracle-oci',
  stockTemplate: 'oci.json',
  bakery: ['availabilityDomain', 'subnetId', 'instanceShape', 'templateFile'],
  image: [...COMMON_IMAGE, 'osType', 'customRepository'],
  virtualization: ['baseImageId', 'sshUserName'],
  account: ['compartmentId', 'userId', 'fingerprint', 'sshPrivateKeyFilePath', 'privateKeyPassphrase', 'tenancyId', 'region'],
  secrets: ['privateKeyPassphrase'],
  localFiles: ['sshPrivateKeyFilePath'],
})

export const providers: Record<ProviderName, ProviderDescription> = { google, oracle }

/**
 * The keys a provider's section may have under a deployment's providers, the old name first:
 * `oraclebmcs` is Oracle's old name, read and merged into `oracle` (which wins).
 */
export const sectionKeys = (name: ProviderName): readonly string[] => (name === 'oracle' ? ['oraclebmcs', 'oracle'] : [name])

/** The provider a providers key belongs to. */
export const providerOfKey = (key: string): string => (key === 'oraclebmcs' ? 'oracle' : key)

/** A provider's section, merged over its old name, and the key read last; undefined when absent. */
export function providerSection(providersValue: unknown, name: ProviderName): { value: Plain; key: string } | undefined {
  const all = isPlainObject(providersValue) ? providersValue : {}
  const present = sectionKeys(name).filter((key) => isPlainObject(all[key]))
  if (present.length === 0) return undefined
  return { value: Object.assign({}, ...present.map((key) => all[key])), key: present[present.length - 1] }
}

/** The defaults of a provider's bakery settings, from its schema. */
export function bakeryDefaultsOf(provider: ProviderDescription): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, property] of Object.entries(provider.schema.definitions?.bakeryDefaults?.properties ?? {})) {
    if (property.default !== undefined) out[key] = property.default
  }
  return out
}
