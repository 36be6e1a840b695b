import { dirname } from 'node:path'
import { PROVIDERS, PROVIDER_NAMES, providers, sectionKeys, type Provider } from '../providers/index.js'
import { DEPLOYMENT_NAME_REMEDIATION, deploymentNameProblem, deploymentPaths } from '../config/paths.js'
import { shown } from '../lib/confine.js'
import { isPlainObject, type Plain } from '../model/plain.js'
import { codeFrame, locatePath, type ParsedYaml } from '../config/source.js'
import type { ValuePath } from '../model/value-path.js'
import * as compiled from '../generated/validators.js'
import type { CompiledValidator } from '../generated/validators.js'
import { SEVERITIES, toPointer, type Problem, type RuleLevel, type RuleMeta, type Severity } from '../model/problem.js'
import type { ValidationReport } from './report.js'
import { isPlaceholder, type AccountEntry, type BaseImageEntry, type Dialect, type Finding, type Rule, type SectionContext } from '../model/rule.js'
import { RULES } from './rules/index.js'
import { springView } from './spring.js'
import { detectKind } from '../config/kinds.js'
import { findPlaceholders } from '../model/placeholders.js'
import { isSecretKey, looksLikeSecretReference, secretReferenceIssue } from '../model/secrets.js'
import { SCHEMA_RULES, schemaFindings, type SchemaFinding } from './schema.js'
import { shellWord, shownName } from '../lib/quote.js'

/** The shapes of document validateDocument checks (the other kinds are routed elsewhere by run.ts). */
export type DocumentShape = 'halconfig' | 'deployment' | 'rosco'

export type { RuleLevel } from '../model/problem.js'

export interface ValidateOptions {
  /** The hal directory, to resolve each deployment's custom templates. */
  halDir?: string
  /** Validate only this deployment (halconfig shape). */
  deployment?: string
  /** `--rule ID=LEVEL` adjustments. */
  ruleLevels?: Record<string, RuleLevel>
  /** Force a shape instead of detecting it. */
  shape?: DocumentShape
  /** Validate the value at this path (a SpinnakerService's spec.spinnakerConfig.config); problems keep full paths. */
  at?: ValuePath
  /** Rosco settings laid over others (a SpinnakerService's profiles.rosco): settings it lacks come from below, they are not missing. */
  overlay?: boolean
  /** The deployment an overlay lies over (the SpinnakerService's config), to tell what the overlay replaces. */
  below?: unknown
}

/** Checks of the halconfig as a whole, beyond its schema. */
export const HALCONFIG_RULES: readonly RuleMeta[] = [
  { id: 'halconfig/current-deployment', severity: 'error', doc: 'currentDeployment names a deployment that exists.' },
  { id: 'halconfig/duplicate-deployment', severity: 'error', doc: 'Deployment names are unique (they are directory names).' },
  { id: 'operator/shape', severity: 'error', doc: "The parts of a SpinnakerService the operator reads (spinnakerConfig, config, profiles, profiles.rosco, files) are mappings." },
  { id: 'operator/file-key', severity: 'error', doc: "A SpinnakerService's files key for Rosco's packer directory names a file inside it: no \"..\" or empty pieces between \"__\", and no file where another key needs a directory." },
  { id: 'halconfig/deployment-name', severity: 'error', doc: 'Deployment names are usable directory names: letters, digits, ".", "_" and "-", starting with a letter or digit, at most 100 characters (no "/", "..", absolute paths or control characters).' },
]

/** Checks of any document, whatever reads it. */
export const DOCUMENT_RULES: readonly RuleMeta[] = [
  { id: 'config/placeholder', severity: 'warning', doc: 'Placeholders left for envsubst, sed or Spring (${VAR}, $VAR, {%VAR%}, <change-me>) are reported once per file: the values they stand for were not checked.' },
  { id: 'secret/reference', severity: 'error', doc: 'Secret references (encrypted:ENGINE!k:v..., encryptedFile:...) parse as kork-secrets reads them and carry the parameters their engine requires.' },
]

