import { lstatSync, readdirSync, readFileSync, realpathSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { isWorkDirName } from '../lib/fs-safe.js'
import { providers, sectionKeys, type ProviderName } from '../providers/index.js'
import { isPlainObject, type Plain } from '../model/plain.js'
import type { DeploymentRef } from '../config/halconfig.js'
import { assertDirectoryOrAbsent, deploymentPaths } from '../config/paths.js'
import { locatePath, type ParsedYaml } from '../config/source.js'
import type { ValuePath } from '../model/value-path.js'
import { checkNaming, confinedFile } from '../lib/confine.js'
import { failed, ioError } from '../lib/errors.js'
import { noteSecretsInText } from '../lib/redact.js'
import { toPointer } from '../model/problem.js'
import { SHIPPED_TEMPLATES, STOCK_TEMPLATES, shippedTemplatesDir } from './stock.js'
import { exampleCustomTemplate } from '../providers/words.js'
import { shownName } from '../lib/quote.js'

/**
 * The custom templates of a deployment (`profiles/rosco/packer/`), the stock ones, and which
 * bakery settings use which. Rosco sees the packer directory as its configDir: stock files plus
 * custom ones, a custom file replacing the stock file of the same name.
 */

/** What a file in the packer directory is, by name and (for JSON) content. */
export type FileKind = 'template' | 'hcl2-template' | 'var-file' | 'script' | 'file'

const TEMPLATE_ROOT_KEYS = ['builders', 'provisioners', 'post-processors', 'variables']

/** Refuses template names that would land outside the packer directory (exit 2: they come from the command line). */
export function checkName(name: string, flag = 'NAME'): string {
  return checkNaming(name, {
    what: 'template name',
    from: { flag },
    code: 'BAD_TEMPLATE_NAME',
    remediation: `Use a name relative to the packer directory, such as ${exampleCustomTemplate()} or scripts/setup.sh.`,
  })
}

export function kindOf(name: string, content?: string): FileKind {
  if (name.endsWith('.pkr.hcl') || name.endsWith('.pkr.json')) return 'hcl2-template'
  if (name.endsWith('.json')) {
    if (content === undefined) return 'template'
    try {
      const value = JSON.parse(content)
      if (isPlainObject(value) && !TEMPLATE_ROOT_KEYS.some((k) => k in value) && Object.values(value).every((v) => v === null || typeof v !== 'object')) {
        return 'var-file'
      }
      return isPlainObject(value) && TEMPLATE_ROOT_KEYS.some((k) => k in value) ? 'template' : 'file'
    } catch {
      return 'template' // broken JSON: lint reports where
    }
  }
  if (/\.(sh|bash|ps1|bat|cmd|py)$/.test(name)) return 'script'
  return 'file'
}

export const isTemplateKind = (kind: FileKind) => kind === 'template' || kind === 'hcl2-template'

export interface CustomFile {
  /** The name relative to the packer directory, with / separators. */
  name: string
  path: string
  kind: FileKind
  mode: number
  size: number
  /** A symbolic link (read only when it points inside the packer directory). */
  link: boolean
  /**
   * What reading it reads: its own path, or for a link the real path of the regular file it
   * leads to inside the packer directory. Undefined for a link leading outside it, to a
   * directory or nowhere: such a file is listed, never read, copied or staged.
   */
  real: string | undefined
}

/** The deployment's packer directory; Halyard's complaint when a directory on the way is a file. */
export function packerDirOf(halDir: string, deployment: string): string {
  const paths = deploymentPaths(halDir, deployment)
  for (const dir of [paths.root, paths.profiles, join(paths.profiles, 'rosco'), paths.packer]) assertDirectoryOrAbsent(dir)
  return paths.packer
}

/** Every file under the packer directory (none when it does not exist), sorted by name. */
export function customFiles(packerDir: string): CustomFile[] {
  const out: CustomFile[] = []
  const walk = (dir: string) => {
    let entries
    try {
      entries = readdirSync(dir, { withFileTypes: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
      throw ioError(error, dir, 'read the directory')
    }
    for (const entry of entries) {
      const path = join(dir, entry.name)
      // A write command's work directory (see lib/swap.ts) is not a template.
      if (dir === packerDir && isWorkDirName(entry.name)) continue
      if (entry.isDirectory()) {
        walk(path)
        continue
      }
      const name = relative(packerDir, path).split(sep).join('/')
      const stat = lstatSync(path)
      const link = stat.isSymbolicLink()
      if (!link && !stat.isFile()) continue
      const content = name.endsWith('.json') && stat.size < 4 * 1024 * 1024 ? readConfined(packerDir, name, false) : undefined
      const real = link ? confinedPath(packerDir, name) : path
      out.push({ name, path, kind: kindOf(name, content), mode: stat.mode & 0o7777, size: stat.size, link, real })
    }
  }
  walk(packerDir)
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

/**
 * The real path of a regular file of the packer directory, or undefined when it is a link to
 * outside it (or not a file). The rule, for get, list, lint, validate, bake staging and generate
 * alike: a link is followed only when it resolves to a regular file inside the packer directory
 * (its content is then read as that file's); a link leading outside, to a directory or nowhere is
 * never followed. The packer directory itself may be a link (to a checkout): inside means inside
 * its real path.
 */
export function confinedPath(packerDir: string, name: string): string | undefined {
  return confinedFile(packerDir, name)
}

/**
 * Reads a file of the packer directory, refusing one whose real path lies outside it
 * (a symbolic link to elsewhere). `strict: false` returns undefined instead of failing.
 */
export function readConfined(packerDir: string, name: string, strict = true): string | undefined {
  const path = join(packerDir, name)
  const real = confinedPath(packerDir, name)
  if (real === undefined) {
    if (!strict) return undefined
    let target = path
    try {
      target = realpathSync(path)
    } catch (error) {
      throw ioError(error, path, 'read')
    }
    throw failed(target === path ? `${path} is not a regular file` : `${path} is a link to ${target}, which is outside the packer directory or not a file; it is not read`, {
      code: 'NOT_CONFINED',
      remediation: 'Replace the link with a copy of the file (hal config bakery template add FILE --force).',
    })
  }
  try {
    const content = readFileSync(real, 'utf8')
    noteSecretsInText(content)
    return content
  } catch (error) {
    if (!strict) return undefined
    throw ioError(error, path, 'read')
  }
}

// ---------------------------------------------------------------- references from the halconfig

export interface TemplateReference {
  provider: ProviderName
  /** `bakeryDefaults`, or the id of the base image that names the template. */
  owner: 'bakeryDefaults' | { baseImage: string }
  template: string
  /** True when the config names no template: the bakery then uses the provider's stock template. */
  implicit: boolean
  /** "google bakery defaults", "google base image ubuntu-2204". */
  description: string
  file: string
  line?: number
  column?: number
  /** JSON Pointer into the halconfig. */
  path: string
}


/**
 * The templates a deployment's bakery settings use: bakeryDefaults.templateFile (unset: the
 * provider's stock template, when the provider is enabled or has bakery settings) and each
 * base image's own templateFile.
 */
export function templateReferences(parsed: ParsedYaml, deployment: Pick<DeploymentRef, 'value' | 'path'>): TemplateReference[] {
  const refs: TemplateReference[] = []
  const providersValue = isPlainObject(deployment.value.providers) ? deployment.value.providers : {}
  const add = (provider: ProviderName, owner: TemplateReference['owner'], template: string, implicit: boolean, path: ValuePath) => {
    const description = owner === 'bakeryDefaults' ? `${provider} bakery defaults` : `${provider} base image ${owner.baseImage}`
    // Positions are found only when shown: finding them parses a large file a second time.
    let pos: { line: number; column: number } | undefined | null = null
    const position = () => (pos === null ? (pos = locatePath(parsed, path)) : pos)
    refs.push({
      provider, owner, template, implicit, description, file: parsed.file, path: toPointer(path),
      get line() { return position()?.line },
      get column() { return position()?.column },
    })
  }
  for (const provider of Object.values(providers)) {
    for (const key of sectionKeys(provider.name)) {
      const section = providersValue[key]
      if (!isPlainObject(section)) continue
      const sectionPath = [...deployment.path, 'providers', key]
      const bakery = isPlainObject(section.bakeryDefaults) ? (section.bakeryDefaults as Plain) : undefined
      const named = typeof bakery?.templateFile === 'string' && bakery.templateFile.trim() !== '' ? bakery.templateFile : undefined
      if (named) add(provider.name, 'bakeryDefaults', named, false, [...sectionPath, 'bakeryDefaults', 'templateFile'])
      else if (section.enabled === true || bakery) add(provider.name, 'bakeryDefaults', provider.stockTemplate, true, bakery ? [...sectionPath, 'bakeryDefaults'] : sectionPath)
      const images = Array.isArray(bakery?.baseImages) ? (bakery!.baseImages as unknown[]) : []
      images.forEach((entry, index) => {
        const image = isPlainObject(entry) && isPlainObject(entry.baseImage) ? entry.baseImage : undefined
        const file = image?.templateFile
        if (typeof file !== 'string' || file.trim() === '') return
        const id = typeof image!.id === 'string' ? image!.id : `#${index + 1}`
        add(provider.name, { baseImage: id }, file, false, [...sectionPath, 'bakeryDefaults', 'baseImages', index, 'baseImage', 'templateFile'])
      })
    }
  }
  return refs
}

// ---------------------------------------------------------------- the listing

export interface TemplateEntry {
  name: string
  kind: FileKind | 'unknown'
  /** custom: in the packer directory; stock: only in Rosco's image (and, when shipped, in galley). */
  origin: 'custom' | 'stock' | 'missing'
  /** A custom file with a stock template's name: Rosco uses it instead of the stock one. */
  overridesStock: boolean
  /** galley ships its own copy (hal config bakery template get / init). */
  shipped: boolean
  path?: string
  usedBy: TemplateReference[]
}

export interface TemplateListing {
  deployment: string
  packerDir: string
  templates: TemplateEntry[]
}

export function listTemplates(packerDir: string, deployment: string, references: readonly TemplateReference[]): TemplateListing {
  const custom = customFiles(packerDir)
  const customNames = new Set(custom.map((f) => f.name))
  const usedBy = (name: string) => references.filter((r) => r.template === name)
  const templates: TemplateEntry[] = custom.map((f) => ({
    name: f.name,
    kind: f.kind,
    origin: 'custom',
    overridesStock: STOCK_TEMPLATES.includes(f.name),
    shipped: SHIPPED_TEMPLATES.includes(f.name),
    path: f.path,
    usedBy: usedBy(f.name),
  }))
  for (const name of STOCK_TEMPLATES) {
    if (customNames.has(name)) continue
    const shipped = SHIPPED_TEMPLATES.includes(name)
    templates.push({
      name,
      kind: kindOf(name),
      origin: 'stock',
      overridesStock: false,
      shipped,
      path: shipped ? join(shippedTemplatesDir(), name) : undefined,
      usedBy: usedBy(name),
    })
  }
  // Names the config uses that exist nowhere: every bake using them fails.
  for (const ref of references) {
    if (templates.some((t) => t.name === ref.template)) continue
    templates.push({ name: ref.template, kind: 'unknown', origin: 'missing', overridesStock: false, shipped: false, usedBy: usedBy(ref.template) })
  }
  return { deployment, packerDir, templates }
}

/** A custom template's text, else galley's shipped copy of a stock one. */
export function getTemplate(packerDir: string, name: string): { name: string; origin: 'custom' | 'stock'; path: string; content: string } {
  checkName(name)
  const path = join(packerDir, name)
  let exists = false
  try {
    lstatSync(path)
    exists = true
  } catch {
    // not custom
  }
  if (exists) return { name, origin: 'custom', path, content: readConfined(packerDir, name)! }
  if (SHIPPED_TEMPLATES.includes(name)) {
    const shipped = join(shippedTemplatesDir(), name)
    return { name, origin: 'stock', path: shipped, content: readFileSync(shipped, 'utf8') }
  }
  if (STOCK_TEMPLATES.includes(name)) {
    throw failed(`${name} is one of Rosco's stock templates, but galley does not ship a copy of it`, {
      code: 'STOCK_NOT_SHIPPED',
      remediation: `Its content is in Rosco's image (/opt/rosco/config/packer/${name}) and in the spinnaker/rosco repository.`,
      data: { name },
    })
  }
  throw notFound(name, packerDir)
}

export function notFound(name: string, packerDir: string) {
  return failed(`there is no template ${shownName(name)} in ${packerDir}, and it is not a stock template`, {
    code: 'TEMPLATE_NOT_FOUND',
    remediation: 'hal config bakery template list shows the templates.',
    data: { name, packerDir },
  })
}
