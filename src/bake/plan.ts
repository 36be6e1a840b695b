import { isPlainObject, type Plain } from '../model/plain.js'
import { REDACTED, isSecretKey, isSecretReference } from '../model/secrets.js'
import { holdsUrlPassword } from '../lib/redact.js'
import type { ValuePath } from '../model/value-path.js'
import { bakeryDefaultsOf, flagOf, providerSection, type Field, type ProviderName } from '../providers/index.js'
import type { BaseChoice, BaseChoiceContext, VariableContext, VariableSource } from '../model/provider.js'
import { toPointer, type Problem, type RuleLevel, type Severity } from '../model/problem.js'
import { checkSection } from '../validate/index.js'
import { BAKE_RULES, CHECKED_BY_THE_PLAN, PACKER_REPORTS, type BakeRuleId } from './rules.js'
import { shown } from '../lib/confine.js'
import { JavaHashMap, groovyTokenize, javaTrim } from '../model/java.js'
import { PACKAGE_TYPES } from '../validate/rules/package-type.js'
import { buildAppVersion, looksLikeMisreadArch, packagesParameter, parseOsPackageName, parsePackages, type OsPackageName, type PackageType } from '../model/package-names.js'
import { providerOfRequest, requestBody } from './request.js'
import type { BakeRequest } from '../model/bake-request.js'
import { flagOfField as flag } from './request-fields.js'
import { repositoryKey, type RoscoSettings } from './rosco-settings.js'
import { shellWord, shownName } from '../lib/quote.js'

/**
 * What Rosco would run for a bake request: the template, the variables with where
 * each value came from, and the `packer build` argv. Pure: the caller says which files exist,
 * what the clock reads and where the config directory is.
 */

/** Rosco's config directory in its container. */
export const ROSCO_CONFIG_DIR = '/opt/rosco/config/packer'

export type { VariableSource } from '../model/provider.js'

export interface PlanVariable {
  name: string
  /** As Packer receives it (trimmed); `<redacted>` for secrets in a shown plan. */
  value: string
  source: VariableSource
  /** Exactly where: the halconfig key, the flag, or how it was computed. */
  from: string
  secret?: true
}

/** A variable Rosco considers but leaves out, because its value is unset, empty, false or 0. */
export interface DroppedVariable {
  name: string
  source: VariableSource
  from: string
  reason: string
  /** How to set it. */
  fix?: string
}

export type TemplateSource = 'request' | 'base image' | 'bakery defaults' | 'none'

export interface FileChoice {
  name: string
  /** `$configDir/<name>`, as Packer is given it. */
  path: string
  /** Whether Rosco finds it among its stock files or the deployment's custom ones. */
  location?: 'stock' | 'custom'
  /** The custom file on this machine. */
  file?: string
}

export interface TemplateChoice extends FileChoice {
  source: TemplateSource
}

export interface BakePlan {
  provider: ProviderName
  deployment: string
  request: BakeRequest
  /** The JSON body Rosco receives for this request (what `bake submit` POSTs). */
  requestBody: string
  baseImage: string
  packageType?: PackageType
  packages: Array<{ given: string; install: string; name?: string; version?: string; release?: string; arch?: string }>
  /** The request's artifacts as Rosco reads their names (for the image name and appversion only). */
  artifacts?: Array<{ name?: string; reference?: string; parsed: OsPackageName }>
  /** The appversion Rosco builds, and whether frigga's AppVersion.parseName accepts it (else it is not passed). */
  appversion?: { value: string; accepted: boolean }
  account?: string
  template: TemplateChoice
  varFile?: FileChoice
  imageName: string
  configDir: string
  variables: PlanVariable[]
  dropped: DroppedVariable[]
  /** Rosco's whole command: [sudo] packer build -color=false [-timestamp-ui] [additional parameters] -var ... [-var-file] template. */
  argv: string[]
  /** Rosco's parts before the first -var: sudo (templatesNeedingRoot), -timestamp-ui and packer.additionalParameters. */
  rosco: { sudo: boolean; timestamp: boolean; additionalParameters: string[] }
  /** The -var pairs, -var-file and template: the argv after Rosco's options. */
  packerArgs: string[]
  /** Where the artifacts and manifest files are (Rosco: /tmp/<request_id>-artifacts.json, -manifest.json). */
  artifactFile: string
  manifestFile: string
  problems: Problem[]
}

/** What a template declares, for JSON templates (HCL2 is not read). */
export interface TemplateVariables {
  declared: string[]
  /** Declared without a default (`null`): Packer stops when they are not passed. */
  required: string[]
  /** HCL2: Packer stops on any -var the template does not declare. */
  strict?: boolean
  /** The types of its builders (JSON `builders[].type`, HCL2 `source "TYPE"`). */
  builders?: string[]
}

