import { readRegularFile } from '../lib/confine.js'
import { closest } from '../model/format-checks.js'
import { PROVIDERS, PROVIDER_NAMES, providers, type ProviderName } from '../providers/index.js'
import { OTHER_PROVIDERS } from '../providers/others.js'

/** `a`, `a or b`, `a, b or c`. */
const orList = (items: readonly string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`)
/** The builder and stock template examples in messages show: the first provider's. */
const EXAMPLE_BUILDER = PROVIDERS[0].packer.builders[0]
const EXAMPLE_TEMPLATE = PROVIDERS[0].stockTemplate
import { codeFrame } from '../config/source.js'
import { noteSecretsInText } from '../lib/redact.js'
import { toPointer, type Problem, type RuleMeta, type Severity } from '../model/problem.js'
import { scanHcl } from './hcl.js'
import { LineIndex, member, parseJson, walkStrings, type JsonNode } from './json-source.js'
import type { TemplateReference } from './library.js'
import { roscoVariable, ROSCO_VARIABLES } from './rosco-variables.js'
import { shellWord } from '../lib/quote.js'

/**
 * Offline checks of Packer templates: what Packer 1.6.6 would refuse when parsing, and what
 * makes a bake fail once Rosco runs the template with its variables. Each finding is a
 * Problem with file, line and column, like `hal config validate`'s. Running Packer itself is
 * in packer-check.ts.
 */

export const TEMPLATE_RULES = [
  { id: 'template/json-syntax', severity: 'error', doc: 'A JSON template is JSON as Packer reads it: no comments, trailing commas or byte order mark.' },
  { id: 'template/duplicate-key', severity: 'error', doc: 'No key appears twice in one object (Packer refuses "template has duplicate field").' },
  { id: 'template/structure', severity: 'error', doc: 'The template has Packer\'s shape: known root keys, string variables, builders and provisioners each with a type.' },
  { id: 'template/interpolation', severity: 'error', doc: 'Every {{ is closed by }} in the same string (Packer: "unclosed action").' },
  { id: 'template/undeclared-variable', severity: 'warning', doc: 'Every {{user `x`}} is declared in variables or passed by Rosco; Packer renders anything else as "".' },
  { id: 'template/required-variable', severity: 'error', doc: 'Every required variable (null, or HCL2 without default) is one Rosco passes on every bake of the provider.' },
  { id: 'template/hcl2-variable', severity: 'error', doc: 'An HCL2 template declares every variable Rosco passes (Packer fails on an undeclared -var).' },
  { id: 'template/missing-file', severity: 'error', doc: 'Files named through {{user `configDir`}}/ or {{template_dir}}/ exist among the custom or stock files.' },
  { id: 'template/builder-provider', severity: 'error', doc: `The builders match the provider whose bakery settings use the template (${PROVIDERS.map((p) => `${orList(p.packer.builders)} for ${p.name}`).join(', ')}).` },
  { id: 'template/unmodelled-provider', severity: 'info', doc: 'A builder for a provider galley does not model: its variables are not checked against what Rosco passes.' },
  { id: 'template/packer-validate', severity: 'error', doc: 'packer validate accepts the template with the variables Rosco would pass (dummy values).' },
  { id: 'template/packer-missing', severity: 'warning', doc: 'Packer is installed, so that templates can be checked with packer validate (an error when CI is set).' },
] as const satisfies readonly RuleMeta[]

/** A template problem's id: only a registered one compiles. */
export type TemplateRuleId = (typeof TEMPLATE_RULES)[number]['id']

const defaultSeverity = new Map<string, Severity>(TEMPLATE_RULES.map((r) => [r.id, r.severity]))

/** A template to check. */
export interface TemplateTarget {
  /** Its name in Rosco's configDir, e.g. gce-custom.json. */
  name: string
  file: string
  /** The path to read when it differs from file (a link inside the packer directory); null: a link that must not be followed. */
  read?: string | null
  origin: 'custom' | 'stock'
  /** The bakery settings that use it (empty when none does). */
  usedBy: readonly TemplateReference[]
}

export interface LintEnvironment {
  /** Every name Rosco's configDir would hold: the stock files and the custom ones. */
  available: ReadonlySet<string>
}

/** A checked template, with what the Packer run needs to know. */
export interface TemplateAnalysis {
  target: TemplateTarget
  syntax: 'json' | 'hcl2'
  text: string
  problems: Problem[]
  /** False when the template does not parse: Packer would only repeat that. */
  parsed: boolean
  /** Providers whose variables Packer is given; empty: only a syntax check makes sense. */
  providers: ProviderName[]
  /** Declared variables and whether each is required. */
  declared: Map<string, boolean>
  /** Where a variable, a file or a builder is, for Packer's messages. */
  locate: (hint: { variable?: string; file?: string; builder?: string; line?: number; keys?: string[] }) => { offset: number; path: Array<string | number> }
  /** Variables and files already reported offline (Packer's messages about them are dropped). */
  reported: Set<string>
}

/** Builder types of the providers Rosco supports: those galley models, and the others. */
export function builderProvider(type: string): { modelled: ProviderName } | { unmodelled: string } | undefined {
  for (const p of PROVIDERS) if (p.packer.builders.includes(type)) return { modelled: p.name }
  const match = OTHER_PROVIDERS.find((o) => o.builder.test(type))
  return match ? { unmodelled: match.name } : undefined
}

const USER_REF = /\{\{\s*user\s+(?:`([^`]*)`|"([^"]*)")\s*\}\}/g
const CONFIG_DIR_REF = /^\{\{\s*(?:user\s+(?:`configDir`|"configDir")|template_dir)\s*\}\}\/(.+)$/
const HCL_CONFIG_DIR_REF = /^\$\{\s*(?:var\.configDir|path\.root)\s*\}\/(.+)$/
/** Keys whose strings run on the machine being built, not where Packer runs. */
const REMOTE_KEYS = new Set(['inline', 'destination', 'environment_vars', 'execute_command', 'inline_shebang', 'remote_path', 'remote_folder'])
const ROOT_KEYS = new Set(['description', 'min_packer_version', 'variables', 'builders', 'provisioners', 'post-processors', 'sensitive-variables', 'push'])

interface Located {
  rule: TemplateRuleId
  severity?: Severity
  message: string
  remediation?: string
  offset: number
  path: Array<string | number>
}

class Collector {
  readonly found: Located[] = []
  add(rule: TemplateRuleId, offset: number, path: Array<string | number>, message: string, remediation?: string, severity?: Severity) {
    this.found.push({ rule, offset, path, message, remediation, severity })
  }
}

/** Turns located findings into problems with line, column and a code frame. */
export function toProblems(target: TemplateTarget, text: string, found: readonly Located[]): Problem[] {
  const lines = new LineIndex(text)
  // In the order of the file, as a reader goes through it.
  const ordered = found.map((f, n) => ({ f, n })).sort((a, b) => a.f.offset - b.f.offset || a.n - b.n).map(({ f }) => f)
  return ordered.map((f) => {
    const { line, column } = lines.position(f.offset)
    return {
      rule: f.rule,
      severity: f.severity ?? defaultSeverity.get(f.rule) ?? 'error',
      message: f.message,
      remediation: f.remediation,
      path: toPointer(f.path),
      file: target.file,
      line,
      column,
      frame: text === '' ? undefined : codeFrame(text, line, column),
    }
  })
}

function readText(file: string): string | { error: string } {
  let bytes: Buffer
  try {
    bytes = readRegularFile(file)
  } catch (error) {
    return { error: `cannot be read: ${(error as Error).message}` }
  }
  if (bytes.includes(0)) return { error: 'holds binary data (a NUL byte), not a template' }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    noteSecretsInText(text)
    return text
  } catch {
    return { error: 'is not valid UTF-8' }
  }
}

