import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { stringify } from 'yaml'
import { stringifyYaml11 } from '../../src/lib/yaml11.js'
import { describe, expect, it } from 'vitest'
import { parseYaml } from '../../src/config/source.js'
import { ALL_RULES, validateDocument } from '../../src/validate/index.js'
import type { Problem } from '../../src/model/problem.js'

const dir = mkdtempSync(join(tmpdir(), 'galley-rules-'))
const halDir = join(dir, '.hal')
const keyFile = join(dir, 'oci_api_key.pem')
const jsonKey = join(dir, 'gce.json')
writeFileSync(keyFile, '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n')
writeFileSync(jsonKey, '{"type": "service_account"}\n')
mkdirSync(join(halDir, 'default', 'profiles', 'rosco', 'packer'), { recursive: true })
writeFileSync(join(halDir, 'default', 'profiles', 'rosco', 'packer', 'custom.json'), '{}\n')
writeFileSync(join(dir, 'outside.json'), '{}\n')
symlinkSync(join(dir, 'outside.json'), join(halDir, 'default', 'profiles', 'rosco', 'packer', 'linked-out.json'))
// The deployment's own azure-linux.pkr.hcl (galley's declares what Rosco passes): azure/stock-template-variables stays quiet.
writeFileSync(join(halDir, 'default', 'profiles', 'rosco', 'packer', 'azure-linux.pkr.hcl'), 'variable "azure_object_id" {\n  default = ""\n}\n')
const GUID = '2121ce3f-ad4f-4c93-8e1d-62884a22eba6'

/** A complete, valid halconfig with both providers: every rule passes on it. */
function valid(): any {
  return {
    currentDeployment: 'default',
    deploymentConfigurations: [{
      name: 'default',
      version: '1.26.6',
      providers: {
        google: {
          enabled: true,
          accounts: [{ name: 'gce', project: 'my-gcp-project', jsonPath: jsonKey }],
          bakeryDefaults: {
            templateFile: 'gce.json',
            baseImages: [
              { baseImage: { id: 'ubuntu-2204', shortDescription: 'v22.04', packageType: 'deb', imageFamily: true }, virtualizationSettings: { sourceImageFamily: 'ubuntu-2204-lts' } },
              { baseImage: { id: 'debian-12', packageType: 'DEB', templateFile: 'custom.json' }, virtualizationSettings: { sourceImage: 'debian-12-bookworm-v20240110' } },
            ],
            zone: 'us-central1-f',
            network: 'default',
            networkProjectId: 'shared-vpc-host',
            useInternalIp: false,
          },
        },
        oracle: {
          enabled: true,
          accounts: [{
            name: 'oci', compartmentId: 'ocid1.compartment.oc1..aaaa', userId: 'ocid1.user.oc1..aaaa',
            fingerprint: '12:34:56:78:9a:bc:de:f0:12:34:56:78:9a:bc:de:f0', sshPrivateKeyFilePath: keyFile,
            tenancyId: 'ocid1.tenancy.oc1..aaaa', region: 'us-phoenix-1',
          }],
          bakeryDefaults: {
            templateFile: 'oci.json',
            baseImages: [{ baseImage: { id: 'ol7', shortDescription: 'Oracle Linux 7', packageType: 'rpm' }, virtualizationSettings: { baseImageId: 'ocid1.image.oc1.phx.aaaa', sshUserName: 'opc' } }],
            availabilityDomain: 'Uocm:PHX-AD-1',
            subnetId: 'ocid1.subnet.oc1.phx.aaaa',
            instanceShape: 'VM.Standard.E2.1.Micro',
          },
        },
        azure: {
          enabled: true,
          accounts: [{
            name: 'az', clientId: GUID, appKey: 'app-key', tenantId: GUID, subscriptionId: GUID, objectId: GUID,
            defaultResourceGroup: 'spinnaker', defaultKeyVault: 'vault', packerResourceGroup: 'spinnaker-bakery', regions: ['westus', 'eastus2'],
          }],
          bakeryDefaults: {
            templateFile: 'azure-linux.pkr.hcl',
            baseImages: [{ baseImage: { id: 'ubuntu-2204', packageType: 'deb', publisher: 'Canonical', offer: '0001-com-ubuntu-server-jammy', sku: '22_04-lts-gen2', version: 'latest' } }],
          },
        },
      },
    }],
  }
}

