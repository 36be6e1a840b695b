import { describe, expect, it } from 'vitest'
import { azureGuid, azureLocation, azureTenant, imageVersion, managedImageName, marketplaceName, resourceGroupName } from '../../src/providers/azure/formats.js'

describe('azureGuid: subscription, client, object and tenant ids are 8-4-4-4-12 hexadecimal GUIDs', () => {
  it('accepts a GUID in either case', () => {
    expect(azureGuid('2121ce3f-ad4f-4c93-8e1d-62884a22eba6')).toEqual({ ok: true })
    expect(azureGuid('2121CE3F-AD4F-4C93-8E1D-62884A22EBA6')).toEqual({ ok: true })
  })
  it('suggests the bare GUID for braces, urn:uuid:, spaces and missing dashes', () => {
    expect(azureGuid('{2121ce3f-ad4f-4c93-8e1d-62884a22eba6}')).toMatchObject({ ok: false, suggestion: '2121ce3f-ad4f-4c93-8e1d-62884a22eba6' })
    expect(azureGuid('urn:uuid:2121ce3f-ad4f-4c93-8e1d-62884a22eba6')).toMatchObject({ ok: false, suggestion: '2121ce3f-ad4f-4c93-8e1d-62884a22eba6' })
    expect(azureGuid(' 2121ce3f-ad4f-4c93-8e1d-62884a22eba6')).toMatchObject({ ok: false, reason: 'it has spaces around it', suggestion: '2121ce3f-ad4f-4c93-8e1d-62884a22eba6' })
    expect(azureGuid('2121ce3fad4f4c938e1d62884a22eba6')).toMatchObject({ ok: false, suggestion: '2121ce3f-ad4f-4c93-8e1d-62884a22eba6' })
  })
  it('says which characters or groups are wrong', () => {
    expect(azureGuid('123ABC', 'subscription id')).toMatchObject({ ok: false, reason: 'a subscription id is a GUID with groups of 8-4-4-4-12 hexadecimal digits; this one has 6' })
    expect(azureGuid('my-subscription')).toMatchObject({ ok: false, reason: expect.stringContaining("'m'") })
    expect(azureGuid('')).toMatchObject({ ok: false, reason: 'the id is empty' })
  })
  it('a tenant may also be given by its domain', () => {
    expect(azureTenant('contoso.onmicrosoft.com')).toEqual({ ok: true })
    expect(azureTenant('72f988bf-86f1-41af-91ab-2d7cd011db47')).toEqual({ ok: true })
    expect(azureTenant('DEF456')).toMatchObject({ ok: false })
    expect(azureTenant('not a.domain')).toMatchObject({ ok: false })
  })
})

describe('azureLocation: the name the APIs take, lowercase letters and digits', () => {
  it.each(['westus', 'eastus2', 'westeurope', 'southcentralus', 'usgovvirginia', 'chinaeast2'])('%s is a location name', (name) => {
    expect(azureLocation(name)).toEqual({ ok: true })
  })
  it.each<[string, string]>([['West US 2', 'westus2'], ['West Europe', 'westeurope'], ['WestUS', 'westus'], ['west-us', 'westus'], [' westus ', 'westus']])('%j is not, and %s is suggested', (given, suggestion) => {
    expect(azureLocation(given)).toMatchObject({ ok: false, suggestion })
  })
  it('refuses what cannot be one', () => {
    expect(azureLocation('2westus')).toMatchObject({ ok: false })
    expect(azureLocation('')).toMatchObject({ ok: false, reason: 'the location is empty' })
  })
})

describe('managedImageName: Packer 1.6.6 azure-arm\'s managed_image_name rule (the real Packer agrees: templates-azure.test.ts)', () => {
  it.each(['42-production', 'a', 'a'.repeat(80), 'nginx-all-1700000000000-ubuntu', 'A_b.c-d)'])('%s passes', (name) => {
    expect(managedImageName(name)).toEqual({ ok: true })
  })
  it.each<[string, string]>([
    ['ends-with-dot.', "it ends with '.'"],
    ['ends-with-dash-', "it ends with '-'"],
    ['bad!name', "it has '!'"],
    ['_starts', "it starts with '_'"],
    ['-starts', "it starts with '-'"],
    ['a'.repeat(81), 'it is 81 characters long; the limit is 80'],
    ['has space', "it has ' '"],
  ])('%s fails: %s', (name, reason) => {
    expect(managedImageName(name)).toMatchObject({ ok: false, reason: expect.stringContaining(reason) })
  })
  it('suggests the name with the bad characters taken out', () => {
    expect(managedImageName('bad!name')).toMatchObject({ suggestion: 'badname' })
  })
  it('a resource group may also have parentheses, up to 90 characters', () => {
    expect(resourceGroupName('rg(prod)')).toEqual({ ok: true })
    expect(resourceGroupName('a'.repeat(90))).toEqual({ ok: true })
    expect(resourceGroupName('bad rg!')).toMatchObject({ ok: false })
    expect(resourceGroupName('rg.')).toMatchObject({ ok: false })
  })
})

describe('marketplaceName and imageVersion', () => {
  it.each<[string, 'publisher' | 'offer' | 'sku']>([['Canonical', 'publisher'], ['0001-com-ubuntu-server-jammy', 'offer'], ['22_04-lts-gen2', 'sku'], ['14.04.3-LTS', 'sku']])('%s is a %s', (value, what) => {
    expect(marketplaceName(value, what)).toEqual({ ok: true })
  })
  it('a whole URN pasted into one setting is split in the reason', () => {
    const check = marketplaceName('Canonical:UbuntuServer:18.04-LTS:latest', 'publisher')
    expect(check).toMatchObject({ ok: false, suggestion: 'Canonical', reason: expect.stringContaining('--publisher Canonical --offer UbuntuServer --sku 18.04-LTS --image-version latest') })
  })
  it('spaces and other characters are refused', () => {
    expect(marketplaceName('Ubuntu Server', 'offer')).toMatchObject({ ok: false })
    expect(marketplaceName('', 'sku')).toMatchObject({ ok: false, reason: 'the sku is empty' })
  })
  it('a version is latest or Major.Minor.Build', () => {
    expect(imageVersion('latest')).toEqual({ ok: true })
    expect(imageVersion('18.04.201804262')).toEqual({ ok: true })
    expect(imageVersion('Latest')).toMatchObject({ ok: false, suggestion: 'latest' })
    expect(imageVersion('18.04')).toMatchObject({ ok: false })
  })
})