const who = (refs: readonly TemplateReference[]) => {
  const names = refs.map((r) => `${r.description}${r.implicit ? ' (by default)' : ''}`)
  return names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`
}

/** "Did you mean" for a misspelt variable: the closest known name within two edits. */
function suggestion(name: string, known: readonly string[]): string | undefined {
  const [best] = closest(name, known, 2)
  return best ? `Did you mean ${best}? Otherwise declare it in variables with a default value.` : undefined
}

/** Checks one template without running anything. */
export function lintTemplate(target: TemplateTarget, env: LintEnvironment): TemplateAnalysis {
  const hcl = target.name.endsWith('.pkr.hcl')
  const read = target.read === null
    ? { error: 'is a symbolic link leading outside the packer directory (or to a directory, or nowhere); it is not read' }
    : readText(target.read ?? target.file)
  const base: TemplateAnalysis = {
    target,
    syntax: hcl ? 'hcl2' : 'json',
    text: typeof read === 'string' ? read : '',
    problems: [],
    parsed: false,
    providers: [],
    declared: new Map(),
    locate: () => ({ offset: 0, path: [] }),
    reported: new Set(),
  }
  if (typeof read !== 'string') {
    const remediation = target.read === null
      ? `Replace the link with a copy of the file: hal config bakery template add FILE --name ${shellWord(target.name)} --force`
      : 'Replace it with the template\'s text.'
    base.problems = toProblems(target, '', [{ rule: 'template/structure', offset: 0, path: [], message: `${target.name} ${read.error}.`, remediation }])
    return base
  }
  if (target.name.endsWith('.pkr.json')) {
    // HCL2's JSON syntax: only Packer knows its shape.
    base.parsed = true
    return base
  }
  return hcl ? lintHcl(base, env) : lintJson(base, env)
}

// ---------------------------------------------------------------- shared between JSON and HCL2

interface Builder {
  type: string
  offset: number
  path: Array<string | number>
}

/** Which providers' variables to check against, reporting builders that do not fit the users. */
function resolveProviders(builders: readonly Builder[], usedBy: readonly TemplateReference[], out: Collector): ProviderName[] {
  const checked: ProviderName[] = []
  const users = [...new Set(usedBy.map((r) => r.provider))]
  for (const provider of users) {
    const expected = orList(providers[provider].packer.builders)
    const wrong = builders.filter((b) => !providers[provider].packer.builders.includes(b.type))
    const refs = usedBy.filter((r) => r.provider === provider)
    for (const b of wrong) {
      const example = refs.find((r) => r.owner !== 'bakeryDefaults')
      out.add('template/builder-provider', b.offset, b.path,
        `${who(refs)} ${refs.length === 1 ? 'uses' : 'use'} this template, but this builder is ${b.type}: Rosco runs every builder of the template with ${provider}'s variables, and a ${provider} bake needs ${expected}.`,
        example && typeof example.owner !== 'string'
          ? `Use a ${expected} template for it (hal config provider ${provider} bakery base-image edit ${shellWord(example.owner.baseImage)} --template-file ${providers[provider].stockTemplate}), or change the builder.`
          : `Use a ${expected} template (hal config provider ${provider} bakery edit --template-file ${providers[provider].stockTemplate}), or change the builder.`)
    }
    if (wrong.length === 0 && builders.length > 0) checked.push(provider)
  }
  if (users.length > 0) return checked
  const reportedTypes = new Set<string>()
  for (const b of builders) {
    const found = builderProvider(b.type)
    if (found && 'modelled' in found) {
      if (!checked.includes(found.modelled)) checked.push(found.modelled)
    } else if (!reportedTypes.has(b.type)) {
      reportedTypes.add(b.type)
      out.add('template/unmodelled-provider', b.offset, b.path,
        found
          ? `The ${b.type} builder is for Rosco's ${found.unmodelled} provider, which galley does not model: its variables are not checked against what Rosco passes, and Packer checks only the syntax.`
          : `The ${b.type} builder is not one Rosco bakes with for ${orList(PROVIDER_NAMES)}: its variables are not checked against what Rosco passes, and Packer checks only the syntax.`)
    }
  }
  return checked
}

