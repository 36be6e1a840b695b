import { describe, expect, it } from 'vitest'
import type { Plain } from '../../src/model/plain.js'
import {
  bakeKeyComponent, buildParameterMap, findVirtualizationSettings, passedParameters, scrapeBakeResult, vmTypeOf, type AwsRequest,
} from '../../src/providers/aws/rosco.js'

// Rosco's AWS bake handler as galley models it, checked against Rosco's own Spock specification.
// Read at spinnaker/rosco 030f7b6c9605978d4d4fb00de7c8884801f119e1:
//   S = rosco-core/src/test/groovy/com/netflix/spinnaker/rosco/providers/aws/AWSBakeHandlerSpec.groovy
//   H = rosco-core/src/main/groovy/com/netflix/spinnaker/rosco/providers/aws/AWSBakeHandler.groovy
// Spock compares maps with ==, which ignores order: the orders below are the handler's
// LinkedHashMap insertion order (H:143-193), which is what Packer's argv follows.
// The image name is mocked in the spec (kato-x8664-timestamp-<os>); it is passed in here.

const S = 'AWSBakeHandlerSpec.groovy'
const REGION = 'us-east-1'
const LINUX = { spotPrice: 'auto', spotPriceAutoProduct: 'Linux/UNIX (Amazon VPC)' }

/** The spec's bakery defaults (S:62-212), in Halyard's key names (they are Rosco's too). */
function specBakery(): Plain {
  const hvm = (instanceType: string, sourceAmi: string, user: Plain) => ({ region: REGION, virtualizationType: 'hvm', instanceType, sourceAmi, ...user, ...LINUX })
  return {
    templateFile: 'aws_template.json',
    defaultVirtualizationType: 'hvm',
    baseImages: [
      { baseImage: { id: 'ubuntu', packageType: 'DEB' }, virtualizationSettings: [
        hvm('t2.micro', 'ami-a123456b', { sshUserName: 'ubuntu' }),
        { region: REGION, virtualizationType: 'pv', instanceType: 'm3.medium', sourceAmi: 'ami-a654321b', sshUserName: 'ubuntu', ...LINUX },
      ] },
      { baseImage: { id: 'bionic', packageType: 'DEB' }, virtualizationSettings: [{ region: REGION, virtualizationType: 'hvm', sourceAmi: 'bionic-base-123' }] },
      { baseImage: { id: 'trusty', packageType: 'DEB' }, virtualizationSettings: [hvm('t2.micro', 'ami-c456789d', { sshUserName: 'ubuntu' })] },
      { baseImage: { id: 'trusty_custom_repo', packageType: 'DEB', customRepository: 'http://some-custom-debian-repository' }, virtualizationSettings: [hvm('t2.micro', 'ami-c456789d', { sshUserName: 'ubuntu' })] },
      { baseImage: { id: 'amzn', packageType: 'RPM' }, virtualizationSettings: [hvm('t2.micro', 'ami-8fcee4e5', { sshUserName: 'ec2-user' })] },
      { baseImage: { id: 'windows-2012-r2', packageType: 'NUPKG', templateFile: 'aws-windows-2012-r2.json' }, virtualizationSettings: [
        { region: REGION, virtualizationType: 'hvm', instanceType: 't2.micro', sourceAmi: 'ami-21414f36', winRmUserName: 'Administrator', spotPrice: 'auto', spotPriceAutoProduct: 'Windows (Amazon VPC)' },
      ] },
      { baseImage: { id: 'xenial', packageType: 'DEB' }, virtualizationSettings: [{ ...hvm('t2.micro', 'ubuntu/images/hvm-ssd/ubuntu-xenial-16.04-amd64-server-', { sshUserName: 'ubuntu' }), mostRecent: true }] },
    ],
  }
}

/** The provider's -var pairs for a request, as `name=value`, in Rosco's order. */
function vars(request: AwsRequest, imageName: string, bakery: Plain = specBakery(), appVersion?: string): string[] {
  const chosen = findVirtualizationSettings(REGION, request, bakery)
  if (!chosen.ok) throw new Error(chosen.message)
  return passedParameters(buildParameterMap(REGION, chosen.settings, imageName, request, bakery, appVersion)).map(([k, v]) => `${k}=${v}`)
}

