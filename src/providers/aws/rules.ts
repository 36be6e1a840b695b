/**
 * The AWS bakery's offline rules. Each checks the form of what Rosco passes to Packer, or a
 * setting Rosco silently ignores; none asks AWS whether a region, AMI or subnet exists.
 */
import { isPlainObject, type Plain } from '../../model/plain.js'
import type { ValuePath } from '../../model/value-path.js'
import { checkIfSet, formatFinding, type Fix } from '../../model/rule-helpers.js'
import { shellWord } from '../../lib/quote.js'
import { isPlaceholder, isSet, str, type Finding, type SectionContext, type SectionRule } from '../../model/rule.js'
import { awsRegion, classifySourceAmi, instanceType, spotPrice, spotPriceAutoProduct, subnetId, virtualizationType, vpcId, VIRTUALIZATION_TYPES } from './formats.js'
import { DEFAULT_VIRTUALIZATION_TYPE, settingsList } from './rosco.js'

const PROVIDER = 'aws'
/** Names from the config, quoted for the shell; the placeholder when there is none. */
const word = (value: string | undefined, placeholder: string) => (value === undefined ? placeholder : shellWord(value))
/** A fix's value: the check's corrected one (quoted for the shell), else the example as written. */
const valueOr = (example: string) => (corrected: string | undefined) => (corrected === undefined ? example : shellWord(corrected))

const bakeryEdit = (flag: string, example: string) => `hal config provider ${PROVIDER} bakery edit --${flag} ${example}`
const bakeryFix = (flag: string, example: string): Fix => (corrected) => bakeryEdit(flag, valueOr(example)(corrected))
/** The edit of one settings entry: `base-image edit ID --region R [--virtualization-type T] --FLAG VALUE`, picked by its region and type (never a key flag twice). */
const settingsEdit = (id: string | undefined, entry: Plain, flag: string, example: string) => {
  const region = flag === 'region' ? undefined : word(str(entry.region), 'REGION')
  const type = flag === 'virtualization-type' ? undefined : str(entry.virtualizationType)
  return `hal config provider ${PROVIDER} bakery base-image edit ${word(id, 'ID')}${region ? ` --region ${region}` : ''}${type ? ` --virtualization-type ${shellWord(type)}` : ''} --${flag} ${example}`
}
const settingsFix = (id: string | undefined, entry: Plain, flag: string, example: string): Fix => (corrected) => settingsEdit(id, entry, flag, valueOr(example)(corrected))

/** An entry without one of the keys base-image edit picks entries by cannot be reached by it: the file is edited. */
const keyMissing = (key: string, example: string) =>
  `Give the entry a ${key} in the file (${key}: ${example}), or remove it: base-image edit picks an entry by --region and --virtualization-type, so it cannot reach this one.`

interface SettingsEntry {
  imageId: string | undefined
  imageLabel: string
  image: Plain
  entry: Plain
  index: number
  path: ValuePath
  /** How messages name it: `ubuntu us-east-1/hvm`, or its position. */
  label: string
}

/** Every virtualizationSettings entry of every base image, with its path. */
function* settingsEntries(context: SectionContext): Generator<SettingsEntry> {
  const raw = Array.isArray(context.bakery?.baseImages) ? context.bakery!.baseImages : []
  for (const { id, label, image, index, path } of context.baseImages) {
    const entry = raw[index]
    if (!isPlainObject(entry)) continue
    const list = settingsList(entry)
    for (let i = 0; i < list.length; i++) {
      const s = list[i]
      const where = isSet(s.region) || isSet(s.virtualizationType) ? `${str(s.region) ?? '?'}/${str(s.virtualizationType) ?? '?'}` : `entry ${i + 1}`
      yield { imageId: id, imageLabel: label, image, entry: s, index: i, path: [...path, 'virtualizationSettings', i], label: `${label} ${where}` }
    }
  }
}

