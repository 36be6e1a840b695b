import { usage } from '../lib/errors.js'
import { checkNaming } from '../lib/confine.js'
import { PROVIDERS, PROVIDER_NAMES, providerNamed, type ProviderName } from '../providers/index.js'
import { exampleCustomTemplate } from '../providers/words.js'
import { parseArtifact, parseExtendedAttributes, type BakeRequest } from '../model/bake-request.js'

/**
 * One table from a bake flag to the field of Rosco's BakeRequest it sets. The bake commands'
 * flags, the request body and the plan's "where it came from" texts are all read from it: a new
 * bake flag is one entry. A provider's own fields (google's --source-image, aws's --region...)
 * come from its description (`bake.requestFields`): one flag per name, shared by the providers
 * declaring it.
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
  /** Rosco reads it from the URL (/api/v1/REGION/bake): never refused, only set for the providers declaring it, never in the body. */
  inUrl?: boolean
}

/** A template or var file name: resolved inside Rosco's packer directory, never outside it. */
const fileName = (flag: string) => (name: string) => {
  checkNaming(name, {
    what: 'file name inside Rosco\'s packer directory',
    from: { flag: `--${flag}` },
    code: 'BAD_FILE_NAME',
    remediation: `Give the name of a stock template or of a file in the deployment's profiles/rosco/packer/ (e.g. ${exampleCustomTemplate()}).`,
  })
  return name
}

/** Rosco reads one space-separated string; each --package may hold several names. */
const packageList = (values: readonly string[]) => values.flatMap((p) => p.split(/\s+/)).filter(Boolean).join(' ')

/** The fields of every bake, whatever its provider, in the order of the flags' help. */
export const COMMON_REQUEST_FIELDS: readonly RequestField[] = [
  {
    flag: 'provider', type: 'option', options: PROVIDER_NAMES, required: true, rosco: 'cloud_provider_type',
    help: `Cloud provider of the bake (Rosco's cloud_provider_type ${PROVIDERS.map((p) => p.roscoType).join(' or ')}).`,
    parse: (name: string) => providerNamed(name)?.roscoType ?? name,
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
  { flag: 'build-info-url', type: 'string', rosco: 'build_info_url', help: 'URL of the package\'s build (Rosco\'s build_info_url, shown in the image description).' },
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
 * The providers' own fields, from their descriptions: one per flag, in the order the providers
 * and their lists declare them; a flag several providers declare (aws and azure --region) is one
 * field taking the help of the first.
 */
export function providerRequestFields(): RequestField[] {
  const out: RequestField[] = []
  for (const p of PROVIDERS) {
    for (const f of p.bake.requestFields) {
      const known = out.find((field) => field.flag === f.flag)
      if (known) {
        if (known.rosco !== f.field) throw new Error(`bake flag --${f.flag} sets ${known.rosco} for ${known.providers?.join(', ')} but ${f.field} for ${p.name}`)
        known.providers = [...(known.providers ?? []), p.name]
        continue
      }
      out.push({
        flag: f.flag,
        type: f.type === 'boolean' ? 'boolean' : f.options ? 'option' : 'string',
        ...(f.options ? { options: f.options } : {}),
        help: f.description,
        rosco: f.field as keyof BakeRequest,
        providers: [p.name],
        ...(f.inUrl ? { inUrl: true } : {}),
      })
    }
  }
  return out
}

/** Every bake flag: the common fields, then the providers' own (`extra`), then the common tail. */
export function requestFields(extra: readonly RequestField[] = providerRequestFields()): readonly RequestField[] {
  const all = [...COMMON_REQUEST_FIELDS, ...extra, ...COMMON_TAIL]
  const flags = all.map((f) => f.flag)
  const twice = flags.find((flag, i) => flags.indexOf(flag) !== i)
  if (twice) throw new Error(`bake flag --${twice} is defined twice`)
  return all
}

export const REQUEST_FIELDS = requestFields()

/**
 * The order of the request body's fields: the fields galley sets, in the order it has always
 * written them, the requesting provider's own right after `package` (in its description's
 * order), then the rest of Rosco's BakeRequest.
 */
export const BODY_ORDER: ReadonlyArray<keyof BakeRequest> = [
  'cloud_provider_type', 'base_os', 'package', 'template_file_name', 'var_file_name', 'extended_attributes', 'account_name',
  'build_host', 'build_info_url', 'upgrade', 'ami_name', 'ami_suffix', 'build_number', 'commit_hash', 'job', 'package_artifacts',
  'user', 'base_label', 'base_name', 'base_ami', 'vm_type', 'store_type', 'enhanced_networking', 'instance_type', 'organization',
  'spinnaker_execution_id', 'publisher', 'offer', 'sku', 'os_type', 'package_type', 'custom_managed_image_name',
]

const bodyOrder = (provider: ProviderName): Array<keyof BakeRequest> => {
  const own = (providerNamed(provider)?.bake.requestFields ?? []).map((f) => f.field as keyof BakeRequest)
  const rest = BODY_ORDER.filter((key) => !own.includes(key))
  const at = rest.indexOf('package') + 1
  return [...rest.slice(0, at), ...own, ...rest.slice(at)]
}

/**
 * A provider's field given for a bake of a provider that does not take it: exit 2, saying what
 * that provider's bakes start from when it has a source of its own (oracle: baseImageId).
 */
function refusal(field: RequestField, providerName: string) {
  const provider = providerNamed(providerName)
  const source = provider?.bake.source
  const sourceFlag = source && provider ? provider.virtualization.find((v) => v.key === source.settingsKey)?.flag : undefined
  const article = /^[aeiou]/.test(providerName) ? 'an' : 'a'
  return usage(`--${field.flag} is for ${(field.providers ?? []).join(' and ')} bakes${source ? `: ${article} ${providerName} bake starts from its base image's ${source.settingsKey}` : ''}`, {
    code: 'BAD_FLAG',
    remediation: source && sourceFlag
      ? `Drop --${field.flag}, or change the base image: hal config provider ${providerName} bakery base-image edit ID --${sourceFlag} ${source.example}`
      : `Drop --${field.flag}.`,
  })
}

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
      // Every bake has a region in Rosco's URL (bake submit defaults it): only some providers read it.
      if (field.inUrl) continue
      throw refusal(field, provider)
    }
    // A required field is always sent, as given; the others only when they say something.
    if (isEmpty(given) && !field.required) continue
    const value = field.parse ? field.parse(given as never) : given
    if (field.required || !isEmpty(value)) set.set(field.rosco, value)
  }
  const request = {} as Record<string, unknown>
  for (const key of [...bodyOrder(provider), ...set.keys()]) if (set.has(key) && !(key in request)) request[key] = set.get(key)
  return request as unknown as BakeRequest
}

/** The flag that sets a field of the request, as the plan names where a value came from: `--source-image`. */
export function flagOfField(rosco: keyof BakeRequest, fields: readonly RequestField[] = REQUEST_FIELDS): string {
  const field = fields.find((f) => f.rosco === rosco)
  return field ? `--${field.flag}` : rosco
}
