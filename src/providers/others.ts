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
}

export const OTHER_PROVIDERS: readonly OtherProvider[] = [
  { name: 'azure', builder: /^azure-/, sectionKeys: ['azure'] },
  { name: 'docker', builder: /^docker$/, sectionKeys: ['docker'] },
  { name: 'alicloud', builder: /^alicloud-/, sectionKeys: ['alicloud'] },
  { name: 'huaweicloud', builder: /^huaweicloud-/, sectionKeys: ['huaweicloud'] },
  { name: 'tencentcloud', builder: /^tencentcloud-/, sectionKeys: ['tencentcloud'] },
  { name: 'oracle classic', builder: /^oracle-classic$/, sectionKeys: [] },
]

/**
 * Halyard's order of the providers in a deployment's `providers` (halyard-config
 * .../model/v1/node/Providers.java field order), for where a new section lands.
 */
export const HALYARD_PROVIDER_ORDER: readonly string[] = [
  'appengine', 'aws', 'ecs', 'azure', 'cloudrun', 'dcos', 'dockerRegistry', 'google', 'huaweicloud',
  'kubernetes', 'tencentcloud', 'oracle', 'cloudfoundry',
]
