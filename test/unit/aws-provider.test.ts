import { describe, expect, it } from 'vitest'
import { schemaEnum } from '../../src/providers/define.js'
import { aws } from '../../src/providers/aws.js'
import { VIRTUALIZATION_TYPES } from '../../src/providers/aws/formats.js'

// The AWS description against Halyard's commands and model (spinnaker/halyard 23e66d69):
//   HL = halyard-cli/src/main/java/com/netflix/spinnaker/halyard/cli/command/v1/config/providers/aws/
//   HC = halyard-config/src/main/java/com/netflix/spinnaker/halyard/config/model/v1/providers/aws/

const flags = (fields: ReadonlyArray<{ flag: string }>) => fields.map((f) => f.flag)

describe('aws: fields and flags', () => {
  it('bakery edit has Halyard\'s seven flags (HL/AwsEditBakeryDefaultsCommand.java:34-78), the secret key asked for without echo', () => {
    expect(flags(aws.bakery).sort()).toEqual(['aws-access-key', 'aws-associate-public-ip-address', 'aws-secret-key', 'aws-subnet-id', 'aws-vpc-id', 'default-virtualization-type', 'template-file'])
    expect(aws.bakery.filter((f) => f.secret).map((f) => f.key)).toEqual(['awsSecretKey'])
    expect(aws.bakery.find((f) => f.key === 'awsAssociatePublicIpAddress')?.type).toBe('boolean')
    expect(aws.bakery.find((f) => f.key === 'defaultVirtualizationType')).toMatchObject({ options: ['pv', 'hvm'], default: 'hvm' })
  })

  it('base image settings: one flag per key of Halyard\'s AwsVirtualizationSettings (HC/AwsBaseImage.java:38-46)', () => {
    expect(flags(aws.virtualization)).toEqual(['region', 'virtualization-type', 'instance-type', 'source-ami', 'ssh-user-name', 'win-rm-user-name', 'spot-price', 'spot-price-auto-product'])
    expect(aws.virtualizationShape).toMatchObject({ kind: 'list', settingsKey: ['region', 'virtualizationType'] })
    // A new entry without a type takes the one a bake without vm_type looks for (AWSBakeHandler.groovy:96).
    const shape = aws.virtualizationShape as { newEntryDefaults: (bakery: object) => object }
    expect(shape.newEntryDefaults({})).toEqual({ virtualizationType: 'hvm' })
    expect(shape.newEntryDefaults({ defaultVirtualizationType: 'pv' })).toEqual({ virtualizationType: 'pv' })
  })

  it('account flags are AwsAddAccountCommand\'s (HL/AwsAddAccountCommand.java:41-117), --account-id and --assume-role required', () => {
    expect(flags(aws.accountMore)).toEqual(expect.arrayContaining(['account-id', 'assume-role', 'external-id', 'default-key-pair', 'edda', 'discovery', 'lambda-enabled']))
    expect(aws.accountMore.filter((f) => f.required).map((f) => f.flag)).toEqual(['account-id', 'assume-role'])
    expect(aws.account).toEqual([])
  })

  it('the virtualization types are the schema\'s enum, the list the format checks use', () => {
    expect(schemaEnum(aws.schema, 'virtualizationSettings', 'virtualizationType')).toEqual([...VIRTUALIZATION_TYPES].reverse())
    expect(aws.bake.requestFields.find((f) => f.field === 'vm_type')?.options).toEqual(['pv', 'hvm'])
  })

  it('Halyard\'s model keys are in the schema; the Rosco-only ones are not among them', () => {
    const props = (name: string) => Object.keys(aws.schema.definitions?.[name]?.properties ?? {})
    const { halyardKeys, roscoOnlyBakeryKeys } = aws.config
    expect(props('bakeryDefaults')).toEqual(expect.arrayContaining([...halyardKeys.bakeryDefaults, ...roscoOnlyBakeryKeys]))
    expect(props('virtualizationSettings')).toEqual([...halyardKeys.virtualizationSettings, 'mostRecent'])
    expect(halyardKeys.bakeryDefaults).not.toContain('maskedPackerParameters')
  })

  it('masked: Rosco\'s default list (rosco RoscoAWSConfiguration.groovy:55)', () => {
    expect(aws.bake.masked).toEqual(['aws_access_key', 'aws_secret_key'])
  })
})

describe('aws: the baked AMI read from Packer 1.6.6\'s output', () => {
  const lines = [
    '==> amazon-ebs: Creating AMI nginx-all-1700000000000-jammy from instance i-0123456789abcdef0',
    '    amazon-ebs: AMI: ami-0aaaaaaaaaaaaaaaa',
    '==> amazon-ebs: Copying AMI (ami-0aaaaaaaaaaaaaaaa) to other regions...',
    "Build 'amazon-ebs' finished.",
    '',
    '==> Builds finished. The artifacts of successful builds are:',
    '--> amazon-ebs: AMIs were created:',
    'eu-west-1: ami-0bbbbbbbbbbbbbbbb',
    'us-east-1: ami-0aaaaaaaaaaaaaaaa',
  ]

  it('with the bake\'s region: its AMI, and the copies (Packer 1.6.6 prints no name line Rosco reads, so the name is the id)', () => {
    const read = aws.packer.bakedImage as (l: readonly string[], m: string | undefined, region?: string) => unknown
    expect(read(lines, undefined, 'us-east-1')).toEqual({ name: 'ami-0aaaaaaaaaaaaaaaa', id: 'ami-0aaaaaaaaaaaaaaaa', copies: [{ region: 'eu-west-1', id: 'ami-0bbbbbbbbbbbbbbbb' }], from: 'log' })
  })

  it('without a region: the first AMI listed', () => {
    expect(aws.packer.bakedImage(lines, undefined)).toMatchObject({ id: 'ami-0bbbbbbbbbbbbbbbb', copies: [{ region: 'us-east-1', id: 'ami-0aaaaaaaaaaaaaaaa' }] })
  })

  it('a build that made no AMI: none', () => {
    expect(aws.packer.bakedImage(lines.slice(0, 4), undefined)).toBeUndefined()
  })

  it('an older Packer\'s "Creating the AMI: NAME" gives the name (AWSBakeHandlerSpec.groovy:250-282)', () => {
    expect(aws.packer.bakedImage(['==> amazon-ebs: Creating the AMI: kato-x8664-1422459898853-ubuntu', '==> Builds finished. The artifacts of successful builds are:', 'us-east-1: ami-2c014644'], undefined)).toMatchObject({ name: 'kato-x8664-1422459898853-ubuntu', id: 'ami-2c014644' })
  })
})

describe('aws: the bake request Rosco receives', () => {
  it('the region is in the URL (/api/v1/REGION/bake), not in the body: Rosco\'s BakeRequest has no region field (rosco-core .../rosco/api/BakeRequest.groovy)', async () => {
    const { requestBody } = await import('../../src/bake/request.js')
    const body = JSON.parse(requestBody({ cloud_provider_type: 'aws', base_os: 'jammy', region: 'us-east-1', vm_type: 'hvm', enhanced_networking: true }))
    expect(body).toEqual({ cloud_provider_type: 'aws', base_os: 'jammy', vm_type: 'hvm', enhanced_networking: true })
  })
})
