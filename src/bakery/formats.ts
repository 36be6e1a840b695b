/**
 * Offline format checks for the values a bake needs: GCE zones, names, network and image
 * references, Oracle Cloud OCIDs and availability domains.
 *
 * Everything here is pure: no I/O, no clock, no dependencies. A check answers whether a value
 * has the right *form*; whether the thing exists is a question for the cloud, which galley
 * never asks. A failed check says which part is wrong (`reason`, a phrase that reads after
 * the value, e.g. `"US-CENTRAL1-F": zone names are lowercase`) and, when the fix is
 * mechanical, the corrected value (`suggestion`).
 */

export interface Failure {
  ok: false
  /** What is wrong, as a lowercase phrase without a final period. */
  reason: string
  /** The corrected value, when it can be derived from the input alone. */
  suggestion?: string
}

export type Check = { ok: true } | Failure

const pass = (): { ok: true } => ({ ok: true })

function fail(reason: string, suggestion?: string): Failure {
  return suggestion === undefined ? { ok: false, reason } : { ok: false, reason, suggestion }
}

/** `'a', 'b' and 'c'` */
function quoteList(items: readonly string[]): string {
  const quoted = items.map((item) => `'${item}'`)
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`
}

/** `an image`, `an instance`, but `a user`, `a vcn`. */
const article = (word: string) => (/^(?:[aeio]|u(?!s|ni))/.test(word) ? 'an' : 'a')

const uniqueChars = (text: string, pattern: RegExp) => [...new Set([...text].filter((ch) => pattern.test(ch)))]

// ---------------------------------------------------------------------------------------------
// Did you mean

/** Edit distance (insertions, deletions, substitutions; case-sensitive) between two strings. */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0
  if (a.length === 0) return b.length
  if (b.length === 0) return a.length
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution)
    }
    previous = current
  }
  return previous[b.length]
}

/**
 * The candidates within `max` edits of `value`, ignoring case, nearest first, ties in name
 * order (plain code-unit order, so the result does not depend on the locale). A candidate that
 * differs from `value` only in case comes first, at distance 0.
 */
export function closest(value: string, candidates: Iterable<string>, max = 3): string[] {
  const wanted = value.toLowerCase()
  // Lengths further apart than `max` are further than `max` edits: skipped before the quadratic
  // distance (a megabyte-long key would otherwise take seconds).
  return [...new Set(candidates)]
    .filter((name) => Math.abs(name.length - value.length) <= max)
    .map((name) => ({ name, distance: levenshtein(wanted, name.toLowerCase()) }))
    .filter((entry) => entry.distance <= max)
    .sort((x, y) => x.distance - y.distance || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0))
    .map((entry) => entry.name)
}

// ---------------------------------------------------------------------------------------------
// Google Compute Engine

/** The compass words GCE region names use (`us-central1`, `northamerica-northeast1`, ...). */
export const GCE_DIRECTIONS = [
  'central',
  'east',
  'west',
  'north',
  'south',
  'northeast',
  'northwest',
  'southeast',
  'southwest',
] as const

const DIRECTION = `(?:${GCE_DIRECTIONS.join('|')})`
/** A region: `<area>-<direction><n>`, e.g. `us-central1`, `europe-west4`, `me-central2`. */
export const GCE_REGION = new RegExp(`^[a-z]+-${DIRECTION}[1-9][0-9]*$`)
/** A zone: a region, `-` and one letter, e.g. `us-central1-f`. */
export const GCE_ZONE = new RegExp(`^[a-z]+-${DIRECTION}[1-9][0-9]*-[a-z]$`)
/** GCE's rule for resource names (images, networks, families...), RFC 1035 labels. */
export const GCE_NAME = /^[a-z]([-a-z0-9]*[a-z0-9])?$/
export const GCE_NAME_MAX = 63
/** A GCP project id (6 to 30 characters), optionally domain-scoped (`example.com:my-project`). */
export const GCP_PROJECT = /^(?:[a-z][-a-z0-9.]*[a-z0-9]:)?[a-z][-a-z0-9]{4,28}[a-z0-9]$/

/** Regions that have no zone `-a` (so the "you gave a region" suggestion uses `-b`). */
const REGIONS_WITHOUT_ZONE_A = new Set(['us-east1', 'europe-west1'])

const zoneOf = (region: string) => `${region}-${REGIONS_WITHOUT_ZONE_A.has(region) ? 'b' : 'a'}`

/**
 * A GCE zone name such as `us-central1-f`: `<area>-<direction><n>-<letter>`. The check is
 * about the form; it does not know which zones exist.
 */
export function gceZone(value: string): Check {
  if (value.trim() === '') return fail('the zone is empty')
  if (GCE_ZONE.test(value)) return pass()

  const cleaned = value.trim().toLowerCase().replace(/_/g, '-')
  const fixed = GCE_ZONE.test(cleaned) ? cleaned : GCE_REGION.test(cleaned) ? zoneOf(cleaned) : undefined

  if (value !== value.trim()) return fail('it has spaces around it', fixed)
  if (/[A-Z]/.test(value)) return fail('zone names are lowercase', fixed)
  if (value.includes('_')) return fail("zone names use '-', not '_'", fixed)
  if (GCE_REGION.test(value)) {
    const zone = zoneOf(value)
    return fail(`${value} is a region, not a zone: a zone is the region plus a letter, e.g. ${zone}`, zone)
  }
  if (/^[a-z]+-[a-z]+[0-9]+-$/.test(value)) return fail("the zone letter after the last '-' is missing")
  if (/^[a-z]+-[a-z]+[0-9]+-[a-z0-9]{2,}$/.test(value)) {
    return fail('the zone suffix is one letter (-a, -b, -c...)')
  }
  if (/^[a-z]+-[a-z]+-[a-z]$/.test(value)) {
    return fail('the region has no number: regions look like us-central1, zones like us-central1-f')
  }
  const parts = /^([a-z]+)-([a-z]+)([0-9]+)-([a-z])$/.exec(value)
  if (parts) {
    const [, area, direction, number, letter] = parts
    const near = closest(direction, GCE_DIRECTIONS, 2)[0]
    return fail(
      `'${direction}' is not a direction GCE region names use (${GCE_DIRECTIONS.join(', ')})`,
      near === undefined ? undefined : `${area}-${near}${number}-${letter}`,
    )
  }
  return fail('it is not a GCE zone: expected <region>-<letter>, e.g. us-central1-f')
}

/**
 * A GCE resource name (image, image family, network, subnetwork...): lowercase letters,
 * digits and `-`, starting with a letter, not ending with `-`, at most 63 characters.
 * Every broken rule is named in the reason.
 */
export function gceResourceName(value: string): Check {
  if (value === '') return fail('it is empty')
  if (value.length <= GCE_NAME_MAX && GCE_NAME.test(value)) return pass()

  const problems: string[] = []
  const name = value.trim()
  if (name === '') return fail('it is only spaces')
  if (name !== value) problems.push('it has spaces around it')
  const upper = uniqueChars(name, /[A-Z]/)
  if (upper.length > 0) problems.push(`it has uppercase letters (${upper.join(', ')}); GCE names are all lowercase`)
  const illegal = uniqueChars(name, /[^A-Za-z0-9-]/)
  if (illegal.length > 0) {
    const hint = illegal.includes('_') ? ", so use '-' instead of '_'" : ''
    problems.push(`it has ${quoteList(illegal)}: GCE allows only lowercase letters, digits and '-'${hint}`)
  }
  if (/^[0-9]/.test(name)) problems.push('it starts with a digit; it must start with a lowercase letter')
  else if (name.startsWith('-')) problems.push("it starts with '-'; it must start with a lowercase letter")
  if (name.endsWith('-')) problems.push("it ends with '-'; it must end with a letter or digit")
  if (name.length > GCE_NAME_MAX) {
    problems.push(`it is ${name.length} characters long; the limit is ${GCE_NAME_MAX}`)
  }

  const sanitized = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .slice(0, GCE_NAME_MAX)
    .replace(/-+$/, '')
  const suggestion = sanitized !== value && GCE_NAME.test(sanitized) ? sanitized : undefined
  return fail(problems.join('; '), suggestion)
}

/** A GCP project id such as `my-gcp-project` (the `networkProjectId` setting, or inside a URL). */
export function gceProjectId(value: string): Check {
  if (value.trim() === '') return fail('the project id is empty')
  if (GCP_PROJECT.test(value)) return pass()
  const cleaned = value.trim().toLowerCase().replace(/_/g, '-')
  const suggestion = cleaned !== value && GCP_PROJECT.test(cleaned) ? cleaned : undefined
  if (/^[0-9]+$/.test(value)) {
    return fail('this looks like a project number; the setting takes the project id (e.g. my-gcp-project)')
  }
  if (value.length < 6 || value.length > 30) {
    return fail(`a project id is 6 to 30 characters long; this one has ${value.length}`, suggestion)
  }
  return fail(
    "a project id has lowercase letters, digits and '-', starts with a letter and does not end with '-'",
    suggestion,
  )
}

/** The API prefixes a full GCE resource URL may carry. */
const GCE_API = /^https:\/\/(?:www|compute)\.googleapis\.com\/compute\/(?:v1|beta|alpha)\//

interface ResourceKind {
  /** The word used in reasons: `network`, `subnetwork`, `image`. */
  label: string
  /** The collection in the path: `networks`, `subnetworks`, `images`. */
  collection: string
  regional: boolean
  /** Images: `family/NAME` selects the newest image of a family. */
  families: boolean
}

function forms(kind: ResourceKind): string {
  const scope = kind.regional ? 'regions/REGION' : 'global'
  const path = `projects/PROJECT/${scope}/${kind.collection}/NAME`
  return `NAME, ${path} or https://www.googleapis.com/compute/v1/${path}`
}

