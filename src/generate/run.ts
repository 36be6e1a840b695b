import { holdsSecrets } from '../lib/redact.js'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { readDeployment } from '../config/read-deployment.js'
import { halPaths } from '../config/paths.js'
import { loadYamlFile } from '../config/source.js'
import { failed } from '../lib/errors.js'
import { baselineDeployment, diffDeployments, type DeploymentDiff } from './diff.js'
import { kustomizeComponent } from './kustomize.js'
import { spinnakerServicePatch, OPERATOR_HEADER } from './operator.js'
import { describeBaseImages, plainSecrets, renderRoscoLocal, roscoSettings, type AccountFile, type BaseImageMode, type ProviderSummary } from './rosco.js'
import { readGenerateSource, type GenerateSource, type PackerFile } from './source.js'
import { writeGeneratedDir, writeGeneratedFile, type GeneratedFile, type WrittenFile } from './write.js'
import { PROVIDER_NAMES } from '../providers/index.js'
import { noneOf } from '../providers/words.js'

/** The operations behind `hal config generate ...`: read the deployment, build the files, write them. */

export interface GenerateRequest {
  halDir: string
  /** --file: the deployment is kept in this file (see source.ts). */
  file?: string
  halDirFlag?: string
  deployment?: string
  output: string
  force: boolean
}

export interface RoscoRequest extends GenerateRequest {
  baseImages: BaseImageMode
  secretsDir: string
}

export interface GenerateResult {
  deployment: string
  output: string
  files: WrittenFile[]
  /** Files an earlier run generated that this one no longer does. */
  removed: string[]
  warnings: string[]
}

export interface RoscoResult extends GenerateResult {
  providers: ProviderSummary[]
  baseImages: { mode: BaseImageMode; description: string[] }
  /** Account files to mount into the container: local path → container path. Never copied. */
  accountFiles: AccountFile[]
  packer: Array<{ name: string; origin: PackerFile['origin']; overridesStock: boolean; mode: string }>
}

export interface KustomizeResult extends RoscoResult {
  /** The Secret to create for the account files (kubectl create secret generic ...). */
  secret?: { name: string; keys: Array<{ key: string; local: string }> }
  sizes: Array<{ configMap: string; bytes: number }>
}

/** rosco-local.yml and the packer tree, shared by the rosco and kustomize generators. */
function roscoParts(source: GenerateSource, request: RoscoRequest) {
  const rosco = roscoSettings(source.config, source.profile?.value, { baseImages: request.baseImages, secretsDir: request.secretsDir, imagesLocal: source.imagesLocal?.value })
  const text = renderRoscoLocal(source.deployment, rosco, request.baseImages)
  // A plain passphrase in it: only its owner reads it.
  const mode = plainSecrets(rosco.settings).length > 0 ? 0o600 : 0o644
  // The custom files only: they go beside Rosco's stock ones, never over the whole directory.
  const packer = [...source.custom].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  const warnings = [...rosco.warnings]
  for (const file of packer) {
    if (holdsSecrets(file.content.toString('utf8'))) warnings.push(`packer/${file.name} holds a secret value (a variable's default, a password): it is written as it is, for Rosco to use. Keep the generated files private, or pass the value at bake time instead.`)
  }
  if (rosco.providers.every((p) => !p.written)) warnings.unshift(`${noneOf(PROVIDER_NAMES)} is enabled in deployment ${source.deployment}: rosco-local.yml sets only rosco.configDir.`)
  for (const p of rosco.providers) {
    if (!p.written && p.halconfigImages.length > 0) warnings.push(`${p.provider} has bakery settings but is not enabled: it was left out (hal config provider ${p.provider} enable).`)
  }
  for (const file of source.ignoredProfiles) warnings.push(`${file} is not carried over: move what it sets into profiles/rosco-local.yml (merged in) or the halconfig.`)
  return { rosco, text, mode, packer, warnings }
}

