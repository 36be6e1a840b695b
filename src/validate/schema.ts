import { closest } from '../model/format-checks.js'
import type { ValuePath } from '../model/value-path.js'
import type { AjvError, CompiledValidator } from '../generated/validators.js'
import type { RuleMeta } from '../model/problem.js'
import { isPlaceholder, type Finding } from '../model/rule.js'
import { isSecretName } from '../lib/redact.js'

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

export interface SchemaOptions {
  /**
   * Read as Spring reads Rosco's files: unknown keys are ignored (rosco/ignored-key, info), and
   * values Spring converts are not type errors (`"true"` for a boolean, a number for text).
   */
  spring?: boolean
  /** How messages name the value the schema checks as a whole (default: "the top level"). */
  rootLabel?: string
}

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth']
const ordinal = (n: number) => ORDINALS[n - 1] ?? `${n}th`

/** How a list entry is named: a deployment by name, a base image by id, an account by name; else which entry it is. */
function entryName(list: string | undefined, entry: unknown, index: number): string {
  const item = entry !== null && typeof entry === 'object' ? (entry as Record<string, unknown>) : {}
  const image = item.baseImage !== null && typeof item.baseImage === 'object' ? (item.baseImage as Record<string, unknown>) : {}
  const named = (noun: string, name: unknown) => (typeof name === 'string' && name !== '' ? `${noun} ${name}` : `the ${ordinal(index + 1)} ${noun} (it has no ${noun === 'base image' ? 'id' : 'name'})`)
  if (list === 'deploymentConfigurations') return named('deployment', item.name)
  if (list === 'baseImages') return named('base image', image.id ?? item.id)
  if (list === 'accounts') return named('account', item.name)
  return `the ${ordinal(index + 1)} entry of ${list ?? 'the list'}`
}

/** Names the place a path leads to in a value: `bakeryDefaults of deployment prod`, `base image bionic`. */
export function placeName(value: unknown, path: ValuePath, rootLabel = 'the top level'): string {
  let node: unknown = value
  let entity: string | undefined
  let key: string | undefined
  let name = rootLabel
  for (const segment of path) {
    node = node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[segment as string] : undefined
    if (typeof segment === 'number') {
      entity = entryName(key, node, segment)
      name = entity
    } else if (key === 'providers' && typeof segment === 'string') {
      // Four providers share key names (templateFile, enabled): name the provider.
      key = segment
      entity = entity ? `provider ${segment} of ${entity}` : `provider ${segment}`
      name = entity
    } else {
      key = segment
      // A base image entry's baseImage is the base image itself.
      name = entity && !(segment === 'baseImage' && entity.includes('base image')) ? `${segment} of ${entity}` : entity ?? segment
    }
  }
  return name
}

/** A sentence starts with a capital; a key name (useInternalIp) keeps its case. */
const capitalise = (text: string) => (/^(the|base|deployment|account) /.test(text) ? text.charAt(0).toUpperCase() + text.slice(1) : text)

/** Values Spring's conversion service turns into a Boolean (StringToBooleanConverter). */
const SPRING_BOOLEAN = /^(true|false|on|off|yes|no|1|0)$/i

/**
 * Text written unquoted that YAML 1.1 (SnakeYAML: Halyard, Rosco, and galley as it reads them)
 * takes for a boolean or a number, as `id: no` or `version: 0755`: the fix is quotes.
 */
function typeMisread(wanted: string, data: unknown): string | undefined {
  if (wanted !== 'text' || (typeof data !== 'boolean' && typeof data !== 'number')) return undefined
  return `Quote the value if it is text: written unquoted, Halyard and Rosco (YAML 1.1) read it as ${String(data)}, and so does galley.`
}

