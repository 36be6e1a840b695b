import { usage } from '../lib/errors.js'
import { checkNaming } from '../lib/confine.js'
import type { ProviderName } from '../bakery/providers.js'
import { providers } from '../bakery/providers.js'

/**
 * A bake request as Rosco's REST API takes it: snake_case, only the fields that
 * change what Packer runs. `plan`, `validate` and `test` compute from it what Rosco would do;
 * `submit` sends it as it is.
 */
export interface BakeRequest {
  cloud_provider_type: 'gce' | 'oracle'
  base_os: string
  /** Space-separated package names. */
  package?: string
  package_type?: string
  /** GCE: a source image that overrides the base image's. */
  base_ami?: string
  template_file_name?: string
  var_file_name?: string
  extended_attributes?: Record<string, string>
  account_name?: string
  build_host?: string
  build_info_url?: string
  upgrade?: boolean
  ami_name?: string
  ami_suffix?: string
}

export interface RequestInput {
  provider: ProviderName
  baseImage: string
  packages?: string[]
  templateFile?: string
  varFile?: string
  account?: string
  extendedAttributes?: string[]
  upgrade?: boolean
  buildHost?: string
  buildInfoUrl?: string
  sourceImage?: string
  imageName?: string
  imageSuffix?: string
}

/** `KEY=VALUE` pairs; the last of a repeated key wins, as it would in a map. */
export function parseExtendedAttributes(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const pair of pairs) {
    const eq = pair.indexOf('=')
    const key = eq === -1 ? '' : pair.slice(0, eq).trim()
    if (eq === -1 || key === '') {
      throw usage(`--extended-attribute "${pair}" is not KEY=VALUE`, {
        code: 'BAD_EXTENDED_ATTRIBUTE',
        remediation: 'Write it as --extended-attribute copy_to=us-east1,us-west1 (one flag per attribute).',
      })
    }
    out[key] = pair.slice(eq + 1)
  }
  return out
}

/** A template or var file name: resolved inside Rosco's packer directory, never outside it. */
function assertFileName(flag: string, name: string | undefined): void {
  if (name === undefined) return
  checkNaming(name, {
    what: 'file name inside Rosco\'s packer directory',
    from: { flag: `--${flag}` },
    code: 'BAD_FILE_NAME',
    remediation: 'Give the name of a stock template or of a file in the deployment\'s profiles/rosco/packer/ (e.g. gce-custom.json).',
  })
}

/** The request for the command's flags; only what was given is set. */
export function buildRequest(input: RequestInput): BakeRequest {
  assertFileName('template-file', input.templateFile)
  assertFileName('var-file', input.varFile)
  const packages = (input.packages ?? []).flatMap((p) => p.split(/\s+/)).filter(Boolean)
  const attributes = parseExtendedAttributes(input.extendedAttributes ?? [])
  const request: BakeRequest = { cloud_provider_type: providers[input.provider].roscoType, base_os: input.baseImage }
  const optional: Partial<BakeRequest> = {
    package: packages.length > 0 ? packages.join(' ') : undefined,
    base_ami: input.sourceImage,
    template_file_name: input.templateFile,
    var_file_name: input.varFile,
    extended_attributes: Object.keys(attributes).length > 0 ? attributes : undefined,
    account_name: input.account,
    build_host: input.buildHost,
    build_info_url: input.buildInfoUrl,
    upgrade: input.upgrade || undefined,
    ami_name: input.imageName,
    ami_suffix: input.imageSuffix,
  }
  for (const [key, value] of Object.entries(optional)) if (value !== undefined && value !== '') (request as any)[key] = value
  return request
}

export const providerOfType = (type: BakeRequest['cloud_provider_type']): ProviderName => (type === 'gce' ? 'google' : 'oracle')