const google = (c: any) => c.deploymentConfigurations[0].providers.google
const oracle = (c: any) => c.deploymentConfigurations[0].providers.oracle
const azure = (c: any) => c.deploymentConfigurations[0].providers.azure
const image = (c: any, provider = google, i = 0) => provider(c).bakeryDefaults.baseImages[i]
/** Adds a valid aws section and returns it (its settings: bakeryDefaults.baseImages[0].virtualizationSettings). */
const aws = (c: any) => {
  c.deploymentConfigurations[0].providers.aws ??= {
    enabled: true,
    accounts: [{ name: 'aws-prod', accountId: '123456789012', assumeRole: 'role/spinnakerManaged' }],
    bakeryDefaults: {
      templateFile: 'aws-ebs.json',
      baseImages: [{ baseImage: { id: 'jammy', packageType: 'deb' }, virtualizationSettings: [{ region: 'us-east-1', virtualizationType: 'hvm', instanceType: 't3.small', sourceAmi: 'ami-0123456789abcdef0', sshUserName: 'ubuntu' }] }],
    },
  }
  return c.deploymentConfigurations[0].providers.aws
}
const awsSettings = (c: any) => aws(c).bakeryDefaults.baseImages[0].virtualizationSettings

// Written as galley writes (YAML 1.1-safe), so the text means the object: the string 'yes' quoted.
function validate(config: unknown, text = stringifyYaml11(config, {})): Problem[] {
  return validateDocument(parseYaml(text, join(halDir, 'config')), { halDir })
}

function problemsAfter(change: (config: any) => void): Problem[] {
  const config = valid()
  change(config)
  return validate(config)
}