export interface PlanInput {
  request: BakeRequest
  deployment: { name: string; path: ValuePath; value: Plain }
  configDir: string
  /** Rosco's are `/tmp/<request_id>-artifacts.json` and `/tmp/<request_id>-manifest.json`. */
  artifactFile: string
  manifestFile: string
  nowMs: number
  /** Where Rosco would find a file of its packer directory, or undefined when it would not. */
  /** `refused`: the name may not be used at all (it leaves the packer directory); says why. */
  findFile: (name: string) => { location: 'stock' | 'custom'; file?: string; refused?: string } | undefined
  /** The variables a template declares, when it can be read. */
  templateVariables?: (choice: TemplateChoice) => TemplateVariables | undefined
  /** The stock file names galley has its own copies of (for the fix of a stock template's problem). */
  shippedTemplates?: readonly string[]
  rosco: RoscoSettings
  /** Positions of halconfig paths, for problems. */
  locate?: (path: ValuePath, atKey?: boolean) => { file: string; line?: number; column?: number } | undefined
  /**
   * Run the config rules on what the bake uses (its base image, its account, the bakery
   * defaults): `file` is the document read, `packerDir` where its custom templates are, `root`
   * the document's value (its schema is checked too, as validate checks it).
   */
  configRules?: { file: string; packerDir?: string; root?: unknown }
  /** `--rule ID=LEVEL`: decides which config findings are at warning level or above here. */
  ruleLevels?: Readonly<Record<string, RuleLevel>>
  /**
   * What a config finding on a key file path is worth here: `bake plan` and `bake submit` read a
   * halconfig whose key files are the Rosco host's, not this machine's (at most a warning);
   * `bake validate` and `bake test` run Packer here, with these files (error).
   */
  keyFilesHere?: boolean
}

/** Rules of the problems a plan reports that `packer validate` also finds (template-level ones). */
export const TEMPLATE_RULES = PACKER_REPORTS

const bakeSeverity = new Map<string, Severity>(BAKE_RULES.map((r) => [r.id, r.severity]))

interface Entry {
  value: unknown
  source: VariableSource
  from: string
  secret?: boolean
  fix?: string
}

/**
 * Rosco's parameter map. GCE's is a LinkedHashMap (a Groovy map literal): insertion order, a
 * later put of the same key replaces the value in place. Oracle's is a java.util.HashMap: Java's
 * hash order (JavaHashMap). Values Rosco never puts are kept aside, to show why they are missing.
 */
class Variables {
  private readonly map: { put(k: string, v: Entry): void; get(k: string): Entry | undefined; entries(): Iterable<[string, Entry]> }
  readonly notPut: DroppedVariable[] = []

  constructor(kind: 'linked' | 'hash') {
    if (kind === 'hash') {
      this.map = new JavaHashMap<Entry>()
    } else {
      const m = new Map<string, Entry>()
      this.map = { put: (k, v) => void m.set(k, v), get: (k) => m.get(k), entries: () => m.entries() }
    }
  }

  /** `map.put(name, value)`. */
  set(name: string, value: unknown, source: VariableSource, from: string, options: { secret?: boolean; fix?: string } = {}): void {
    const before = this.map.get(name)
    // An override says what it replaced, so that the plan shows why a setting is not used.
    const overrides = before && droppedBecause(before.value) === undefined ? ` (overrides ${before.source}: ${before.from})` : ''
    this.map.put(name, { value, source, from: `${from}${overrides}`, ...options, secret: options.secret || before?.secret || undefined })
  }

  /** A value Rosco only puts when it is set (`if (x) map.x = x`): put, or noted as not passed. */
  setIf(name: string, value: unknown, source: VariableSource, from: string, options: { secret?: boolean; fix?: string } = {}): void {
    const reason = droppedBecause(value)
    if (reason === undefined) this.set(name, value, source, from, options)
    else this.notPut.push({ name, source, from, reason, ...(options.fix ? { fix: options.fix } : {}) })
  }

  entries(): Array<[string, Entry]> {
    return [...this.map.entries()]
  }
}

/**
 * Groovy truth, as LocalJobFriendlyPackerCommandFactory filters the map (`if (key && value)`):
 * null, '', false and 0 are left out; a string of spaces is true (and passed trimmed, as `k=`).
 */
function droppedBecause(value: unknown): string | undefined {
  if (value === undefined || value === null) return 'not set'
  if (value === false) return 'false'
  if (value === 0) return '0'
  if (value === '') return 'empty'
  return undefined
}

/** The -var value: a String trimmed (Java's trim), anything else as Groovy prints it. */
const passed = (value: unknown): string => (typeof value === 'string' ? javaTrim(value) : String(value))

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : value === undefined || value === null ? undefined : typeof value === 'object' ? undefined : String(value))


