/**
 * What Rosco's Azure bake handler does with a bake request, as pure functions: which base image
 * and template it takes, the image name, the managed image name, the account, the -var map in
 * Rosco's order, what it masks in its logs, and how it reads the baked image from Packer's output.
 *
 * Transcribed from spinnaker/rosco 030f7b6c, rosco-core/src/main/groovy/com/netflix/spinnaker/rosco/
 * providers/azure/AzureBakeHandler.groovy (AH below) and azure/util/AzureImageNameFactory.java,
 * with the common recipe of CloudProviderBakeHandler.groovy (CH).
 */

import type { OsPackageName } from '../../model/package-names.js'

/** Rosco's BakeRequest.Label (BakeRequest.groovy:100-102): base_label takes one of these. */
export const BASE_LABELS = ['release', 'candidate', 'previous', 'unstable', 'foundation'] as const

/** AH:214-217: the variables Rosco masks in its logs. azure_object_id and azure_subscription_id are not among them. */
export const AZURE_MASKED_VARIABLES = ['azure_client_id', 'azure_client_secret'] as const

/** Halyard's default templateFile for azure (halyard-config .../providers/azure/AzureProvider.java:27-31). */
export const AZURE_DEFAULT_TEMPLATE = 'azure-linux.pkr.hcl'

/** The bake request fields the Azure handler reads. */
export interface AzureBakeRequest {
  base_os?: string
  publisher?: string
  offer?: string
  sku?: string
  custom_managed_image_name?: string
  account_name?: string
  build_number?: string
  base_name?: string
  base_label?: string
  /** linux or windows (BakeRequest.OsType): read only when there is no base_os. */
  os_type?: string
  package_type?: string
  template_file_name?: string
}

/** A base image as Rosco binds it (RoscoAzureConfiguration.groovy:53-58 plus BakeOptions.BaseImage). */
export interface AzureBaseImage {
  id?: string
  packageType?: string
  templateFile?: string
  osType?: string
  customRepository?: string
  publisher?: string
  offer?: string
  sku?: string
  version?: string
}

/** ManagedAzureAccount (RoscoAzureConfiguration.groovy:68-77). */
export interface AzureAccount {
  name?: string
  clientId?: string
  appKey?: string
  tenantId?: string
  subscriptionId?: string
  objectId?: string
  packerResourceGroup?: string
  packerStorageAccount?: string
}

/** Groovy truth of a String: null and '' are false (a string of spaces is true). */
const truthy = (value: unknown): value is string | number => value !== undefined && value !== null && value !== '' && value !== false && value !== 0
/** StringUtils.isBlank. */
const blank = (value: string | undefined): boolean => value === undefined || value.trim() === ''

export type AzureChoice =
  | { ok: true; image: AzureBaseImage; index?: number; from: 'base image' | 'os type' }
  | { ok: false; error: string }

/**
 * AH:185-212. With base_os, the first base image whose id matches (CH:278-286), or Rosco's error.
 * Without it, an image made up from the request: os_type linux gives deb and azure-linux.pkr.hcl,
 * anything else (windows, or none) nupkg and azure-windows.pkr.hcl; a custom_managed_image_name
 * switches to the -managed-image template; the request's package_type and template_file_name win.
 */
export function chooseAzureBaseImage(request: AzureBakeRequest, baseImages: readonly (AzureBaseImage | undefined)[]): AzureChoice {
  if (truthy(request.base_os)) {
    const index = baseImages.findIndex((image) => image?.id === request.base_os)
    if (index < 0) return { ok: false, error: `No virtualization settings found for '${request.base_os}'.` }
    return { ok: true, image: baseImages[index] as AzureBaseImage, index, from: 'base image' }
  }
  const linux = request.os_type === 'linux'
  let templateFile = linux ? 'azure-linux.pkr.hcl' : 'azure-windows.pkr.hcl'
  if (truthy(request.custom_managed_image_name)) templateFile = linux ? 'azure-linux-managed-image.pkr.hcl' : 'azure-windows-managed-image.pkr.hcl'
  return {
    ok: true,
    from: 'os type',
    image: {
      packageType: truthy(request.package_type) ? request.package_type : linux ? 'deb' : 'nupkg',
      templateFile: truthy(request.template_file_name) ? request.template_file_name : templateFile,
      ...(request.os_type ? { osType: request.os_type } : {}),
    },
  }
}

/** CH:239 with AH:167-170: the request's template_file_name, else the base image's, else the bakery's. */
export function azureTemplateName(request: AzureBakeRequest, image: AzureBaseImage, bakeryTemplate: string | undefined): string | undefined {
  if (truthy(request.template_file_name)) return request.template_file_name
  if (truthy(image.templateFile)) return image.templateFile
  return truthy(bakeryTemplate) ? bakeryTemplate : undefined
}

export type AzureImageName = { ok: true; name: string; parts: Array<[string, string]> } | { ok: false; error: string }

