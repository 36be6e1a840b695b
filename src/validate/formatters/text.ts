import { isAbsolute, relative, resolve, sep } from 'node:path'
import type { Problem, Severity } from '../../model/problem.js'
import type { Formatter } from '../report.js'
import { terminal } from '../../lib/redact.js'

/**
 * `file` relative to `cwd` when it lies inside it, else `undefined`.
 * Relative inputs are taken relative to `cwd`. Separators are the platform's.
 */
export function relativeInside(file: string, cwd: string): string | undefined {
  const rel = relative(resolve(cwd), resolve(cwd, file))
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined
  return rel
}

/** How a file is shown to people and CI systems: relative to `cwd` when inside it, else absolute. */
export function displayPath(file: string, cwd: string): string {
  return relativeInside(file, cwd) ?? resolve(cwd, file)
}

/** `file:line:column`, as far as each part is known. */
export function position(problem: Problem, cwd: string): string | undefined {
  if (problem.file === undefined) return undefined
  let text = displayPath(problem.file, cwd)
  if (problem.line !== undefined) {
    text += `:${problem.line}`
    if (problem.column !== undefined) text += `:${problem.column}`
  }
  return text
}

// galley's own sequences: the output guard escapes any other (lib/redact.ts).
const ESC = terminal('\u001b[')
const paint = (code: string) => (text: string) => `${ESC}${code}m${text}${ESC}0m`
const PAINT = { red: paint('31'), yellow: paint('33'), cyan: paint('36'), green: paint('32'), dim: paint('2'), bold: paint('1') }

const MARKERS: Record<Severity, { marker: string; colour: (text: string) => string }> = {
  info: { marker: '- INFO', colour: PAINT.cyan },
  warning: { marker: '- WARNING', colour: PAINT.yellow },
  error: { marker: '! ERROR', colour: PAINT.red },
  fatal: { marker: '! FATAL', colour: PAINT.red },
}

/** Singular and plural, most severe first: the order of the summary line. */
const NOUNS: ReadonlyArray<[Severity, string, string]> = [
  ['fatal', 'fatal error', 'fatal errors'],
  ['error', 'error', 'errors'],
  ['warning', 'warning', 'warnings'],
  ['info', 'info', 'info'],
]

const count = (n: number, singular: string, plural: string) => `${n} ${n === 1 ? singular : plural}`

/** Continuation lines of a multi-line text are indented to line up under its first line. */
const indentRest = (text: string, indent: string) => text.replace(/\r?\n/g, `\n${indent}`)
const indentAll = (text: string, indent: string) =>
  text
    .replace(/\r?\n$/, '')
    .split(/\r?\n/)
    .map((line) => (line === '' ? line : indent + line))
    .join('\n')

/**
 * For people, modelled on Halyard's output:
 *
 * ```
 * Validation in default.provider.google.bakeryDefaults:
 * ! ERROR Zone "us-central1" is not a zone.
 *   config:12:11 [google/zone]
 *     12 |     zone: us-central1
 *        |           ^
 * ? Use a zone such as us-central1-f.
 *
 * 1 error in 1 file.
 * ```
 *
 * Problems are grouped by `location` (or, without one, by file) in order of first appearance.
 * The result has no trailing newline.
 */
export const textFormatter: Formatter = (report, _rules, options) => {
  const c = options.color ? PAINT : { red: id, yellow: id, cyan: id, green: id, dim: id, bold: id }
  const marker = (severity: Severity) => (options.color ? MARKERS[severity].colour : id)(MARKERS[severity].marker)

  const groups = new Map<string, { heading: string; problems: Problem[] }>()
  for (const problem of report.problems) {
    const key =
      problem.location !== undefined
        ? `location:${problem.location}`
        : problem.file !== undefined
          ? `file:${resolve(options.cwd, problem.file)}`
          : 'none'
    const heading =
      problem.location ?? (problem.file !== undefined ? displayPath(problem.file, options.cwd) : undefined)
    let group = groups.get(key)
    if (!group) {
      group = { heading: heading === undefined ? 'Validation:' : `Validation in ${heading}:`, problems: [] }
      groups.set(key, group)
    }
    group.problems.push(problem)
  }

  const blocks: string[] = []
  for (const group of groups.values()) {
    const lines = [c.bold(group.heading)]
    for (const problem of group.problems) {
      lines.push(`${marker(problem.severity)} ${indentRest(problem.message, '  ')}`)
      const where = position(problem, options.cwd)
      lines.push(`  ${c.dim(where === undefined ? `[${problem.rule}]` : `${where} [${problem.rule}]`)}`)
      if (problem.frame !== undefined && problem.frame.trim() !== '') lines.push(indentAll(problem.frame, '    '))
      if (problem.remediation !== undefined) lines.push(`? ${indentRest(problem.remediation, '  ')}`)
    }
    blocks.push(lines.join('\n'))
  }

  blocks.push(summaryLine(report.problems, report.files.length, report.strict, report.valid, c))
  return blocks.join('\n\n')
}

function summaryLine(
  problems: readonly Problem[],
  files: number,
  strict: boolean,
  valid: boolean,
  c: typeof PAINT,
): string {
  const inFiles = `in ${count(files, 'file', 'files')}`
  const strictNote = strict ? ' (strict: warnings fail)' : ''
  if (problems.length === 0) return c.green(`No problems found ${inFiles}${strictNote}.`)
  const tally = NOUNS.map(([severity, one, many]) => {
    const n = problems.filter((p) => p.severity === severity).length
    return n === 0 ? undefined : count(n, one, many)
  }).filter((part) => part !== undefined)
  const line = `${tally.join(', ')} ${inFiles}${strictNote}.`
  return valid ? c.yellow(line) : c.red(line)
}

function id(text: string): string {
  return text
}

export default textFormatter
