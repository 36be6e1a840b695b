import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { isPlaceholder, isSecretReference, isSet, str, type Finding, type SectionContext, type SectionRule } from '../../model/rule.js'
import { checkIfSet, formatFinding, imageEdit, imageFix, type Fix } from '../../model/rule-helpers.js'
import { shellWord } from '../../lib/quote.js'
import type { Field, Provider } from '../../model/provider.js'

/** A field's flag by its key (the registry's flagOf, without importing the registry this module is part of). */
const flagOf = (fields: readonly Field[], key: string): string => fields.find((f) => f.key === key)?.flag ?? key
import { azureGuid, azureLocation, azureTenant, imageVersion, marketplaceName, resourceGroupName } from './formats.js'
import { AZURE_DEFAULT_TEMPLATE } from './rosco.js'

/**
 * The Azure bakery's offline rules. Halyard's own Azure validators work only online (they log in
 * and look the image up in westus: halyard-config .../validate/v1/providers/azure/); these check
 * the form of what a bake needs, and what Packer's azure-arm builder will refuse.
 */

/** The command that sets an account's field, its flag from the description; the name quoted for the shell, the example as given. */
const accountEdit = (provider: Provider, name: string | undefined, key: string, example: string) =>
  `hal config provider ${provider.name} account edit ${name === undefined ? 'NAME' : shellWord(name)} --${flagOf([...provider.account, ...provider.accountMore], key)} ${example}`

/** accountEdit as a Fix: the corrected value when the check knows one, else the example. */
const accountFix = (provider: Provider, name: string | undefined, key: string, example: string): Fix => (corrected) =>
  accountEdit(provider, name, key, corrected === undefined ? example : shellWord(corrected))

/** Rosco passes these as azure_image_publisher/offer/sku (AzureBakeHandler.groovy:111-116); Halyard's add requires them. */
const SOURCE_KEYS = [['publisher', 'Canonical'], ['offer', '0001-com-ubuntu-server-jammy'], ['sku', '22_04-lts-gen2']] as const

export const azureImageSource: SectionRule = {
  id: 'azure/image-source',
  severity: 'error',
  doc: 'Each Azure base image has a marketplace publisher, offer and sku, each one name (not a whole URN).',
  scope: 'section',
  providers: ['azure'],
  *check({ provider, baseImages }) {
    for (const { id, label, image, path } of baseImages) {
      const missing = SOURCE_KEYS.filter(([key]) => !isSet(image[key]))
      if (missing.length > 0) {
        yield {
          path: [...path, 'baseImage'],
          message: `Base image ${label} has no ${missing.map(([key]) => key).join(', ')}: Rosco passes no azure_image_${missing[0][0]}, and Packer stops with "An image_${missing[0][0]} must be specified".`,
          remediation: `hal config provider ${provider.name} bakery base-image edit ${id === undefined ? 'ID' : shellWord(id)} ${missing.map(([key, example]) => `--${flagOf(provider.image, key)} ${example}`).join(' ')}`,
        }
      }
      for (const [key, example] of SOURCE_KEYS) {
        if (missing.some(([k]) => k === key)) continue
        yield* checkIfSet(image[key], (value) =>
          formatFinding([...path, 'baseImage', key], `The ${key} of base image ${label}`, value, marketplaceName(value, key), imageFix(provider, id, key, example)))
      }
    }
  },
}

export const azureImageVersion: SectionRule = {
  id: 'azure/image-version',
  severity: 'warning',
  doc: 'An Azure base image\'s version is latest or Major.Minor.Build; Rosco passes no version, so Packer bakes from the latest.',
  scope: 'section',
  providers: ['azure'],
  *check({ provider, baseImages }) {
    for (const { id, label, image, path } of baseImages) {
      const version = image.version
      if (!isSet(version) || isPlaceholder(version)) continue
      const text = String(version)
      const where = [...path, 'baseImage', 'version']
      const check = imageVersion(text)
      if (!check.ok) {
        yield* formatFinding(where, `The version of base image ${label}`, text, check, imageFix(provider, id, 'version', 'latest'))
      } else if (text !== 'latest') {
        yield {
          path: where,
          severity: 'info',
          message: `Base image ${label} names version ${text}, but Rosco passes no image version to Packer (AzureBakeHandler reads none), so bakes start from the latest version of ${str(image.sku) ?? 'the sku'}.`,
          remediation: `To pin ${text}, declare image_version in a custom template and pass it with --extended-attribute; or record latest: ${imageEdit(provider, id, 'version', 'latest')}`,
        }
      }
    }
  },
}

