import { describe, expect, it } from 'vitest'
import { closest, levenshtein, type Check } from '../../src/model/format-checks.js'
import { gceImage, gceNetwork, gceProjectId, gceResourceName, gceSubnetwork, gceZone } from '../../src/providers/google/formats.js'
import { availabilityDomain, ocidOfType, parseOcid } from '../../src/providers/oracle/formats.js'

/** The failure of a check, or a test failure naming the value that unexpectedly passed. */
function failure(check: Check | { ok: boolean; reason?: string; suggestion?: string }, value: string) {
  if (check.ok) throw new Error(`expected ${JSON.stringify(value)} to be rejected`)
  return check as { ok: false; reason: string; suggestion?: string }
}

describe('gceZone: <area>-<direction><n>-<letter>', () => {
  it.each(['us-central1-f', 'europe-west4-a', 'me-central2-c', 'northamerica-northeast1-b', 'us-east4-c', 'europe-west10-b', 'asia-southeast1-a', 'australia-southeast2-c', 'africa-south1-a'])(
    'accepts %s',
    (zone) => {
      expect(gceZone(zone)).toEqual({ ok: true })
    },
  )

  it("accepts the bakery's default zone and the zones of Halyard's examples", () => {
    expect(gceZone('us-central1-f').ok).toBe(true)
  })

  it('rejects an empty zone', () => {
    expect(failure(gceZone(''), '').reason).toContain('empty')
    expect(failure(gceZone('   '), '   ').reason).toContain('empty')
  })

  it('rejects a region, suggesting one of its zones', () => {
    const result = failure(gceZone('us-central1'), 'us-central1')
    expect(result.reason).toContain('is a region, not a zone')
    expect(result.suggestion).toBe('us-central1-a')
  })

  it('suggests -b for the regions that have no zone -a', () => {
    expect(failure(gceZone('us-east1'), 'us-east1').suggestion).toBe('us-east1-b')
    expect(failure(gceZone('europe-west1'), 'europe-west1').suggestion).toBe('europe-west1-b')
  })

  it('rejects uppercase, suggesting the lowercase name', () => {
    const result = failure(gceZone('US-CENTRAL1-F'), 'US-CENTRAL1-F')
    expect(result.reason).toContain('lowercase')
    expect(result.suggestion).toBe('us-central1-f')
  })

  it('rejects spaces around the name, suggesting it trimmed', () => {
    const result = failure(gceZone(' us-central1-f '), ' us-central1-f ')
    expect(result.reason).toContain('spaces')
    expect(result.suggestion).toBe('us-central1-f')
  })

  it("rejects '_' for '-'", () => {
    const result = failure(gceZone('us_central1_f'), 'us_central1_f')
    expect(result.reason).toContain("'_'")
    expect(result.suggestion).toBe('us-central1-f')
  })

  it('rejects a missing zone letter', () => {
    expect(failure(gceZone('us-central1-'), 'us-central1-').reason).toContain('zone letter')
  })

  it('rejects a zone suffix longer than one letter', () => {
    expect(failure(gceZone('us-central1-ff'), 'us-central1-ff').reason).toContain('one letter')
    expect(failure(gceZone('us-central1-1'), 'us-central1-1').reason).toContain('not a GCE zone')
  })

  it('rejects a region without its number', () => {
    expect(failure(gceZone('us-central-f'), 'us-central-f').reason).toContain('no number')
  })

  it('rejects a misspelt direction, suggesting the nearest one', () => {
    const result = failure(gceZone('us-centrl1-f'), 'us-centrl1-f')
    expect(result.reason).toContain("'centrl' is not a direction")
    expect(result.suggestion).toBe('us-central1-f')
  })

  it('rejects what is not a zone at all', () => {
    for (const value of ['default', 'us-central1-f-a', 'uscentral1-f', 'us-central0-f', 'us-central01-f']) {
      expect(gceZone(value).ok, value).toBe(false)
    }
  })
})