/** How Rosco (Spring Boot) reads its own files. */
export const ROSCO_RULES: readonly RuleMeta[] = [
  { id: 'rosco/ignored-key', severity: 'info', doc: 'Keys in Rosco\'s bakery settings that Rosco does not read (Spring ignores them): obsolete or misspelt keys.' },
  { id: 'rosco/deprecated-key', severity: 'info', doc: `${PROVIDERS.flatMap((p) => (p.config.legacyNesting ? [`${p.name}.${p.config.legacyNesting.key}.bakeryDefaults, ${p.config.legacyNesting.note}`] : [])).join('; ')}.` },
  { id: 'rosco/duplicate-binding', severity: 'warning', doc: 'One setting written twice under names Spring binds alike (useInternalIp and use-internal-ip).' },
  { id: 'rosco/replaced-list', severity: 'warning', doc: 'Base images in a SpinnakerService\'s profiles.rosco replace those of its config (Spring does not merge lists from two files).' },
]

export const ALL_RULES: readonly RuleMeta[] = [...SCHEMA_RULES, ...HALCONFIG_RULES, ...DOCUMENT_RULES, ...ROSCO_RULES, ...RULES.map(({ id, severity, doc }) => ({ id, severity, doc }))]

/** The shape of a document as the detector reads it; other kinds fall back to a halconfig, as before. */
export function shapeOf(parsed: Pick<ParsedYaml, 'file' | 'text' | 'value'>): DocumentShape {
  const { kind } = detectKind(parsed.file, parsed.text, [parsed.value])
  return kind === 'deployment' || kind === 'rosco' ? kind : 'halconfig'
}

/** The compiled validator of a provider's bakeryDefaults (schemas/<schema>.schema.json). */
function bakeryValidator(name: string): CompiledValidator {
  const provider = providers[name]
  const validator = compiled.bakeryDefaults[provider.schemaName ?? provider.name]
  if (!validator) throw new Error(`no compiled schema for ${name}: run the build`)
  return validator
}

/**
 * What the schema says of a halconfig, or of a deployment on its own (as the operator and kleat
 * hold it), as validate reports it; paths from `root`.
 */
function documentSchemaFindings(shape: 'halconfig' | 'deployment', root: unknown): SchemaFinding[] {
  if (shape === 'halconfig') return schemaFindings(compiled.halconfig, root ?? {}, [])
  const name = isPlainObject(root) && typeof root.name === 'string' ? root.name : undefined
  // kleat and the operator add keys of their own at a bare deployment's top level: warn, do not fail.
  return schemaFindings(compiled.deployment, root ?? {}, [], { rootLabel: name === undefined ? 'the deployment' : `deployment ${name}` }).flatMap((f) => {
    if (f.rule === 'schema/required') return []
    const topLevel = f.rule === 'schema/unknown-key' && f.path.length === 1
    return [topLevel ? { ...f, severity: 'warning' as const, message: `${f.message} Halyard does not know this key (kleat or the operator may).` } : f]
  })
}

/**
 * The schema findings in one deployment of a document, worded as validate words them: a
 * deployment of a halconfig is checked as part of it ("... of deployment prod"), any other
 * (a bare deployment, a SpinnakerService's config) on its own. Paths from the document's root.
 */
export function deploymentSchemaFindings(documentRoot: unknown, deploymentPath: ValuePath): SchemaFinding[] {
  if (deploymentPath[0] === 'deploymentConfigurations') return documentSchemaFindings('halconfig', documentRoot).filter((f) => isWithin(f.path, deploymentPath))
  return documentSchemaFindings('deployment', valueAt(documentRoot, deploymentPath)).map((f) => ({ ...f, path: [...deploymentPath, ...f.path] }))
}

const isWithin = (path: ValuePath, prefix: ValuePath) => prefix.every((segment, i) => path[i] === segment)

/** In a file of Rosco's base images only (images.yml, images-local.yml), settings that live in rosco.yml are not missing. */
const BAKERY_SETTING_RULES = new Set(PROVIDERS.flatMap((p) => p.config.bakerySettingRules ?? []))

interface Section {
  provider: Provider
  /** Path of the provider section in the document. */
  path: ValuePath
  value: Plain
  dialect: Dialect
  deploymentName?: string
  imagesOnly?: boolean
}

interface Located {
  rule: string
  severity: Severity
  path: ValuePath
  message: string
  remediation?: string
  atKey?: boolean
  /** The path is already where the value is written (not a path of the Spring view). */
  written?: boolean
}

const valueAt = (root: unknown, path: ValuePath): unknown =>
  path.reduce<unknown>((node, segment) => (node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[segment as string] : undefined), root)