export const awsRegionRule: SectionRule = {
  id: 'aws/region',
  severity: 'error',
  doc: 'Each aws virtualizationSettings entry has a region shaped like us-east-1 (Rosco matches it against the bake\'s region), and so has each region an account manages.',
  scope: 'section',
  providers: [PROVIDER],
  *check(context) {
    // An account's regions: Halyard's AwsRegion list, {name: us-east-1} each (a mapping is the schema's to require).
    for (const { name, label, value, path } of context.accounts) {
      const regions = Array.isArray(value.regions) ? value.regions : []
      for (const [i, entry] of regions.entries()) {
        if (!isPlainObject(entry)) continue
        yield* checkIfSet(entry.name, (v) => {
          const check = awsRegion(v)
          const fixed = check.ok ? undefined : check.suggestion
          return formatFinding([...path, 'regions', i, 'name'], `Region of account ${label}`, v, check,
            `hal config provider ${PROVIDER} account edit ${word(name, 'NAME')} --remove-region ${shellWord(v)} --add-region ${word(fixed, 'us-east-1')}`)
        })
      }
    }
    for (const s of settingsEntries(context)) {
      const region = s.entry.region
      if (!isSet(region)) {
        yield { path: s.path, severity: 'warning', message: `A virtualizationSettings entry of ${s.imageLabel} has no region: Rosco never uses it (it picks the entry whose region is the bake's).`, remediation: keyMissing('region', 'us-east-1') }
        continue
      }
      yield* checkIfSet(region, (v) => formatFinding([...s.path, 'region'], 'Region', v, awsRegion(v), 'Regions look like us-east-1; edit the file, or delete the entry and add it again with the right --region.'))
    }
  },
}

export const awsVirtualizationTypeRule: SectionRule = {
  id: 'aws/virtualization-type',
  severity: 'error',
  doc: 'defaultVirtualizationType and each entry\'s virtualizationType are hvm or pv, and each base image has settings for the default type.',
  scope: 'section',
  providers: [PROVIDER],
  *check(context) {
    const { bakery, bakeryPath } = context
    const configured = bakery?.defaultVirtualizationType
    yield* checkIfSet(configured, (v) => formatFinding([...bakeryPath, 'defaultVirtualizationType'], 'Default virtualization type', v, virtualizationType(v), bakeryFix('default-virtualization-type', 'hvm')))
    const fallback = isSet(configured) && (VIRTUALIZATION_TYPES as readonly string[]).includes(String(configured)) ? String(configured) : DEFAULT_VIRTUALIZATION_TYPE
    const byImage = new Map<number, { types: Set<string>; label: string; id?: string; path: ValuePath }>()
    for (const s of settingsEntries(context)) {
      const type = s.entry.virtualizationType
      const imagePath = s.path.slice(0, -2)
      const seen = byImage.get(imagePath.at(-1) as number) ?? { types: new Set<string>(), label: s.imageLabel, id: s.imageId, path: imagePath }
      byImage.set(imagePath.at(-1) as number, seen)
      if (!isSet(type)) {
        yield { path: s.path, severity: 'warning', message: `A virtualizationSettings entry of ${s.imageLabel} (region ${str(s.entry.region) ?? 'unset'}) has no virtualizationType: Rosco never uses it (it picks the entry whose type is the bake's vm type).`, remediation: keyMissing('virtualizationType', 'hvm') }
        continue
      }
      if (isPlaceholder(type)) continue
      seen.types.add(String(type))
      yield* formatFinding([...s.path, 'virtualizationType'], 'Virtualization type', String(type), virtualizationType(String(type)), settingsFix(s.imageId, { region: s.entry.region }, 'virtualization-type', 'hvm'))
    }
    const raw = Array.isArray(bakery?.baseImages) ? bakery!.baseImages : []
    for (const { id, label, index, path } of context.baseImages) {
      const entry = raw[index]
      if (isPlainObject(entry) && settingsList(entry).length === 0) {
        yield {
          path, severity: 'warning',
          message: `Base image ${label} has no virtualizationSettings: every bake of it fails ("No virtualization settings found for region ...").`,
          remediation: `hal config provider aws bakery base-image edit ${word(id, 'ID')} --region REGION --virtualization-type ${fallback} --instance-type t3.small --source-ami AMI_ID --ssh-user-name USER`,
        }
      }
    }
    for (const { types, label, id, path } of byImage.values()) {
      if (types.size > 0 && !types.has(fallback)) {
        yield {
          path: [...path, 'virtualizationSettings'],
          severity: 'warning',
          message: `Base image ${label} has settings only for ${[...types].join(', ')}, not for the default virtualization type ${fallback}: every bake of it without an explicit vm type fails ("No virtualization settings found for region ...").`,
          remediation: `Add ${fallback} settings (hal config provider aws bakery base-image edit ${word(id, 'ID')} --region REGION --virtualization-type ${fallback} ...), or bake with --vm-type.`,
        }
      }
    }
  },
}

