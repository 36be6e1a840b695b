import { describe, expect, it } from 'vitest'
import {
  amiId, amiName, awsRegion, classifySourceAmi, instanceType, spotPrice, spotPriceAutoProduct, subnetId, virtualizationType, vpcId,
} from '../../src/providers/aws/formats.js'

const ok = { ok: true }

describe('awsRegion: the form of an AWS region name', () => {
  it.each(['us-east-1', 'us-west-2', 'eu-central-1', 'ap-southeast-2', 'ap-northeast-3', 'sa-east-1', 'me-central-1', 'il-central-1', 'us-gov-west-1', 'cn-northwest-1', 'ca-west-1', 'mx-central-1', 'us-iso-east-1', 'us-isob-east-1'])('accepts %s', (region) => {
    expect(awsRegion(region)).toEqual(ok)
  })

  it('an availability zone is not a region: says which region it is in', () => {
    expect(awsRegion('us-east-1a')).toEqual({ ok: false, reason: 'us-east-1a is an availability zone; the region is us-east-1', suggestion: 'us-east-1' })
  })

  it('uppercase, underscores and spaces are fixed in the suggestion', () => {
    expect(awsRegion('US-EAST-1')).toMatchObject({ ok: false, reason: 'region names are lowercase', suggestion: 'us-east-1' })
    expect(awsRegion('us_east_1')).toMatchObject({ ok: false, suggestion: 'us-east-1' })
    expect(awsRegion(' eu-west-1 ')).toMatchObject({ ok: false, reason: 'it has spaces around it', suggestion: 'eu-west-1' })
  })

  it('a GCE region (us-east1) and a region without its number are told apart', () => {
    expect(awsRegion('us-east1')).toMatchObject({ ok: false, reason: expect.stringContaining('us-east-1, not us-east1') })
    expect(awsRegion('us-east')).toMatchObject({ ok: false, reason: expect.stringContaining('number is missing') })
  })

  it.each(['', 'virginia', 'us-middle-1', 'useast-1', 'us-east-1-a'])('refuses %j', (value) => {
    expect(awsRegion(value).ok).toBe(false)
  })
})

describe('source AMI: an id when Rosco\'s ^ami-[a-z0-9]+$ matches (AWSBakeHandler.groovy:49), else a name Rosco looks up', () => {
  it('8- and 17-digit ids are ids of AWS\'s form', () => {
    expect(classifySourceAmi('ami-a123456b')).toEqual({ kind: 'id', check: ok })
    expect(classifySourceAmi('ami-0123456789abcdef0')).toEqual({ kind: 'id', check: ok })
  })

  it('Rosco\'s own name fixtures are names (AWSBakeHandlerSpec.groovy:43, 185)', () => {
    expect(classifySourceAmi('bionic-base-123')).toEqual({ kind: 'name' })
    expect(classifySourceAmi('ubuntu/images/hvm-ssd/ubuntu-xenial-16.04-amd64-server-')).toEqual({ kind: 'name' })
  })

  it('an uppercase AMI- is a name to Rosco (its pattern is lowercase)', () => {
    expect(classifySourceAmi('AMI-0123456789ABCDEF0')).toEqual({ kind: 'name' })
  })

  it('an id Rosco passes as it is but AWS never issued: the number of digits or non-hex letters are named', () => {
    expect(classifySourceAmi('ami-123456')).toMatchObject({ kind: 'id', check: { ok: false, reason: expect.stringContaining('8 or 17 hexadecimal digits; this one has 6') } })
    expect(classifySourceAmi('ami-xyz12345')).toMatchObject({ kind: 'id', check: { ok: false, reason: expect.stringContaining('only hexadecimal digits') } })
  })

  it('amiId: an id of another kind is named', () => {
    expect(amiId('snap-0123456789abcdef0')).toMatchObject({ ok: false, reason: expect.stringContaining('a snap- id, not an AMI id') })
  })
})

describe('VPC and subnet ids', () => {
  it('accept vpc-/subnet- and 8 or 17 hex digits', () => {
    expect(vpcId('vpc-1a2b3c4d')).toEqual(ok)
    expect(vpcId('vpc-0123456789abcdef0')).toEqual(ok)
    expect(subnetId('subnet-12345def')).toEqual(ok)
  })

  it('a subnet id in the VPC setting (and the other way round) is named as such', () => {
    expect(vpcId('subnet-12345def')).toMatchObject({ ok: false, reason: 'this is a subnet- id, not a VPC id (vpc-...)' })
    expect(subnetId('vpc-1a2b3c4d')).toMatchObject({ ok: false, reason: 'this is a vpc- id, not a subnet id (subnet-...)' })
  })

  it('uppercase is fixed; Packer\'s own examples (subnet-1) are too short', () => {
    expect(subnetId('SUBNET-12345DEF')).toMatchObject({ ok: false, suggestion: 'subnet-12345def' })
    expect(subnetId('subnet-1')).toMatchObject({ ok: false, reason: expect.stringContaining('this one has 1') })
  })
})

