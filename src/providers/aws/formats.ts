/**
 * Offline format checks for the AWS values a bake needs: region names, AMI, VPC and subnet ids,
 * instance types, virtualization types and spot prices.
 *
 * Pure: no I/O. A check answers whether a value has the right *form*; whether the region, AMI or
 * subnet exists is a question for AWS, which galley never asks (and neither does
 * `packer validate`: Packer 1.6.6 checks none of these forms offline).
 */
import type { Check, Failure } from '../../model/format-checks.js'

const pass = (): { ok: true } => ({ ok: true })
function fail(reason: string, suggestion?: string): Failure {
  return suggestion === undefined ? { ok: false, reason } : { ok: false, reason, suggestion }
}

/** The compass words of AWS region names (`us-east-1`, `ap-southeast-2`, `eu-central-2`...). */
const DIRECTIONS = ['central', 'north', 'south', 'east', 'west', 'northeast', 'northwest', 'southeast', 'southwest']
/**
 * A region: a two-letter area, an optional partition part (`-gov`, `-iso`, `-isob`), a compass
 * word and a number: `us-east-1`, `us-gov-west-1`, `cn-northwest-1`, `il-central-1`.
 */
export const AWS_REGION = new RegExp(`^[a-z]{2}(?:-gov|-iso[a-z]?)?-(?:${DIRECTIONS.join('|')})-[1-9][0-9]?$`)
/** An availability zone: a region and a letter (`us-east-1a`), or a local/wavelength zone id. */
const AWS_ZONE = new RegExp(`^([a-z]{2}(?:-gov|-iso[a-z]?)?-(?:${DIRECTIONS.join('|')})-[1-9][0-9]?)[a-z]$`)

/** An AWS region name such as us-east-1 (the form only: galley does not know which regions exist). */
export function awsRegion(value: string): Check {
  if (value.trim() === '') return fail('the region is empty')
  if (AWS_REGION.test(value)) return pass()
  const cleaned = value.trim().toLowerCase().replace(/_/g, '-')
  const zone = AWS_ZONE.exec(cleaned)
  const fixed = AWS_REGION.test(cleaned) ? cleaned : zone ? zone[1] : undefined
  if (value !== value.trim()) return fail('it has spaces around it', fixed)
  if (/[A-Z]/.test(value)) return fail('region names are lowercase', fixed)
  if (value.includes('_')) return fail("region names use '-', not '_'", fixed)
  if (zone) return fail(`${value} is an availability zone; the region is ${zone[1]}`, zone[1])
  if (/^[a-z]{2}-[a-z]+$/.test(value)) return fail('the region number is missing (e.g. us-east-1)')
  if (/^[a-z]{2}-[a-z]+[0-9]+$/.test(value)) return fail("the number is separated by '-' (us-east-1, not us-east1: that is a GCE region)")
  return fail('it is not an AWS region name: expected <area>-<direction>-<n>, e.g. us-east-1 or eu-central-1')
}

/** Rosco's test for an AMI id (AWSBakeHandler.groovy:49): anything else is looked up as a name. */
export const ROSCO_AMI_ID = /^ami-[a-z0-9]+$/
/** What AWS issues: ami- and 8 (older) or 17 hexadecimal digits. */
const AWS_ID = (prefix: string) => new RegExp(`^${prefix}-(?:[0-9a-f]{8}|[0-9a-f]{17})$`)
export const AMI_ID = AWS_ID('ami')
export const VPC_ID = AWS_ID('vpc')
export const SUBNET_ID = AWS_ID('subnet')

export type SourceAmi =
  | { kind: 'id'; check: Check }
  | { kind: 'name' }

/**
 * A base image's sourceAmi, as Rosco reads it: an id when it matches `^ami-[a-z0-9]+$`, else an
 * image name that Rosco resolves through Clouddriver at bake time (so offline it is not an
 * error). An id's form is then checked against what AWS issues.
 */
export function classifySourceAmi(value: string): SourceAmi {
  if (!ROSCO_AMI_ID.test(value)) return { kind: 'name' }
  return { kind: 'id', check: resourceId(value, 'ami', 'AMI') }
}

function resourceId(value: string, prefix: string, label: string): Check {
  if (value.trim() === '') return fail(`the ${label} id is empty`)
  const pattern = AWS_ID(prefix)
  if (pattern.test(value)) return pass()
  const cleaned = value.trim().toLowerCase()
  const fixed = pattern.test(cleaned) ? cleaned : undefined
  if (value !== value.trim()) return fail('it has spaces around it', fixed)
  if (/[A-Z]/.test(value)) return fail('AWS ids are lowercase', fixed)
  const other = /^(ami|vpc|subnet|sg|i|snap|vol)-/.exec(value)
  if (other && other[1] !== prefix) return fail(`this is ${other[1] === 'ami' || other[1] === 'i' ? 'an' : 'a'} ${other[1]}- id, not ${label === 'AMI' ? 'an' : 'a'} ${label} id (${prefix}-...)`)
  if (!value.startsWith(`${prefix}-`)) return fail(`${label} ids start with '${prefix}-' (e.g. ${prefix}-0123456789abcdef0)`)
  const digits = value.slice(prefix.length + 1)
  if (/[^0-9a-f]/.test(digits)) return fail(`after '${prefix}-' an ${label} id has only hexadecimal digits (0-9, a-f)`)
  return fail(`after '${prefix}-' an ${label} id has 8 or 17 hexadecimal digits; this one has ${digits.length}`)
}