describe('gceResourceName: ^[a-z]([-a-z0-9]*[a-z0-9])?$, at most 63 characters', () => {
  it.each(['default', 'a', 'ubuntu-2204-lts', 'my-vpc-2', 'x'.repeat(63), 'nginx-all-1700000000000-bionic'])('accepts %s', (name) => {
    expect(gceResourceName(name)).toEqual({ ok: true })
  })

  it('rejects an empty name', () => {
    expect(failure(gceResourceName(''), '').reason).toContain('empty')
  })

  it('names uppercase letters, suggesting the lowercase name', () => {
    const result = failure(gceResourceName('MyImage'), 'MyImage')
    expect(result.reason).toContain('uppercase letters (M, I)')
    expect(result.suggestion).toBe('myimage')
  })

  it('rejects a leading digit, without guessing a fix', () => {
    const result = failure(gceResourceName('1-image'), '1-image')
    expect(result.reason).toContain('starts with a digit')
    expect(result.suggestion).toBeUndefined()
  })

  it("rejects a leading '-'", () => {
    expect(failure(gceResourceName('-image'), '-image').reason).toContain("starts with '-'")
  })

  it("rejects a trailing '-', suggesting it dropped", () => {
    const result = failure(gceResourceName('image-'), 'image-')
    expect(result.reason).toContain("ends with '-'")
    expect(result.suggestion).toBe('image')
  })

  it("rejects '_', suggesting '-'", () => {
    const result = failure(gceResourceName('my_image'), 'my_image')
    expect(result.reason).toContain("'_'")
    expect(result.reason).toContain("use '-' instead of '_'")
    expect(result.suggestion).toBe('my-image')
  })

  it('names every other character GCE does not allow', () => {
    expect(failure(gceResourceName('my.image:v1'), 'my.image:v1').reason).toContain("'.' and ':'")
  })

  it('rejects more than 63 characters, saying how many there are', () => {
    const long = 'a'.repeat(64)
    const result = failure(gceResourceName(long), long)
    expect(result.reason).toContain('64 characters long; the limit is 63')
    expect(result.suggestion).toBe('a'.repeat(63))
  })

  it('reports every broken rule at once', () => {
    const result = failure(gceResourceName('9My_Image-'), '9My_Image-')
    expect(result.reason).toContain('uppercase')
    expect(result.reason).toContain("'_'")
    expect(result.reason).toContain('starts with a digit')
    expect(result.reason).toContain("ends with '-'")
  })
})

describe('gceProjectId', () => {
  it.each(['my-gcp-project', 'shared-vpc-host', 'example.com:my-project'])('accepts %s', (project) => {
    expect(gceProjectId(project).ok).toBe(true)
  })

  it('rejects a project number', () => {
    expect(failure(gceProjectId('123456789012'), '123456789012').reason).toContain('project number')
  })

  it('rejects an id shorter than 6 characters', () => {
    expect(failure(gceProjectId('proj'), 'proj').reason).toContain('6 to 30 characters')
  })

  it('rejects uppercase, suggesting the lowercase id', () => {
    const result = failure(gceProjectId('My-Project'), 'My-Project')
    expect(result.suggestion).toBe('my-project')
  })
})

describe('gceNetwork: a name, or a partial or full URL of a global network', () => {
  it.each([
    'default',
    'my-vpc',
    'global/networks/my-vpc',
    'projects/shared-vpc-host/global/networks/my-vpc',
    'https://www.googleapis.com/compute/v1/projects/shared-vpc-host/global/networks/my-vpc',
    'https://compute.googleapis.com/compute/v1/projects/my-gcp-project/global/networks/default',
    'https://www.googleapis.com/compute/beta/projects/my-gcp-project/global/networks/default',
  ])('accepts %s', (network) => {
    expect(gceNetwork(network)).toEqual({ ok: true })
  })

  it('rejects an empty network', () => {
    expect(failure(gceNetwork(''), '').reason).toContain('empty')
  })

  it('checks the last segment with the naming rule', () => {
    const result = failure(gceNetwork('projects/shared-vpc-host/global/networks/My_VPC'), 'My_VPC')
    expect(result.reason).toContain("the network name 'My_VPC'")
    expect(result.reason).toContain('uppercase')
    expect(result.suggestion).toBe('my-vpc')
  })

  it('refuses a regional path: networks are global', () => {
    const result = failure(gceNetwork('projects/shared-vpc-host/regions/us-central1/networks/my-vpc'), 'regional')
    expect(result.reason).toContain('networks are global')
  })

  it('refuses a URL of another API', () => {
    const result = failure(gceNetwork('https://example.com/compute/v1/projects/p/global/networks/n'), 'other host')
    expect(result.reason).toContain('https://www.googleapis.com/compute/v1/')
  })

  it('refuses a full URL without the project part', () => {
    const result = failure(gceNetwork('https://www.googleapis.com/compute/v1/global/networks/default'), 'no project')
    expect(result.reason).toContain('projects/PROJECT/')
  })

  it('refuses a bad project id inside the path', () => {
    const result = failure(gceNetwork('projects/P/global/networks/N'), 'projects/P/...')
    expect(result.reason).toContain("the project 'P'")
  })

  it('refuses another collection and malformed paths', () => {
    expect(failure(gceNetwork('projects/my-gcp-project/global/images/x'), 'images').reason).toContain('not a network reference')
    expect(failure(gceNetwork('projects/my-gcp-project/global/networks/'), 'trailing /').reason).toContain('empty path segment')
    expect(failure(gceNetwork('networks/default'), 'networks/default').reason).toContain('not a network reference')
  })
})

