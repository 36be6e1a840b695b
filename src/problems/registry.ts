import { BAKE_RULES, CHECKED_BY_THE_PLAN } from '../bake/rules.js'
import { REFERENCE_RULES } from '../templates/references.js'
import { TEMPLATE_RULES } from '../templates/lint.js'
import { EDIT_RULES } from '../validate/edit-rules.js'
import { DOCUMENT_RULES, HALCONFIG_RULES, ROSCO_RULES, SECTION_CHECK_RULES } from '../validate/index.js'
import { parseRuleLevels, type RuleLevel, type RuleMeta } from '../model/problem.js'
import { RULES } from '../validate/rules/index.js'
import { YAML_RULE } from '../validate/run.js'
import { SCHEMA_RULES } from '../validate/schema.js'
import { usage } from '../lib/errors.js'

/**
 * Every problem galley can report, once: its id, default severity and one line of doc. The rules
 * stay where they are defined (config rules in validate/rules/, template rules in templates/lint.ts,
 * a bake's own in bake/rules.ts...); this is where they meet, for `--rule` and `--list-rules`.
 * test/unit/registry.test.ts checks that every id used in src/ is here.
 */

/** Which command family reports a rule's problems. */
export type RuleGroup = 'config' | 'template' | 'bake' | 'edit'

export interface RegisteredRule extends RuleMeta {
  group: RuleGroup
}

const group = (name: RuleGroup, rules: readonly RuleMeta[]): RegisteredRule[] => rules.map(({ id, severity, doc }) => ({ id, severity, doc, group: name }))

export const REGISTRY: readonly RegisteredRule[] = [
  ...group('config', [YAML_RULE, ...SCHEMA_RULES, ...HALCONFIG_RULES, ...DOCUMENT_RULES, ...ROSCO_RULES, ...RULES, ...REFERENCE_RULES]),
  ...group('template', TEMPLATE_RULES),
  ...group('bake', BAKE_RULES),
  ...group('edit', EDIT_RULES),
]

const ids = new Set(REGISTRY.map((r) => r.id))

export const isRegistered = (id: string): boolean => ids.has(id)

/** The rules of some groups, as formatters take them (SARIF's rule table). */
export const rulesOf = (...groups: RuleGroup[]): readonly RegisteredRule[] => REGISTRY.filter((r) => groups.includes(r.group))

/**
 * The one `--rule ID=LEVEL` parser of every command that takes it: any registered id, whatever
 * command reports it (exit 2 for anything else).
 */
export function ruleLevelsFrom(entries: readonly string[] | undefined): Record<string, RuleLevel> {
  const levels = parseRuleLevels(entries ?? [], ids)
  if (typeof levels === 'string') throw usage(levels, { code: 'BAD_RULE', remediation: 'hal config validate --list-rules lists the rules.' })
  return levels
}

/** Which rules a command's `--list-rules` lists: every rule, or those a bake reports. */
export type RuleList = 'all' | 'bake'

/**
 * The rules a bake reports (bake plan, and submit, validate and test, which plan first): what the
 * config rules and the schema say of the section it uses (validate/index.ts checkSection), and its own.
 */
const BAKE_REPORTED = new Set([...SECTION_CHECK_RULES, ...BAKE_RULES].map((rule) => rule.id).filter((id) => !CHECKED_BY_THE_PLAN.has(id)))

export const listedRules = (list: RuleList): readonly RegisteredRule[] => (list === 'all' ? REGISTRY : REGISTRY.filter((rule) => BAKE_REPORTED.has(rule.id)))

/** `--list-rules` as text: id, default severity, doc, aligned. */
export function ruleListText(rules: readonly RegisteredRule[] = REGISTRY): string[] {
  const width = Math.max(...rules.map((r) => r.id.length))
  return rules.map((rule) => `${rule.id.padEnd(width)}  ${rule.severity.padEnd(7)}  ${rule.doc}`)
}
