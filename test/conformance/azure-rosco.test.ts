import { describe, expect, it } from 'vitest'
import { parseDebName, parseNupkgName } from '../../src/model/package-names.js'
import {
  AZURE_MASKED_VARIABLES, azureBakeKeyComponent, azureImageName, azureManagedImageName, azureParameters, azureTemplateName,
  chooseAzureBaseImage, resolveAzureAccount, scrapeAzureBake, type AzureAccount, type AzureBaseImage,
} from '../../src/providers/azure/rosco.js'

// Rosco's Azure bake handler, case by case from its own Spock specifications, read at
// spinnaker/rosco 030f7b6c9605978d4d4fb00de7c8884801f119e1. S = the spec, F = the name factory's spec.
const S = 'rosco-core/src/test/groovy/com/netflix/spinnaker/rosco/providers/azure/AzureBakeHandlerSpec.groovy'
const F = 'rosco-core/src/test/groovy/com/netflix/spinnaker/rosco/providers/azure/util/AzureImageNameFactorySpec.groovy'

// The spec's fixture (S:60-131).
const BASE_IMAGES: AzureBaseImage[] = [
  { id: 'ubuntu', publisher: 'Canonical', offer: 'UbuntuServer', sku: '14.04.3-LTS', version: '14.04.201602171', packageType: 'DEB' },
  { id: 'centos', publisher: 'OpenLogic', offer: 'CentOS', sku: '7.1', version: '7.1.20150731', packageType: 'RPM', templateFile: 'azure-centos.json' },
  { id: 'windows-2012-r2', publisher: 'MicrosoftWindowsServer', offer: 'WindowsServer', sku: '2012-R2-Datacenter', version: '4.0.20170111', packageType: 'NUPKG', templateFile: 'azure-windows.pkr.hcl' },
]
const ACCOUNTS: AzureAccount[] = [
  { name: 'azure-1', clientId: '123ABC-456DEF', appKey: 'blahblah', tenantId: 'DEF456', objectId: '2121ce3f-ad4f-4c93-8e1d-62884a22eba6', subscriptionId: '123ABC', packerResourceGroup: 'resGroup', packerStorageAccount: 'packerStorage' },
  { name: 'azure-2', clientId: '456DEF-123ABC', appKey: 'foobar', tenantId: 'ABC123', objectId: '62884a22-8e1d-4c93-ad4f-2121ce3feba6', subscriptionId: '456DEF', packerResourceGroup: 'resGroup', packerStorageAccount: 'packerStorage' },
]
const NOW = 1700000000000

/** The -var pairs Rosco passes: null values are put in the map and left out of the command. */
const passed = (params: ReturnType<typeof azureParameters>) => params.filter((p) => p.value !== null).map((p) => [p.name, p.value])