/** A path under configDir must be one of the files Rosco's packer directory holds. */
function checkFileReference(rest: string, offset: number, path: Array<string | number>, env: LintEnvironment, out: Collector, reported: Set<string>) {
  if (rest.includes('{{') || rest.includes('${')) return // chosen at bake time
  const name = rest.replace(/\/+$/, '').replace(/\/{2,}/g, '/').replace(/^(\.\/)+/, '')
  if (name.split('/').includes('..')) {
    out.add('template/missing-file', offset, path, `"${rest}" points outside Rosco's packer directory; Rosco's container has nothing there.`, 'Keep the file in the packer directory (hal config bakery template add FILE).')
    reported.add(name)
    return
  }
  const available = env.available.has(name) || [...env.available].some((n) => n.startsWith(`${name}/`))
  if (available) return
  reported.add(name)
  out.add('template/missing-file', offset, path,
    `${name} is neither a custom file of this deployment nor a stock file of Rosco's image: Packer fails with "Bad script" (or "no such file") on every bake.`,
    `Install it next to the template: hal config bakery template add PATH/${shellWord(name)}${name.includes('/') ? ` --name ${shellWord(name)}` : ''}.`)
}

/** Required variables: a bake fails unless Rosco passes them. */
function checkRequired(name: string, required: boolean, checked: readonly ProviderName[], offset: number, path: Array<string | number>, syntax: 'json' | 'hcl2', out: Collector, reported: Set<string>) {
  const declaredAs = syntax === 'json' ? 'declared null' : 'no default'
  const failure = syntax === 'json' ? `required variable not set: ${name}` : `Unset variable "${name}"`
  if (!required) return
  const missing: ProviderName[] = []
  const conditional: string[] = []
  for (const provider of checked) {
    const variable = roscoVariable(provider, name)
    if (!variable) missing.push(provider)
    else if (variable.passed === 'when-set') conditional.push(variable.from)
  }
  if (missing.length > 0) {
    reported.add(name)
    out.add('template/required-variable', offset, path,
      `Variable ${name} is required (${declaredAs}), but Rosco does not pass it to ${missing.join(' or ')} bakes: every bake with this template fails with "${failure}".`,
      `Give it a default value ("" if it may be empty), or pass it in the bake request's extended_attributes.`)
  } else if (conditional.length > 0) {
    reported.add(name)
    out.add('template/required-variable', offset, path,
      `Variable ${name} is required (${declaredAs}), but Rosco passes it only when it is set (${conditional[0]}): bakes without it fail with "${failure}".`,
      `Declare it with the default "" unless every bake sets it.`, 'warning')
  }
}

