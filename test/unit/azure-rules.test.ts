import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Plain } from '../../src/model/plain.js'
import { providers } from '../../src/providers/index.js'
import type { Finding, SectionContext, SectionRule } from '../../src/model/rule.js'
import {
  azureAccountIds, azureImageSource, azureImageVersion, azurePackerResourceGroup, azureRegions, azureServicePrincipal, azureStockTemplateVariables,
} from '../../src/providers/azure/rules.js'

const azure = providers.azure

// The Azure rules over an azure section as `hal config validate` hands it to them. Halyard's own
// Azure validators log in to Azure (halyard-config .../validate/v1/providers/azure/AzureAccountValidator.java:49-120,
// AzureBaseImageValidator.java:36-58); these are the offline checks galley makes instead.

const GUID = '2121ce3f-ad4f-4c93-8e1d-62884a22eba6'
const UBUNTU = { id: 'ubuntu-2204', packageType: 'deb', publisher: 'Canonical', offer: '0001-com-ubuntu-server-jammy', sku: '22_04-lts-gen2' }
const ACCOUNT = { name: 'azure-1', clientId: GUID, appKey: 'secret', tenantId: GUID, subscriptionId: GUID, packerResourceGroup: 'spinnaker-bakery' }

function context(section: { bakeryDefaults?: Plain; accounts?: Plain[] }, packerDir?: string): SectionContext {
  const bakery = section.bakeryDefaults
  const images = Array.isArray(bakery?.baseImages) ? (bakery.baseImages as Plain[]) : []
  const accounts = section.accounts ?? []
  return {
    provider: azure,
    dialect: 'halyard',
    section: section as Plain,
    bakery,
    bakeryPath: ['bakeryDefaults'],
    baseImages: images.map((entry, index) => {
      const image = (entry.baseImage ?? {}) as Plain
      const id = typeof image.id === 'string' ? image.id : undefined
      return { index, path: ['bakeryDefaults', 'baseImages', index], id, label: id ?? `#${index + 1}`, image, virtualization: {} }
    }),
    accounts: accounts.map((value, index) => {
      const name = typeof value.name === 'string' ? value.name : undefined
      return { index, path: ['accounts', index], name, label: name ?? `#${index + 1}`, value }
    }),
    enabled: true,
    baseDir: '.',
    ...(packerDir ? { packerDir } : {}),
  }
}

const run = (rule: SectionRule, section: Parameters<typeof context>[0], packerDir?: string): Finding[] => [...rule.check(context(section, packerDir))]
const withImages = (...images: Plain[]) => ({ bakeryDefaults: { baseImages: images.map((baseImage) => ({ baseImage })) } })

describe('azure/image-source: publisher, offer and sku (Halyard\'s base-image add requires them, AzureAddBaseImageCommand.java:31-47)', () => {
  it('a complete marketplace image passes', () => {
    expect(run(azureImageSource, withImages(UBUNTU))).toEqual([])
  })
  it('missing ones are named, with the one add command that sets them all', () => {
    const [finding, ...rest] = run(azureImageSource, withImages({ id: 'bare', packageType: 'deb', publisher: 'Canonical' }))
    expect(rest).toEqual([])
    expect(finding.message).toBe('Base image bare has no offer, sku: Rosco passes no azure_image_offer, and Packer stops with "An image_offer must be specified".')
    expect(finding.remediation).toBe('hal config provider azure bakery base-image edit bare --offer 0001-com-ubuntu-server-jammy --sku 22_04-lts-gen2')
    expect(finding.path).toEqual(['bakeryDefaults', 'baseImages', 0, 'baseImage'])
  })
  it('a URN pasted into publisher is split for the user', () => {
    const [finding] = run(azureImageSource, withImages({ ...UBUNTU, publisher: 'Canonical:UbuntuServer:18.04-LTS:latest' }))
    expect(finding.message).toContain('--publisher Canonical --offer UbuntuServer --sku 18.04-LTS --image-version latest')
    expect(finding.path).toEqual(['bakeryDefaults', 'baseImages', 0, 'baseImage', 'publisher'])
  })
  it('Halyard\'s stock numeric sku (sku: 7.1 in YAML) is a name like any other', () => {
    expect(run(azureImageSource, withImages({ ...UBUNTU, sku: 7.1 }))).toEqual([])
  })
})

describe('azure/image-version: Rosco passes no version (AzureBakeHandler.groovy:107-165 never reads it)', () => {
  it('latest and unset say nothing', () => {
    expect(run(azureImageVersion, withImages({ ...UBUNTU, version: 'latest' }, { ...UBUNTU, id: 'b' }))).toEqual([])
  })
  it('a pinned version is noted as not used', () => {
    const [finding] = run(azureImageVersion, withImages({ ...UBUNTU, version: '22.04.202401010' }))
    expect(finding).toMatchObject({ severity: 'info', message: expect.stringContaining('Rosco passes no image version') })
  })
  it('a malformed version is a warning with the fix', () => {
    const [finding] = run(azureImageVersion, withImages({ ...UBUNTU, version: 'Latest' }))
    expect(finding.severity).toBeUndefined()
    expect(finding.remediation).toBe('Use "latest". hal config provider azure bakery base-image edit ubuntu-2204 --image-version latest')
  })
})

