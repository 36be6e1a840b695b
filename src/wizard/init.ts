import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { accounts, addItem, applyFields, bakeryPath, baseImages, listItems, providerPath, type Collection, type ItemFields } from '../bakery/bakery.js'
import { providerOfKey, providers, type Field, type Provider, type ProviderName } from '../providers/index.js'
import { YamlEditor } from '../config/edit.js'
import { assertDeploymentName, currentDeploymentName, deployments, newDeployment, selectDeployment } from '../config/halconfig.js'
import { readHalconfig, updateHalconfig, type LoadedHalconfig } from '../config/store.js'
import { GalleyError, invalid } from '../lib/errors.js'
import { renderProblems } from '../validate/render-problems.js'
import { installFiles, removeFile } from '../templates/install.js'
import { checkName, packerDirOf } from '../templates/library.js'
import { INIT_SOURCES } from '../templates/manage.js'
import { shippedTemplatesDir } from '../templates/stock.js'
import { checkConfig, problemKey } from '../validate/config-check.js'
import { atLeast, fromPointer, type Problem } from '../model/problem.js'
import type { ValidationReport } from '../validate/report.js'
import { runValidation } from '../validate/run.js'
import { deploymentIn, newProblems, openScratch, type Edit, type Scratch } from './checks.js'
import { unifiedDiff } from './diff.js'
import type { Answers } from './fields.js'
import { askNewId, askTarget, bakeryTarget, itemFields, itemFieldsOf, itemTarget, problemLines, type WizardIO } from './items.js'
import { added, bold, Cancelled, dim, promptContext, removed } from './prompts.js'
import { shellWord, shownName } from '../lib/quote.js'

/**
 * `hal init`: a first-run wizard for a new or existing hal directory. Every answer is checked
 * as it is given (checks.ts); the whole change is shown as a diff, confirmed, and written
 * once, through the store's locked, validated, undoable write.
 */

export interface InitOptions {
  halDir: string
  /** --deployment: set up this (existing) deployment without asking. */
  deployment?: string
  /** False with --no-validate. */
  validate: boolean
}

type Section = 'bakery' | 'account' | 'image'

interface ProviderPlan {
  provider: ProviderName
  /** Changes to the bakery defaults, as applyFields takes them. */
  bakery: Answers
  account?: { name: string; fields: ItemFields }
  image?: { id: string; fields: ItemFields }
  /** The custom template made by the wizard becomes the bakery's template. */
  templateFile?: string
  /** The answers given, to ask again with them as defaults. */
  answers: Partial<Record<Section, Answers>>
}

export interface InitPlan {
  deployment: string
  create: boolean
  makeCurrent: boolean
  providers: ProviderPlan[]
  template?: { name: string; from: string }
}

export interface InitResult {
  written: boolean
  file: string
  deployment: string
  created: boolean
  providers: ProviderName[]
  /** The change, as a unified diff of the config. */
  diff: string
  template?: { name: string; from: string; path: string }
  /** `hal config validate` of the deployment after the write. */
  report?: ValidationReport
  /** Commands to try next. */
  next: string[]
}

/** Fields the first run leaves for later (`bakery edit -i`, `base-image edit -i`): the wizard stays short. */
const LATER = new Set(['templateFile', 'networkProjectId', 'detailedDescription', 'osType', 'customRepository'])
const firstRun = (fields: readonly Field[]) => fields.filter((f) => !LATER.has(f.key))

/** The plan's edits, in the order a person would make them with the commands. */
export function applyPlan(editor: YamlEditor, plan: InitPlan): void {
  if (plan.create && !deployments(editor.current).some((d) => d.name === plan.deployment)) {
    editor.append(['deploymentConfigurations'], newDeployment(plan.deployment))
  }
  if (plan.makeCurrent) editor.set(['currentDeployment'], plan.deployment)
  for (const pp of plan.providers) {
    editor.set([...providerPath(deploymentIn(editor, plan.deployment), pp.provider), 'enabled'], true)
    const bakery = pp.templateFile ? { ...pp.bakery, templateFile: pp.templateFile } : pp.bakery
    applyFields(editor, bakeryPath(deploymentIn(editor, plan.deployment), pp.provider), bakery)
    if (pp.account) addItem(editor, accounts, deploymentIn(editor, plan.deployment), pp.provider, pp.account.name, pp.account.fields)
    if (pp.image) addItem(editor, baseImages, deploymentIn(editor, plan.deployment), pp.provider, pp.image.id, pp.image.fields)
  }
}

/** The plan as it stands now, as an edit (later answers do not leak into earlier checks). */
const upTo = (plan: InitPlan): Edit => {
  const copy = structuredClone(plan)
  return (editor) => applyPlan(editor, copy)
}

