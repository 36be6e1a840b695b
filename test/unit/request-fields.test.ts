import { describe, expect, it } from 'vitest'
import { BODY_ORDER, COMMON_REQUEST_FIELDS, REQUEST_FIELDS, flagOfField, providerRequestFields, requestFields, requestOf, type RequestField } from '../../src/bake/request-fields.js'
import { requestBody } from '../../src/bake/request.js'
import { PROVIDERS } from '../../src/providers/index.js'

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
  it('names only fields of Rosco\'s BakeRequest (or its URL\'s region), each set by one flag for a provider', () => {
    for (const field of REQUEST_FIELDS) {
      if (field.inUrl) expect(field.rosco, field.flag).toBe('region')
      else expect(ROSCO_BAKE_REQUEST, field.flag).toContain(field.rosco)
    }
    for (const p of PROVIDERS) {
      const fields = REQUEST_FIELDS.filter((f) => !f.providers || f.providers.includes(p.name)).map((f) => f.rosco)
      expect(fields.filter((f, i) => fields.indexOf(f) !== i), p.name).toEqual([])
    }
  })

  it('takes each provider\'s fields from its description: one flag per name, shared by the providers declaring it', () => {
    const own = providerRequestFields()
    for (const p of PROVIDERS) {
      for (const f of p.bake.requestFields) expect(own.find((field) => field.flag === f.flag)?.providers, `${p.name} --${f.flag}`).toContain(p.name)
    }
    const flags = own.map((f) => f.flag)
    expect(flags.filter((f, i) => flags.indexOf(f) !== i)).toEqual([])
    expect(own.find((f) => f.flag === 'region')).toMatchObject({ providers: ['aws', 'azure'], inUrl: true })
  })

  it('never refuses a URL field: --region on a bake of a provider without one is left out of the request', () => {
    expect(requestOf({ provider: 'google', 'base-image': 'jammy', region: 'global' })).toEqual({ cloud_provider_type: 'gce', base_os: 'jammy' })
    const aws = requestOf({ provider: 'aws', 'base-image': 'jammy', region: 'us-east-1', package: ['nginx'], 'vm-type': 'hvm', 'source-ami': 'ami-1', account: 'a' })
    expect(aws.region).toBe('us-east-1')
    // The provider's own fields right after package, in its description's order; the region is the URL's, not the body's.
    expect(Object.keys(JSON.parse(requestBody(aws)))).toEqual(['cloud_provider_type', 'base_os', 'package', 'vm_type', 'base_ami', 'account_name'])
  })

  it('orders the body over every field of Rosco\'s BakeRequest but request_id, which Rosco makes', () => {
    expect([...BODY_ORDER].sort()).toEqual(ROSCO_BAKE_REQUEST.filter((f) => f !== 'request_id').sort())
  })

  it('takes a provider\'s fields as data: an extra entry is a flag, a body field and a provenance text', () => {
    const extra: RequestField = { flag: 'instance-type', type: 'string', rosco: 'instance_type', providers: ['oracle'], help: 'Instance type (Rosco\'s instance_type).' }
    const fields = requestFields([...providerRequestFields(), extra])
    expect(fields.map((f) => f.flag)).toContain('instance-type')
    expect(requestOf({ provider: 'oracle', 'base-image': 'ol8', 'instance-type': 'VM.Standard2.1' }, fields)).toEqual({ cloud_provider_type: 'oracle', base_os: 'ol8', instance_type: 'VM.Standard2.1' })
    expect(flagOfField('instance_type', fields)).toBe('--instance-type')
    // Another provider's bake refuses it: exit 2, saying whose it is.
    expect(() => requestOf({ provider: 'google', 'base-image': 'jammy', 'instance-type': 'x' }, fields)).toThrow(expect.objectContaining({ exitCode: 2, message: '--instance-type is for oracle bakes', remediation: 'Drop --instance-type.' }))
  })

  it('refuses a flag defined twice (a provider contributing a common flag)', () => {
    expect(() => requestFields([...providerRequestFields(), COMMON_REQUEST_FIELDS[2]])).toThrow('bake flag --package is defined twice')
  })

  it('refuses google\'s --source-image on an oracle bake, even empty, as before (exit 2)', () => {
    for (const value of ['my-image', '']) {
      expect(() => requestOf({ provider: 'oracle', 'base-image': 'ol8', 'source-image': value })).toThrow(expect.objectContaining({
        exitCode: 2,
        message: '--source-image is for google bakes: an oracle bake starts from its base image\'s baseImageId',
        remediation: 'Drop --source-image, or change the base image: hal config provider oracle bakery base-image edit ID --base-image-id OCID',
      }))
    }
    // The refusal is the requesting provider's (its bake.source), whoever owns the flag.
    expect(() => requestOf({ provider: 'oracle', 'base-image': 'ol8', 'source-ami': 'ami-1' })).toThrow(expect.objectContaining({
      exitCode: 2, message: '--source-ami is for aws bakes: an oracle bake starts from its base image\'s baseImageId',
    }))
    expect(() => requestOf({ provider: 'google', 'base-image': 'jammy', publisher: 'Canonical' })).toThrow(expect.objectContaining({ exitCode: 2, message: '--publisher is for azure bakes', remediation: 'Drop --publisher.' }))
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