/** Runs a compiled schema over a value and turns its errors into findings, paths prefixed by `base`. */
export function schemaFindings(validate: CompiledValidator, value: unknown, base: ValuePath, options: SchemaOptions = {}): SchemaFinding[] {
  if (validate(value)) return []
  const findings: SchemaFinding[] = []
  for (const error of (validate.errors ?? []) as Array<AjvError & { parentSchema?: { properties?: Record<string, unknown> }; data?: unknown }>) {
    const relative = segments(error.instancePath).map((s) => (/^\d+$/.test(s) ? Number(s) : s))
    const at = [...base, ...relative]
    const where = placeName(value, relative, options.rootLabel)
    switch (error.keyword) {
      case 'additionalProperties': {
        const key = String(error.params.additionalProperty)
        const allowed = Object.keys(error.parentSchema?.properties ?? {})
        const suggestion = didYouMean(key, allowed)
        if (options.spring) {
          findings.push({
            rule: 'rosco/ignored-key',
            path: [...at, key],
            atKey: true,
            message: `Rosco does not read "${key}" in ${where} (Spring ignores it)${suggestion ? `; did you mean "${suggestion}"?` : '.'}`,
            remediation: suggestion ? `Rename it to ${suggestion} if it is meant to take effect.` : `Remove it if it is obsolete; ${where} takes ${allowed.join(', ')}.`,
          })
          break
        }
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
        // A placeholder's value is only known when it is filled in (config/placeholder says so once).
        if (isPlaceholder(error.data)) break
        const types = ([] as string[]).concat(error.params.type)
        if (options.spring && types.includes('boolean') && typeof error.data === 'string' && SPRING_BOOLEAN.test(error.data.trim())) break
        if (options.spring && types.includes('string') && (typeof error.data === 'number' || typeof error.data === 'boolean')) break
        const wanted = types.filter((t) => t !== 'null').map((t) => typeNames[t] ?? t)
        // A secret's value is not shown, even as the number YAML 1.1 made of it (`0123_4567`).
        const secret = typeof at.at(-1) === 'string' && isSecretName(String(at.at(-1)))
        const data = secret && error.data !== null && typeof error.data !== 'object' ? `a ${typeNames[typeof error.data] === 'a number' ? 'number' : typeof error.data}` : describeType(error.data)
        findings.push({
          rule: 'schema/type',
          path: at,
          message: `${capitalise(where)} must be ${wanted.join(' or ')}, not ${data}.`,
          remediation: wanted[0] === 'true or false' ? 'Write true or false, without quotes.' : (secret ? undefined : typeMisread(wanted[0], error.data)) ?? (secret && wanted[0] === 'text' ? 'Quote the value: written unquoted, YAML 1.1 (Halyard, Rosco, galley) reads it as something else.' : `Write ${wanted[0]} here.`),
        })
        break
      }
      case 'required':
        findings.push({
          rule: 'schema/required',
          path: at,
          message: `${capitalise(where)} needs "${error.params.missingProperty}".`,
          remediation: `Add ${error.params.missingProperty}.`,
        })
        break
      default:
        findings.push({ rule: 'schema/invalid', path: at, message: `${capitalise(where)} ${error.message ?? 'is invalid'}.` })
    }
  }
  return foldFlatBaseImages(findings, base)
}

/**
 * A base image written flat (`- id: x` with no `baseImage:` level, as some published examples
 * show) is one mistake, not one per key: the "needs baseImage" finding says where its keys go,
 * and the keys' own unknown-key findings are dropped.
 */
function foldFlatBaseImages(findings: SchemaFinding[], base: ValuePath): SchemaFinding[] {
  const flat = findings.filter((f) => f.rule === 'schema/required' && f.message.endsWith('needs "baseImage".') && f.path.at(-2) === 'baseImages')
  if (flat.length === 0) return findings
  const key = (path: ValuePath) => path.slice(0, -1).join('\u0000')
  const entries = new Set(flat.map((f) => f.path.join('\u0000')))
  const strays = new Map<string, string[]>()
  const kept = findings.filter((f) => {
    if ((f.rule === 'schema/unknown-key' || f.rule === 'rosco/ignored-key') && entries.has(key(f.path))) {
      strays.set(key(f.path), [...(strays.get(key(f.path)) ?? []), String(f.path.at(-1))])
      return false
    }
    return true
  })
  return kept.map((f) => {
    const keys = strays.get(f.path.join('\u0000'))
    if (!flat.includes(f) || !keys) return f
    return { ...f, message: `${f.message.slice(0, -1)}: its ${keys.join(', ')} belong under baseImage: (and its source under virtualizationSettings:), where ${base[0] === 'deploymentConfigurations' || base.length === 0 ? 'Halyard and Rosco read' : 'Rosco reads'} them.`, remediation: 'Indent them under a baseImage: key of the entry.' }
  })
}