describe('bakery rules', () => {
  it('find nothing wrong with a complete, valid config', () => {
    expect(validate(valid())).toEqual([])
  })

  const failing: Array<[rule: string, severity: string, change: (c: any) => void, message: string]> = [
    ['schema/unknown-key', 'error', (c) => { image(c).virtualizationSettings.sourceImageFamly = 'x' }, 'Unknown key "sourceImageFamly" in virtualizationSettings of base image ubuntu-2204; did you mean "sourceImageFamily"?'],
    ['schema/unknown-key', 'error', (c) => { google(c)['bakery-defaults'] = {} }, 'did you mean "bakeryDefaults"?'],
    ['schema/type', 'error', (c) => { google(c).bakeryDefaults.useInternalIp = 'yes' }, 'useInternalIp of provider google of deployment default must be true or false, not the text "yes".'],
    ['schema/required', 'error', (c) => { delete image(c).baseImage.id }, 'The first base image (it has no id) needs "id".'],
    ['google/zone', 'error', (c) => { google(c).bakeryDefaults.zone = '' }, 'No zone supplied for google bakery defaults.'],
    ['google/zone', 'error', (c) => { google(c).bakeryDefaults.zone = 'us-central1' }, 'Zone "us-central1" is not valid'],
    ['google/network', 'error', (c) => { google(c).bakeryDefaults.network = '' }, 'No network supplied for google bakery defaults.'],
    ['google/network', 'error', (c) => { google(c).bakeryDefaults.network = 'My_Network' }, 'Network "My_Network" is not valid'],
    ['google/source-image', 'error', (c) => { image(c).virtualizationSettings = {} }, 'Either source image or source image family must be specified for ubuntu-2204.'],
    ['google/source-image', 'warning', (c) => { image(c).virtualizationSettings.sourceImage = 'ubuntu-2204-jammy-v1' }, 'sourceImage "ubuntu-2204-jammy-v1" wins'],
    ['google/image-family', 'warning', (c) => { image(c, google, 1).baseImage.imageFamily = true }, 'is marked as an image family, but it starts from the image'],
    ['google/image-family-key', 'warning', (c) => { image(c).baseImage.isImageFamily = true }, 'uses the key isImageFamily'],
    ['google/project', 'error', (c) => { delete google(c).accounts[0].project }, 'Google account gce has no project'],
    ['oracle/bakery-required', 'error', (c) => { delete oracle(c).bakeryDefaults.subnetId }, 'No subnet id supplied for oracle bakery defaults'],
    ['oracle/availability-domain', 'error', (c) => { oracle(c).bakeryDefaults.availabilityDomain = 'PHX-AD-1' }, 'Availability domain "PHX-AD-1" is not valid'],
    ['oracle/subnet-id', 'error', (c) => { oracle(c).bakeryDefaults.subnetId = 'ocid1.vcn.oc1.phx.aaaa' }, 'this is a vcn OCID; subnetId needs a subnet OCID'],
    ['oracle/instance-shape', 'warning', (c) => { oracle(c).bakeryDefaults.instanceShape = 'VM.Standard9.1' }, 'is not in galley\'s catalogue of OCI shapes. Did you mean'],
    ['oracle/instance-shape', 'error', (c) => { oracle(c).bakeryDefaults.instanceShape = 'vm.standard2.1' }, 'Did you mean VM.Standard2.1'],
    ['oracle/flex-shape', 'warning', (c) => { oracle(c).bakeryDefaults.instanceShape = 'VM.Standard.E4.Flex' }, 'is a Flex shape'],
    ['oracle/base-image', 'error', (c) => { delete image(c, oracle).virtualizationSettings.sshUserName }, 'No ssh user name supplied for oracle base image ol7.'],
    ['oracle/base-image', 'error', (c) => { image(c, oracle).virtualizationSettings.baseImageId = 'ocid1.instance.oc1.phx.aaaa' }, 'this is an instance OCID; baseImageId needs an image OCID'],
    ['oracle/account', 'error', (c) => { oracle(c).accounts[0].tenancyId = 'ocid1.compartment.oc1..aaaa' }, 'tenancyId needs a tenancy OCID'],
    ['oracle/key-format', 'error', (c) => {
      const pkcs8 = join(dir, 'pkcs8.pem')
      writeFileSync(pkcs8, '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n')
      oracle(c).accounts[0].sshPrivateKeyFilePath = pkcs8
    }, 'is a PKCS#8 key; Packer\'s oracle-oci builder reads only PKCS#1 keys'],
    ['azure/image-source', 'error', (c) => { delete image(c, azure).baseImage.sku }, 'Base image ubuntu-2204 has no sku: Rosco passes no azure_image_sku'],
    ['azure/image-version', 'warning', (c) => { image(c, azure).baseImage.version = '22.04' }, 'The version of base image ubuntu-2204 "22.04" is not valid'],
    ['azure/account-id', 'error', (c) => { azure(c).accounts[0].subscriptionId = '123ABC' }, 'The subscription id of account az "123ABC" is not valid'],
    ['azure/service-principal', 'error', (c) => { delete azure(c).accounts[0].appKey }, 'Account az has clientId and subscriptionId without appKey'],
    ['azure/packer-resource-group', 'warning', (c) => { delete azure(c).accounts[0].packerResourceGroup }, 'Account az has no packerResourceGroup'],
    ['azure/region', 'error', (c) => { azure(c).accounts[0].regions = ['West US'] }, 'Region 1 of account az "West US" is not valid'],
    ['azure/stock-template-variables', 'warning', (c) => { azure(c).bakeryDefaults.templateFile = 'azure-linux-managed-image.pkr.hcl' }, 'Rosco\'s stock azure-linux-managed-image.pkr.hcl does not declare that variable'],
    ['bakery/package-type', 'error', (c) => { delete image(c).baseImage.packageType }, 'Package type must be specified for ubuntu-2204.'],
    ['bakery/package-type', 'error', (c) => { image(c).baseImage.packageType = 'apk' }, 'Package type "apk" of ubuntu-2204 is not one Rosco knows'],
    ['bakery/os-type', 'error', (c) => { image(c).baseImage.osType = 'macos' }, 'osType "macos" of ubuntu-2204 is neither linux nor windows.'],
    ['bakery/duplicate-base-image', 'error', (c) => { image(c, google, 1).baseImage.id = 'ubuntu-2204' }, 'Base image id ubuntu-2204 is used more than once (entries 1 and 2)'],
    ['bakery/template-file', 'error', (c) => { google(c).bakeryDefaults.templateFile = 'missing.json' }, '"missing.json", is neither a stock template nor a file in'],
    ['bakery/template-file', 'error', (c) => { image(c).baseImage.templateFile = '../escape.json' }, 'is not a file name inside Rosco\'s packer directory'],
    ['bakery/template-file', 'error', (c) => { image(c).baseImage.templateFile = '/etc/passwd' }, '"/etc/passwd", is not a file name inside Rosco\'s packer directory (it is an absolute path)'],
    ['bakery/template-file', 'error', (c) => { image(c).baseImage.templateFile = 'linked-out.json' }, 'is reached through a symbolic link leading outside the packer directory'],
    ['bakery/image-name', 'error', (c) => { image(c).baseImage.id = 'Ubuntu_22' }, 'GCE image names may hold only lowercase letters'],
    ['bakery/image-name', 'warning', (c) => { image(c).baseImage.id = 'ubuntu-2204-lts-with-a-very-long-name' }, 'over GCE\'s 63'],
    ['provider/no-accounts', 'warning', (c) => { google(c).accounts = [] }, 'Provider google is enabled, but no accounts have been configured.'],
    ['account/file', 'error', (c) => { google(c).accounts[0].jsonPath = join(dir, 'missing.json') }, 'does not exist'],
    ['account/duplicate-name', 'fatal', (c) => { oracle(c).accounts[0].name = 'gce' }, 'Account name gce is used twice (google and oracle)'],
    ['halconfig/current-deployment', 'error', (c) => { c.currentDeployment = 'prod' }, 'currentDeployment is prod, but there is no deployment of that name (there are: default).'],
    ['halconfig/deployment-name', 'error', (c) => { c.deploymentConfigurations.push({ name: '../../outside' }) }, 'Deployment name "../../outside" cannot be used: it climbs out of its directory with ".."'],
    ['halconfig/deployment-name', 'error', (c) => { c.deploymentConfigurations.push({ name: 'a/b' }) }, 'Deployment name "a/b" cannot be used: it holds a "/"'],
    ['halconfig/duplicate-deployment', 'error', (c) => { c.deploymentConfigurations.push({ name: 'default' }) }, 'Deployment name default is used twice'],
    ['compat/halyard-unknown-key', 'info', (c) => { google(c).bakeryDefaults.subnetwork = 'bakery-subnet' }, 'Halyard itself rejects it'],
    ['config/placeholder', 'warning', (c) => { google(c).bakeryDefaults.zone = '${GCE_ZONE}' }, '1 value holds a placeholder filled in before use: ${GCE_ZONE}'],
    ['secret/reference', 'error', (c) => { google(c).accounts[0].jsonPath = 'encryptedFile:k8s!n:spin-secrets:gce.json' }, 'lacks !k: (key in the secret), which the k8s engine requires'],
    ['schema/unknown-key', 'error', (c) => { awsSettings(c)[0].sourceImage = 'ami-0123456789abcdef0' }, 'Unknown key "sourceImage"'],
    ['aws/region', 'error', (c) => { awsSettings(c)[0].region = 'us-east-1a' }, 'Region "us-east-1a" is not valid: us-east-1a is an availability zone; the region is us-east-1.'],
    ['aws/virtualization-type', 'warning', (c) => { awsSettings(c)[0].virtualizationType = 'pv' }, 'has settings only for pv, not for the default virtualization type hvm'],
    ['aws/duplicate-settings', 'error', (c) => { awsSettings(c).push({ ...awsSettings(c)[0], instanceType: 'c5.large' }) }, 'Rosco only ever uses the first'],
    ['aws/source-ami', 'info', (c) => { awsSettings(c)[0].sourceAmi = 'ubuntu/images/hvm-ssd/ubuntu-jammy-*' }, 'Rosco looks it up through Clouddriver at bake time'],
    ['aws/source-ami', 'error', (c) => { awsSettings(c)[0].sourceAmi = 'ami-12345' }, 'Source AMI "ami-12345" is not valid'],
    ['aws/instance-type', 'error', (c) => { awsSettings(c)[0].instanceType = 't3small' }, 'Instance type "t3small" is not valid'],
    ['aws/spot-price', 'error', (c) => { awsSettings(c)[0].spotPrice = 'cheap' }, 'Spot price "cheap" is not valid'],
    ['aws/credentials', 'warning', (c) => { aws(c).bakeryDefaults.awsAccessKey = 'AKIAIOSFODNN7EXAMPLE' }, 'Rosco passes neither to Packer'],
    ['aws/public-ip-false', 'warning', (c) => { aws(c).bakeryDefaults.awsAssociatePublicIpAddress = false }, 'Rosco puts the value in its parameters and its command factory then drops every false value'],
    ['aws/template-file', 'warning', (c) => { delete aws(c).bakeryDefaults.templateFile }, 'Halyard sets no default for AWS'],
  ]

  /** Rules of Rosco's own files, checked on a rosco-local.yml. */
  const roscoFailing: Array<[rule: string, severity: string, text: string, message: string]> = [
    ['rosco/ignored-key', 'info', 'google:\n  bakery-defaults:\n    zone: us-east1-b\n    zoen: us-east1-c\n', 'Rosco does not read "zoen" in google\'s bakeryDefaults (Spring ignores it); did you mean "zone"?'],
    ['rosco/deprecated-key', 'info', 'google:\n  gce:\n    bakeryDefaults:\n      zone: us-east1-b\n', 'google.gce.bakeryDefaults is Rosco\'s old place'],
    ['rosco/duplicate-binding', 'warning', 'google:\n  bakeryDefaults:\n    useInternalIp: true\n    use-internal-ip: false\n', 'use-internal-ip and useInternalIp name one setting'],
  ]

  // A SpinnakerService's profiles.rosco over its config (spring-boot reference, "Merging Complex Types": lists are replaced).
  const config = { providers: { google: { bakeryDefaults: { baseImages: [{ baseImage: { id: 'jammy' } }] } } } }
  roscoFailing.push(['rosco/replaced-list', 'warning', 'google:\n  bakery-defaults:\n    base-images:\n    - base-image:\n        id: noble\n        package-type: deb\n      virtualization-settings:\n        source-image-family: ubuntu-2404-lts-amd64\n', 'The google base images here (noble) replace those of spec.spinnakerConfig.config (jammy)'])

  for (const [rule, severity, text, message] of roscoFailing) {
    it(`${rule} (${severity}): ${message}`, () => {
      const found = validateDocument(parseYaml(text, join(dir, 'rosco-local.yml')), { shape: 'rosco', overlay: true, below: config }).filter((p) => p.rule === rule)
      expect(found.map((p) => p.message).join('\n')).toContain(message)
      expect(found.find((p) => p.message.includes(message))?.severity).toBe(severity)
    })
  }

  for (const [rule, severity, change, message] of failing) {
    it(`${rule} (${severity}): ${message}`, () => {
      const found = problemsAfter(change).filter((p) => p.rule === rule)
      expect(found.map((p) => p.message).join('\n')).toContain(message)
      expect(found.find((p) => p.message.includes(message))?.severity).toBe(severity)
    })
  }

  it('cover every rule with a failing fixture', () => {
    // Rules of SpinnakerService manifests as a whole, found by validate --file: their failing
    // fixtures are in test/e2e/validate-kinds.test.ts and test/e2e/file-documents.test.ts.
    const endToEnd = ['operator/shape', 'operator/file-key']
    const covered = new Set([...failing, ...roscoFailing].map(([rule]) => rule).concat(endToEnd))
    expect(ALL_RULES.map((r) => r.id).filter((id) => !covered.has(id) && id !== 'schema/invalid')).toEqual([])
  })

  it('accept secret references and Rosco placeholders without checking their form', () => {
    const problems = problemsAfter((c) => {
      oracle(c).accounts[0].sshPrivateKeyFilePath = 'encryptedFile:s3!r:us-west-2!b:bucket!f:oci.pem'
      google(c).accounts[0].jsonPath = 'encryptedFile:gcs!b:bucket!f:gce.json'
    })
    expect(problems).toEqual([])
  })
})

