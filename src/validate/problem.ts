/** Severities, lowest first, as Halyard orders them. */
export const SEVERITIES = ['info', 'warning', 'error', 'fatal'] as const
export type Severity = (typeof SEVERITIES)[number]

export const severityRank = (severity: Severity) => SEVERITIES.indexOf(severity)
export const atLeast = (severity: Severity, floor: Severity) => severityRank(severity) >= severityRank(floor)

/** One finding of a validation: what is wrong, where, and what to do about it. */
export interface Problem {
  /** The stable id of the rule that found it, e.g. `google/zone-format`. */
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
