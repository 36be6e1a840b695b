import AjvImport from 'ajv'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../helpers/hal.js'
import { closedSet, providers } from '../../src/providers/index.js'

const azure = providers.azure

// schemas/azure.schema.json against what Halyard writes and Rosco reads.
const Ajv = (AjvImport as unknown as { default?: typeof AjvImport }).default ?? AjvImport
const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'azure.schema.json'), 'utf8'))
const ajv = new Ajv({ allErrors: true, strict: false })
const validate = ajv.compile(schema)
const section = (bakeryDefaults: unknown, accounts: unknown[] = []) => ({ enabled: true, accounts, bakeryDefaults })
const errors = (value: unknown) => (validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`))

describe('schemas/azure.schema.json', () => {
  it('accepts Halyard\'s stock Azure base images as Rosco ships them (rosco halconfig/images.yml:124-178), osType Linux with a capital', () => {
    expect(errors(section({ templateFile: 'azure-linux.pkr.hcl', baseImages: azure.config.stockBaseImages }))).toEqual([])
  })

  it('accepts the bake fixture (accounts with every key Halyard\'s AzureAccount has)', () => {
    const config = parse(readFileSync(join(ROOT, 'test', 'fixtures', 'bake', 'azure.yml'), 'utf8'))
    expect(errors(config.deploymentConfigurations[0].providers.azure)).toEqual([])
  })

  it('takes packageType and osType in any case, as Spring\'s relaxed binding does (AzureBakeryConfigurationBeans.java:27-31): rules bakery/package-type and bakery/os-type read them against the closed sets', () => {
    for (const osType of ['linux', 'Linux', 'WINDOWS', null]) expect(errors(section({ baseImages: [{ baseImage: { id: 'a', osType } }] })), String(osType)).toEqual([])
    for (const packageType of ['deb', 'DEB', 'Rpm', 'nupkg']) expect(errors(section({ baseImages: [{ baseImage: { id: 'a', packageType } }] })), packageType).toEqual([])
  })

  it('states the closed sets the code reads (Rosco\'s BakeRequest.PackageType and OsType)', () => {
    expect(closedSet(azure, 'osType')).toEqual(['linux', 'windows'])
    expect(closedSet(azure, 'packageType')).toEqual(['deb', 'rpm', 'nupkg'])
  })

  it('refuses keys neither Halyard nor Rosco knows, and settings under virtualizationSettings (Azure has none)', () => {
    expect(errors(section({ baseImages: [{ baseImage: { id: 'a', imageVersion: 'latest' } }] }))).toEqual(['/bakeryDefaults/baseImages/0/baseImage must NOT have additional properties'])
    expect(errors(section({ baseImages: [{ baseImage: { id: 'a' }, virtualizationSettings: { sourceImage: 'x' } }] }))).toEqual(['/bakeryDefaults/baseImages/0/virtualizationSettings must NOT have additional properties'])
    expect(errors(section({ zone: 'x' }))).toEqual(['/bakeryDefaults must NOT have additional properties'])
  })

  it('has a description for every key (flags and prompts show them)', () => {
    const missing: string[] = []
    for (const [name, definition] of Object.entries<any>(schema.definitions)) {
      for (const [key, property] of Object.entries<any>(definition.properties ?? {})) if (!property.description && !property.$ref) missing.push(`${name}.${key}`)
    }
    expect(missing).toEqual([])
  })
})

describe('the azure description, field by field against Halyard', () => {
  it('base-image flags: Halyard\'s --publisher, --offer, --sku (required on add), --image-version, and galley\'s --os-type', () => {
    const flags = Object.fromEntries(azure.image.map((f) => [f.flag, f.required ?? false]))
    expect(flags).toMatchObject({ publisher: true, offer: true, sku: true, 'image-version': false, 'package-type': false, 'template-file': false, 'short-description': false, 'detailed-description': false, 'os-type': false })
  })
  it('account flags: Halyard\'s AzureAddAccountCommand names, --app-key secret, --useSshPublicKey spelt as Halyard spells it', () => {
    const flags = [...azure.account, ...azure.accountMore].map((f) => f.flag)
    expect(flags).toEqual(expect.arrayContaining(['client-id', 'app-key', 'tenant-id', 'subscription-id', 'object-id', 'default-resource-group', 'default-key-vault', 'packer-resource-group', 'packer-storage-account', 'regions', 'useSshPublicKey']))
    expect(azure.account.find((f) => f.key === 'appKey')?.secret).toBe(true)
  })
  it('bakery edit has only --template-file (Halyard\'s own azure bakery edit has no flags: AzureEditBakeryDefaultsCommand.java)', () => {
    expect(azure.bakery.map((f) => f.flag)).toEqual(['template-file'])
    expect(azure.bakery[0].default).toBe('azure-linux.pkr.hcl')
  })
})