describe('problem positions', () => {
  it('point at the offending value deep in a real-sized file, with a code frame', () => {
    const config = valid()
    for (let i = 0; i < 200; i++) {
      google(config).bakeryDefaults.baseImages.push({ baseImage: { id: `image-${i}`, packageType: 'deb', imageFamily: true }, virtualizationSettings: { sourceImageFamily: `family-${i}` } })
    }
    google(config).bakeryDefaults.baseImages[150].virtualizationSettings.sourceImageFamily = 'Bad_Family'
    const text = stringify(config, { lineWidth: 0 })
    const problems = validate(config, text)
    expect(problems).toHaveLength(1)
    const [problem] = problems
    const lines = text.split('\n')
    const line = lines.findIndex((l) => l.includes('sourceImageFamily: Bad_Family')) + 1
    expect(problem).toMatchObject({
      rule: 'google/source-image',
      path: '/deploymentConfigurations/0/providers/google/bakeryDefaults/baseImages/150/virtualizationSettings/sourceImageFamily',
      location: 'default.provider.google.bakeryDefaults.image-148',
      line,
      column: lines[line - 1].indexOf('Bad_Family') + 1,
    })
    expect(problem.frame).toContain(`> ${line} |`)
  })

  it('point at the key of an unknown key', () => {
    const text = 'currentDeployment: default\ndeploymentConfigurations:\n- name: default\n  providers:\n    google:\n      bakeryDefaults:\n        zonee: us-central1-f\n'
    const [problem] = validate(undefined, text)
    expect(problem).toMatchObject({ rule: 'schema/unknown-key', line: 7, column: 9, message: 'Unknown key "zonee" in bakeryDefaults of provider google of deployment default; did you mean "zone"?' })
  })
})

describe('--rule adjustments', () => {
  it('turn a rule off or change its severity', () => {
    const parsed = parseYaml(stringify((() => { const c = valid(); oracle(c).bakeryDefaults.instanceShape = 'VM.Standard9.1'; return c })()), join(halDir, 'config'))
    expect(validateDocument(parsed, { halDir, ruleLevels: { 'oracle/instance-shape': 'off' } })).toEqual([])
    expect(validateDocument(parsed, { halDir, ruleLevels: { 'oracle/instance-shape': 'error' } })[0].severity).toBe('error')
  })
})