describe(`${S}:317-364 and 366-412: the provider's parameters, in the order Rosco puts them`, () => {
  it('ubuntu with build number 42 and base name production: location, the base image\'s publisher/offer/sku, the account, 42-production', () => {
    const params = azureParameters({
      region: 'westus', request: { base_os: 'ubuntu', template_file_name: 'azure-linux.pkr.hcl', build_number: '42', base_name: 'production' },
      baseImages: BASE_IMAGES, account: ACCOUNTS[0], imageName: 'myapp', appVersion: undefined, nowMs: NOW,
    })
    expect(passed(params)).toEqual([
      ['azure_location', 'westus'], ['azure_image_publisher', 'Canonical'], ['azure_image_offer', 'UbuntuServer'], ['azure_image_sku', '14.04.3-LTS'],
      ['azure_client_id', '123ABC-456DEF'], ['azure_client_secret', 'blahblah'], ['azure_resource_group', 'resGroup'], ['azure_subscription_id', '123ABC'],
      ['azure_tenant_id', 'DEF456'], ['azure_object_id', '2121ce3f-ad4f-4c93-8e1d-62884a22eba6'], ['azure_managed_image_name', '42-production'],
    ])
    expect(params.filter((p) => p.secret).map((p) => p.name)).toEqual([...AZURE_MASKED_VARIABLES])
  })

  it('windows-2012-r2: the Windows image\'s publisher/offer/sku and its own template azure-windows.pkr.hcl', () => {
    const params = azureParameters({ region: 'westus', request: { base_os: 'windows-2012-r2', build_number: '42', base_name: 'production' }, baseImages: BASE_IMAGES, account: ACCOUNTS[0], imageName: 'googlechrome-all-20170121212839-windows-2012-r2', appVersion: undefined, nowMs: NOW })
    expect(passed(params).slice(1, 4)).toEqual([['azure_image_publisher', 'MicrosoftWindowsServer'], ['azure_image_offer', 'WindowsServer'], ['azure_image_sku', '2012-R2-Datacenter']])
    const choice = chooseAzureBaseImage({ base_os: 'windows-2012-r2' }, BASE_IMAGES)
    expect(choice.ok && azureTemplateName({}, choice.image, 'azure-linux.pkr.hcl')).toBe('azure-windows.pkr.hcl')
  })

  it('an appversion is put last (AzureBakeHandler.groovy:160-162): Rosco\'s stock Linux templates do not declare it', () => {
    const params = azureParameters({ region: 'westus', request: { base_os: 'ubuntu' }, baseImages: BASE_IMAGES, account: ACCOUNTS[0], imageName: 'x', appVersion: 'myapp-1.0-h42.abc', nowMs: NOW })
    expect(params.at(-1)).toMatchObject({ name: 'appversion', value: 'myapp-1.0-h42.abc' })
  })
})

describe(`${S}:278-300: the template a base image names, else the bakery default`, () => {
  it.each([[1, 'azure-centos.json'], [2, 'azure-windows.pkr.hcl'], [0, 'azure-linux.pkr.hcl']])('base image %i bakes with %s', (index, template) => {
    expect(azureTemplateName({}, BASE_IMAGES[index], 'azure-linux.pkr.hcl')).toBe(template)
  })
  it('the request\'s template_file_name wins over both (CloudProviderBakeHandler.groovy:239)', () => {
    expect(azureTemplateName({ template_file_name: 'mine.pkr.hcl' }, BASE_IMAGES[2], 'azure-linux.pkr.hcl')).toBe('mine.pkr.hcl')
  })
})

describe(`${S}:414-442: azure_managed_image_name`, () => {
  it.each<[string | undefined, string | undefined, string | undefined, string]>([
    [undefined, undefined, 'namethatexceeds.23char.acters', 'namethatexceeds.23char.acters'],
    ['42', 'production', '42-production', '42-production'],
    ['42', 'production', undefined, '42-production'],
    ['42', undefined, '42-production', '42-production'],
    [undefined, 'production', '42-production', '42-production'],
    [undefined, undefined, '42-production', '42-production'],
    [undefined, undefined, 'test-with!>#characters.morethanmorethanmorethanmorethanmorethanmorethan.75characters', 'test-withcharacters.morethanmorethanmorethanmorethanmorethanmorethan.75char'],
    [undefined, undefined, 'test-with!>#characters..-.', 'test-withcharacters'],
    ['42', 'production', 'this-is-a--test-withnamethatexceeds.75characters', '42-production'],
  ])('build number %s, base name %s, image name %s: %s', (buildNumber, baseName, imageName, expected) => {
    expect(azureManagedImageName({ build_number: buildNumber, base_name: baseName }, imageName, NOW).value).toBe(expected)
  })

  it('with no image name at all, the time in milliseconds (AzureBakeHandler.groovy:141-143)', () => {
    expect(azureManagedImageName({}, undefined, NOW).value).toBe(String(NOW))
  })

  it('the cut to 75 comes after the trailing strip, so a cut name can end with "-" again (AzureBakeHandler.groovy:148-156)', () => {
    const name = `${'a'.repeat(74)}-${'b'.repeat(10)}`
    expect(azureManagedImageName({}, name, NOW).value).toBe(`${'a'.repeat(74)}-`)
  })
})

