import { YamlEditor } from '../config/edit.js'
import { deploymentInFile, updateConfigFile } from '../config/files.js'
import { selectDeployment, type DeploymentRef } from '../config/halconfig.js'
import type { ParsedYaml } from '../config/source.js'
import { updateHalconfig } from '../config/store.js'
import { ServiceEditor } from '../config/service.js'
import { validateEditedFile } from '../validate/edited-file.js'
import { renderProblems } from '../validate/render-problems.js'
import { templateHomeFor, templateReferenceProblems } from '../templates/references.js'
import { invalid } from '../lib/errors.js'
import { checkConfig, problemKey } from '../validate/config-check.js'
import { atLeast, type Problem } from '../model/problem.js'
import { MOVED_TO_ROSCO_PROFILE } from '../validate/edit-rules.js'

export interface EditRequest<T> {
  halDir: string
  /** --file: act on this file in place instead of the hal directory's config. */
  file?: string
  /** --hal-dir as given: with --file, where the file's custom templates are looked for. */
  halDirFlag?: string
  deployment?: string
  /** False with --no-validate: write without checking. */
  validate: boolean
  /** What the undo history records (the command line). */
  reason: string
  edit: (editor: YamlEditor, deployment: DeploymentRef) => T
  /** Names the flag behind a problem, so that the message points at what the user typed. */
  flagOf?: (problem: Problem) => string | undefined
  /**
   * When the change is refused: its remediations as this command needs them (an add's, which
   * the rules write as edits of an item that was never written), and what to do instead of
   * "Fix the values above".
   */
  refused?: { fix: (remediation: string) => string; remediation: string }
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
  if (request.file !== undefined) return editFileDeployment(request, request.file)
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
        const blocking = refusedAs(problems.filter((p) => atLeast(p.severity, 'error')), request.refused)
        if (blocking.length > 0) {
          throw invalid(`the change was not written: it would make deployment ${deployment} invalid`, {
            code: 'VALIDATION_FAILED',
            // Positions in the config would point into text that was never written: show rule and flag only.
            // A template's positions are in a file on disk, and stay.
            detail: renderProblems(blocking.map((p) => (p.file === edited.file ? withoutPosition(p) : p))),
            remediation: request.refused?.remediation ?? FIX_ABOVE,
            data: { problems: blocking },
          })
        }
      },
    },
  )
  return { result: outcome.result, changed: outcome.changed, file: outcome.file, problems }
}

const withoutPosition = ({ file: _file, line: _line, column: _column, frame: _frame, ...rest }: Problem): Problem => rest

const FIX_ABOVE = 'Fix the values above, or pass --no-validate to write anyway.'

/** The refusing problems, their remediations as the command needs them. */
const refusedAs = (problems: Problem[], refused: EditRequest<unknown>['refused']): Problem[] =>
  refused ? problems.map((p) => (p.remediation === undefined ? p : { ...p, remediation: refused.fix(p.remediation) })) : problems

/** The problems a change introduced: error-level ones refuse it (nothing is written). */
function newProblems(after: Problem[], before: () => Problem[], deployment: string, flagOf?: (problem: Problem) => string | undefined, refused?: EditRequest<unknown>['refused']): Problem[] {
  const known = new Set(after.length > 0 ? before().map(problemKey) : [])
  const problems = after
    .filter((p) => !known.has(problemKey(p)))
    .map((p) => {
      const flag = flagOf?.(p)
      return flag ? { ...p, message: `${p.message} (--${flag})` } : p
    })
  const blocking = refusedAs(problems.filter((p) => atLeast(p.severity, 'error')), refused)
  if (blocking.length > 0) {
    throw invalid(`the change was not written: it would make deployment ${deployment} invalid`, {
      code: 'VALIDATION_FAILED',
      detail: renderProblems(blocking.map(withoutPosition)),
      remediation: refused?.remediation ?? FIX_ABOVE,
      data: { problems: blocking },
    })
  }
  return problems
}

/** editDeployment on a file given with --file: its one deployment (or a halconfig's), edited in place. */
async function editFileDeployment<T>(request: EditRequest<T>, file: string): Promise<EditOutcome<T>> {
  let problems: Problem[] = []
  let notes: string[] = []
  const outcome = await updateConfigFile(
    file,
    (editor, opened) => {
      if (editor instanceof ServiceEditor) notes = editor.notes
      return request.edit(editor, deploymentInFile({ ...opened, parsed: editor.current }, request.deployment))
    },
    {
      reason: `${request.reason} --file ${file}`,
      check: (edited, before) => {
        if (!request.validate) return
        const all = (parsed: ParsedYaml) => {
          const ref = deploymentInFile({ ...before, parsed }, request.deployment)
          const home = templateHomeFor(file, before.detected.kind, parsed.value, ref.name, request.halDirFlag)
          return [...validateEditedFile(parsed, before, request.deployment), ...templateReferenceProblems(parsed, ref, before.detected.kind, home)]
        }
        const deployment = deploymentInFile({ ...before, parsed: edited }, request.deployment).name
        problems = newProblems(all(edited), () => all(before.parsed), deployment, request.flagOf, request.refused)
      },
    },
  )
  // What the edit moved (a manifest's base images to profiles.rosco) is said with the problems.
  const moved: Problem[] = outcome.changed ? notes.map((message) => ({ rule: MOVED_TO_ROSCO_PROFILE.id, severity: 'info' as const, message, path: '', file })) : []
  return { result: outcome.result, changed: outcome.changed, file: outcome.file, problems: [...problems, ...moved] }
}

// Kept here for the modules that import them from this one.
export { lookingEditor, readDeployment, type ReadDeployment } from '../config/read-deployment.js'
export { renderProblems }