describe('gceSubnetwork: a name, or a partial or full URL of a regional subnetwork', () => {
  it.each([
    'my-subnet',
    'regions/us-central1/subnetworks/my-subnet',
    'projects/shared-vpc-host/regions/us-central1/subnetworks/my-subnet',
    'https://www.googleapis.com/compute/v1/projects/shared-vpc-host/regions/europe-west4/subnetworks/my-subnet',
  ])('accepts %s', (subnetwork) => {
    expect(gceSubnetwork(subnetwork)).toEqual({ ok: true })
  })

  it('refuses a global path: subnetworks are regional', () => {
    expect(failure(gceSubnetwork('projects/shared-vpc-host/global/subnetworks/s'), 'global').reason).toContain(
      'subnetworks are regional',
    )
  })

  it('refuses a zone where the region goes, naming the region', () => {
    const result = failure(gceSubnetwork('regions/us-central1-f/subnetworks/s'), 'zone')
    expect(result.reason).toContain("'us-central1-f' is a zone")
    expect(result.reason).toContain('us-central1')
  })
})

describe('gceImage: a source image name, family or URL', () => {
  it.each([
    'ubuntu-2204-jammy-v20240319',
    'family/ubuntu-2204-lts',
    'global/images/my-image',
    'global/images/family/my-family',
    'projects/ubuntu-os-cloud/global/images/ubuntu-2204-jammy-v20240319',
    'projects/ubuntu-os-cloud/global/images/family/ubuntu-2204-lts',
    'https://www.googleapis.com/compute/v1/projects/ubuntu-os-cloud/global/images/ubuntu-2204-jammy-v20240319',
    'https://www.googleapis.com/compute/v1/projects/ubuntu-os-cloud/global/images/family/ubuntu-2204-lts',
  ])('accepts %s', (image) => {
    expect(gceImage(image)).toEqual({ ok: true })
  })

  it("accepts real sourceImageFamily values as names", () => {
    expect(gceImage('ubuntu-2204-lts').ok).toBe(true)
    expect(gceImage('ubuntu-1804-lts').ok).toBe(true)
  })

  it('checks the image name', () => {
    const result = failure(gceImage('projects/ubuntu-os-cloud/global/images/Ubuntu_2204'), 'Ubuntu_2204')
    expect(result.reason).toContain("the image name 'Ubuntu_2204'")
    expect(result.suggestion).toBe('ubuntu-2204')
  })

  it('checks the family name', () => {
    const result = failure(gceImage('family/Ubuntu-LTS'), 'family/Ubuntu-LTS')
    expect(result.reason).toContain("the image family name 'Ubuntu-LTS'")
  })

  it('refuses a family/NAME shorthand inside a project path', () => {
    expect(gceImage('projects/ubuntu-os-cloud/family/ubuntu-2204-lts').ok).toBe(false)
  })

  it('refuses images under regions or zones: images are global', () => {
    expect(failure(gceImage('projects/my-gcp-project/zones/us-central1-f/images/x'), 'zonal').reason).toContain(
      'images are global',
    )
  })

  it('refuses other paths', () => {
    expect(failure(gceImage('global/family/x'), 'global/family/x').reason).toContain('not an image reference')
  })

  it('refuses extra path segments', () => {
    expect(gceImage('projects/ubuntu-os-cloud/global/images/a/b').ok).toBe(false)
    expect(gceImage('family/a/b').ok).toBe(false)
  })
})