describe('azure/account-id: GUIDs', () => {
  it('GUIDs and a tenant domain pass; secret references are not checked', () => {
    expect(run(azureAccountIds, { accounts: [ACCOUNT, { ...ACCOUNT, name: 'b', tenantId: 'contoso.onmicrosoft.com', clientId: 'encrypted:vault!n:x' }] })).toEqual([])
  })
  it('Rosco\'s test ids (123ABC) are not GUIDs: each is named with the account edit that fixes it', () => {
    const findings = run(azureAccountIds, { accounts: [{ ...ACCOUNT, subscriptionId: '123ABC', tenantId: 'DEF456' }] })
    expect(findings.map((f) => f.path)).toEqual([['accounts', 0, 'subscriptionId'], ['accounts', 0, 'tenantId']])
    expect(findings[0].remediation).toBe('hal config provider azure account edit azure-1 --subscription-id 00000000-0000-0000-0000-000000000000')
  })
  it('a GUID in braces gets the bare GUID as the fix', () => {
    const [finding] = run(azureAccountIds, { accounts: [{ ...ACCOUNT, objectId: `{${GUID}}` }] })
    expect(finding.remediation).toContain(`Use "${GUID}"`)
  })
})

describe('azure/service-principal: Packer\'s authentication sets', () => {
  it('a full service principal, and an account with no credentials (managed identity), pass', () => {
    expect(run(azureServicePrincipal, { accounts: [ACCOUNT, { name: 'mi', packerResourceGroup: 'rg' }] })).toEqual([])
  })
  it('a client id without its app key', () => {
    const { appKey: _k, ...account } = ACCOUNT
    const [finding] = run(azureServicePrincipal, { accounts: [account] })
    expect(finding.message).toContain('without appKey')
    expect(finding.remediation).toBe('hal config provider azure account edit azure-1 --app-key')
  })
  it('client id and app key without a subscription', () => {
    const { subscriptionId: _s, ...account } = ACCOUNT
    expect(run(azureServicePrincipal, { accounts: [account] })[0].message).toContain('without subscriptionId')
  })
})

describe('azure/packer-resource-group', () => {
  it('missing on a deployment that bakes: a warning; on one with no base images: nothing', () => {
    const { packerResourceGroup: _rg, ...account } = ACCOUNT
    expect(run(azurePackerResourceGroup, { ...withImages(UBUNTU), accounts: [account] })[0]).toMatchObject({ severity: 'warning', remediation: 'hal config provider azure account edit azure-1 --packer-resource-group spinnaker-bakery' })
    expect(run(azurePackerResourceGroup, { accounts: [account] })).toEqual([])
  })
  it('a name Packer refuses as managed_image_resource_group_name', () => {
    const [finding] = run(azurePackerResourceGroup, { accounts: [{ ...ACCOUNT, packerResourceGroup: 'bad rg!' }] })
    expect(finding.path).toEqual(['accounts', 0, 'packerResourceGroup'])
  })
})

describe('azure/region', () => {
  it('location names pass; a display name gets its location name', () => {
    expect(run(azureRegions, { accounts: [{ ...ACCOUNT, regions: ['westus', 'eastus2'] }] })).toEqual([])
    const [finding] = run(azureRegions, { accounts: [{ ...ACCOUNT, regions: ['westus', 'West US 2'] }] })
    expect(finding).toMatchObject({ path: ['accounts', 0, 'regions', 1], remediation: expect.stringContaining('Use "westus2"') })
  })
})

describe('azure/stock-template-variables: Rosco\'s stock azure-linux.pkr.hcl declares neither azure_object_id nor appversion', () => {
  const dirs: string[] = []
  afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }) })

  it('an account with an objectId and the default template (Halyard\'s azure-linux.pkr.hcl): every bake with it fails', () => {
    const [finding] = run(azureStockTemplateVariables, { ...withImages(UBUNTU), accounts: [{ ...ACCOUNT, objectId: GUID }] })
    expect(finding).toMatchObject({ path: ['accounts', 0, 'objectId'], message: expect.stringContaining('Undefined -var variable') })
    expect(finding.remediation).toContain('hal config bakery template init azure-linux.pkr.hcl --from azure-linux.pkr.hcl')
  })
  it('without an objectId: a note about appversion', () => {
    expect(run(azureStockTemplateVariables, { ...withImages(UBUNTU), accounts: [ACCOUNT] })).toEqual([expect.objectContaining({ severity: 'info', message: expect.stringContaining('appversion') })])
  })
  it('a deployment file of the same name replaces Rosco\'s: nothing to say', () => {
    const dir = mkdtempSync(join(tmpdir(), 'azure-rules-'))
    dirs.push(dir)
    writeFileSync(join(dir, 'azure-linux.pkr.hcl'), '')
    expect(run(azureStockTemplateVariables, { ...withImages(UBUNTU), accounts: [{ ...ACCOUNT, objectId: GUID }] }, dir)).toEqual([])
  })
  it('Windows images on azure-windows.pkr.hcl (which declares azure_object_id) are not concerned', () => {
    expect(run(azureStockTemplateVariables, { ...withImages({ ...UBUNTU, templateFile: 'azure-windows.pkr.hcl' }), accounts: [{ ...ACCOUNT, objectId: GUID }] })).toEqual([])
  })
})
