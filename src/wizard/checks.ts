import { YamlEditor } from '../config/edit.js'
import { selectDeployment, type DeploymentRef } from '../config/halconfig.js'
import type { ValuePath } from '../model/value-path.js'
import { readHalconfig } from '../config/store.js'
import { GalleyError } from '../lib/errors.js'
import { checkConfig, problemKey } from '../validate/config-check.js'
import { atLeast, toPointer, type Problem } from '../model/problem.js'
import { EDIT_REFUSED } from '../validate/edit-rules.js'

/**
 * Checks answers as they are typed, with the very rules of `hal config validate`: the answer
 * is applied to a scratch copy of the config, the copy is validated, and the problems the
 * answer introduced at its own path are the prompt's error. No format check is written twice,
 * and a check that needs its neighbours (a source image or a family, an Oracle key file's
 * header, a template that must exist) sees them.
 */

/** A change to the config, as the commands make it (addItem, applyFields...). */
export type Edit = (editor: YamlEditor) => void

export interface Scratch {
  halDir: string
  file: string
  /** The config as it was read: every check starts from it. */
  text: string
  /** The deployment the answers go to (perhaps one the wizard creates). */
  deployment: string
  /** False with --no-validate: nothing is checked. */
  enabled: boolean
  /** Problems the config already had: they never block an answer (as with editDeployment). */
  baseline: Set<string>
  /** Problems that will be gone by the time of the write (a template the wizard is about to create). */
  ignore?: (problem: Problem) => boolean
}

const keyOf = problemKey

export function openScratch(halDir: string, options: { deployment?: string; validate?: boolean } = {}): Scratch {
  const loaded = readHalconfig(halDir)
  const deployment = options.deployment ?? selectDeployment(loaded.parsed).name
  const enabled = options.validate ?? true
  const baseline = enabled ? checkConfig(loaded.parsed, { halDir, deployment }).problems : []
  return { halDir, file: loaded.file, text: loaded.parsed.text, deployment, enabled, baseline: new Set(baseline.map(keyOf)) }
}

/** The deployment being set up, inside an editor (after the edits that may have created it). */
export const deploymentIn = (editor: YamlEditor, name: string): DeploymentRef => selectDeployment(editor.current, name)

/**
 * The problems of error level or worse that these edits would introduce. An edit the domain
 * refuses (a duplicate id...) comes back as a problem with its message.
 */
export function newProblems(scratch: Scratch, edit: Edit): Problem[] {
  if (!scratch.enabled) return []
  const editor = new YamlEditor(scratch.text, scratch.file)
  try {
    edit(editor)
  } catch (error) {
    if (!(error instanceof GalleyError)) throw error
    return [{ rule: EDIT_REFUSED.id, severity: 'error', message: error.message, path: '' }]
  }
  return checkConfig(editor.current, { halDir: scratch.halDir, deployment: scratch.deployment }).problems
    .filter((p) => atLeast(p.severity, 'error') && !scratch.baseline.has(keyOf(p)) && !scratch.ignore?.(p))
}

/** The problems at `path` or inside it; an edit's own refusal (no path) counts everywhere. */
export function problemsAt(problems: readonly Problem[], path: ValuePath): Problem[] {
  const pointer = toPointer(path)
  return problems.filter((p) => p.path === '' || p.path === pointer || p.path.startsWith(`${pointer}/`))
}

/**
 * A problem as a prompt shows it: the rule's message, plus the corrected value when the rule
 * knows one. The rule's remediation is a command line, which means nothing mid-prompt.
 */
export function promptMessage(problem: Problem): string {
  const use = /^Use "[^"]*"\./.exec(problem.remediation ?? '')?.[0]
  return use ? `${problem.message} ${use}` : problem.message
}

/**
 * A prompt's validate function: applies the answer (`edit` returns the path of the field it
 * set) and gives the first new problem there, or true.
 */
export function checkAt(scratch: Scratch, edit: (editor: YamlEditor) => ValuePath): string | true {
  let path: ValuePath = []
  const problems = newProblems(scratch, (editor) => {
    path = edit(editor)
  })
  const found = problemsAt(problems, path)
  return found.length > 0 ? promptMessage(found[0]) : true
}
