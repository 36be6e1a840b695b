import { refusal, type Origin } from '../lib/confine.js'
import { DEPLOYMENT_NAME_REMEDIATION, deploymentNameProblem } from './paths.js'
import { failed, invalid } from '../lib/errors.js'
import { codeFrame, locatePath, type ParsedYaml } from './source.js'
import type { ValuePath } from '../model/value-path.js'
import { isPlainObject, type Plain } from '../model/plain.js'
import { shellWord, shownName } from '../lib/quote.js'

/** What a missing `config` means: Halyard's in-memory default, written on the first change. */
export const DEFAULT_HALCONFIG_TEXT = 'currentDeployment: default\ndeploymentConfigurations:\n- name: default\n'

export interface DeploymentRef {
  name: string
  index: number
  /** The path of the deployment inside the halconfig. */
  path: ValuePath
  value: Plain
}

/** The deployments of a halconfig, checking the skeleton just enough to find them. */
export function deployments(parsed: ParsedYaml): DeploymentRef[] {
  const root = parsed.value
  if (root === null) return []
  const fail = (path: ValuePath, message: string) => {
    const pos = locatePath(parsed, path)
    const where = pos ? `${parsed.file}:${pos.line}:${pos.column}` : parsed.file
    return invalid(`${where}: ${message}`, {
      code: 'HALCONFIG_SHAPE',
      remediation: 'Fix the halconfig by hand, or restore it with hal config undo.',
      detail: pos ? codeFrame(parsed.text, pos.line, pos.column) : undefined,
      data: { file: parsed.file, ...pos },
    })
  }
  if (!isPlainObject(root)) throw fail([], 'the halconfig must be a mapping')
  const list = root.deploymentConfigurations
  if (list === undefined || list === null) return []
  if (!Array.isArray(list)) throw fail(['deploymentConfigurations'], 'deploymentConfigurations must be a list of deployments')
  return list.map((value, index) => {
    const path = ['deploymentConfigurations', index]
    if (!isPlainObject(value)) throw fail(path, `deployment #${index + 1} must be a mapping`)
    if (typeof value.name !== 'string' || value.name === '') throw fail(path, `deployment #${index + 1} has no name`)
    return { name: value.name, index, path, value }
  })
}

export function currentDeploymentName(parsed: ParsedYaml): string | undefined {
  const root = parsed.value
  const name = isPlainObject(root) ? root.currentDeployment : undefined
  return typeof name === 'string' && name !== '' ? name : undefined
}

/** `--deployment` wins, else `currentDeployment`. Never creates one. Names from both are checked alike. */
export function selectDeployment(parsed: ParsedYaml, requested?: string): DeploymentRef {
  if (requested !== undefined) checkDeploymentName(requested, { flag: '--deployment' })
  const all = deployments(parsed)
  const existing = all.map((d) => d.name)
  const listing = existing.length > 0 ? `existing deployments: ${existing.map(shownName).join(', ')}` : 'there are no deployments'
  const checked = (found: DeploymentRef) => {
    checkDeploymentName(found.name, originIn(parsed, [...found.path, 'name'], 'name'))
    return found
  }
  if (requested) {
    const found = all.find((d) => d.name === requested)
    if (found) return checked(found)
    throw failed(`deployment ${shownName(requested)} not found (${listing})`, {
      code: 'DEPLOYMENT_NOT_FOUND',
      remediation: `Pick one of the existing deployments, or create it with: hal config --set-current-deployment ${shellWord(requested)}`,
      data: { deployment: requested, existing },
    })
  }
  const current = currentDeploymentName(parsed)
  if (!current) {
    throw failed('No deployment has been set', {
      code: 'NO_CURRENT_DEPLOYMENT',
      remediation: 'Choose one with: hal config --set-current-deployment NAME',
      data: { existing },
    })
  }
  checkDeploymentName(current, originIn(parsed, ['currentDeployment'], 'currentDeployment'))
  const found = all.find((d) => d.name === current)
  if (found) return checked(found)
  throw failed(`the current deployment ${shownName(current)} not found (${listing})`, {
    code: 'DEPLOYMENT_NOT_FOUND',
    remediation: `Create it with hal config --set-current-deployment ${shellWord(current)}, or choose another one.`,
    data: { deployment: current, existing },
  })
}

/** Where a value of the halconfig is, for an error about it. */
function originIn(parsed: ParsedYaml, path: ValuePath, key: string): Origin {
  const pos = locatePath(parsed, path)
  return { file: parsed.file, ...(pos ? { line: pos.line, column: pos.column } : {}), key }
}

/** A deployment named `name` with nothing but its name: Halyard fills defaults when it reads it. */
export const newDeployment = (name: string): Plain => ({ name })

/** Refuses a deployment name that cannot be a directory name: exit 2 from a flag, 1 from a file (with its position). */
export function checkDeploymentName(name: string, from: Origin): string {
  const problem = deploymentNameProblem(name)
  if (problem) throw refusal(name, problem, { what: 'deployment name', from, code: 'BAD_DEPLOYMENT_NAME', remediation: DEPLOYMENT_NAME_REMEDIATION })
  return name
}

/** Deployment names given on the command line. */
export function assertDeploymentName(name: string, flag = '--set-current-deployment'): void {
  checkDeploymentName(name, { flag })
}