function roscoSummary(source: GenerateSource, request: RoscoRequest, parts: ReturnType<typeof roscoParts>) {
  return {
    deployment: source.deployment,
    providers: parts.rosco.providers,
    baseImages: { mode: request.baseImages, description: describeBaseImages(parts.rosco.providers, request.baseImages) },
    accountFiles: parts.rosco.accountFiles,
    packer: parts.packer.map((f) => ({ name: f.name, origin: f.origin, overridesStock: f.overridesStock, mode: `0${f.mode.toString(8)}` })),
  }
}

/** Layout: rosco-local.yml, and packer/ as Rosco's packer directory. */
export function generateRosco(request: RoscoRequest): RoscoResult {
  const source = readGenerateSource(request.halDir, request.deployment, request)
  const parts = roscoParts(source, request)
  const files: GeneratedFile[] = [
    { path: 'rosco-local.yml', content: parts.text, mode: parts.mode },
    ...parts.packer.map((f) => ({ path: `packer/${f.name}`, content: f.content, mode: f.mode })),
  ]
  const written = writeGeneratedDir(request.output, files, { force: request.force, command: 'hal config generate rosco' })
  return { ...roscoSummary(source, request, parts), output: written.dir, files: written.files, removed: written.removed, warnings: parts.warnings }
}

export function generateKustomize(request: RoscoRequest): KustomizeResult {
  const source = readGenerateSource(request.halDir, request.deployment, request)
  const parts = roscoParts(source, request)
  const component = kustomizeComponent({
    deployment: source.deployment,
    roscoLocal: parts.text,
    roscoLocalMode: parts.mode,
    packer: parts.packer,
    accountFiles: parts.rosco.accountFiles,
    secretsDir: request.secretsDir,
  })
  const written = writeGeneratedDir(request.output, component.files, { force: request.force, command: 'hal config generate kustomize' })
  return {
    ...roscoSummary(source, request, parts),
    output: written.dir,
    files: written.files,
    removed: written.removed,
    warnings: [...parts.warnings, ...component.warnings],
    secret: component.secret,
    sizes: component.sizes,
  }
}

export interface OperatorResult extends GenerateResult {
  name: string
  /** Keys of spec.spinnakerConfig.files. */
  packerFiles: string[]
  profile: boolean
  /** Config paths Halyard does not know, moved to profiles.rosco. */
  moved: string[]
}

/** `output` "-" returns the text without writing it (the command prints it). */
export function generateOperator(request: GenerateRequest & { name: string }): OperatorResult & { text: string } {
  const source = readGenerateSource(request.halDir, request.deployment, request)
  const patch = spinnakerServicePatch(source, { name: request.name })
  const base = { deployment: source.deployment, name: request.name, packerFiles: patch.files, profile: source.profile !== undefined, moved: patch.moved, removed: [], warnings: patch.warnings, text: patch.text }
  if (request.output === '-') return { ...base, output: '-', files: [] }
  const written = writeGeneratedFile(request.output, patch.text, { force: request.force, header: OPERATOR_HEADER })
  return { ...base, output: written.file, files: [{ path: written.file, mode: '0600', status: written.status }] }
}

export interface DiffRequest {
  halDir: string
  deployment?: string
  /** A halconfig or bare deployment file; default: Halyard's last-deployed snapshot. */
  against?: string
}

export interface DiffResult extends DeploymentDiff {
  deployment: string
  /** The older version's file. */
  against: string
  /** True when the baseline is Halyard's .backup/config. */
  lastDeployed: boolean
  identical: boolean
}

/** The deployment now against its last-deployed snapshot (or a given file). */
export function diffDeployment(request: DiffRequest): DiffResult {
  const { deployment } = readDeployment(request.halDir, request.deployment)
  const against = resolve(request.against ?? halPaths(request.halDir).lastDeployed)
  if (request.against === undefined && !existsSync(against)) {
    throw failed(`there is no last-deployed snapshot ${against} to compare with`, {
      code: 'NO_LAST_DEPLOYED',
      remediation: 'Halyard writes it after a deploy (hal deploy apply). Compare with another version of the config with --against FILE.',
      data: { file: against },
    })
  }
  const before = baselineDeployment(loadYamlFile(against), deployment.name)
  const diff = diffDeployments(before, deployment.value)
  return { deployment: deployment.name, against, lastDeployed: request.against === undefined, identical: diff.changes.length === 0, ...diff }
}
