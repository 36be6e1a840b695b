import type { Problem, RuleMeta, Severity } from '../model/problem.js'

/** The result of a validation: what `--format json` prints, and what every formatter renders. */
export interface ValidationReport {
  tool: { name: 'galley'; version: string }
  /** Files that were checked (the halconfig, custom templates, ...). */
  files: string[]
  problems: Problem[]
  summary: Record<Severity, number>
  /** Whether warnings count as failures (`--strict`). */
  strict: boolean
  /** True when nothing is at error level (or warning level with --strict). */
  valid: boolean
  /** With --file: how the file was read (its kind, and why). */
  readAs?: { kind: string; because: string; forced: boolean; document?: number; documents: number; line: string }
}

export interface FormatOptions {
  /** Colour the text output (a terminal, and NO_COLOR not set). */
  color: boolean
  /** Paths in the output are shown relative to this directory when inside it. */
  cwd: string
}

/** A formatter renders a report for people or for a CI system. */
export type Formatter = (report: ValidationReport, rules: readonly RuleMeta[], options: FormatOptions) => string
