import { existsSync } from 'node:fs'
import { isPlainObject } from '../config/halconfig.js'
import { deploymentPaths } from '../config/paths.js'
import { loadYamlFile } from '../config/source.js'
import type { PackageType } from './packages.js'

/**
 * The few Rosco settings (not in the halconfig) that change a bake: the package repositories
 * and extra `packer build` parameters, from the deployment's `profiles/rosco-local.yml`.
 */
export interface RoscoSettings {
  file?: string
  repositories: Partial<Record<PackageType, string>>
  additionalParameters: string[]
}

const REPOSITORY_KEYS: Record<PackageType, string> = { deb: 'debianRepository', rpm: 'yumRepository', nupkg: 'chocolateyRepository' }

export const repositoryKey = (type: PackageType) => REPOSITORY_KEYS[type]

export function readRoscoSettings(halDir: string, deployment: string): RoscoSettings {
  const file = deploymentPaths(halDir, deployment).roscoLocal
  if (!existsSync(file)) return { repositories: {}, additionalParameters: [] }
  return roscoSettingsOf(loadYamlFile(file).value, file)
}

/** The same settings from a Rosco profile's value (a SpinnakerService's profiles.rosco). */
export function roscoSettingsOf(value: unknown, file: string): RoscoSettings {
  const settings: RoscoSettings = { repositories: {}, additionalParameters: [] }
  if (!isPlainObject(value)) return { ...settings, file }
  for (const [type, key] of Object.entries(REPOSITORY_KEYS) as Array<[PackageType, string]>) {
    if (typeof value[key] === 'string' && value[key] !== '') settings.repositories[type] = value[key] as string
  }
  const packer = isPlainObject(value.packer) ? value.packer : {}
  if (Array.isArray(packer.additionalParameters)) settings.additionalParameters = packer.additionalParameters.map(String)
  return { ...settings, file }
}