/**
 * AzureImageNameFactory.java:29-50: `[base_name ?: first package name, its arch ?: "all",
 * base_label ?: epoch millis, base_os ?: os_type]`, blank parts dropped, joined with '-'. Unlike the
 * other providers, ami_name and ami_suffix are not read. With neither base_os nor os_type,
 * `getOs_type().name()` throws a NullPointerException and the bake fails.
 */
export function azureImageName(request: AzureBakeRequest, named: readonly OsPackageName[], nowMs: number): AzureImageName {
  const first = named[0]
  const os = request.base_os ?? request.os_type
  if (os === undefined || os === null) {
    return { ok: false, error: 'Rosco fails with a NullPointerException: AzureImageNameFactory names the image after base_os, else os_type, and the request has neither.' }
  }
  const parts: Array<[string | undefined, string]> = [
    request.base_name !== undefined && request.base_name !== null ? [request.base_name, '--base-name'] : [first?.name ?? '', 'first package'],
    [first ? first.arch ?? 'all' : 'all', first?.arch ? 'its architecture' : 'no architecture'],
    request.base_label !== undefined && request.base_label !== null ? [request.base_label, '--base-label'] : [String(nowMs), 'the time in epoch milliseconds'],
    [os, request.base_os !== undefined && request.base_os !== null ? 'base image' : '--os-type'],
  ]
  const kept = parts.filter(([value]) => !blank(value)) as Array<[string, string]>
  return { ok: true, name: kept.map(([value]) => value).join('-'), parts: kept }
}

/** The longest managed image name Rosco passes (AH:150-156, "Azure Managed Disk limitation"). */
export const AZURE_MANAGED_IMAGE_NAME_MAX = 75

export interface ManagedImageName {
  value: string
  /** How the name was made, for a plan. */
  from: string
  /** What the clean-up took away, when it changed anything. */
  removed?: string
}

/**
 * AH:137-158: `<build_number>-<base_name>` when both are set, else the image name, else the time
 * in milliseconds; then characters other than `A-Za-z0-9_-.` removed, trailing '-' and '.'
 * stripped, and the result cut to 75 characters. The cut comes after the strip, so a cut name may
 * end with '-' or '.' again, which Packer's managed_image_name rule refuses.
 */
export function azureManagedImageName(request: Pick<AzureBakeRequest, 'build_number' | 'base_name'>, imageName: string | undefined, nowMs: number): ManagedImageName {
  let raw: string
  let from: string
  if (truthy(request.build_number) && truthy(request.base_name)) {
    raw = `${request.build_number}-${request.base_name}`
    from = '--build-number and --base-name'
  } else if (truthy(imageName)) {
    raw = imageName
    from = 'the image name'
  } else {
    raw = String(nowMs)
    from = 'the time in epoch milliseconds'
  }
  const value = raw.replace(/[^A-Za-z0-9_\-.]/g, '').replace(/[-.]+$/, '').slice(0, AZURE_MANAGED_IMAGE_NAME_MAX)
  if (value === raw) return { value, from }
  const dropped = [...new Set([...raw].filter((ch) => !/[A-Za-z0-9_\-.]/.test(ch)))]
  const notes = [
    ...(dropped.length > 0 ? [`removed ${dropped.map((ch) => `'${ch}'`).join(' ')}`] : []),
    ...(/[-.]+$/.test(raw.replace(/[^A-Za-z0-9_\-.]/g, '')) ? ["stripped the trailing '-' and '.'"] : []),
    ...(raw.replace(/[^A-Za-z0-9_\-.]/g, '').replace(/[-.]+$/, '').length > AZURE_MANAGED_IMAGE_NAME_MAX ? [`cut to ${AZURE_MANAGED_IMAGE_NAME_MAX} characters`] : []),
  ]
  return { value, from: `${from} "${raw}", ${notes.join(', ')}`, removed: notes.join(', ') }
}

export type AccountChoice = { ok: true; account: AzureAccount; index: number } | { ok: false; error: string }

/** AH:172-183: the account named in the request, else the first; none is Rosco's error. */
export function resolveAzureAccount(request: Pick<AzureBakeRequest, 'account_name'>, accounts: readonly AzureAccount[]): AccountChoice {
  const index = truthy(request.account_name) ? accounts.findIndex((a) => a.name === request.account_name) : accounts.length > 0 ? 0 : -1
  if (index < 0) return { ok: false, error: `Could not resolve Azure account: (account_name=${request.account_name ?? 'null'}).` }
  return { ok: true, account: accounts[index], index }
}

export interface AzureParameter {
  name: string
  /** null: put, then left out of the command (LocalJobFriendlyPackerCommandFactory drops Groovy-false values). */
  value: string | null
  source: 'request' | 'base image' | 'account' | 'computed'
  from: string
  /** Masked in Rosco's logs (AZURE_MASKED_VARIABLES) or a secret of the account. */
  secret?: true
}

