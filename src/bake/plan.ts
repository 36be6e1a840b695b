import { isPlainObject, type Plain } from '../config/halconfig.js'
import { REDACTED, isSecretKey, isSecretReference } from '../config/secrets.js'
import type { ValuePath } from '../config/source.js'
import { GCE_NAME_MAX, gceResourceName } from '../bakery/formats.js'
import { bakeryDefaultsOf, providerSection, providers, type Field, type ProviderName } from '../bakery/providers.js'
import { toPointer, type Problem, type Severity } from '../validate/problem.js'
import { shown } from '../lib/confine.js'
import { PACKAGE_TYPES, appVersionOf, looksLikeMisreadArch, parsePackage, splitPackages, type PackageName, type PackageType } from './packages.js'
import { providerOfType, type BakeRequest } from './request.js'
import { repositoryKey, type RoscoSettings } from './rosco-settings.js'

/**
 * What Rosco would run for a bake request: the template, the variables with where
 * each value came from, and the `packer build` argv. Pure: the caller says which files exist,
 * what the clock reads and where the config directory is.
 */

/** Rosco's config directory in its container. */
export const ROSCO_CONFIG_DIR = '/opt/rosco/config/packer'

export type VariableSource = 'base image' | 'bakery defaults' | 'account' | 'request' | 'extended attribute' | 'computed' | 'rosco settings'

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

export type TemplateSource = 'request' | 'base image' | 'bakery defaults' | 'provider default'

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
  baseImage: string
  packageType?: PackageType
  packages: Array<{ given: string; install: string; arch?: string }>
  account?: string
  template: TemplateChoice
  varFile?: FileChoice
  imageName: string
  configDir: string
  variables: PlanVariable[]
  dropped: DroppedVariable[]
  argv: string[]
  problems: Problem[]
}

/** What a template declares, for JSON templates (HCL2 is not read). */
export interface TemplateVariables {
  declared: string[]
  /** Declared without a default (`null`): Packer stops when they are not passed. */
  required: string[]
}

export interface PlanInput {
  request: BakeRequest
  deployment: { name: string; path: ValuePath; value: Plain }
  configDir: string
  artifactFile: string
  manifestFile: string
  nowMs: number
  /** Where Rosco would find a file of its packer directory, or undefined when it would not. */
  /** `refused`: the name may not be used at all (it leaves the packer directory); says why. */
  findFile: (name: string) => { location: 'stock' | 'custom'; file?: string; refused?: string } | undefined
  /** The variables a template declares, when it can be read. */
  templateVariables?: (choice: TemplateChoice) => TemplateVariables | undefined
  rosco: RoscoSettings
  /** Positions of halconfig paths, for problems. */
  locate?: (path: ValuePath) => { file: string; line?: number; column?: number } | undefined
}

/** Rules of the problems a plan reports. Template-level ones are what `packer validate` also finds. */
export const TEMPLATE_RULES = new Set(['bake/required-variable'])

interface Entry {
  value: unknown
  source: VariableSource
  from: string
  secret?: boolean
  fix?: string
}

/** Rosco's parameter map: a later set of the same name replaces the value but keeps its place. */
class Variables {
  readonly entries = new Map<string, Entry>()
  set(name: string, value: unknown, source: VariableSource, from: string, options: { secret?: boolean; fix?: string } = {}): void {
    const before = this.entries.get(name)
    // An override says what it replaced, so that the plan shows why a setting is not used.
    const overrides = before && droppedBecause(before.value) === undefined ? ` (overrides ${before.source}: ${before.from})` : ''
    this.entries.set(name, { value, source, from: `${from}${overrides}`, ...options, secret: options.secret || before?.secret || undefined })
  }
}

/** Groovy truth, as Rosco filters its map: null, '', false and 0 are left out. */
function droppedBecause(value: unknown): string | undefined {
  if (value === undefined || value === null) return 'not set'
  if (value === false) return 'false'
  if (value === 0) return '0'
  if (String(value).trim() === '') return 'empty'
  return undefined
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : value === undefined || value === null ? undefined : typeof value === 'object' ? undefined : String(value))

const flagOf = (fields: readonly Field[], key: string) => fields.find((f) => f.key === key)?.flag ?? key