/** The plan without one section's answers, to ask that section again. */
function without(plan: InitPlan, provider: ProviderName, section: Section): InitPlan {
  const copy = structuredClone(plan)
  const pp = copy.providers.find((p) => p.provider === provider)!
  if (section === 'bakery') pp.bakery = {}
  if (section === 'account') delete pp.account
  if (section === 'image') delete pp.image
  return copy
}

const NEW_DEPLOYMENT = '+new'

async function chooseDeployment(io: WizardIO, loaded: LoadedHalconfig, requested?: string): Promise<{ name: string; create: boolean }> {
  if (requested) return { name: selectDeployment(loaded.parsed, requested).name, create: false }
  const existing = deployments(loaded.parsed).map((d) => d.name)
  const current = currentDeploymentName(loaded.parsed)
  let choice = NEW_DEPLOYMENT
  if (existing.length > 0) {
    choice = await io.prompts.select({
      message: 'Deployment',
      choices: [
        ...existing.map((name) => ({ value: name, name: name === current ? `${name} (current)` : name })),
        { value: NEW_DEPLOYMENT, name: 'Create a new deployment' },
      ],
      default: current && existing.includes(current) ? current : existing[0],
    }, promptContext())
  }
  if (choice !== NEW_DEPLOYMENT) return { name: choice, create: false }
  const name = await io.prompts.input({
    message: 'Name of the new deployment',
    default: existing.length === 0 ? 'default' : undefined,
    validate: (value) => {
      if (existing.includes(value)) return `A deployment named ${shownName(value)} exists already.`
      try {
        assertDeploymentName(value, '')
        return true
      } catch (error) {
        return error instanceof GalleyError ? `${error.message}: ${error.remediation}` : String(error)
      }
    },
  }, promptContext())
  return { name, create: true }
}

async function chooseProviders(io: WizardIO, scratch: Scratch, before: Edit): Promise<Provider[]> {
  const editor = new YamlEditor(scratch.text, scratch.file)
  before(editor)
  const d = deploymentIn(editor, scratch.deployment)
  const enabled = (p: Provider) => editor.get([...providerPath(d, p.name), 'enabled']) === true
  const chosen = await io.prompts.checkbox({
    message: 'Bake for which providers?',
    choices: Object.values(providers).map((p) => ({ value: p.name, name: p.title, checked: enabled(p) })),
    required: true,
  }, promptContext())
  return chosen.map((name) => providers[name])
}

/** Whether to add an account or a first base image (existing ones are kept). */
async function wantsItem(io: WizardIO, scratch: Scratch, p: Provider, c: Collection, before: Edit): Promise<boolean> {
  const editor = new YamlEditor(scratch.text, scratch.file)
  before(editor)
  const existing = listItems(editor, c, deploymentIn(editor, scratch.deployment), p.name).map((i) => i.id)
  const message = existing.length > 0
    ? `${c === accounts ? 'Accounts' : 'Base images'}: ${existing.join(', ')}. Add another?`
    : c === accounts ? 'Add an account to bake with?' : 'Add a first base image?'
  return io.prompts.confirm({ message, default: existing.length === 0 }, promptContext())
}

async function askSection(io: WizardIO, scratch: Scratch, plan: InitPlan, pp: ProviderPlan, section: Section, id?: string): Promise<void> {
  const p = providers[pp.provider]
  const before = upTo(without(plan, pp.provider, section))
  if (section === 'bakery') {
    const target = bakeryTarget(p, scratch, firstRun(p.bakery), before)
    const { answers, changes } = await askTarget(io, scratch, target, pp.answers.bakery)
    pp.bakery = changes
    pp.answers.bakery = answers
    return
  }
  const c = section === 'account' ? accounts : baseImages
  const name = id ?? (await askNewId(io, scratch, p, c, before))
  const target = itemTarget(p, c, scratch, name, { fields: section === 'image' ? firstRun(itemFields(p, c)) : itemFields(p, c), before })
  const { answers, changes } = await askTarget(io, scratch, target, pp.answers[section])
  pp.answers[section] = answers
  if (section === 'account') pp.account = { name, fields: itemFieldsOf(p, c, changes) }
  else pp.image = { id: name, fields: itemFieldsOf(p, c, changes) }
}

async function askProvider(io: WizardIO, scratch: Scratch, plan: InitPlan, p: Provider): Promise<void> {
  io.note(`\n${bold(`${p.title} (${p.name})`)}`)
  const pp: ProviderPlan = { provider: p.name, bakery: {}, answers: {} }
  plan.providers.push(pp)
  await askSection(io, scratch, plan, pp, 'bakery')
  if (await wantsItem(io, scratch, p, accounts, upTo(plan))) await askSection(io, scratch, plan, pp, 'account')
  if (await wantsItem(io, scratch, p, baseImages, upTo(plan))) await askSection(io, scratch, plan, pp, 'image')
}

