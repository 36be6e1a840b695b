/**
 * Microsoft Azure: Rosco's AzureBakeHandler (cloud_provider_type azure) and Halyard's azure provider
 * (spinnaker/halyard halyard-config .../model/v1/providers/azure/, halyard-cli .../providers/azure/).
 * The handler's logic is transcribed in ./azure/rosco.ts; its offline rules are in ./azure/rules.ts.
 */
import type { Plain } from '../model/plain.js'
import { COMMON_ACCOUNT, COMMON_IMAGE } from './common.js'
import { defineProvider } from './define.js'
import { azureLocation, managedImageName } from './azure/formats.js'
import {
  AZURE_DEFAULT_TEMPLATE, AZURE_MASKED_VARIABLES, BASE_LABELS, azureImageName, azureManagedImageName, azureParameters, chooseAzureBaseImage, scrapeAzureBake,
  type AzureAccount, type AzureBaseImage,
} from './azure/rosco.js'
import { AZURE_RULES } from './azure/rules.js'
import type { BaseChoice, BakedImage, RoscoVariable } from '../model/provider.js'
import { shellWord, shownName } from '../lib/quote.js'

const always = (name: string, from: string): RoscoVariable => ({ name, passed: 'always', from })
const whenSet = (name: string, from: string): RoscoVariable => ({ name, passed: 'when-set', from })

const text = (value: unknown): string | undefined => (value === undefined || value === null || typeof value === 'object' ? undefined : String(value))
const asImage = (image: Plain): AzureBaseImage => Object.fromEntries(Object.entries(image).map(([k, v]) => [k, text(v)])) as AzureBaseImage
const asAccount = (account: Plain | undefined): AzureAccount => Object.fromEntries(Object.entries(account ?? {}).map(([k, v]) => [k, text(v)])) as AzureAccount

/** The Azure artifact lines of Packer's output, as Rosco reads them (AzureBakeHandler.groovy:77-100). */
export function azureBakedImage(lines: readonly string[]): BakedImage | undefined {
  const found = scrapeAzureBake(lines.join('\n'))
  const name = found.imageName ?? found.imageId
  if (name === undefined) return undefined
  return { name, ...(found.imageId !== undefined ? { id: found.imageId } : {}), from: 'log' }
}

/** halconfig/images.yml:124-178 at rosco 030f7b6c: Halyard merges them after the halconfig's base images. */
const STOCK_BASE_IMAGES: readonly Plain[] = [
  ['ubuntu-1604', 'v16.04', 'Ubuntu Server 16.04-LTS', 'Canonical', 'UbuntuServer', '16.04-LTS', '16.04.201612140', 'Linux', 'deb'],
  ['ubuntu-1804', 'v18.04', 'Ubuntu Server 18.04-LTS', 'Canonical', 'UbuntuServer', '18.04-LTS', '18.04.201804262', 'Linux', 'deb'],
  ['ubuntu-1404', 'v14.04', 'Ubuntu Server 14.04.5-LTS', 'Canonical', 'UbuntuServer', '14.04.5-LTS', '14.04.201612130', 'Linux', 'deb'],
  ['centos', '7', 'OpenLogic CentOS 7.1.20150731', 'OpenLogic', 'CentOS', '7.1', '7.1.20150731', 'Linux', 'rpm'],
  ['windows-2012-r2', '2012 R2', 'Windows Server 2012 R2 Datacenter', 'MicrosoftWindowsServer', 'WindowsServer', '2012-R2-Datacenter', '4.0.20170111', 'windows', 'nupkg', 'azure-windows.pkr.hcl'],
].map(([id, shortDescription, detailedDescription, publisher, offer, sku, version, osType, packageType, templateFile]) => ({
  baseImage: { id, shortDescription, detailedDescription, publisher, offer, sku, version, osType, packageType, ...(templateFile ? { templateFile } : {}) },
}))

const ROSCO_COMMON_DECLARED = ['azure_client_id', 'azure_client_secret', 'azure_image_name', 'azure_image_offer', 'azure_image_publisher', 'azure_image_sku', 'azure_location',
  'azure_managed_image_name', 'azure_resource_group', 'azure_subscription_id', 'azure_tenant_id', 'build_host', 'configDir', 'package_type', 'packages', 'repository', 'upgrade']
