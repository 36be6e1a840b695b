/**
 * Amazon Web Services: AMIs baked with Packer's amazon-ebs builder (Rosco's AWSBakeHandler).
 *
 * What sets AWS apart: a base image's virtualizationSettings is a list, one entry per region and
 * virtualization type, and a bake picks the entry by the region it bakes in and its vm type
 * (default: defaultVirtualizationType, default hvm); the access keys are bakery settings, not an
 * account's, so a bake needs no account at all (an account only matters when Rosco looks a source
 * AMI up by name through Clouddriver). Halyard has `bakery edit` for AWS but no base-image
 * commands; galley's pick the settings entry with --region (and --virtualization-type).
 */
import { isPlainObject, type Plain } from '../model/plain.js'
import { defineProvider, loadProviderSchema, schemaEnum } from './define.js'
import type { BaseChoice, BaseChoiceContext, BakedImage, Provider, RoscoVariable, VariableContext } from '../model/provider.js'
import { amiName, awsRegion } from './aws/formats.js'
import { AWS_RULES, CHROOT_TEMPLATES } from './aws/rules.js'
import { DEFAULT_MASKED, buildParameterMap, findVirtualizationSettings, scrapeBakeResult, settingsList } from './aws/rosco.js'
import { shellWord, shownName } from '../lib/quote.js'

const always = (name: string, from: string): RoscoVariable => ({ name, passed: 'always', from })
const whenSet = (name: string, from: string): RoscoVariable => ({ name, passed: 'when-set', from })

/** AWSBakeHandler.groovy:141-196: the variables of the handler itself (the common ones are added elsewhere). */
const VARIABLES: readonly RoscoVariable[] = [
  always('aws_region', 'the region the bake runs in'),
  always('aws_instance_type', "the settings' instanceType"),
  always('aws_source_ami', "the settings' sourceAmi (an id, or the id Rosco finds for a name), or the bake request's base_ami"),
  always('aws_target_ami', 'the image name Rosco builds from the package, arch, time and base image'),
  whenSet('aws_ssh_username', "the settings' sshUserName"),
  whenSet('aws_winrm_username', "the settings' winRmUserName"),
  whenSet('aws_spot_price', "the settings' spotPrice"),
  whenSet('aws_spot_price_auto_product', "the settings' spotPriceAutoProduct, when spotPrice is auto"),
  whenSet('aws_access_key', "bakeryDefaults' awsAccessKey, with awsSecretKey"),
  whenSet('aws_secret_key', "bakeryDefaults' awsSecretKey, with awsAccessKey"),
  whenSet('aws_subnet_id', "bakeryDefaults' awsSubnetId"),
  whenSet('aws_vpc_id', "bakeryDefaults' awsVpcId"),
  whenSet('aws_associate_public_ip_address', "bakeryDefaults' awsAssociatePublicIpAddress, when true (false is never passed)"),
  whenSet('aws_ena_support', "the bake request's enhanced_networking, when true"),
  whenSet('build_info_url', "the bake request's build_info_url"),
  whenSet('appversion', 'the application version built from the package and the request (build number, commit, job)'),
]

/** Halyard's bakery model keys (AwsBakeryDefaults.java:27-32), after BakeryDefaults' templateFile and baseImages. */
const BAKERY_KEYS = ['awsAccessKey', 'awsSecretKey', 'awsSubnetId', 'awsVpcId', 'awsAssociatePublicIpAddress', 'defaultVirtualizationType'] as const
/** Halyard's virtualization settings keys (AwsBaseImage.java:38-46). */
const SETTINGS_KEYS = ['region', 'virtualizationType', 'instanceType', 'sourceAmi', 'sshUserName', 'winRmUserName', 'spotPrice', 'spotPriceAutoProduct'] as const

/** Rosco's stock AWS base images (rosco halconfig/images.yml:1-122, which Halyard merges by id). */
const linux = (region: string, virtualizationType: string, instanceType: string, sourceAmi: string): Plain =>
  ({ region, virtualizationType, instanceType, sourceAmi, sshUserName: 'ubuntu', spotPrice: 0, spotPriceAutoProduct: 'Linux/UNIX (Amazon VPC)' })