export const awsDuplicateSettingsRule: SectionRule = {
  id: 'aws/duplicate-settings',
  severity: 'error',
  doc: 'No aws base image has two virtualizationSettings entries for the same region and virtualization type (Rosco only ever uses the first).',
  scope: 'section',
  providers: [PROVIDER],
  *check(context) {
    const first = new Map<string, number>()
    for (const s of settingsEntries(context)) {
      if (!isSet(s.entry.region) || !isSet(s.entry.virtualizationType)) continue
      const key = `${JSON.stringify(s.path.slice(0, -2))}|${String(s.entry.region)}|${String(s.entry.virtualizationType)}`
      const earlier = first.get(key)
      if (earlier === undefined) {
        first.set(key, s.index)
        continue
      }
      yield {
        path: s.path,
        message: `Base image ${s.imageLabel} has two settings for region ${String(s.entry.region)} and type ${String(s.entry.virtualizationType)} (entries ${earlier + 1} and ${s.index + 1}); Rosco only ever uses the first.`,
        remediation: `Remove one of them (edit the file, or hal config provider aws bakery base-image edit ${word(s.imageId, 'ID')} --region ${shellWord(String(s.entry.region))} refuses to choose).`,
      }
    }
  },
}

export const awsSourceAmiRule: SectionRule = {
  id: 'aws/source-ami',
  severity: 'error',
  doc: 'Each aws settings entry has a sourceAmi: an AMI id (ami- and 8 or 17 hex digits), or an image name Rosco looks up through Clouddriver at bake time (reported as info).',
  scope: 'section',
  providers: [PROVIDER],
  *check(context) {
    for (const s of settingsEntries(context)) {
      const ami = s.entry.sourceAmi
      const path = [...s.path, 'sourceAmi']
      if (!isSet(ami)) {
        yield {
          path: s.path,
          severity: 'warning',
          message: `Settings ${s.label} have no sourceAmi: Rosco then reads the property aws.base.${s.imageId ?? 'ID'}.<vm_type>.<base_label>.${str(s.entry.region) ?? 'REGION'}, and without it the bake fails ("No base image found for os ...").`,
          remediation: settingsEdit(s.imageId, s.entry, 'source-ami', 'ami-0123456789abcdef0'),
        }
        continue
      }
      if (isPlaceholder(ami)) continue
      const value = String(ami)
      const kind = classifySourceAmi(value)
      if (kind.kind === 'id') {
        yield* formatFinding(path, 'Source AMI', value, kind.check, settingsFix(s.imageId, s.entry, 'source-ami', 'ami-0123456789abcdef0'))
      } else if (/^ami-/i.test(value.trim())) {
        // Not Rosco's id pattern, yet meant as one: Rosco would look it up as a name and find nothing.
        const fixed = value.trim().toLowerCase()
        yield {
          path, severity: 'warning',
          message: `Source AMI "${value}" of ${s.label} is not read as an AMI id by Rosco (it wants ^ami-[a-z0-9]+$): it looks it up as an image name through Clouddriver, which will not find it.`,
          remediation: settingsEdit(s.imageId, s.entry, 'source-ami', shellWord(fixed)),
        }
      } else {
        yield {
          path, severity: 'info',
          message: `Source AMI "${value}" of ${s.label} is an image name, not an id: Rosco looks it up through Clouddriver at bake time (the ${s.entry.mostRecent === true ? 'newest' : 'first'} ${str(s.entry.virtualizationType) ?? ''} image of that name in ${str(s.entry.region) ?? 'the region'}); galley cannot resolve it offline.`,
          remediation: 'Nothing to do if Clouddriver caches that image for the bake account; give an ami- id to bake without the lookup.',
        }
      }
    }
  },
}

