/**
 * Offline format checks for Azure values a bake needs: GUIDs (subscription, tenant, client and
 * object ids), location names, Packer's managed image and resource group name rules, marketplace
 * image references and image versions.
 *
 * Pure, like the other providers' formats: a check answers whether a value has the right form,
 * never whether the thing exists (Packer 1.6.6 checks none of the GUIDs or locations either:
 * they are only used when `packer build` talks to Azure).
 */

import type { Check, Failure } from '../../model/format-checks.js'

export type { Check }

const pass = (): { ok: true } => ({ ok: true })
const fail = (reason: string, suggestion?: string): Failure => (suggestion === undefined ? { ok: false, reason } : { ok: false, reason, suggestion })

// ---------------------------------------------------------------------------------------------
// GUIDs

/** An Azure id as the portal and the CLI print it: 8-4-4-4-12 hexadecimal digits (either case). */
export const AZURE_GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/

/**
 * A GUID such as `2121ce3f-ad4f-4c93-8e1d-62884a22eba6`. `what` names the setting in reasons
 * (`subscription id`). Braces, `urn:uuid:` and spaces are taken off in the suggestion; 32 bare hex
 * digits get their dashes back.
 */
export function azureGuid(value: string, what = 'id'): Check {
  if (value.trim() === '') return fail(`the ${what} is empty`)
  if (AZURE_GUID.test(value)) return pass()
  let cleaned = value.trim().replace(/^urn:uuid:/i, '').replace(/^\{(.*)\}$/, '$1').trim()
  if (/^[0-9a-fA-F]{32}$/.test(cleaned)) cleaned = `${cleaned.slice(0, 8)}-${cleaned.slice(8, 12)}-${cleaned.slice(12, 16)}-${cleaned.slice(16, 20)}-${cleaned.slice(20)}`
  const suggestion = AZURE_GUID.test(cleaned) ? cleaned : undefined
  if (value !== value.trim()) return fail('it has spaces around it', suggestion)
  if (suggestion !== undefined) return fail(`a ${what} is written as a bare GUID, 8-4-4-4-12 hexadecimal digits`, suggestion)
  const bad = [...new Set([...value].filter((ch) => !/[0-9a-fA-F-]/.test(ch)))]
  if (bad.length > 0) return fail(`a ${what} is a GUID (8-4-4-4-12 hexadecimal digits) and has no ${bad.map((ch) => `'${ch}'`).join(', ')}`)
  const groups = value.split('-').map((g) => g.length)
  return fail(`a ${what} is a GUID with groups of 8-4-4-4-12 hexadecimal digits; this one has ${groups.join('-')}`)
}

/** A DNS domain such as `contoso.onmicrosoft.com`: Azure AD also takes a tenant by its domain. */
const DOMAIN = /^(?=.{1,253}$)(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}$/

/** A tenant: its GUID, or one of its verified domains (`contoso.onmicrosoft.com`), as Azure AD's token endpoint takes both. */
export function azureTenant(value: string): Check {
  if (DOMAIN.test(value)) return pass()
  const guid = azureGuid(value, 'tenant id')
  if (guid.ok || value.includes('.')) return guid.ok ? guid : fail('a tenant is its GUID or a domain name such as contoso.onmicrosoft.com')
  return guid
}

// ---------------------------------------------------------------------------------------------
// Locations

/**
 * An Azure location as the APIs and Rosco's bake region take it: its name, lowercase letters and
 * digits with no spaces (`westus`, `eastus2`, `westeurope`, `usgovvirginia`). The portal's display
 * name (`West US 2`) is the same words: the suggestion joins and lowercases them.
 */
export const AZURE_LOCATION = /^[a-z]+[0-9]*(?:[a-z]+[0-9]*)*$/

export function azureLocation(value: string): Check {
  if (value.trim() === '') return fail('the location is empty')
  if (AZURE_LOCATION.test(value)) return pass()
  const joined = value.trim().replace(/[\s_-]+/g, '').toLowerCase()
  const suggestion = AZURE_LOCATION.test(joined) ? joined : undefined
  if (value !== value.trim() && AZURE_LOCATION.test(value.trim())) return fail('it has spaces around it', value.trim())
  if (/\s/.test(value.trim())) return fail('this is a display name: the location name has no spaces and is lowercase', suggestion)
  if (/[A-Z]/.test(value)) return fail('location names are lowercase', suggestion)
  if (/[-_]/.test(value)) return fail("location names have no '-' or '_' (Azure writes West US 2 as westus2)", suggestion)
  if (/^[0-9]/.test(value)) return fail('a location name starts with a letter')
  return fail('a location name is lowercase letters and digits, e.g. westus, eastus2, westeurope', suggestion)
}