describe('instanceType: <family>.<size>', () => {
  it.each(['t2.micro', 'm3.medium', 't3.nano', 'm5d.2xlarge', 'c7gn.metal', 'u-6tb1.metal', 'm7i-flex.large', 'r6i.metal-32xl', 'x2iedn.32xlarge', 'mac1.metal'])('accepts %s', (type) => {
    expect(instanceType(type)).toEqual(ok)
  })

  it('names what is wrong', () => {
    expect(instanceType('T2.MICRO')).toMatchObject({ ok: false, reason: 'instance types are lowercase', suggestion: 't2.micro' })
    expect(instanceType('t2micro')).toMatchObject({ ok: false, reason: expect.stringContaining("with a '.'") })
    expect(instanceType('Standard_DS2_v2')).toMatchObject({ ok: false, reason: expect.stringContaining('Azure VM size') })
    expect(instanceType('t2.nonsense')).toMatchObject({ ok: false, reason: expect.stringContaining('not an EC2 size') })
  })
})

describe('virtualizationType: hvm or pv, written exactly (Halyard reads an enum)', () => {
  it('accepts hvm and pv, suggests the lowercase of HVM and pv for paravirtual', () => {
    expect(virtualizationType('hvm')).toEqual(ok)
    expect(virtualizationType('pv')).toEqual(ok)
    expect(virtualizationType('HVM')).toMatchObject({ ok: false, suggestion: 'hvm' })
    expect(virtualizationType('paravirtual')).toMatchObject({ ok: false, suggestion: 'pv' })
    expect(virtualizationType('kvm')).toMatchObject({ ok: false, reason: 'the virtualization type is hvm or pv' })
  })
})

describe('spot prices (rosco-web/config/rosco.yml:122-134)', () => {
  it.each(['0', 'auto', '0.05', '1', '12.5'])('accepts %s', (price) => {
    expect(spotPrice(price)).toEqual(ok)
  })

  it.each([['Auto', 'auto'], ['$0.05', '0.05'], ['0,05', '0.05']])('%s is fixed to %s', (given, fixed) => {
    expect(spotPrice(given)).toMatchObject({ ok: false, suggestion: fixed })
  })

  it('a negative or a word is refused', () => {
    expect(spotPrice('-1')).toMatchObject({ ok: false, reason: expect.stringContaining('negative') })
    expect(spotPrice('cheap')).toMatchObject({ ok: false })
  })

  it('the auto products are the six rosco.yml lists, spelled exactly', () => {
    expect(spotPriceAutoProduct('Linux/UNIX (Amazon VPC)')).toEqual(ok)
    expect(spotPriceAutoProduct('Windows')).toEqual(ok)
    expect(spotPriceAutoProduct('linux/unix (amazon vpc)')).toMatchObject({ ok: false, suggestion: 'Linux/UNIX (Amazon VPC)' })
    expect(spotPriceAutoProduct('Red Hat Enterprise Linux')).toMatchObject({ ok: false })
  })
})

describe('amiName: Packer 1.6.6\'s rule for ami_name (3 to 128 characters of a small set)', () => {
  it('accepts Rosco\'s names and refuses what Packer refuses', () => {
    expect(amiName('nginx-all-1700000000000-ubuntu')).toEqual(ok)
    expect(amiName("a (b) [c] d.e/f-g'h@i_j")).toEqual(ok)
    expect(amiName('ab')).toMatchObject({ ok: false, reason: expect.stringContaining('2 characters long') })
    expect(amiName('bad name*?')).toMatchObject({ ok: false, reason: expect.stringContaining("'*', '?'"), suggestion: 'bad name' })
    expect(amiName('a'.repeat(129)).ok).toBe(false)
  })
})

describe('instanceType: other clouds\' sizes are named', () => {
  it('a GCE machine type', () => {
    expect(instanceType('n1-standard-1')).toMatchObject({ ok: false, reason: expect.stringContaining('GCE machine type') })
    expect(instanceType('e2-medium')).toMatchObject({ ok: false, reason: expect.stringContaining('GCE machine type') })
  })
})