describe('parseOcid: ocid1.<resource type>.<realm>.[region][.future use].<unique id>', () => {
  // Documentation writes these ids with a trailing "..." (an ellipsis for the rest of the id);
  // §2 and §6 use them as written here.
  const realId = 'aaaaaaaaba3pv6wkcr4jqae5f15p2b2m2yt2j6rx32uzr4h25vqstifsfdsq'

  it.each([
    ['ocid1.compartment.oc1..aaaa', { resourceType: 'compartment', realm: 'oc1', region: '', uniqueId: 'aaaa' }],
    ['ocid1.user.oc1..aaaa', { resourceType: 'user', realm: 'oc1', region: '', uniqueId: 'aaaa' }],
    ['ocid1.tenancy.oc1..aaaa', { resourceType: 'tenancy', realm: 'oc1', region: '', uniqueId: 'aaaa' }],
    ['ocid1.image.oc1.phx.aaaa', { resourceType: 'image', realm: 'oc1', region: 'phx', uniqueId: 'aaaa' }],
    ['ocid1.image.oc1.iad.aaaa', { resourceType: 'image', realm: 'oc1', region: 'iad', uniqueId: 'aaaa' }],
    ['ocid1.subnet.oc1.phx.aaaa', { resourceType: 'subnet', realm: 'oc1', region: 'phx', uniqueId: 'aaaa' }],
    ['ocid1.instance.oc1.us-ashburn-1.aaaa', { resourceType: 'instance', realm: 'oc1', region: 'us-ashburn-1', uniqueId: 'aaaa' }],
    ['ocid1.vcn.oc2.us-langley-1.aaaa', { resourceType: 'vcn', realm: 'oc2', region: 'us-langley-1', uniqueId: 'aaaa' }],
    ['ocid1.subnet.oc10.iad.abc123', { resourceType: 'subnet', realm: 'oc10', region: 'iad', uniqueId: 'abc123' }],
  ])('accepts %s', (ocid, parts) => {
    expect(parseOcid(ocid)).toEqual({ ok: true, ...parts })
  })

  it("accepts Oracle's 60-character unique ids", () => {
    expect(parseOcid(`ocid1.subnet.oc1.phx.${realId}`)).toMatchObject({ ok: true, uniqueId: realId })
  })

  it('keeps the reserved future-use part when present', () => {
    expect(parseOcid('ocid1.instance.oc1.phx.abcd.aaaa')).toEqual({
      ok: true,
      resourceType: 'instance',
      realm: 'oc1',
      region: 'phx',
      futureUse: 'abcd',
      uniqueId: 'aaaa',
    })
  })

  it('rejects an empty value', () => {
    expect(failure(parseOcid(''), '').reason).toContain('empty')
  })

  it('rejects what does not start with ocid1.', () => {
    expect(failure(parseOcid('my-compartment'), 'my-compartment').reason).toContain('not an OCID')
    expect(failure(parseOcid('ocid2.subnet.oc1.phx.aaaa'), 'ocid2').reason).toContain("'ocid2'")
  })

  it('rejects uppercase, suggesting the lowercase OCID', () => {
    const result = failure(parseOcid('OCID1.SUBNET.OC1.PHX.AAAA'), 'uppercase')
    expect(result.reason).toContain('lowercase')
    expect(result.suggestion).toBe('ocid1.subnet.oc1.phx.aaaa')
  })

  it('fixes spaces and case together', () => {
    expect(failure(parseOcid('ocid1.subnet.oc1.PHX.aaaa '), 'both').suggestion).toBe('ocid1.subnet.oc1.phx.aaaa')
  })

  it('rejects spaces or quotes around it, suggesting it bare', () => {
    expect(failure(parseOcid(' ocid1.subnet.oc1.phx.aaaa'), 'space').suggestion).toBe('ocid1.subnet.oc1.phx.aaaa')
    expect(failure(parseOcid('"ocid1.subnet.oc1.phx.aaaa"'), 'quotes').suggestion).toBe('ocid1.subnet.oc1.phx.aaaa')
  })

  it('rejects a regionless OCID that lost a dot, explaining the empty region', () => {
    const result = failure(parseOcid('ocid1.compartment.oc1.aaaa'), 'one dot')
    expect(result.reason).toContain('at least five')
    expect(result.reason).toContain('ocid1.compartment.oc1..aaaa')
  })

  it('rejects too many parts', () => {
    expect(failure(parseOcid('ocid1.subnet.oc1.phx.x.y.aaaa'), 'seven').reason).toContain('at most six')
  })

  it('rejects a bad realm', () => {
    expect(failure(parseOcid('ocid1.subnet.phx.oc1.aaaa'), 'swapped').reason).toContain("'phx' is not a realm")
    expect(failure(parseOcid('ocid1.subnet..phx.aaaa'), 'no realm').reason).toContain('realm is empty')
  })

  it('rejects a bad region', () => {
    expect(failure(parseOcid('ocid1.subnet.oc1.phoenix.aaaa'), 'phoenix').reason).toContain("'phoenix' is not a region")
  })

  it('rejects a bad resource type', () => {
    expect(failure(parseOcid('ocid1..oc1.phx.aaaa'), 'no type').reason).toContain('resource type')
    expect(failure(parseOcid('ocid1.sub_net.oc1.phx.aaaa'), 'sub_net').reason).toContain("'sub_net' is not a resource type")
  })

  it('rejects an empty or malformed unique id', () => {
    expect(failure(parseOcid('ocid1.subnet.oc1.phx.'), 'empty id').reason).toContain('unique id')
    expect(failure(parseOcid('ocid1.subnet.oc1...'), 'documentation placeholder').reason).toContain('unique id')
    expect(failure(parseOcid('ocid1.subnet.oc1.phx.aa-aa'), 'dash').reason).toContain("'-'")
  })
})

