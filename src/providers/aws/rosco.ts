/**
 * Rosco's AWS bake handler as pure functions: which settings a bake uses, the aws_* variables it
 * passes to Packer, in order, and what it reads back from Packer's output.
 *
 * Transcribed from spinnaker/rosco 030f7b6c, rosco-core/src/main/groovy/com/netflix/spinnaker/
 * rosco/providers/aws/AWSBakeHandler.groovy (cited as `H:line`) and CloudProviderBakeHandler.groovy.
 */
import { isPlainObject, type Plain } from '../../model/plain.js'
import { ROSCO_AMI_ID } from './formats.js'

/** The request fields the AWS handler reads (Rosco's BakeRequest, snake_case). */
export interface AwsRequest {
  base_os: string
  /** pv or hvm; unset: the bakery's defaultVirtualizationType (H:96). */
  vm_type?: string
  base_ami?: string
  base_label?: string
  account_name?: string
  enhanced_networking?: boolean
  build_info_url?: string
}

/** Rosco's defaultVirtualizationType when none is configured (AWSBakeryDefaultsBean.java:30-33). */
export const DEFAULT_VIRTUALIZATION_TYPE = 'hvm'
/** Rosco's default maskedPackerParameters (RoscoAWSConfiguration.groovy:55). */
export const DEFAULT_MASKED = ['aws_access_key', 'aws_secret_key'] as const

/** How the source AMI is known. */
export type SourceAmiOrigin =
  /** An `ami-` id from the settings or the request: passed as it is. */
  | 'id'
  /** An image name: Rosco resolves it through Clouddriver at bake time (H:128-131, 241-259). */
  | 'name'

export interface AwsSelection {
  ok: true
  vmType: string
  /** Index of the base image entry in bakeryDefaults.baseImages. */
  imageIndex: number
  image: Plain
  /** Index of the chosen entry in its virtualizationSettings. */
  settingsIndex: number
  /** The chosen entry, with base_ami applied (Rosco clones it first, H:115-119). */
  settings: Plain
  sourceAmi: string
  sourceAmiFrom: 'request' | 'base image'
  sourceAmiOrigin: SourceAmiOrigin
  /** With a name: Rosco takes the newest matching image (mostRecent) or the first. */
  mostRecent: boolean
}

export interface AwsSelectionError {
  ok: false
  /** Where Rosco stops: no base image, no settings for region and vm type, no source AMI. */
  stage: 'base-image' | 'settings' | 'source'
  /** Rosco's own message (IllegalArgumentException). */
  message: string
  vmType: string
  imageIndex?: number
  /** With `source`: the dynamic property Rosco would read first (CloudProviderBakeHandler.groovy:258-265). */
  property?: string
}

const text = (value: unknown): string | undefined =>
  value === undefined || value === null ? undefined : typeof value === 'object' ? undefined : String(value)

/** Groovy truth of a String field: null and "" are false. */
const truthy = (value: unknown): boolean => text(value) !== undefined && text(value) !== ''

/** The bake's vm type: the request's, else the bakery's defaultVirtualizationType, else hvm (H:96). */
export function vmTypeOf(request: Pick<AwsRequest, 'vm_type'>, bakery: Plain): string {
  return request.vm_type || text(bakery.defaultVirtualizationType) || DEFAULT_VIRTUALIZATION_TYPE
}

/** The settings entries of a base image entry: Rosco's is a list (RoscoAWSConfiguration.groovy:60). */
export function settingsList(entry: Plain): Plain[] {
  const list = entry.virtualizationSettings
  return Array.isArray(list) ? list.map((item) => (isPlainObject(item) ? item : {})) : []
}

/** Rosco's dynamic property for a base AMI, with the request's own vm_type and base_label (null when unset). */
export const dynamicProperty = (region: string, request: AwsRequest): string =>
  `aws.base.${request.base_os}.${request.vm_type ?? 'null'}.${request.base_label ?? 'null'}.${region}`

/**
 * findVirtualizationSettings (H:94-139): the first base image whose id is base_os, then its first
 * entry whose region and virtualizationType both match, then base_ami over its sourceAmi.
 */