export interface AzureParameterInput {
  /** The bake's region, from Rosco's URL: the Azure location. */
  region: string
  request: AzureBakeRequest
  baseImages: readonly (AzureBaseImage | undefined)[]
  account: AzureAccount
  /** What AzureImageNameFactory built (undefined when it failed). */
  imageName: string | undefined
  appVersion: string | undefined
  nowMs: number
}

const text = (value: unknown): string | null => (value === undefined || value === null ? null : String(value))

/**
 * AH:107-165, buildParameterMap: a Groovy map literal (a LinkedHashMap), so the order is the order
 * of first insertion; a later put of the same key (the request's publisher) keeps its place.
 */
export function azureParameters(input: AzureParameterInput): AzureParameter[] {
  const { request, account } = input
  const map = new Map<string, AzureParameter>()
  const put = (name: string, value: unknown, source: AzureParameter['source'], from: string, secret = false) =>
    map.set(name, { name, value: text(value), source, from, ...(secret ? { secret: true as const } : {}) })

  put('azure_location', input.region, 'request', 'the bake region')
  if (truthy(request.base_os)) {
    const image = input.baseImages.find((i) => i?.id === request.base_os)
    put('azure_image_publisher', image?.publisher, 'base image', `${request.base_os} publisher`)
    put('azure_image_offer', image?.offer, 'base image', `${request.base_os} offer`)
    put('azure_image_sku', image?.sku, 'base image', `${request.base_os} sku`)
  }
  if (truthy(request.publisher)) {
    put('azure_image_publisher', request.publisher, 'request', '--publisher')
    put('azure_image_offer', request.offer, 'request', '--offer')
    put('azure_image_sku', request.sku, 'request', '--sku')
  }
  if (truthy(request.custom_managed_image_name)) put('azure_custom_managed_image_name', request.custom_managed_image_name, 'request', '--custom-managed-image')
  const who = account.name ?? '(the account)'
  put('azure_client_id', account.clientId, 'account', `${who}.clientId`, true)
  put('azure_client_secret', account.appKey, 'account', `${who}.appKey`, true)
  put('azure_resource_group', account.packerResourceGroup, 'account', `${who}.packerResourceGroup`)
  put('azure_subscription_id', account.subscriptionId, 'account', `${who}.subscriptionId`)
  put('azure_tenant_id', account.tenantId, 'account', `${who}.tenantId`)
  put('azure_object_id', account.objectId, 'account', `${who}.objectId`)
  const managed = azureManagedImageName(request, input.imageName, input.nowMs)
  put('azure_managed_image_name', managed.value, 'computed', managed.from)
  if (truthy(input.appVersion)) put('appversion', input.appVersion, 'computed', 'the appversion')
  return [...map.values()]
}

/**
 * AH:57-75: the Azure part of Rosco's bake key, `[account name, publisher:offer:sku or the custom
 * managed image, base_label, base_name]`, empty parts dropped, joined with ':'.
 */
export function azureBakeKeyComponent(request: AzureBakeRequest, accountName: string | undefined): string {
  let selected: string | undefined
  if (truthy(request.publisher)) selected = `${request.publisher}:${request.offer ?? 'null'}:${request.sku ?? 'null'}`
  if (truthy(request.custom_managed_image_name)) selected = request.custom_managed_image_name
  return [accountName, selected, request.base_label, request.base_name].filter(truthy).join(':')
}

export interface AzureBakeResult {
  /** Bake.image_name. */
  imageName?: string
  /** Bake.ami: the managed image id, or the shared image gallery version id. */
  imageId?: string
}

const IMAGE_NAME_TOKEN = 'ManagedImageName: '
const IMAGE_ID_TOKEN = 'ManagedImageId: '
const SIG_IMAGE_ID_TOKEN = 'ManagedImageSharedImageGalleryId: '

/**
 * AH:77-100, scrapeCompletedBakeResults: lines that start with `ManagedImageName: `,
 * `ManagedImageId: ` or `ManagedImageSharedImageGalleryId: ` (Packer's azure-arm artifact
 * listing); a later line overwrites an earlier one. The artifact's reference is the id, else the
 * name (CH:139-141).
 */
export function scrapeAzureBake(log: string): AzureBakeResult {
  const result: AzureBakeResult = {}
  // Groovy's eachLine splits on \n, \r\n and \r.
  for (const line of log.split(/\r\n|\r|\n/)) {
    if (line.startsWith(IMAGE_NAME_TOKEN)) result.imageName = line.slice(IMAGE_NAME_TOKEN.length)
    else if (line.startsWith(IMAGE_ID_TOKEN)) result.imageId = line.slice(IMAGE_ID_TOKEN.length)
    else if (line.startsWith(SIG_IMAGE_ID_TOKEN)) result.imageId = line.slice(SIG_IMAGE_ID_TOKEN.length)
  }
  return result
}
