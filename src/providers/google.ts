/**
 * Google Compute Engine: Rosco's GCEBakeHandler (cloud_provider_type gce) and Halyard's google
 * provider (spinnaker/halyard halyard-config .../model/v1/providers/google/).
 */
import { javaTrim } from '../model/java.js'
import type { Plain } from '../model/plain.js'
import { COMMON_ACCOUNT, COMMON_IMAGE } from './common.js'
import { defineProvider } from './define.js'
import { GCE_DIRECTIONS, GCE_NAME_MAX, gceResourceName } from './google/formats.js'
import { googleImageFamilyKey } from './google/rules/image-family-key.js'
import { googleImageFamily } from './google/rules/image-family.js'
import { imageName } from './google/rules/image-name.js'
import { googleNetwork } from './google/rules/network.js'
import { googleProject } from './google/rules/project.js'
import { googleSourceImage } from './google/rules/source-image.js'
import { googleZone } from './google/rules/zone.js'
import type { BakedImage, RoscoVariable } from '../model/provider.js'

const always = (name: string, from: string): RoscoVariable => ({ name, passed: 'always', from })
const whenSet = (name: string, from: string): RoscoVariable => ({ name, passed: 'when-set', from })

/** Packer 1.6's googlecompute checks of image_name (builder/googlecompute/config.go), as it words them. */
export function packerImageNameErrors(name: string): string[] {
  const errors: string[] = []
  if (name.length > GCE_NAME_MAX) errors.push('Invalid image name: Must not be longer than 63 characters')
  if (!/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/.test(name)) {
    errors.push(`Invalid image name "${name}": The first character must be a lowercase letter, and all following characters must be a dash, lowercase letter, or digit, except the last character, which cannot be a dash`)
  }
  return errors
}

interface Manifest {
  builds?: Array<{ artifact_id?: string; packer_run_uuid?: string }>
  last_run_uuid?: string
}

/**
 * GCE: the manifest's `artifact_id` of the build from the last run, else the last word of the
 * line `googlecompute: A disk image was created: NAME`.
 */
export function gceImage(manifestText: string | undefined, lines: readonly string[]): BakedImage | undefined {
  if (manifestText) {
    try {
      const manifest = JSON.parse(manifestText) as Manifest
      const build = manifest.builds?.find((b) => b.packer_run_uuid === manifest.last_run_uuid)
      if (build?.artifact_id) return { name: build.artifact_id, from: 'manifest' }
    } catch {
      // fall back to the log, as Rosco does
    }
  }
  const line = [...lines].reverse().find((l) => l.includes('googlecompute: A disk image was created'))
  const name = line?.trim().split(/\s+/).at(-1)
  return name ? { name, from: 'log' } : undefined
}