const head = (instance: string, ami: string, target: string) => [`aws_region=${REGION}`, `aws_instance_type=${instance}`, `aws_source_ami=${ami}`, `aws_target_ami=${target}`]
const linuxTail = ['aws_ssh_username=ubuntu', 'aws_spot_price=auto', 'aws_spot_price_auto_product=Linux/UNIX (Amazon VPC)']

describe(`${S}: the parameters of the AWS handler`, () => {
  it('ubuntu with the default vm type: the hvm settings of us-east-1 (S:538-578)', () => {
    expect(vars({ base_os: 'ubuntu', vm_type: 'hvm' }, 'kato-x8664-timestamp-ubuntu')).toEqual([...head('t2.micro', 'ami-a123456b', 'kato-x8664-timestamp-ubuntu'), ...linuxTail])
  })

  it('no vm type in the request: defaultVirtualizationType picks the entry (H:96)', () => {
    expect(vars({ base_os: 'ubuntu' }, 'x-ubuntu')).toEqual(vars({ base_os: 'ubuntu', vm_type: 'hvm' }, 'x-ubuntu'))
    expect(vars({ base_os: 'ubuntu' }, 'x-ubuntu', { ...specBakery(), defaultVirtualizationType: 'pv' })).toContain('aws_instance_type=m3.medium')
  })

  it('no defaultVirtualizationType configured: Rosco\'s bean default hvm (AWSBakeryDefaultsBean.java:30-33)', () => {
    const { defaultVirtualizationType: _d, ...bakery } = specBakery()
    expect(vmTypeOf({}, bakery)).toBe('hvm')
    expect(vars({ base_os: 'ubuntu' }, 'x-ubuntu', bakery)).toContain('aws_source_ami=ami-a123456b')
  })

  it('explicit vm type pv: the pv entry (S:790-830)', () => {
    expect(vars({ base_os: 'ubuntu', vm_type: 'pv' }, 'kato-x8664-timestamp-ubuntu')).toEqual([...head('m3.medium', 'ami-a654321b', 'kato-x8664-timestamp-ubuntu'), ...linuxTail])
  })

  it('base_ami overrides the settings\' sourceAmi (S:747-788, H:117-119)', () => {
    expect(vars({ base_os: 'ubuntu', vm_type: 'hvm', base_ami: 'ami-12345678' }, 't')).toEqual([...head('t2.micro', 'ami-12345678', 't'), ...linuxTail])
  })

  it('amzn: ec2-user (S:640-680)', () => {
    expect(vars({ base_os: 'amzn', vm_type: 'hvm' }, 'kato-x8664-timestamp-amzn')).toEqual([
      ...head('t2.micro', 'ami-8fcee4e5', 'kato-x8664-timestamp-amzn'), 'aws_ssh_username=ec2-user', 'aws_spot_price=auto', 'aws_spot_price_auto_product=Linux/UNIX (Amazon VPC)',
    ])
  })

  it('amzn without spot settings: no spot variables at all (S:682-745)', () => {
    const bakery = { templateFile: 'aws-chroot.json', defaultVirtualizationType: 'hvm', baseImages: [
      { baseImage: { id: 'amzn', packageType: 'RPM' }, virtualizationSettings: [{ region: REGION, virtualizationType: 'hvm', instanceType: 't2.micro', sourceAmi: 'ami-8fcee4e5', sshUserName: 'ec2-user' }] },
    ] }
    expect(vars({ base_os: 'amzn', vm_type: 'hvm' }, 'kato-x8664-timestamp-amzn', bakery)).toEqual([...head('t2.micro', 'ami-8fcee4e5', 'kato-x8664-timestamp-amzn'), 'aws_ssh_username=ec2-user'])
  })

  it('Windows: the WinRM user and the Windows spot product (S:1136-1177)', () => {
    expect(vars({ base_os: 'windows-2012-r2', vm_type: 'hvm' }, 'googlechrome-all-20170121212839-windows-2012-r2')).toEqual([
      ...head('t2.micro', 'ami-21414f36', 'googlechrome-all-20170121212839-windows-2012-r2'), 'aws_winrm_username=Administrator', 'aws_spot_price=auto', 'aws_spot_price_auto_product=Windows (Amazon VPC)',
    ])
  })

  it('build_info_url and appversion come last among the handler\'s own (S:1041-1090, H:187-193)', () => {
    expect(vars({ base_os: 'trusty', vm_type: 'hvm', build_info_url: 'http://some-build-server:8080/repogroup/repo/builds/320282' }, 'kato-x8664-timestamp-trusty', specBakery(), 'nflx-djangobase-enhanced-0.1-170cdbd.h12')).toEqual([
      ...head('t2.micro', 'ami-c456789d', 'kato-x8664-timestamp-trusty'), ...linuxTail,
      'build_info_url=http://some-build-server:8080/repogroup/repo/builds/320282', 'appversion=nflx-djangobase-enhanced-0.1-170cdbd.h12',
    ])
  })

  it('spot_price_auto_product only with spotPrice "auto"; "0" is still passed, as a String (S:920-956, H:158-164)', () => {
    const params = (spotPrice: unknown) => passedParameters(buildParameterMap(REGION, { region: REGION, spotPrice, spotPriceAutoProduct: 'Linux/UNIX (Amazon VPC)' }, '', {} as AwsRequest, {}, ''))
    expect(params('0')).toEqual([['aws_region', REGION], ['aws_spot_price', '0']])
    expect(params('auto')).toEqual([['aws_region', REGION], ['aws_spot_price', 'auto'], ['aws_spot_price_auto_product', 'Linux/UNIX (Amazon VPC)']])
    // A YAML `spotPrice: 0` (as in rosco.yml:152) is a number; Spring binds it to the String "0", which is passed.
    expect(params(0)).toEqual([['aws_region', REGION], ['aws_spot_price', '0']])
  })
})

