import { addItem, applyFields, bakeryPath, baseImages, editItem, listItems, nameProblem, type Collection, type ItemFields } from '../bakery/bakery.js'
import type { Field, Provider } from '../providers/index.js'
import { YamlEditor } from '../config/edit.js'
import { isPlainObject, type Plain } from '../model/plain.js'
import type { ValuePath } from '../model/value-path.js'
import type { Problem } from '../model/problem.js'
import { checkAt, deploymentIn, newProblems, problemsAt, promptMessage, type Edit, type Scratch } from './checks.js'
import { ask, askFields, changesFrom, questionFor, type Answers } from './fields.js'
import { dim, type Prompts } from './prompts.js'

/**
 * The things a wizard fills in (a provider's bakery defaults, a base image, an account), each
 * written with the same domain operation as its flags, and checked on a scratch copy of the
 * config after every answer and again once the whole item is answered.
 */

export interface Target {
  /** What is being filled in, for messages: "google bakery defaults", "base image ubuntu". */
  title: string
  fields: readonly Field[]
  /** The values the fields have now (the defaults shown). */
  current: Answers
  /** Applies the changes to an editor; returns the item's path. */
  apply(editor: YamlEditor, changes: Answers): ValuePath
  fieldPath(item: ValuePath, key: string): ValuePath
}

export interface WizardIO {
  prompts: Prompts
  /** A line for the person at the terminal (stderr). */
  note(line: string): void
}

/** The deployment-level edits made before this item (the wizard's earlier answers). */
const none: Edit = () => undefined

export function bakeryTarget(p: Provider, scratch: Scratch, fields: readonly Field[] = p.bakery, before: Edit = none): Target {
  const current = (editor: YamlEditor) => {
    before(editor)
    const value = editor.get(bakeryPath(deploymentIn(editor, scratch.deployment), p.name))
    return isPlainObject(value) ? value : {}
  }
  return {
    title: `${p.name} bakery defaults`,
    fields,
    current: pick(fields, current(scratchEditor(scratch))),
    apply(editor, changes) {
      before(editor)
      const path = bakeryPath(deploymentIn(editor, scratch.deployment), p.name)
      applyFields(editor, path, changes)
      return path
    },
    fieldPath: (item, key) => [...item, key],
  }
}

const isImage = (c: Collection) => c === baseImages

/** The fields of a collection's items: base image and virtualization settings, or account. */
export const itemFields = (p: Provider, c: Collection): Field[] => (isImage(c) ? [...p.image, ...p.virtualization] : [...p.account])

/** Answers split the way addItem and editItem take them. */
export function itemFieldsOf(p: Provider, c: Collection, changes: Answers): ItemFields {
  const of = (fields: readonly Field[]) => Object.fromEntries(fields.filter((f) => f.key in changes).map((f) => [f.key, changes[f.key]]))
  // Settings that are a list (one entry per region and type): the answers for the key fields pick the entry.
  const settingsKey = p.virtualizationShape.kind === 'list' ? { settingsKey: p.virtualizationShape.settingsKey } : {}
  return isImage(c) ? { own: of(p.image), virtualization: of(p.virtualization), ...settingsKey } : { own: of(p.account) }
}

/** The flat answers of an existing item. */
function itemValues(p: Provider, c: Collection, value: Plain): Answers {
  if (!isImage(c)) return value
  const image = isPlainObject(value.baseImage) ? value.baseImage : {}
  const vs = isPlainObject(value.virtualizationSettings) ? value.virtualizationSettings : {}
  return { ...image, ...vs }
}

export interface ItemTargetOptions {
  fields?: readonly Field[]
  /** Edit an existing item with this id (else add a new one). */
  existing?: boolean
  /** Rename while editing. */
  newId?: string
  before?: Edit
}

export function itemTarget(p: Provider, c: Collection, scratch: Scratch, id: string, options: ItemTargetOptions = {}): Target {
  const fields = options.fields ?? itemFields(p, c)
  const before = options.before ?? none
  let current: Answers = {}
  if (options.existing) {
    const editor = scratchEditor(scratch)
    before(editor)
    const item = listItems(editor, c, deploymentIn(editor, scratch.deployment), p.name).find((i) => i.id === id)
    current = pick(fields, item ? itemValues(p, c, item.value) : {})
  }
  return {
    title: `${p.name} ${c.noun} ${options.newId ?? id}`,
    fields,
    current,
    apply(editor, changes) {
      before(editor)
      const d = deploymentIn(editor, scratch.deployment)
      const item = options.existing
        ? editItem(editor, c, d, p.name, id, itemFieldsOf(p, c, changes), options.newId)
        : addItem(editor, c, d, p.name, id, itemFieldsOf(p, c, changes))
      return item.path
    },
    fieldPath: (item, key) => (!isImage(c) ? [...item, key] : p.image.some((f) => f.key === key) ? [...item, 'baseImage', key] : [...item, 'virtualizationSettings', key]),
  }
}