export const google = defineProvider({
  name: 'google',
  title: 'Google Compute Engine',
  roscoType: 'gce',
  roscoTitle: 'Google',
  variablePrefix: 'gce_',

  bakery: ['zone', 'network', 'networkProjectId', 'subnetwork', 'useInternalIp', 'templateFile'],
  image: [...COMMON_IMAGE, 'imageFamily', 'osType', 'customRepository'],
  virtualization: ['sourceImage', 'sourceImageFamily'],
  virtualizationShape: { kind: 'object' },
  account: ['project', 'jsonPath', 'imageProjects'],
  // GoogleAccount / CommonGoogleAccount, with GoogleAddAccountCommand's flags.
  accountMore: ['serviceAccountId', 'serviceAccountProject', 'alphaListed', 'userDataFile', 'regions', ...COMMON_ACCOUNT.keys],
  // Halyard's flags for imageFamily and userDataFile.
  flagNames: { imageFamily: 'is-image-family', userDataFile: 'user-data', ...COMMON_ACCOUNT.flagNames },
  // Halyard's edit spells the boolean --set-alpha-listed <bool>.
  aliases: { alphaListed: ['set-alpha-listed'] },
  entries: { imageProjects: 'image-project', regions: 'region', ...COMMON_ACCOUNT.entries },
  localFiles: ['jsonPath', 'userDataFile'],

  bake: {
    // GCEBakeHandler.buildParameterMap: a Groovy map literal.
    parameterMap: 'linked',
    account: 'required',
    unknownAccount: (name) => `Could not resolve Google account: (account_name=${name}).`,
    accountPurpose: 'project',
    masked: [],
    putVariables(c) {
      const { request, bakery, settings } = c
      c.set('gce_project_id', c.account?.project, 'account', c.from.account('project'), { fix: c.fix.account('project') })
      c.set('gce_zone', bakery.zone, 'bakery defaults', c.from.bakery('zone'), { fix: c.fix.bakery('zone') })
      c.set('gce_network', bakery.network, 'bakery defaults', c.from.bakery('network'), { fix: c.fix.bakery('network') })
      c.set('gce_target_image', c.imageName, 'computed', c.imageFrom)
      // findVirtualizationSettings: base_ami replaces the base image's sourceImage.
      if (request.base_ami) {
        c.set('gce_source_image', request.base_ami, 'request', '--source-image (base_ami)')
      } else if (settings.sourceImage) {
        c.set('gce_source_image', settings.sourceImage, 'base image', c.from.settings('sourceImage'))
      } else if (settings.sourceImageFamily) {
        c.set('gce_source_image_family', settings.sourceImageFamily, 'base image', c.from.settings('sourceImageFamily'))
      } else if (c.entry) {
        // Rosco: "No source image or source image family found"; said as validate's google/source-image says it (once).
        c.problem('google/source-image', 'error', `Either source image or source image family must be specified for ${request.base_os}.`,
          c.fix.settings('sourceImageFamily', 'ubuntu-2204-lts'), c.paths.settings)
      }
      c.setIf('gce_account_file', c.account?.jsonPath, 'account', c.from.account('jsonPath'), { fix: c.fix.account('jsonPath') })
      c.setIf('gce_network_project_id', bakery.networkProjectId, 'bakery defaults', 'networkProjectId', { fix: c.fix.bakery('networkProjectId') })
      c.setIf('gce_subnetwork', bakery.subnetwork, 'bakery defaults', 'subnetwork', { fix: c.fix.bakery('subnetwork') })
      // Put whenever it is not null; false is then left out of the command.
      if (bakery.useInternalIp !== undefined && bakery.useInternalIp !== null) {
        c.set('gce_use_internal_ip', bakery.useInternalIp, 'bakery defaults', c.from.bakery('useInternalIp'), { fix: c.fix.bakery('useInternalIp').replace(/ VALUE$/, '') })
      }
      c.setIf('build_info_url', request.build_info_url, 'request', '--build-info-url', { fix: '--build-info-url URL' })
      c.putAppversion()
      c.set('artifactFile', c.artifactFile, 'computed', `the request's ${request.package_artifacts?.length ?? 0} artifact(s) as a JSON file (PackerArtifactService)`)
      c.set('manifestFile', c.manifestFile, 'computed', 'where the manifest post-processor writes (PackerManifestService)')
    },
    planChecks(c) {
      if (!c.entry) return
      const check = gceResourceName(c.imageName)
      if (check.ok) return
      const packerSays = packerImageNameErrors(javaTrim(c.imageName))
      c.problem('bake/image-name', 'error', `The image name "${c.imageName}" is not a valid GCE image name: ${check.reason}.${packerSays.length > 0 ? ` Rosco would run the command below and Packer would stop with: ${packerSays.join('; ')}.` : ''}`,
        `It is made of ${c.imageFrom}: change the part at fault (--image-name, --image-suffix, the package, the base image id) so that the whole is lowercase letters, digits and '-', at most ${GCE_NAME_MAX} characters.`)
    },
    variables: [
      always('gce_project_id', "the account's project"),
      always('gce_zone', "bakeryDefaults' zone"),
      always('gce_network', "bakeryDefaults' network"),
      always('gce_target_image', 'the image name Rosco builds from the package, arch, time and base image'),
      always('artifactFile', 'a JSON file of the bake request\'s artifacts ([] when none)'),
      always('manifestFile', 'the file Packer\'s manifest post-processor writes, read back for the image id'),
      whenSet('gce_source_image', "the base image's sourceImage, or the bake request's base_ami (else gce_source_image_family is passed)"),
      whenSet('gce_source_image_family', "the base image's sourceImageFamily, when it has no sourceImage"),
      whenSet('gce_account_file', "the account's jsonPath"),
      whenSet('gce_network_project_id', "bakeryDefaults' networkProjectId"),
      whenSet('gce_subnetwork', "bakeryDefaults' subnetwork"),
      whenSet('gce_use_internal_ip', "bakeryDefaults' useInternalIp, when true"),
      whenSet('build_info_url', "the bake request's build_info_url"),
      whenSet('appversion', 'the application version built from the package and the request (build number, commit, job)'),
    ],
    requestFields: [
      {
        flag: 'source-image', field: 'base_ami', type: 'string',
        description: 'GCE source image overriding the base image\'s (Rosco\'s base_ami).',
      },
    ],
    stoppingRules: ['google/source-image'],
  },

  packer: {
    builders: ['googlecompute'],
    stockTemplates: ['gce.json'],
    shipped: ['gce.json'],
    validateNeeds: 'no cloud credentials',
    dummyValues: {
      gce_project_id: 'galley-lint-project',
      gce_zone: 'us-central1-f',
      gce_network: 'default',
      gce_target_image: 'galley-lint-all-20240101000000-ubuntu',
      gce_source_image: 'ubuntu-2204-jammy-v20240101',
      gce_source_image_family: 'ubuntu-2204-lts',
    },
    // Rosco passes one of the two, as the base image says; pick the one the template declares.
    extraValidateVariables: (declared) => [declared.has('gce_source_image_family') || !declared.has('gce_source_image') ? 'gce_source_image_family' : 'gce_source_image'],
    bakedImage: (lines, manifest) => gceImage(manifest, lines),
  },

  config: {
    // ManagedGoogleAccount: Halyard's other account keys are for Clouddriver.
    roscoAccountKeys: ['name', 'project', 'jsonPath'],
    // GoogleBakeryDefaults.java:27-30, GoogleBaseImage.java:31-32, 40 (the Lombok boolean
    // isImageFamily is the JSON property imageFamily), 46-47.
    halyardKeys: {
      bakeryDefaults: ['templateFile', 'baseImages', 'zone', 'network', 'networkProjectId', 'useInternalIp'],
      entry: ['baseImage', 'virtualizationSettings'],
      baseImage: ['id', 'shortDescription', 'detailedDescription', 'packageType', 'templateFile', 'imageFamily'],
      virtualizationSettings: ['sourceImage', 'sourceImageFamily'],
    },
    roscoOnlyBakeryKeys: ['subnetwork'],
    roscoImageKeys: { imageFamily: 'isImageFamily' },
    keyOrder: {
      bakery: ['zone', 'network', 'networkProjectId', 'subnetwork', 'useInternalIp'],
      baseImage: ['imageFamily', 'osType', 'customRepository'],
      virtualization: ['sourceImage', 'sourceImageFamily'],
      // CommonGoogleAccount, then GoogleAccount.
      account: ['project', 'jsonPath', 'serviceAccountId', 'serviceAccountProject', 'alphaListed', 'imageProjects', 'consul', 'userDataFile', 'regions'],
    },
    // rosco-web/config/rosco.yml: Halyard merged them after the halconfig's.
    stockBaseImages: [
      {
        baseImage: { id: 'xenial', shortDescription: 'v16.04', detailedDescription: 'Ubuntu Xenial Xerus v16.04', packageType: 'deb', isImageFamily: true },
        virtualizationSettings: { sourceImageFamily: 'ubuntu-1604-lts' },
      },
      {
        baseImage: { id: 'bionic', shortDescription: 'v18.04', detailedDescription: 'Ubuntu Bionic Beaver v18.04', packageType: 'deb', isImageFamily: true },
        virtualizationSettings: { sourceImageFamily: 'ubuntu-1804-lts' },
      },
    ] as readonly Plain[],
    // Rosco's google.gce.bakeryDefaults, deprecated in 2017 and still read (rosco 4bfc83d).
    legacyNesting: { key: 'gce', note: 'Rosco\'s old place for the Google bakery settings (deprecated in 2017, still read)' },
    bakerySettingRules: ['google/zone', 'google/network'],
  },

  rules: [googleZone, googleNetwork, googleSourceImage, googleImageFamily, googleImageFamilyKey, googleProject],
  baseImageRules: [imageName],

  examples: {
    account: { name: 'my-google-account', add: 'bakery-account --project my-project --json-path <KEY_FILE>', edit: '--project my-other-project' },
    image: {
      id: 'ubuntu-2204',
      add: 'debian-12 --source-image-family debian-12 --package-type deb --short-description "Debian 12"',
      edit: '--source-image-family ubuntu-2204-lts --short-description "Ubuntu 22.04"',
    },
    package: 'nginx',
    bakery: '--zone europe-west4-a --network bakery --use-internal-ip',
  },

  wizard: {
    oneOf: [['sourceImage', 'sourceImageFamily']],
    options: {
      zone: { values: [], form: `A GCE zone: <area>-<direction><n>-<letter>, e.g. us-central1-f (directions: ${GCE_DIRECTIONS.join(', ')}). galley checks the form offline; the zones themselves are listed by gcloud compute zones list.` },
    },
  },
  sourceSummary: (vs) => (vs.sourceImage ? `image ${vs.sourceImage}` : vs.sourceImageFamily ? `family ${vs.sourceImageFamily}` : undefined),
})
