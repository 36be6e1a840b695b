/**
 * Offline format checks of Oracle Cloud values: OCIDs and availability domains.
 * Pure: no I/O, no clock. A check answers whether a value has the right form, never whether it exists.
 */
import { fail, quoteList, article, uniqueChars, type Failure } from '../../model/format-checks.js'
// ---------------------------------------------------------------------------------------------
// Oracle Cloud Infrastructure

export interface Ocid {
  ok: true
  /** `subnet`, `compartment`, `image`, `tenancy`, `user`... */
  resourceType: string
  /** `oc1` (commercial), `oc2`, `oc3`... */
  realm: string
  /** A region key (`phx`), a region name (`us-ashburn-1`) or `''` for regionless resources. */
  region: string
  /** The reserved part between region and unique id, when present. */
  futureUse?: string
  uniqueId: string
}

export type OcidResult = Ocid | Failure

const OCID_SHAPE = 'ocid1.<resource type>.<realm>.[region][.future use].<unique id>'
const OCID_TYPE = /^[a-z][a-z0-9]*$/
const OCID_REALM = /^oc[0-9]+$/
/** A region key (`phx`, `iad`) or a region name (`us-ashburn-1`, `us-gov-ashburn-1`). */
const OCI_REGION = /^(?:[a-z]{3}|[a-z]+(?:-[a-z]+)+-[0-9]+)$/
const OCID_UNIQUE = /^[a-z0-9]+$/

/**
 * Splits an Oracle Cloud ID, `ocid1.<resource type>.<realm>.[region][.future use].<unique id>`.
 * The region may be empty (`ocid1.compartment.oc1..aaaa`). Oracle's unique ids are 60
 * lowercase base32 characters; any non-empty lowercase alphanumeric id is accepted, so the
 * short placeholders of examples and tests (`aaaa`) pass.
 */