describe(`${S}:444-498: where the image source comes from`, () => {
  const source = (request: Parameters<typeof azureParameters>[0]['request']) =>
    Object.fromEntries(azureParameters({ region: 'westus', request, baseImages: BASE_IMAGES, account: ACCOUNTS[0], imageName: 'my-image', appVersion: '0001', nowMs: NOW })
      .filter((p) => /image_(publisher|offer|sku)|custom_managed/.test(p.name)).map((p) => [p.name, p.value]))

  it('base_os: the base image\'s publisher, offer and sku, no custom managed image', () => {
    expect(source({ base_os: 'windows-2012-r2' })).toEqual({ azure_image_publisher: 'MicrosoftWindowsServer', azure_image_offer: 'WindowsServer', azure_image_sku: '2012-R2-Datacenter' })
  })
  it('the request\'s publisher, offer and sku', () => {
    expect(source({ publisher: 'Debian', offer: 'debian-10', sku: '10' })).toEqual({ azure_image_publisher: 'Debian', azure_image_offer: 'debian-10', azure_image_sku: '10' })
  })
  it('a custom managed image: only azure_custom_managed_image_name', () => {
    expect(source({ custom_managed_image_name: 'docker.io-all-1666307955578-ubuntu-1804' })).toEqual({ azure_custom_managed_image_name: 'docker.io-all-1666307955578-ubuntu-1804' })
  })
  it('the request\'s publisher replaces the base image\'s in place, and an offer it lacks replaces the base image\'s with null (AzureBakeHandler.groovy:118-122)', () => {
    const params = azureParameters({ region: 'westus', request: { base_os: 'ubuntu', publisher: 'Debian' }, baseImages: BASE_IMAGES, account: ACCOUNTS[0], imageName: 'x', appVersion: undefined, nowMs: NOW })
    expect(params.slice(1, 4).map((p) => [p.name, p.value])).toEqual([['azure_image_publisher', 'Debian'], ['azure_image_offer', null], ['azure_image_sku', null]])
  })
})

describe(`${S}:500-584: the account and the Azure part of the bake key`, () => {
  it('account_name azure-2 picks the second account; the key is account, base label, base name', () => {
    const chosen = resolveAzureAccount({ account_name: 'azure-2' }, ACCOUNTS)
    expect(chosen.ok && chosen.account.clientId).toBe('456DEF-123ABC')
    expect(azureBakeKeyComponent({ base_label: 'release', base_name: 'my-image', base_os: 'windows-2012-r2' }, 'azure-2')).toBe('azure-2:release:my-image')
  })
  it('with publisher, offer and sku: they join the key', () => {
    expect(azureBakeKeyComponent({ publisher: 'Canonical', offer: 'UbuntuServer', sku: '18_04-lts-gen2', base_label: 'release', base_name: 'my-image' }, 'azure-2'))
      .toBe('azure-2:Canonical:UbuntuServer:18_04-lts-gen2:release:my-image')
  })
  it('with a custom managed image: its name replaces them', () => {
    expect(azureBakeKeyComponent({ custom_managed_image_name: 'docker.io-all-1666307955578-ubuntu-1804', base_label: 'release', base_name: 'my-custom-image' }, 'azure-2'))
      .toBe('azure-2:docker.io-all-1666307955578-ubuntu-1804:release:my-custom-image')
  })
  it('no account at all is Rosco\'s error (AzureBakeHandler.groovy:178-180)', () => {
    expect(resolveAzureAccount({}, [])).toEqual({ ok: false, error: 'Could not resolve Azure account: (account_name=null).' })
    expect(resolveAzureAccount({ account_name: 'nope' }, ACCOUNTS)).toEqual({ ok: false, error: 'Could not resolve Azure account: (account_name=nope).' })
    expect(resolveAzureAccount({}, ACCOUNTS)).toMatchObject({ ok: true, index: 0 })
  })
})

