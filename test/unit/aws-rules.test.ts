import { describe, expect, it } from 'vitest'
import { isPlainObject, type Plain } from '../../src/model/plain.js'
import type { SectionContext, SectionRule } from '../../src/model/rule.js'
import { AWS_RULES } from '../../src/providers/aws/rules.js'

// The AWS rules on an aws section, as validate hands it to them (the section's bakery defaults and
// base image entries; paths relative to the section).

function context(bakery: Plain): SectionContext {
  const images = Array.isArray(bakery.baseImages) ? bakery.baseImages : []
  return {
    provider: { name: 'aws' } as SectionContext['provider'],
    dialect: 'halyard',
    section: { enabled: true, bakeryDefaults: bakery },
    bakery,
    bakeryPath: ['bakeryDefaults'],
    baseImages: images.flatMap((entry, index) => {
      if (!isPlainObject(entry) || !isPlainObject(entry.baseImage)) return []
      const id = typeof entry.baseImage.id === 'string' ? entry.baseImage.id : undefined
      return [{ index, path: ['bakeryDefaults', 'baseImages', index], id, label: id ?? `#${index + 1}`, image: entry.baseImage, virtualization: {} }]
    }),
    accounts: [],
    enabled: true,
    baseDir: '.',
  }
}

/** Every finding of every AWS rule: rule id, severity, path and message. */
function run(bakery: Plain) {
  return AWS_RULES.flatMap((rule: SectionRule) => [...rule.check(context(bakery))].map((f) => ({ rule: rule.id, severity: f.severity ?? rule.severity, path: f.path.join('.'), message: f.message, remediation: f.remediation })))
}

const good = () => ({
  templateFile: 'aws-ebs.json',
  defaultVirtualizationType: 'hvm',
  awsSubnetId: 'subnet-12345def',
  awsVpcId: 'vpc-1a2b3c4d',
  baseImages: [
    { baseImage: { id: 'jammy', packageType: 'deb' }, virtualizationSettings: [
      { region: 'us-east-1', virtualizationType: 'hvm', instanceType: 't3.small', sourceAmi: 'ami-0123456789abcdef0', sshUserName: 'ubuntu', spotPrice: 0, spotPriceAutoProduct: 'Linux/UNIX (Amazon VPC)' },
      { region: 'eu-west-1', virtualizationType: 'hvm', instanceType: 't3.small', sourceAmi: 'ami-0fedcba9876543210', sshUserName: 'ubuntu' },
    ] },
  ],
})

const S = 'bakeryDefaults.baseImages.0.virtualizationSettings'

