import { sep } from 'node:path'
import type { Severity } from '../../model/problem.js'
import type { Formatter } from '../report.js'
import { displayPath } from './text.js'

const COMMANDS: Record<Severity, 'error' | 'warning' | 'notice'> = {
  fatal: 'error',
  error: 'error',
  warning: 'warning',
  info: 'notice',
}

/** Escapes the message of a workflow command, as GitHub's toolkit does. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/** Escapes a property value (`file=`, `title=`, ...) of a workflow command. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

/**
 * GitHub Actions workflow commands, one line per problem, which GitHub shows as annotations:
 * `::error file=config,line=12,col=11,title=google/zone::<message>`.
 * Fatal and error are `::error`, warning `::warning`, info `::notice`; line and col are left out
 * when unknown; the remediation follows the message on a new line. Paths are relative to the cwd
 * (run in the checkout) with `/` separators. The result has no trailing newline.
 */
export const githubFormatter: Formatter = (report, _rules, options) =>
  report.problems
    .map((problem) => {
      const properties: string[] = []
      if (problem.file !== undefined) {
        properties.push(`file=${escapeProperty(displayPath(problem.file, options.cwd).split(sep).join('/'))}`)
        if (problem.line !== undefined) {
          properties.push(`line=${problem.line}`)
          if (problem.column !== undefined) properties.push(`col=${problem.column}`)
        }
      }
      properties.push(`title=${escapeProperty(problem.rule)}`)
      const message = problem.remediation === undefined ? problem.message : `${problem.message}\n${problem.remediation}`
      return `::${COMMANDS[problem.severity]} ${properties.join(',')}::${escapeData(message)}`
    })
    .join('\n')

export default githubFormatter