describe('the bakery defaults\' variables (H:166-185), which the spec does not cover', () => {
  const settings = { region: REGION, instanceType: 't3.small', sourceAmi: 'ami-0123456789abcdef0', sshUserName: 'ubuntu' }
  const names = (bakery: Plain, request: Partial<AwsRequest> = {}) => passedParameters(buildParameterMap(REGION, settings, 'img', { base_os: 'x', ...request }, bakery)).map(([k]) => k)

  it('access and secret key only together (H:166-169), both masked by default (RoscoAWSConfiguration.groovy:55)', () => {
    expect(names({ awsAccessKey: 'AKIA1' })).not.toContain('aws_access_key')
    expect(names({ awsSecretKey: 's' })).not.toContain('aws_secret_key')
    const both = buildParameterMap(REGION, settings, 'img', { base_os: 'x' }, { awsAccessKey: 'AKIA1', awsSecretKey: 's' })
    expect(both.filter((p) => p.secret).map((p) => p.name)).toEqual(['aws_access_key', 'aws_secret_key'])
    expect(passedParameters(both).map(([k]) => k)).toEqual(['aws_region', 'aws_instance_type', 'aws_source_ami', 'aws_target_ami', 'aws_ssh_username', 'aws_access_key', 'aws_secret_key'])
  })

  it('a configured maskedPackerParameters replaces Rosco\'s list; galley still hides the secret key (S:1473-1485)', () => {
    const params = buildParameterMap(REGION, settings, 'img', { base_os: 'x' }, { awsAccessKey: 'A', awsSecretKey: 's', maskedPackerParameters: ['aws_subnet_id'] })
    expect(params.filter((p) => p.secret).map((p) => p.name)).toEqual(['aws_secret_key', 'aws_subnet_id'])
  })

  it('subnet, VPC, public IP and ENA in the handler\'s order', () => {
    expect(names({ awsSubnetId: 'subnet-12345def', awsVpcId: 'vpc-1a2b3c4d', awsAssociatePublicIpAddress: true }, { enhanced_networking: true })).toEqual([
      'aws_region', 'aws_instance_type', 'aws_source_ami', 'aws_target_ami', 'aws_ssh_username', 'aws_subnet_id', 'aws_vpc_id', 'aws_associate_public_ip_address', 'aws_ena_support',
    ])
  })

  it('awsAssociatePublicIpAddress false is put, then dropped by the command factory (H:179-181, util/LocalJobFriendlyPackerCommandFactory.groovy:38-45)', () => {
    const params = buildParameterMap(REGION, settings, 'img', { base_os: 'x' }, { awsAssociatePublicIpAddress: false })
    expect(params.find((p) => p.name === 'aws_associate_public_ip_address')).toMatchObject({ value: false, put: 'if set' })
    expect(params.find((p) => p.name === 'aws_associate_public_ip_address')?.skipped).toBeUndefined()
    expect(passedParameters(params).map(([k]) => k)).not.toContain('aws_associate_public_ip_address')
  })
})

