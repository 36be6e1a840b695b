import { addItem, baseImages, editItem, findItem, listItems, type Collection, type ItemFields } from '../bakery/bakery.js'
import type { Field, Provider } from '../providers/index.js'
import { YamlEditor } from '../config/edit.js'
import { usage } from '../lib/errors.js'
import { checkAt, deploymentIn, openScratch, type Scratch } from './checks.js'
import { ask, type Answers } from './fields.js'
import { askNewId, askTarget, bakeryTarget, itemFieldsOf, itemTarget, nameQuestion, type WizardIO } from './items.js'
import { loadPrompts, promptContext, requireTerminal } from './prompts.js'

/**
 * `--interactive` for the provider commands: the same fields as the flags, asked one by one
 * with the current values as defaults. The answers come back as the flags' values would,
 * and the command writes them through its usual validated path.
 */

export interface CommandWizard {
  /** The command line, for messages: "hal config provider google bakery edit". */
  command: string
  halDir: string
  deployment?: string
  validate: boolean
  provider: Provider
}

const flagList = (fields: readonly Field[]) => fields.map((f) => `--${f.flag}`).join(', ')

/**
 * Whether the command asks for its values: with -i, or when it was given none of its field
 * flags and the person at the terminal accepts. Without a terminal neither is possible: exit 2,
 * naming the flags.
 */
export async function wantsPrompts(wizard: CommandWizard, options: { interactive: boolean; given: boolean; fields: readonly Field[] }): Promise<boolean> {
  if (options.given && !options.interactive) return false
  const flags = flagList(options.fields)
  const remediation = `Pass the values as flags (${flags}); ${wizard.command} --help describes them.`
  const data = { flags: options.fields.map((f) => `--${f.flag}`) }
  if (options.interactive) {
    requireTerminal('--interactive needs a terminal to ask on (stdin and stderr), and there is none', remediation, data)
    return true
  }
  requireTerminal(`no values given, and no terminal to ask for them on`, remediation, data)
  const { confirm } = await loadPrompts()
  const yes = await confirm({ message: 'No values given. Fill them in here, field by field?', default: true }, promptContext())
  if (!yes) throw usage('no values given', { code: 'NO_VALUES', remediation, data })
  return true
}

async function io(): Promise<WizardIO> {
  return { prompts: await loadPrompts(), note: (line) => process.stderr.write(`${line}\n`) }
}

const scratchFor = (wizard: CommandWizard): Scratch => openScratch(wizard.halDir, { deployment: wizard.deployment, validate: wizard.validate })

/** `bakery edit -i`: the changes to the bakery defaults. `preset` holds flags given with -i. */
export async function askBakeryEdit(wizard: CommandWizard, preset: Answers): Promise<Answers> {
  const scratch = scratchFor(wizard)
  const target = bakeryTarget(wizard.provider, scratch)
  const { changes } = await askTarget(await io(), scratch, target, { ...target.current, ...preset })
  return changes
}

/** `base-image add -i` / `account add -i`: the new item's id (asked when not given) and fields. */
export async function askItemAdd(wizard: CommandWizard, c: Collection, id: string | undefined, preset: Answers): Promise<{ id: string; fields: ItemFields }> {
  const p = wizard.provider
  const scratch = scratchFor(wizard)
  if (id !== undefined) {
    // Refuse a taken name before any question, as the command would after them.
    const editor = new YamlEditor(scratch.text, scratch.file)
    addItem(editor, c, deploymentIn(editor, scratch.deployment), p.name, id, { own: {} })
  }
  const terminal = await io()
  const name = id ?? (await askNewId(terminal, scratch, p, c))
  const { changes } = await askTarget(terminal, scratch, itemTarget(p, c, scratch, name), preset)
  return { id: name, fields: itemFieldsOf(p, c, changes) }
}

/** `base-image edit -i` / `account edit -i`: which item (chosen from a list when not given), a new id, and the changes. */
export async function askItemEdit(wizard: CommandWizard, c: Collection, id: string | undefined, preset: Answers, presetNewId?: string): Promise<{ id: string; newId?: string; fields: ItemFields }> {
  const p = wizard.provider
  const scratch = scratchFor(wizard)
  const editor = new YamlEditor(scratch.text, scratch.file)
  const d = deploymentIn(editor, scratch.deployment)
  const terminal = await io()
  let name = id
  if (name === undefined) {
    const items = listItems(editor, c, d, p.name)
    if (items.length === 0) findItem(editor, c, d, p.name, '') // the usual "none yet" failure
    name = (await terminal.prompts.select({ message: `Which ${c.noun}?`, choices: items.map((i) => i.id) }, promptContext())) as string
  } else {
    findItem(editor, c, d, p.name, name)
  }
  const current = name
  let newId: string | undefined
  if (c === baseImages) {
    // The id can change too (--id): checked for clashes and by the rules like any field.
    const question = nameQuestion(p, c, presetNewId ?? current, (value) =>
      checkAt(scratch, (e) => [...editItem(e, c, deploymentIn(e, scratch.deployment), p.name, current, { own: {} }, value).path, 'baseImage', 'id']))
    const answer = (await ask(terminal.prompts, question)) as string | undefined
    newId = answer && answer !== current ? answer : undefined
  }
  const target = itemTarget(p, c, scratch, current, { existing: true, newId })
  const { changes } = await askTarget(terminal, scratch, target, { ...target.current, ...preset })
  return { id: current, newId, fields: itemFieldsOf(p, c, changes) }
}
