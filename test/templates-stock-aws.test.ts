import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildParameterMap, findVirtualizationSettings, passedParameters } from '../src/providers/aws/rosco.js'
import { ROOT, read, tempDir } from './helpers/hal.js'
import { packerValidate } from './helpers/packer.js'
import { needsProgram } from './helpers/tools.js'

// galley's aws-ebs.json, checked against what Rosco passes (rosco-core .../providers/aws/
// AWSBakeHandler.groovy:141-196 at spinnaker/rosco 030f7b6c, and CloudProviderBakeHandler.groovy:
// 206-237 for the common variables) and against real Packer (Debian's 1.6.6). `packer validate`
// runs amazon-ebs's whole configuration check offline: it needs no credentials and no network.
// A real `packer build` cannot run here: it calls the EC2 API (region validation is its first
// request), and there is no AWS account.

const TEMPLATES = join(ROOT, 'templates')
const EBS = join(TEMPLATES, 'aws-ebs.json')
const template = () => JSON.parse(read(EBS))
const declared = (value: string | null) => Object.entries(template().variables as Record<string, unknown>).filter(([, v]) => v === value).map(([k]) => k).sort()

/** Every variable the AWS handler may put (AWSBakeHandler.groovy:144-193) and the common ones (CloudProviderBakeHandler.groovy:206-227). */
const ROSCO_AWS = [
  'aws_region', 'aws_instance_type', 'aws_source_ami', 'aws_target_ami', 'aws_ssh_username', 'aws_winrm_username', 'aws_spot_price',
  'aws_spot_price_auto_product', 'aws_access_key', 'aws_secret_key', 'aws_subnet_id', 'aws_vpc_id', 'aws_associate_public_ip_address',
  'aws_ena_support', 'build_info_url', 'appversion',
]
const COMMON = ['repository', 'package_type', 'packages', 'build_host', 'upgrade', 'configDir']

describe('aws-ebs.json declares the variables Rosco passes', () => {
  it('every variable of the AWS handler and of the common recipe, and nothing else', () => {
    expect(Object.keys(template().variables).sort()).toEqual([...ROSCO_AWS, ...COMMON].sort())
  })

  it('required: the ones Rosco always passes; the rest have defaults', () => {
    expect(declared(null)).toEqual(['aws_instance_type', 'aws_region', 'aws_source_ami', 'aws_target_ami', 'configDir', 'package_type'])
    // Passed only when set (AWSBakeHandler.groovy:150-152): amazon-ebs itself says it is missing.
    expect(template().variables.aws_ssh_username).toBe('')
    // Rosco never passes false, so false must be the template's own choice to take effect; galley keeps Rosco's "true".
    expect(template().variables.aws_associate_public_ip_address).toBe('true')
    expect(template().variables.aws_ena_support).toBe('false')
    expect(template().variables.aws_spot_price).toBe('0')
  })

  it('every {{user `x`}} used is declared, and the secret key is a sensitive variable', () => {
    const used = [...read(EBS).matchAll(/\{\{\s*user\s+`([^`]+)`\s*\}\}/g)].map((m) => m[1])
    expect(Object.keys(template().variables)).toEqual(expect.arrayContaining(used))
    expect(template()['sensitive-variables']).toEqual(['aws_secret_key'])
  })

  it('one amazon-ebs builder named by aws_target_ami, then install_packages.sh after the boot pause, with the same environment as gce.json', () => {
    const ebs = template()
    expect(ebs.builders).toHaveLength(1)
    expect(ebs.builders[0]).toMatchObject({ type: 'amazon-ebs', ami_name: '{{user `aws_target_ami`}}', ssh_username: '{{user `aws_ssh_username`}}' })
    // Clouddriver shows these tags as the image's build info.
    expect(Object.keys(ebs.builders[0].tags)).toEqual(expect.arrayContaining(['appversion', 'build_host', 'build_info_url']))
    expect(ebs.provisioners).toEqual([{
      type: 'shell', script: '{{user `configDir`}}/install_packages.sh', pause_before: '30s',
      environment_vars: ['repository', 'package_type', 'packages', 'upgrade'].map((v) => `${v}={{user \`${v}\`}}`),
    }])
    expect(JSON.parse(read(join(TEMPLATES, 'gce.json'))).provisioners[1].environment_vars).toEqual(ebs.provisioners[0].environment_vars)
  })
})

/** A Rosco-like config directory with the stock install script. */
function configDir(): string {
  const dir = tempDir('galley-aws-')
  copyFileSync(join(TEMPLATES, 'install_packages.sh'), join(dir, 'install_packages.sh'))
  return dir
}

/** What Rosco passes for a bake of nginx on the stock ubuntu image (halconfig/images.yml: spotPrice 0, public IP true). */
function roscoVars(extra: Record<string, string> = {}): Record<string, string> {
  const bakery = {
    awsAssociatePublicIpAddress: true,
    baseImages: [{ baseImage: { id: 'ubuntu', packageType: 'deb' }, virtualizationSettings: [{ region: 'us-east-1', virtualizationType: 'hvm', instanceType: 't2.micro', sourceAmi: 'ami-d4aed0bc', sshUserName: 'ubuntu', spotPrice: 0, spotPriceAutoProduct: 'Linux/UNIX (Amazon VPC)' }] }],
  }
  const chosen = findVirtualizationSettings('us-east-1', { base_os: 'ubuntu' }, bakery)
  if (!chosen.ok) throw new Error(chosen.message)
  const handler = Object.fromEntries(passedParameters(buildParameterMap('us-east-1', chosen.settings, 'nginx-all-1700000000000-ubuntu', { base_os: 'ubuntu' }, bakery)))
  return { ...handler, package_type: 'deb', packages: 'nginx', configDir: configDir(), ...extra }
}