describe(`${S}: choosing the settings (H:94-139)`, () => {
  it('an unknown base image: Rosco\'s message (S:1179-1201)', () => {
    expect(findVirtualizationSettings(REGION, { base_os: 'centos', vm_type: 'hvm' }, specBakery())).toMatchObject({ ok: false, stage: 'base-image', message: "No virtualization settings found for 'centos'." })
  })

  it('no settings for the region and vm type: Rosco\'s message (S:1203-1225)', () => {
    expect(findVirtualizationSettings(REGION, { base_os: 'trusty', vm_type: 'pv' }, specBakery())).toMatchObject({
      ok: false, stage: 'settings', message: "No virtualization settings found for region 'us-east-1', operating system 'trusty', and vm type 'pv'.",
    })
    expect(findVirtualizationSettings('eu-west-1', { base_os: 'ubuntu' }, specBakery())).toMatchObject({ ok: false, stage: 'settings' })
  })

  it('a name is kept as a name, to be looked up by Rosco through Clouddriver (S:492-536, S:580-638)', () => {
    expect(findVirtualizationSettings(REGION, { base_os: 'bionic', vm_type: 'hvm', base_label: 'release' }, specBakery())).toMatchObject({ ok: true, sourceAmi: 'bionic-base-123', sourceAmiOrigin: 'name', mostRecent: false })
    expect(findVirtualizationSettings(REGION, { base_os: 'xenial' }, specBakery())).toMatchObject({ ok: true, sourceAmiOrigin: 'name', mostRecent: true })
  })

  it('no sourceAmi: Rosco reads a dynamic property with the request\'s own vm_type and base_label, "null" when unset (CloudProviderBakeHandler.groovy:258-265)', () => {
    const bakery = { baseImages: [{ baseImage: { id: 'bare', packageType: 'deb' }, virtualizationSettings: [{ region: REGION, virtualizationType: 'hvm', instanceType: 't3.small' }] }] }
    expect(findVirtualizationSettings(REGION, { base_os: 'bare' }, bakery)).toMatchObject({
      ok: false, stage: 'source', property: 'aws.base.bare.null.null.us-east-1',
      message: "No base image found for os 'bare', vm type 'hvm', region 'us-east-1', label: 'null', account: '<bakeAccount>'",
    })
  })

  it('the first matching entry wins; a later duplicate is never used', () => {
    const bakery = specBakery()
    ;(bakery.baseImages as Plain[])[0].virtualizationSettings = [
      ...((bakery.baseImages as Plain[])[0].virtualizationSettings as Plain[]),
      { region: REGION, virtualizationType: 'hvm', instanceType: 'c5.large', sourceAmi: 'ami-99999999' },
    ]
    expect(findVirtualizationSettings(REGION, { base_os: 'ubuntu' }, bakery)).toMatchObject({ ok: true, settingsIndex: 0, sourceAmi: 'ami-a123456b' })
  })

  it('the request\'s base_ami is applied to a copy: the configuration is not changed (H:115)', () => {
    const bakery = specBakery()
    findVirtualizationSettings(REGION, { base_os: 'ubuntu', base_ami: 'ami-12345678' }, bakery)
    expect(((bakery.baseImages as Plain[])[0].virtualizationSettings as Plain[])[0].sourceAmi).toBe('ami-a123456b')
  })
})

describe(`${S}: bake key component (S:1227-1347, H:81-92)`, () => {
  it('region, vm type (default filled in) and enhanced networking', () => {
    expect(bakeKeyComponent(REGION, { base_os: 'centos', vm_type: 'hvm' }, specBakery())).toBe('us-east-1:hvm:enhancedNWDisabled')
    expect(bakeKeyComponent(REGION, { base_os: 'centos', enhanced_networking: true }, specBakery())).toBe('us-east-1:hvm:enhancedNWEnabled')
  })
})

