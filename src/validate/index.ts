import { dirname } from 'node:path'
import { providers, sectionKeys, type ProviderDescription } from '../bakery/providers.js'
import { DEPLOYMENT_NAME_REMEDIATION, deploymentNameProblem, deploymentPaths } from '../config/paths.js'
import { shown } from '../lib/confine.js'
import { isPlainObject, type Plain } from '../config/halconfig.js'
import { codeFrame, locatePath, type ParsedYaml, type ValuePath } from '../config/source.js'
import * as compiled from '../generated/validators.js'
import { SEVERITIES, toPointer, type Problem, type RuleMeta, type Severity } from './problem.js'
import type { ValidationReport } from './report.js'
import { isPlaceholder, type AccountEntry, type BaseImageEntry, type Dialect, type Rule, type SectionContext } from './rule.js'
import { RULES } from './rules/index.js'
import { SCHEMA_RULES, schemaFindings } from './schema.js'

/** The shapes of document `hal config validate --file` understands. */
export type DocumentShape = 'halconfig' | 'deployment' | 'rosco'

export type RuleLevel = Severity | 'off'

export interface ValidateOptions {
  /** The hal directory, to resolve each deployment's custom templates. */
  halDir?: string
  /** Validate only this deployment (halconfig shape). */
  deployment?: string
  /** `--rule ID=LEVEL` adjustments. */
  ruleLevels?: Record<string, RuleLevel>
  /** Force a shape instead of detecting it. */
  shape?: DocumentShape
}

/** Checks of the halconfig as a whole, beyond its schema. */
const HALCONFIG_RULES: readonly RuleMeta[] = [
  { id: 'halconfig/current-deployment', severity: 'error', doc: 'currentDeployment names a deployment that exists.' },
  { id: 'halconfig/duplicate-deployment', severity: 'error', doc: 'Deployment names are unique (they are directory names).' },
  { id: 'halconfig/deployment-name', severity: 'error', doc: 'Deployment names are usable directory names: letters, digits, ".", "_" and "-", starting with a letter or digit, at most 100 characters (no "/", "..", absolute paths or control characters).' },
]

export const ALL_RULES: readonly RuleMeta[] = [...SCHEMA_RULES, ...HALCONFIG_RULES, ...RULES.map(({ id, severity, doc }) => ({ id, severity, doc }))]

const DEPLOYMENT_KEYS = ['name', 'version', 'providers', 'deploymentEnvironment', 'persistentStorage', 'features', 'metricStores', 'notifications', 'timezone', 'security', 'artifacts']

export function detectShape(value: unknown): DocumentShape {
  if (!isPlainObject(value)) return 'halconfig'
  if ('deploymentConfigurations' in value || 'currentDeployment' in value || 'halyardVersion' in value) return 'halconfig'
  const providerAtRoot = ['google', 'oracle', 'aws', 'azure', 'docker', 'huaweicloud', 'tencentcloud', 'alicloud'].some(
    (key) => isPlainObject(value[key]) && ('bakeryDefaults' in (value[key] as Plain) || 'gce' in (value[key] as Plain)),
  )
  if ('rosco' in value || providerAtRoot) return 'rosco'
  if (DEPLOYMENT_KEYS.some((key) => key in value)) return 'deployment'
  return 'halconfig'
}

interface Section {
  provider: ProviderDescription
  /** Path of the provider section in the document. */
  path: ValuePath
  value: Plain
  dialect: Dialect
  deploymentName?: string
}

interface Located {
  rule: string
  severity: Severity
  path: ValuePath
  message: string
  remediation?: string
  atKey?: boolean
}