/**
 * Rosco's stock templates built with amazon-chroot (halconfig/packer/aws-chroot.json:23,
 * aws-multi-chroot.json:38). The builder starts no instance and connects to none, but both files
 * declare aws_instance_type and aws_ssh_username with no default (aws-chroot.json:8-9), so Packer
 * still stops without them, with another message than amazon-ebs's.
 */
export const CHROOT_TEMPLATES: readonly string[] = ['aws-chroot.json', 'aws-multi-chroot.json']

/** The stock chroot template an image bakes with (its own templateFile, else the bakery's), if it is one. */
function chrootTemplate(context: SectionContext, image: Plain): string | undefined {
  const template = str(image.templateFile) ?? str(context.bakery?.templateFile)
  return template !== undefined && CHROOT_TEMPLATES.includes(template) ? template : undefined
}

export const awsInstanceTypeRule: SectionRule = {
  id: 'aws/instance-type',
  severity: 'error',
  doc: 'Each aws settings entry has an instanceType shaped like t3.micro, and a user to connect as (sshUserName or winRmUserName).',
  scope: 'section',
  providers: [PROVIDER],
  *check(context) {
    for (const s of settingsEntries(context)) {
      const chroot = chrootTemplate(context, s.image)
      const type = s.entry.instanceType
      if (!isSet(type)) {
        const stops = chroot ? `Rosco's ${chroot} declares it with no default and stops with "required variable not set: aws_instance_type"` : 'amazon-ebs templates (aws-ebs.json) stop with "required variable not set"'
        yield { path: s.path, severity: 'warning', message: `Settings ${s.label} have no instanceType: Rosco passes no aws_instance_type, and ${stops}.`, remediation: settingsEdit(s.imageId, s.entry, 'instance-type', 't3.small') }
      } else {
        yield* checkIfSet(type, (v) => formatFinding([...s.path, 'instanceType'], 'Instance type', v, instanceType(v), settingsFix(s.imageId, s.entry, 'instance-type', 't3.small')))
      }
      if (!isSet(s.entry.sshUserName) && !isSet(s.entry.winRmUserName)) {
        const windows = String(s.image.osType ?? '').toLowerCase() === 'windows' || String(s.image.packageType ?? '').toLowerCase() === 'nupkg'
        yield {
          path: s.path, severity: 'warning',
          message: `Settings ${s.label} have neither sshUserName nor winRmUserName: Rosco passes no user, and ${windows ? 'Rosco\'s aws-windows-2012-r2.json stops with "required variable not set: aws_winrm_username"' : chroot ? `Rosco's ${chroot} declares aws_ssh_username with no default and stops with "required variable not set: aws_ssh_username"` : 'amazon-ebs stops with "An ssh_username must be specified"'}.`,
          remediation: windows ? settingsEdit(s.imageId, s.entry, 'win-rm-user-name', 'Administrator') : settingsEdit(s.imageId, s.entry, 'ssh-user-name', 'ubuntu'),
        }
      }
    }
  },
}

export const awsSpotPriceRule: SectionRule = {
  id: 'aws/spot-price',
  severity: 'error',
  doc: 'spotPrice is "0" (on demand), "auto" or a price; spotPriceAutoProduct is one rosco.yml lists, and only matters with "auto".',
  scope: 'section',
  providers: [PROVIDER],
  *check(context) {
    for (const s of settingsEntries(context)) {
      const price = s.entry.spotPrice
      yield* checkIfSet(price, (v) => formatFinding([...s.path, 'spotPrice'], 'Spot price', v, spotPrice(v), settingsFix(s.imageId, s.entry, 'spot-price', '0')))
      const product = s.entry.spotPriceAutoProduct
      if (!isSet(product) || isPlaceholder(product)) continue
      yield* formatFinding([...s.path, 'spotPriceAutoProduct'], 'Spot price auto product', String(product), spotPriceAutoProduct(String(product)), settingsFix(s.imageId, s.entry, 'spot-price-auto-product', `'Linux/UNIX (Amazon VPC)'`)).map((f) => ({ ...f, severity: 'warning' as const }))
    }
  },
}

