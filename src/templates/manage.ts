import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { providers } from '../providers/index.js'
import { readDeployment } from '../config/read-deployment.js'
import type { DeploymentRef } from '../config/halconfig.js'
import { SERVICE_FILES } from '../config/service.js'
import type { ParsedYaml } from '../config/source.js'
import { addToManifest, materialise, removeFromManifest } from './manifest-files.js'
import { manifestKeyOf, templateHomeFor, type TemplateHome } from './references.js'
import { failed, usage } from '../lib/errors.js'
import { installFiles, planFromPaths, removeFile, type InstalledFile } from './install.js'
import { checkName, customFiles, getTemplate, listTemplates, packerDirOf, readConfined, templateReferences, type TemplateListing, type TemplateReference } from './library.js'
import { SHIPPED_TEMPLATES, STOCK_TEMPLATES, shippedTemplatesDir } from './stock.js'
import { shellWord } from '../lib/quote.js'

/** The operations behind `hal config bakery template ...`: each reads or changes one deployment. */

export interface Where {
  halDir: string
  deployment?: string
  /** --file: the deployment is kept in this file; its templates where templateHomeFor says. */
  file?: string
  /** --hal-dir as given (with --file, a place for the templates). */
  halDirFlag?: string
}

export interface Located {
  parsed: ParsedYaml
  deployment: DeploymentRef
  /** The packer directory (for a manifest, a private copy of its files, removed by done()). */
  packerDir: string
  /** The hal directory whose lock guards the packer directory. */
  halDir: string
  home?: TemplateHome
  /** For messages: where the templates are. */
  shownDir: string
  done: () => void
}

/** The deployment and where its custom templates are: the hal directory's, or --file's template home. */
export function locate(where: Where): Located {
  const read = readDeployment(where.halDir, where.deployment, where.file)
  const base = { parsed: read.loaded.parsed, deployment: read.deployment, done: () => {} }
  if (where.file === undefined || !read.opened) {
    const packerDir = packerDirOf(where.halDir, read.deployment.name)
    return { ...base, packerDir, halDir: where.halDir, shownDir: packerDir }
  }
  const home = templateHomeFor(where.file, read.opened.detected.kind, read.loaded.parsed.value, read.deployment.name, where.halDirFlag)
  if (home.kind === 'hal-dir') return { ...base, packerDir: home.packerDir, halDir: home.halDir, home, shownDir: home.packerDir }
  if (home.kind === 'none') {
    throw failed(`no place for the custom templates of ${where.file} is known: ${home.because}`, {
      code: 'NO_TEMPLATE_HOME',
      remediation: 'Pass --hal-dir DIR to use DIR\'s profiles/rosco/packer/ (or keep the deployment in a SpinnakerService manifest, whose spec.spinnakerConfig.files hold them).',
      data: { file: where.file },
    })
  }
  const copy = materialise(home.files)
  return { ...base, packerDir: copy.dir, halDir: where.halDir, home, shownDir: `${where.file} (${SERVICE_FILES.join('.')})`, done: copy.cleanup }
}

export interface AddResult {
  deployment: string
  packerDir: string
  installed: InstalledFile[]
  /** Entries of directory arguments left out (version-control metadata). */
  skipped: string[]
}

export async function addTemplates(request: Where & { sources: readonly string[]; name?: string; force: boolean }): Promise<AddResult> {
  if (request.name !== undefined) checkName(request.name, '--name')
  const { deployment, packerDir, halDir, home, shownDir, done } = locate(request)
  done()
  const plan = planFromPaths(request.sources, request.name)
  const installed = home?.kind === 'manifest'
    ? await addToManifest(request.file!, plan.files, request.force, `hal config bakery template add ${plan.files.map((f) => f.name).join(' ')}`)
    : await installFiles({ halDir, packerDir, files: plan.files, force: request.force })
  return { deployment: deployment.name, packerDir: shownDir, installed, skipped: plan.skipped }
}

/** The stock templates `init --from` starts from: galley's own templates (JSON or HCL2). */
export const INIT_SOURCES = SHIPPED_TEMPLATES.filter((name) => name.endsWith('.json') || name.endsWith('.pkr.hcl'))

/** A template's kind by its name: the new template keeps its source's. */
const templateKind = (name: string) => (name.endsWith('.pkr.hcl') ? { suffix: '.pkr.hcl', noun: 'an HCL2 template' } : { suffix: '.json', noun: 'a JSON template' })

export async function initTemplate(request: Where & { name: string; from: string; force: boolean }): Promise<AddResult> {
  checkName(request.name)
  if (!INIT_SOURCES.includes(request.from)) {
    throw usage(`--from ${request.from}: galley ships ${INIT_SOURCES.join(' and ')}`, { code: 'BAD_FROM', remediation: `Use --from ${INIT_SOURCES.join(' or --from ')}.` })
  }
  const kind = templateKind(request.from)
  if (!request.name.endsWith(kind.suffix) || request.name.endsWith('.pkr.json')) {
    throw usage(`"${request.name}" must end in ${kind.suffix}: the new template is ${kind.noun} like ${request.from}`, { code: 'BAD_TEMPLATE_NAME', remediation: `e.g. hal config bakery template init ${shellWord(request.from.replace(kind.suffix, `-custom${kind.suffix}`))} --from ${shellWord(request.from)}` })
  }
  const { deployment, packerDir, halDir, home, shownDir, done } = locate(request)
  done()
  const content = readFileSync(join(shippedTemplatesDir(), request.from))
  const files = [{ name: request.name, content, mode: 0o644 as const, source: `galley's stock ${request.from}` }]
  const installed = home?.kind === 'manifest'
    ? await addToManifest(request.file!, files, request.force, `hal config bakery template init ${request.name} --from ${request.from}`)
    : await installFiles({ halDir, packerDir, files, force: request.force })
  return { deployment: deployment.name, packerDir: shownDir, installed, skipped: [] }
}

