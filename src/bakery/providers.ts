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
  /** The key in the halconfig; a dotted key is nested (`permissions.READ`). */
  key: string
  /** The command-line flag, without dashes. */
  flag: string
  /** Other spellings of the flag: Halyard's where they differ (`tenancyId`, `set-alpha-listed`). */
  aliases?: string[]
  /**
   * A list's one-entry flags on edit, without dashes (Halyard's `--add-region` / `--remove-region`);
   * the singular noun of the list (`region`).
   */
  entry?: string
  type: FieldType
  /** Help text, from the schema. */
  description: string
  default?: unknown
  /**
   * Never printed: shown as <redacted>. Its flag takes no value after a space (Halyard's
   * `password = true`): it is asked for without echo, or read from stdin.
   */
  secret?: boolean
  /** A path on this machine that must exist and be readable; given relative, it is resolved against the current directory. */
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
  /** Account fields a bake needs (without name); the wizard asks for these. */
  account: Field[]
  /** Halyard's other account settings (access, environment, regions...): flags only, not asked by the wizard. */
  accountMore: Field[]
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
  accountMore: string[]
  flagNames?: Record<string, string>
  aliases?: Record<string, string[]>
  entries?: Record<string, string>
  secrets?: string[]
  localFiles?: string[]
}

function describe(spec: Spec): ProviderDescription {
  const schema = loadSchema(spec.name)
  const fields = (definition: string, keys: string[]): Field[] =>
    keys.map((key) => {
      let property: JsonSchema | undefined = schema.definitions?.[definition]
      for (const part of key.split('.')) property = property?.properties?.[part]
      if (!property) throw new Error(`schemas/${spec.name}.schema.json has no ${definition}.${key}`)
      const types = ([] as string[]).concat(property.type ?? 'string')
      return {
        key,
        flag: spec.flagNames?.[key] ?? kebab(key),
        aliases: spec.aliases?.[key],
        entry: spec.entries?.[key],
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
    accountMore: fields('account', spec.accountMore),
    schema,
  }
}

const COMMON_IMAGE = ['shortDescription', 'detailedDescription', 'packageType', 'templateFile']

/**
 * Every account's settings in Halyard (halyard-config .../model/v1/node/Account.java: environment,
 * requiredGroupMembership, permissions as Fiat's READ/WRITE lists), with the flags of
 * AbstractAddAccountCommand / AbstractEditAccountCommand.
 */
const COMMON_ACCOUNT = {
  keys: ['environment', 'requiredGroupMembership', 'permissions.READ', 'permissions.WRITE'],
  flagNames: { 'permissions.READ': 'read-permissions', 'permissions.WRITE': 'write-permissions' },
  entries: { requiredGroupMembership: 'required-group-membership', 'permissions.READ': 'read-permission', 'permissions.WRITE': 'write-permission' },
}

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
  // GoogleAccount / CommonGoogleAccount, with GoogleAddAccountCommand's flags.
  accountMore: ['serviceAccountId', 'serviceAccountProject', 'alphaListed', 'userDataFile', 'regions', ...COMMON_ACCOUNT.keys],
  // Halyard's flags for imageFamily and userDataFile.
  flagNames: { imageFamily: 'is-image-family', userDataFile: 'user-data', ...COMMON_ACCOUNT.flagNames },
  // Halyard's edit spells the boolean --set-alpha-listed <bool>.
  aliases: { alphaListed: ['set-alpha-listed'] },
  entries: { imageProjects: 'image-project', regions: 'region', ...COMMON_ACCOUNT.entries },
  localFiles: ['jsonPath', 'userDataFile'],
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
  accountMore: COMMON_ACCOUNT.keys,
  flagNames: COMMON_ACCOUNT.flagNames,
  // OracleAddAccountCommand's flag is camel case.
  aliases: { tenancyId: ['tenancyId'] },
  entries: COMMON_ACCOUNT.entries,
  secrets: ['privateKeyPassphrase'],
  localFiles: ['sshPrivateKeyFilePath'],
})

export const providers: Record<ProviderName, ProviderDescription> = { google, oracle }

/**
 * The keys a provider's section may have under a deployment's providers, the old name first:
 * `oraclebmcs` is Oracle's old name, read and merged into `oracle` (which wins).
 */
export const sectionKeys = (name: ProviderName): readonly string[] => (name === 'oracle' ? ['oraclebmcs', 'oracle'] : [name])

/** Every account field: the ones a bake needs, then the rest of Halyard's. */
export const accountFields = (provider: ProviderDescription): Field[] => [...provider.account, ...provider.accountMore]

/** Where a field's value is, under the object that holds it: `permissions.READ` -> ['permissions', 'READ']. */
export const fieldPath = (field: Pick<Field, 'key'>): string[] => field.key.split('.')

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
