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
  const settings: RoscoSettings = { repositories: {}, additionalParameters: [] }
  if (!existsSync(file)) return settings
  const value = loadYamlFile(file).value
  if (!isPlainObject(value)) return { ...settings, file }
  for (const [type, key] of Object.entries(REPOSITORY_KEYS) as Array<[PackageType, string]>) {
    if (typeof value[key] === 'string' && value[key] !== '') settings.repositories[type] = value[key] as string
  }
  const packer = isPlainObject(value.packer) ? value.packer : {}
  if (Array.isArray(packer.additionalParameters)) settings.additionalParameters = packer.additionalParameters.map(String)
  return { ...settings, file }
}