const ROSCO_LINUX_DECLARED = ROSCO_COMMON_DECLARED

const EXAMPLE_GUID = '00000000-0000-0000-0000-000000000000'

export const azure = defineProvider({
  name: 'azure',
  title: 'Microsoft Azure',
  roscoType: 'azure',
  roscoTitle: 'Azure',
  variablePrefix: 'azure_',

  // AzureBakeryDefaults.java:25 adds nothing to BakeryDefaults (templateFile, baseImages).
  bakery: ['templateFile'],
  // BaseImage.ImageSettings (node/BaseImage.java:40-44), AzureBaseImage.java:34-39, then the keys only Rosco reads.
  image: [...COMMON_IMAGE, 'publisher', 'offer', 'sku', 'version', 'osType', 'customRepository'],
  virtualization: [],
  // AzureBaseImage.java:41-42: an empty class; Rosco's AzureBakeHandler.findVirtualizationSettings returns null.
  virtualizationShape: { kind: 'none' },
  // What Rosco passes to Packer from the account (AzureBakeHandler.groovy:128-135).
  account: ['clientId', 'appKey', 'tenantId', 'subscriptionId', 'objectId', 'packerResourceGroup'],
  // AzureAccount.java:36-41, for Clouddriver, and every account's keys.
  accountMore: ['defaultResourceGroup', 'defaultKeyVault', 'packerStorageAccount', 'regions', 'useSshPublicKey', ...COMMON_ACCOUNT.keys],
  // AzureAddBaseImageCommand.java:49-52: --image-version ("--version would conflict with the global parameter");
  // AzureAddAccountCommand.java:90-93: Halyard spells it --useSshPublicKey.
  flagNames: { version: 'image-version', useSshPublicKey: 'useSshPublicKey', ...COMMON_ACCOUNT.flagNames },
  entries: { ...COMMON_ACCOUNT.entries },
  // AzureAccount.java:32 (@Secret), AzureAddAccountCommand.java:40-45 (password = true).
  secrets: ['appKey'],
  // AzureAddBaseImageCommand.java:31-47.
  requiredOnAdd: ['publisher', 'offer', 'sku'],
  // AzureAddBaseImageCommand.java:61: .setVersion(isSet(version) ? version : "latest").
  imageAddDefaults: { version: 'latest' },

  bake: {
    // AzureBakeHandler.buildParameterMap: a Groovy map literal.
    parameterMap: 'linked',
    account: 'required',
    unknownAccount: (name) => `Could not resolve Azure account: (account_name=${name}).`,
    accountPurpose: 'service principal and Packer resource group',
    masked: AZURE_MASKED_VARIABLES,

    chooseBase({ request, bakery, bakeryPath, problem }): BaseChoice {
      const images = Array.isArray(bakery.baseImages) ? bakery.baseImages : []
      const baseImages = images.map((e) => (e && typeof e === 'object' && !Array.isArray(e) && e.baseImage && typeof e.baseImage === 'object' ? asImage(e.baseImage as Plain) : undefined))
      // AzureImageNameFactory.java:42-45 dereferences os_type when there is no base_os.
      if (!request.base_os && !request.os_type) {
        problem('bake/base-image', 'error', 'Rosco fails with a NullPointerException: without a base image it names the image after the os type, and the request has neither.',
          'Give --base-image ID, or --os-type linux (or windows) with --publisher/--offer/--sku or --custom-managed-image.', [...bakeryPath, 'baseImages'])
        return { index: -1, image: {}, settings: {}, stops: true }
      }
      const choice = chooseAzureBaseImage(request, baseImages)
      if (!choice.ok) {
        const ids = baseImages.map((i) => i?.id).filter((id): id is string => typeof id === 'string')
        problem('bake/base-image', 'error', choice.error,
          ids.length > 0 ? `Base images of azure: ${ids.map(shownName).join(', ')}.` : `Add one: hal config provider azure bakery base-image add ${shellWord(request.base_os)} --publisher Canonical --offer 0001-com-ubuntu-server-jammy --sku 22_04-lts-gen2 --package-type deb`,
          [...bakeryPath, 'baseImages'])
        return { index: -1, image: {}, settings: {}, stops: true }
      }
      if (choice.index !== undefined) {
        const entry = images[choice.index] as Plain
        return { index: choice.index, entry, image: entry.baseImage as Plain, settings: {} }
      }
      return { index: -1, image: choice.image as Plain, settings: {}, ...(choice.image.templateFile ? { template: choice.image.templateFile } : {}), ...(choice.image.packageType ? { packageType: choice.image.packageType } : {}) }
    },

    imageName({ request, named, nowMs }) {
      const made = azureImageName(request, named, nowMs)
      return made.ok ? { name: made.name, parts: made.parts } : { name: '', parts: [] }
    },

    putVariables(c) {
      const images = Array.isArray(c.bakery.baseImages) ? c.bakery.baseImages : []
      const baseImages = images.map((e) => (e && typeof e === 'object' && !Array.isArray(e) && e.baseImage && typeof e.baseImage === 'object' ? asImage(e.baseImage as Plain) : undefined))
      const params = azureParameters({ region: c.region ?? '', request: c.request, baseImages, account: asAccount(c.account), imageName: c.imageName, appVersion: undefined, nowMs: 0 })
      const fixes: Record<string, string> = {
        azure_location: '--region LOCATION (e.g. westus)',
        azure_image_publisher: c.fix.image('publisher'), azure_image_offer: c.fix.image('offer'), azure_image_sku: c.fix.image('sku'),
        azure_client_id: c.fix.account('clientId'), azure_client_secret: c.fix.account('appKey'), azure_resource_group: c.fix.account('packerResourceGroup'),
        azure_subscription_id: c.fix.account('subscriptionId'), azure_tenant_id: c.fix.account('tenantId'), azure_object_id: c.fix.account('objectId'),
      }
      for (const p of params) {
        c.set(p.name, p.value, p.source, p.source === 'account' ? c.from.account(p.from.slice(p.from.indexOf('.') + 1)) : p.from, { ...(p.secret ? { secret: true } : {}), ...(fixes[p.name] ? { fix: fixes[p.name] } : {}) })
      }
      // Rosco puts appversion last (AzureBakeHandler.groovy:160-162), when frigga accepts it.
      c.putAppversion()
    },

    planChecks(c) {
      const { value: name, from } = azureManagedImageName(c.request, c.imageName, 0)
      const check = managedImageName(name)
      if (!check.ok) {
        c.problem('bake/image-name', 'error', `Rosco makes the managed image name "${name}" (from ${from}), and Packer's azure-arm refuses it: ${check.reason}.`,
          'Rosco removes characters other than letters, digits, "_", "-" and ".", strips a trailing "-" or "." and then cuts to 75 characters: choose a --base-name (with --build-number) or a package name that stays valid.')
      }
      if (!c.region || c.region === 'global') {
        c.problem('bake/region', 'error', `An Azure bake needs a location: Rosco passes the bake's region as azure_location, and ${c.region ? '"global" (the region GCE bakes use) is none' : 'none was given'}.`, 'Give --region LOCATION, e.g. --region westus.')
      } else {
        const check = azureLocation(c.region)
        if (!check.ok) c.problem('bake/region', 'error', `The region "${c.region}" is not an Azure location name: ${check.reason}.`, `Give --region ${check.suggestion === undefined ? 'westus' : shellWord(check.suggestion)}.`)
      }
      const marketplace = Boolean(c.request.publisher) || Boolean(c.request.base_os && (c.image.publisher || c.image.offer || c.image.sku))
      const custom = Boolean(c.request.custom_managed_image_name)
      if (marketplace && custom) {
        c.problem('bake/source-image', 'warning', 'The bake has both a marketplace image (publisher, offer, sku) and a custom managed image: Rosco passes both, and Packer\'s azure-arm refuses a template that uses both ("Specify either a VHD (image_url), Image Reference ... or a Managed Disk").',
          'Bake from one source: drop --custom-managed-image, or give it without --base-image and --publisher (with --os-type).')
      } else if (!marketplace && !custom) {
        c.problem('bake/source-image', 'error', `No source image for the bake: ${c.entry ? `base image ${c.request.base_os} has no publisher, offer and sku` : 'the request gives no --publisher/--offer/--sku and no --custom-managed-image'}; Packer stops with "An image_publisher must be specified".`,
          c.entry ? c.fix.image('publisher', 'Canonical') : 'Give --publisher, --offer and --sku, or --custom-managed-image NAME.', c.paths.image)
      }
    },

    variables: [
      always('azure_location', "the bake's region (Rosco's URL region)"),
      always('azure_managed_image_name', 'build_number-base_name, else the image name, cleaned and cut to 75 characters'),
      always('azure_resource_group', "the account's packerResourceGroup (a bake without one fails in Packer)"),
      whenSet('azure_image_publisher', "the base image's publisher, or the bake request's"),
      whenSet('azure_image_offer', "the base image's offer, or the bake request's"),
      whenSet('azure_image_sku', "the base image's sku, or the bake request's"),
      whenSet('azure_custom_managed_image_name', "the bake request's custom_managed_image_name"),
      whenSet('azure_client_id', "the account's clientId"),
      whenSet('azure_client_secret', "the account's appKey"),
      whenSet('azure_subscription_id', "the account's subscriptionId"),
      whenSet('azure_tenant_id', "the account's tenantId"),
      whenSet('azure_object_id', "the account's objectId"),
      whenSet('appversion', 'the application version built from the package and the request (build number, commit, job)'),
    ],

    requestFields: [
      { flag: 'region', field: 'region', type: 'string', inUrl: true, required: true, description: 'The Azure location to bake in (Rosco\'s URL region, passed as azure_location), e.g. westus.' },
      { flag: 'publisher', field: 'publisher', type: 'string', description: 'Marketplace publisher to bake from, overriding the base image\'s (with --offer and --sku).' },
      { flag: 'offer', field: 'offer', type: 'string', description: 'Marketplace offer to bake from (with --publisher).' },
      { flag: 'sku', field: 'sku', type: 'string', description: 'Marketplace sku to bake from (with --publisher).' },
      { flag: 'custom-managed-image', field: 'custom_managed_image_name', type: 'string', description: 'A managed image in the account\'s packer resource group to bake from (Rosco\'s custom_managed_image_name).' },
      { flag: 'os-type', field: 'os_type', type: 'string', options: ['linux', 'windows'], description: 'Rosco\'s os_type, linux or windows, sent with the request. Rosco reads it only for a bake without a base image, which galley\'s bake commands do not make (they require --base-image): the base image decides the template and package type.' },
      { flag: 'base-name', field: 'base_name', type: 'string', description: 'Names the managed image: <build number>-<base name> with --build-number, else the first part of the image name.' },
      { flag: 'base-label', field: 'base_label', type: 'string', options: BASE_LABELS, description: 'release, candidate, previous, unstable or foundation: replaces the time in the image name.' },
    ],
    stoppingRules: ['bake/source-image', 'bake/region'],
  },

  packer: {
    builders: ['azure-arm'],
    // The variable blocks of Rosco's own halconfig/packer/azure-*.pkr.hcl at 030f7b6c. Neither Linux
    // template declares azure_object_id or appversion, which Rosco passes (AzureBakeHandler.groovy:135, 160-162).
    roscoStockDeclared: {
      [AZURE_DEFAULT_TEMPLATE]: [...ROSCO_LINUX_DECLARED],
      'azure-linux-managed-image.pkr.hcl': [...ROSCO_LINUX_DECLARED, 'azure_custom_managed_image_name', 'azure_storage_account'],
      'azure-windows.pkr.hcl': [...ROSCO_COMMON_DECLARED.filter((v) => v !== 'azure_image_name'), 'azure_object_id', 'chocolateyVersion'],
      'azure-windows-managed-image.pkr.hcl': ['azure_client_id', 'azure_client_secret', 'azure_managed_image_name', 'azure_custom_managed_image_name', 'azure_location', 'azure_object_id',
        'azure_resource_group', 'azure_subscription_id', 'azure_tenant_id', 'build_host', 'chocolateyVersion', 'configDir', 'package_type', 'packages', 'repository', 'upgrade'],
    },
    stockTemplates: [AZURE_DEFAULT_TEMPLATE, 'azure-linux-managed-image.pkr.hcl', 'azure-windows.pkr.hcl', 'azure-windows-managed-image.pkr.hcl'],
    // galley's own azure-linux.pkr.hcl: Rosco's, plus azure_object_id and appversion declared.
    shipped: [AZURE_DEFAULT_TEMPLATE],
    validateNeeds: 'no credentials (the ones given must form a complete set)',
    dummyValues: {
      azure_location: 'westus',
      azure_managed_image_name: 'galley-lint-all-1700000000000-ubuntu',
      azure_resource_group: 'galley-lint',
      azure_image_publisher: 'Canonical',
      azure_image_offer: '0001-com-ubuntu-server-jammy',
      azure_image_sku: '22_04-lts-gen2',
      azure_custom_managed_image_name: 'galley-lint-source',
      azure_subscription_id: EXAMPLE_GUID,
    },
    // A marketplace image, or a managed image for the templates that take only that one.
    extraValidateVariables: (declared) => (declared.has('azure_image_publisher') || !declared.has('azure_custom_managed_image_name')
      ? ['azure_image_publisher', 'azure_image_offer', 'azure_image_sku']
      : ['azure_custom_managed_image_name']),
    bakedImage: (lines) => azureBakedImage(lines),
  },

  config: {
    // ManagedAzureAccount (RoscoAzureConfiguration.groovy:68-77).
    roscoAccountKeys: ['name', 'clientId', 'appKey', 'tenantId', 'subscriptionId', 'objectId', 'packerResourceGroup', 'packerStorageAccount'],
    // BakeryDefaults.java:29-33, AzureBaseImage.java:29-39 with BaseImage.ImageSettings.
    halyardKeys: {
      bakeryDefaults: ['templateFile', 'baseImages'],
      entry: ['baseImage', 'virtualizationSettings'],
      baseImage: ['id', 'shortDescription', 'detailedDescription', 'packageType', 'templateFile', 'publisher', 'offer', 'sku', 'version'],
      virtualizationSettings: [],
    },
    roscoOnlyBakeryKeys: [],
    keyOrder: {
      bakery: [],
      baseImage: ['publisher', 'offer', 'sku', 'version', 'osType', 'customRepository'],
      virtualization: [],
      // AzureAccount.java:31-41.
      account: ['clientId', 'appKey', 'tenantId', 'subscriptionId', 'objectId', 'defaultResourceGroup', 'defaultKeyVault', 'packerResourceGroup', 'packerStorageAccount', 'regions', 'useSshPublicKey'],
    },
    stockBaseImages: STOCK_BASE_IMAGES,
  },

  rules: AZURE_RULES,

  examples: {
    account: {
      name: 'my-azure-account',
      // --app-key is a secret: asked for on a terminal, else read from stdin.
      add: 'bakery-account --client-id <CLIENT_ID> --tenant-id <TENANT_ID> --subscription-id <SUBSCRIPTION_ID> --default-resource-group spinnaker --default-key-vault spinnaker-vault --packer-resource-group spinnaker-bakery --app-key < <APP_KEY_FILE>',
      edit: '--packer-resource-group spinnaker-images',
    },
    image: {
      id: 'ubuntu-2204',
      add: 'ubuntu-2404 --publisher Canonical --offer ubuntu-24_04-lts --sku server --package-type deb --short-description "Ubuntu 24.04"',
      edit: '--image-version latest --short-description "Ubuntu 22.04"',
    },
    // Halyard's own azure bakery edit has no flags; --template-file is galley's.
    package: 'nginx',
    bakery: '--template-file azure-linux.pkr.hcl',
  },
})