const imageLabel = (id: string | undefined, index: number) => (id === undefined ? `#${index + 1} without an id` : shownName(id))

/** Validates a parsed document: schema, then every rule. Problems carry file, line and column. */
export function validateDocument(parsed: ParsedYaml, options: ValidateOptions = {}): Problem[] {
  const at = options.at ?? []
  const raw = at.length > 0 ? valueAt(parsed.value, at) : parsed.value
  const shape = options.shape ?? shapeOf(parsed)
  const view = shape === 'rosco' ? springView(raw) : undefined
  const root = view ? view.value : raw
  const found: Located[] = []
  const levels = options.ruleLevels ?? {}
  const meta = new Map(ALL_RULES.map((rule) => [rule.id, rule]))
  const add = (rule: string, path: ValuePath, finding: { message: string; remediation?: string; severity?: Severity; atKey?: boolean; written?: boolean }) => {
    found.push({ rule, severity: finding.severity ?? meta.get(rule)?.severity ?? 'error', path, message: finding.message, remediation: finding.remediation, atKey: finding.atKey, written: finding.written })
  }

  const sections: Section[] = []
  const deploymentsToCheck: Array<{ value: Plain; path: ValuePath; name: string }> = []

  if (shape === 'halconfig') {
    for (const f of documentSchemaFindings('halconfig', root)) add(f.rule, f.path, f)
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
        remediation: `Create it with hal config --set-current-deployment ${shellWord(current)}, or choose an existing one.`,
      })
    }
    list.forEach((deployment, index) => {
      if (!isPlainObject(deployment)) return
      const name = typeof deployment.name === 'string' ? deployment.name : `#${index + 1} without a name`
      if (options.deployment !== undefined && name !== options.deployment) return
      deploymentsToCheck.push({ value: deployment, path: ['deploymentConfigurations', index], name })
    })
  } else if (shape === 'deployment') {
    const value = isPlainObject(root) ? root : {}
    const name = typeof value.name === 'string' ? value.name : undefined
    for (const f of documentSchemaFindings('deployment', root)) add(f.rule, f.path, f)
    deploymentsToCheck.push({ value, path: [], name: name ?? 'deployment' })
  } else if (isPlainObject(root) && view) {
    for (const provider of Object.values(providers)) {
      const section = root[provider.name]
      if (!isPlainObject(section)) continue
      const bakery = section.bakeryDefaults
      const imagesOnly = Object.keys(section).every((k) => k === 'bakeryDefaults') && isPlainObject(bakery) && Object.keys(bakery).every((k) => k === 'baseImages')
      sections.push({ provider, path: [provider.name], value: section, dialect: 'rosco', imagesOnly: imagesOnly || options.overlay })
      const validator = bakeryValidator(provider.name)
      if (bakery === undefined) continue
      for (const f of schemaFindings(validator, bakery, [provider.name, 'bakeryDefaults'], { spring: true, rootLabel: `${provider.name}'s bakeryDefaults` })) {
        // Name an ignored key as it is written (ssh-username), not as galley binds it.
        const key = String(f.path.at(-1))
        const written = f.rule === 'rosco/ignored-key' ? String(view.origin(f.path).at(-1)) : key
        add(f.rule, f.path, written === key ? f : { ...f, message: f.message.replace(`"${key}"`, `"${written}"`) })
      }
    }
    // Spring Boot replaces a list set in two property sources, it does not merge them ("Merging
    // Complex Types" in its reference): base images here hide those Halyard writes from the config.
    const below = isPlainObject(options.below) && isPlainObject(options.below.providers) ? options.below.providers : undefined
    for (const provider of Object.values(providers)) {
      const underneath = below && isPlainObject(below[provider.name]) ? (below[provider.name] as Plain).bakeryDefaults : undefined
      const hidden = isPlainObject(underneath) && Array.isArray(underneath.baseImages) ? underneath.baseImages : []
      const section = root[provider.name]
      const bakery = isPlainObject(section) ? section.bakeryDefaults : undefined
      const own = isPlainObject(bakery) && Array.isArray(bakery.baseImages) ? bakery.baseImages : undefined
      if (!own || hidden.length === 0) continue
      const ids = (list: unknown[]) => list.map((e, i) => (isPlainObject(e) && isPlainObject(e.baseImage) && typeof e.baseImage.id === 'string' ? e.baseImage.id : `#${i + 1}`)).join(', ')
      add('rosco/replaced-list', [provider.name, 'bakeryDefaults', 'baseImages'], {
        atKey: true,
        message: `The ${provider.name} base images here (${ids(own)}) replace those of spec.spinnakerConfig.config (${ids(hidden)}) and Rosco's stock ones: Spring does not merge lists from two files, so Rosco offers only these.`,
        remediation: 'Keep every base image in one list: in config (Halyard\'s keys), or all of them here.',
      })
    }
    if (view.deprecatedNesting) {
      const owner = providers[view.deprecatedNestingOf ?? '']
      const nesting = owner?.config.legacyNesting
      const current = `${owner?.name}.bakeryDefaults`
      const nested = `${owner?.name}.${nesting?.key}.bakeryDefaults`
      add('rosco/deprecated-key', view.deprecatedNesting, {
        written: true,
        atKey: true,
        message: `${nested} is ${nesting?.note}: ${current} wins field by field, and its base images come first.`,
        remediation: `Move these settings to ${current}.`,
      })
    }
    for (const { path, first } of view.duplicateBindings) {
      add('rosco/duplicate-binding', path, {
        written: true,
        atKey: true,
        message: `${String(path.at(-1))} and ${first} name one setting for Spring (relaxed binding); which one Rosco uses is not defined.`,
        remediation: `Keep one of ${first} and ${String(path.at(-1))}.`,
      })
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
      if (section.imagesOnly && BAKERY_SETTING_RULES.has(rule.id)) continue
      for (const finding of rule.check(context)) add(rule.id, [...section.path, ...finding.path], finding)
    }
  }

  documentFindings(raw, view, add)

  const written = (item: Located): ValuePath => [...at, ...(view && !item.written ? view.origin(item.path) : item.path)]
  const placeholders = found.filter((item) => item.rule === 'config/placeholder')
  const judgedAsText = textChecksOfWrongTypes(found)
  const problems: Problem[] = []
  for (const item of found) {
    const level = levels[item.rule]
    if (level === 'off' || judgedAsText(item)) continue
    if (item.rule === 'config/placeholder' && item !== placeholders[0]) continue
    const message = item.rule === 'config/placeholder' ? placeholderMessage(placeholders.map((p) => ({ ...p, path: written(p) }))) : item.message
    const named = !(item.written && view)
    problems.push(toProblem(parsed, { ...item, message, severity: level ?? item.severity }, written(item), named ? root : undefined, item.path, shape === 'deployment' && isPlainObject(root) && typeof root.name === 'string' ? root.name : undefined))
  }
  return problems
}

