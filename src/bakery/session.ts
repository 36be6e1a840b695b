import { relative } from 'node:path'
import type { YamlEditor } from '../config/edit.js'
import { selectDeployment, type DeploymentRef } from '../config/halconfig.js'
import { readHalconfig, updateHalconfig } from '../config/store.js'
import { invalid } from '../lib/errors.js'
import { checkConfig, problemKey } from '../validate/config-check.js'
import { atLeast, type Problem } from '../validate/problem.js'

export interface EditRequest<T> {
  halDir: string
  deployment?: string
  /** False with --no-validate: write without checking. */
  validate: boolean
  /** What the undo history records (the command line). */
  reason: string
  edit: (editor: YamlEditor, deployment: DeploymentRef) => T
  /** Names the flag behind a problem, so that the message points at what the user typed. */
  flagOf?: (problem: Problem) => string | undefined
}

export interface EditOutcome<T> {
  result: T
  changed: boolean
  file: string
  /** Problems the change introduced that did not stop it (warnings and below). */
  problems: Problem[]
}

/**
 * Edits one deployment through the one write path. Before writing, the edited deployment is
 * checked with exactly the rules of `hal config validate` (the config's rules and the custom
 * templates it uses): a change that introduces an error is refused (exit 1) and nothing is
 * written; its warnings are returned for the command to print. Problems that were already
 * there before the change do not block it.
 */
export async function editDeployment<T>(request: EditRequest<T>): Promise<EditOutcome<T>> {
  let problems: Problem[] = []
  const outcome = await updateHalconfig(
    request.halDir,
    (editor) => request.edit(editor, selectDeployment(editor.current, request.deployment)),
    {
      reason: request.reason,
      check: (edited, loaded) => {
        if (!request.validate) return
        const deployment = selectDeployment(edited, request.deployment).name
        const options = { halDir: request.halDir, deployment }
        const after = checkConfig(edited, options).problems
        // What was wrong before the change does not count against it (checked only when needed).
        const before = new Set(after.length > 0 ? checkConfig(loaded.parsed, options).problems.map(problemKey) : [])
        problems = after
          .filter((p) => !before.has(problemKey(p)))
          .map((p) => {
            // Only the config's problems are about a flag; a template's are about the template.
            const flag = p.file === edited.file ? request.flagOf?.(p) : undefined
            return flag ? { ...p, message: `${p.message} (--${flag})` } : p
          })
        const blocking = problems.filter((p) => atLeast(p.severity, 'error'))
        if (blocking.length > 0) {
          throw invalid(`the change was not written: it would make deployment ${deployment} invalid`, {
            code: 'VALIDATION_FAILED',
            // Positions in the config would point into text that was never written: show rule and flag only.
            // A template's positions are in a file on disk, and stay.
            detail: renderProblems(blocking.map((p) => (p.file === edited.file ? withoutPosition(p) : p))),
            remediation: 'Fix the values above, or pass --no-validate to write anyway.',
            data: { problems: blocking },
          })
        }
      },
    },
  )
  return { result: outcome.result, changed: outcome.changed, file: outcome.file, problems }
}

const withoutPosition = ({ file: _file, line: _line, column: _column, frame: _frame, ...rest }: Problem): Problem => rest

/** Reads one deployment for commands that only look. */
export function readDeployment(halDir: string, deployment?: string) {
  const loaded = readHalconfig(halDir)
  return { loaded, deployment: selectDeployment(loaded.parsed, deployment) }
}

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
