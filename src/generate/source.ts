import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { noteSecretsInText } from '../lib/redact.js'
import { readDeployment } from '../bakery/session.js'
import { getPlain } from '../config/edit.js'
import { SERVICE_FILES, SERVICE_ROSCO_PROFILE } from '../config/service.js'
import { templateHomeFor } from '../templates/references.js'
import { isPlainObject, type Plain } from '../config/halconfig.js'
import { deploymentPaths } from '../config/paths.js'
import { loadYamlFile } from '../config/source.js'
import { failed, ioError } from '../lib/errors.js'
import { confinedPath, customFiles, packerDirOf } from '../templates/library.js'
import { SHIPPED_TEMPLATES, STOCK_TEMPLATES, shippedTemplatesDir } from '../templates/stock.js'

/**
 * What the generators read from a hal directory: one deployment's config, its Rosco profile
 * and its packer directory. Read once here, so that every generator is a pure function of it.
 */

/** A file of Rosco's packer directory as it will be deployed. */
export interface PackerFile {
  /** Relative to the packer directory, with / separators. */
  name: string
  content: Buffer
  /** 0755 when the source has any execute bit, else 0644: Rosco runs as another user than the owner. */
  mode: 0o644 | 0o755
  /** stock: galley's shipped copy of a Rosco stock file; custom: from profiles/rosco/packer/. */
  origin: 'stock' | 'custom'
  /** A custom file named like one of Rosco's stock files: it replaces it. */
  overridesStock: boolean
}

export interface GenerateSource {
  deployment: string
  /** The deployment as written in the halconfig. */
  config: Plain
  packerDir: string
  /** The deployment's custom files only. */
  custom: PackerFile[]
  /** `profiles/rosco-local.yml`: Halyard put it beside the settings it generated, and it won. */
  profile?: { file: string; value: Plain }
  /** Profile files Halyard used for Rosco that the generators do not carry over. */
  ignoredProfiles: string[]
}

const modeOf = (mode: number): PackerFile['mode'] => (mode & 0o111 ? 0o755 : 0o644)

/** galley's shipped copies of Rosco's stock files for the providers it manages. */
export function stockPackerFiles(): PackerFile[] {
  return SHIPPED_TEMPLATES.map((name) => {
    const path = join(shippedTemplatesDir(), name)
    return { name, content: readFileSync(path), mode: modeOf(statSync(path).mode), origin: 'stock' as const, overridesStock: false }
  })
}

function readCustom(packerDir: string): PackerFile[] {
  return customFiles(packerDir).map((file) => {
    const real = confinedPath(packerDir, file.name)
    if (real === undefined) {
      throw failed(`${file.path} is a link to outside the packer directory (or to something that is not a file); it is not carried over`, {
        code: 'NOT_CONFINED',
        remediation: `Replace the link with a copy of the file: hal config bakery template add FILE --name ${file.name} --force`,
        data: { path: file.path },
      })
    }
    let content: Buffer
    try {
      content = readFileSync(real)
      noteSecretsInText(content.toString('utf8'))
    } catch (error) {
      throw ioError(error, file.path, 'read')
    }
    return { name: file.name, content, mode: modeOf(statSync(real).mode), origin: 'custom' as const, overridesStock: STOCK_TEMPLATES.includes(file.name) }
  })
}

function readProfile(file: string): GenerateSource['profile'] {
  if (!existsSync(file)) return undefined
  const parsed = loadYamlFile(file)
  if (parsed.value === null) return undefined
  if (!isPlainObject(parsed.value)) {
    throw failed(`${file} must be a mapping of Rosco settings`, { code: 'PROFILE_SHAPE', remediation: 'Fix the file, or move it away to generate without it.' })
  }
  return { file, value: parsed.value }
}

/** --file: the deployment is kept in this file; --hal-dir as given is a place for its templates. */
export interface FileSource {
  file?: string
  halDirFlag?: string
}

export function readGenerateSource(halDir: string, requested?: string, from: FileSource = {}): GenerateSource {
  if (from.file !== undefined) return readFileSource(halDir, requested, from.file, from.halDirFlag)
  const { deployment } = readDeployment(halDir, requested)
  const packerDir = packerDirOf(halDir, deployment.name)
  const paths = deploymentPaths(halDir, deployment.name)
  const ignoredProfiles = ['rosco.yml', 'images-local.yml'].map((name) => join(paths.profiles, name)).filter((file) => existsSync(file))
  return {
    deployment: deployment.name,
    config: deployment.value,
    packerDir,
    custom: readCustom(packerDir),
    profile: readProfile(paths.roscoLocal),
    ignoredProfiles,
  }
}

/** What Rosco sees in its packer directory: galley's stock files, then the custom ones (a custom file replaces the stock one). */
export function packerTree(source: Pick<GenerateSource, 'custom'>): PackerFile[] {
  const byName = new Map<string, PackerFile>()
  for (const file of stockPackerFiles()) byName.set(file.name, file)
  for (const file of source.custom) byName.set(file.name, file)
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

/**
 * The source of a deployment kept in a --file: its config; its custom templates from its
 * template home (references.ts); its Rosco profile from the hal directory it sits in, or, for a
 * SpinnakerService, spec.spinnakerConfig.profiles.rosco (what the operator gives Rosco).
 */
function readFileSource(halDir: string, requested: string | undefined, file: string, halDirFlag?: string): GenerateSource {
  const read = readDeployment(halDir, requested, file)
  const kind = read.opened!.detected.kind
  const value = read.loaded.parsed.value
  const home = templateHomeFor(file, kind, value, read.deployment.name, halDirFlag)
  let custom: PackerFile[] = []
  let packerDir = `${file} (no packer directory: ${home.because})`
  let profile: GenerateSource['profile']
  const ignoredProfiles: string[] = []
  if (home.kind === 'hal-dir') {
    packerDir = home.packerDir
    custom = readCustom(home.packerDir)
    const paths = deploymentPaths(home.halDir, read.deployment.name)
    profile = readProfile(paths.roscoLocal)
    ignoredProfiles.push(...['rosco.yml', 'images-local.yml'].map((name) => join(paths.profiles, name)).filter((f) => existsSync(f)))
  } else if (home.kind === 'manifest') {
    packerDir = `${file} (${SERVICE_FILES.join('.')})`
    custom = [...home.files].map(([name, content]) => ({
      name,
      content: Buffer.from(content, 'utf8'),
      mode: content.startsWith('#!') ? 0o755 as const : 0o644 as const,
      origin: 'custom' as const,
      overridesStock: STOCK_TEMPLATES.includes(name),
    }))
  }
  if (kind === 'spinnaker-service') {
    const rosco = getPlain(value, SERVICE_ROSCO_PROFILE)
    if (isPlainObject(rosco)) profile = { file: `${file} (${SERVICE_ROSCO_PROFILE.join('.')})`, value: rosco }
  }
  return { deployment: read.deployment.name, config: read.deployment.value, packerDir, custom: custom.sort((a, b) => (a.name < b.name ? -1 : 1)), profile, ignoredProfiles }
}
