import type { ParsedYaml } from '../config/source.js'
import { applyLevels, type Problem } from '../model/problem.js'
import { configTemplateChecks, type ConfigTemplateCheck } from './template-check.js'
import { validateDocument, type RuleLevel } from './index.js'

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

/**
 * A problem's identity when comparing before and after an edit: positions in the config move, the
 * rest does not. A template's problem is its rule at its place in the template: its message lists
 * the settings using the template, and an edit that adds or removes one of those users does not make
 * it a new problem (removing a user must never be refused for a problem that was already there).
 */
export const problemKey = (p: Problem): string =>
  p.rule.startsWith('template/') ? `${p.rule}|${p.severity}|${p.file ?? ''}|${p.path}` : `${p.rule}|${p.severity}|${p.file ?? ''}|${p.path}|${p.message}`