export const vpcId = (value: string): Check => resourceId(value, 'vpc', 'VPC')
export const subnetId = (value: string): Check => resourceId(value, 'subnet', 'subnet')
export const amiId = (value: string): Check => resourceId(value, 'ami', 'AMI')

/**
 * An EC2 instance type, `<family>.<size>`: t3.micro, m5d.2xlarge, c7gn.metal, u-6tb1.metal,
 * m7i-flex.large, r6i.metal-32xl. The form only: galley does not know which families exist.
 */
export const INSTANCE_TYPE = /^[a-z][a-z0-9-]*[a-z0-9]\.(?:nano|micro|small|medium|large|xlarge|[1-9][0-9]*xlarge|metal(?:-[1-9][0-9]*xl)?)$/

export function instanceType(value: string): Check {
  if (value.trim() === '') return fail('the instance type is empty')
  if (INSTANCE_TYPE.test(value)) return pass()
  const cleaned = value.trim().toLowerCase()
  const fixed = INSTANCE_TYPE.test(cleaned) ? cleaned : undefined
  if (/^(?:Standard_|Basic_)/i.test(value)) return fail('this is an Azure VM size; EC2 instance types look like t3.micro')
  if (/^[a-z][0-9a-z]?-(?:standard|highmem|highcpu|micro|small|medium)/.test(value)) return fail('this is a GCE machine type; EC2 instance types look like t3.micro')
  if (value !== value.trim()) return fail('it has spaces around it', fixed)
  if (/[A-Z]/.test(value)) return fail('instance types are lowercase', fixed)
  if (!value.includes('.')) return fail("an instance type is <family>.<size> with a '.', e.g. t3.micro")
  return fail('the size after the dot is not an EC2 size (nano, micro, small, medium, large, xlarge, 2xlarge..., metal)')
}

/** The virtualization types Halyard and Rosco know (enums: Halyard reads them case-sensitively). */
export const VIRTUALIZATION_TYPES = ['hvm', 'pv'] as const

export function virtualizationType(value: string): Check {
  if ((VIRTUALIZATION_TYPES as readonly string[]).includes(value)) return pass()
  const cleaned = value.trim().toLowerCase()
  const fixed = (VIRTUALIZATION_TYPES as readonly string[]).includes(cleaned) ? cleaned : undefined
  if (fixed) return fail('it is written in lowercase (Halyard reads it into an enum of hvm and pv)', fixed)
  if (cleaned === 'paravirtual') return fail('AWS calls it paravirtual; Halyard and Rosco call it pv', 'pv')
  return fail('the virtualization type is hvm or pv')
}

/** The products rosco.yml lists for spotPriceAutoProduct (rosco-web/config/rosco.yml:122-134). */
export const SPOT_PRICE_AUTO_PRODUCTS = ['Linux/UNIX', 'Linux/UNIX (Amazon VPC)', 'SUSE Linux', 'SUSE Linux (Amazon VPC)', 'Windows', 'Windows (Amazon VPC)'] as const

/**
 * A spotPrice: "0" (on demand; Rosco still passes it, as a String), "auto", or a positive price
 * in dollars per hour. Packer 1.6.6 does not parse it at validate; AWS refuses a bad one at build.
 */
export function spotPrice(value: string): Check {
  if (value === '0' || value === 'auto' || /^(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$/.test(value)) return pass()
  const cleaned = value.trim().toLowerCase().replace(/^\$/, '')
  const fixed = cleaned !== value && spotPrice(cleaned).ok ? cleaned : undefined
  if (value !== value.trim()) return fail('it has spaces around it', fixed)
  if (value.toLowerCase() === 'auto') return fail('"auto" is written in lowercase (Rosco compares it exactly)', 'auto')
  if (value.startsWith('$')) return fail('the price is a plain number of dollars, without "$"', fixed)
  if (value.startsWith('-')) return fail('a price cannot be negative; "0" means on demand')
  if (/^[0-9]*,[0-9]+$/.test(value)) return fail("the decimal separator is '.'", value.replace(',', '.'))
  return fail('it is "0" (on demand), "auto" or a price in dollars such as 0.05')
}

export function spotPriceAutoProduct(value: string): Check {
  if ((SPOT_PRICE_AUTO_PRODUCTS as readonly string[]).includes(value)) return pass()
  const match = SPOT_PRICE_AUTO_PRODUCTS.find((p) => p.toLowerCase() === value.trim().toLowerCase())
  if (match) return fail('the product names are written exactly as AWS spells them', match)
  return fail(`it is not one of the products rosco.yml lists (${SPOT_PRICE_AUTO_PRODUCTS.join(', ')})`)
}

/**
 * The name Packer gives the AMI (ami_name): 3 to 128 characters of letters, digits and
 * ( ) [ ] space . / - ' @ _ (Packer 1.6.6 amazon-ebs, observed; Rosco does no clean-up for AWS).
 */
export function amiName(value: string): Check {
  const problems: string[] = []
  if (value.length < 3 || value.length > 128) problems.push(`it is ${value.length} characters long; AMI names have 3 to 128`)
  const bad = [...new Set([...value].filter((ch) => !/[A-Za-z0-9()[\] ./\-'@_]/.test(ch)))]
  if (bad.length > 0) problems.push(`it has ${bad.map((ch) => `'${ch}'`).join(', ')}: AMI names allow letters, digits, spaces and ( ) [ ] . / - ' @ _`)
  if (problems.length === 0) return pass()
  const cleaned = value.replace(/[^A-Za-z0-9()[\] ./\-'@_]/g, '').slice(0, 128)
  return fail(problems.join('; '), cleaned.length >= 3 && cleaned !== value ? cleaned : undefined)
}