const GUIDS = [['subscriptionId', 'subscription id'], ['clientId', 'client id'], ['objectId', 'object id']] as const
const EXAMPLE_GUID = '00000000-0000-0000-0000-000000000000'

export const azureAccountIds: SectionRule = {
  id: 'azure/account-id',
  severity: 'error',
  doc: 'An Azure account\'s subscriptionId, clientId and objectId are GUIDs, and its tenantId a GUID or a domain.',
  scope: 'section',
  providers: ['azure'],
  *check({ provider, accounts }) {
    for (const { name, label, value, path } of accounts) {
      for (const [key, what] of GUIDS) {
        yield* checkIfSet(value[key], (v) => (isSecretReference(v) ? [] : formatFinding([...path, key], `The ${what} of account ${label}`, v, azureGuid(v, what), accountFix(provider, name, key, EXAMPLE_GUID))))
      }
      yield* checkIfSet(value.tenantId, (v) => (isSecretReference(v) ? [] : formatFinding([...path, 'tenantId'], `The tenant id of account ${label}`, v, azureTenant(v), accountFix(provider, name, 'tenantId', EXAMPLE_GUID))))
    }
  },
}

/**
 * Packer's azure-arm authentication (as `packer validate` says: "No valid set of authentication
 * values specified"): none of them (the machine's managed identity), subscription_id alone
 * (interactive), or subscription_id, client_id and client_secret (a service principal).
 */
export const azureServicePrincipal: SectionRule = {
  id: 'azure/service-principal',
  severity: 'error',
  doc: 'An Azure account has clientId and appKey together, and a subscriptionId with them, as Packer\'s azure-arm builder requires.',
  scope: 'section',
  providers: ['azure'],
  *check({ provider, accounts }) {
    for (const { name, label, value, path } of accounts) {
      const has = (key: string) => isSet(value[key])
      const missing: string[] = []
      if (has('clientId') && !has('appKey')) missing.push('appKey')
      if (has('appKey') && !has('clientId')) missing.push('clientId')
      if ((has('clientId') || has('appKey')) && !has('subscriptionId')) missing.push('subscriptionId')
      if (missing.length === 0) continue
      yield {
        path,
        message: `Account ${label} has ${['clientId', 'appKey', 'subscriptionId'].filter(has).join(' and ')} without ${missing.join(' and ')}: Packer refuses the bake ("No valid set of authentication values specified"). A service principal needs subscriptionId, clientId and appKey.`,
        remediation: `hal config provider ${provider.name} account edit ${name === undefined ? 'NAME' : shellWord(name)} ${missing.map((key) => `--${flagOf(provider.account, key)}${key === 'appKey' ? '' : ` ${EXAMPLE_GUID}`}`).join(' ')}`,
      }
    }
  },
}

export const azurePackerResourceGroup: SectionRule = {
  id: 'azure/packer-resource-group',
  severity: 'error',
  doc: 'An Azure account used for bakes has a packerResourceGroup that Packer accepts as managed_image_resource_group_name.',
  scope: 'section',
  providers: ['azure'],
  *check({ provider, accounts, baseImages }) {
    for (const { name, label, value, path } of accounts) {
      const group = value.packerResourceGroup
      if (!isSet(group)) {
        // Only a deployment that bakes on Azure needs it; Clouddriver-only accounts do not.
        if (baseImages.length === 0) continue
        yield {
          path,
          severity: 'warning',
          message: `Account ${label} has no packerResourceGroup: Rosco passes no azure_resource_group, and a bake with this account stops in Packer (the managed image has no resource group to go to).`,
          remediation: accountEdit(provider, name, 'packerResourceGroup', 'spinnaker-bakery'),
        }
      } else if (!isPlaceholder(group)) {
        yield* formatFinding([...path, 'packerResourceGroup'], `The packerResourceGroup of account ${label}`, String(group), resourceGroupName(String(group)), accountFix(provider, name, 'packerResourceGroup', 'spinnaker-bakery'))
      }
    }
  },
}

