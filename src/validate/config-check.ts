import type { ParsedYaml } from '../config/source.js'
import { applyLevels, configTemplateChecks, type ConfigTemplateCheck } from '../templates/check.js'
import { validateDocument, type RuleLevel } from './index.js'
import type { Problem } from './problem.js'

export interface ConfigCheckOptions {
  halDir: string
  /** Only this deployment. */
  deployment?: string
  ruleLevels?: Record<string, RuleLevel>
}

export interface ConfigCheck {
  problems: Problem[]
  /** The custom templates the config uses, per deployment (for a Packer run after). */
  templates: ConfigTemplateCheck[]
}

/**
 * The one rule set of a hal directory's config: what `hal config validate` reports, and what
 * every edit is checked with before it is written. The config's rules, then the custom templates
 * the bakery settings use (read from the deployment's packer directory).
 */
export function checkConfig(parsed: ParsedYaml, options: ConfigCheckOptions): ConfigCheck {
  const problems = validateDocument(parsed, { halDir: options.halDir, deployment: options.deployment, ruleLevels: options.ruleLevels, shape: 'halconfig' })
  const templates = configTemplateChecks(parsed, options.halDir, options.deployment)
  problems.push(...applyLevels(templates.flatMap((t) => t.analyses).flatMap((a) => a.problems), options.ruleLevels))
  return { problems, templates }
}

/** A problem's identity when comparing before and after an edit: positions move, the rest does not. */
export const problemKey = (p: Problem): string => `${p.rule}|${p.severity}|${p.file ?? ''}|${p.path}|${p.message}`