describe.runIf(needsProgram('packer'))('packer validate (offline) accepts aws-ebs.json with Rosco\'s variables', () => {
  it('the variables Rosco passes for the stock ubuntu image', async () => {
    const vars = roscoVars()
    expect(Object.keys(vars)).toEqual(['aws_region', 'aws_instance_type', 'aws_source_ami', 'aws_target_ami', 'aws_ssh_username', 'aws_spot_price', 'aws_associate_public_ip_address', 'package_type', 'packages', 'configDir'])
    const result = await packerValidate(EBS, vars)
    expect(result.exitCode, result.stderr + result.stdout).toBe(0)
  })

  it('every optional variable set: keys, subnet, VPC, ENA, build info', async () => {
    const result = await packerValidate(EBS, roscoVars({
      aws_access_key: 'AKIAIOSFODNN7EXAMPLE', aws_secret_key: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', aws_subnet_id: 'subnet-12345def', aws_vpc_id: 'vpc-1a2b3c4d',
      aws_ena_support: 'true', repository: 'http://a.example/debian stable main', upgrade: 'true',
      build_host: 'https://jenkins.example.com/', build_info_url: 'https://jenkins.example.com/job/nginx/42/', appversion: 'nginx-1.14.0-h42.abc1234',
    }))
    expect(result.exitCode, result.stderr + result.stdout).toBe(0)
  })

  it('Rosco\'s undeclared extras (extended attributes, share_with_1) are accepted by a JSON template', async () => {
    const result = await packerValidate(EBS, roscoVars({ share_with_1: '123456789012', someAttr1: 'x' }))
    expect(result.exitCode, result.stderr + result.stdout).toBe(0)
  })
})

describe.runIf(needsProgram('packer'))('what packer validate finds offline in an AWS bake, and what it does not', () => {
  it('no ssh user (Rosco passes none when the settings have no sshUserName): amazon-ebs says so', async () => {
    const { aws_ssh_username: _u, ...vars } = roscoVars()
    const result = await packerValidate(EBS, vars)
    expect(result.exitCode).not.toBe(0)
    expect(result.stderr + result.stdout).toContain('An ssh_username must be specified')
  })

  it('a missing required variable', async () => {
    const { aws_instance_type: _t, ...vars } = roscoVars()
    const result = await packerValidate(EBS, vars)
    expect(result.exitCode).not.toBe(0)
    expect(result.stderr + result.stdout).toContain('required variable not set: aws_instance_type')
  })

  it('an access key without its secret key (Rosco passes neither, but a template or extended attribute can)', async () => {
    const result = await packerValidate(EBS, roscoVars({ aws_access_key: 'AKIAIOSFODNN7EXAMPLE' }))
    expect(result.exitCode).not.toBe(0)
    expect(result.stderr + result.stdout).toContain('`access_key` and `secret_key` must both be either set or not set')
  })

  it('an AMI name Packer refuses: too short, or characters outside its set', async () => {
    const short = await packerValidate(EBS, roscoVars({ aws_target_ami: 'ab' }))
    expect(short.stderr + short.stdout).toContain('ami_name must be between 3 and 128 characters long')
    const bad = await packerValidate(EBS, roscoVars({ aws_target_ami: 'bad name*?' }))
    expect(bad.exitCode).not.toBe(0)
    expect(bad.stderr + bad.stdout).toContain('AMIName should only contain')
  })

  it('enhanced networking on a spot instance: Packer refuses it (a bake with enhanced_networking and a spotPrice other than "0")', async () => {
    const result = await packerValidate(EBS, roscoVars({ aws_ena_support: 'true', aws_spot_price: 'auto' }))
    expect(result.exitCode).not.toBe(0)
    expect((result.stderr + result.stdout).replace(/\s+/g, ' ')).toContain('Spot instances do not support modification, which is required when either `ena_support` or `sriov_support` are set')
    const onDemand = await packerValidate(EBS, roscoVars({ aws_ena_support: 'true', aws_spot_price: '0' }))
    expect(onDemand.exitCode, onDemand.stderr + onDemand.stdout).toBe(0)
  })

  it('a boolean that is not one', async () => {
    const result = await packerValidate(EBS, roscoVars({ aws_associate_public_ip_address: 'maybe' }))
    expect(result.exitCode).not.toBe(0)
    expect(result.stderr + result.stdout).toContain("cannot parse 'associate_public_ip_address' as bool")
  })

  it('a configDir without install_packages.sh', async () => {
    const result = await packerValidate(EBS, roscoVars({ configDir: tempDir('galley-aws-empty-') }))
    expect(result.exitCode).not.toBe(0)
    expect(result.stderr + result.stdout).toMatch(/Bad script '.*install_packages\.sh'/)
  })

  it('NOT checked offline: region, AMI id, instance type, subnet and VPC ids, spot price (galley\'s own rules check their forms)', async () => {
    const result = await packerValidate(EBS, roscoVars({
      aws_region: 'nowhere-9', aws_source_ami: 'not-an-ami', aws_instance_type: 't2.nonsense', aws_subnet_id: 'subnet-1', aws_vpc_id: 'vpc-1', aws_spot_price: 'abc',
    }))
    expect(result.exitCode, result.stderr + result.stdout).toBe(0)
  })
})