const STOCK_BASE_IMAGES: readonly Plain[] = [
  {
    baseImage: { id: 'ubuntu', shortDescription: 'v12.04', detailedDescription: 'Ubuntu Precise Pangolin v12.04', packageType: 'deb', templateFile: 'aws-ebs.json' },
    virtualizationSettings: [
      linux('us-east-1', 'hvm', 't2.micro', 'ami-d4aed0bc'), linux('us-west-1', 'hvm', 't2.micro', 'ami-4f285a2f'), linux('us-west-2', 'hvm', 't2.micro', 'ami-59396769'),
      linux('us-east-1', 'pv', 'm3.medium', 'ami-8007b2e8'), linux('us-west-1', 'pv', 'm3.medium', 'ami-3a12605a'),
    ],
  },
  {
    baseImage: { id: 'trusty', shortDescription: 'v14.04', detailedDescription: 'Ubuntu Trusty Tahr v14.04', packageType: 'deb' },
    virtualizationSettings: [
      linux('us-east-1', 'hvm', 't2.micro', 'ami-9eaa1cf6'), linux('us-west-1', 'hvm', 't2.micro', 'ami-12512d72'), linux('us-west-2', 'hvm', 't2.micro', 'ami-3d50120d'),
      linux('eu-central-1', 'hvm', 't2.micro', 'ami-87564feb'), linux('eu-west-1', 'hvm', 't2.micro', 'ami-f95ef58a'),
      linux('us-east-1', 'pv', 'm3.medium', 'ami-98aa1cf0'), linux('us-west-1', 'pv', 'm3.medium', 'ami-59502c39'), linux('us-west-2', 'pv', 'm3.medium', 'ami-37501207'),
    ],
  },
  {
    baseImage: { id: 'windows-2012-r2', shortDescription: '2012 R2', detailedDescription: 'Windows Server 2012 R2 Base', packageType: 'nupkg', templateFile: 'aws-windows-2012-r2.json', osType: 'windows' },
    virtualizationSettings: [{ region: 'us-east-1', virtualizationType: 'hvm', instanceType: 't2.micro', sourceAmi: 'ami-21414f36', winRmUserName: 'Administrator', spotPrice: 0, spotPriceAutoProduct: 'Windows (Amazon VPC)' }],
  },
]

const schema = loadProviderSchema('aws')

/** The entries of a base image as `region/type` pairs, for messages. */
const entryNames = (entry: Plain | undefined): string =>
  entry ? settingsList(entry).map((s) => `${String(s.region ?? '?')}/${String(s.virtualizationType ?? '?')}`).join(', ') : ''

