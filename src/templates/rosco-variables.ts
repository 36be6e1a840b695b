import { PROVIDERS, type ProviderName } from '../providers/index.js'
import type { RoscoVariable } from '../model/provider.js'

/**
 * The variables Rosco passes to `packer build` with `-var`, per provider.
 * Template checks and the bake command both work from this one list.
 *
 * Rosco drops every variable whose value is null, "", false or 0, so "always" means "always,
 * for a bake that Rosco accepts at all"; "when set" variables come and go with the settings.
 * A bake request's extended_attributes can add or override any variable on top of these.
 */
export type { RoscoVariable } from '../model/provider.js'

const always = (name: string, from: string): RoscoVariable => ({ name, passed: 'always', from })
const whenSet = (name: string, from: string): RoscoVariable => ({ name, passed: 'when-set', from })

/** Passed for every provider. */
const COMMON: readonly RoscoVariable[] = [
  always('package_type', "the base image's packageType (deb, rpm, nupkg)"),
  always('packages', "the bake request's packages"),
  always('configDir', "Rosco's packer directory (/opt/rosco/config/packer)"),
  whenSet('repository', "the base image's customRepository, else Rosco's deb/yum/chocolatey repository setting"),
  whenSet('build_host', "the bake request's build_host"),
  whenSet('upgrade', "the bake request's upgrade flag, when true"),
]

/** Per provider: the common variables, then the provider's own (its description's bake.variables). */
export const ROSCO_VARIABLES: Readonly<Record<ProviderName, readonly RoscoVariable[]>> = Object.fromEntries(
  PROVIDERS.map((p) => [p.name, [...COMMON, ...p.bake.variables]]),
)

export function roscoVariable(provider: ProviderName, name: string): RoscoVariable | undefined {
  return ROSCO_VARIABLES[provider].find((v) => v.name === name)
}

/** The names Rosco passes on every bake for the provider. */
export const alwaysPassed = (provider: ProviderName): string[] =>
  ROSCO_VARIABLES[provider].filter((v) => v.passed === 'always').map((v) => v.name)
