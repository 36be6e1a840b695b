import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { deploymentPaths } from '../config/paths.js'
import { confinedFile, linkOutside, namingProblem, readRegularFile } from '../lib/confine.js'
import { ioError } from '../lib/errors.js'
import { ownedTempDir } from '../lib/process-group.js'
import { scanHcl } from '../templates/hcl.js'
import { customFiles } from '../templates/library.js'
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

export function packerDirectory(halDir: string, deployment: string, customDir = deploymentPaths(halDir, deployment).packer): PackerDirectory {
  return {
    // Names come from the config or a flag: the confinement rule applies (lib/confine.ts), and a
    // link is followed only to a regular file inside the packer directory.
    findFile(name) {
      const problem = namingProblem(name)
      if (problem) return { location: 'custom', refused: `is not a file name inside Rosco's packer directory: ${problem}` }
      const outside = linkOutside(customDir, name)
      if (outside) return { location: 'custom', refused: `is reached through a symbolic link leading outside the packer directory (${outside[0]} leads to ${outside[1]}); it is not followed` }
      if (confinedFile(customDir, name) !== undefined) return { location: 'custom', file: join(customDir, name) }
      return STOCK_TEMPLATES.includes(name) ? { location: 'stock' } : undefined
    },
    templateVariables(choice: TemplateChoice) {
      const file = choice.file ? confinedFile(customDir, choice.name) : SHIPPED_TEMPLATES.includes(choice.name) ? join(shippedTemplatesDir(), choice.name) : undefined
      if (!file) return undefined
      if (choice.name.endsWith('.pkr.hcl')) return hclVariables(readRegularFile(file).toString('utf8'))
      if (!choice.name.endsWith('.json')) return undefined
      try {
        return declaredVariables(JSON.parse(readRegularFile(file).toString('utf8')))
      } catch {
        return undefined // not JSON: packer validate says why
      }
    },
  }
}

/** The variables an HCL2 template declares (those without a default are required); undefined where the scanner lost its way. */
export function hclVariables(text: string): TemplateVariables | undefined {
  const summary = scanHcl(text)
  if (!summary.complete) return undefined
  return { declared: summary.variables.map((v) => v.name), required: summary.variables.filter((v) => v.required).map((v) => v.name), strict: true, builders: summary.sources.map((s) => s.type) }
}

/** The variables a JSON template declares; `null` ones have no default. */
export function declaredVariables(template: unknown): TemplateVariables | undefined {
  const { variables, builders } = (template ?? {}) as { variables?: unknown; builders?: unknown }
  const types = Array.isArray(builders) ? builders.flatMap((b) => (b !== null && typeof b === 'object' && typeof (b as { type?: unknown }).type === 'string' ? [(b as { type: string }).type] : [])) : []
  if (variables === null || typeof variables !== 'object' || Array.isArray(variables)) return { declared: [], required: [], builders: types }
  const entries = Object.entries(variables as Record<string, unknown>)
  return { declared: entries.map(([k]) => k), required: entries.filter(([, v]) => v === null).map(([k]) => k), builders: types }
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
 * Copies the deployment's custom files over the stock ones, each as a new regular file (0755 when
 * executable, else 0644). A link is copied as the content of the regular file it leads to inside
 * the packer directory; a link leading outside it, to a directory or nowhere is left out (lint and
 * validate report it), and so is anything that is not a regular file. Nothing is staged as a link.
 */
function stageCustomFiles(packerDir: string, configDir: string): void {
  for (const file of customFiles(packerDir)) {
    if (file.real === undefined) continue
    const content = readRegularFile(file.real)
    const dest = join(configDir, ...file.name.split('/'))
    mkdirSync(dirname(dest), { recursive: true })
    rmSync(dest, { force: true })
    const mode = file.mode & 0o111 ? 0o755 : 0o644
    writeFileSync(dest, content, { mode, flag: 'wx' })
  }
}

/**
 * Stages the packer directory as Rosco would see it, in a private temporary directory:
 * galley's shipped stock files, then the deployment's custom files over them, an artifacts
 * file holding `[]`, a place for the manifest and a temporary directory for Packer. `remove()`
 * deletes all of it.
 */
export function stagePackerDirectory(halDir: string, deployment: string, customDir = deploymentPaths(halDir, deployment).packer): Stage {
  const root = ownedTempDir('bake')
  const remove = () => rmSync(root, { recursive: true, force: true })
  try {
    const configDir = join(root, 'packer')
    cpSync(shippedTemplatesDir(), configDir, { recursive: true })
    stageCustomFiles(customDir, configDir)
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