export function planBake(input: PlanInput): BakePlan {
  const { request, deployment } = input
  const p = providerOfRequest(request)
  const providerName: ProviderName = p.name
  const problems: Problem[] = []
  const report = (rule: string, severity: Severity, message: string, remediation: string | undefined, path?: ValuePath, atKey?: boolean) => {
    const position = path ? input.locate?.(path, atKey) : undefined
    problems.push({
      rule,
      severity,
      message,
      ...(remediation ? { remediation } : {}),
      path: path ? toPointer(path) : '',
      ...(position ? { file: position.file, line: position.line, column: position.column } : {}),
    })
  }
  /** A provider's problem under a config rule's id (google/source-image): said once, as validate says it, when the config rules found it there. */
  const reportOnce = (rule: string, severity: Severity, message: string, remediation: string | undefined, path?: ValuePath) => {
    if (path && !rule.startsWith('bake/') && reported(rule, path)) return
    report(rule, severity, message, remediation, path)
  }
  /** A problem of the plan's own, at its registered severity. */
  const problem = (rule: BakeRuleId, message: string, remediation: string | undefined, path?: ValuePath) => report(rule, bakeSeverity.get(rule)!, message, remediation, path)
  /** Whether `rule` was reported on `path`, a place inside it, or a place it is inside of. */
  const reported = (rule: string, path: ValuePath) => {
    const pointer = toPointer(path)
    return problems.some((q) => q.rule === rule && q.path !== '' && (q.path === pointer || q.path.startsWith(`${pointer}/`) || pointer.startsWith(`${q.path}/`)))
  }

  // ---------------------------------------------------------------- provider and base image
  const providersValue = isPlainObject(deployment.value.providers) ? deployment.value.providers : {}
  const found = providerSection(providersValue, providerName)
  const section: Plain = found?.value ?? {}
  const sectionPath: ValuePath = [...deployment.path, 'providers', found?.key ?? providerName]
  const bakeryPath: ValuePath = [...sectionPath, 'bakeryDefaults']
  const configured = isPlainObject(section.bakeryDefaults) ? section.bakeryDefaults : {}
  const bakery: Plain = { ...bakeryDefaultsOf(p), ...stripNulls(configured) }

  if (!found) {
    problem('bake/provider', `Provider ${providerName} is not configured in deployment ${deployment.name}: Rosco has no ${p.title} bakery.`,
      `Set it up: hal config provider ${providerName} enable, then its account and bakery (hal config provider ${providerName} --help).`, [...deployment.path, 'providers'])
  } else if (section.enabled !== true) {
    problem('bake/provider', `Provider ${providerName} is not enabled in deployment ${deployment.name}: Rosco would have no ${p.title} bake handler.`,
      `hal config provider ${providerName} enable`, [...sectionPath, 'enabled'])
  }

  // CloudProviderBakeHandler.findBaseImage and the handler's findVirtualizationSettings.
  const choice: BaseChoice = (p.bake.chooseBase ?? firstMatchingImage)({ provider: p, request, region: request.region, bakery, bakeryPath, problem: found ? report : () => {} })
  const imageIndex = choice.index
  const entry = choice.entry
  const image: Plain = choice.image
  const virtualization: Plain = choice.settings
  const imagePath: ValuePath = [...bakeryPath, 'baseImages', imageIndex]
  const imageFix = (key: string, fields: readonly Field[], value = 'VALUE') => `hal config provider ${providerName} bakery base-image edit ${shellWord(request.base_os)} --${flagOf(fields, key)} ${value}`
  const bakeryFix = (key: string, value = 'VALUE') => `hal config provider ${providerName} bakery edit --${flagOf(p.bakery, key)} ${value}`

  // ---------------------------------------------------------------- packages
  // Only the base image's packageType counts (produceBakeRecipe); the request's package_type is not read.
  const rawType = str(image.packageType) ?? choice.packageType
  const packageType = rawType?.toLowerCase() as PackageType | undefined
  // Without one Rosco fails the bake (Cannot get property 'util' on null object): bakery/package-type says so below.
  const knownType = packageType && PACKAGE_TYPES.includes(packageType) ? packageType : undefined
  const packages = knownType ? parsePackages(request.package, knownType) : []
  for (const pkg of packages) {
    if (knownType && looksLikeMisreadArch(pkg, knownType)) {
      problem('bake/package-name', `Rosco reads "${pkg.given}" as ${pkg.name}${pkg.version ? ` ${pkg.version}-${pkg.release}` : ''} for architecture "${pkg.arch}" and installs ${pkg.install}.`,
        'Give rpm packages as name-version-release.arch (e.g. nginx-1.20.1-1.el7.x86_64).')
    }
  }
  const artifacts = (request.package_artifacts ?? []).map((a) => ({ ...(a.name !== undefined ? { name: a.name } : {}), ...(a.reference !== undefined ? { reference: a.reference } : {}), parsed: knownType ? parseOsPackageName(a.name, knownType) : {} }))
  // Packages, then artifacts: the first of them names the image and makes the appversion.
  const named: OsPackageName[] = [...packages, ...artifacts.map((a) => a.parsed)]
  const first = named[0]

  // ---------------------------------------------------------------- image name (ImageNameFactory.buildImageName)
  const firstIs = packages.length > 0 ? 'first package' : 'first artifact'
  const defaultName = () => buildImageName(request, named, input.nowMs, firstIs)
  const { name: imageName, parts: kept } = p.bake.imageName ? p.bake.imageName({ request, named, nowMs: input.nowMs, firstIs, defaultName }) : defaultName()
  const imageFrom = kept.map(([value, why]) => `${value} (${why})`).join(' - ')

  // ---------------------------------------------------------------- appversion (PackageNameConverter.buildAppVersionStr)
  const appversion = knownType ? buildAppVersion(request, first, knownType) : { accepted: false }

  // ---------------------------------------------------------------- account
  const accounts = (Array.isArray(section.accounts) ? section.accounts : []).filter(isPlainObject)
  const accountIndex = request.account_name ? accounts.findIndex((a) => a.name === request.account_name) : accounts.length > 0 ? 0 : -1
  const account = accountIndex >= 0 ? accounts[accountIndex] : undefined
  const accountName = str(account?.name)
  if (found && !account && p.bake.account === 'required') {
    const names = accounts.map((a) => str(a.name)).filter(Boolean)
    if (request.account_name) {
      problem('bake/account', `No ${providerName} account named ${shownName(request.account_name)} in deployment ${deployment.name}: Rosco fails with "${p.bake.unknownAccount?.(request.account_name) ?? `Could not resolve ${p.roscoTitle} account: (account_name=${request.account_name}).`}"`,
        names.length > 0 ? `Accounts of ${providerName}: ${names.map((n) => shownName(n!)).join(', ')}.` : `Add it: hal config provider ${providerName} account add ${shellWord(request.account_name)} ...`, [...sectionPath, 'accounts'])
    } else {
      problem('bake/account', `No ${providerName} account in deployment ${deployment.name}: Rosco takes the bake's ${p.bake.accountPurpose ?? 'settings'} from the first account.`,
        `Add one: hal config provider ${providerName} account add NAME ...`, [...sectionPath, 'accounts'])
    }
  }
  // A provider whose bakes read no account from the config (aws) still takes the request's: Rosco
  // looks source images up by name in it (AWSBakeHandler: account_name ?: bakeAccount).
  const bakeAccount = p.bake.account === 'none' ? request.account_name : accountName
  const accountFrom = (key: string) => `${accountName ?? '(no account)'}.${key}`
  const accountFix = (key: string, value = 'VALUE') => `hal config provider ${providerName} account edit ${accountName === undefined ? 'NAME' : shellWord(accountName)} --${flagOf(p.account, key)} ${value}`

  // ---------------------------------------------------------------- template and var file
  // template_file_name ?: the base image's templateFile ?: the bakery's; with none, Rosco's path ends in "null".
  // An absent bakery templateFile is Halyard's default; one set to null or '' in the halconfig is none.
  const bakeryTemplate = 'templateFile' in configured ? str(configured.templateFile) : str(bakery.templateFile)
  const templateSource: TemplateSource = request.template_file_name ? 'request' : str(image.templateFile) || choice.template ? 'base image' : bakeryTemplate ? 'bakery defaults' : 'none'
  const templateName = request.template_file_name || str(image.templateFile) || choice.template || bakeryTemplate || 'null'
  const where = { request: flag('template_file_name'), 'base image': `base image ${request.base_os}`, 'bakery defaults': `${providerName}'s bakery defaults${'templateFile' in configured ? '' : ' (unset: Halyard\'s default)'}`, none: 'nowhere' }[templateSource]
  const templatePath = templateSource === 'base image' ? [...imagePath, 'baseImage', 'templateFile'] : templateSource === 'bakery defaults' || templateSource === 'none' ? [...bakeryPath, 'templateFile'] : undefined
  const templateFound = templateSource === 'none' ? undefined : input.findFile(templateName)
  const template: TemplateChoice = { name: templateName, source: templateSource, path: `${input.configDir}/${templateName}`, ...templateFound }
  if (templateSource === 'none') {
    problem('bake/template', `No templateFile is set: not in the request, base image ${request.base_os} or ${providerName}'s bakery defaults. Rosco runs packer with ${template.path}, which does not exist.`,
      `${bakeryFix('templateFile', p.stockTemplate)} (or give --template-file).`, templatePath)
  } else if (templateSource !== 'request' && (!templateFound || templateFound.refused)) {
    // The config names it: reported as hal config validate reports it (bakery/template-file), below.
  } else if (templateFound?.refused) {
    problem('bake/template', `The template "${shown(templateName)}" (from ${where}) ${templateFound.refused}.`,
      `Use the name of a stock template or of a file in the deployment's profiles/rosco/packer/ (hal config bakery template add PATH installs one).`, templatePath)
  } else if (!templateFound) {
    problem('bake/template', `The template ${templateName} (from ${where}) is neither a stock template nor a file in the deployment's profiles/rosco/packer/: Packer would not find ${template.path}.`,
      `Install it with hal config bakery template add PATH/${shellWord(templateName)}, or choose an existing template.`, templatePath)
  }
  // ---------------------------------------------------------------- what hal config validate says about what the bake uses
  // The schema and the config rules, on this base image, this account and the bakery defaults, under their own ids
  // (their warnings and errors; a rule --rule raises to warning too).
  if (found && input.configRules) {
    const effectiveTemplate = templatePath && templateSource !== 'request' ? toPointer(templatePath) : undefined
    const { root, ...files } = input.configRules
    const findings = checkSection({
      provider: p, value: section, ...files, baseImages: imageIndex >= 0 ? [imageIndex] : [], accounts: accountIndex >= 0 ? [accountIndex] : [],
      ...(root !== undefined ? { document: { root, deploymentPath: deployment.path, sectionPath } } : {}),
    })
    for (const f of findings) {
      const path = [...sectionPath, ...f.path]
      // The plan checks the very name Rosco builds (bake/image-name), not a sample of it.
      if (CHECKED_BY_THE_PLAN.has(f.rule)) continue
      // A template this bake does not use is not this bake's problem.
      if (f.path.at(-1) === 'templateFile' && toPointer(path) !== effectiveTemplate) continue
      // Advice (info) is validate's to give: the plan says what could make this bake fail or go wrong.
      const level = input.ruleLevels && Object.hasOwn(input.ruleLevels, f.rule) ? input.ruleLevels[f.rule] : f.severity
      if (level === 'off' || level === 'info') continue
      // A key file the halconfig names is read on the Rosco host: missing here, it may well be there.
      const severity = f.rule === 'account/file' && !input.keyFilesHere && (f.severity === 'error' || f.severity === 'fatal') ? 'warning' : f.severity
      report(f.rule, severity, severity === f.severity ? f.message : `${f.message} (Rosco reads it on its own host: a warning here; bake validate and bake test, which run Packer on this machine, need it.)`, f.remediation, path, f.atKey)
    }
  }
  // A packageType of the wrong type is said once, by the schema (schema/type), as validate says it.
  if (entry && !knownType && !reported('bakery/package-type', [...imagePath, 'baseImage']) && !reported('schema/type', [...imagePath, 'baseImage', 'packageType'])) {
    report('bakery/package-type', 'error', rawType === undefined ? `Package type must be specified for ${request.base_os}.` : `Package type "${rawType}" of ${request.base_os} is not one Rosco knows: ${PACKAGE_TYPES.join(', ')}.`,
      imageFix('packageType', p.image, 'deb'), [...imagePath, 'baseImage', ...(rawType === undefined ? [] : ['packageType'])])
  }
  if (templatePath && templateSource !== 'request' && templateSource !== 'none' && (!templateFound || templateFound.refused) && !reported('bakery/template-file', templatePath)) {
    const owner = templateSource === 'base image' ? `base image ${request.base_os}` : 'the bakery defaults'
    report('bakery/template-file', 'error', templateFound?.refused
      ? `The template of ${owner}, "${shown(templateName)}", ${templateFound.refused}.`
      : `The template of ${owner}, "${templateName}", is neither a stock template nor a file in the deployment's profiles/rosco/packer/; every bake using it would fail.`,
    `Install it with hal config bakery template add PATH/${shellWord(templateName)}, or use a stock template.`, templatePath)
  }

  let varFile: FileChoice | undefined
  if (request.var_file_name) {
    const found = input.findFile(request.var_file_name)
    varFile = { name: request.var_file_name, path: `${input.configDir}/${request.var_file_name}`, ...found }
    if (found?.refused) {
      problem('bake/var-file', `The var file "${shown(request.var_file_name)}" ${found.refused}.`, `Put it in profiles/rosco/packer/ of deployment ${deployment.name}.`)
    } else if (!found) {
      problem('bake/var-file', `The var file ${request.var_file_name} is not in the deployment's profiles/rosco/packer/: Packer would not find ${varFile.path}.`,
        `Put it in profiles/rosco/packer/ of deployment ${deployment.name}.`)
    }
  }

  // ---------------------------------------------------------------- the provider's parameters (buildParameterMap)
  const vars = new Variables(p.bake.parameterMap)
  const appversionFrom = appversion.value
    ? `${appversion.value} from the first ${packages.length > 0 ? 'package' : 'artifact'}${request.build_number ? ` and ${flag('build_number')}` : ''}${appversion.accepted ? '' : ', which frigga\'s AppVersion.parseName rejects'}`
    : `no package or artifact name with a version`
  const setAppversion = () => {
    const fix = '--build-number N with a versioned package (name_version-release_arch)'
    if (appversion.value && !appversion.accepted) vars.notPut.push({ name: 'appversion', source: 'computed', from: appversionFrom, reason: 'rejected by frigga', fix })
    else vars.setIf('appversion', appversion.value, 'computed', appversionFrom, { fix })
  }
  const context: VariableContext = {
    set: (name, value, source, from, options) => vars.set(name, value, source, from, { ...options, secret: options?.secret || p.bake.masked.includes(name) || undefined }),
    setIf: (name, value, source, from, options) => vars.setIf(name, value, source, from, { ...options, secret: options?.secret || p.bake.masked.includes(name) || undefined }),
    request,
    region: request.region,
    bakery,
    configured,
    image,
    entry,
    settings: virtualization,
    account,
    accountName,
    imageName,
    imageFrom,
    appversion,
    putAppversion: setAppversion,
    artifactFile: input.artifactFile,
    manifestFile: input.manifestFile,
    from: {
      bakery: (key) => defaultedFrom(configured, key),
      account: accountFrom,
      settings: (key) => p.virtualizationShape.kind === 'list' && choice.settingsPath ? `${request.base_os} virtualizationSettings[${String(choice.settingsPath.at(-1))}].${key}` : `${request.base_os} virtualizationSettings.${key}`,
      image: (key) => `${request.base_os} ${key}`,
    },
    fix: {
      bakery: bakeryFix,
      account: accountFix,
      // A list of settings: the fix names the entry with its key flags (--region R --virtualization-type T).
      settings: (key, value = 'VALUE') => {
        const shape = p.virtualizationShape
        if (shape.kind !== 'list' || shape.settingsKey.includes(key)) return imageFix(key, p.virtualization, value)
        const entry = shape.settingsKey.map((k) => `--${flagOf(p.virtualization, k)} ${choice.settings[k] === undefined ? k.toUpperCase() : shellWord(String(choice.settings[k]))}`).join(' ')
        return `hal config provider ${providerName} bakery base-image edit ${shellWord(request.base_os)} ${entry} --${flagOf(p.virtualization, key)} ${value}`
      },
      image: (key, value) => imageFix(key, p.image, value),
    },
    // The providers report at the severity they say (their ids are registered from their descriptions or in bake/rules.ts).
    problem: reportOnce,
    paths: { section: sectionPath, bakery: bakeryPath, ...(entry ? { image: imagePath } : {}), settings: choice.settingsPath ?? [...imagePath, 'virtualizationSettings'] },
  }
  p.bake.putVariables(context)

  // ---------------------------------------------------------------- produceBakeRecipe's common parameters
  const customRepository = image.customRepository
  if (customRepository) vars.set('repository', customRepository, 'base image', `${request.base_os} customRepository`)
  else if (knownType && input.rosco.repositories[knownType]) vars.set('repository', input.rosco.repositories[knownType], 'rosco settings', `profiles/rosco-local.yml ${repositoryKey(knownType)}`)
  else vars.notPut.push({ name: 'repository', source: 'base image', from: `${request.base_os} customRepository`, reason: 'not set', fix: imageFix('customRepository', p.image) })
  if (knownType) vars.set('package_type', knownType, 'base image', `${request.base_os} packageType`)
  vars.set('packages', packagesParameter(packages), 'computed', `${flag('package')}, read as ${knownType ?? 'packages'} names (artifacts are not in it)`)
  vars.setIf('build_host', request.build_host, 'request', flag('build_host'), { fix: `${flag('build_host')} URL` })
  vars.setIf('upgrade', request.upgrade, 'request', flag('upgrade'), { fix: flag('upgrade') })
  vars.set('configDir', input.configDir, 'computed', 'Rosco\'s rosco.configDir')
  for (const [key, value] of Object.entries(request.extended_attributes ?? {})) {
    if (key === 'copy_to' || key === 'share_with') {
      // unrollParameters: tokenize(","), each item trimmed, numbered from 1, through a java.util.HashMap.
      const unrolled = new JavaHashMap<string>(groovyTokenize(String(value), ',').map((item, i) => [`${key}_${i + 1}`, javaTrim(item)]))
      for (const [name, item] of unrolled.entries()) vars.set(name, item, 'extended attribute', `${key} (item ${name.slice(key.length + 1)})`)
    } else {
      vars.set(key, value, 'extended attribute', key, { secret: isSecretKey(key) })
    }
  }

  const variables: PlanVariable[] = []
  const dropped: DroppedVariable[] = [...vars.notPut]
  for (const [name, e] of vars.entries()) {
    const reason = name === '' ? 'an empty name' : droppedBecause(e.value)
    if (reason) dropped.push({ name, source: e.source, from: e.from, reason, ...(e.fix ? { fix: e.fix } : {}) })
    else {
      const value = passed(e.value)
      // A URL's password (a repository's, a build link's) is a secret whatever the variable's name.
      const secret = e.secret || holdsUrlPassword(value)
      variables.push({ name, value, source: e.source, from: e.from, ...(secret ? { secret: true as const } : {}) })
    }
  }

  for (const v of variables) {
    if (isSecretReference(v.value)) {
      problem('bake/secret-reference', `${v.name} comes from a secret reference (${v.source}: ${v.from}); Rosco receives the decrypted value, galley never decrypts it.`,
        'A test bake or packer validate needs the plain value: keep a copy of the halconfig with it for local runs, or test with an extended attribute.')
    }
  }
  if (appversion.value && !appversion.accepted && request.build_number && first?.version) {
    problem('bake/appversion', `Rosco builds the appversion "${appversion.value}", which frigga's AppVersion.parseName rejects: no appversion is passed, and Spinnaker shows no package or build for the image.`,
      request.build_number ? 'Check the package name, --build-number (a word) and --commit-hash (a word).' : 'Give --build-number (and --commit-hash) with a package that has a version, e.g. myapp_1.2.3-1_all.')
  }

  // ---------------------------------------------------------------- the provider's own checks (the image name as GCE takes it)
  p.bake.planChecks?.(context)

  // ---------------------------------------------------------------- what the template needs
  // Only when Rosco gets as far as running Packer: it stops at an unknown base image, account or source.
  const stopping = ['bake/provider', 'bake/base-image', 'bakery/package-type', 'bake/account', ...(p.bake.stoppingRules ?? [])]
  const stopsEarlier = choice.stops || (entry !== undefined && !knownType) || problems.some((q) => q.severity === 'error' && stopping.includes(q.rule))
  if (templateFound && !stopsEarlier) {
    // Rosco's own copy of a stock template when it runs it (galley's shipped copy may declare more).
    const roscoStock = template.location === 'stock' ? p.packer.roscoStockDeclared?.[templateName] : undefined
    const declared = roscoStock ? { declared: [...roscoStock], required: [], strict: true } : input.templateVariables?.(template)
    if (templateName.endsWith('.pkr.hcl') && declared?.strict) {
      const known = new Set(declared.declared)
      const undeclared = variables.filter((v) => !known.has(v.name))
      if (undeclared.length > 0) {
        const names = undeclared.map((v) => v.name)
        const shipped = roscoStock && input.findFile(templateName) && input.shippedTemplates?.includes(templateName)
        problem('bake/undeclared-variable', `${roscoStock ? `Rosco's own ${templateName}` : templateName} does not declare ${names.join(', ')}, which Rosco passes (${undeclared.map((v) => `${v.name} from ${v.source}: ${v.from}`).join('; ')}): Packer stops with "Undefined -var variable".`,
          shipped
            ? `Install galley's ${templateName}, which declares them, as the deployment's own: hal config bakery template init ${shellWord(templateName)} --from ${shellWord(templateName)}`
            : `Declare ${names.length === 1 ? 'it' : 'them'} in ${templateName} (variable "${names[0]}" { default = "" }), or stop passing ${names.length === 1 ? 'it' : 'them'}.`)
      }
    } else if (templateName.endsWith('.pkr.hcl')) {
      problem('bake/hcl-template', `${templateName} is an HCL2 template: Packer fails on every -var it does not declare ("Undefined -var variable").`,
        `Declare each of: ${variables.map((v) => v.name).join(', ')}.`)
    }
    const sameFixReported = (fix: string | undefined) => {
      const command = fix?.endsWith(' VALUE') ? fix.slice(0, -'VALUE'.length) : undefined
      return command !== undefined && problems.some((q) => !q.rule.startsWith('bake/') && (q.severity === 'error' || q.severity === 'fatal') && q.remediation?.startsWith(command))
    }
    const passedNames = new Set(variables.map((v) => v.name))
    for (const name of declared?.required ?? []) {
      if (passedNames.has(name)) continue
      const gone = dropped.find((d) => d.name === name)
      // A setting the config rules already found missing is one problem, said once, as validate says it.
      if (sameFixReported(gone?.fix)) continue
      problem('bake/required-variable', gone
        ? `required variable not set: ${name} (the template ${templateName} requires it; it would come from ${gone.source}: ${gone.from}, which is ${gone.reason})`
        : `required variable not set: ${name} (the template ${templateName} requires it, and Rosco never passes it)`,
        gone?.fix ?? `Give it a default in ${templateName}, or pass it with --extended-attribute ${name}=VALUE.`)
    }
  }
  for (const note of input.rosco.notes ?? []) problem('bake/rosco-settings', `${input.rosco.file ?? 'rosco-local.yml'}: ${note}`, undefined)

  // ---------------------------------------------------------------- the command (LocalJobFriendlyPackerCommandFactory)
  // CloudProviderBakeHandler.getBaseCommand: sudo only for a template name in templatesNeedingRoot.
  const sudo = input.rosco.templatesNeedingRoot.includes(templateName)
  const rootBuilder = templateFound && !templateFound.refused ? builderNeedingRoot(p.packer.needsRoot, template, input.templateVariables) : undefined
  if (rootBuilder && !sudo) {
    const listed = input.rosco.templatesNeedingRoot
    const from = input.rosco.templatesNeedingRootFrom ?? 'Rosco\'s rosco.yml'
    problem('bake/templates-needing-root',
      `${templateName} uses the ${rootBuilder} builder, which runs only as root, but templatesNeedingRoot (${listed.length > 0 ? listed.join(',') : 'empty'}, from ${from}) does not list it: Rosco runs packer without sudo and the build fails.`,
      `Add it in ${input.rosco.file ?? 'the deployment\'s profiles/rosco-local.yml'}: templatesNeedingRoot: ${[...listed, templateName].join(',')} (one comma-separated string; it replaces Rosco's default), and let Rosco's user run packer with sudo (see the comment above templatesNeedingRoot in Rosco's rosco.yml).`,
      templatePath)
  }
  const timestamp = input.rosco.timestamp === true
  // removeAll([null, ""]) takes empty parameters out.
  const additionalParameters = input.rosco.additionalParameters.filter((a) => a !== '')
  const packerArgs: string[] = []
  for (const v of variables) packerArgs.push('-var', `${v.name}=${v.value}`)
  if (varFile) packerArgs.push(`-var-file=${varFile.path}`)
  packerArgs.push(template.path)
  const argv = [...(sudo ? ['sudo'] : []), 'packer', 'build', '-color=false', ...(timestamp ? ['-timestamp-ui'] : []), ...additionalParameters, ...packerArgs]

  return {
    provider: providerName,
    deployment: deployment.name,
    request,
    requestBody: requestBody(request),
    baseImage: request.base_os,
    ...(knownType ? { packageType: knownType } : {}),
    packages: packages.map((pkg) => ({ given: pkg.given, install: pkg.install, ...omitUndefined({ name: pkg.name, version: pkg.version, release: pkg.release, arch: pkg.arch }) })),
    ...(artifacts.length > 0 ? { artifacts } : {}),
    ...(appversion.value ? { appversion: { value: appversion.value, accepted: appversion.accepted } } : {}),
    ...(bakeAccount ? { account: bakeAccount } : {}),
    template,
    ...(varFile ? { varFile } : {}),
    imageName,
    configDir: input.configDir,
    variables,
    dropped,
    argv,
    rosco: { sudo, timestamp, additionalParameters },
    packerArgs,
    artifactFile: input.artifactFile,
    manifestFile: input.manifestFile,
    problems,
  }
}