// ---------------------------------------------------------------------------------------------
// Packer's azure-arm name rules (builder/azure/arm/config.go of Packer 1.6.6, as `packer validate` words them)

/**
 * Packer's managed_image_name: `^[^_\W][\w-._)]{0,79}$`, and not ending with '-' or '.'. In Go's
 * RE2 `\w` is ASCII `[0-9A-Za-z_]`, as in a JavaScript regular expression without the u flag.
 */
export const PACKER_MANAGED_IMAGE_NAME = /^[^_\W][\w\-._)]{0,79}$/
/** Packer's managed_image_resource_group_name: `^[^_\W][\w-._\(\)]{0,89}$`, not ending with '-' or '.'. */
export const PACKER_RESOURCE_GROUP_NAME = /^[^_\W][\w\-._()]{0,89}$/


function packerName(value: string, pattern: RegExp, max: number, allowed: string, what: string): Check {
  if (value === '') return fail(`the ${what} is empty`)
  if (pattern.test(value) && !/[-.]$/.test(value)) return pass()
  const problems: string[] = []
  if (/^[_\W]/.test(value)) problems.push(`it starts with '${value[0]}'; it must start with a letter or digit`)
  const bad = [...new Set([...value].filter((ch) => !new RegExp(`[${allowed}]`).test(ch)))]
  if (bad.length > 0) problems.push(`it has ${bad.map((ch) => `'${ch}'`).join(', ')}: Packer allows letters, digits and ${allowed.replace(/\\w/, '').replace(/\\/g, '').split('').map((ch) => `'${ch}'`).join(' ')}`)
  if (value.length > max) problems.push(`it is ${value.length} characters long; the limit is ${max}`)
  if (/[-.]$/.test(value)) problems.push(`it ends with '${value.at(-1)}'`)
  const cleaned = value.replace(new RegExp(`[^${allowed}]`, 'g'), '').replace(/^[_\W]+/, '').slice(0, max).replace(/[-.]+$/, '')
  return fail(problems.join('; '), cleaned !== '' && cleaned !== value && pattern.test(cleaned) ? cleaned : undefined)
}

/** A managed image name as Packer 1.6.6's azure-arm builder takes it (1 to 80 characters). */
export function managedImageName(value: string): Check {
  return packerName(value, PACKER_MANAGED_IMAGE_NAME, 80, '\\w\\-._)', 'managed image name')
}

/** A resource group name as Packer takes managed_image_resource_group_name (1 to 90 characters). */
export function resourceGroupName(value: string): Check {
  return packerName(value, PACKER_RESOURCE_GROUP_NAME, 90, '\\w\\-._()', 'resource group name')
}

// ---------------------------------------------------------------------------------------------
// Marketplace images

/**
 * A marketplace publisher, offer or sku: one name, letters, digits, '-', '_' and '.', no spaces
 * (`Canonical`, `0001-com-ubuntu-server-jammy`, `22_04-lts-gen2`). A whole image URN
 * (`Canonical:UbuntuServer:18.04-LTS:latest`) pasted into one setting is split in the reason.
 */
export function marketplaceName(value: string, what: 'publisher' | 'offer' | 'sku'): Check {
  if (value.trim() === '') return fail(`the ${what} is empty`)
  if (/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(value)) return pass()
  const parts = value.trim().split(':')
  if (parts.length === 4 || parts.length === 3) {
    const [publisher, offer, sku, version] = parts
    return fail(`this is a whole image URN (publisher:offer:sku${parts.length === 4 ? ':version' : ''}): give --publisher ${publisher} --offer ${offer} --sku ${sku}${version ? ` --image-version ${version}` : ''}`,
      { publisher, offer, sku }[what])
  }
  if (value !== value.trim()) return fail('it has spaces around it', value.trim())
  const bad = [...new Set([...value].filter((ch) => !/[A-Za-z0-9._-]/.test(ch)))]
  const a = what === 'offer' ? 'an' : 'a'
  if (bad.length > 0) return fail(`${a} ${what} name has letters, digits, '-', '_' and '.' only, not ${bad.map((ch) => `'${ch}'`).join(', ')}`)
  return fail(`${a} ${what} name starts with a letter or digit`)
}

/** An image version: `latest`, or Azure's Major.Minor.Build (`18.04.201804262`, `4.0.20170111`). */
export function imageVersion(value: string): Check {
  if (value === 'latest' || /^[0-9]+\.[0-9]+\.[0-9]+$/.test(value)) return pass()
  if (value.trim().toLowerCase() === 'latest') return fail("it is written 'latest', in lowercase", 'latest')
  return fail("an image version is 'latest' or Major.Minor.Build, e.g. 18.04.201804262")
}
