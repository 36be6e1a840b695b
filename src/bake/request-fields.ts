import { usage } from '../lib/errors.js'
import { checkNaming } from '../lib/confine.js'
import { PROVIDERS, providers, type ProviderName } from '../bakery/providers.js'
import { parseArtifact, parseExtendedAttributes, type BakeRequest } from './request.js'

/**
 * One table from a bake flag to the field of Rosco's BakeRequest it sets. The bake commands'
 * flags, the request body and the plan's "where it came from" texts are all read from it: a new
 * bake flag is one entry. Provider-specific fields (google's --source-image today) come from a
 * list of their own, so that a provider description can contribute them as data.
 */
export interface RequestField {
  /** The flag, without its dashes; also the key of its value in the parsed flags. */
  flag: string
  /** string: one value; strings: repeatable; boolean: a switch; option: one of `options`. */
  type: 'string' | 'strings' | 'boolean' | 'option'
  options?: readonly string[]
  required?: boolean
  /** The flag's help. */
  help: string
  /** The field of Rosco's BakeRequest it sets (rosco-api BakeRequest.groovy). */
  rosco: keyof BakeRequest
  /** From the flag's value to the field's; unset, '' and an empty list leave the field out. Throws usage errors. */
  parse?: (value: never) => unknown
  /** The providers whose bakes take it; all when unset. */
  providers?: readonly ProviderName[]
  /** Why another provider's bake refuses it, and what to do instead. */
  refused?: { why: string; remediation: string }
}

/** A template or var file name: resolved inside Rosco's packer directory, never outside it. */
const fileName = (flag: string) => (name: string) => {
  checkNaming(name, {
    what: 'file name inside Rosco\'s packer directory',
    from: { flag: `--${flag}` },
    code: 'BAD_FILE_NAME',
    remediation: 'Give the name of a stock template or of a file in the deployment\'s profiles/rosco/packer/ (e.g. gce-custom.json).',
  })
  return name
}

/** Rosco reads one space-separated string; each --package may hold several names. */
const packageList = (values: readonly string[]) => values.flatMap((p) => p.split(/\s+/)).filter(Boolean).join(' ')

/** The fields of every bake, whatever its provider, in the order of the flags' help. */
export const COMMON_REQUEST_FIELDS: readonly RequestField[] = [
  {
    flag: 'provider', type: 'option', options: PROVIDERS, required: true, rosco: 'cloud_provider_type',
    help: 'Cloud provider of the bake (Rosco\'s cloud_provider_type gce or oracle).',
    parse: (name: ProviderName) => providers[name].roscoType,
  },
  { flag: 'base-image', type: 'string', required: true, rosco: 'base_os', help: 'Id of a base image of the provider\'s bakery (Rosco\'s base_os).' },
  {
    flag: 'package', type: 'strings', rosco: 'package', parse: packageList,
    help: 'Package to install (repeatable; Rosco\'s package). deb: name or name_version-release_arch; rpm: name or name-version-release.arch.',
  },
  { flag: 'template-file', type: 'string', rosco: 'template_file_name', parse: fileName('template-file'), help: 'Packer template, a file of Rosco\'s packer directory (overrides the base image\'s and the bakery\'s).' },
  { flag: 'var-file', type: 'string', rosco: 'var_file_name', parse: fileName('var-file'), help: 'Packer var file in the deployment\'s profiles/rosco/packer/ (passed as -var-file).' },
  { flag: 'account', type: 'string', rosco: 'account_name', help: 'Account to bake with [default: the provider\'s first account].' },
  {
    flag: 'extended-attribute', type: 'strings', rosco: 'extended_attributes', parse: (pairs: string[]) => parseExtendedAttributes(pairs),
    help: 'KEY=VALUE passed to Packer as a variable, overriding every other value (repeatable). copy_to and share_with take comma lists.',
  },
  // Rosco passes upgrade only when true (Groovy truth): false is left out of the request.
  { flag: 'upgrade', type: 'boolean', rosco: 'upgrade', parse: (on: boolean) => on || undefined, help: 'Upgrade the image\'s packages before installing.' },
  { flag: 'build-host', type: 'string', rosco: 'build_host', help: 'URL of the CI server that built the package (Rosco\'s build_host).' },
  { flag: 'build-info-url', type: 'string', rosco: 'build_info_url', help: 'URL of the package\'s build (GCE: build_info_url, shown in the image description).' },
]