// ---------------------------------------------------------------- legacy JSON templates

function lintJson(analysis: TemplateAnalysis, env: LintEnvironment): TemplateAnalysis {
  const { text, target } = analysis
  const out = new Collector()
  const result = parseJson(text)
  if (!result.ok) {
    out.add('template/json-syntax', result.error.offset, [], `${result.error.message}.`, 'Fix the JSON at that position: Packer refuses the whole template ("Failed to parse template").')
    return { ...analysis, problems: toProblems(target, text, out.found) }
  }
  const root = result.root
  for (const d of result.duplicates) {
    const first = new LineIndex(text).position(d.first)
    out.add('template/duplicate-key', d.second, [], `"${d.key}" appears twice in one object (first at line ${first.line}): Packer refuses the template ("template has duplicate field: ${d.key}").`, 'Keep one of the two.')
  }
  if (root.kind !== 'object') {
    out.add('template/structure', root.start, [], 'A Packer template is a JSON object with builders, provisioners and variables.', 'Check that this is a template.')
    return { ...analysis, problems: toProblems(target, text, out.found) }
  }

  // Root keys Packer 1.6.6 knows; keys starting with "_" are comments.
  for (const entry of root.entries) {
    if (!ROOT_KEYS.has(entry.key) && !entry.key.startsWith('_')) {
      const [likely] = closest(entry.key, [...ROOT_KEYS], 2)
      out.add('template/structure', entry.keySpan.start, [entry.key], `Packer refuses the root key "${entry.key}" ("Unknown root level key in template").`,
        likely ? `Did you mean "${likely}"? Otherwise remove it, or start it with "_" to make it a comment.` : 'Remove it, or start it with "_" to make it a comment.')
    }
  }

  const declared = new Map<string, boolean>()
  const variableKeys = new Map<string, number>()
  const variables = member(root, 'variables')
  if (variables && variables.value.kind !== 'object') {
    out.add('template/structure', variables.value.start, ['variables'], 'variables must be an object of names to default values.', 'Write "variables": {"name": "default", "required_one": null}.')
  } else if (variables?.value.kind === 'object') {
    for (const entry of variables.value.entries) {
      const v = entry.value
      variableKeys.set(entry.key, entry.keySpan.start)
      if (v.kind !== 'string' && v.kind !== 'null') {
        out.add('template/structure', v.start, ['variables', entry.key], `Variable ${entry.key} has a ${v.kind} default; Packer accepts only strings and null ("expected type 'string'").`, `Quote it: "${entry.key}": "${v.kind === 'object' || v.kind === 'array' ? '' : String((v as { value: unknown }).value)}".`)
      }
      declared.set(entry.key, v.kind === 'null')
    }
  }

  const builders: Builder[] = []
  const buildersEntry = member(root, 'builders')
  if (!buildersEntry) {
    out.add('template/structure', root.start, [], 'The template has no builders: Packer fails with "at least one builder must be defined".', `Add a builder, e.g. {"type": "${EXAMPLE_BUILDER}", ...} (hal config bakery template init NAME --from ${EXAMPLE_TEMPLATE} starts from the stock one).`)
  } else if (buildersEntry.value.kind !== 'array' || buildersEntry.value.items.length === 0) {
    out.add('template/structure', buildersEntry.value.start, ['builders'], buildersEntry.value.kind === 'array' ? 'builders is empty: Packer fails with "at least one builder must be defined".' : 'builders must be a list of builder objects.', `Write "builders": [{"type": "${EXAMPLE_BUILDER}", ...}].`)
  } else {
    buildersEntry.value.items.forEach((item, n) => {
      const type = member(item, 'type')
      if (item.kind !== 'object' || !type || type.value.kind !== 'string') {
        out.add('template/structure', (type?.value ?? item).start, ['builders', n], `Builder ${n + 1} has no type (Packer: "builder ${n + 1}: missing 'type'").`, `Give it a "type", e.g. "${EXAMPLE_BUILDER}".`)
        return
      }
      builders.push({ type: type.value.value as string, offset: type.value.start, path: ['builders', n, 'type'] })
    })
  }
  for (const key of ['provisioners', 'post-processors'] as const) {
    const entry = member(root, key)
    if (!entry) continue
    if (entry.value.kind !== 'array') {
      out.add('template/structure', entry.value.start, [key], `${key} must be a list.`, `Write "${key}": [{"type": ...}].`)
      continue
    }
    entry.value.items.forEach((item, n) => {
      const steps = key === 'post-processors' && item.kind === 'array' ? item.items.map((s, m) => [s, [key, n, m]] as const) : [[item, [key, n]] as const]
      for (const [step, path] of steps) {
        if (key === 'post-processors' && step.kind === 'string') continue
        const type = member(step, 'type')
        if (step.kind !== 'object' || type?.value.kind !== 'string') {
          out.add('template/structure', step.start, [...path], `${key === 'provisioners' ? 'Provisioner' : 'Post-processor'} ${n + 1} has no type.`, 'Give it a "type", e.g. "shell".')
        }
      }
    })
  }

  // Interpolations: unclosed actions, user variables, files under configDir.
  const refs = new Map<string, { offset: number; path: Array<string | number>; count: number }>()
  walkStrings(root, (value, node, path) => {
    if (value.includes('{{') && value.lastIndexOf('{{') > value.lastIndexOf('}}')) {
      out.add('template/interpolation', node.start, path, `"${value}" opens {{ without closing it: Packer fails with "unclosed action".`, 'Close it with }}.')
    }
    if (path[0] === 'variables') return
    for (const match of value.matchAll(USER_REF)) {
      const name = match[1] ?? match[2]
      const seen = refs.get(name)
      if (seen) seen.count++
      else refs.set(name, { offset: node.start, path, count: 1 })
    }
    const configRef = CONFIG_DIR_REF.exec(value)
    if (configRef && !path.some((p) => typeof p === 'string' && REMOTE_KEYS.has(p)) && !isDownload(root, path)) {
      checkFileReference(configRef[1], node.start, path, env, out, analysis.reported)
    }
  })

  const checked = resolveProviders(builders, target.usedBy, out)
  const unmodelledOnly = checked.length === 0 && builders.length > 0
  for (const [name, ref] of refs) {
    if (declared.has(name) || unmodelledOnly) continue
    const times = ref.count > 1 ? ` (used ${ref.count} times)` : ''
    const passers = checked.filter((p) => roscoVariable(p, name))
    if (checked.length > 0 && passers.length === checked.length) {
      const variable = roscoVariable(passers[0], name)!
      out.add('template/undeclared-variable', ref.offset, ref.path,
        `{{user \`${name}\`}} is not declared in variables${times}; it works because Rosco passes it${variable.passed === 'when-set' ? ` when set (${variable.from}), and renders as "" otherwise` : ''}.`,
        `Declare it: "${name}": ""`, 'info')
    } else {
      out.add('template/undeclared-variable', ref.offset, ref.path,
        `{{user \`${name}\`}} is not declared in variables${times}${checked.length > 0 ? ` and Rosco does not pass it to ${checked.filter((p) => !passers.includes(p)).join(' or ')} bakes` : ''}: Packer renders it as an empty string.`,
        suggestion(name, [...declared.keys(), ...checked.flatMap((p) => ROSCO_VARIABLES[p].map((v) => v.name))]) ?? 'Declare it in variables with a default value.')
    }
  }
  for (const [name, required] of declared) {
    checkRequired(name, required, checked, variableKeys.get(name) ?? 0, ['variables', name], 'json', out, analysis.reported)
  }

  const structural = out.found.some((f) => ['template/duplicate-key', 'template/structure'].includes(f.rule))
  return {
    ...analysis,
    problems: toProblems(target, text, out.found),
    parsed: !structural,
    providers: checked,
    declared,
    locate: (hint) => locateJson(root, builders, variableKeys, hint),
  }
}