function checkResourceReference(value: string, kind: ResourceKind): Check {
  if (value.trim() === '') return fail(`the ${kind.label} is empty`)
  if (value !== value.trim()) {
    const trimmed = value.trim()
    return fail('it has spaces around it', checkResourceReference(trimmed, kind).ok ? trimmed : undefined)
  }
  if (!value.includes('/')) return named(kind.label, value)

  let path = value
  let isUrl = false
  if (/^[a-z]+:\/\//i.test(value)) {
    if (!GCE_API.test(value)) {
      return fail(`a ${kind.label} URL starts with https://www.googleapis.com/compute/v1/ (expected ${forms(kind)})`)
    }
    path = value.replace(GCE_API, '')
    isUrl = true
  }
  let segments = path.split('/')
  if (segments.includes('')) return fail("it has an empty path segment (a doubled or trailing '/')")
  const notAReference = () => fail(`it is not ${article(kind.label)} ${kind.label} reference (expected ${forms(kind)})`)

  const qualified = segments[0] === 'projects'
  if (qualified) {
    if (segments.length < 2) return fail(`the project is missing (expected ${forms(kind)})`)
    const project = gceProjectId(segments[1])
    if (!project.ok) return fail(`the project '${segments[1]}': ${project.reason}`)
    segments = segments.slice(2)
  } else if (isUrl) {
    return fail(`the URL has no projects/PROJECT/ part (expected ${forms(kind)})`)
  }

  if (kind.families && !qualified && segments[0] === 'family') {
    // `family/NAME`: the shorthand for the newest image of a family.
  } else if (kind.regional) {
    if (segments[0] === 'global') {
      return fail(`${kind.collection} are regional: expected projects/PROJECT/regions/REGION/${kind.collection}/NAME`)
    }
    if (segments[0] !== 'regions' || segments.length < 3 || segments[2] !== kind.collection) return notAReference()
    const region = segments[1]
    if (!GCE_REGION.test(region)) {
      return fail(
        GCE_ZONE.test(region)
          ? `'${region}' is a zone; the path needs its region, ${region.slice(0, -2)}`
          : `'${region}' is not a GCE region (e.g. us-central1)`,
      )
    }
    segments = segments.slice(3)
  } else if (segments[0] === 'regions' || segments[0] === 'zones') {
    return fail(`${kind.collection} are global: expected projects/PROJECT/global/${kind.collection}/NAME`)
  } else if (segments[0] === 'global' && segments[1] === kind.collection) {
    segments = segments.slice(2)
  } else {
    return notAReference()
  }

  if (kind.families && segments.length === 2 && segments[0] === 'family') return named('image family', segments[1])
  if (segments.length !== 1) return notAReference()
  return named(kind.label, segments[0])
}

