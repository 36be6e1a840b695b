import type { Provider, ProviderName } from './provider.js'
import type { Plain } from './plain.js'
import type { ValuePath } from './value-path.js'
import type { RuleMeta, Severity } from './problem.js'
import { hasPlaceholder } from './placeholders.js'

/** A problem as a rule reports it: the path is relative to what the rule was given. */
export interface Finding {
  path: ValuePath
  message: string
  remediation?: string
  /** Overrides the rule's default severity for this finding. */
  severity?: Severity
}

/** Halyard's halconfig, or Rosco's own settings files (rosco.yml, rosco-local.yml). */
export type Dialect = 'halyard' | 'rosco'

export interface BaseImageEntry {
  index: number
  /** Path of the entry relative to the provider section. */
  path: ValuePath
  id: string | undefined
  /** How messages name it: its id, or which entry it is when it has none. */
  label: string
  image: Plain
  virtualization: Plain
}

export interface AccountEntry {
  index: number
  path: ValuePath
  name: string | undefined
  /** How messages name it: its name, or which entry it is when it has none. */
  label: string
  value: Plain
}

/** One provider's section of a deployment (or of a Rosco settings file), as rules see it. */
export interface SectionContext {
  provider: Provider
  dialect: Dialect
  /** The section's value: enabled, accounts, bakeryDefaults... */
  section: Plain
  /** The bakery defaults and their path relative to the section (Rosco's old files nest them under gce). */
  bakery: Plain | undefined
  bakeryPath: ValuePath
  baseImages: BaseImageEntry[]
  accounts: AccountEntry[]
  enabled: boolean
  /** The deployment's custom template directory, when the document is a halconfig in a hal directory. */
  packerDir?: string
  /** Directory relative paths in the document are resolved against. */
  baseDir: string
}

export interface DeploymentContext {
  /** The deployment's value (a bare deployment, or one of deploymentConfigurations). */
  deployment: Plain
  name: string
  dialect: Dialect
}

export interface SectionRule extends RuleMeta {
  scope: 'section'
  /** The providers the rule applies to; all when unset. */
  providers?: readonly ProviderName[]
  check(context: SectionContext): Iterable<Finding>
}

export interface DeploymentRule extends RuleMeta {
  scope: 'deployment'
  check(context: DeploymentContext): Iterable<Finding>
}

export type Rule = SectionRule | DeploymentRule

/** A value is set when it is neither missing, null nor blank. */
export const isSet = (value: unknown): boolean => value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '')

/**
 * A value holding a placeholder (`${GOOGLE_ENABLED}`, `$GCP_PROJECT`, `{%ZONE%}`, `<change-me>`):
 * it is filled in before Spinnaker reads it, so its format is not checked here (config/placeholder
 * says once per file which values were not checked).
 */
export const isPlaceholder = (value: unknown): boolean => hasPlaceholder(value)

/** A secret reference (`encrypted:...`, `encryptedFile:...`), resolved by Spinnaker at run time. */
export { isSecretReference } from './secrets.js'

export const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)
