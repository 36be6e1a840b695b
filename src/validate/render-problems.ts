import { relative } from 'node:path'
import { atLeast, type Problem } from '../model/problem.js'

/** Problems as short text for a command's output: Halyard's markers, position, remediation. */
export function renderProblems(problems: readonly Problem[], cwd = process.cwd()): string {
  return problems
    .map((p) => {
      const marker = atLeast(p.severity, 'error') ? `! ${p.severity.toUpperCase()}` : `- ${p.severity.toUpperCase()}`
      const file = p.file ? relative(cwd, p.file) : undefined
      const where = file ? `  ${file.startsWith('..') ? p.file : file}${p.line ? `:${p.line}:${p.column}` : ''} [${p.rule}]` : `  [${p.rule}]`
      return [`${marker} ${p.message}`, where, p.remediation ? `  ? ${p.remediation}` : undefined].filter(Boolean).join('\n')
    })
    .join('\n')
}
