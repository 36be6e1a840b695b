import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { PROVIDER_NAMES as PROVIDERS } from '../providers/index.js'
import { lookingEditor, readDeployment } from '../config/read-deployment.js'
import { getPlain } from '../config/edit.js'
import { SERVICE_FILES, SERVICE_ROSCO_PROFILE } from '../config/service.js'
import { isPlainObject } from '../model/plain.js'
import { materialise } from '../templates/manifest-files.js'
import { manifestKeyOf, templateHomeFor } from '../templates/references.js'
import { SHIPPED_TEMPLATES, STOCK_TEMPLATES, shippedTemplatesDir } from '../templates/stock.js'
import { declaredVariables, hclVariables, packerDirectory, type PackerDirectory } from './files.js'
import type { TemplateChoice } from './plan.js'
import { readRoscoSettings, roscoSettingsOf } from './rosco-settings.js'

/**
 * A bake's input when the deployment is kept in a file (`bake plan --file`, `bake validate
 * --file`): a halconfig, a bare deployment or a SpinnakerService manifest, whose packer files are
 * in its template home (for a manifest, its spec.spinnakerConfig.files).
 */

/**
 * What `bake plan --file` plans with: the deployment as Rosco would see it (for a manifest,
 * config with profiles.rosco's bakery settings over it), its packer files from its template
 * home, and the Rosco settings of its profile.
 */
export function planInputOfFile(halDir: string, requested: string | undefined, file: string, halDirFlag?: string, options: { copyDir?: string } = {}) {
  const read = readDeployment(halDir, requested, file)
  const kind = read.opened!.detected.kind
  const value = read.loaded.parsed.value
  const home = templateHomeFor(file, kind, value, read.deployment.name, halDirFlag)
  let deployment = read.deployment
  if (kind === 'spinnaker-service') {
    const editor = lookingEditor(read)
    const merged = structuredClone(read.deployment.value)
    const providers = isPlainObject(merged.providers) ? merged.providers : (merged.providers = {})
    for (const provider of PROVIDERS) {
      const bakery = editor.get([...read.deployment.path, 'providers', provider, 'bakeryDefaults'])
      if (bakery === undefined) continue
      const section = isPlainObject(providers[provider]) ? providers[provider] : (providers[provider] = {})
      section.bakeryDefaults = bakery
    }
    deployment = { ...read.deployment, value: merged }
  }
  // A local run needs real files: the manifest's, copied into `copyDir` (see localRunInputOfFile).
  const files: PackerDirectory = home.kind === 'hal-dir'
    ? packerDirectory(home.halDir, read.deployment.name)
    : options.copyDir !== undefined
      ? packerDirectory(halDir, read.deployment.name, options.copyDir)
      : manifestPackerDirectory(file, home.kind === 'manifest' ? home.files : new Map())
  const profile = kind === 'spinnaker-service' ? getPlain(value, SERVICE_ROSCO_PROFILE) : undefined
  const rosco = home.kind === 'hal-dir' ? readRoscoSettings(home.halDir, read.deployment.name) : roscoSettingsOf(profile, `${file} (${SERVICE_ROSCO_PROFILE.join('.')})`)
  return { loaded: read.loaded, deployment, files, rosco, home }
}

/**
 * Where `bake validate --file` takes its custom files from: the template home's packer
 * directory, or a private copy of a manifest's files (removed by done()).
 */
export function customDirOfFile(halDir: string, requested: string | undefined, file: string, halDirFlag?: string): { customDir?: string; done: () => void; shown: (path: string) => string } {
  const { home } = planInputOfFile(halDir, requested, file, halDirFlag)
  if (home.kind === 'hal-dir') return { customDir: home.packerDir, done: () => {}, shown: (path) => path }
  const copy = materialise(home.kind === 'manifest' ? home.files : new Map())
  // Paths into the copy are shown as what they copy: the manifest's files.
  const shown = (path: string) => (path === copy.dir ? `${file} (${SERVICE_FILES.join('.')})` : path.startsWith(`${copy.dir}/`) ? `${file}#${[...SERVICE_FILES, manifestKeyOf(path.slice(copy.dir.length + 1))].join('.')}` : path)
  return { customDir: copy.dir, done: copy.cleanup, shown }
}

/** The packer directory of a manifest: its files, then the stock ones. */
function manifestPackerDirectory(file: string, files: Map<string, string>): PackerDirectory {
  return {
    findFile(name) {
      if (files.has(name)) return { location: 'custom', file: `${file}#${[...SERVICE_FILES, manifestKeyOf(name)].join('.')}` }
      return STOCK_TEMPLATES.includes(name) ? { location: 'stock' } : undefined
    },
    templateVariables(choice: TemplateChoice) {
      const text = choice.file ? files.get(choice.name) : SHIPPED_TEMPLATES.includes(choice.name) ? readFileSync(join(shippedTemplatesDir(), choice.name), 'utf8') : undefined
      if (text === undefined) return undefined
      if (choice.name.endsWith('.pkr.hcl')) return hclVariables(text)
      if (!choice.name.endsWith('.json')) return undefined
      try {
        return declaredVariables(JSON.parse(text))
      } catch {
        return undefined
      }
    },
  }
}