/**
 * A value of the wrong type (a mapping or a list where text belongs) is one problem, the schema's
 * (schema/type): a rule's format check of the same value would judge its text form, "[object Object]".
 */
function textChecksOfWrongTypes(found: ReadonlyArray<{ rule: string; path: ValuePath }>): (item: { rule: string; path: ValuePath }) => boolean {
  const wrongType = new Set(found.filter((f) => f.rule === 'schema/type').map((f) => JSON.stringify(f.path)))
  return (item) => !item.rule.startsWith('schema/') && wrongType.has(JSON.stringify(item.path))
}

type Add = (rule: string, path: ValuePath, finding: { message: string; remediation?: string; severity?: Severity; atKey?: boolean; written?: boolean }) => void

/** Secret references and placeholders, wherever they are in the document. */
function documentFindings(raw: unknown, view: ReturnType<typeof springView> | undefined, add: Add): void {
  const visit = (node: unknown, path: ValuePath) => {
    if (Array.isArray(node)) node.forEach((item, i) => visit(item, [...path, i]))
    else if (isPlainObject(node)) for (const [key, item] of Object.entries(node)) visit(item, [...path, key])
    else if (typeof node === 'string') {
      if (looksLikeSecretReference(node)) {
        const issue = secretReferenceIssue(node)
        if (issue) add('secret/reference', path, { ...issue, written: true })
        return
      }
      // A Rosco file's own placeholders are Spring's: resolved below from the view, and only where galley checks values.
      if (!view) for (const match of findPlaceholders(node)) add('config/placeholder', path, { message: shownPlaceholder(match.text, path), written: true })
    }
  }
  visit(raw, [])
  if (!view) return
  const modelled = new Set(Object.keys(providers))
  for (const { path, placeholder } of view.unresolved) if (modelled.has(String(path[0]))) add('config/placeholder', path, { message: shownPlaceholder(placeholder.text, path) })
  const visitView = (node: unknown, path: ValuePath) => {
    if (Array.isArray(node)) node.forEach((item, i) => visitView(item, [...path, i]))
    else if (isPlainObject(node)) for (const [key, item] of Object.entries(node)) visitView(item, [...path, key])
    else if (typeof node === 'string' && !looksLikeSecretReference(node)) {
      for (const match of findPlaceholders(node)) if (match.style !== 'spring') add('config/placeholder', path, { message: shownPlaceholder(match.text, path) })
    }
  }
  for (const key of modelled) visitView(view.value[key], [key])
}

