import { closest } from '../bakery/formats.js'
import type { ValuePath } from '../config/source.js'
import type { AjvError, CompiledValidator } from '../generated/validators.js'
import type { RuleMeta } from './problem.js'
import { isPlaceholder, type Finding } from './rule.js'

export const SCHEMA_RULES: readonly RuleMeta[] = [
  { id: 'schema/unknown-key', severity: 'error', doc: 'Keys in modelled sections are ones Halyard knows (Halyard refuses unknown keys).' },
  { id: 'schema/type', severity: 'error', doc: 'Values have the type Halyard expects (text, true/false, a list, a mapping).' },
  { id: 'schema/required', severity: 'error', doc: 'Required keys are present (a deployment\'s name, a base image\'s id, an account\'s name).' },
  { id: 'schema/invalid', severity: 'error', doc: 'Values satisfy the JSON schema in every other respect.' },
]

export interface SchemaFinding extends Finding {
  rule: string
  /** Point at the key rather than its value (unknown keys). */
  atKey?: boolean
}

const segments = (pointer: string): string[] =>
  pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))

const camel = (key: string) => key.replace(/[-_]+([a-z0-9])/gi, (_, c: string) => c.toUpperCase())

const describeType = (value: unknown) =>
  value === null ? 'nothing' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'a mapping' : typeof value === 'string' ? `the text "${value}"` : `${typeof value} ${String(value)}`

const typeNames: Record<string, string> = { string: 'text', boolean: 'true or false', array: 'a list', object: 'a mapping', number: 'a number', integer: 'a whole number', null: 'empty' }

function didYouMean(key: string, allowed: string[]): string | undefined {
  const normalised = camel(key)
  if (normalised !== key && allowed.includes(normalised)) return normalised
  return closest(key, allowed, 3)[0] ?? closest(normalised, allowed, 3)[0]
}

/** Runs a compiled schema over a value and turns its errors into findings, paths prefixed by `base`. */
export function schemaFindings(validate: CompiledValidator, value: unknown, base: ValuePath, placeholdersAllowed = false): SchemaFinding[] {
  if (validate(value)) return []
  const findings: SchemaFinding[] = []
  for (const error of (validate.errors ?? []) as Array<AjvError & { parentSchema?: { properties?: Record<string, unknown> }; data?: unknown }>) {
    const at = [...base, ...segments(error.instancePath).map((s) => (/^\d+$/.test(s) ? Number(s) : s))]
    const where = at.length > 0 ? String(at[at.length - 1]) : 'the top level'
    switch (error.keyword) {
      case 'additionalProperties': {
        const key = String(error.params.additionalProperty)
        const allowed = Object.keys(error.parentSchema?.properties ?? {})
        const suggestion = didYouMean(key, allowed)
        findings.push({
          rule: 'schema/unknown-key',
          path: [...at, key],
          atKey: true,
          message: `Unknown key "${key}" in ${where}${suggestion ? `; did you mean "${suggestion}"?` : '.'}`,
          remediation: suggestion ? `Rename it to ${suggestion}.` : `Remove it; ${where} takes ${allowed.join(', ')}.`,
        })
        break
      }
      case 'type': {
        if (placeholdersAllowed && isPlaceholder(error.data)) break
        const wanted = ([] as string[]).concat(error.params.type).filter((t) => t !== 'null').map((t) => typeNames[t] ?? t)
        findings.push({
          rule: 'schema/type',
          path: at,
          message: `${where} must be ${wanted.join(' or ')}, not ${describeType(error.data)}.`,
          remediation: wanted[0] === 'true or false' ? 'Write true or false, without quotes.' : `Write ${wanted[0]} here.`,
        })
        break
      }
      case 'required':
        findings.push({
          rule: 'schema/required',
          path: at,
          message: `${where} needs "${error.params.missingProperty}".`,
          remediation: `Add ${error.params.missingProperty}.`,
        })
        break
      default:
        findings.push({ rule: 'schema/invalid', path: at, message: `${where} ${error.message ?? 'is invalid'}.` })
    }
  }
  return findings
}