describe(`${S}: reading the baked AMI from Packer's log (S:250-490, H:203-234)`, () => {
  const log = (...lines: string[]) => lines.join('\n')

  it('the AMI and the name of a Packer that printed "Creating the AMI:" (S:250-282)', () => {
    const result = scrapeBakeResult(REGION, log(
      '==> amazon-ebs: Creating the AMI: kato-x8664-1422459898853-ubuntu',
      '    amazon-ebs: AMI: ami-2c014644',
      "Build 'amazon-ebs' finished.", '',
      '==> Builds finished. The artifacts of successful builds are:',
      '--> amazon-ebs: AMIs were created:', '',
      'us-east-1: ami-2c014644',
    ))
    expect(result).toEqual({ ami: 'ami-2c014644', imageName: 'kato-x8664-1422459898853-ubuntu', artifacts: [{ type: 'aws/image', location: 'us-east-1', reference: 'ami-2c014644' }] })
  })

  it('the unencrypted wording of Packer 1.3 (S:284-314)', () => {
    const result = scrapeBakeResult(REGION, log('==> amazon-ebs: Creating unencrypted AMI test-ami-123456789_123456789 from instance i-123456789', '==> Builds finished. The artifacts of successful builds are:', 'us-east-1: ami-2c014644'))
    expect(result).toMatchObject({ ami: 'ami-2c014644', imageName: 'test-ami-123456789_123456789' })
  })

  it('copied AMIs: the bake region\'s AMI and one artifact per region (S:350-395)', () => {
    const result = scrapeBakeResult('eu-west-1', log(
      '==> amazon-chroot: AMI: ami-0450240c900844342',
      '==> amazon-chroot: Copying AMI (ami-0450240c900844342) to other regions...',
      '    amazon-chroot: Copying to: eu-north-1',
      '    amazon-chroot: Avoiding copying AMI to duplicate region eu-west-1',
      "Build 'amazon-chroot' finished.", '',
      '==> Builds finished. The artifacts of successful builds are:',
      '--> amazon-chroot: AMIs were created:',
      'eu-north-1: ami-076cf277a86b6e5b4',
      'eu-west-1: ami-0450240c900844342',
    ))
    expect(result.ami).toBe('ami-0450240c900844342')
    expect(result.artifacts).toEqual([
      { type: 'aws/image', location: 'eu-north-1', reference: 'ami-076cf277a86b6e5b4' },
      { type: 'aws/image', location: 'eu-west-1', reference: 'ami-0450240c900844342' },
    ])
  })

  it('missing lines give no AMI and no name (S:438-490)', () => {
    expect(scrapeBakeResult(REGION, log('==> amazon-ebs: Creating the AMI: kato-x8664-1422459898853-ubuntu', '==> Builds finished. The artifacts of successful builds are:', '--> amazon-ebs: AMIs were created:'))).toEqual({ imageName: 'kato-x8664-1422459898853-ubuntu', artifacts: [] })
    expect(scrapeBakeResult(REGION, log('==> amazon-ebs: Stopping the source instance...'))).toEqual({ artifacts: [] })
  })

  it('Packer 1.6.6\'s own wording ("Creating AMI NAME from instance ID"): the AMI is read, the name is not', () => {
    // Packer 1.6.6 prints "Creating AMI %s from instance %s" and no "Creating the AMI:" (strings of the binary).
    const result = scrapeBakeResult(REGION, log(
      '==> amazon-ebs: Creating AMI nginx-all-1700000000000-ubuntu from instance i-0123456789abcdef0',
      '    amazon-ebs: AMI: ami-0123456789abcdef0',
      '==> Builds finished. The artifacts of successful builds are:',
      '--> amazon-ebs: AMIs were created:',
      'us-east-1: ami-0123456789abcdef0',
    ))
    expect(result).toEqual({ ami: 'ami-0123456789abcdef0', artifacts: [{ type: 'aws/image', location: 'us-east-1', reference: 'ami-0123456789abcdef0' }] })
  })
})