/** A placeholder as the warning lists it; in a secret's field only the field, since the "placeholder" may be part of the secret. */
const shownPlaceholder = (text: string, path: ValuePath) => {
  const key = String(path.at(-1) ?? '')
  return isSecretKey(key) ? `(the value of ${key})` : text
}

/** The one warning about a file's placeholders: how many, which, and where the first few are. */
function placeholderMessage(items: Array<{ message: string; path: ValuePath }>): string {
  const seen = new Set<string>()
  const listed: string[] = []
  for (const item of items) {
    if (seen.has(item.message)) continue
    seen.add(item.message)
    // Names only: the problem points at the first; lines would change with every edit above them.
    if (listed.length < 5) listed.push(item.message)
  }
  const more = seen.size > listed.length ? ` and ${seen.size - listed.length} more` : ''
  const values = items.length === 1 ? '1 value holds a placeholder' : `${items.length} values hold placeholders`
  return `${values} filled in before use: ${listed.join(', ')}${more}. galley did not check what they stand for.`
}

function sectionContext(section: Section, file: string, halDir?: string): SectionContext {
  const { value, provider, dialect } = section
  const bakeryPath = ['bakeryDefaults']
  const bakery = isPlainObject(value.bakeryDefaults) ? value.bakeryDefaults : undefined
  const images = Array.isArray(bakery?.baseImages) ? (bakery!.baseImages as unknown[]) : []
  const baseImages: BaseImageEntry[] = images.flatMap((entry, index) => {
    // An entry without baseImage (written flat) is reported once by the schema, not by every rule.
    if (!isPlainObject(entry) || !isPlainObject(entry.baseImage)) return []
    const image = isPlainObject(entry.baseImage) ? entry.baseImage : {}
    const virtualization = isPlainObject(entry.virtualizationSettings) ? entry.virtualizationSettings : {}
    const id = typeof image.id === 'string' ? image.id : undefined
    return [{ index, path: [...bakeryPath, 'baseImages', index], id, label: imageLabel(id, index), image, virtualization }]
  })
  const accountList = Array.isArray(value.accounts) ? value.accounts : []
  const accounts: AccountEntry[] = accountList.flatMap((account, index) => {
    if (!isPlainObject(account)) return []
    const name = typeof account.name === 'string' ? account.name : undefined
    return [{ index, path: ['accounts', index], name, label: name === undefined ? `#${index + 1} without a name` : shownName(name), value: account }]
  })
  // Spring binds "true" (and a placeholder resolved to it) to a Boolean.
  const enabled = value.enabled === true || (dialect === 'rosco' && /^\s*true\s*$/i.test(String(value.enabled))) || (isPlaceholder(value.enabled) && /true/.test(String(value.enabled)))
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

/** The rules checkSection can report: the schema's, and those that look at one provider section. */
export const SECTION_CHECK_RULES: readonly RuleMeta[] = [...SCHEMA_RULES, ...RULES.filter((rule) => rule.scope === 'section').map(({ id, severity, doc }) => ({ id, severity, doc }))]

/** What the config rules say about one provider section, limited to some base images and accounts (a bake's). */
export interface SectionCheck {
  provider: Provider
  value: Plain
  /** The document the section is in (relative paths are resolved against its directory). */
  file: string
  /** The deployment's packer directory, to find custom templates; templates are not looked up without it. */
  packerDir?: string
  /** Indexes of the base images and accounts to check; the others are left out. */
  baseImages: readonly number[]
  accounts: readonly number[]
  /**
   * Where the section is in its document (the document's value, the paths of the deployment and
   * of the section in it): the schema is then checked too, as validate checks it.
   */
  document?: { root: unknown; deploymentPath: ValuePath; sectionPath: ValuePath }
}

/**
 * The findings of the section rules on the chosen base images and accounts and on the bakery
 * defaults (not on the section as a whole, nor on other entries), with paths relative to the
 * section: what `hal config validate` says about what a bake uses, under the same ids.
 */
export function checkSection(check: SectionCheck): Array<Finding & { rule: string; severity: Severity; atKey?: boolean }> {
  const full = sectionContext({ provider: check.provider, path: [], value: check.value, dialect: 'halyard' }, check.file)
  const context: SectionContext = {
    ...full,
    packerDir: check.packerDir,
    baseImages: full.baseImages.filter((entry) => check.baseImages.includes(entry.index)),
    accounts: full.accounts.filter((entry) => check.accounts.includes(entry.index)),
  }
  const chosen = (path: ValuePath) =>
    (path[0] === 'accounts' && check.accounts.includes(Number(path[1]))) ||
    (path[0] === 'bakeryDefaults' && (path.length === 1 || path[1] !== 'baseImages' || (path.length > 2 && check.baseImages.includes(Number(path[2])))))
  const out: Array<Finding & { rule: string; severity: Severity; atKey?: boolean }> = []
  if (check.document) {
    const { root, deploymentPath, sectionPath } = check.document
    const meta = new Map(SCHEMA_RULES.map((rule) => [rule.id, rule.severity]))
    for (const finding of deploymentSchemaFindings(root, deploymentPath)) {
      if (!isWithin(finding.path, sectionPath)) continue
      const path = finding.path.slice(sectionPath.length)
      // The whole section counts (its keys, its bakery defaults), except the accounts and base images the bake does not use.
      const other = (path[0] === 'accounts' && path.length > 1 && !check.accounts.includes(Number(path[1]))) ||
        (path[0] === 'bakeryDefaults' && path[1] === 'baseImages' && path.length > 2 && !check.baseImages.includes(Number(path[2])))
      if (!other) out.push({ ...finding, path, severity: finding.severity ?? meta.get(finding.rule) ?? 'error' })
    }
  }
  for (const rule of RULES) {
    if (rule.scope !== 'section' || (rule.providers && !rule.providers.includes(check.provider.name))) continue
    for (const finding of rule.check(context)) {
      if (chosen(finding.path)) out.push({ ...finding, rule: rule.id, severity: finding.severity ?? rule.severity })
    }
  }
  const judgedAsText = textChecksOfWrongTypes(out)
  return out.filter((finding) => !judgedAsText(finding))
}

/** Halyard-style location: deployment, provider, bakeryDefaults, then a base image's id or an account's name. */
function locationOf(root: unknown, path: ValuePath, deploymentName?: string): string | undefined {
  const parts: string[] = deploymentName ? [deploymentName] : []
  let node: unknown = root
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]
    const next = isPlainObject(node) || Array.isArray(node) ? (node as any)[segment] : undefined
    const parent = path[i - 1]
    if (parent === 'deploymentConfigurations' && isPlainObject(next)) parts.push(String(next.name ?? `#${Number(segment) + 1}`))
    else if (parent === 'providers' || (i === 0 && PROVIDER_NAMES.includes(String(segment)))) parts.push('provider', String(segment))
    else if (segment === 'bakeryDefaults') parts.push('bakeryDefaults')
    else if (parent === 'baseImages' && isPlainObject(next)) parts.push(String((isPlainObject(next.baseImage) && next.baseImage.id) || `#${Number(segment) + 1}`))
    else if (parent === 'accounts' && isPlainObject(next)) parts.push(String(next.name ?? `#${Number(segment) + 1}`))
    else if (!['deploymentConfigurations', 'providers', 'baseImages', 'accounts'].includes(String(segment))) break
    node = next
  }
  return parts.length > 0 ? parts.join('.') : undefined
}

function toProblem(parsed: ParsedYaml, item: Located, path: ValuePath, root: unknown, viewPath: ValuePath, deploymentName?: string): Problem {
  const position = locatePath(parsed, path, item.atKey)
  return {
    rule: item.rule,
    severity: item.severity,
    message: item.message,
    remediation: item.remediation,
    path: toPointer(path),
    location: root === undefined ? undefined : locationOf(root, viewPath, deploymentName),
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
