import { describe, expect, it } from 'vitest'
import { BODY_ORDER, COMMON_REQUEST_FIELDS, GOOGLE_REQUEST_FIELDS, REQUEST_FIELDS, flagOfField, requestFields, requestOf, type RequestField } from '../../src/bake/request-fields.js'

/**
 * The fields of Rosco's BakeRequest, in their declared order, as their JSON names (package_name
 * is written "package": @JsonProperty("package")): spinnaker/rosco@030f7b6c
 * rosco-core/src/main/groovy/com/netflix/spinnaker/rosco/api/BakeRequest.groovy:39-94.
 */
const ROSCO_BAKE_REQUEST = [
  'request_id', 'user', 'package', 'package_artifacts', 'build_host', 'job', 'build_number', 'commit_hash', 'build_info_url',
  'cloud_provider_type', 'base_label', 'base_os', 'base_name', 'base_ami', 'vm_type', 'store_type', 'enhanced_networking',
  'ami_name', 'ami_suffix', 'upgrade', 'instance_type', 'organization', 'template_file_name', 'extended_attributes',
  'var_file_name', 'account_name', 'spinnaker_execution_id', 'publisher', 'offer', 'sku', 'os_type', 'package_type',
  'custom_managed_image_name',
]

describe('the bake request table', () => {
  it('names only fields of Rosco\'s BakeRequest, each set by one flag', () => {
    for (const field of REQUEST_FIELDS) expect(ROSCO_BAKE_REQUEST, field.flag).toContain(field.rosco)
    const fields = REQUEST_FIELDS.map((f) => f.rosco)
    expect(fields.filter((f, i) => fields.indexOf(f) !== i)).toEqual([])
  })

  it('orders the body over every field of Rosco\'s BakeRequest but request_id, which Rosco makes', () => {
    expect([...BODY_ORDER].sort()).toEqual(ROSCO_BAKE_REQUEST.filter((f) => f !== 'request_id').sort())
  })

  it('takes a provider\'s fields as data: an extra entry is a flag, a body field and a provenance text', () => {
    const extra: RequestField = { flag: 'sku', type: 'string', rosco: 'sku', providers: ['oracle'], help: 'Image SKU (Rosco\'s sku).' }
    const fields = requestFields([...GOOGLE_REQUEST_FIELDS, extra])
    expect(fields.map((f) => f.flag)).toContain('sku')
    expect(requestOf({ provider: 'oracle', 'base-image': 'ol8', sku: '22_04-lts' }, fields)).toEqual({ cloud_provider_type: 'oracle', base_os: 'ol8', sku: '22_04-lts' })
    expect(flagOfField('sku', fields)).toBe('--sku')
    // Another provider's bake refuses it: exit 2, saying whose it is.
    expect(() => requestOf({ provider: 'google', 'base-image': 'jammy', sku: 'x' }, fields)).toThrow(expect.objectContaining({ exitCode: 2, message: '--sku is for oracle bakes: google bakes do not read it' }))
  })

  it('refuses a flag defined twice (a provider contributing a common flag)', () => {
    expect(() => requestFields([...GOOGLE_REQUEST_FIELDS, COMMON_REQUEST_FIELDS[2]])).toThrow('bake flag --package is defined twice')
  })

  it('refuses google\'s --source-image on an oracle bake, even empty, as before (exit 2)', () => {
    for (const value of ['my-image', '']) {
      expect(() => requestOf({ provider: 'oracle', 'base-image': 'ol8', 'source-image': value })).toThrow(expect.objectContaining({
        exitCode: 2,
        message: '--source-image is for google bakes: an oracle bake starts from its base image\'s baseImageId',
        remediation: 'Drop --source-image, or change the base image: hal config provider oracle bakery base-image edit ID --base-image-id OCID',
      }))
    }
  })

  it('sends the required fields as given, and leaves out what says nothing: unset, empty, false, no packages', () => {
    expect(requestOf({ provider: 'google', 'base-image': '', package: [' ', ''], upgrade: false, account: '', 'extended-attribute': [], artifact: [] })).toEqual({ cloud_provider_type: 'gce', base_os: '' })
  })

  it('writes the body in one order whatever the order of the flags', () => {
    const body = requestOf({ job: 'j', 'template-file': 't.json', package: ['a'], 'base-image': 'jammy', provider: 'google', 'source-image': 'img' })
    expect(Object.keys(body)).toEqual(['cloud_provider_type', 'base_os', 'package', 'base_ami', 'template_file_name', 'job'])
  })

  it('gives the plan its provenance texts: the flag of each field', () => {
    expect(flagOfField('base_ami')).toBe('--source-image')
    expect(flagOfField('build_info_url')).toBe('--build-info-url')
    expect(flagOfField('ami_suffix')).toBe('--image-suffix')
  })
})