/** The builder of the template that runs only as root, if any: Rosco's stock templates by name, others as they are read. */
function builderNeedingRoot(needsRoot: { builders: readonly string[]; stockTemplates: readonly string[] } | undefined, template: TemplateChoice, read: PlanInput['templateVariables']): string | undefined {
  if (!needsRoot) return undefined
  if (template.location === 'stock') return needsRoot.stockTemplates.includes(template.name) ? needsRoot.builders[0] : undefined
  return read?.(template)?.builders?.find((type) => needsRoot.builders.includes(type))
}

/**
 * findBaseImage + findVirtualizationSettings as most handlers have them: the first entry whose
 * baseImage.id is base_os, and its one settings object.
 */
function firstMatchingImage({ provider: p, request, bakery, bakeryPath, problem }: BaseChoiceContext): BaseChoice {
  const images = Array.isArray(bakery.baseImages) ? bakery.baseImages : []
  const index = images.findIndex((entry) => isPlainObject(entry) && isPlainObject(entry.baseImage) && entry.baseImage.id === request.base_os)
  const entry = index >= 0 ? (images[index] as Plain) : undefined
  if (!entry) {
    const ids = images.map((e) => (isPlainObject(e) && isPlainObject(e.baseImage) ? e.baseImage.id : undefined)).filter((id): id is string => typeof id === 'string')
    const provider = p.name
    problem('bake/base-image', 'error', `No virtualization settings found for '${request.base_os}'.`,
      ids.length > 0 ? `Base images of ${provider}: ${ids.map(shownName).join(', ')}.` : `Add one: hal config provider ${provider} bakery base-image add ${shellWord(request.base_os)} ...`,
      [...bakeryPath, 'baseImages'])
  }
  return {
    index,
    entry,
    image: entry && isPlainObject(entry.baseImage) ? entry.baseImage : {},
    settings: entry && isPlainObject(entry.virtualizationSettings) ? entry.virtualizationSettings : {},
  }
}

