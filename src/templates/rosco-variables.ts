import type { ProviderName } from '../bakery/providers.js'

/**
 * The variables Rosco passes to `packer build` with `-var`, per provider.
 * Template checks and the bake command both work from this one list.
 *
 * Rosco drops every variable whose value is null, "", false or 0, so "always" means "always,
 * for a bake that Rosco accepts at all"; "when set" variables come and go with the settings.
 * A bake request's extended_attributes can add or override any variable on top of these.
 */
export interface RoscoVariable {
  name: string
  passed: 'always' | 'when-set'
  /** Where Rosco takes the value from (for messages). */
  from: string
}

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

export const ROSCO_VARIABLES: Readonly<Record<ProviderName, readonly RoscoVariable[]>> = {
  google: [
    ...COMMON,
    always('gce_project_id', "the account's project"),
    always('gce_zone', "bakeryDefaults' zone"),
    always('gce_network', "bakeryDefaults' network"),
    always('gce_target_image', 'the image name Rosco builds from the package, arch, time and base image'),
    always('artifactFile', 'a JSON file of the bake request\'s artifacts ([] when none)'),
    always('manifestFile', 'the file Packer\'s manifest post-processor writes, read back for the image id'),
    whenSet('gce_source_image', "the base image's sourceImage, or the bake request's base_ami (else gce_source_image_family is passed)"),
    whenSet('gce_source_image_family', "the base image's sourceImageFamily, when it has no sourceImage"),
    whenSet('gce_account_file', "the account's jsonPath"),
    whenSet('gce_network_project_id', "bakeryDefaults' networkProjectId"),
    whenSet('gce_subnetwork', "bakeryDefaults' subnetwork"),
    whenSet('gce_use_internal_ip', "bakeryDefaults' useInternalIp, when true"),
    whenSet('build_info_url', "the bake request's build_info_url"),
    whenSet('appversion', 'the application version built from the package and the request (build number, commit, job)'),
  ],
  oracle: [
    ...COMMON,
    always('oracle_compartment_id', "the account's compartmentId"),
    always('oracle_tenancy_id', "the account's tenancyId"),
    always('oracle_user_id', "the account's userId"),
    always('oracle_fingerprint', "the account's fingerprint"),
    always('oracle_ssh_private_key_file_path', "the account's sshPrivateKeyFilePath"),
    always('oracle_region', "the account's region"),
    always('oracle_availability_domain', "bakeryDefaults' availabilityDomain"),
    always('oracle_instance_shape', "bakeryDefaults' instanceShape"),
    always('oracle_subnet_id', "bakeryDefaults' subnetId"),
    always('oracle_base_image_id', "the base image's baseImageId"),
    always('oracle_ssh_user_name', "the base image's sshUserName"),
    always('oracle_image_name', 'the image name Rosco builds from the package, arch, time and base image'),
    whenSet('oracle_pass_phrase', "the account's privateKeyPassphrase"),
    // spinnaker/rosco OCIBakeHandler.java passes these two as well, when set.
    whenSet('build_info_url', "the bake request's build_info_url"),
    whenSet('appversion', 'the application version built from the package and the request (build number, commit, job)'),
  ],
}

export function roscoVariable(provider: ProviderName, name: string): RoscoVariable | undefined {
  return ROSCO_VARIABLES[provider].find((v) => v.name === name)
}

/** The names Rosco passes on every bake for the provider. */
export const alwaysPassed = (provider: ProviderName): string[] =>
  ROSCO_VARIABLES[provider].filter((v) => v.passed === 'always').map((v) => v.name)