/** The rest of the common fields, after the providers' own in the flags' help. */
const COMMON_TAIL: readonly RequestField[] = [
  { flag: 'image-name', type: 'string', rosco: 'ami_name', help: 'First part of the baked image\'s name [default: the first package\'s name] (Rosco\'s ami_name).' },
  { flag: 'image-suffix', type: 'string', rosco: 'ami_suffix', help: 'Third part of the baked image\'s name [default: the time in epoch milliseconds] (Rosco\'s ami_suffix).' },
  { flag: 'build-number', type: 'string', rosco: 'build_number', help: 'CI build number (Rosco\'s build_number): the appversion becomes name-version-hBUILD.' },
  { flag: 'commit-hash', type: 'string', rosco: 'commit_hash', help: 'Commit of the build (Rosco\'s commit_hash): appended to the appversion as .COMMIT, only with --build-number.' },
  { flag: 'job', type: 'string', rosco: 'job', help: 'CI job (Rosco\'s job): appended to the appversion as /JOB/BUILD, only with --build-number.' },
  {
    flag: 'artifact', type: 'strings', rosco: 'package_artifacts', parse: (texts: string[]) => texts.map(parseArtifact),
    help: 'Package as a Spinnaker artifact (repeatable; Rosco\'s package_artifacts): type=deb,name=NAME,reference=REF[,version=...] or a JSON object with the Artifact\'s fields.',
  },
]

/**
 * Google's own field: a source image replacing the base image's (GCEBakeHandler reads base_ami).
 * Kept as data, ready to move into google's provider description.
 */
export const GOOGLE_REQUEST_FIELDS: readonly RequestField[] = [
  {
    flag: 'source-image', type: 'string', rosco: 'base_ami', providers: ['google'],
    help: 'GCE source image overriding the base image\'s (Rosco\'s base_ami).',
    refused: {
      why: 'an oracle bake starts from its base image\'s baseImageId',
      remediation: 'Drop --source-image, or change the base image: hal config provider oracle bakery base-image edit ID --base-image-id OCID',
    },
  },
]

/** Every bake flag: the common fields, then the providers' own (`extra`), then the common tail. */
export function requestFields(extra: readonly RequestField[] = GOOGLE_REQUEST_FIELDS): readonly RequestField[] {
  const all = [...COMMON_REQUEST_FIELDS, ...extra, ...COMMON_TAIL]
  const flags = all.map((f) => f.flag)
  const twice = flags.find((flag, i) => flags.indexOf(flag) !== i)
  if (twice) throw new Error(`bake flag --${twice} is defined twice`)
  return all
}

export const REQUEST_FIELDS = requestFields()

/**
 * The order of the request body's fields: the fields galley sets, in the order it has always
 * written them, then the rest of Rosco's BakeRequest (for fields providers contribute).
 */
export const BODY_ORDER: ReadonlyArray<keyof BakeRequest> = [
  'cloud_provider_type', 'base_os', 'package', 'base_ami', 'template_file_name', 'var_file_name', 'extended_attributes', 'account_name',
  'build_host', 'build_info_url', 'upgrade', 'ami_name', 'ami_suffix', 'build_number', 'commit_hash', 'job', 'package_artifacts',
  'user', 'base_label', 'base_name', 'vm_type', 'store_type', 'enhanced_networking', 'instance_type', 'organization',
  'spinnaker_execution_id', 'publisher', 'offer', 'sku', 'os_type', 'package_type', 'custom_managed_image_name',
]

/** The values of the bake flags as oclif parses them, keyed by flag. */
export type RequestFlagValues = Readonly<Record<string, unknown>>

const isEmpty = (value: unknown) => value === undefined || value === null || value === '' || value === false || (Array.isArray(value) && value.length === 0) ||
  (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0)

/** The request for the flags given: each field of the table, parsed; only what was given is set. */
export function requestOf(values: RequestFlagValues, fields: readonly RequestField[] = REQUEST_FIELDS): BakeRequest {
  const provider = values.provider as ProviderName
  const set = new Map<keyof BakeRequest, unknown>()
  for (const field of fields) {
    const given = values[field.flag]
    if (given !== undefined && field.providers && !field.providers.includes(provider)) {
      const why = field.refused?.why ?? `${provider} bakes do not read it`
      throw usage(`--${field.flag} is for ${field.providers.join(' and ')} bakes: ${why}`, { code: 'BAD_FLAG', remediation: field.refused?.remediation ?? `Drop --${field.flag}.` })
    }
    // A required field is always sent, as given; the others only when they say something.
    if (isEmpty(given) && !field.required) continue
    const value = field.parse ? field.parse(given as never) : given
    if (field.required || !isEmpty(value)) set.set(field.rosco, value)
  }
  const request = {} as Record<string, unknown>
  for (const key of [...BODY_ORDER, ...set.keys()]) if (set.has(key) && !(key in request)) request[key] = set.get(key)
  return request as unknown as BakeRequest
}

/** The flag that sets a field of the request, as the plan names where a value came from: `--source-image`. */
export function flagOfField(rosco: keyof BakeRequest, fields: readonly RequestField[] = REQUEST_FIELDS): string {
  const field = fields.find((f) => f.rosco === rosco)
  return field ? `--${field.flag}` : rosco
}