/**
 * ImageNameFactory.buildImageName: `[ami_name ?: first name, arch ?: "all", ami_suffix ?: millis,
 * base_os]`, Groovy-false parts dropped (nothing trimmed), joined with '-'. `named` is the
 * request's packages then its artifacts, parsed.
 */
export function buildImageName(request: Pick<BakeRequest, 'ami_name' | 'ami_suffix' | 'base_os'>, named: readonly OsPackageName[], nowMs: number, firstIs = 'first package'): { name: string; parts: Array<[string, string]> } {
  const first = named[0]
  const parts: Array<[string | undefined, string]> = [
    [request.ami_name || first?.name, request.ami_name ? flag('ami_name') : firstIs],
    [first?.arch || 'all', first?.arch ? 'its architecture' : 'no architecture'],
    [request.ami_suffix || String(nowMs), request.ami_suffix ? flag('ami_suffix') : 'the time in epoch milliseconds'],
    [request.base_os, 'base image'],
  ]
  const kept = parts.filter(([value]) => value !== undefined && value !== '') as Array<[string, string]>
  return { name: kept.map(([value]) => value).join('-'), parts: kept }
}

const omitUndefined = <T extends Record<string, unknown>>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>

/** `bakeryDefaults.zone`, or that it is unset and Halyard's default applies. */
function defaultedFrom(configured: Plain, key: string): string {
  return configured[key] === undefined || configured[key] === null ? `${key} (unset: Halyard's default)` : key
}