export const azureRegions: SectionRule = {
  id: 'azure/region',
  severity: 'error',
  doc: 'An Azure account\'s regions are location names such as westus or eastus2 (not display names).',
  scope: 'section',
  providers: ['azure'],
  *check({ provider, accounts }) {
    for (const { name, label, value, path } of accounts) {
      if (!Array.isArray(value.regions)) continue
      const regions = value.regions
      for (const [i, region] of regions.entries()) {
        // --regions replaces the whole list: the corrected one keeps the other entries.
        const fix: Fix = (corrected) => accountEdit(provider, name, 'regions', corrected === undefined ? 'westus,eastus2' : shellWord(regions.map((r, j) => (j === i ? corrected : String(r))).join(',')))
        yield* checkIfSet(region, (v) => formatFinding([...path, 'regions', i], `Region ${i + 1} of account ${label}`, v, azureLocation(v), fix))
      }
    }
  },
}

/**
 * The variables Rosco's stock Linux HCL templates do not declare although Rosco passes them
 * (rosco halconfig/packer/azure-linux.pkr.hcl and azure-linux-managed-image.pkr.hcl at 030f7b6c
 * declare neither azure_object_id nor appversion). HCL2 Packer refuses an undeclared -var.
 */
export const ROSCO_STOCK_LINUX_TEMPLATES = ['azure-linux.pkr.hcl', 'azure-linux-managed-image.pkr.hcl'] as const

/** The templates a section's bakes use: the bakery's (Halyard's default when unset) and the base images'. */
function templatesInUse({ bakery, baseImages }: SectionContext): string[] {
  const names = new Set<string>()
  const bakeryTemplate = bakery && 'templateFile' in bakery ? str(bakery.templateFile) : AZURE_DEFAULT_TEMPLATE
  for (const { image } of baseImages) {
    const name = str(image.templateFile) || bakeryTemplate
    if (name) names.add(name)
  }
  return [...names]
}

export const azureStockTemplateVariables: SectionRule = {
  id: 'azure/stock-template-variables',
  severity: 'warning',
  doc: 'Bakes that use Rosco\'s own azure-linux*.pkr.hcl do not get azure_object_id or appversion, which those templates do not declare.',
  scope: 'section',
  providers: ['azure'],
  *check(context) {
    const stock = templatesInUse(context).filter((name) => (ROSCO_STOCK_LINUX_TEMPLATES as readonly string[]).includes(name))
      // A custom file of the same name replaces Rosco's (its variables are template lint's business).
      .filter((name) => context.packerDir === undefined || !existsSync(join(context.packerDir, name)))
    if (stock.length === 0) return
    const findings: Finding[] = []
    for (const { name, label, value, path } of context.accounts) {
      if (!isSet(value.objectId)) continue
      findings.push({
        path: [...path, 'objectId'],
        message: `Account ${label} has an objectId, so Rosco passes azure_object_id to every bake with it; Rosco's stock ${stock.join(' and ')} does not declare that variable, and Packer stops with "Undefined -var variable".`,
        remediation: `Install galley's ${stock[0]}, which declares it, as the deployment's own: hal config bakery template init ${stock[0]} --from ${AZURE_DEFAULT_TEMPLATE}. Or, for Linux bakes only, remove the objectId (Packer needs it for Windows only): ${accountEdit(context.provider, name, 'objectId', '""')}`,
      })
    }
    if (findings.length === 0 && context.baseImages.length > 0) {
      findings.push({
        path: context.bakeryPath,
        severity: 'info',
        message: `Bakes with Rosco's stock ${stock.join(' and ')} fail whenever Rosco builds an appversion (a versioned package with a build number): the template does not declare appversion, and Packer stops with "Undefined -var variable".`,
        remediation: `Install galley's version, which declares it: hal config bakery template init ${stock[0]} --from ${AZURE_DEFAULT_TEMPLATE}`,
      })
    }
    yield* findings
  },
}

export const AZURE_RULES: readonly SectionRule[] = [
  azureImageSource, azureImageVersion, azureAccountIds, azureServicePrincipal, azurePackerResourceGroup, azureRegions, azureStockTemplateVariables,
]
