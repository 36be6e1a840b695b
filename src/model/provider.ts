/**
 * What a cloud provider is to galley: one `Provider` per file under src/providers/, registered
 * in src/providers/index.ts. Nothing outside src/providers/ names a provider; every command,
 * check and generator reads these descriptions (test/unit/provider-names.test.ts holds the line).
 *
 * A provider file writes a `ProviderDefinition` and passes it to `defineProvider`
 * (src/providers/define.ts), which reads the provider's JSON schema
 * (schemas/<name>.schema.json) and fills in each field's type, description and default from it.
 *
 * Closed sets (packageType, osType, virtualization types...) are `enum`s in the schema; code reads
 * them with `schemaEnum` (src/providers/define.ts), never from a list of its own.
 *
 * Type-only imports: this file runs nothing.
 */
import type { Plain } from './plain.js'
import type { ValuePath } from './value-path.js'
import type { BakeRequest } from './bake-request.js'
import type { OsPackageName } from './package-names.js'
import type { Rule } from './rule.js'
import type { Severity } from './problem.js'

/** A provider's name: its key under a deployment's `providers` and its word on the command line (`hal config provider NAME`). */
export type ProviderName = string

// ====================================================================== fields

export type FieldType = 'string' | 'boolean' | 'list'

/** One setting of a provider section, as flags, prompts and checks see it. */
export interface Field {
  /** The key in the halconfig; a dotted key is nested (`permissions.READ`). */
  key: string
  /** The command-line flag, without dashes. */
  flag: string
  /** Other spellings of the flag: Halyard's where they differ (`tenancyId`, `set-alpha-listed`). */
  aliases?: string[]
  /**
   * A list's one-entry flags on edit, without dashes (Halyard's `--add-region` / `--remove-region`);
   * the singular noun of the list (`region`).
   */
  entry?: string
  type: FieldType
  /**
   * A list whose entries are mappings of one key, from the schema (aws account regions, Halyard's
   * AwsRegion: `{name: us-east-1}`): the flag's values are written as `{itemKey: value}`.
   */
  itemKey?: string
  /** Help text, from the schema. */
  description: string
  default?: unknown
  /** The schema's `enum` for the key (null left out), when it has one: flags and prompts offer these. */
  options?: readonly string[]
  /**
   * Never printed: shown as <redacted>. Its flag takes no value after a space (Halyard's
   * `password = true`): it is asked for without echo, or read from stdin.
   */
  secret?: boolean
  /** A path on this machine that must exist and be readable; given relative, it is resolved against the current directory. */
  localFile?: boolean
  /** A file name inside the deployment's packer directory (Rosco's configDir). */
  packerFile?: boolean
  /** Required by Halyard's add command (Azure's --publisher, --offer, --sku). */
  required?: boolean
  /** Answered in the wizard by a search over a catalogue (the provider's wizard.search). */
  search?(term: string | undefined, current: string | undefined): Array<{ value: string; name: string; description?: string }>
}

/** The part of a JSON schema galley reads. */
export interface JsonSchema {
  $ref?: string
  type?: string | string[]
  description?: string
  default?: unknown
  enum?: unknown[]
  properties?: Record<string, JsonSchema>
  definitions?: Record<string, JsonSchema>
  items?: JsonSchema
  required?: string[]
  oneOf?: JsonSchema[]
  anyOf?: JsonSchema[]
}

/**
 * The shape of a base image entry's `virtualizationSettings`:
 * - `object`: one object (google, oracle);
 * - `list`: a list of objects, one picked per bake by `settingsKey` (aws: region and virtualizationType);
 * - `none`: no settings at all (azure: Halyard writes an empty object, Rosco ignores it).
 */
export type VirtualizationShape =
  | { kind: 'object' }
  | {
    kind: 'list'
    /** The keys that tell entries apart (aws: ['region', 'virtualizationType']); a repeat is a duplicate. */
    settingsKey: readonly string[]
    /** Key values a new entry takes when its flags are not given, from the bakery defaults (aws: Rosco's default vm type). */
    newEntryDefaults?: (bakery: Readonly<Record<string, unknown>>) => Record<string, unknown>
  }
  | { kind: 'none' }