function named(label: string, name: string): Check {
  const check = gceResourceName(name)
  return check.ok ? check : fail(`the ${label} name '${name}': ${check.reason}`, check.suggestion)
}

/**
 * A GCE network as the bakery's `network` setting takes it: a name (`default`), or a partial
 * or full URL (`projects/P/global/networks/N`, `https://www.googleapis.com/compute/v1/...`).
 * Networks are global, so a `regions/...` path is refused.
 */
export function gceNetwork(value: string): Check {
  return checkResourceReference(value, { label: 'network', collection: 'networks', regional: false, families: false })
}

/** A GCE subnetwork: a name, or `projects/P/regions/R/subnetworks/N` (partial or full URL). */
export function gceSubnetwork(value: string): Check {
  return checkResourceReference(value, {
    label: 'subnetwork',
    collection: 'subnetworks',
    regional: true,
    families: false,
  })
}

/**
 * A GCE source image: a name (`ubuntu-2204-jammy-v20240319`), `family/NAME`,
 * `global/images/NAME`, `projects/P/global/images/NAME`,
 * `projects/P/global/images/family/FAMILY`, or any of those as a full URL.
 */
export function gceImage(value: string): Check {
  return checkResourceReference(value, { label: 'image', collection: 'images', regional: false, families: true })
}

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