describe('AWS rules', () => {
  it('a well-formed bakery has no findings', () => {
    expect(run(good())).toEqual([])
  })

  it('a chroot bake without a user or an instance type is said to stop as Rosco\'s chroot template stops (halconfig/packer/aws-chroot.json:8-9: both declared with no default), not with amazon-ebs\'s message', () => {
    const bakery = good()
    const entry = bakery.baseImages[0]
    entry.baseImage = { ...entry.baseImage, templateFile: 'aws-multi-chroot.json' } as typeof entry.baseImage
    entry.virtualizationSettings = [{ region: 'us-east-1', virtualizationType: 'hvm', sourceAmi: 'ami-0123456789abcdef0' }] as typeof entry.virtualizationSettings
    const messages = run(bakery).filter((f) => f.rule === 'aws/instance-type').map((f) => f.message)
    expect(messages).toEqual([
      expect.stringContaining('Rosco\'s aws-multi-chroot.json declares it with no default and stops with "required variable not set: aws_instance_type"'),
      expect.stringContaining('Rosco\'s aws-multi-chroot.json declares aws_ssh_username with no default and stops with "required variable not set: aws_ssh_username"'),
    ])
    // The bakery's template counts when the image names none; an ebs bake keeps amazon-ebs's words.
    delete (entry.baseImage as Plain).templateFile
    expect(run({ ...bakery, templateFile: 'aws-chroot.json' }).filter((f) => f.rule === 'aws/instance-type').map((f) => f.message).join('\n')).toContain('Rosco\'s aws-chroot.json declares aws_ssh_username')
    expect(run({ ...bakery, templateFile: 'aws-ebs.json' }).filter((f) => f.rule === 'aws/instance-type').map((f) => f.message).join('\n')).toContain('amazon-ebs stops with "An ssh_username must be specified"')
  })

  it('Halyard\'s stock images (halconfig/images.yml) have no errors: their one trusty image without templateFile gets the no-default warning', () => {
    const bakery: Plain = { baseImages: [
      { baseImage: { id: 'ubuntu', packageType: 'deb', templateFile: 'aws-ebs.json' }, virtualizationSettings: [{ region: 'us-east-1', virtualizationType: 'hvm', instanceType: 't2.micro', sourceAmi: 'ami-d4aed0bc', sshUserName: 'ubuntu', spotPrice: 0, spotPriceAutoProduct: 'Linux/UNIX (Amazon VPC)' }] },
      { baseImage: { id: 'trusty', packageType: 'deb' }, virtualizationSettings: [{ region: 'us-east-1', virtualizationType: 'pv', instanceType: 'm3.medium', sourceAmi: 'ami-a1701bdb', sshUserName: 'ubuntu', spotPrice: 0 }, { region: 'us-east-1', virtualizationType: 'hvm', instanceType: 't2.micro', sourceAmi: 'ami-9d751ee7', sshUserName: 'ubuntu', spotPrice: 0 }] },
    ] }
    expect(run(bakery).map((f) => [f.rule, f.severity])).toEqual([['aws/template-file', 'warning']])
  })

  it('region: an availability zone is an error with the region as the fix; an entry without region is never used', () => {
    const bakery = good()
    bakery.baseImages[0].virtualizationSettings[0].region = 'us-east-1a'
    delete (bakery.baseImages[0].virtualizationSettings[1] as Plain).region
    const found = run(bakery).filter((f) => f.rule === 'aws/region')
    expect(found).toEqual([
      expect.objectContaining({ severity: 'error', path: `${S}.0.region`, message: 'Region "us-east-1a" is not valid: us-east-1a is an availability zone; the region is us-east-1.' }),
      expect.objectContaining({ severity: 'warning', path: `${S}.1`, message: expect.stringContaining('has no region: Rosco never uses it') }),
    ])
    expect(found[0].remediation).toMatch(/^Use "us-east-1"\./)
  })

  it('virtualization type: HVM is refused (Halyard reads an enum); a base image without settings for the default type warns', () => {
    const bakery = good()
    bakery.baseImages[0].virtualizationSettings[0].virtualizationType = 'HVM'
    bakery.baseImages[0].virtualizationSettings[1].virtualizationType = 'pv'
    const found = run(bakery).filter((f) => f.rule === 'aws/virtualization-type')
    expect(found.map((f) => [f.severity, f.path])).toEqual([['error', `${S}.0.virtualizationType`], ['warning', S]])
    expect(found[1].message).toContain('not for the default virtualization type hvm: every bake of it without an explicit vm type fails')
  })

  it('a base image without any settings: every bake of it fails', () => {
    const bakery = { ...good(), baseImages: [{ baseImage: { id: 'bare', packageType: 'deb' } }] }
    expect(run(bakery).filter((f) => f.rule === 'aws/virtualization-type')).toEqual([expect.objectContaining({ severity: 'warning', path: 'bakeryDefaults.baseImages.0', message: expect.stringContaining('has no virtualizationSettings') })])
  })

  it('defaultVirtualizationType pv: the default check follows it', () => {
    const bakery = { ...good(), defaultVirtualizationType: 'pv' }
    expect(run(bakery).filter((f) => f.rule === 'aws/virtualization-type').map((f) => f.message)).toEqual([expect.stringContaining('only for hvm, not for the default virtualization type pv')])
  })

  it('two entries for one region and type: the second is reported, Rosco only uses the first', () => {
    const bakery = good()
    bakery.baseImages[0].virtualizationSettings[1].region = 'us-east-1'
    expect(run(bakery).filter((f) => f.rule === 'aws/duplicate-settings')).toEqual([expect.objectContaining({ severity: 'error', path: `${S}.1`, message: expect.stringContaining('(entries 1 and 2); Rosco only ever uses the first') })])
  })

  it('source AMI: a name is info (Rosco resolves it at bake time), never an error; a malformed id is an error; AMI- in capitals warns', () => {
    const bakery = good()
    bakery.baseImages[0].virtualizationSettings[0].sourceAmi = 'ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*'
    bakery.baseImages[0].virtualizationSettings[1].sourceAmi = 'ami-123'
    const found = run(bakery).filter((f) => f.rule === 'aws/source-ami')
    expect(found.map((f) => [f.severity, f.path])).toEqual([['info', `${S}.0.sourceAmi`], ['error', `${S}.1.sourceAmi`]])
    expect(found[0].message).toContain('Rosco looks it up through Clouddriver at bake time')
    bakery.baseImages[0].virtualizationSettings[1].sourceAmi = 'AMI-0FEDCBA9876543210'
    expect(run(bakery).filter((f) => f.rule === 'aws/source-ami')[1]).toMatchObject({ severity: 'warning', remediation: expect.stringContaining('--source-ami ami-0fedcba9876543210') })
  })

  it('no source AMI: a warning naming the dynamic property Rosco reads instead', () => {
    const bakery = good()
    delete (bakery.baseImages[0].virtualizationSettings[0] as Plain).sourceAmi
    expect(run(bakery).filter((f) => f.rule === 'aws/source-ami')).toEqual([expect.objectContaining({ severity: 'warning', message: expect.stringContaining('aws.base.jammy.<vm_type>.<base_label>.us-east-1') })])
  })

  it('instance type and user: a malformed type is an error; none, or no user, a warning naming Packer\'s error', () => {
    const bakery = good()
    bakery.baseImages[0].virtualizationSettings[0].instanceType = 'T3.SMALL'
    delete (bakery.baseImages[0].virtualizationSettings[1] as Plain).instanceType
    delete (bakery.baseImages[0].virtualizationSettings[1] as Plain).sshUserName
    const found = run(bakery).filter((f) => f.rule === 'aws/instance-type')
    expect(found.map((f) => [f.severity, f.path])).toEqual([['error', `${S}.0.instanceType`], ['warning', `${S}.1`], ['warning', `${S}.1`]])
    expect(found[2].message).toContain('amazon-ebs stops with "An ssh_username must be specified"')
    expect(found[2].remediation).toBe('hal config provider aws bakery base-image edit jammy --region eu-west-1 --virtualization-type hvm --ssh-user-name ubuntu')
  })

  it('spot price: a bad price is an error, an unknown auto product a warning', () => {
    const bakery = good()
    bakery.baseImages[0].virtualizationSettings[0].spotPrice = '-1' as unknown as number
    bakery.baseImages[0].virtualizationSettings[0].spotPriceAutoProduct = 'Linux'
    expect(run(bakery).filter((f) => f.rule === 'aws/spot-price').map((f) => [f.severity, f.path])).toEqual([['error', `${S}.0.spotPrice`], ['warning', `${S}.0.spotPriceAutoProduct`]])
  })

  it('credentials: one key without the other warns (Rosco passes neither); subnet and VPC ids are checked, a VPC alone is reported', () => {
    expect(run({ ...good(), awsAccessKey: 'AKIAIOSFODNN7EXAMPLE' }).filter((f) => f.rule === 'aws/credentials')).toEqual([
      expect.objectContaining({ severity: 'warning', path: 'bakeryDefaults.awsAccessKey', message: expect.stringContaining('Rosco passes neither to Packer') }),
    ])
    const { awsSubnetId: _s, ...noSubnet } = good()
    expect(run({ ...noSubnet, awsVpcId: 'subnet-12345def' }).filter((f) => f.rule === 'aws/credentials').map((f) => [f.severity, f.message])).toEqual([
      ['error', 'VPC id "subnet-12345def" is not valid: this is a subnet- id, not a VPC id (vpc-...).'],
      ['warning', expect.stringContaining('awsVpcId without awsSubnetId')],
    ])
  })

  it('awsAssociatePublicIpAddress false: a warning that Rosco never passes it', () => {
    expect(run({ ...good(), awsAssociatePublicIpAddress: false }).filter((f) => f.rule === 'aws/public-ip-false')).toEqual([expect.objectContaining({ severity: 'warning', path: 'bakeryDefaults.awsAssociatePublicIpAddress' })])
    expect(run({ ...good(), awsAssociatePublicIpAddress: true }).filter((f) => f.rule === 'aws/public-ip-false')).toEqual([])
  })

  it('placeholders are not checked', () => {
    const bakery = good()
    bakery.baseImages[0].virtualizationSettings[0].region = '${AWS_REGION}'
    bakery.baseImages[0].virtualizationSettings[0].sourceAmi = '${BASE_AMI}'
    expect(run(bakery)).toEqual([])
  })
})