export function findVirtualizationSettings(region: string, request: AwsRequest, bakery: Plain): AwsSelection | AwsSelectionError {
  const vmType = vmTypeOf(request, bakery)
  const images = Array.isArray(bakery.baseImages) ? bakery.baseImages : []
  const imageIndex = images.findIndex((e) => isPlainObject(e) && isPlainObject(e.baseImage) && e.baseImage.id === request.base_os)
  if (imageIndex < 0) return { ok: false, stage: 'base-image', vmType, message: `No virtualization settings found for '${request.base_os}'.` }
  const entry = images[imageIndex] as Plain
  const image = entry.baseImage as Plain
  const list = settingsList(entry)
  // Rosco compares the enum: a virtualizationType written otherwise never matches.
  const settingsIndex = list.findIndex((s) => text(s.region) === region && text(s.virtualizationType) === vmType)
  if (settingsIndex < 0) {
    return {
      ok: false, stage: 'settings', vmType, imageIndex,
      message: `No virtualization settings found for region '${region}', operating system '${request.base_os}', and vm type '${vmType}'.`,
    }
  }
  const settings: Plain = { ...list[settingsIndex] }
  const fromRequest = truthy(request.base_ami)
  if (fromRequest) settings.sourceAmi = request.base_ami
  const sourceAmi = text(settings.sourceAmi)
  if (sourceAmi === undefined || sourceAmi === '') {
    const account = request.account_name || '<bakeAccount>'
    return {
      ok: false, stage: 'source', vmType, imageIndex, property: dynamicProperty(region, request),
      message: `No base image found for os '${request.base_os}', vm type '${vmType}', region '${region}', label: '${request.base_label ?? null}', account: '${account}'`,
    }
  }
  return {
    ok: true, vmType, imageIndex, image, settingsIndex, settings, sourceAmi,
    sourceAmiFrom: fromRequest ? 'request' : 'base image',
    sourceAmiOrigin: ROSCO_AMI_ID.test(sourceAmi) ? 'id' : 'name',
    mostRecent: settings.mostRecent === true,
  }
}

/** One entry of Rosco's parameter map: put always, or only when Rosco's condition holds. */
export interface AwsParameter {
  name: string
  value: unknown
  source: 'region' | 'base image' | 'bakery defaults' | 'request' | 'computed'
  /** The key or flag it comes from. */
  from: string
  /** `always`: put whatever the value (null and false are then left out of the command). */
  put: 'always' | 'if set'
  /** Why it is not put, when Rosco's condition is false. */
  skipped?: string
  secret?: boolean
  /** The halconfig key that sets it, for fix texts: bakery.KEY or settings.KEY. */
  key?: string
}

/**
 * buildParameterMap (H:141-196): a LinkedHashMap in this order. The String fields stay Strings
 * (a YAML `spotPrice: 0` is bound to "0", which Groovy finds true, so it is passed); the
 * Boolean awsAssociatePublicIpAddress is put when not null, and false is then dropped by the
 * command factory (util/LocalJobFriendlyPackerCommandFactory.groovy:38-45).
 */
export function buildParameterMap(region: string, settings: Plain, imageName: string, request: AwsRequest, bakery: Plain, appVersion?: string): AwsParameter[] {
  const out: AwsParameter[] = []
  const fromSettings = (name: string, key: string, put: AwsParameter['put'], when = true, skipped?: string) => {
    const value = text(settings[key])
    out.push({ name, value, source: 'base image', from: `virtualizationSettings.${key}`, put, key: `settings.${key}`, ...(when ? {} : { skipped }) })
  }
  const fromBakery = (name: string, key: string, extra: Partial<AwsParameter> = {}) => {
    out.push({ name, value: text(bakery[key]), source: 'bakery defaults', from: key, put: 'if set', key: `bakery.${key}`, ...extra })
  }
  const masked = Array.isArray(bakery.maskedPackerParameters) ? bakery.maskedPackerParameters.map(String) : [...DEFAULT_MASKED]
  // galley hides the secret key whatever Rosco masks in its own logs.
  const isSecret = (name: string) => masked.includes(name) || name === 'aws_secret_key'

  out.push({ name: 'aws_region', value: region, source: 'region', from: 'the bake\'s region', put: 'always' })
  fromSettings('aws_instance_type', 'instanceType', 'always')
  out.push({
    name: 'aws_source_ami', value: text(settings.sourceAmi), source: truthy(request.base_ami) ? 'request' : 'base image',
    from: truthy(request.base_ami) ? 'base_ami' : 'virtualizationSettings.sourceAmi', put: 'always', key: 'settings.sourceAmi',
  })
  out.push({ name: 'aws_target_ami', value: imageName, source: 'computed', from: 'the image name', put: 'always' })
  fromSettings('aws_ssh_username', 'sshUserName', 'if set')
  fromSettings('aws_winrm_username', 'winRmUserName', 'if set')
  fromSettings('aws_spot_price', 'spotPrice', 'if set')
  const auto = text(settings.spotPrice) === 'auto'
  fromSettings('aws_spot_price_auto_product', 'spotPriceAutoProduct', 'if set', auto, 'spotPrice is not "auto"')
  const both = truthy(bakery.awsAccessKey) && truthy(bakery.awsSecretKey)
  // One key without the other: Rosco passes neither.
  const pairSkipped = (key: string) => (both || !truthy(bakery[key]) ? {} : { skipped: `Rosco passes ${key} only together with ${key === 'awsAccessKey' ? 'awsSecretKey' : 'awsAccessKey'}, which is not set` })
  fromBakery('aws_access_key', 'awsAccessKey', { ...pairSkipped('awsAccessKey'), ...(isSecret('aws_access_key') ? { secret: true } : {}) })
  fromBakery('aws_secret_key', 'awsSecretKey', { ...pairSkipped('awsSecretKey'), ...(isSecret('aws_secret_key') ? { secret: true } : {}) })
  fromBakery('aws_subnet_id', 'awsSubnetId')
  fromBakery('aws_vpc_id', 'awsVpcId')
  const publicIp = bakery.awsAssociatePublicIpAddress
  out.push({
    name: 'aws_associate_public_ip_address', value: publicIp === undefined ? null : publicIp, source: 'bakery defaults', from: 'awsAssociatePublicIpAddress',
    put: 'if set', key: 'bakery.awsAssociatePublicIpAddress', ...(publicIp === undefined || publicIp === null ? { skipped: 'not set' } : {}),
  })
  out.push({
    name: 'aws_ena_support', value: request.enhanced_networking ? true : undefined, source: 'request', from: 'enhanced_networking', put: 'if set',
    ...(request.enhanced_networking ? {} : { skipped: 'the request does not ask for enhanced networking' }),
  })
  out.push({ name: 'build_info_url', value: request.build_info_url, source: 'request', from: 'build_info_url', put: 'if set' })
  out.push({ name: 'appversion', value: appVersion, source: 'computed', from: 'the appversion', put: 'if set' })
  for (const p of out) {
    if (isSecret(p.name) && !p.secret) p.secret = true
    if (p.put === 'if set' && !p.skipped && (p.value === undefined || p.value === null || p.value === '' || p.value === false)) {
      if (p.value !== false) p.skipped = 'not set'
    }
  }
  return out
}