export function listDeploymentTemplates(request: Where): TemplateListing {
  const { parsed, deployment, packerDir, shownDir, done } = locate(request)
  try {
    const listing = listTemplates(packerDir, deployment.name, templateReferences(parsed, deployment))
    return packerDir === shownDir ? listing : { ...listing, packerDir: shownDir }
  } finally {
    done()
  }
}

export function showTemplate(request: Where & { name: string }) {
  const { deployment, packerDir, shownDir, home, done } = locate(request)
  try {
    const shown = getTemplate(packerDir, request.name)
    const path = home?.kind === 'manifest' && shown.origin === 'custom' ? `${request.file}#${[...SERVICE_FILES, manifestKeyOf(request.name)].join('.')}` : shown.path
    return { deployment: deployment.name, ...shown, path: path.replace(packerDir, shownDir) }
  } finally {
    done()
  }
}

export interface RemoveResult {
  deployment: string
  name: string
  path: string
  /** References that --force overrode: these settings now point at nothing (or at the stock file). */
  stillUsedBy: TemplateReference[]
  /** Rosco falls back to its stock file of the same name. */
  revertsToStock: boolean
}

/** Custom templates the other custom templates run through {{user `configDir`}}/NAME. */
function scriptUsers(packerDir: string, name: string): string[] {
  const pattern = new RegExp(`(\\{\\{\\s*(user\\s+[\`"]configDir[\`"]|template_dir)\\s*\\}\\}|\\$\\{\\s*(var\\.configDir|path\\.root)\\s*\\})/${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["\`]`)
  return customFiles(packerDir)
    .filter((f) => f.name !== name && (f.kind === 'template' || f.kind === 'hcl2-template'))
    .filter((f) => pattern.test(readConfined(packerDir, f.name, false) ?? ''))
    .map((f) => f.name)
}

/** The command that points a reference at the provider's stock template instead. */
function repoint(ref: TemplateReference): string {
  const stock = providers[ref.provider].stockTemplate
  return typeof ref.owner === 'string'
    ? `hal config provider ${ref.provider} bakery edit --template-file ${stock}`
    : `hal config provider ${ref.provider} bakery base-image edit ${shellWord(ref.owner.baseImage)} --template-file ${stock}`
}

export async function removeTemplate(request: Where & { name: string; force: boolean }): Promise<RemoveResult> {
  checkName(request.name)
  const { parsed, deployment, packerDir, halDir, home, shownDir, done } = locate(request)
  try {
    return await removeLocated(request, { parsed, deployment, packerDir, halDir, home, shownDir })
  } finally {
    done()
  }
}

async function removeLocated(request: Where & { name: string; force: boolean }, { parsed, deployment, packerDir, halDir, home, shownDir }: Omit<Located, 'done'>): Promise<RemoveResult> {
  const files = customFiles(packerDir)
  if (!files.some((f) => f.name === request.name)) {
    throw failed(
      STOCK_TEMPLATES.includes(request.name)
        ? `${request.name} is a stock template of Rosco's image, not a custom file of deployment ${deployment.name}: there is nothing to remove`
        : `there is no custom file ${request.name} in ${shownDir}`,
      { code: 'TEMPLATE_NOT_FOUND', remediation: 'hal config bakery template list shows the custom files.', data: { name: request.name } },
    )
  }
  const references = templateReferences(parsed, deployment).filter((r) => r.template === request.name)
  const templates = scriptUsers(packerDir, request.name)
  const revertsToStock = STOCK_TEMPLATES.includes(request.name)
  if (!request.force && (references.length > 0 || templates.length > 0)) {
    const lines = [
      ...references.map((r) => `  - ${r.description}${r.implicit ? ' (its default template)' : ''}${r.line ? ` at ${r.file}:${r.line}:${r.column}` : ''}`),
      ...templates.map((name) => `  - custom template ${name}`),
    ]
    throw failed(`${request.name} is still used by ${lines.length === 1 ? 'one reference' : `${lines.length} references`}; nothing was removed`, {
      code: 'TEMPLATE_IN_USE',
      detail: lines.join('\n'),
      remediation: revertsToStock
        ? `Pass --force to remove it anyway: those bakes then use Rosco's stock ${request.name}.`
        : `Point them at another template first${references[0] ? ` (e.g. ${repoint(references[0])})` : ''}, or pass --force to remove it anyway.`,
      data: { references, templates },
    })
  }
  const path = home?.kind === 'manifest'
    ? await removeFromManifest(request.file!, request.name, `hal config bakery template remove ${request.name}`)
    : await removeFile(halDir, packerDir, request.name)
  return { deployment: deployment.name, name: request.name, path, stillUsedBy: references, revertsToStock }
}