/** A file provisioner with direction "download" reads its source on the machine being built. */
function isDownload(root: JsonNode, path: Array<string | number>): boolean {
  if (path[0] !== 'provisioners' || typeof path[1] !== 'number' || root.kind !== 'object') return false
  const list = member(root, 'provisioners')?.value
  const step = list?.kind === 'array' ? list.items[path[1]] : undefined
  const direction = member(step, 'direction')?.value
  return direction?.kind === 'string' && direction.value === 'download' && path[2] === 'source'
}

function locateJson(root: JsonNode, builders: readonly Builder[], variableKeys: Map<string, number>, hint: Parameters<TemplateAnalysis['locate']>[0]) {
  if (hint.variable && variableKeys.has(hint.variable)) return { offset: variableKeys.get(hint.variable)!, path: ['variables', hint.variable] }
  if (hint.file) {
    let found: { offset: number; path: Array<string | number> } | undefined
    walkStrings(root, (value, node, path) => {
      if (!found && value.endsWith(hint.file!)) found = { offset: node.start, path }
    })
    if (found) return found
  }
  // A key Packer names ('disk_size'), in the build it talks about, else anywhere in a step.
  for (const key of hint.keys ?? []) {
    for (const section of ['builders', 'provisioners', 'post-processors']) {
      const list = member(root, section)?.value
      if (list?.kind !== 'array') continue
      for (const [n, step] of list.items.entries()) {
        const entry = member(step, key)
        const type = member(step, 'type')?.value
        if (entry && (section !== 'builders' || !hint.builder || (type?.kind === 'string' && type.value === hint.builder))) {
          return { offset: entry.keySpan.start, path: [section, n, key] }
        }
      }
    }
  }
  const builder = builders.find((b) => b.type === hint.builder) ?? builders[0]
  return builder ? { offset: builder.offset, path: builder.path } : { offset: root.start, path: [] }
}