export function parseOcid(value: string): OcidResult {
  if (value.trim() === '') return fail('the OCID is empty')
  const bare = value.trim().replace(/^(["'])(.*)\1$/, '$2').trim()
  if (bare !== value || /[A-Z]/.test(value)) {
    const fixed = bare.toLowerCase()
    const suggestion = fixed !== value && parseOcid(fixed).ok ? fixed : undefined
    return fail(bare !== value ? 'it has spaces or quotes around it' : 'OCIDs are lowercase', suggestion)
  }
  const parts = value.split('.')
  if (parts[0] !== 'ocid1') {
    if (/^ocid[0-9]+$/.test(parts[0])) return fail(`'${parts[0]}' is an OCID version galley does not know; OCIDs start with 'ocid1.'`)
    return fail(`it is not an OCID: OCIDs look like ${OCID_SHAPE}`)
  }
  if (parts.length < 5) {
    return fail(
      `it has ${parts.length} dot-separated parts; an OCID has at least five, ${OCID_SHAPE} ` +
        '(an empty region keeps its dots, as in ocid1.compartment.oc1..aaaa)',
    )
  }
  if (parts.length > 6) return fail(`it has ${parts.length} dot-separated parts; an OCID has at most six, ${OCID_SHAPE}`)
  const [, resourceType, realm, region] = parts
  const uniqueId = parts[parts.length - 1]
  const futureUse = parts.length === 6 ? parts[4] : undefined

  if (!OCID_TYPE.test(resourceType)) {
    return fail(
      resourceType === ''
        ? 'the resource type (after ocid1.) is empty'
        : `'${resourceType}' is not a resource type (lowercase letters and digits, e.g. subnet)`,
    )
  }
  if (!OCID_REALM.test(realm)) {
    return fail(realm === '' ? 'the realm is empty (oc1 for the commercial realm)' : `'${realm}' is not a realm (oc1, oc2, oc3...)`)
  }
  if (region !== '' && !OCI_REGION.test(region)) {
    return fail(`'${region}' is not a region: expected a region key (phx, iad...), a region name (us-ashburn-1) or nothing`)
  }
  if (futureUse !== undefined && !/^[a-z0-9]*$/.test(futureUse)) {
    return fail(`the reserved part '${futureUse}' has characters other than lowercase letters and digits`)
  }
  if (uniqueId === '') return fail('the unique id (the part after the last dot) is empty')
  if (!OCID_UNIQUE.test(uniqueId)) {
    return fail(`the unique id has ${quoteList(uniqueChars(uniqueId, /[^a-z0-9]/))}; it is lowercase letters and digits`)
  }
  const parsed: Ocid = { ok: true, resourceType, realm, region, uniqueId }
  if (futureUse !== undefined) parsed.futureUse = futureUse
  return parsed
}

/**
 * An OCID of the expected resource type(s), e.g. `ocidOfType(v, 'subnet', 'subnetId')`.
 * Several types may be allowed: a compartment id may be the tenancy OCID (the root
 * compartment), so `ocidOfType(v, ['compartment', 'tenancy'], 'compartmentId')`.
 */
export function ocidOfType(value: string, expected: string | readonly string[], field?: string): OcidResult {
  const parsed = parseOcid(value)
  if (!parsed.ok) return parsed
  const types = typeof expected === 'string' ? [expected] : [...expected]
  if (types.includes(parsed.resourceType)) return parsed
  const wanted = `${article(types[0])} ${types.length === 1 ? types[0] : `${types.slice(0, -1).join(', ')} or ${types.at(-1)}`}`
  const needs = field === undefined ? `${wanted} OCID is needed` : `${field} needs ${wanted} OCID`
  return fail(`this is ${article(parsed.resourceType)} ${parsed.resourceType} OCID; ${needs}`)
}

export interface AvailabilityDomain {
  ok: true
  /** The tenancy-specific prefix before the `:`, e.g. `Uocm`. */
  tenancyPrefix: string
  /** The region part, e.g. `PHX`, `US-ASHBURN`, `AP-MUMBAI-1`. */
  region: string
  /** 1 to 3. */
  number: number
}

export type AvailabilityDomainResult = AvailabilityDomain | Failure

const AD_SHAPE = '<tenancy prefix>:<REGION>-AD-<n>, e.g. Uocm:PHX-AD-1'
const AD_FULL = /^([A-Za-z0-9]+):([A-Z]+(?:-[A-Z]+)*(?:-[1-9][0-9]*)?)-AD-([0-9]+)$/
const AD_NO_PREFIX = /^[A-Za-z]+(?:-[A-Za-z]+)*(?:-[0-9]+)?-AD-?[0-9]+$/i

/**
 * An OCI availability domain name, `<tenancy prefix>:<REGION>-AD-<n>`, e.g. `Uocm:PHX-AD-1`
 * or `lrFb:US-ASHBURN-AD-1`. The prefix differs between tenancies (so it is never guessed);
 * a region has at most three availability domains.
 */
export function availabilityDomain(value: string): AvailabilityDomainResult {
  if (value.trim() === '') return fail('the availability domain is empty')
  if (value !== value.trim()) {
    const trimmed = value.trim()
    return fail('it has spaces around it', availabilityDomain(trimmed).ok ? trimmed : undefined)
  }
  const full = AD_FULL.exec(value)
  if (full) {
    const number = Number(full[3])
    if (String(number) !== full[3] && number >= 1 && number <= 3) {
      const fixed = value.replace(/-AD-[0-9]+$/, `-AD-${number}`)
      return fail('the AD number has a leading zero', fixed)
    }
    if (number < 1 || number > 3) {
      return fail(`AD number ${full[3]} is out of range: a region has at most three availability domains, AD-1 to AD-3`)
    }
    return { ok: true, tenancyPrefix: full[1], region: full[2], number }
  }

  const colon = value.indexOf(':')
  if (colon < 0) {
    if (!AD_NO_PREFIX.test(value) && /^[a-z]+(?:-[a-z]+)+-[0-9]+$/.test(value)) {
      return fail(`${value} is a region, not an availability domain (${AD_SHAPE})`)
    }
    if (AD_NO_PREFIX.test(value)) {
      return fail(
        `the tenancy prefix is missing: availability domain names start with a prefix particular to your tenancy and ':' ` +
          `(${AD_SHAPE}); list yours with "oci iam availability-domain list"`,
      )
    }
    return fail(`it is not an availability domain: expected ${AD_SHAPE}`)
  }

  const prefix = value.slice(0, colon)
  const rest = value.slice(colon + 1)
  if (prefix === '') {
    return fail(`the tenancy prefix before ':' is empty (${AD_SHAPE}); list yours with "oci iam availability-domain list"`)
  }
  if (!/^[A-Za-z0-9]+$/.test(prefix)) return fail(`the tenancy prefix '${prefix}' is not letters and digits (${AD_SHAPE})`)

  if (rest === '') return fail(`nothing follows the tenancy prefix (${AD_SHAPE})`)
  const upper = rest.toUpperCase().replace(/-AD([0-9]+)$/, '-AD-$1')
  const fixed = `${prefix}:${upper}`
  const suggestion = fixed !== value && AD_FULL.test(fixed) && availabilityDomain(fixed).ok ? fixed : undefined
  if (rest !== rest.toUpperCase()) return fail("the part after ':' is uppercase", suggestion)
  if (/-AD[0-9]+$/.test(rest)) return fail("'AD' and its number are separated by '-' (AD-1)", suggestion)
  if (!/-AD-[0-9]+$/.test(rest)) return fail(`the -AD-<n> ending is missing (${AD_SHAPE})`)
  return fail(`'${rest}' is not <REGION>-AD-<n> (${AD_SHAPE})`)
}