// ====================================================================== Rosco's variables

/** Where a variable's value came from, for the plan's provenance. */
export type VariableSource = 'base image' | 'bakery defaults' | 'account' | 'request' | 'extended attribute' | 'computed' | 'rosco settings'

export interface PutOptions {
  /** Masked in plans and logs (the provider's `masked` names are always secret). */
  secret?: boolean
  /** How to set it: shown when the value is missing and a template needs it. */
  fix?: string
}

/**
 * Rosco's parameter map as the plan fills it (bake/plan.ts): `set` is `map.put` (a later put of
 * a key replaces its value in place); `setIf` is `if (value) map.put(...)`, else the variable is
 * noted as not passed with its reason and fix. Values Groovy finds false (null, '', false, 0) are
 * dropped from the command either way, as LocalJobFriendlyPackerCommandFactory does.
 */
export interface VariableSink {
  set(name: string, value: unknown, source: VariableSource, from: string, options?: PutOptions): void
  setIf(name: string, value: unknown, source: VariableSource, from: string, options?: PutOptions): void
}

/** Reports a plan problem; `path` is a halconfig path (absolute), located by the plan. */
export type ReportProblem = (rule: string, severity: Severity, message: string, remediation: string | undefined, path?: ValuePath) => void

/** Everything a provider's buildParameterMap sees. */
export interface VariableContext extends VariableSink {
  request: BakeRequest
  /** Rosco's URL region (the `region` of the request, for providers that take one); undefined otherwise. */
  region?: string
  /** bakeryDefaults with the schema's defaults under what is configured. */
  bakery: Plain
  /** bakeryDefaults as written (to tell a set key from a default). */
  configured: Plain
  /** The chosen base image (`baseImage` of the entry, or what the provider made up without one). */
  image: Plain
  /** The chosen base image entry, when one matched. */
  entry?: Plain
  /** The chosen virtualization settings ({} when none). */
  settings: Plain
  /** The account Rosco uses, when the provider has accounts and one was found. */
  account?: Plain
  accountName?: string
  /** The image name (the provider's `imageName`, else Rosco's ImageNameFactory), and how it was made. */
  imageName: string
  imageFrom: string
  /** The appversion Rosco builds, and whether frigga accepts it. */
  appversion: { value?: string; accepted: boolean }
  /** Puts appversion as Rosco does (not when frigga rejects it), with its provenance. */
  putAppversion(): void
  artifactFile: string
  manifestFile: string
  /** Provenance text: `bakeryDefaults key (unset: Halyard's default)`, `ACCOUNT.key`, `BASE_OS virtualizationSettings.key`. */
  from: { bakery(key: string): string; account(key: string): string; settings(key: string): string; image(key: string): string }
  /** Fix text: the `hal config provider ...` command that sets the key, flags taken from the fields; `value` as written (VALUE when not given). */
  fix: { bakery(key: string, value?: string): string; account(key: string, value?: string): string; settings(key: string, value?: string): string; image(key: string, value?: string): string }
  problem: ReportProblem
  /** Absolute halconfig paths of the chosen parts, for problems. */
  paths: { section: ValuePath; bakery: ValuePath; image?: ValuePath; settings?: ValuePath }
}

/** A variable of the provider's lint table: whether Rosco passes it on every bake or only when set. */
export interface RoscoVariable {
  name: string
  passed: 'always' | 'when-set'
  /** Where Rosco takes the value from (for messages). */
  from: string
}

/** Rosco's image-name parts, each with why it is there (`[value, why]`). */
export interface ImageName {
  name: string
  parts: Array<[string, string]>
}

export interface ImageNameContext {
  request: BakeRequest
  /** The request's packages then its artifacts, parsed. */
  named: readonly OsPackageName[]
  nowMs: number
  /** 'first package' or 'first artifact'. */
  firstIs: string
  /** Rosco's default ImageNameFactory, for providers that build on it. */
  defaultName(): ImageName
}

// ====================================================================== base image choice

