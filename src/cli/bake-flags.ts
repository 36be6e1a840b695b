import { Flags } from '@oclif/core'
import { deploymentFlags } from './base-command.js'
import { usage } from '../lib/errors.js'
import { PROVIDERS } from '../bakery/providers.js'
import { buildRequest, type BakeRequest } from '../bake/request.js'

/** The request flags every bake command takes: the fields of a Rosco bake request. */
export const requestFlags = {
  ...deploymentFlags,
  provider: Flags.option({ options: PROVIDERS, required: true, description: 'Cloud provider of the bake (Rosco\'s cloud_provider_type gce or oracle).' })(),
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
  'build-info-url': Flags.string({ description: 'URL of the package\'s build (GCE: build_info_url, shown in the image description).' }),
  'source-image': Flags.string({ description: 'GCE source image overriding the base image\'s (Rosco\'s base_ami).' }),
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
  provider: (typeof PROVIDERS)[number]
  'base-image': string
  package?: string[]
  'template-file'?: string
  'var-file'?: string
  account?: string
  'extended-attribute'?: string[]
  upgrade?: boolean
  'build-host'?: string
  'build-info-url'?: string
  'source-image'?: string
  'image-name'?: string
  'image-suffix'?: string
  'build-number'?: string
  'commit-hash'?: string
  job?: string
  artifact?: string[]
}

export function requestFrom(flags: RequestFlags): BakeRequest {
  if (flags['source-image'] !== undefined && flags.provider !== 'google') {
    throw usage('--source-image is for google bakes: an oracle bake starts from its base image\'s baseImageId', {
      code: 'BAD_FLAG',
      remediation: 'Drop --source-image, or change the base image: hal config provider oracle bakery base-image edit ID --base-image-id OCID',
    })
  }
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
    sourceImage: flags['source-image'],
    imageName: flags['image-name'],
    imageSuffix: flags['image-suffix'],
    buildNumber: flags['build-number'],
    commitHash: flags['commit-hash'],
    job: flags.job,
    artifacts: flags.artifact,
  })
}

// Kept here for the commands that import them with the flags.
export { formatDuration, parseDuration } from '../lib/duration.js'