/** findVirtualizationSettings (AWSBakeHandler.groovy:94-139), with Rosco's errors as plan problems. */
function chooseBase(context: BaseChoiceContext): BaseChoice {
  const { request, bakery, bakeryPath, problem } = context
  const images = Array.isArray(bakery.baseImages) ? bakery.baseImages : []
  const none: BaseChoice = { index: -1, image: {}, settings: {}, stops: true }
  if (!context.region) {
    problem('bake/region', 'error', 'An AWS bake needs the region it runs in: Rosco takes it from the request\'s URL (/api/v1/REGION/bake) and picks the base image\'s settings by it.', 'Give --region, e.g. --region us-east-1.')
    return none
  }
  const region = awsRegion(context.region)
  if (!region.ok) problem('aws/region', 'warning', `The bake's region "${context.region}" is not an AWS region name: ${region.reason}.`, region.suggestion ? `Use --region ${shellWord(region.suggestion)}.` : 'Give --region like us-east-1.')
  const chosen = findVirtualizationSettings(context.region, { ...request, base_os: request.base_os }, bakery)
  const ids = images.map((e) => (isPlainObject(e) && isPlainObject(e.baseImage) ? e.baseImage.id : undefined)).filter((id): id is string => typeof id === 'string')
  if (!chosen.ok) {
    const entry = chosen.imageIndex !== undefined ? (images[chosen.imageIndex] as Plain) : undefined
    const imagePath = chosen.imageIndex !== undefined ? [...bakeryPath, 'baseImages', chosen.imageIndex] : [...bakeryPath, 'baseImages']
    if (chosen.stage === 'base-image') {
      problem('bake/base-image', 'error', chosen.message,
        ids.length > 0 ? `Base images of aws: ${ids.map(shownName).join(', ')}.` : `Add one: hal config provider aws bakery base-image add ${shellWord(request.base_os)} --region ${shellWord(context.region)} ...`, imagePath)
    } else if (chosen.stage === 'settings') {
      const have = entryNames(entry)
      problem('bake/base-image', 'error', `${chosen.message}${have ? ` It has settings for ${have} (region/type).` : ' It has no settings at all.'}`,
        `Add them: hal config provider aws bakery base-image edit ${shellWord(request.base_os)} --region ${shellWord(context.region)} --virtualization-type ${shellWord(chosen.vmType)} --instance-type t3.small --source-ami AMI_ID --ssh-user-name USER${have ? ', or bake with --region/--vm-type of an entry it has' : ''}.`,
        [...imagePath, 'virtualizationSettings'])
    } else {
      problem('bake/source-image', 'error', `${chosen.message} (the settings have no sourceAmi, so Rosco reads the property ${chosen.property}; galley does not read Rosco's dynamic properties).`,
        `hal config provider aws bakery base-image edit ${shellWord(request.base_os)} --region ${shellWord(context.region)} --virtualization-type ${shellWord(chosen.vmType)} --source-ami AMI_ID (or give --source-ami to the bake).`, [...imagePath, 'virtualizationSettings'])
    }
    const image = entry && isPlainObject(entry.baseImage) ? entry.baseImage : {}
    return { index: chosen.imageIndex ?? -1, ...(entry ? { entry } : {}), image, settings: {}, stops: true }
  }
  const entry = images[chosen.imageIndex] as Plain
  const settingsPath = [...bakeryPath, 'baseImages', chosen.imageIndex, 'virtualizationSettings', chosen.settingsIndex]
  if (chosen.sourceAmiOrigin === 'name') {
    problem('aws/source-ami', 'info',
      `The source AMI "${chosen.sourceAmi}" is an image name: Rosco asks Clouddriver for the ${chosen.mostRecent ? 'newest' : 'first'} ${chosen.vmType} image of that name in ${context.region} (account ${request.account_name ?? 'bakeAccount'}) and passes its id; galley cannot resolve it offline and shows the name.`,
      'Give an ami- id (--source-ami on the bake, or the base image\'s settings) to bake without the lookup.', [...settingsPath, 'sourceAmi'])
  }
  return { index: chosen.imageIndex, entry, image: chosen.image, settings: chosen.settings, settingsPath }
}

/** buildParameterMap (AWSBakeHandler.groovy:141-196) into the plan's map, in Rosco's order. */
function putVariables(context: VariableContext): void {
  const { request, bakery, settings } = context
  const parameters = buildParameterMap(context.region ?? '', settings, context.imageName, request, bakery, context.appversion.value)
  for (const p of parameters) {
    const fix = p.key?.startsWith('bakery.') ? context.fix.bakery(p.key.slice(7)) : p.key?.startsWith('settings.') ? context.fix.settings(p.key.slice(9)) : undefined
    const options = { ...(p.secret ? { secret: true } : {}), ...(fix ? { fix } : {}) }
    const from = p.key?.startsWith('bakery.') ? context.from.bakery(p.key.slice(7)) : p.key?.startsWith('settings.') && p.source === 'base image' ? context.from.settings(p.key.slice(9)) : p.name === 'aws_target_ami' ? context.imageFrom : p.from
    if (p.name === 'appversion') {
      context.putAppversion()
    } else if (p.name === 'aws_region') {
      context.set(p.name, p.value, 'request', '--region (Rosco\'s URL region)')
    } else if (p.name === 'aws_source_ami' && p.source === 'request') {
      context.set(p.name, p.value, 'request', '--source-ami (base_ami)')
    } else if (p.put === 'always' || (p.name === 'aws_associate_public_ip_address' && p.value === false)) {
      // Put whatever the value: null and false are then left out of the command.
      context.set(p.name, p.value, p.source === 'region' ? 'request' : p.source, p.value === false ? `${from} (false: Rosco puts it, its command factory drops it, the template's default applies)` : from, options)
    } else if (p.skipped && p.skipped !== 'not set') {
      context.setIf(p.name, undefined, p.source === 'region' ? 'request' : p.source, `${from} (${p.skipped})`, options)
    } else {
      context.setIf(p.name, p.value, p.source === 'region' ? 'request' : p.source, p.source === 'request' ? `--${p.from.replace(/_/g, '-')}` : from, options)
    }
  }
}

