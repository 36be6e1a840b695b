import type { Check } from './format-checks.js'
import type { ValuePath } from './value-path.js'
import { isPlaceholder, isSet, type Finding } from './rule.js'
import type { Field, Provider } from './provider.js'

const flagOf = (fields: readonly Field[], key: string): string => fields.find((f) => f.key === key)?.flag ?? key

/** The finding for a value that fails a format check, with the corrected value when known. */
export function formatFinding(path: ValuePath, label: string, value: string, check: Check, remediation: string): Finding[] {
  if (check.ok) return []
  return [{
    path,
    message: `${label} "${value}" is not valid: ${check.reason}.`,
    remediation: check.suggestion !== undefined ? `Use "${check.suggestion}". ${remediation}` : remediation,
  }]
}

/** Runs a format check only on values that are set, known (not a Rosco placeholder) and text-like (a mapping or a list is the schema's to report). */
export function checkIfSet(value: unknown, run: (value: string) => Finding[]): Finding[] {
  if (!isSet(value) || isPlaceholder(value) || typeof value === 'object') return []
  return run(String(value))
}

/**
 * The command that sets a bakery field, for remediations: `key` is the field's key, its flag comes
 * from the provider's description (a flag itself, such as no-is-image-family, is taken as given).
 */
export const bakeryEdit = (provider: Provider, key: string, example: string) =>
  `hal config provider ${provider.name} bakery edit --${flagOf(provider.bakery, key)} ${example}`

/** The command that sets a base image's field (its own or its virtualization settings'). */
export const imageEdit = (provider: Provider, id: string | undefined, key: string, example: string) =>
  `hal config provider ${provider.name} bakery base-image edit ${id ?? 'ID'} --${flagOf([...provider.image, ...provider.virtualization], key)} ${example}`.trimEnd()
