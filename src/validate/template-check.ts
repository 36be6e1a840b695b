import { join } from 'node:path'
import { deployments, selectDeployment, type DeploymentRef } from '../config/halconfig.js'
import { readHalconfig } from '../config/store.js'
import type { ParsedYaml } from '../config/source.js'
import { GalleyError, failed } from '../lib/errors.js'
import { packageVersion } from '../lib/package.js'
import { buildReport } from './index.js'
import { applyLevels, type Problem, type RuleLevel } from '../model/problem.js'
import type { ValidationReport } from './report.js'
import { checkName, customFiles, isTemplateKind, kindOf, notFound, packerDirOf, templateReferences, type CustomFile, type TemplateReference } from '../templates/library.js'
import { lintTemplate, type LintEnvironment, type TemplateAnalysis, type TemplateTarget } from '../templates/lint.js'
import { SHIPPED_TEMPLATES, STOCK_TEMPLATES, shippedTemplatesDir } from '../templates/stock.js'

/** What lint needs to know about one deployment's templates. */
export interface DeploymentTemplates {
  deployment: string
  packerDir: string
  references: TemplateReference[]
  files: CustomFile[]
  env: LintEnvironment
}

export function templatesOf(parsed: ParsedYaml, halDir: string, deployment: Pick<DeploymentRef, 'name' | 'value' | 'path'>, packerDir = packerDirOf(halDir, deployment.name)): DeploymentTemplates {
  const files = customFiles(packerDir)
  return {
    deployment: deployment.name,
    packerDir,
    references: templateReferences(parsed, deployment),
    files,
    env: { available: new Set([...STOCK_TEMPLATES, ...files.map((f) => f.name)]) },
  }
}

const customTarget = (t: DeploymentTemplates, file: CustomFile): TemplateTarget => ({
  name: file.name,
  file: file.path,
  // A link leading out of the packer directory is never read: lint reports it instead.
  read: file.real ?? null,
  origin: 'custom',
  usedBy: t.references.filter((r) => r.template === file.name),
})

const stockTarget = (t: DeploymentTemplates, name: string): TemplateTarget => ({
  name,
  file: join(shippedTemplatesDir(), name),
  origin: 'stock',
  // A custom file of the same name is what Rosco uses: the stock one then has no users.
  usedBy: t.files.some((f) => f.name === name) ? [] : t.references.filter((r) => r.template === name),
})

/**
 * The templates `lint` checks: each one named (a custom file, else galley's copy of a stock one),
 * else every custom template; with --stock, galley's stock templates too.
 */
export function lintTargets(t: DeploymentTemplates, names: readonly string[], stock: boolean): TemplateTarget[] {
  const targets = names.length === 0
    ? t.files.filter((f) => isTemplateKind(f.kind)).map((f) => customTarget(t, f))
    : names.map((name) => namedTarget(t, checkName(name)))
  if (stock) {
    for (const name of SHIPPED_TEMPLATES) {
      if (isTemplateKind(kindOf(name)) && !targets.some((x) => x.origin === 'stock' && x.name === name)) targets.push(stockTarget(t, name))
    }
  }
  return targets
}

function namedTarget(t: DeploymentTemplates, name: string): TemplateTarget {
  const file = t.files.find((f) => f.name === name)
  if (file) return customTarget(t, file)
  if (SHIPPED_TEMPLATES.includes(name)) {
    if (!isTemplateKind(kindOf(name))) throw failed(`${name} is a script, not a template`, { code: 'NOT_A_TEMPLATE', remediation: 'Name a .json or .pkr.hcl template.' })
    return stockTarget(t, name)
  }
  if (STOCK_TEMPLATES.includes(name)) {
    throw failed(`${name} is one of Rosco's stock templates, which galley does not ship: it cannot be checked here`, {
      code: 'STOCK_NOT_SHIPPED',
      remediation: 'Copy it from Rosco\'s image into the packer directory (hal config bakery template add FILE) to check your own copy.',
    })
  }
  throw notFound(name, t.packerDir)
}