/** What Packer itself would refuse, known once the variables are. */
function planChecks(context: VariableContext): void {
  const { request, settings, problem } = context
  const price = settings.spotPrice === undefined || settings.spotPrice === null ? '' : String(settings.spotPrice)
  if (request.enhanced_networking && price !== '' && price !== '0') {
    // Observed with Packer 1.6.6's amazon-ebs: "Spot instances do not support modification, which is required when either `ena_support` or `sriov_support` are set."
    problem('bake/enhanced-networking', 'error', `The bake asks for enhanced networking on a spot instance (spotPrice ${price}): Packer refuses it ("Spot instances do not support modification, which is required when either ena_support or sriov_support are set").`,
      `Bake without --enhanced-networking, or set spotPrice "0" (on demand): ${context.fix.settings('spotPrice', '0')}`, context.paths.settings ? [...context.paths.settings, 'spotPrice'] : undefined)
  }
  const name = amiName(context.imageName.trim())
  if (!name.ok) {
    problem('bake/image-name', 'error', `The AMI name "${context.imageName}" is not one Packer accepts: ${name.reason}.`,
      `It is made of ${context.imageFrom}: change the part at fault (--image-name, --image-suffix, the package, the base image id).`)
  }
}

/** scrapeCompletedBakeResults (AWSBakeHandler.groovy:203-234); with no region known, the first AMI Packer lists. */
function bakedImage(lines: readonly string[], _manifest: string | undefined, region?: string): BakedImage | undefined {
  // A pattern that matches nothing stands for an unknown region: the artifacts and the name do not depend on it.
  const result = scrapeBakeResult(region ?? '(?!)', lines.join('\n'))
  const home = region ?? result.artifacts[0]?.location
  const id = result.ami ?? result.artifacts.find((a) => a.location === home)?.reference
  if (!id) return undefined
  const copies = result.artifacts.filter((a) => a.location !== home).map((a) => ({ region: a.location, id: a.reference }))
  return { name: result.imageName ?? id, id, ...(copies.length > 0 ? { copies } : {}), from: 'log' }
}