/** Validates a parsed document: schema, then every rule. Problems carry file, line and column. */
export function validateDocument(parsed: ParsedYaml, options: ValidateOptions = {}): Problem[] {
  const shape = options.shape ?? detectShape(parsed.value)
  const root = parsed.value
  const found: Located[] = []
  const levels = options.ruleLevels ?? {}
  const meta = new Map(ALL_RULES.map((rule) => [rule.id, rule]))
  const add = (rule: string, path: ValuePath, finding: { message: string; remediation?: string; severity?: Severity; atKey?: boolean }) => {
    found.push({ rule, severity: finding.severity ?? meta.get(rule)?.severity ?? 'error', path, message: finding.message, remediation: finding.remediation, atKey: finding.atKey })
  }

  const sections: Section[] = []
  const deploymentsToCheck: Array<{ value: Plain; path: ValuePath; name: string }> = []

  if (shape === 'halconfig') {
    for (const f of schemaFindings(compiled.halconfig, root ?? {}, [])) add(f.rule, f.path, f)
    const list = isPlainObject(root) && Array.isArray(root.deploymentConfigurations) ? root.deploymentConfigurations : []
    const names = list.map((d) => (isPlainObject(d) && typeof d.name === 'string' ? d.name : undefined))
    names.forEach((name, index) => {
      if (name !== undefined && names.indexOf(name) !== index) {
        add('halconfig/duplicate-deployment', ['deploymentConfigurations', index, 'name'], { message: `Deployment name ${name} is used twice; hal and Halyard act on the first only.`, remediation: 'Rename or remove one of them.' })
      }
    })
    names.forEach((name, index) => {
      const problem = name === undefined ? undefined : deploymentNameProblem(name)
      if (problem) {
        add('halconfig/deployment-name', ['deploymentConfigurations', index, 'name'], {
          message: `Deployment name "${shown(name!)}" cannot be used: ${problem}. The name is a directory under the hal directory, so hal refuses to act on this deployment.`,
          remediation: `Rename it (and its directory). ${DEPLOYMENT_NAME_REMEDIATION}`,
        })
      }
    })
    const current = isPlainObject(root) ? root.currentDeployment : undefined
    if (typeof current === 'string' && current !== '' && !names.includes(current)) {
      add('halconfig/current-deployment', ['currentDeployment'], {
        message: `currentDeployment is ${shown(current)}, but there is no deployment of that name${names.length > 0 ? ` (there are: ${names.filter(Boolean).join(', ')})` : ''}.`,
        remediation: `Create it with hal config --set-current-deployment ${current}, or choose an existing one.`,
      })
    }
    list.forEach((deployment, index) => {
      if (!isPlainObject(deployment)) return
      const name = typeof deployment.name === 'string' ? deployment.name : `#${index + 1}`
      if (options.deployment !== undefined && name !== options.deployment) return
      deploymentsToCheck.push({ value: deployment, path: ['deploymentConfigurations', index], name })
    })
  } else if (shape === 'deployment') {
    // kleat and the operator add keys of their own at a bare deployment's top level: warn, do not fail.
    for (const f of schemaFindings(compiled.deployment, root ?? {}, [])) {
      if (f.rule === 'schema/required') continue
      const topLevel = f.rule === 'schema/unknown-key' && f.path.length === 1
      add(f.rule, f.path, topLevel ? { ...f, severity: 'warning', message: `${f.message} Halyard does not know this key (kleat or the operator may).` } : f)
    }
    const value = isPlainObject(root) ? root : {}
    deploymentsToCheck.push({ value, path: [], name: typeof value.name === 'string' ? value.name : 'deployment' })
  } else if (isPlainObject(root)) {
    for (const provider of Object.values(providers)) {
      const section = root[provider.name]
      if (!isPlainObject(section)) continue
      sections.push({ provider, path: [provider.name], value: section, dialect: 'rosco' })
      const nested = isPlainObject(section.gce) && 'bakeryDefaults' in section.gce
      const bakeryPath = nested ? [provider.name, 'gce', 'bakeryDefaults'] : [provider.name, 'bakeryDefaults']
      const validator = provider.name === 'google' ? compiled.googleBakeryDefaults : compiled.oracleBakeryDefaults
      const bakery = nested ? (section.gce as Plain).bakeryDefaults : section.bakeryDefaults
      if (bakery !== undefined) for (const f of schemaFindings(validator, bakery, bakeryPath, true)) add(f.rule, f.path, f)
    }
  }

  for (const deployment of deploymentsToCheck) {
    const providersValue = deployment.value.providers
    for (const rule of RULES) {
      if (rule.scope !== 'deployment') continue
      for (const finding of rule.check({ deployment: deployment.value, name: deployment.name, dialect: 'halyard' })) {
        add(rule.id, [...deployment.path, ...finding.path], finding)
      }
    }
    if (!isPlainObject(providersValue)) continue
    for (const provider of Object.values(providers)) {
      for (const key of sectionKeys(provider.name)) {
        const section = providersValue[key]
        if (isPlainObject(section)) sections.push({ provider, path: [...deployment.path, 'providers', key], value: section, dialect: 'halyard', deploymentName: deployment.name })
      }
    }
  }

  for (const section of sections) {
    const context = sectionContext(section, parsed.file, options.halDir)
    for (const rule of RULES) {
      if (rule.scope !== 'section' || (rule.providers && !rule.providers.includes(section.provider.name))) continue
      for (const finding of rule.check(context)) add(rule.id, [...section.path, ...finding.path], finding)
    }
  }

  const problems: Problem[] = []
  for (const item of found) {
    const level = levels[item.rule]
    if (level === 'off') continue
    problems.push(toProblem(parsed, { ...item, severity: level ?? item.severity }))
  }
  return problems
}