function stripNulls(value: Plain): Plain {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined))
}

/** The plan as it may be shown or logged: secret values replaced. */
export function redactPlan(plan: BakePlan): BakePlan {
  const secrets = plan.variables.filter((v) => v.secret).map((v) => `${v.name}=`)
  const attributes = plan.request.extended_attributes
  const redactArgs = (args: string[]) =>
    args.map((token) => {
      const prefix = secrets.find((s) => token.startsWith(s))
      return prefix ? `${prefix}${REDACTED}` : token
    })
  // The request is echoed too: its secret-looking extended attributes go the same way.
  const request = attributes
    ? { ...plan.request, extended_attributes: Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, isSecretKey(k) ? REDACTED : v])) }
    : plan.request
  return {
    ...plan,
    request,
    requestBody: requestBody(request),
    variables: plan.variables.map((v) => (v.secret ? { ...v, value: REDACTED } : v)),
    argv: redactArgs(plan.argv),
    packerArgs: redactArgs(plan.packerArgs),
  }
}

/** The secret values of a plan, to scrub from logs and Packer's output. */
export function secretValues(plan: BakePlan): string[] {
  return plan.variables.filter((v) => v.secret && v.value !== REDACTED).map((v) => v.value)
}

export const planErrors = (plan: BakePlan, ignore: ReadonlySet<string> = new Set()) =>
  plan.problems.filter((p) => (p.severity === 'error' || p.severity === 'fatal') && !ignore.has(p.rule))

