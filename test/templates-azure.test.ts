import { execa } from 'execa'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { managedImageName, resourceGroupName } from '../src/providers/azure/formats.js'
import { ROOT, read } from './helpers/hal.js'
import { packerValidate } from './helpers/packer.js'
import { needsProgram } from './helpers/tools.js'

// galley's azure-linux.pkr.hcl (the name Halyard's azure bakery defaults to,
// halyard-config .../model/v1/providers/azure/AzureProvider.java:27-31) under the real
// `packer validate` of Packer 1.6.6. Validation is offline for azure-arm: the builder checks its
// settings, not the cloud (no location, GUID or image is looked up); `packer build` needs Azure.

const TEMPLATES = join(ROOT, 'templates')
const AZURE = join(TEMPLATES, 'azure-linux.pkr.hcl')

/** Rosco's -var set for the ubuntu vector (rosco AzureBakeHandlerSpec.groovy:317-364), with galley's configDir. */
function roscoVars(): Record<string, string> {
  return {
    azure_location: 'westus',
    azure_image_publisher: 'Canonical',
    azure_image_offer: 'UbuntuServer',
    azure_image_sku: '14.04.3-LTS',
    azure_client_id: '123ABC-456DEF',
    azure_client_secret: 'blahblah',
    azure_resource_group: 'resGroup',
    azure_subscription_id: '123ABC',
    azure_tenant_id: 'DEF456',
    azure_managed_image_name: '42-production',
    repository: 'http://some-debian-repository',
    package_type: 'deb',
    packages: 'kato nflx-djangobase-enhanced_0.1-h12.170cdbd_all mongodb',
    configDir: TEMPLATES,
  }
}

const declared = (text: string) => [...text.matchAll(/^variable "([^"]+)"/gm)].map((m) => m[1]).sort()
const required = (text: string) =>
  [...text.matchAll(/^variable "([^"]+)" \{([^}]*)\}/gm)].filter((m) => !/\bdefault\s*=/.test(m[2])).map((m) => m[1]).sort()

describe('azure-linux.pkr.hcl declares every variable Rosco passes for Azure (AzureBakeHandler.groovy:107-165 and CloudProviderBakeHandler.groovy:206-227)', () => {
  const text = read(AZURE)
  it('declares Rosco\'s variables, azure_object_id and appversion included (Rosco\'s own azure-linux.pkr.hcl lacks these two)', () => {
    expect(declared(text)).toEqual([
      'appversion', 'azure_client_id', 'azure_client_secret', 'azure_custom_managed_image_name', 'azure_image_offer', 'azure_image_publisher',
      'azure_image_sku', 'azure_location', 'azure_managed_image_name', 'azure_object_id', 'azure_resource_group', 'azure_subscription_id',
      'azure_tenant_id', 'azure_vm_size', 'build_host', 'configDir', 'package_type', 'packages', 'repository', 'upgrade',
    ])
  })
  it('requires only what Rosco always passes for a bake that has an account with a packer resource group', () => {
    expect(required(text)).toEqual(['azure_location', 'azure_managed_image_name', 'azure_resource_group', 'configDir', 'package_type'])
  })
  it('marks the service principal sensitive: Packer masks it in its output', () => {
    for (const name of ['azure_client_id', 'azure_client_secret']) expect(text).toMatch(new RegExp(`variable "${name}" \\{[^}]*sensitive\\s*=\\s*true`))
  })
  it('runs install_packages.sh, then deprovisions the VM with the Azure agent as the last step', () => {
    const script = text.indexOf('install_packages.sh')
    const deprovision = text.indexOf('waagent -force -deprovision+user')
    expect(script).toBeGreaterThan(0)
    expect(deprovision).toBeGreaterThan(script)
  })
})

describe.runIf(needsProgram('packer'))('packer validate accepts azure-linux.pkr.hcl with Rosco\'s variables', () => {
  it('the ubuntu vector', async () => {
    const result = await packerValidate(AZURE, roscoVars())
    expect(result.exitCode, result.stderr + result.stdout).toBe(0)
  })

  it('with azure_object_id and appversion, which Rosco passes whenever it has them (AzureBakeHandler.groovy:135, 160-162)', async () => {
    const result = await packerValidate(AZURE, { ...roscoVars(), azure_object_id: '2121ce3f-ad4f-4c93-8e1d-62884a22eba6', appversion: 'nflx-djangobase-enhanced-0.1-h12.170cdbd', build_host: 'https://jenkins.example.com/', upgrade: 'true' })
    expect(result.exitCode, result.stderr + result.stdout).toBe(0)
  })

  it('from a custom managed image instead of a marketplace image (the request\'s custom_managed_image_name)', async () => {
    const { azure_image_publisher: _p, azure_image_offer: _o, azure_image_sku: _s, ...vars } = roscoVars()
    const result = await packerValidate(AZURE, { ...vars, azure_custom_managed_image_name: 'docker.io-all-1666307955578-ubuntu-1804' })
    expect(result.exitCode, result.stderr + result.stdout).toBe(0)
  })

  it('with no credentials at all: Packer would use the machine\'s managed identity', async () => {
    const { azure_client_id: _i, azure_client_secret: _c, azure_subscription_id: _s, azure_tenant_id: _t, ...vars } = roscoVars()
    const result = await packerValidate(AZURE, vars)
    expect(result.exitCode, result.stderr + result.stdout).toBe(0)
  })
})