// ---------------------------------------------------------------- HCL2 templates

function lintHcl(analysis: TemplateAnalysis, env: LintEnvironment): TemplateAnalysis {
  const { text, target } = analysis
  const out = new Collector()
  const summary = scanHcl(text)
  const builders: Builder[] = summary.sources.map((s) => ({ type: s.type, offset: s.offset, path: [`source.${s.type}.${s.name}`] }))
  if (summary.complete && builders.length === 0) {
    out.add('template/structure', 0, [], 'The HCL2 template has no source block: Rosco passes one file to Packer, so its builders must be in it.', `Add a source "${EXAMPLE_BUILDER}" "NAME" { ... } block and a build block using it.`)
  }
  const checked = summary.complete ? resolveProviders(builders, target.usedBy, out) : []
  const declared = new Map(summary.variables.map((v) => [v.name, v.required]))
  for (const variable of summary.variables) {
    checkRequired(variable.name, variable.required, checked, variable.offset, [`var.${variable.name}`], 'hcl2', out, analysis.reported)
  }
  // One problem per provider and kind, listing the names: a template usually misses several.
  for (const provider of checked) {
    const missing = ROSCO_VARIABLES[provider].filter((v) => !declared.has(v.name))
    for (const passed of ['always', 'when-set'] as const) {
      const names = missing.filter((v) => v.passed === passed).map((v) => v.name)
      if (names.length === 0) continue
      names.forEach((name) => analysis.reported.add(name))
      const list = names.join(', ')
      out.add('template/hcl2-variable', summary.variables[0]?.offset ?? 0, [],
        passed === 'always'
          ? `This HCL2 template does not declare ${names.length === 1 ? 'a variable' : `${names.length} variables`} that Rosco passes on every ${provider} bake (${list}): Packer fails with "Undefined -var variable".`
          : `This HCL2 template does not declare ${names.length === 1 ? 'a variable' : `${names.length} variables`} that Rosco passes to ${provider} bakes when set (${list}): those bakes fail with "Undefined -var variable".`,
        `Declare each one, e.g. variable "${names[0]}" {\n  type    = string\n  default = ""\n}`,
        passed === 'always' ? 'error' : 'warning')
    }
  }
  for (const s of summary.strings) {
    const ref = HCL_CONFIG_DIR_REF.exec(s.raw)
    if (ref) checkFileReference(ref[1], s.offset, [], env, out, analysis.reported)
  }
  const lines = new LineIndex(text)
  return {
    ...analysis,
    problems: toProblems(target, text, out.found),
    parsed: true,
    providers: checked,
    declared,
    locate: (hint) => {
      if (hint.line) return { offset: lines.offset(hint.line), path: [] }
      const variable = summary.variables.find((v) => v.name === hint.variable)
      if (variable) return { offset: variable.offset, path: [`var.${variable.name}`] }
      const builder = builders.find((b) => b.type === hint.builder) ?? builders[0]
      return builder ? { offset: builder.offset, path: builder.path } : { offset: 0, path: [] }
    },
  }
}