describe('ocidOfType: an OCID of the resource type a field needs', () => {
  it('accepts the expected type and returns the parts', () => {
    expect(ocidOfType('ocid1.subnet.oc1.phx.aaaa', 'subnet', 'subnetId')).toMatchObject({ ok: true, region: 'phx' })
    expect(ocidOfType('ocid1.image.oc1.phx.aaaa', 'image', 'baseImageId').ok).toBe(true)
  })

  it('rejects another type, saying what it is and what the field needs', () => {
    const result = failure(ocidOfType('ocid1.vcn.oc1.phx.aaaa', 'subnet', 'subnetId'), 'vcn')
    expect(result.reason).toBe('this is a vcn OCID; subnetId needs a subnet OCID')
  })

  it('uses "an" before a vowel', () => {
    const result = failure(ocidOfType('ocid1.instance.oc1.phx.aaaa', 'image', 'baseImageId'), 'instance')
    expect(result.reason).toBe('this is an instance OCID; baseImageId needs an image OCID')
  })

  it('reads without a field name', () => {
    expect(failure(ocidOfType('ocid1.vcn.oc1.phx.aaaa', 'subnet'), 'vcn').reason).toBe('this is a vcn OCID; a subnet OCID is needed')
  })

  it('allows several types: the tenancy OCID is the root compartment', () => {
    const types = ['compartment', 'tenancy']
    expect(ocidOfType('ocid1.compartment.oc1..aaaa', types, 'compartmentId').ok).toBe(true)
    expect(ocidOfType('ocid1.tenancy.oc1..aaaa', types, 'compartmentId').ok).toBe(true)
    expect(failure(ocidOfType('ocid1.user.oc1..aaaa', types, 'compartmentId'), 'user').reason).toBe(
      'this is a user OCID; compartmentId needs a compartment or tenancy OCID',
    )
  })

  it('passes format errors through', () => {
    expect(failure(ocidOfType('subnet-1', 'subnet', 'subnetId'), 'subnet-1').reason).toContain('not an OCID')
  })
})