export interface BaseChoiceContext {
  /** The provider (for its name in messages and its fields' flags). */
  provider: Provider
  request: BakeRequest
  /** Rosco's URL region, for providers that take one. */
  region?: string
  /** bakeryDefaults with defaults applied. */
  bakery: Plain
  /** Absolute path of bakeryDefaults, for problems. */
  bakeryPath: ValuePath
  problem: ReportProblem
}

/** What `findBaseImage` / `findVirtualizationSettings` settle on. */
export interface BaseChoice {
  /** Index in bakeryDefaults.baseImages, -1 when none matched (or none was needed). */
  index: number
  entry?: Plain
  /** The entry's baseImage, or what the provider makes up without one (azure without base_os). */
  image: Plain
  /** The chosen settings ({} when none). */
  settings: Plain
  /** Absolute path of the chosen settings, for problems. */
  settingsPath?: ValuePath
  /** Template name when neither request nor base image gives one and it is not the bakery's (azure by os_type). */
  template?: string
  /** Package type when the image has none (azure by os_type). */
  packageType?: string
  /** Rosco stops here (its error was reported): no variables are worth checking. */
  stops?: boolean
}

// ====================================================================== packer output

export interface BakedImage {
  name: string
  /** The image's id where the provider has one apart from the name (oracle OCID, aws AMI id, azure managed image id). */
  id?: string
  /** Further regions' images (aws copies): region and id. */
  copies?: Array<{ region: string; id: string }>
  /** How it was found. */
  from: 'manifest' | 'log'
}

// ====================================================================== bake request

/**
 * A bake request field only some providers take, as the bake commands offer it: one row from
 * flag to Rosco's BakeRequest field.
 */
export interface RequestField {
  /** The flag, without dashes (`source-image`). */
  flag: string
  /** Rosco's BakeRequest field (`base_ami`), a key of BakeRequest. */
  field: string
  type: 'string' | 'boolean'
  /** Allowed values (for an enum read from the schema, e.g. aws vm_type). */
  options?: readonly string[]
  description: string
  /** Rosco reads it from the URL (`/api/v1/<region>/bake`), not the JSON body. */
  inUrl?: boolean
  /** Required for this provider's bakes. */
  required?: boolean
}

// ====================================================================== the description

/** What a provider file writes. `defineProvider` turns it into a `Provider`. */
export interface ProviderDefinition {
  name: ProviderName
  /** For messages: `Google Compute Engine`. */
  title: string
  /** Rosco's cloud_provider_type (`gce`). */
  roscoType: string
  /** How Rosco's messages name it (`Could not resolve Google account`). */
  roscoTitle: string
  /** The keys the section may have under `providers`, the old name first (oracle: ['oraclebmcs', 'oracle']); default [name]. */
  sectionKeys?: readonly string[]
  /** The prefix of its Packer variables (`gce_`), for the provider-names scan and lint. */
  variablePrefix: string
  /** schemas/<schemaName>.schema.json; default name. */
  schemaName?: string

  // ------------------------------------------------------------ fields (keys of the schema's definitions)
  /** bakeryDefaults keys (without baseImages), in flag order. */
  bakery: readonly string[]
  /** baseImage keys (without id). */
  image: readonly string[]
  /** virtualizationSettings keys (empty for `none`). */
  virtualization: readonly string[]
  virtualizationShape: VirtualizationShape
  /** Account keys a bake needs (without name); the wizard asks for these. */
  account: readonly string[]
  /** Halyard's other account keys (access, environment, regions...): flags only. */
  accountMore: readonly string[]
  /** Flags named otherwise than the kebab-case key (imageFamily -> is-image-family). */
  flagNames?: Readonly<Record<string, string>>
  aliases?: Readonly<Record<string, string[]>>
  entries?: Readonly<Record<string, string>>
  secrets?: readonly string[]
  localFiles?: readonly string[]
  /** Keys Halyard's add command requires. */
  requiredOnAdd?: readonly string[]
  /** baseImage values Halyard's base-image add writes when their flag is not given (azure: version latest). */
  imageAddDefaults?: Readonly<Record<string, string>>

