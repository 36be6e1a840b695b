import { basename } from 'node:path'
import { isPlainObject, type Plain } from '../model/plain.js'
import { PROVIDERS, SECTION_KEYS } from '../providers/index.js'
import { OTHER_PROVIDERS } from '../providers/others.js'
import { exampleProvider } from '../providers/words.js'

/**
 * The kinds of file operators keep their bakery settings in (SPEC.md §13). Each is read differently:
 * - `halconfig`: Halyard's `~/.hal/config` (deploymentConfigurations, currentDeployment).
 * - `deployment`: one deployment on its own (kleat's halconfig, the operator's `spec.spinnakerConfig.config`).
 * - `spinnaker-service`: the operator's SpinnakerService manifest, alone or in a multi-document file.
 * - `rosco`: Rosco's own Spring settings (`rosco.yml`, `rosco-local.yml`, `images.yml`, staged profiles).
 * - `packer-template`: a Packer template, JSON or HCL2.
 * - `pre-halyard`: Spinnaker's settings before Halyard (`spinnaker-local.yml`): not a halconfig.
 * - `unknown`: none of these.
 */
export const DOCUMENT_KINDS = ['halconfig', 'deployment', 'spinnaker-service', 'rosco', 'packer-template', 'pre-halyard', 'unknown'] as const
export type DocumentKind = (typeof DOCUMENT_KINDS)[number]

export interface DetectedKind {
  kind: DocumentKind
  /** For a multi-document file: which document (from 0) holds what galley reads. */
  documentIndex?: number
  /** How many YAML documents the file holds. */
  documents: number
  /** Why this kind: the key or name that decided it, for the one line each command prints. */
  because: string
  /** The file is a script (install_packages.sh...), not a document. */
  script?: boolean
}

/** Top-level keys of a deployment (Halyard's DeploymentConfiguration). */
export const DEPLOYMENT_KEYS = [
  'name', 'version', 'providers', 'deploymentEnvironment', 'persistentStorage', 'features', 'metricStores',
  'notifications', 'timezone', 'security', 'artifacts', 'pubsub', 'canary', 'ci', 'repository', 'spinnaker',
  'webhook', 'stats', 'plugins', 'armory', 'telemetry',
] as const

/** Providers whose Rosco settings may sit at a Rosco file's top level. */
/** Spring's relaxed name of a key (as bindingKey, hoisted for the tables below). */
function bindingKeyOf(key: string): string {
  return key.replace(/[-_]/g, '').toLowerCase()
}
const ROSCO_PROVIDERS = [...SECTION_KEYS, ...OTHER_PROVIDERS.flatMap((o) => o.sectionKeys)].map(bindingKeyOf)
/** Keys under a provider section that hold bakery settings: bakeryDefaults, or an old nesting (google's gce). */
const BAKERY_HOLDERS = ['bakeryDefaults', ...PROVIDERS.flatMap((p) => (p.config.legacyNesting ? [p.config.legacyNesting.key] : []))].map(bindingKeyOf)

/** Rosco's own top-level settings (rosco-web/config/rosco.yml) and Spring Boot sections. */
const ROSCO_KEYS = ['rosco', 'packer', 'defaultCloudProviderType', 'default-cloud-provider-type', 'templatesNeedingRoot', 'templates-needing-root']

/** Spring sections that any Spinnaker service's file may hold; alone they say "Spring", not which service. */
const SPRING_KEYS = ['server', 'spectator', 'spinnaker', 'redis', 'logging', 'management', 'spring', 'services', 'swagger', 'plugins', 'okHttpClient', 'ok-http-client', 'sql']

const HALCONFIG_KEYS = ['deploymentConfigurations', 'currentDeployment', 'halyardVersion']

/** At most two edits apart (Levenshtein), for misspelt top-level keys. */
function closeTo(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 2 || a.length < 6) return false
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    previous = row
  }
  return previous[b.length] <= 2
}

export const isSpinnakerService = (value: unknown): value is Plain =>
  isPlainObject(value) && value.kind === 'SpinnakerService' && typeof value.apiVersion === 'string' && /^spinnaker\.(armory\.)?io\//.test(value.apiVersion)

/** Spring relaxed binding: `bakery-defaults`, `bakeryDefaults` and `bakery_defaults` name one key. */
export const bindingKey = (key: string) => key.replace(/[-_]/g, '').toLowerCase()

const hasKey = (value: Plain, key: string) => Object.keys(value).some((k) => bindingKey(k) === bindingKey(key))

function roscoProviderSection(value: Plain): string | undefined {
  for (const [key, section] of Object.entries(value)) {
    if (!ROSCO_PROVIDERS.includes(bindingKey(key)) || !isPlainObject(section)) continue
    const inner = Object.keys(section).find((k) => BAKERY_HOLDERS.includes(bindingKey(k)))
    if (inner) return `${key}.${inner}`
  }
  return undefined
}

/** spinnaker-local.yml: `providers.<p>.primaryCredentials`, or `services.<name>.baseUrl`/`host` entries. */
function preHalyardKey(value: Plain): string | undefined {
  const providers = value.providers
  if (isPlainObject(providers) && Object.values(providers).some((p) => isPlainObject(p) && 'primaryCredentials' in p)) {
    return 'providers.*.primaryCredentials'
  }
  const services = value.services
  if (!('name' in value) && isPlainObject(services) && Object.values(services).some((s) => isPlainObject(s) && ('baseUrl' in s || 'host' in s))) {
    return 'services.*.baseUrl'
  }
  return undefined
}

