/**
 * Rosco's providers galley does not model (yet): how their Packer builders and their sections
 * in Rosco's files are recognised, so that checks can say "not modelled" rather than "unknown".
 * A provider that gets its own description leaves this list.
 */
export interface OtherProvider {
  name: string
  /** Packer builder types. */
  builder: RegExp
  /** Keys of its section at the top level of a Rosco settings file. */
  sectionKeys: readonly string[]
  /** Its files in Rosco's packer directory (rosco-web/config/packer). */
  stockFiles: readonly string[]
}

export const OTHER_PROVIDERS: readonly OtherProvider[] = [
  {
    name: 'azure', builder: /^azure-/, sectionKeys: ['azure'],
    stockFiles: ['azure-linux-managed-image.pkr.hcl', 'azure-linux.pkr.hcl', 'azure-windows-managed-image.pkr.hcl', 'azure-windows.pkr.hcl'],
  },
  { name: 'docker', builder: /^docker$/, sectionKeys: ['docker'], stockFiles: ['docker.json'] },
  { name: 'alicloud', builder: /^alicloud-/, sectionKeys: ['alicloud'], stockFiles: ['alicloud-multi.json', 'alicloud.json'] },
  { name: 'huaweicloud', builder: /^huaweicloud-/, sectionKeys: ['huaweicloud'], stockFiles: ['huaweicloud.json'] },
  { name: 'tencentcloud', builder: /^tencentcloud-/, sectionKeys: ['tencentcloud'], stockFiles: ['tencentcloud.json'] },
  { name: 'oracle classic', builder: /^oracle-classic$/, sectionKeys: [], stockFiles: [] },
]

/** Rosco's stock files that belong to no one provider: the package installer and the Windows scripts. */
export const COMMON_STOCK_FILES: readonly string[] = ['install_packages.sh', 'scripts/windows-configure-chocolatey.ps1', 'scripts/windows-install-packages.ps1']

/**
 * Halyard's order of the providers in a deployment's `providers` (halyard-config
 * .../model/v1/node/Providers.java field order), for where a new section lands.
 */
export const HALYARD_PROVIDER_ORDER: readonly string[] = [
  'appengine', 'aws', 'ecs', 'azure', 'cloudrun', 'dcos', 'dockerRegistry', 'google', 'huaweicloud',
  'kubernetes', 'tencentcloud', 'oracle', 'cloudfoundry',
]
