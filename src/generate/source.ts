import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { noteSecretsInText } from '../lib/redact.js'
import { readDeployment } from '../config/read-deployment.js'
import { getPlain } from '../config/edit.js'
import { SERVICE_FILES, SERVICE_ROSCO_PROFILE } from '../config/service.js'
import { templateHomeFor } from '../templates/references.js'
import { isPlainObject, type Plain } from '../model/plain.js'
import { deploymentPaths } from '../config/paths.js'
import { loadYamlFile } from '../config/source.js'
import { failed, ioError } from '../lib/errors.js'
import { confinedPath, customFiles, packerDirOf } from '../templates/library.js'
import { STOCK_TEMPLATES } from '../templates/stock.js'
import { exampleProvider } from '../providers/words.js'
import { shellWord } from '../lib/quote.js'

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
  /** From profiles/rosco/packer/ (the generators never write stock files: Rosco has its own). */
  origin: 'custom'
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
  /** `profiles/images-local.yml`: base images Halyard merged after the halconfig's and Rosco's stock ones. */
  imagesLocal?: { file: string; value: Plain; text: string }
  /** Profile files Halyard used for Rosco that the generators do not carry over. */
  ignoredProfiles: string[]
}

const modeOf = (mode: number): PackerFile['mode'] => (mode & 0o111 ? 0o755 : 0o644)

function readCustom(packerDir: string): PackerFile[] {
  return customFiles(packerDir).map((file) => {
    const real = confinedPath(packerDir, file.name)
    if (real === undefined) {
      throw failed(`${file.path} is a link to outside the packer directory (or to something that is not a file); it is not carried over`, {
        code: 'NOT_CONFINED',
        remediation: `Replace the link with a copy of the file: hal config bakery template add FILE --name ${shellWord(file.name)} --force`,
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

function readProfile(file: string, what = 'Rosco settings'): (NonNullable<GenerateSource['profile']> & { text: string }) | undefined {
  if (!existsSync(file)) return undefined
  const parsed = loadYamlFile(file)
  if (parsed.value === null) return undefined
  if (!isPlainObject(parsed.value)) {
    throw failed(`${file} must be a mapping of ${what}`, { code: 'PROFILE_SHAPE', remediation: 'Fix the file, or move it away to generate without it.' })
  }
  return { file, value: parsed.value, text: parsed.text }
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
  const ignoredProfiles = ['rosco.yml'].map((name) => join(paths.profiles, name)).filter((file) => existsSync(file))
  const profile = readProfile(paths.roscoLocal)
  return {
    deployment: deployment.name,
    config: deployment.value,
    packerDir,
    custom: readCustom(packerDir),
    profile: profile && { file: profile.file, value: profile.value },
    imagesLocal: readProfile(join(paths.profiles, 'images-local.yml'), `providers (${exampleProvider().name}: {bakeryDefaults: {baseImages: [...]}})`),
    ignoredProfiles,
  }
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