async function askTemplate(io: WizardIO, scratch: Scratch, plan: InitPlan): Promise<void> {
  const chosen = plan.providers.map((pp) => providers[pp.provider])
  const sources = INIT_SOURCES.filter((from) => chosen.some((p) => p.stockTemplate === from))
  if (sources.length === 0) return
  io.note('')
  if (!(await io.prompts.confirm({ message: 'Start a custom Packer template from a stock one?', default: false }, promptContext()))) return
  const from = sources.length === 1 ? sources[0] : await io.prompts.select({ message: 'Start from', choices: sources }, promptContext())
  const packerDir = packerDirOf(scratch.halDir, scratch.deployment)
  const name = await io.prompts.input({
    message: 'Template name',
    default: from.replace(/\.json$/, '-custom.json'),
    validate: (value) => {
      try {
        checkName(value, '')
      } catch (error) {
        return error instanceof GalleyError ? error.message : String(error)
      }
      if (!value.endsWith('.json') || value.endsWith('.pkr.json')) return `The copy of ${from} is a JSON template: its name ends in .json.`
      if (existsSync(join(packerDir, value))) return `${value} exists already in ${packerDir}; choose another name (hal config bakery template get ${shellWord(value)} shows it).`
      return true
    },
  }, promptContext())
  plan.template = { name, from }
  scratch.ignore = pendingTemplate(plan)
  for (const pp of plan.providers) {
    if (providers[pp.provider].stockTemplate !== from) continue
    if (await io.prompts.confirm({ message: `Use ${name} for every ${pp.provider} bake (its bakery templateFile)?`, default: true }, promptContext())) pp.templateFile = name
  }
}

/** The template the wizard is about to create is not there yet: the rule that looks for it would object. */
const pendingTemplate = (plan: InitPlan) => (p: Problem) => Boolean(plan.template && p.rule === 'bakery/template-file' && p.message.includes(`"${plan.template.name}"`))

/** Where in the wizard a problem's path belongs. */
function sectionOf(plan: InitPlan, problem: Problem): { provider: ProviderName; section: Section } | undefined {
  const path = fromPointer(problem.path)
  const at = path.indexOf('providers')
  if (at < 0) return undefined
  const provider = providerOfKey(String(path[at + 1])) as ProviderName
  if (!plan.providers.some((pp) => pp.provider === provider)) return undefined
  const section: Section = path[at + 2] === 'accounts' ? 'account' : path[at + 3] === 'baseImages' ? 'image' : 'bakery'
  return { provider, section }
}

/**
 * The whole plan checked as the write will check it; a problem only the whole reveals (an
 * Oracle base image needs the bakery's three settings) sends the person back to that part.
 */
async function checkWhole(io: WizardIO, scratch: Scratch, plan: InitPlan): Promise<void> {
  for (;;) {
    const problems = newProblems(scratch, (editor) => applyPlan(editor, plan))
    if (problems.length === 0) return
    io.note(`\nNot done yet: the settings would not pass validation:\n${problemLines(problems)}`)
    const places = [...new Map(problems.flatMap((p) => {
      const place = sectionOf(plan, p)
      return place ? [[`${place.provider}/${place.section}`, place] as const] : []
    })).values()]
    const labels: Record<Section, string> = { bakery: 'bakery defaults', account: 'account', image: 'base image' }
    const choice = await io.prompts.select({
      message: 'Fix it',
      choices: [
        ...places.map((place) => ({ value: `${place.provider}/${place.section}`, name: `Change the ${providers[place.provider].title} ${labels[place.section]}` })),
        { value: 'cancel', name: 'Cancel (nothing is written)' },
      ],
    }, promptContext())
    if (choice === 'cancel') throw new Cancelled()
    const place = places.find((p) => `${p.provider}/${p.section}` === choice)!
    const pp = plan.providers.find((p) => p.provider === place.provider)!
    const id = place.section === 'account' ? pp.account?.name : place.section === 'image' ? pp.image?.id : undefined
    await askSection(io, scratch, plan, pp, place.section, id)
  }
}

const keyOf = problemKey

/** The one write: locked, checked with the rules of `hal config validate` (unless --no-validate), kept for `hal config undo`. */
async function writePlan(options: InitOptions, plan: InitPlan) {
  return updateHalconfig(options.halDir, (editor) => applyPlan(editor, plan), {
    reason: 'hal init',
    check: (edited, loaded) => {
      if (!options.validate) return
      const checkOptions = { halDir: options.halDir, deployment: plan.deployment }
      const before = new Set(checkConfig(loaded.parsed, checkOptions).problems.map(keyOf))
      const blocking = checkConfig(edited, checkOptions).problems.filter((p) => !before.has(keyOf(p)) && atLeast(p.severity, 'error'))
      if (blocking.length > 0) {
        throw invalid(`the change was not written: it would make deployment ${plan.deployment} invalid`, {
          code: 'VALIDATION_FAILED',
          detail: renderProblems(blocking.map(({ file, line, column, frame, ...rest }) => (file === edited.file ? rest : { ...rest, file, line, column }))),
          remediation: 'Run hal init again, or pass --no-validate to write anyway.',
          data: { problems: blocking },
        })
      }
    },
  })
}