/** Problems in file order, then by position. */
export function sortProblems(problems: Problem[], files: readonly string[]): Problem[] {
  const order = (p: Problem) => (p.file === undefined ? -1 : files.indexOf(p.file))
  return problems
    .map((p, n) => ({ p, n }))
    .sort((a, b) => order(a.p) - order(b.p) || (a.p.line ?? 0) - (b.p.line ?? 0) || (a.p.column ?? 0) - (b.p.column ?? 0) || a.n - b.n)
    .map(({ p }) => p)
}

export interface LintRequest {
  halDir: string
  deployment?: string
  names?: readonly string[]
  stock?: boolean
  /** Run packer validate (default true). */
  packer?: boolean
  strict?: boolean
  env?: NodeJS.ProcessEnv
  /** --file: the deployment is kept in this file (its templates where templateHomeFor says). */
  file?: string
  halDirFlag?: string
  /** `--rule ID=LEVEL`. */
  ruleLevels?: Record<string, RuleLevel>
}

export interface LintOutcome {
  deployment: string
  packerDir: string
  report: ValidationReport
}

/** `hal config bakery template lint`. */
export async function lintTemplates(request: LintRequest): Promise<LintOutcome> {
  if (request.file === undefined) {
    const loaded = readHalconfig(request.halDir)
    const deployment = selectDeployment(loaded.parsed, request.deployment)
    return lintIn(request, templatesOf(loaded.parsed, request.halDir, deployment))
  }
  // With --file: the templates of its template home; a manifest's are linted like profile files.
  const { locate } = await import('../templates/manage.js')
  const located = locate(request)
  try {
    const outcome = await lintIn(request, templatesOf(located.parsed, located.halDir, located.deployment, located.packerDir))
    if (located.home?.kind !== 'manifest') return outcome
    const { pointAtManifest } = await import('../templates/manifest-files.js')
    const problems = pointAtManifest(outcome.report.problems, located.packerDir, located.parsed)
    const files = [...new Set(outcome.report.files.map((f) => (f.startsWith(located.packerDir) ? request.file! : f)))]
    return { ...outcome, packerDir: located.shownDir, report: buildReport(problems, files, request.strict ?? false, packageVersion()) }
  } finally {
    located.done()
  }
}

async function lintIn(request: LintRequest, t: DeploymentTemplates): Promise<LintOutcome> {
  const targets = lintTargets(t, request.names ?? [], request.stock ?? false)
  const analyses = targets.map((target) => lintTemplate(target, t.env))
  const problems = analyses.flatMap((a) => a.problems)
  if (request.packer !== false && analyses.length > 0) {
    const { packerProblems } = await import('../templates/packer-check.js')
    problems.push(...(await packerProblems(analyses, { packerDir: t.packerDir, env: request.env })))
  }
  const files = targets.map((target) => target.file)
  return { deployment: t.deployment, packerDir: t.packerDir, report: buildReport(sortProblems(applyLevels(problems, request.ruleLevels), files), files, request.strict ?? false, packageVersion()) }
}

/** The custom templates a halconfig's bakery settings use, checked offline, per deployment. */
export interface ConfigTemplateCheck {
  packerDir: string
  analyses: TemplateAnalysis[]
}

/**
 * For `hal config validate`: every custom template that a deployment's bakery settings name
 * (stock ones are galley's concern, not the user's). A deployment whose directory cannot be
 * read is skipped: the config rules report its template files.
 */
export function configTemplateChecks(parsed: ParsedYaml, halDir: string, only?: string): ConfigTemplateCheck[] {
  const checks: ConfigTemplateCheck[] = []
  let all: DeploymentRef[]
  try {
    all = deployments(parsed)
  } catch {
    return []
  }
  for (const deployment of all) {
    if (only !== undefined && deployment.name !== only) continue
    let t: DeploymentTemplates
    try {
      t = templatesOf(parsed, halDir, deployment)
    } catch (error) {
      if (error instanceof GalleyError) continue
      throw error
    }
    const used = new Set(t.references.map((r) => r.template))
    const targets = t.files.filter((f) => used.has(f.name) && isTemplateKind(f.kind)).map((f) => customTarget(t, f))
    if (targets.length > 0) checks.push({ packerDir: t.packerDir, analyses: targets.map((target) => lintTemplate(target, t.env)) })
  }
  return checks
}