  // ------------------------------------------------------------ bakes
  bake: BakeDescription
  // ------------------------------------------------------------ Packer
  packer: PackerDescription
  // ------------------------------------------------------------ config, generate, validate
  config: ConfigDescription
  /** The provider's config rules (ids `<name>/...`), run before the common base-image rules. */
  rules: readonly Rule[]
  /** Rules run after the common base-image rules (google's bakery/image-name), so that problems keep their order. */
  baseImageRules?: readonly Rule[]
  /** Examples for --help and the README (test/e2e/examples.test.ts runs them). */
  examples: {
    account: { name: string; add: string; edit: string }
    image: { id: string; add: string; edit: string }
    /** A package as the base image's package type names it, for bake examples (`nginx`). */
    package: string
    /** Flags of `bakery edit` for its example. */
    bakery: string
  }
  /** A base image's source for `base-image list` (`family ubuntu-2204-lts`); undefined when it has none. */
  sourceSummary?(settings: Plain): string | undefined
  wizard?: WizardDescription
}

export interface BakeDescription {
  /** Rosco's parameter map: a Groovy map literal (LinkedHashMap, insertion order) or a java.util.HashMap (hash order). */
  parameterMap: 'linked' | 'hash'
  /** Whether bakes need an account of the section (google, oracle, azure) or none (aws: keys in bakeryDefaults). */
  account: 'required' | 'none'
  /** The provider's buildParameterMap, in Rosco's order; the common recipe (repository, package_type...) follows it. */
  putVariables(context: VariableContext): void
  /** Rosco's maskedPackerParameters: secret in every plan and log. */
  masked: readonly string[]
  /** The provider's variables for template lint (the common ones are added by templates/rosco-variables.ts). */
  variables: readonly RoscoVariable[]
  /**
   * Picks the base image and settings (findBaseImage + findVirtualizationSettings), reporting
   * Rosco's errors. Unset: the first entry whose baseImage.id is base_os, its one settings object,
   * and `No virtualization settings found for '<base_os>'.`.
   */
  chooseBase?(context: BaseChoiceContext): BaseChoice
  /** The image name; unset: Rosco's ImageNameFactory (ami_name/first package, arch, ami_suffix/millis, base_os). */
  imageName?(context: ImageNameContext): ImageName
  /** Checks after the variables are known (google: the image name as GCE takes it). */
  planChecks?(context: VariableContext): void
  /** Rosco's error when account_name names no account: `Could not resolve Google account: (account_name=x).` (with account 'required'). */
  unknownAccount?(name: string): string
  /** What Rosco takes from the first account, for the no-account error: `project`, `credentials` (with account 'required'). */
  accountPurpose?: string
  /**
   * Request fields only this provider takes (google --source-image -> base_ami). A flag several
   * providers take maps to the same field in each; giving it for another provider is a usage error.
   */
  requestFields: readonly RequestField[]
  /** Where a bake's source image comes from, for messages about another provider's source flag: oracle's baseImageId, an OCID. */
  source?: { settingsKey: string; example: string }
  /** Errors that mean Rosco stops before Packer (bake/source-image ...), beyond the common ones. */
  stoppingRules?: readonly string[]
}

export interface PackerDescription {
  /** Packer builder types Rosco bakes this provider with (`googlecompute`). */
  builders: readonly string[]
  /** Rosco's stock templates for it, the default first (`gce.json`). */
  stockTemplates: readonly string[]
  /**
   * The variables Rosco's own copies of its stock HCL2 templates declare, by template name, where
   * galley's shipped copy of the same name declares more (azure-linux.pkr.hcl): a plan of a bake on
   * Rosco's stock file checks what Rosco passes against these.
   */
  roscoStockDeclared?: Readonly<Record<string, readonly string[]>>
  /** Other stock files of Rosco's packer directory that are the provider's (aws: scripts/aws-windows.userdata...). */
  stockFiles?: readonly string[]
  /** Stock templates galley ships its own copy of (under templates/), for validate and test bakes. */
  shipped?: readonly string[]
  /** Stock templates Rosco runs with sudo (Rosco's templatesNeedingRoot default: aws-chroot.json). */
  templatesNeedingRoot?: readonly string[]
  /**
   * What must run as root: these builders (amazon-chroot mounts and chroots into a volume), and
   * the stock templates that use one. A bake on such a template needs it in templatesNeedingRoot.
   */
  needsRoot?: { builders: readonly string[]; stockTemplates: readonly string[] }
  /** Values `packer validate` is given for the provider's variables (well-formed, fake). */
  dummyValues: Readonly<Record<string, string>>
  /** What `packer validate` of the provider's builders needs on this machine, for help text (`no cloud credentials`). */
  validateNeeds: string
  /** Writes files the dummy values point to (oracle: a PKCS#1 key) under `dir`; returns the variables naming them. */
  writeFiles?(dir: string): Record<string, string>
  /**
   * Variables passed to `packer validate` besides the always-passed ones, given what the template
   * declares (google: gce_source_image_family or gce_source_image).
   */
  extraValidateVariables?(declared: ReadonlySet<string>): string[]
  /** The baked image from Packer's output (lines) and the manifest file's text, as Rosco's scrapePackerOutput reads it. */
  bakedImage(lines: readonly string[], manifest: string | undefined): BakedImage | undefined
}