describe('availabilityDomain: <tenancy prefix>:<REGION>-AD-<n>', () => {
  it.each([
    ['Uocm:PHX-AD-1', { tenancyPrefix: 'Uocm', region: 'PHX', number: 1 }],
    ['lrFb:US-ASHBURN-AD-1', { tenancyPrefix: 'lrFb', region: 'US-ASHBURN', number: 1 }],
    ['Uocm:PHX-AD-3', { tenancyPrefix: 'Uocm', region: 'PHX', number: 3 }],
    ['kWVD:AP-MUMBAI-1-AD-1', { tenancyPrefix: 'kWVD', region: 'AP-MUMBAI-1', number: 1 }],
  ])('accepts %s', (ad, parts) => {
    expect(availabilityDomain(ad)).toEqual({ ok: true, ...parts })
  })

  it('rejects an empty value', () => {
    expect(failure(availabilityDomain(''), '').reason).toContain('empty')
  })

  it('rejects a missing tenancy prefix, explaining what it is', () => {
    const result = failure(availabilityDomain('PHX-AD-1'), 'PHX-AD-1')
    expect(result.reason).toContain('tenancy prefix is missing')
    expect(result.reason).toContain('oci iam availability-domain list')
    expect(result.suggestion).toBeUndefined()
  })

  it('rejects a lowercase name without prefix as missing the prefix', () => {
    expect(failure(availabilityDomain('phx-ad-1'), 'phx-ad-1').reason).toContain('tenancy prefix is missing')
  })

  it("rejects a prefix with nothing after ':'", () => {
    expect(failure(availabilityDomain('Uocm:'), 'Uocm:').reason).toContain('nothing follows the tenancy prefix')
  })

  it("rejects an empty prefix before ':'", () => {
    expect(failure(availabilityDomain(':PHX-AD-1'), ':PHX-AD-1').reason).toContain('tenancy prefix')
  })

  it('rejects lowercase after the prefix, suggesting it in uppercase', () => {
    const result = failure(availabilityDomain('Uocm:phx-ad-1'), 'Uocm:phx-ad-1')
    expect(result.reason).toContain('uppercase')
    expect(result.suggestion).toBe('Uocm:PHX-AD-1')
  })

  it('rejects an AD number outside 1-3', () => {
    expect(failure(availabilityDomain('Uocm:PHX-AD-4'), 'AD-4').reason).toContain('out of range')
    expect(failure(availabilityDomain('Uocm:PHX-AD-0'), 'AD-0').reason).toContain('AD-1 to AD-3')
  })

  it('rejects a leading zero, suggesting the number without it', () => {
    expect(failure(availabilityDomain('Uocm:PHX-AD-01'), 'AD-01').suggestion).toBe('Uocm:PHX-AD-1')
  })

  it("rejects AD1 for AD-1, suggesting the '-'", () => {
    const result = failure(availabilityDomain('Uocm:PHX-AD1'), 'AD1')
    expect(result.reason).toContain("separated by '-'")
    expect(result.suggestion).toBe('Uocm:PHX-AD-1')
  })

  it('rejects a region name', () => {
    expect(failure(availabilityDomain('us-phoenix-1'), 'us-phoenix-1').reason).toContain('is a region, not an availability domain')
  })

  it('rejects a missing -AD-<n> ending', () => {
    expect(failure(availabilityDomain('Uocm:PHX'), 'Uocm:PHX').reason).toContain('-AD-<n> ending is missing')
  })

  it('rejects spaces around it, suggesting it trimmed', () => {
    expect(failure(availabilityDomain('Uocm:PHX-AD-1 '), 'space').suggestion).toBe('Uocm:PHX-AD-1')
  })

  it('rejects a prefix with other characters', () => {
    expect(failure(availabilityDomain('Uo-cm:PHX-AD-1'), 'Uo-cm').reason).toContain("tenancy prefix 'Uo-cm'")
  })
})

describe('levenshtein', () => {
  it.each([
    ['', '', 0],
    ['', 'abc', 3],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
    ['flaw', 'lawn', 2],
    ['VM.Standard2.1', 'VM.Standard2.1', 0],
    ['VM.Standard2.l', 'VM.Standard2.1', 1],
    ['Flex', 'flex', 1],
  ])('%s -> %s is %i', (a, b, distance) => {
    expect(levenshtein(a, b)).toBe(distance)
    expect(levenshtein(b, a)).toBe(distance)
  })
})

describe('closest', () => {
  const candidates = ['central', 'east', 'west', 'north', 'south', 'northeast', 'northwest', 'southeast', 'southwest']

  it('orders by distance, then by name', () => {
    expect(closest('eest', candidates, 1)).toEqual(['east', 'west'])
    expect(closest('nort', candidates, 3)).toEqual(['north', 'east', 'south', 'west'])
  })

  it('ignores case, so a case-only difference comes first', () => {
    expect(closest('WEST', candidates, 2)).toEqual(['west', 'east'])
    expect(closest('Central', candidates)[0]).toBe('central')
  })

  it('keeps only candidates within max edits', () => {
    expect(closest('centrl', candidates, 1)).toEqual(['central'])
    expect(closest('zzzzzzzz', candidates)).toEqual([])
  })

  it('lists a repeated candidate once', () => {
    expect(closest('east', ['east', 'east'])).toEqual(['east'])
  })
})
