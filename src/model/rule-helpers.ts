import type { Check } from './format-checks.js'
import type { ValuePath } from './value-path.js'
import { isPlaceholder, isSet, type Finding } from './rule.js'
import type { Field, Provider } from './provider.js'
import { shellWord } from '../lib/quote.js'

const flagOf = (fields: readonly Field[], key: string): string => fields.find((f) => f.key === key)?.flag ?? key

/**
 * What to do about a bad value: fixed text, or a command with a slot for the value, given the
 * check's corrected value when it knows one (as is: the command quotes it for the shell), else
 * `undefined` (the command shows its own example).
 */
export type Fix = string | ((corrected: string | undefined) => string)

/**
 * The finding for a value that fails a format check. With a corrected value, the remediation
 * starts `Use "VALUE".` (the wizard shows that part at its prompt) and a command fix carries it.
 */
export function formatFinding(path: ValuePath, label: string, value: string, check: Check, fix: Fix): Finding[] {
  if (check.ok) return []
  const suggestion = check.suggestion
  const remediation = typeof fix === 'string' ? fix : fix(suggestion)
  return [{
    path,
    message: `${label} "${value}" is not valid: ${check.reason}.`,
    remediation: suggestion !== undefined ? `Use "${suggestion}". ${remediation}` : remediation,
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
 * `example` is written as given (a placeholder, or a value already quoted for the shell).
 */
export const bakeryEdit = (provider: Provider, key: string, example: string) =>
  `hal config provider ${provider.name} bakery edit --${flagOf(provider.bakery, key)} ${example}`.trimEnd()

/** The command that sets a base image's field (its own or its virtualization settings'); the id quoted for the shell. */
export const imageEdit = (provider: Provider, id: string | undefined, key: string, example: string) =>
  `hal config provider ${provider.name} bakery base-image edit ${id === undefined ? 'ID' : shellWord(id)} --${flagOf([...provider.image, ...provider.virtualization], key)} ${example}`.trimEnd()

/** bakeryEdit as a Fix: the corrected value when the check knows one, else the example. */
export const bakeryFix = (provider: Provider, key: string, example: string): Fix => (corrected) => bakeryEdit(provider, key, corrected === undefined ? example : shellWord(corrected))

/** imageEdit as a Fix: the corrected value when the check knows one, else the example. */
export const imageFix = (provider: Provider, id: string | undefined, key: string, example: string): Fix => (corrected) => imageEdit(provider, id, key, corrected === undefined ? example : shellWord(corrected))