export const aws: Provider = defineProvider({
  name: 'aws',
  title: 'Amazon Web Services',
  roscoType: 'aws',
  roscoTitle: 'AWS',
  variablePrefix: 'aws_',
  bakery: [...BAKERY_KEYS, 'templateFile'],
  image: ['shortDescription', 'detailedDescription', 'packageType', 'templateFile', 'osType', 'customRepository'],
  virtualization: [...SETTINGS_KEYS],
  virtualizationShape: {
    kind: 'list',
    settingsKey: ['region', 'virtualizationType'],
    // A bake without vm_type looks for the bakery's defaultVirtualizationType, hvm unless set (AWSBakeHandler.groovy:96).
    newEntryDefaults: (bakery) => ({ virtualizationType: typeof bakery.defaultVirtualizationType === 'string' && bakery.defaultVirtualizationType ? bakery.defaultVirtualizationType : 'hvm' }),
  },
  account: [],
  // AwsAddAccountCommand's flags for the account's own settings (the lifecycle hook flags are not modelled).
  accountMore: ['accountId', 'regions', 'assumeRole', 'externalId', 'defaultKeyPair', 'edda', 'discovery', 'lambdaEnabled', 'environment', 'requiredGroupMembership', 'permissions.READ', 'permissions.WRITE'],
  flagNames: { 'permissions.READ': 'read-permissions', 'permissions.WRITE': 'write-permissions' },
  entries: { regions: 'region', requiredGroupMembership: 'required-group-membership', 'permissions.READ': 'read-permission', 'permissions.WRITE': 'write-permission' },
  secrets: ['awsSecretKey'],
  requiredOnAdd: ['accountId', 'assumeRole'],
  bake: {
    parameterMap: 'linked',
    account: 'none',
    putVariables,
    masked: DEFAULT_MASKED,
    variables: VARIABLES,
    chooseBase,
    planChecks,
    requestFields: [
      { flag: 'region', field: 'region', type: 'string', description: 'The AWS region to bake in (Rosco\'s URL region): it picks the base image\'s settings and is passed as aws_region.', inUrl: true, required: true },
      { flag: 'vm-type', field: 'vm_type', type: 'string', options: schemaEnum(schema, 'virtualizationSettings', 'virtualizationType'), description: 'hvm or pv: picks the base image\'s settings of that virtualization type (default: the bakery\'s defaultVirtualizationType, else hvm).' },
      { flag: 'enhanced-networking', field: 'enhanced_networking', type: 'boolean', description: 'Turn on ENA enhanced networking for the AMI (passes aws_ena_support=true).' },
      { flag: 'source-ami', field: 'base_ami', type: 'string', description: 'An AMI to start from instead of the base image\'s sourceAmi (an id, or a name Rosco looks up).' },
    ],
    stoppingRules: ['bake/region'],
    source: { settingsKey: 'sourceAmi', example: 'AMI_ID' },
  },
  packer: {
    builders: ['amazon-ebs', 'amazon-chroot'],
    stockTemplates: ['aws-ebs.json', 'aws-multi-ebs.json', 'aws-chroot.json', 'aws-multi-chroot.json', 'aws-windows-2012-r2.json'],
    stockFiles: ['scripts/aws-windows-2012-configure-ec2service.ps1', 'scripts/aws-windows.userdata'],
    shipped: ['aws-ebs.json'],
    // rosco-web/config/rosco.yml:52 (Halyard's rosco.yml sets none); aws-multi-chroot.json is not in it.
    templatesNeedingRoot: ['aws-chroot.json'],
    validateNeeds: 'no credentials (an access key and secret key are only checked to come as a pair)',
    // Rosco's halconfig/packer/aws-chroot.json:23 and aws-multi-chroot.json:38 use amazon-chroot,
    // which Packer runs only as root on an EC2 instance (it attaches and mounts a volume).
    needsRoot: { builders: ['amazon-chroot'], stockTemplates: CHROOT_TEMPLATES },
    dummyValues: {
      aws_region: 'us-east-1',
      aws_instance_type: 't3.small',
      aws_source_ami: 'ami-0123456789abcdef0',
      aws_target_ami: 'galley-lint-all-1700000000000-ubuntu',
      aws_ssh_username: 'ubuntu',
      aws_winrm_username: 'Administrator',
    },
    // The user variable the template declares: ssh for Linux templates, WinRM for Windows ones.
    extraValidateVariables: (declared) => (declared.has('aws_winrm_username') && !declared.has('aws_ssh_username') ? ['aws_winrm_username'] : ['aws_ssh_username']),
    bakedImage,
  },
  config: {
    // Rosco's AWS handler reads no account (only its own bakeAccount property, for name lookups).
    roscoAccountKeys: [],
    halyardKeys: {
      bakeryDefaults: ['templateFile', 'baseImages', ...BAKERY_KEYS],
      entry: ['baseImage', 'virtualizationSettings'],
      baseImage: ['id', 'shortDescription', 'detailedDescription', 'packageType', 'templateFile'],
      virtualizationSettings: [...SETTINGS_KEYS],
    },
    roscoOnlyBakeryKeys: ['maskedPackerParameters'],
    keyOrder: {
      bakery: [...BAKERY_KEYS, 'maskedPackerParameters'],
      baseImage: ['osType', 'customRepository'],
      virtualization: [...SETTINGS_KEYS, 'mostRecent'],
      account: ['defaultKeyPair', 'edda', 'discovery', 'accountId', 'regions', 'assumeRole', 'externalId', 'sessionName', 'lifecycleHooks', 'lambdaEnabled'],
    },
    stockBaseImages: STOCK_BASE_IMAGES,
  },
  rules: AWS_RULES,
  examples: {
    account: { name: 'my-aws-account', add: 'bakery-account --account-id 123456789012 --assume-role role/spinnakerManaged', edit: '--assume-role role/spinnakerBaking' },
    image: {
      id: 'jammy',
      add: 'noble --region us-east-1 --virtualization-type hvm --instance-type t3.small --source-ami ami-0123456789abcdef0 --ssh-user-name ubuntu --package-type deb',
      edit: '--region us-east-1 --instance-type t3.medium',
    },
    package: 'nginx',
    bakery: '--template-file aws-ebs.json --aws-subnet-id subnet-0123456789abcdef0 --aws-vpc-id vpc-0123456789abcdef0',
  },
  // `base-image list`: the settings entries, as region/type and source AMI.
  sourceSummary: (vs) => {
    const list = Array.isArray(vs) ? vs.filter(isPlainObject) : isPlainObject(vs) && Array.isArray(vs.entries) ? (vs.entries as unknown[]).filter(isPlainObject) : []
    return list.length === 0 ? undefined : list.map((s) => `${String(s.region ?? '?')}/${String(s.virtualizationType ?? '?')} ${String(s.sourceAmi ?? 'no source')}`).join(', ')
  },
})
