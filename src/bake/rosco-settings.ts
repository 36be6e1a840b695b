import { existsSync } from 'node:fs'
import { addSecretValues, holdsUrlPassword, isSecretName } from '../lib/redact.js'
import { isPlainObject } from '../model/plain.js'
import { deploymentPaths } from '../config/paths.js'
import { loadYamlFile } from '../config/source.js'
import type { PackageType } from '../model/package-names.js'
import { PROVIDERS } from '../providers/index.js'

/**
 * The Rosco settings (not in the halconfig) that change a bake, from the deployment's
 * `profiles/rosco-local.yml`: the package repositories (CloudProviderBakeHandler's
 * `debian-repository`...), `packer.timestamp` and `packer.additionalParameters`
 * (RoscoPackerConfigurationProperties) and `templatesNeedingRoot`.
 */
export interface RoscoSettings {
  file?: string
  repositories: Partial<Record<PackageType, string>>
  /** `packer.timestamp`: adds -timestamp-ui after -color=false. */
  timestamp?: boolean
  additionalParameters: string[]
  /** Templates Rosco runs packer for with `sudo`. */
  templatesNeedingRoot: string[]
  /** The file that sets templatesNeedingRoot, when not Rosco's own rosco.yml. */
  templatesNeedingRootFrom?: string
  /** Values Rosco would read differently from what they seem to say. */
  notes?: string[]
}

const REPOSITORY_KEYS: Record<PackageType, string> = { deb: 'debianRepository', rpm: 'yumRepository', nupkg: 'chocolateyRepository' }

export const repositoryKey = (type: PackageType) => REPOSITORY_KEYS[type]

/** A value Spring binds to a List<String> from a scalar: split on commas, each piece trimmed. */
const commaList = (value: string) => value.split(',').map((s) => s.trim()).filter((s) => s !== '')

/** Spring's String-to-Boolean conversion. */
function springBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value
  const text = String(value).trim().toLowerCase()
  if (['true', 'on', 'yes', '1'].includes(text)) return true
  if (['false', 'off', 'no', '0', ''].includes(text)) return false
  return undefined
}

/** Rosco's own templatesNeedingRoot (rosco.yml), from the providers' descriptions; a rosco-local.yml value replaces it. */
const stockTemplatesNeedingRoot = (): string[] => PROVIDERS.flatMap((p) => [...(p.packer.templatesNeedingRoot ?? [])])

export function readRoscoSettings(halDir: string, deployment: string): RoscoSettings {
  const file = deploymentPaths(halDir, deployment).roscoLocal
  const settings: RoscoSettings = { repositories: {}, additionalParameters: [], templatesNeedingRoot: stockTemplatesNeedingRoot() }
  if (!existsSync(file)) return settings
  return roscoSettingsOf(loadYamlFile(file).value, file)
}

/** The settings of a parsed rosco-local.yml. */
export function roscoSettingsOf(value: unknown, file?: string): RoscoSettings {
  const settings: RoscoSettings = { ...(file ? { file } : {}), repositories: {}, additionalParameters: [], templatesNeedingRoot: stockTemplatesNeedingRoot() }
  if (!isPlainObject(value)) return settings
  const notes: string[] = []
  for (const [type, key] of Object.entries(REPOSITORY_KEYS) as Array<[PackageType, string]>) {
    if (typeof value[key] === 'string' && value[key] !== '') settings.repositories[type] = value[key] as string
  }
  const packer = isPlainObject(value.packer) ? value.packer : {}
  if (Array.isArray(packer.additionalParameters)) {
    settings.additionalParameters = packer.additionalParameters.filter((p) => p !== null && p !== undefined).map(String)
  } else if (typeof packer.additionalParameters === 'string') {
    settings.additionalParameters = commaList(packer.additionalParameters)
  }
  // A -var pair of them that holds a secret (by its name, or a URL's password) is never shown.
  for (const parameter of settings.additionalParameters) {
    const pair = /^(?:-{1,2}var=)?([^=\s]+)=([\s\S]+)$/.exec(parameter)
    if (pair && (isSecretName(pair[1]) || holdsUrlPassword(pair[2]))) addSecretValues([pair[2]], 1)
  }
  if (packer.timestamp !== undefined && packer.timestamp !== null) {
    const on = springBoolean(packer.timestamp)
    if (on === undefined) notes.push(`packer.timestamp "${String(packer.timestamp)}" is not a boolean: Rosco would not start.`)
    else settings.timestamp = on
  }
  // Rosco reads it with @Value('${templates-needing-root:}'): a comma-separated string. A YAML
  // list becomes templatesNeedingRoot[0]..., which @Value does not see: Rosco then uses none.
  const root = value.templatesNeedingRoot ?? value['templates-needing-root']
  if (typeof root === 'string') {
    settings.templatesNeedingRoot = commaList(root)
    settings.templatesNeedingRootFrom = file ?? 'rosco-local.yml'
  }
  else if (Array.isArray(root)) notes.push('templatesNeedingRoot is a YAML list: Rosco reads it with @Value as one comma-separated string, so a list is not seen and no template runs with sudo. Write it as templatesNeedingRoot: a.json,b.json.')
  if (notes.length > 0) settings.notes = notes
  return settings
}
