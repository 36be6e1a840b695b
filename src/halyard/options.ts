/**
 * `--options FIELD` (Halyard's NestableCommand): the values a field accepts, as far as galley
 * knows them without asking a cloud. Where only the form of a value is known (a zone, an OCID),
 * that form is said instead.
 */
import { PROVIDERS, PROVIDER_NAMES, accountFields, closedSetOfAll } from '../providers/index.js'
import { usage } from '../lib/errors.js'

export interface FieldOptions {
  field: string
  values: string[]
  /** What a value looks like, when there is no list. */
  form?: string
}

/** Halyard takes `--package-type`, `package-type` or `packageType`; galley's flags are kebab-case. */
export function fieldName(given: string): string {
  return given.replace(/^-+/, '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)
}

/** Every provider field whose schema has an `enum` (AWS's virtualization types...), by flag; the values of all providers that share a flag. */
function schemaEnums(): Record<string, Omit<FieldOptions, 'field'>> {
  const byFlag = new Map<string, Set<string>>()
  for (const p of PROVIDERS) {
    for (const field of [...p.bakery, ...p.image, ...p.virtualization, ...accountFields(p)]) {
      if (field.options?.length) byFlag.set(field.flag, new Set([...(byFlag.get(field.flag) ?? []), ...field.options]))
    }
  }
  return Object.fromEntries([...byFlag].map(([flag, values]) => [flag, { values: [...values] }]))
}

const KNOWN: Record<string, Omit<FieldOptions, 'field'>> = {
  ...schemaEnums(),
  'package-type': { values: closedSetOfAll('packageType') },
  'os-type': { values: closedSetOfAll('osType') },
  provider: { values: [...PROVIDER_NAMES] },
  // Each provider's own: an OCI shape, a GCE zone...
  ...Object.fromEntries(PROVIDERS.flatMap((p) => Object.entries(p.wizard?.options ?? {}).map(([flag, o]) => [flag, { values: [...o.values], ...(o.form ? { form: o.form } : {}) }]))),
}

export function fieldOptions(given: string, flags: Record<string, { options?: readonly string[] }>): FieldOptions {
  const field = fieldName(given)
  const known = KNOWN[field]
  const flag = flags[field]
  if (flag && known) return { field, ...known }
  if (flag?.options) return { field, values: [...flag.options] }
  if (flag) return { field, values: [], form: `galley knows no fixed list of values for --${field}.` }
  const withOptions = Object.keys(flags).filter((name) => KNOWN[name] || flags[name]?.options).sort()
  throw usage(`this command has no field ${given === '' ? '(none given)' : `"${given}"`}`, {
    code: 'UNKNOWN_FIELD',
    remediation: `Give a flag of this command without its dashes, e.g. --options ${withOptions[0] ?? 'output'}. Fields with known values here: ${withOptions.map((n) => n).join(', ') || 'none'}.`,
  })
}
