/**
 * Offline format checks of Google Compute Engine values: zones, names, network and image references.
 * Pure: no I/O, no clock. A check answers whether a value has the right form, never whether it exists.
 */
import { pass, fail, quoteList, article, uniqueChars, closest, type Check } from '../../model/format-checks.js'
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

