import { Flags } from '@oclif/core'
import { deploymentFlags } from './base-command.js'
import { usage } from '../lib/errors.js'
import { PROVIDERS, PROVIDER_NAMES, providerNamed } from '../providers/index.js'
import { buildRequest, type BakeRequest } from '../bake/request.js'

/** The request flags every bake command takes: the fields of a Rosco bake request. */
export const requestFlags = {
  ...deploymentFlags,
  provider: Flags.option({ options: PROVIDER_NAMES, required: true, description: `Cloud provider of the bake (Rosco's cloud_provider_type ${PROVIDERS.map((p) => p.roscoType).join(' or ')}).` })(),
  'base-image': Flags.string({ required: true, description: 'Id of a base image of the provider\'s bakery (Rosco\'s base_os).' }),
  package: Flags.string({
    multiple: true,
    description: 'Package to install (repeatable; Rosco\'s package). deb: name or name_version-release_arch; rpm: name or name-version-release.arch.',
  }),
  'template-file': Flags.string({ description: 'Packer template, a file of Rosco\'s packer directory (overrides the base image\'s and the bakery\'s).' }),
  'var-file': Flags.string({ description: 'Packer var file in the deployment\'s profiles/rosco/packer/ (passed as -var-file).' }),
  account: Flags.string({ description: 'Account to bake with [default: the provider\'s first account].' }),
  'extended-attribute': Flags.string({
    multiple: true,
    description: 'KEY=VALUE passed to Packer as a variable, overriding every other value (repeatable). copy_to and share_with take comma lists.',
  }),
  upgrade: Flags.boolean({ description: 'Upgrade the image\'s packages before installing.' }),
  'build-host': Flags.string({ description: 'URL of the CI server that built the package (Rosco\'s build_host).' }),
  'build-info-url': Flags.string({ description: 'URL of the package\'s build (Rosco\'s build_info_url, shown in the image description).' }),
  ...providerRequestFlags(),
  'image-name': Flags.string({ description: 'First part of the baked image\'s name [default: the first package\'s name] (Rosco\'s ami_name).' }),
  'image-suffix': Flags.string({ description: 'Third part of the baked image\'s name [default: the time in epoch milliseconds] (Rosco\'s ami_suffix).' }),
  'build-number': Flags.string({ description: 'CI build number (Rosco\'s build_number): the appversion becomes name-version-hBUILD.' }),
  'commit-hash': Flags.string({ description: 'Commit of the build (Rosco\'s commit_hash): appended to the appversion as .COMMIT, only with --build-number.' }),
  job: Flags.string({ description: 'CI job (Rosco\'s job): appended to the appversion as /JOB/BUILD, only with --build-number.' }),
  artifact: Flags.string({
    multiple: true,
    description: 'Package as a Spinnaker artifact (repeatable; Rosco\'s package_artifacts): type=deb,name=NAME,reference=REF[,version=...] or a JSON object with the Artifact\'s fields.',
  }),
}

export interface RequestFlags {
  provider: string
  'base-image': string
  package?: string[]
  'template-file'?: string
  'var-file'?: string
  account?: string
  'extended-attribute'?: string[]
  upgrade?: boolean
  'build-host'?: string
  'build-info-url'?: string
  'image-name'?: string
  'image-suffix'?: string
  'build-number'?: string
  'commit-hash'?: string
  job?: string
  artifact?: string[]
}

export function requestFrom(flags: RequestFlags): BakeRequest {
  checkProviderFlags(flags)
  return buildRequest({
    provider: flags.provider,
    baseImage: flags['base-image'],
    packages: flags.package,
    templateFile: flags['template-file'],
    varFile: flags['var-file'],
    account: flags.account,
    extendedAttributes: flags['extended-attribute'],
    upgrade: flags.upgrade,
    buildHost: flags['build-host'],
    buildInfoUrl: flags['build-info-url'],
    providerFields: providerFieldValues(flags),
    imageName: flags['image-name'],
    imageSuffix: flags['image-suffix'],
    buildNumber: flags['build-number'],
    commitHash: flags['commit-hash'],
    job: flags.job,
    artifacts: flags.artifact,
  })
}

/**
 * The request flags only some providers take (google --source-image), from their descriptions:
 * one flag per name, the providers that take it named in its help.
 */
function providerRequestFlags(): Record<string, any> {
  const out: Record<string, any> = {}
  for (const p of PROVIDERS) {
    for (const f of p.bake.requestFields) {
      if (out[f.flag]) continue
      out[f.flag] = f.type === 'boolean'
        ? Flags.boolean({ description: f.description })
        : f.options ? Flags.option({ options: f.options, description: f.description })() : Flags.string({ description: f.description })
    }
  }
  return out
}

/** A provider's request flag given for a provider that does not take it: exit 2, saying what that provider starts from. */
function checkProviderFlags(given: RequestFlags) {
  const flags = given as RequestFlags & Record<string, unknown>
  const provider = providerNamed(flags.provider)
  for (const p of PROVIDERS) {
    for (const f of p.bake.requestFields) {
      // Every bake has a region in Rosco's URL (bake submit defaults it): only some providers read it.
      if (f.inUrl || flags[f.flag] === undefined || provider?.bake.requestFields.some((own) => own.flag === f.flag)) continue
      const owners = PROVIDERS.filter((o) => o.bake.requestFields.some((own) => own.flag === f.flag)).map((o) => o.name)
      const source = provider?.bake.source
      const field = source && provider ? provider.virtualization.find((v) => v.key === source.settingsKey) : undefined
      const article = /^[aeiou]/.test(flags.provider) ? 'an' : 'a'
      throw usage(`--${f.flag} is for ${owners.join(' and ')} bakes${source ? `: ${article} ${flags.provider} bake starts from its base image's ${source.settingsKey}` : ''}`, {
        code: 'BAD_FLAG',
        remediation: source && field ? `Drop --${f.flag}, or change the base image: hal config provider ${flags.provider} bakery base-image edit ID --${field.flag} ${source.example}` : `Drop --${f.flag}.`,
      })
    }
  }
}

/** The provider-only request fields given, by Rosco's field name. */
function providerFieldValues(given: RequestFlags): Record<string, unknown> {
  const flags = given as RequestFlags & Record<string, unknown>
  const provider = providerNamed(flags.provider)
  const out: Record<string, unknown> = {}
  for (const f of provider?.bake.requestFields ?? []) if (flags[f.flag] !== undefined) out[f.field] = flags[f.flag]
  return out
}

// Kept here for the commands that import them with the flags.
export { formatDuration, parseDuration } from '../lib/duration.js'
