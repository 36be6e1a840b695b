import type { Check } from '../../bakery/formats.js'
import type { ValuePath } from '../../config/source.js'
import { isPlaceholder, isSet, type Finding } from '../rule.js'

/** The finding for a value that fails a format check, with the corrected value when known. */
export function formatFinding(path: ValuePath, label: string, value: string, check: Check, remediation: string): Finding[] {
  if (check.ok) return []
  return [{
    path,
    message: `${label} "${value}" is not valid: ${check.reason}.`,
    remediation: check.suggestion !== undefined ? `Use "${check.suggestion}". ${remediation}` : remediation,
  }]
}

/** Runs a format check only on values that are set and known (not a Rosco placeholder). */
export function checkIfSet(value: unknown, run: (value: string) => Finding[]): Finding[] {
  if (!isSet(value) || isPlaceholder(value)) return []
  return run(String(value))
}

/** The command that sets a bakery field, for remediations. */
export const bakeryEdit = (provider: string, flag: string, example: string) =>
  `hal config provider ${provider} bakery edit --${flag} ${example}`

export const imageEdit = (provider: string, id: string | undefined, flag: string, example: string) =>
  `hal config provider ${provider} bakery base-image edit ${id ?? 'ID'} --${flag} ${example}`.trimEnd()