/** The parameters as the -var pairs Packer gets: conditions applied, then null, '', false dropped (the command factory). */
export function passedParameters(parameters: readonly AwsParameter[]): Array<[string, string]> {
  return parameters
    .filter((p) => !p.skipped && p.value !== undefined && p.value !== null && p.value !== '' && p.value !== false)
    .map((p) => [p.name, String(p.value).trim()])
}

/** produceProviderSpecificBakeKeyComponent (H:81-92): `<region>:<vm_type>:enhancedNWEnabled|enhancedNWDisabled`. */
export function bakeKeyComponent(region: string, request: AwsRequest, bakery: Plain): string {
  return `${region}:${vmTypeOf(request, bakery)}:${request.enhanced_networking ? 'enhancedNWEnabled' : 'enhancedNWDisabled'}`
}

// ---------------------------------------------------------------------------------------------
// Reading the result (scrapeCompletedBakeResults, H:203-234)

const IMAGE_NAME_TOKEN = /amazon-(chroot|ebs): Creating the AMI:/
const UNENCRYPTED_IMAGE_NAME_TOKEN = /(==> |)amazon-(chroot|ebs): Creating unencrypted AMI/
const UNENCRYPTED_ALL = /(==> |)amazon-(chroot|ebs): Creating unencrypted AMI/g
const AMI_EXTRACTOR = /[a-z]{2}-[a-z]{2,10}-[0-9]:\sami-[a-z0-9]{8,}/
// Used as a regular expression by Rosco (`=~`), so its dots match any character.
const BUILDS_FINISHED = /==> Builds finished. The artifacts of successful builds are:/

export interface AwsBakeResult {
  /** The AMI id in the bake's region: the last token of the last line holding `<region>:`. */
  ami?: string
  /** Only Packer versions that print "Creating the AMI: NAME" or "Creating unencrypted AMI NAME" give it. */
  imageName?: string
  /** Every `region: ami-...` line after "Builds finished" (copies to other regions included). */
  artifacts: Array<{ type: 'aws/image'; location: string; reference: string }>
}

/** Java's String.split(regex) drops trailing empty strings; a lone separator gives []. */
const javaSplit = (line: string, separator: string): string[] => {
  const parts = line.split(separator)
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop()
  return parts
}

/**
 * What Rosco reads from a finished Packer log, line by line, the first matching branch winning;
 * the region string is used as a regular expression, unanchored, as Groovy's `=~` does.
 */
export function scrapeBakeResult(region: string, log: string): AwsBakeResult {
  const result: AwsBakeResult = { artifacts: [] }
  let regionPattern: RegExp | undefined
  try {
    regionPattern = new RegExp(`${region}:`)
  } catch {
    regionPattern = undefined
  }
  let finished = false
  // Groovy's eachLine splits on \n, \r\n and \r.
  for (let line of log.split(/\r\n|\r|\n/)) {
    if (IMAGE_NAME_TOKEN.test(line)) {
      result.imageName = javaSplit(line, ' ').at(-1)
    } else if (UNENCRYPTED_IMAGE_NAME_TOKEN.test(line)) {
      line = line.replace(UNENCRYPTED_ALL, '').trim()
      result.imageName = javaSplit(line, ' ')[0]
    } else if (regionPattern?.test(line)) {
      result.ami = javaSplit(line, ' ').at(-1)
    } else if (BUILDS_FINISHED.test(line)) {
      finished = true
    }
    if (finished && AMI_EXTRACTOR.test(line)) {
      const parts = javaSplit(line, ': ')
      result.artifacts.push({ type: 'aws/image', location: parts[0], reference: parts.at(-1)! })
    }
  }
  return result
}