export interface ConfigDescription {
  /** Account keys Rosco binds (generate rosco); Halyard's others are for Clouddriver. */
  roscoAccountKeys: readonly string[]
  /** Halyard's model keys (generate operator: anything else fails Halyard's strict parser). */
  halyardKeys: { bakeryDefaults: readonly string[]; entry: readonly string[]; baseImage: readonly string[]; virtualizationSettings: readonly string[] }
  /** bakeryDefaults keys galley models that Halyard's model lacks (config/service.ts routes them to profiles.rosco). */
  roscoOnlyBakeryKeys: readonly string[]
  /** baseImage keys whose name differs in Rosco's files: Halyard's -> Rosco's (imageFamily -> isImageFamily). */
  roscoImageKeys?: Readonly<Record<string, string>>
  /** Halyard's key order (config/key-order.ts), after the common keys. */
  keyOrder: { bakery: readonly string[]; baseImage: readonly string[]; virtualization: readonly string[]; account: readonly string[] }
  /** Rosco's stock base images (rosco.yml / halconfig images.yml), in Rosco's key names. */
  stockBaseImages: readonly Plain[]
  /** Spring nesting Rosco still reads: google.gce.bakeryDefaults -> `gce`; `note` says what it is (`Rosco's old place for the Google bakery settings (deprecated in 2017, still read)`). */
  legacyNesting?: { key: string; note: string }
  /**
   * Rules about bakery settings Rosco keeps in rosco.yml (google/zone): skipped in a file of base
   * images only (images.yml, images-local.yml).
   */
  bakerySettingRules?: readonly string[]
}

export interface WizardDescription {
  /** Fields answered with a search over a catalogue (oracle instanceShape), typed to filter. */
  search?: Readonly<Record<string, {
    choices(term: string | undefined, current: string | undefined): Array<{ value: string; name: string; description?: string }>
  }>>
  /** Groups of keys of which one is set (google sourceImage / sourceImageFamily). */
  oneOf?: ReadonlyArray<readonly string[]>
  /**
   * `--options FLAG` (Halyard's NestableCommand) for flags whose values galley knows without a
   * cloud: the values, or the form a value has. Keyed by flag name.
   */
  options?: Readonly<Record<string, { values: readonly string[]; form?: string }>>
}

/** A provider as the rest of galley reads it: the definition with its fields resolved against the schema. */
export interface Provider extends Omit<ProviderDefinition, 'bakery' | 'image' | 'virtualization' | 'account' | 'accountMore' | 'sectionKeys'> {
  sectionKeys: readonly string[]
  /** bakeryDefaults fields (without baseImages). */
  bakery: Field[]
  /** baseImage fields (without id). */
  image: Field[]
  /** virtualizationSettings fields. */
  virtualization: Field[]
  /** Account fields a bake needs (without name). */
  account: Field[]
  /** Halyard's other account settings. */
  accountMore: Field[]
  /** The provider's JSON schema. */
  schema: JsonSchema
  /** Default stock template (packer.stockTemplates[0]). */
  stockTemplate: string
}