const looksLikeHcl = (file: string, text: string) =>
  /\.pkr\.hcl$|\.hcl$/.test(file) || /^\s*(source|build|packer|variable|locals)\s+("[^"]*"\s*)*\{/m.test(text)

/**
 * What kind of file this is. `values` are the file's parsed YAML documents (one for most files);
 * a name such as `rosco-local.yml` only breaks ties, the content decides.
 */
export function detectKind(file: string, text: string, values: readonly unknown[]): DetectedKind {
  const documents = values.length
  const name = basename(file)
  const serviceIndex = values.findIndex(isSpinnakerService)
  if (serviceIndex !== -1) return { kind: 'spinnaker-service', documentIndex: serviceIndex, documents, because: 'its kind: SpinnakerService' }
  const value = values.find((v) => v !== null && v !== undefined)
  // Templates YAML reads as something else: HCL2 as one long string, JSON with comments as odd keys.
  if (!isPlainObject(value) && text.trim() !== '' && looksLikeHcl(file, text)) return { kind: 'packer-template', documents, because: 'its HCL2 blocks' }
  if (/^\s*\{/.test(text) && /"builders"\s*:/.test(text) && !(isPlainObject(value) && HALCONFIG_KEYS.some((key) => key in value))) {
    return { kind: 'packer-template', documents, because: 'its key builders' }
  }
  if (!isPlainObject(value)) {
    if (documents === 0 || value === undefined) {
      // Text that is not YAML at all (templates were told above): a script, or something else.
      if (/^#!/.test(text) || /\.(sh|ps1|bash)$/.test(name)) return { kind: 'unknown', documents, because: 'it is a script', script: true }
      if (text.trim() !== '') return { kind: 'unknown', documents, because: 'it does not parse as YAML' }
      return { kind: /^config$|halconfig/.test(name) ? 'halconfig' : 'unknown', documents, because: 'it is empty' }
    }
    return { kind: 'unknown', documents, because: 'its top level is not a mapping' }
  }
  for (const key of HALCONFIG_KEYS) {
    if (key in value) return { kind: 'halconfig', documents, because: `its key ${key}` }
  }
  const misspelt = Object.keys(value).find((k) => HALCONFIG_KEYS.some((key) => key !== k && closeTo(k, key)))
  if (misspelt) return { kind: 'halconfig', documents, because: `its key ${misspelt}, close to a halconfig key` }
  if (Array.isArray(value.builders)) return { kind: 'packer-template', documents, because: 'its key builders' }
  const old = preHalyardKey(value)
  if (old) return { kind: 'pre-halyard', documents, because: `its ${old}` }
  const provider = roscoProviderSection(value)
  if (provider) return { kind: 'rosco', documents, because: `its key ${provider}` }
  const roscoKey = Object.keys(value).find((k) => ROSCO_KEYS.some((r) => bindingKey(r) === bindingKey(k)))
  if (roscoKey) return { kind: 'rosco', documents, because: `its key ${roscoKey}` }
  const deploymentKey = DEPLOYMENT_KEYS.find((key) => key in value)
  if (deploymentKey) return { kind: 'deployment', documents, because: `its key ${deploymentKey}` }
  if (/^(rosco|images)(-[\w.-]+)?\.ya?ml$/.test(name) && Object.keys(value).some((k) => SPRING_KEYS.includes(k) || ROSCO_PROVIDERS.includes(bindingKey(k)))) {
    return { kind: 'rosco', documents, because: `its name ${name}` }
  }
  return { kind: 'unknown', documents, because: 'no key of a known kind' }
}

const KIND_NAMES: Record<DocumentKind, string> = {
  halconfig: 'a halconfig',
  deployment: 'a bare deployment',
  'spinnaker-service': 'a SpinnakerService manifest',
  rosco: "Rosco's Spring settings",
  'packer-template': 'a Packer template',
  'pre-halyard': "a pre-Halyard Spinnaker settings file (spinnaker-local.yml)",
  unknown: 'a file of unknown kind',
}

/** The one line a command prints about how it read a file. */
export function describeKind(file: string, detected: DetectedKind, forced = false): string {
  const where = detected.documentIndex !== undefined && detected.documents > 1 ? ` (document ${detected.documentIndex + 1} of ${detected.documents})` : ''
  const why = forced ? 'as --kind says' : detected.because
  return `Read ${file} as ${KIND_NAMES[detected.kind]}${where} (${why}).`
}

/**
 * The one sentence for a file galley does not validate: what it is and what galley can do with it.
 * (The message of the error `hal config validate --file` ends with, exit 3.)
 */
export function notValidatedSentence(file: string, detected: DetectedKind): { message: string; remediation: string } {
  const kinds = 'halconfigs, bare deployments, SpinnakerService manifests, Rosco\'s settings files and Packer templates'
  if (detected.kind === 'pre-halyard') {
    return {
      message: `${file} is a pre-Halyard Spinnaker settings file (spinnaker-local.yml, ${detected.because}), which Halyard replaced with ~/.hal/config: galley does not validate it.`,
      remediation: `Move its bakery settings into a halconfig (hal config provider ${exampleProvider().name} bakery edit ...), or into Rosco's rosco-local.yml; galley validates ${kinds}. --kind KIND reads the file as one of them.`,
    }
  }
  if (detected.script) {
    return {
      message: `${file} is a script, not a settings file or a template: galley does not validate it on its own.`,
      remediation: 'Templates that name it through {{user `configDir`}}/ are checked for it: hal config bakery template lint.',
    }
  }
  return {
    message: `${file} is not a file galley understands (${detected.because}): galley validates ${kinds}.`,
    remediation: 'Check that this is the right file; --kind KIND reads it as one of those kinds.',
  }
}