describe.runIf(needsProgram('packer'))('packer validate rejects what Rosco would pass for a broken bake', () => {
  const fails = async (vars: Record<string, string>, message: string) => {
    const result = await packerValidate(AZURE, vars)
    expect(result.exitCode).not.toBe(0)
    expect((result.stderr + result.stdout).replace(/\s+/g, ' ')).toContain(message)
  }

  it('no publisher, offer or sku (a base image without them)', async () => {
    const { azure_image_publisher: _p, azure_image_offer: _o, azure_image_sku: _s, ...vars } = roscoVars()
    await fails(vars, 'An image_publisher must be specified')
  })
  it('both a marketplace image and a custom managed image (base_os with custom_managed_image_name)', async () => {
    await fails({ ...roscoVars(), azure_custom_managed_image_name: 'my-image' }, 'Specify either a VHD (image_url), Image Reference (image_publisher, image_offer, image_sku), a Managed Disk')
  })
  it('an account without packerResourceGroup: Rosco passes no azure_resource_group', async () => {
    const { azure_resource_group: _rg, ...vars } = roscoVars()
    await fails(vars, 'Unset variable "azure_resource_group"')
  })
  it('a client id without its secret: no valid set of authentication values', async () => {
    const { azure_client_secret: _c, ...vars } = roscoVars()
    await fails(vars, 'No valid set of authentication values specified')
  })
  it('an extended attribute the template does not declare: HCL2 refuses any undeclared -var', async () => {
    await fails({ ...roscoVars(), someAttr1: 'someValue1' }, 'Undefined -var variable')
  })
  it('a managed image name cut by Rosco to 75 characters that ends with "-"', async () => {
    await fails({ ...roscoVars(), azure_managed_image_name: `${'a'.repeat(74)}-` }, "The setting managed_image_name must match the regular expression")
  })
})

describe.concurrent.runIf(needsProgram('packer'))('galley\'s managed image and resource group name checks agree with Packer 1.6.6', () => {
  const names = ['42-production', 'a', 'A_b.c-d)', `${'a'.repeat(80)}`, `${'a'.repeat(81)}`, 'ends.', 'ends-', '_lead', '-lead', 'bad!name', 'sp ace', 'tail_']
  it.each(names)('managed_image_name %j', async (name) => {
    const result = await packerValidate(AZURE, { ...roscoVars(), azure_managed_image_name: name })
    const packerSays = !(result.stderr + result.stdout).includes('The setting managed_image_name must match')
    expect(managedImageName(name).ok, result.stderr + result.stdout).toBe(packerSays)
  })
  it.each(['resGroup', 'rg(prod)', 'rg.', 'bad rg!', `${'r'.repeat(90)}`, `${'r'.repeat(91)}`])('managed_image_resource_group_name %j', async (name) => {
    const result = await packerValidate(AZURE, { ...roscoVars(), azure_resource_group: name })
    const packerSays = !(result.stderr + result.stdout).includes('The setting managed_image_resource_group_name must match')
    expect(resourceGroupName(name).ok, result.stderr + result.stdout).toBe(packerSays)
  })
})

describe.runIf(needsProgram('packer'))('Packer 1.6.6 prints the artifact lines Rosco reads the baked image from (AzureBakeHandler.groovy:32-34)', () => {
  // A real azure-arm build needs Azure; the artifact's own format strings are in the binary.
  it('ManagedImageName, ManagedImageId and ManagedImageSharedImageGalleryId, each at the start of a line', async () => {
    const binary = readFileSync(String((await execa('sh', ['-c', 'command -v packer'])).stdout).trim())
    for (const token of ['ManagedImageName: %s', 'ManagedImageId: %s', 'ManagedImageSharedImageGalleryId: %s']) expect(binary.includes(token), token).toBe(true)
  })
})
