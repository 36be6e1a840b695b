import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { deploymentPaths } from '../config/paths.js'
import { ioError } from '../lib/errors.js'
import { ownedTempDir } from '../lib/process-group.js'
import { SHIPPED_TEMPLATES, STOCK_TEMPLATES, shippedTemplatesDir } from '../templates/stock.js'
import type { PlanInput, TemplateChoice, TemplateVariables } from './plan.js'

/**
 * Rosco's packer directory as a deployment makes it: the stock files, with the deployment's
 * `profiles/rosco/packer/*` on top (a custom file named like a stock one replaces it).
 */
export interface PackerDirectory {
  findFile: PlanInput['findFile']
  templateVariables: NonNullable<PlanInput['templateVariables']>
}

const isFile = (path: string) => {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}

export function packerDirectory(halDir: string, deployment: string): PackerDirectory {
  const customDir = deploymentPaths(halDir, deployment).packer
  return {
    findFile(name) {
      const custom = join(customDir, name)
      if (isFile(custom)) return { location: 'custom', file: custom }
      return STOCK_TEMPLATES.includes(name) ? { location: 'stock' } : undefined
    },
    templateVariables(choice: TemplateChoice) {
      const file = choice.file ?? (SHIPPED_TEMPLATES.includes(choice.name) ? join(shippedTemplatesDir(), choice.name) : undefined)
      if (!file || !choice.name.endsWith('.json')) return undefined
      try {
        return declaredVariables(JSON.parse(readFileSync(file, 'utf8')))
      } catch {
        return undefined // not JSON: packer validate says why
      }
    },
  }
}

/** The variables a JSON template declares; `null` ones have no default. */
export function declaredVariables(template: unknown): TemplateVariables | undefined {
  const variables = (template as { variables?: unknown } | null)?.variables
  if (variables === null || typeof variables !== 'object' || Array.isArray(variables)) return { declared: [], required: [] }
  const entries = Object.entries(variables as Record<string, unknown>)
  return { declared: entries.map(([k]) => k), required: entries.filter(([, v]) => v === null).map(([k]) => k) }
}

/** A config directory staged on this machine for `packer validate` and test bakes. */
export interface Stage {
  root: string
  configDir: string
  artifactFile: string
  manifestFile: string
  /** Packer's own temporary directory. */
  tmpDir: string
  remove(): void
}

/**
 * Stages the packer directory as Rosco would see it, in a private temporary directory:
 * galley's shipped stock files, then the deployment's custom files over them, an artifacts
 * file holding `[]`, a place for the manifest and a temporary directory for Packer. `remove()`
 * deletes all of it.
 */
export function stagePackerDirectory(halDir: string, deployment: string): Stage {
  const root = ownedTempDir('bake')
  const remove = () => rmSync(root, { recursive: true, force: true })
  try {
    const configDir = join(root, 'packer')
    cpSync(shippedTemplatesDir(), configDir, { recursive: true })
    const custom = deploymentPaths(halDir, deployment).packer
    if (existsSync(custom)) cpSync(custom, configDir, { recursive: true, force: true, dereference: true })
    const artifactFile = join(root, 'artifacts.json')
    writeFileSync(artifactFile, '[]\n')
    const tmpDir = join(root, 'tmp')
    mkdirSync(tmpDir)
    return { root, configDir, artifactFile, manifestFile: join(root, 'manifest.json'), tmpDir, remove }
  } catch (error) {
    remove()
    throw ioError(error, root, 'stage the packer directory in')
  }
}