function sectionContext(section: Section, file: string, halDir?: string): SectionContext {
  const { value, provider, dialect } = section
  const nested = dialect === 'rosco' && isPlainObject(value.gce) && 'bakeryDefaults' in value.gce
  const bakeryPath = nested ? ['gce', 'bakeryDefaults'] : ['bakeryDefaults']
  const bakeryValue = nested ? (value.gce as Plain).bakeryDefaults : value.bakeryDefaults
  const bakery = isPlainObject(bakeryValue) ? bakeryValue : undefined
  const images = Array.isArray(bakery?.baseImages) ? (bakery!.baseImages as unknown[]) : []
  const baseImages: BaseImageEntry[] = images.flatMap((entry, index) => {
    if (!isPlainObject(entry)) return []
    const image = isPlainObject(entry.baseImage) ? entry.baseImage : {}
    const virtualization = isPlainObject(entry.virtualizationSettings) ? entry.virtualizationSettings : {}
    const id = typeof image.id === 'string' ? image.id : undefined
    return [{ index, path: [...bakeryPath, 'baseImages', index], id, image, virtualization }]
  })
  const accountList = Array.isArray(value.accounts) ? value.accounts : []
  const accounts: AccountEntry[] = accountList.flatMap((account, index) =>
    isPlainObject(account) ? [{ index, path: ['accounts', index], name: typeof account.name === 'string' ? account.name : undefined, value: account }] : [],
  )
  const enabled = value.enabled === true || (isPlaceholder(value.enabled) && /true/.test(String(value.enabled)))
  return {
    provider,
    dialect,
    section: value,
    bakery,
    bakeryPath,
    baseImages,
    accounts,
    enabled,
    // A deployment whose name is refused has no directory to look in (halconfig/deployment-name reports it).
    packerDir: halDir && section.deploymentName && !deploymentNameProblem(section.deploymentName) ? deploymentPaths(halDir, section.deploymentName).packer : undefined,
    baseDir: dirname(file),
  }
}

/** Halyard-style location: deployment, provider, bakeryDefaults, then a base image's id or an account's name. */
function locationOf(root: unknown, path: ValuePath): string | undefined {
  const parts: string[] = []
  let node: unknown = root
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]
    const next = isPlainObject(node) || Array.isArray(node) ? (node as any)[segment] : undefined
    const parent = path[i - 1]
    if (parent === 'deploymentConfigurations' && isPlainObject(next)) parts.push(String(next.name ?? segment))
    else if (parent === 'providers' || (i === 0 && (segment === 'google' || segment === 'oracle'))) parts.push('provider', String(segment))
    else if (segment === 'bakeryDefaults') parts.push('bakeryDefaults')
    else if (parent === 'baseImages' && isPlainObject(next)) parts.push(String((isPlainObject(next.baseImage) && next.baseImage.id) || `#${Number(segment) + 1}`))
    else if (parent === 'accounts' && isPlainObject(next)) parts.push(String(next.name ?? `#${Number(segment) + 1}`))
    else if (!['deploymentConfigurations', 'providers', 'baseImages', 'accounts', 'gce'].includes(String(segment))) break
    node = next
  }
  return parts.length > 0 ? parts.join('.') : undefined
}

function toProblem(parsed: ParsedYaml, item: Located): Problem {
  const position = locatePath(parsed, item.path, item.atKey)
  return {
    rule: item.rule,
    severity: item.severity,
    message: item.message,
    remediation: item.remediation,
    path: toPointer(item.path),
    location: locationOf(parsed.value, item.path),
    file: parsed.file,
    line: position?.line,
    column: position?.column,
    frame: position ? codeFrame(parsed.text, position.line, position.column) : undefined,
  }
}

export function buildReport(problems: Problem[], files: string[], strict: boolean, version: string): ValidationReport {
  const summary = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>
  for (const p of problems) summary[p.severity]++
  const failing = strict ? summary.warning + summary.error + summary.fatal : summary.error + summary.fatal
  return { tool: { name: 'galley', version }, files, problems, summary, strict, valid: failing === 0 }
}

/** Parses `ID=LEVEL` strings from `--rule`. */
export function parseRuleLevels(entries: readonly string[]): Record<string, RuleLevel> | string {
  const levels: Record<string, RuleLevel> = {}
  const known = new Set(ALL_RULES.map((r) => r.id))
  for (const entry of entries) {
    const match = /^([^=]+)=(off|info|warning|error|fatal)$/.exec(entry.trim())
    if (!match) return `--rule ${entry}: expected ID=off|info|warning|error|fatal`
    if (!known.has(match[1])) return `--rule ${entry}: there is no rule ${match[1]} (hal config validate --list-rules lists them)`
    levels[match[1]] = match[2] as RuleLevel
  }
  return levels
}