const colourDiff = (diff: string) =>
  diff.trimEnd().split('\n').map((line) => (line.startsWith('+') ? added(line) : line.startsWith('-') ? removed(line) : line.startsWith('@@') ? dim(line) : line)).join('\n')

function nextCommands(plan: InitPlan, deployment: string, explicit: boolean, loadedAfter: YamlEditor): string[] {
  const flag = explicit ? ` --deployment ${shellWord(deployment)}` : ''
  const next = [`hal config validate${flag}`]
  const d = deploymentIn(loadedAfter, deployment)
  for (const pp of plan.providers) {
    const images = listItems(loadedAfter, baseImages, d, pp.provider)
    const image = pp.image?.id ?? images[0]?.id
    if (image) next.push(`hal bake plan --provider ${pp.provider} --base-image ${shellWord(image)} --package nginx${flag}`)
    else next.push(`hal config provider ${pp.provider} bakery base-image add -i${flag}`)
    if (listItems(loadedAfter, accounts, d, pp.provider).length === 0) next.push(`hal config provider ${pp.provider} account add -i${flag}`)
  }
  if (plan.template) next.push(`hal config bakery template lint ${shellWord(plan.template.name)}${flag}`)
  next.push('hal config undo   (puts the config back as it was)')
  return next
}

export async function runInit(io: WizardIO, options: InitOptions): Promise<InitResult> {
  const loaded = readHalconfig(options.halDir)
  io.note(bold(`Setting up image bakes in ${options.halDir}`) + (loaded.exists ? '' : dim(' (no config yet: it is created at the end)')))
  io.note(dim('Enter accepts the value in (brackets), Tab edits it, Backspace clears it. Nothing is written until you confirm; Ctrl-C cancels.\n'))

  const { name, create } = await chooseDeployment(io, loaded, options.deployment)
  const scratch = openScratch(options.halDir, { deployment: name, validate: options.validate })
  const plan: InitPlan = { deployment: name, create, makeCurrent: false, providers: [] }
  if (currentDeploymentName(loaded.parsed) !== name) {
    plan.makeCurrent = await io.prompts.confirm({ message: `Make ${name} the current deployment?`, default: true }, promptContext())
  }
  for (const p of await chooseProviders(io, scratch, upTo(plan))) await askProvider(io, scratch, plan, p)
  await askTemplate(io, scratch, plan)
  await checkWhole(io, scratch, plan)

  const after = new YamlEditor(scratch.text, scratch.file)
  applyPlan(after, plan)
  const diff = unifiedDiff(loaded.exists ? loaded.parsed.text : '', after.text, { from: loaded.exists ? loaded.file : '/dev/null', to: loaded.file })
  const packerDir = packerDirOf(options.halDir, name)
  const result: InitResult = { written: false, file: loaded.file, deployment: name, created: create, providers: plan.providers.map((pp) => pp.provider), diff, next: [] }
  if (diff === '' && !plan.template) {
    io.note('\nNothing to change: the config already says all that.')
    return result
  }
  io.note(`\n${bold('The change:')}`)
  if (diff !== '') io.note(colourDiff(diff))
  if (plan.template) io.note(added(`+ ${join(packerDir, plan.template.name)}, a copy of galley's stock ${plan.template.from}`))
  if (!(await io.prompts.confirm({ message: 'Write it?', default: true }, promptContext()))) {
    io.note('Nothing was written.')
    return result
  }

  // The template first, so that the config's reference to it is valid; removed again if the config is refused.
  if (plan.template) {
    const content = readFileSync(join(shippedTemplatesDir(), plan.template.from))
    const [file] = await installFiles({ halDir: options.halDir, packerDir, files: [{ name: plan.template.name, content, mode: 0o644, source: `galley's stock ${plan.template.from}` }], force: false })
    result.template = { ...plan.template, path: file.path }
  }
  try {
    await writePlan(options, plan)
  } catch (error) {
    if (plan.template) await removeFile(options.halDir, packerDir, plan.template.name).catch(() => undefined)
    throw error
  }
  result.written = true
  result.report = runValidation({ halDir: options.halDir, deployment: name })
  result.next = nextCommands(plan, name, !plan.makeCurrent && currentDeploymentName(after.current) !== name, after)
  return result
}