export function planBake(input: PlanInput): BakePlan {
  const { request, deployment } = input
  const providerName = providerOfType(request.cloud_provider_type)
  const p = providers[providerName]
  const problems: Problem[] = []
  const problem = (rule: string, severity: Severity, message: string, remediation: string | undefined, path?: ValuePath) => {
    const position = path ? input.locate?.(path) : undefined
    problems.push({
      rule,
      severity,
      message,
      ...(remediation ? { remediation } : {}),
      path: path ? toPointer(path) : '',
      ...(position ? { file: position.file, line: position.line, column: position.column } : {}),
    })
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
    problem('bake/provider', 'error', `Provider ${providerName} is not configured in deployment ${deployment.name}: Rosco has no ${p.title} bakery.`,
      `Set it up: hal config provider ${providerName} enable, then its account and bakery (hal config provider ${providerName} --help).`, [...deployment.path, 'providers'])
  } else if (section.enabled !== true) {
    problem('bake/provider', 'error', `Provider ${providerName} is not enabled in deployment ${deployment.name}: Rosco would have no ${p.title} bake handler.`,
      `hal config provider ${providerName} enable`, [...sectionPath, 'enabled'])
  }

  const images = Array.isArray(bakery.baseImages) ? bakery.baseImages : []
  const imageIndex = images.findIndex((entry) => isPlainObject(entry) && isPlainObject(entry.baseImage) && entry.baseImage.id === request.base_os)
  const entry = imageIndex >= 0 ? (images[imageIndex] as Plain) : undefined
  const image: Plain = entry && isPlainObject(entry.baseImage) ? entry.baseImage : {}
  const virtualization: Plain = entry && isPlainObject(entry.virtualizationSettings) ? entry.virtualizationSettings : {}
  const imagePath: ValuePath = [...bakeryPath, 'baseImages', imageIndex]
  const ids = images.map((e) => (isPlainObject(e) && isPlainObject(e.baseImage) ? e.baseImage.id : undefined)).filter((id): id is string => typeof id === 'string')
  if (found && !entry) {
    problem('bake/base-image', 'error', `No virtualization settings found for '${request.base_os}'.`,
      ids.length > 0 ? `Base images of ${providerName}: ${ids.join(', ')}.` : `Add one: hal config provider ${providerName} bakery base-image add ${request.base_os} ...`,
      [...bakeryPath, 'baseImages'])
  }
  const imageFix = (key: string, fields: readonly Field[]) => `hal config provider ${providerName} bakery base-image edit ${request.base_os} --${flagOf(fields, key)} VALUE`
  const bakeryFix = (key: string) => `hal config provider ${providerName} bakery edit --${flagOf(p.bakery, key)} VALUE`

  // ---------------------------------------------------------------- packages
  const rawType = str(image.packageType) ?? request.package_type
  const packageType = rawType?.toLowerCase() as PackageType | undefined
  if (entry && rawType === undefined) {
    problem('bake/package-type', 'error', `Package type must be specified for ${request.base_os}.`, imageFix('packageType', p.image).replace('VALUE', 'deb'), [...imagePath, 'baseImage'])
  } else if (entry && packageType && !PACKAGE_TYPES.includes(packageType)) {
    problem('bake/package-type', 'error', `Base image ${request.base_os} has package type "${rawType}"; Rosco knows ${PACKAGE_TYPES.join(', ')}.`, imageFix('packageType', p.image).replace('VALUE', 'deb'), [...imagePath, 'baseImage', 'packageType'])
  }
  const knownType = packageType && PACKAGE_TYPES.includes(packageType) ? packageType : undefined
  const packages: PackageName[] = knownType ? splitPackages(request.package).map((name) => parsePackage(name, knownType)) : []
  for (const pkg of packages) {
    if (knownType && looksLikeMisreadArch(pkg, knownType)) {
      problem('bake/package-name', 'warning', `Rosco reads "${pkg.given}" as ${pkg.name} ${pkg.version}-${pkg.release} for architecture "${pkg.arch}" and installs ${pkg.install}.`,
        'Give rpm packages as name-version-release.arch (e.g. nginx-1.20.1-1.el7.x86_64).')
    }
  }
  const first = packages[0]

  // ---------------------------------------------------------------- image name
  const suffix = request.ami_suffix ?? String(input.nowMs)
  const parts: Array<[string | undefined, string]> = [
    [request.ami_name ?? first?.name, request.ami_name ? '--image-name' : 'first package'],
    [first?.arch ?? 'all', first?.arch ? 'its architecture' : 'no architecture'],
    [suffix, request.ami_suffix ? '--image-suffix' : 'the time in epoch milliseconds'],
    [request.base_os, 'base image'],
  ]
  const kept = parts.filter(([value]) => value !== undefined && value.trim() !== '') as Array<[string, string]>
  const imageName = kept.map(([value]) => value.trim()).join('-')
  const imageFrom = kept.map(([value, why]) => `${value.trim()} (${why})`).join(' - ')
  if (providerName === 'google' && entry) {
    const check = gceResourceName(imageName)
    if (!check.ok) {
      problem('bake/image-name', 'error', `The image name "${imageName}" is not a valid GCE image name: ${check.reason}.`,
        `It is made of ${imageFrom}: change the part at fault (--image-name, --image-suffix, the package, the base image id) so that the whole is lowercase letters, digits and '-', at most ${GCE_NAME_MAX} characters.`)
    }
  }

  // ---------------------------------------------------------------- account
  const accounts = (Array.isArray(section.accounts) ? section.accounts : []).filter(isPlainObject)
  const accountIndex = request.account_name ? accounts.findIndex((a) => a.name === request.account_name) : accounts.length > 0 ? 0 : -1
  const account = accountIndex >= 0 ? accounts[accountIndex] : undefined
  const accountName = str(account?.name)
  if (found && !account) {
    const names = accounts.map((a) => str(a.name)).filter(Boolean)
    if (request.account_name) {
      problem('bake/account', 'error', `No ${providerName} account named ${request.account_name} in deployment ${deployment.name}.`,
        names.length > 0 ? `Accounts of ${providerName}: ${names.join(', ')}.` : `Add it: hal config provider ${providerName} account add ${request.account_name} ...`, [...sectionPath, 'accounts'])
    } else {
      problem('bake/account', 'error', `No ${providerName} account in deployment ${deployment.name}: Rosco takes the bake's ${providerName === 'google' ? 'project' : 'credentials'} from the first account.`,
        `Add one: hal config provider ${providerName} account add NAME ...`, [...sectionPath, 'accounts'])
    }
  }
  const accountFrom = (key: string) => `${accountName ?? '(no account)'}.${key}`
  const accountFix = (key: string) => `hal config provider ${providerName} account edit ${accountName ?? 'NAME'} --${flagOf(p.account, key)} VALUE`

  // ---------------------------------------------------------------- template and var file
  const templateSource: TemplateSource = request.template_file_name ? 'request' : str(image.templateFile) ? 'base image' : str(configured.templateFile) ? 'bakery defaults' : 'provider default'
  const templateName = request.template_file_name ?? str(image.templateFile) ?? str(configured.templateFile) ?? p.stockTemplate
  const templateFound = input.findFile(templateName)
  const template: TemplateChoice = { name: templateName, source: templateSource, path: `${input.configDir}/${templateName}`, ...templateFound }
  const where = { request: '--template-file', 'base image': `base image ${request.base_os}`, 'bakery defaults': `${providerName}'s bakery defaults`, 'provider default': 'the provider default' }[templateSource]
  const templatePath = templateSource === 'base image' ? [...imagePath, 'baseImage', 'templateFile'] : templateSource === 'bakery defaults' ? [...bakeryPath, 'templateFile'] : undefined
  if (templateFound?.refused) {
    problem('bake/template', 'error', `The template "${shown(templateName)}" (from ${where}) ${templateFound.refused}.`,
      `Use the name of a stock template or of a file in the deployment's profiles/rosco/packer/ (hal config bakery template add PATH installs one).`, templatePath)
  } else if (!templateFound) {
    const path = templatePath
    problem('bake/template', 'error', `The template ${templateName} (from ${where}) is neither a stock template nor a file in the deployment's profiles/rosco/packer/: Packer would not find ${template.path}.`,
      `Install it with hal config bakery template add PATH/${templateName}, or choose an existing template.`, path)
  }
  let varFile: FileChoice | undefined
  if (request.var_file_name) {
    const found = input.findFile(request.var_file_name)
    varFile = { name: request.var_file_name, path: `${input.configDir}/${request.var_file_name}`, ...found }
    if (found?.refused) {
      problem('bake/var-file', 'error', `The var file "${shown(request.var_file_name)}" ${found.refused}.`, `Put it in profiles/rosco/packer/ of deployment ${deployment.name}.`)
    } else if (!found) {
      problem('bake/var-file', 'error', `The var file ${request.var_file_name} is not in the deployment's profiles/rosco/packer/: Packer would not find ${varFile.path}.`,
        `Put it in profiles/rosco/packer/ of deployment ${deployment.name}.`)
    }
  }

  // ---------------------------------------------------------------- variables
  const vars = new Variables()
  if (providerName === 'google') {
    vars.set('gce_project_id', account?.project, 'account', accountFrom('project'), { fix: accountFix('project') })
    vars.set('gce_zone', bakery.zone, 'bakery defaults', defaultedFrom(configured, 'zone'), { fix: bakeryFix('zone') })
    vars.set('gce_network', bakery.network, 'bakery defaults', defaultedFrom(configured, 'network'), { fix: bakeryFix('network') })
    vars.set('gce_target_image', imageName, 'computed', imageFrom)
    if (request.base_ami) {
      vars.set('gce_source_image', request.base_ami, 'request', '--source-image (base_ami)')
    } else if (str(virtualization.sourceImage)) {
      vars.set('gce_source_image', virtualization.sourceImage, 'base image', `${request.base_os} virtualizationSettings.sourceImage`)
    } else if (str(virtualization.sourceImageFamily)) {
      vars.set('gce_source_image_family', virtualization.sourceImageFamily, 'base image', `${request.base_os} virtualizationSettings.sourceImageFamily`)
    } else if (entry) {
      problem('bake/source-image', 'error', `No source image or source image family found for '${request.base_os}'.`,
        imageFix('sourceImageFamily', p.virtualization).replace('VALUE', 'ubuntu-2204-lts'), [...imagePath, 'virtualizationSettings'])
    }
    vars.set('gce_account_file', account?.jsonPath, 'account', accountFrom('jsonPath'), { fix: accountFix('jsonPath') })
    vars.set('gce_network_project_id', bakery.networkProjectId, 'bakery defaults', 'networkProjectId', { fix: bakeryFix('networkProjectId') })
    vars.set('gce_subnetwork', bakery.subnetwork, 'bakery defaults', 'subnetwork', { fix: bakeryFix('subnetwork') })
    vars.set('gce_use_internal_ip', bakery.useInternalIp, 'bakery defaults', defaultedFrom(configured, 'useInternalIp'), { fix: `hal config provider google bakery edit --use-internal-ip` })
  } else {
    const oracleAccount: Array<[string, string]> = [
      ['oracle_compartment_id', 'compartmentId'], ['oracle_tenancy_id', 'tenancyId'], ['oracle_user_id', 'userId'], ['oracle_fingerprint', 'fingerprint'],
      ['oracle_ssh_private_key_file_path', 'sshPrivateKeyFilePath'], ['oracle_pass_phrase', 'privateKeyPassphrase'], ['oracle_region', 'region'],
    ]
    for (const [name, key] of oracleAccount) vars.set(name, account?.[key], 'account', accountFrom(key), { fix: accountFix(key), secret: key === 'privateKeyPassphrase' })
    for (const [name, key] of [['oracle_availability_domain', 'availabilityDomain'], ['oracle_instance_shape', 'instanceShape'], ['oracle_subnet_id', 'subnetId']]) {
      vars.set(name, bakery[key], 'bakery defaults', key, { fix: bakeryFix(key) })
    }
    for (const [name, key] of [['oracle_base_image_id', 'baseImageId'], ['oracle_ssh_user_name', 'sshUserName']]) {
      vars.set(name, virtualization[key], 'base image', `${request.base_os} virtualizationSettings.${key}`, { fix: imageFix(key, p.virtualization) })
    }
    vars.set('oracle_image_name', imageName, 'computed', imageFrom)
  }

  vars.set('package_type', packageType, 'base image', `${request.base_os} packageType`, { fix: imageFix('packageType', p.image) })
  vars.set('packages', packages.map((pkg) => pkg.install).join(' '), 'computed', `--package, read as ${knownType ?? 'packages'} names`)
  const customRepository = str(image.customRepository)
  if (customRepository) vars.set('repository', customRepository, 'base image', `${request.base_os} customRepository`)
  else if (knownType && input.rosco.repositories[knownType]) vars.set('repository', input.rosco.repositories[knownType], 'rosco settings', `profiles/rosco-local.yml ${repositoryKey(knownType)}`)
  else vars.set('repository', undefined, 'base image', `${request.base_os} customRepository`, { fix: imageFix('customRepository', p.image) })
  vars.set('configDir', input.configDir, 'computed', 'Rosco\'s rosco.configDir')
  vars.set('build_host', request.build_host, 'request', '--build-host', { fix: '--build-host URL' })
  vars.set('upgrade', request.upgrade, 'request', '--upgrade', { fix: '--upgrade' })
  if (providerName === 'google') {
    vars.set('build_info_url', request.build_info_url, 'request', '--build-info-url', { fix: '--build-info-url URL' })
    vars.set('appversion', appVersionOf(first), 'computed', 'first package as name-version-hBUILD (none unless its release starts with h<build number>)')
    vars.set('artifactFile', input.artifactFile, 'computed', 'the request\'s artifacts as a JSON file ([] when none)')
    vars.set('manifestFile', input.manifestFile, 'computed', 'where Packer\'s manifest post-processor writes')
  }
  for (const [key, value] of Object.entries(request.extended_attributes ?? {})) {
    if (key === 'copy_to' || key === 'share_with') {
      value.split(',').forEach((item, i) => vars.set(`${key}_${i + 1}`, item, 'extended attribute', `${key} (item ${i + 1})`))
    } else {
      vars.set(key, value, 'extended attribute', key, { secret: isSecretKey(key) })
    }
  }

  const variables: PlanVariable[] = []
  const dropped: DroppedVariable[] = []
  for (const [name, e] of vars.entries) {
    const reason = droppedBecause(e.value)
    if (reason) dropped.push({ name, source: e.source, from: e.from, reason, ...(e.fix ? { fix: e.fix } : {}) })
    else variables.push({ name, value: String(e.value).trim(), source: e.source, from: e.from, ...(e.secret ? { secret: true as const } : {}) })
  }

  for (const v of variables) {
    if (isSecretReference(v.value)) {
      problem('bake/secret-reference', 'warning', `${v.name} comes from a secret reference (${v.source}: ${v.from}); Rosco receives the decrypted value, galley never decrypts it.`,
        'A test bake or packer validate needs the plain value: keep a copy of the halconfig with it for local runs, or test with an extended attribute.')
    }
  }

  // ---------------------------------------------------------------- what the template needs
  if (templateFound) {
    if (templateName.endsWith('.pkr.hcl')) {
      problem('bake/hcl-template', 'warning', `${templateName} is an HCL2 template: Packer fails on every -var it does not declare ("Undefined -var variable").`,
        `Declare each of: ${variables.map((v) => v.name).join(', ')}.`)
    }
    const declared = input.templateVariables?.(template)
    const passed = new Set(variables.map((v) => v.name))
    for (const name of declared?.required ?? []) {
      if (passed.has(name)) continue
      const gone = dropped.find((d) => d.name === name)
      problem('bake/required-variable', 'error', gone
        ? `required variable not set: ${name} (the template ${templateName} requires it; it would come from ${gone.source}: ${gone.from}, which is ${gone.reason})`
        : `required variable not set: ${name} (the template ${templateName} requires it, and Rosco never passes it)`,
        gone?.fix ?? `Give it a default in ${templateName}, or pass it with --extended-attribute ${name}=VALUE.`)
    }
  }

  for (const parameter of input.rosco.additionalParameters) {
    problem('bake/additional-parameters', 'warning', `Rosco's packer.additionalParameters "${parameter}" (${input.rosco.file}) is not part of this plan.`, 'Check it by hand: galley does not add it to the command.')
  }

  const argv = ['packer', 'build', '-color=false']
  for (const v of variables) argv.push('-var', `${v.name}=${v.value}`)
  if (varFile) argv.push(`-var-file=${varFile.path}`)
  argv.push(template.path)

  return {
    provider: providerName,
    deployment: deployment.name,
    request,
    baseImage: request.base_os,
    ...(knownType ? { packageType: knownType } : {}),
    packages: packages.map((pkg) => ({ given: pkg.given, install: pkg.install, ...(pkg.arch ? { arch: pkg.arch } : {}) })),
    ...(accountName ? { account: accountName } : {}),
    template,
    ...(varFile ? { varFile } : {}),
    imageName,
    configDir: input.configDir,
    variables,
    dropped,
    argv,
    problems,
  }
}

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
  return {
    ...plan,
    // The request is echoed too: its secret-looking extended attributes go the same way.
    request: attributes
      ? { ...plan.request, extended_attributes: Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, isSecretKey(k) ? REDACTED : v])) }
      : plan.request,
    variables: plan.variables.map((v) => (v.secret ? { ...v, value: REDACTED } : v)),
    argv: plan.argv.map((token) => {
      const prefix = secrets.find((s) => token.startsWith(s))
      return prefix ? `${prefix}${REDACTED}` : token
    }),
  }
}

/** The secret values of a plan, to scrub from logs and Packer's output. */
export function secretValues(plan: BakePlan): string[] {
  return plan.variables.filter((v) => v.secret && v.value !== REDACTED).map((v) => v.value)
}

export const planErrors = (plan: BakePlan, ignore: ReadonlySet<string> = new Set()) =>
  plan.problems.filter((p) => (p.severity === 'error' || p.severity === 'fatal') && !ignore.has(p.rule))