export const awsCredentialsRule: SectionRule = {
  id: 'aws/credentials',
  severity: 'warning',
  doc: 'The bakery\'s awsAccessKey and awsSecretKey are set together (Rosco passes neither when one is missing), and its subnet and VPC ids are well-formed.',
  scope: 'section',
  providers: [PROVIDER],
  *check({ bakery, bakeryPath }) {
    if (!bakery) return
    const access = isSet(bakery.awsAccessKey)
    const secret = isSet(bakery.awsSecretKey)
    if (access !== secret) {
      yield {
        path: [...bakeryPath, access ? 'awsAccessKey' : 'awsSecretKey'],
        message: `The bakery sets ${access ? 'awsAccessKey without awsSecretKey' : 'awsSecretKey without awsAccessKey'}: Rosco passes neither to Packer, which then uses the credentials of the machine it runs on.`,
        remediation: access ? `hal config provider ${PROVIDER} bakery edit --aws-secret-key (asked for without echo)` : bakeryEdit('aws-access-key', 'AKIA...'),
      }
    }
    yield* checkIfSet(bakery.awsSubnetId, (v) => formatFinding([...bakeryPath, 'awsSubnetId'], 'Subnet id', v, subnetId(v), bakeryFix('aws-subnet-id', 'subnet-0123456789abcdef0')).map((f) => ({ ...f, severity: 'error' as const })))
    yield* checkIfSet(bakery.awsVpcId, (v) => formatFinding([...bakeryPath, 'awsVpcId'], 'VPC id', v, vpcId(v), bakeryFix('aws-vpc-id', 'vpc-0123456789abcdef0')).map((f) => ({ ...f, severity: 'error' as const })))
    if (isSet(bakery.awsVpcId) && !isSet(bakery.awsSubnetId)) {
      yield { path: [...bakeryPath, 'awsVpcId'], message: 'The bakery sets awsVpcId without awsSubnetId: Packer needs the subnet to launch into a VPC (the VPC id alone is ignored).', remediation: bakeryEdit('aws-subnet-id', 'subnet-0123456789abcdef0') }
    }
  },
}

export const awsTemplateRule: SectionRule = {
  id: 'aws/template-file',
  severity: 'warning',
  doc: 'Every aws base image has a template: its own templateFile or the bakery\'s (Halyard sets no default for AWS).',
  scope: 'section',
  providers: [PROVIDER],
  *check({ bakery, bakeryPath, baseImages }) {
    if (isSet(bakery?.templateFile)) return
    const without = baseImages.filter((b) => !isSet(b.image.templateFile))
    if (without.length === 0) return
    yield {
      path: bakeryPath,
      message: `No templateFile for ${without.map((b) => b.label).join(', ')}: Halyard sets no default for AWS, so Rosco uses the one of its own rosco.yml (aws-ebs.json) only if that file is loaded.`,
      remediation: bakeryEdit('template-file', 'aws-ebs.json'),
    }
  },
}

export const awsPublicIpRule: SectionRule = {
  id: 'aws/public-ip-false',
  severity: 'warning',
  doc: 'awsAssociatePublicIpAddress: false has no effect: Rosco never passes false, so the template\'s default (true in aws-ebs.json) applies.',
  scope: 'section',
  providers: [PROVIDER],
  *check({ bakery, bakeryPath }) {
    if (bakery?.awsAssociatePublicIpAddress !== false) return
    yield {
      path: [...bakeryPath, 'awsAssociatePublicIpAddress'],
      message: 'awsAssociatePublicIpAddress is false, but Rosco puts the value in its parameters and its command factory then drops every false value: Packer gets the template\'s default, which is true in aws-ebs.json.',
      remediation: 'To bake without a public IP, give the bake the extended attribute aws_associate_public_ip_address=false (a String, which Rosco passes), or use a template whose default is "false".',
    }
  },
}

/** The AWS rules, in the order their problems are reported. */
export const AWS_RULES: readonly SectionRule[] = [
  awsRegionRule, awsVirtualizationTypeRule, awsDuplicateSettingsRule, awsSourceAmiRule, awsInstanceTypeRule,
  awsSpotPriceRule, awsCredentialsRule, awsPublicIpRule, awsTemplateRule,
]