const scratchEditor = (scratch: Scratch) => new YamlEditor(scratch.text, scratch.file)

const pick = (fields: readonly Field[], value: Plain): Answers => Object.fromEntries(fields.filter((f) => value[f.key] !== undefined).map((f) => [f.key, value[f.key]]))

/** The problems an item's answers would introduce in the item itself. */
export function itemProblems(scratch: Scratch, target: Target, answers: Answers): Problem[] {
  let path: ValuePath = []
  const problems = newProblems(scratch, (editor) => {
    path = target.apply(editor, changesFrom(target.fields, target.current, answers))
  })
  return problemsAt(problems, path)
}

/** The check of one field of the target: its answer (with the answers so far) applied to a scratch copy, then the rules. */
export const fieldChecker = (scratch: Scratch, target: Target) => (key: string, _value: unknown, answers: Answers): string | true =>
  checkAt(scratch, (editor) => target.fieldPath(target.apply(editor, changesFrom(target.fields, target.current, answers)), key))

export const problemLines = (problems: readonly Problem[]) => problems.map((p) => `  ! ${promptMessage(p)}`).join('\n')

/**
 * Asks every field of the target, each answer checked as it is given; then checks the item as
 * a whole (a source image or a family, an Oracle account's required fields...) and asks again,
 * with the answers as defaults, until it is right. Returns the changes (as applyFields takes them).
 */
export async function askTarget(io: WizardIO, scratch: Scratch, target: Target, defaults: Answers = target.current): Promise<{ answers: Answers; changes: Answers }> {
  let shown = defaults
  for (;;) {
    const answers = await askFields(io.prompts, target.fields, shown, fieldChecker(scratch, target))
    const problems = itemProblems(scratch, target, answers)
    if (problems.length === 0) return { answers, changes: changesFrom(target.fields, target.current, answers) }
    io.note(`Not done yet: the ${target.title} ${target.title.endsWith('defaults') ? 'have' : 'has'} ${problems.length === 1 ? 'a problem' : 'problems'}:\n${problemLines(problems)}`)
    io.note(dim('Change the answers below (Ctrl-C cancels; nothing is written).'))
    shown = answers
  }
}

/**
 * The question for an item's name (a base image's id, an account's name), with the schema's
 * help. "Name" for both: an Oracle base image also has a "Base image ID" (its OCID). An answer
 * the commands would refuse as an argument (nameProblem: blank...) is refused here first, even
 * with --no-validate, as the argument is; then `check` (the rules, on a scratch copy).
 */
export function nameQuestion(p: Provider, c: Collection, current: string | undefined, check: (value: string) => string | true) {
  const key = isImage(c) ? 'id' : 'name'
  const description = p.schema.definitions?.[isImage(c) ? 'baseImage' : 'account']?.properties?.[key]?.description
  const question = questionFor({ key, flag: key, type: 'string', description: description ?? '' }, current)
  // The answer as typed: not trimmed, and never "unset" (a blank answer is refused, not dropped).
  // Keeping the current name (a hand-written one the rule would refuse) is not giving a new one.
  question.value = (answer) => String(answer)
  question.config.validate = (answer: string) => (answer !== current && nameProblem(c, answer)) || check(answer)
  question.config.message = isImage(c) ? 'Base image name' : 'Account name'
  return question
}

/** Asks for a new item's name: given, unused, and acceptable to the rules (a GCE base image id becomes part of image names). */
export async function askNewId(io: WizardIO, scratch: Scratch, p: Provider, c: Collection, before: Edit = none): Promise<string> {
  const question = nameQuestion(p, c, undefined, (value) =>
    checkAt(scratch, (editor) => {
      before(editor)
      const item = addItem(editor, c, deploymentIn(editor, scratch.deployment), p.name, value, { own: {} })
      return isImage(c) ? [...item.path, 'baseImage', 'id'] : [...item.path, 'name']
    }))
  return String(await ask(io.prompts, question))
}