describe(`${S}:586-607: the template without base_os, by os type and custom managed image`, () => {
  it.each<[string, string | undefined, string, string]>([
    ['windows', undefined, 'azure-windows.pkr.hcl', 'nupkg'],
    ['windows', 'my-managed-image', 'azure-windows-managed-image.pkr.hcl', 'nupkg'],
    ['linux', undefined, 'azure-linux.pkr.hcl', 'deb'],
    ['linux', 'my-managed-image', 'azure-linux-managed-image.pkr.hcl', 'deb'],
  ])('os type %s, custom image %s: %s (%s)', (osType, custom, template, packageType) => {
    const choice = chooseAzureBaseImage({ os_type: osType, custom_managed_image_name: custom }, BASE_IMAGES)
    expect(choice).toMatchObject({ ok: true, from: 'os type', image: { templateFile: template, packageType } })
  })
  it('no os type is Windows (AzureBakeHandler.groovy:192-198), and the request\'s package_type wins', () => {
    expect(chooseAzureBaseImage({}, BASE_IMAGES)).toMatchObject({ ok: true, image: { templateFile: 'azure-windows.pkr.hcl', packageType: 'nupkg' } })
    expect(chooseAzureBaseImage({ os_type: 'linux', package_type: 'rpm' }, BASE_IMAGES)).toMatchObject({ ok: true, image: { packageType: 'rpm' } })
  })
  it('an unknown base_os is Rosco\'s error (CloudProviderBakeHandler.groovy:282-284)', () => {
    expect(chooseAzureBaseImage({ base_os: 'centos7' }, BASE_IMAGES)).toEqual({ ok: false, error: "No virtualization settings found for 'centos7'." })
  })
})

describe(`${F}:25-76: AzureImageNameFactory`, () => {
  it('base name, arch all, base label, os type', () => {
    expect(azureImageName({ base_name: 'my-base-image', base_label: 'candidate', os_type: 'windows' }, [parseNupkgName('7zip')], NOW)).toMatchObject({ ok: true, name: 'my-base-image-all-candidate-windows' })
  })
  it('the first package names it when there is no base name; os_type stands in for base_os', () => {
    expect(azureImageName({ base_label: 'release', os_type: 'linux' }, [parseDebName('7zip')], NOW)).toMatchObject({ ok: true, name: '7zip-all-release-linux' })
  })
  it('no package and no base name: the empty name part is dropped', () => {
    expect(azureImageName({ base_label: 'unstable', os_type: 'windows' }, [], NOW)).toMatchObject({ ok: true, name: 'all-unstable-windows' })
  })
  it('no base label: the time in milliseconds; ami_name and ami_suffix are not read', () => {
    const request = { base_os: 'ubuntu', ami_name: 'ignored', ami_suffix: 'ignored' }
    expect(azureImageName(request, [parseDebName('nginx_1.2-3_amd64')], NOW)).toMatchObject({ ok: true, name: `nginx-amd64-${NOW}-ubuntu` })
  })
  it('neither base_os nor os_type: Rosco fails with a NullPointerException (AzureImageNameFactory.java:42-45)', () => {
    expect(azureImageName({}, [], NOW)).toMatchObject({ ok: false })
  })
})

describe(`${S}:134-276: the baked image, from Packer's azure-arm artifact lines`, () => {
  const log = (idLine: string) => [
    '==> azure-arm: Resource group has been deleted.', "Build 'azure-arm' finished.", '',
    '==> Builds finished. The artifacts of successful builds are:', '--> azure-arm: Azure.ResourceManagement.VMImage:', '',
    'StorageAccountLocation: westus', 'ManagedImageName: pkroswfvmtp50x8', idLine,
  ].join('\n')
  it('ManagedImageName and ManagedImageId', () => {
    expect(scrapeAzureBake(log('ManagedImageId: pkroswfvmtp50x8id'))).toEqual({ imageName: 'pkroswfvmtp50x8', imageId: 'pkroswfvmtp50x8id' })
  })
  it('ManagedImageSharedImageGalleryId (a shared image gallery version) is the id too', () => {
    expect(scrapeAzureBake(log('ManagedImageSharedImageGalleryId: pkroswfvmtp50x8id'))).toEqual({ imageName: 'pkroswfvmtp50x8', imageId: 'pkroswfvmtp50x8id' })
  })
  it('only lines that start with the token count: Packer\'s "==> azure-arm:" step lines do not', () => {
    expect(scrapeAzureBake('==> azure-arm: ManagedImageName: step\n  ManagedImageName: indented')).toEqual({})
  })
})
