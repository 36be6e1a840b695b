/** Severities, lowest first, as Halyard orders them. */
export const SEVERITIES = ['info', 'warning', 'error', 'fatal'] as const
export type Severity = (typeof SEVERITIES)[number]

export const severityRank = (severity: Severity) => SEVERITIES.indexOf(severity)
export const atLeast = (severity: Severity, floor: Severity) => severityRank(severity) >= severityRank(floor)

/** One finding of a validation: what is wrong, where, and what to do about it. */
export interface Problem {
  /** The stable id of the rule that found it, e.g. `google/zone`. */
  rule: string
  severity: Severity
  message: string
  remediation?: string
  /** JSON Pointer into the checked document, e.g. `/deploymentConfigurations/0/providers/google/bakeryDefaults/zone`. */
  path: string
  /** Halyard-style location for grouping, e.g. `default.provider.google.bakeryDefaults`. */
  location?: string
  file?: string
  line?: number
  column?: number
  /** A few source lines around the position with a caret (text output). */
  frame?: string
}

/** Metadata of a rule, for docs, SARIF and `--rule ID=...`. */
export interface RuleMeta {
  id: string
  severity: Severity
  /** One line: what the rule checks. */
  doc: string
}

/** A JSON Pointer from path segments (RFC 6901 escaping). */
export function toPointer(path: ReadonlyArray<string | number>): string {
  return path.map((segment) => `/${String(segment).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('')
}

export function fromPointer(pointer: string): string[] {
  if (pointer === '') return []
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
}

/** What `--rule ID=LEVEL` sets a rule to: a severity, or off. */
export type RuleLevel = Severity | 'off'

const LEVEL = /^([^=]+)=(off|info|warning|error|fatal)$/

/**
 * Parses `--rule ID=LEVEL` entries against the rules known: the levels, or what is wrong with the
 * first bad entry. The last of a repeated id wins.
 */
export function parseRuleLevels(entries: readonly string[], known: ReadonlySet<string>): Record<string, RuleLevel> | string {
  const levels: Record<string, RuleLevel> = Object.create(null)
  for (const entry of entries) {
    const match = LEVEL.exec(entry.trim())
    if (!match) return `--rule ${entry}: expected ID=off|info|warning|error|fatal`
    const id = match[1].trim()
    if (!known.has(id)) return `--rule ${entry}: there is no rule ${id} (hal config validate --list-rules lists them)`
    levels[id] = match[2] as RuleLevel
  }
  return levels
}

/** Problems with `--rule ID=LEVEL` applied: a rule turned off drops its problems, a level replaces their severity. */
export function applyLevels(problems: readonly Problem[], levels: Readonly<Record<string, RuleLevel>> = {}): Problem[] {
  return problems.flatMap((p) => {
    const level = Object.hasOwn(levels, p.rule) ? levels[p.rule] : undefined
    if (level === 'off') return []
    return level ? [{ ...p, severity: level }] : [p]
  })
}
