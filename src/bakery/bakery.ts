import { deepEqual, type YamlEditor } from '../config/edit.js'
import { isPlainObject, type Plain } from '../model/plain.js'
import type { DeploymentRef } from '../config/halconfig.js'
import { accountKeyOrder } from '../config/key-order.js'
import { locatePath } from '../config/source.js'
import type { ValuePath } from '../model/value-path.js'
import { failed, invalid, usage } from '../lib/errors.js'
import { providerNamed, type Provider, type ProviderName } from '../providers/index.js'
import { shellWord, shownName } from '../lib/quote.js'

/**
 * The bakery's domain operations, on the halconfig being edited. Pure with respect to the
 * file system: they change the editor's text, and the store decides whether it is written.
 */
export const providerPath = (d: DeploymentRef, p: ProviderName): ValuePath => [...d.path, 'providers', p]
export const bakeryPath = (d: DeploymentRef, p: ProviderName): ValuePath => [...providerPath(d, p), 'bakeryDefaults']

/** A list of named things in a provider: base images (by baseImage.id) or accounts (by name). */
export interface Collection {
  noun: 'base image' | 'account'
  list(d: DeploymentRef, p: ProviderName): ValuePath
  /** Where an item's name is, inside the item. */
  idPath: ValuePath
}

export const baseImages: Collection = { noun: 'base image', list: (d, p) => [...bakeryPath(d, p), 'baseImages'], idPath: ['baseImage', 'id'] }
export const accounts: Collection = { noun: 'account', list: (d, p) => [...providerPath(d, p), 'accounts'], idPath: ['name'] }

/** The collection's words on the command line: `hal config provider NAME <topic> add ...`. */
export const topicOf = (c: Collection) => (c.noun === 'account' ? 'account' : 'bakery base-image')

export interface Item {
  id: string
  index: number
  path: ValuePath
  value: Plain
}

const idOf = (item: unknown, idPath: ValuePath): string | undefined => {
  let node: unknown = item
  for (const segment of idPath) node = isPlainObject(node) ? node[segment as string] : undefined
  return typeof node === 'string' ? node : undefined
}

export function listItems(editor: YamlEditor, c: Collection, d: DeploymentRef, p: ProviderName): Item[] {
  const path = c.list(d, p)
  const list = editor.get(path)
  if (!Array.isArray(list)) return []
  return list.flatMap((value, index) => {
    const id = idOf(value, c.idPath)
    return id !== undefined && isPlainObject(value) ? [{ id, index, path: [...path, index], value }] : []
  })
}

/**
 * What is wrong with a name given to an item (a base image's id, an account's name), or
 * undefined: the one rule for the commands' arguments, --id, and the wizard's answers. Halyard
 * only refuses a missing one (AbstractHasBaseImageCommand.getBaseImageId, AbstractHasAccountCommand);
 * galley also refuses a name no bake could give (an empty or blank base_os or account_name) and
 * one that reads differently from what it is (white space at an end, a tab or a line break),
 * which would be listed as a different name and never found when typed as shown. Spaces inside
 * are allowed, as Halyard allows them (GCE's own limits are the bakery/image-name rule's).
 */
export function nameProblem(c: Collection, name: string, given?: string): string | undefined {
  const what = `the ${c.noun}'s ${c.noun === 'account' ? 'name' : 'id'}`
  const from = given === undefined ? '' : ` (${given})`
  const why = c.noun === 'account' ? 'a bake names its account by it' : 'a bake names its base image (base_os) by it'
  if (name === '') return `${what} cannot be empty${from}: ${why}`
  if (name.trim() === '') return `${what} cannot be blank${from}: ${why}`
  if (name.trim() !== name) return `${what} ${JSON.stringify(name)} starts or ends with white space${from}: ${why}, exactly as written`
  if (/[\p{Cc}\p{Cf}]/u.test(name)) return `${what} ${JSON.stringify(name)} holds an invisible or control character${from}: ${why}, and no listing would show it`
  return undefined
}

/**
 * A refused add's remediations, which the rules write as edits of the item (`... account edit
 * NAME --flag VALUE`): nothing was written, so there is nothing to edit; the add is what to run
 * again, with the fix (`... account add NAME ... --flag VALUE`, the `...` the other flags given).
 * A rename (`edit ID --id NEW`) becomes an add under the new name; an entry swapped in a list
 * (`--remove-region OLD --add-region NEW`, which add does not have) becomes the list flag with
 * the new entry (`--regions NEW`): `listFlags` maps each entry flag's word to its list's flag.
 */
export function addInsteadOfEdit(remediation: string, editCommand: string, addCommand: string, id: string, listFlags: Readonly<Record<string, string>> = {}): string {
  const edit = `${editCommand} ${shellWord(id)}`
  const escaped = edit.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const word = `('(?:[^']|'\\\\'')*'|[^\\s']\\S*)`
  if (!remediation.includes(edit)) return remediation
  // The item's own edit only: `edit prod` is not `edit prod2`.
  const end = '(?=\\s|$|[),.;])'
  return remediation
    .replace(new RegExp(`${escaped} --id ${word}`, 'g'), (_, newId: string) => `${addCommand} ${newId} ...`)
    .replace(new RegExp(`(${escaped}${end}.*?)--remove-([a-z-]+) ${word} --add-\\2 ${word}`, 'g'), (whole, head: string, entry: string, _old: string, added: string) =>
      listFlags[entry] ? `${head}--${listFlags[entry]} ${added}` : whole)
    .replace(new RegExp(`${escaped}${end}`, 'g'), () => `${addCommand} ${shellWord(id)} ...`)
}

/** The one item with this id; a missing id exits 3, duplicates (hand-edited files) exit 1 naming their lines. */
export function findItem(editor: YamlEditor, c: Collection, d: DeploymentRef, p: ProviderName, id: string): Item {
  const items = listItems(editor, c, d, p)
  const matches = items.filter((item) => item.id === id)
  if (matches.length === 1) return matches[0]
  if (matches.length === 0) {
    const existing = items.map((item) => item.id)
    throw failed(`No ${c.noun} named ${shownName(id)} in ${p}'s ${c.noun === 'account' ? 'accounts' : 'bakery'} of deployment ${d.name}`, {
      code: c.noun === 'account' ? 'ACCOUNT_NOT_FOUND' : 'BASE_IMAGE_NOT_FOUND',
      remediation: existing.length > 0 ? `Existing ${c.noun}s: ${existing.map(shownName).join(', ')}.` : `There are none yet: hal config provider ${p} ${topicOf(c)} add ${id.trim() === '' ? (c.noun === 'account' ? 'NAME' : 'ID') : shellWord(id)} ...`,
      data: { id, existing },
    })
  }
  const lines = matches.map((item) => locatePath(editor.current, [...item.path, ...c.idPath])?.line).filter((n) => n !== undefined)
  throw invalid(`More than one ${c.noun} named ${JSON.stringify(id)} was found (${editor.file} lines ${lines.join(', ')})`, {
    code: 'DUPLICATE_ID',
    remediation: `Rename or remove all but one of them in ${editor.file}; hal cannot tell them apart.`,
    data: { id, lines },
  })
}

/**
 * A list changed entry by entry (edit's `--add-region` / `--remove-region`), applied to the list as
 * the file has it when the edit runs: entries are added at the end unless present, then removed.
 */
export class ListEdit {
  /** `itemKey`: the entries are mappings named by this key (`{name: us-east-1}`), added and removed by name. */
  constructor(readonly add: readonly string[], readonly remove: readonly string[], readonly itemKey?: string) {}

  applyTo(current: unknown): unknown[] {
    const list = this.listOf(current)
    for (const entry of this.add) if (!list.some((e) => this.nameOf(e) === entry)) list.push(this.itemKey ? { [this.itemKey]: entry } : entry)
    return list.filter((entry) => !this.remove.includes(this.nameOf(entry) as string))
  }

  /**
   * The entries this edit leaves as they were in `current`: added ones already there, removed
   * ones not there. Halyard's edit appends an added entry even when present (a duplicate) and
   * says "No changes supplied." for a removed one that is absent (AbstractConfigCommand.
   * updateStringList, AbstractEditAccountCommand.executeThis); galley says which, for both.
   */
  idle(current: unknown): { present: string[]; absent: string[] } {
    const names = new Set(this.listOf(current).map((e) => this.nameOf(e)))
    return {
      present: this.add.filter((entry) => names.has(entry) && !this.remove.includes(entry)),
      absent: this.remove.filter((entry) => !names.has(entry) && !this.add.includes(entry)),
    }
  }

  private listOf(current: unknown): unknown[] {
    return Array.isArray(current) ? [...current] : current === undefined || current === null || current === '' ? [] : [current]
  }

  private nameOf(entry: unknown): unknown {
    return this.itemKey && isPlainObject(entry) ? entry[this.itemKey] : entry
  }
}

const isEmpty = (value: unknown) => value === '' || value === null || (Array.isArray(value) && value.length === 0)

/**
 * Sets fields under `base`: undefined leaves a field alone, '' or null (or an empty list) removes
 * it, a ListEdit changes a list entry by entry, anything else sets it. A dotted key is nested
 * (`permissions.READ`); a mapping the removal leaves empty goes too.
 */
export function applyFields(editor: YamlEditor, base: ValuePath, fields: Record<string, unknown>): void {
  for (const [key, given] of Object.entries(fields)) {
    if (given === undefined) continue
    const path = [...base, ...key.split('.')]
    const value = given instanceof ListEdit ? given.applyTo(editor.get(path)) : given
    if (given instanceof ListEdit && deepEqual(value, editor.get(path) ?? [])) continue
    if (!isEmpty(value)) {
      editor.set(path, value)
      continue
    }
    if (editor.get(path) === undefined) continue
    editor.delete(path)
    for (let parent = path.slice(0, -1); parent.length > base.length; parent = parent.slice(0, -1)) {
      const left = editor.get(parent)
      if (!isPlainObject(left) || Object.keys(left).length > 0) break
      editor.delete(parent)
    }
  }
}

/** The fields a new item starts with: set values only, nested keys nested. */
function compact(fields: Record<string, unknown>): Plain {
  const out: Plain = {}
  for (const [key, given] of Object.entries(fields)) {
    const value = given instanceof ListEdit ? given.applyTo(undefined) : given
    if (value === undefined || isEmpty(value)) continue
    const path = key.split('.')
    let node = out
    for (const part of path.slice(0, -1)) node = (node[part] ??= {}) as Plain
    node[path[path.length - 1]] = value
  }
  return out
}

export interface ItemFields {
  /** Fields of the item itself (an account), or of its baseImage (a base image). */
  own: Record<string, unknown>
  /** A base image's virtualizationSettings. */
  virtualization?: Record<string, unknown>
  /**
   * Set when a base image's virtualizationSettings is a list of entries told apart by these keys
   * (a region and a virtualization type): the given values of the keys pick the entry the other
   * virtualization fields go to, and one that matches none adds an entry.
   */
  settingsKey?: readonly string[]
}

/** The entries of a settings list that match the given selector values. */
function matchingEntries(list: unknown[], selector: Record<string, unknown>): number[] {
  return list.flatMap((entry, index) => (isPlainObject(entry) && Object.entries(selector).every(([k, v]) => entry[k] === v) ? [index] : []))
}

/**
 * Applies virtualization fields to a list of settings entries: the selector keys pick one entry;
 * none matching adds one (all selector keys needed then); several matching is refused.
 */
function applySettingsEntry(editor: YamlEditor, listPath: ValuePath, keys: readonly string[], fields: Record<string, unknown>, imageId: string, newEntryDefaults: Record<string, unknown> = {}): void {
  const given = Object.entries(fields).filter(([, v]) => v !== undefined)
  if (given.length === 0) return
  const selector = Object.fromEntries(keys.filter((k) => fields[k] !== undefined && fields[k] !== '' && fields[k] !== null).map((k) => [k, fields[k]]))
  const rest = Object.fromEntries(given.filter(([k]) => !keys.includes(k)))
  const flagsOf = (list: readonly string[]) => list.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(' and ')
  if (Object.keys(selector).length === 0) {
    throw usage(`the settings of base image ${imageId} are one entry per ${keys.join(' and ')}: say which with ${flagsOf(keys)}`, {
      code: 'SETTINGS_NOT_CHOSEN',
      remediation: `e.g. ... base-image edit ${imageId} ${keys.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${k.toUpperCase()}`).join(' ')} --FLAG VALUE`,
    })
  }
  // A hand-written mapping here would be replaced by the new list: refused, nothing written.
  editor.assertShape(listPath, 'list')
  const current = editor.get(listPath)
  const list = Array.isArray(current) ? current : []
  const matches = matchingEntries(list, selector)
  if (matches.length > 1) {
    const missing = keys.filter((k) => !(k in selector))
    const shown = matches.map((i) => keys.map((k) => String((list[i] as Plain)[k] ?? '?')).join('/')).join(', ')
    throw usage(`base image ${imageId} has ${matches.length} settings entries for ${Object.values(selector).join('/')} (${shown}): say which with ${flagsOf(missing.length > 0 ? missing : keys)}`, {
      code: 'SETTINGS_AMBIGUOUS',
      remediation: missing.length > 0 ? `Add ${flagsOf(missing)}.` : `Entries repeat: remove the extra ones from ${editor.file} by hand.`,
    })
  }
  if (matches.length === 1) {
    applyFields(editor, [...listPath, matches[0]], rest)
    return
  }
  // A new entry: the keys not given take their defaults (aws: the bakery's default virtualization type).
  for (const k of keys) if (!(k in selector) && newEntryDefaults[k] !== undefined) selector[k] = newEntryDefaults[k]
  const missing = keys.filter((k) => !(k in selector))
  if (missing.length > 0) {
    throw usage(`base image ${imageId} has no settings for ${Object.values(selector).join('/')}; a new entry needs ${flagsOf(missing)} too`, {
      code: 'SETTINGS_INCOMPLETE',
      remediation: `Give ${flagsOf(missing)} to add settings for it, or pick an existing entry.`,
    })
  }
  const entry = { ...selector, ...compact(rest) }
  if (Array.isArray(current)) editor.append(listPath, entry)
  else editor.set(listPath, [entry])
}

/** The new item as Halyard lays it out. */
function newItem(c: Collection, id: string, fields: ItemFields, provider: ProviderName): Plain {
  if (c === baseImages) {
    // What Halyard's add writes for a flag not given (azure's version: latest), in the fields' order.
    const given = { ...providerNamed(provider)?.imageAddDefaults, ...compact(fields.own) }
    const keys = [...new Set([...(providerNamed(provider)?.image.map((f) => f.key) ?? []), ...Object.keys(given)])].filter((key) => key in given)
    const entry: Plain = { baseImage: { id, ...Object.fromEntries(keys.map((key) => [key, given[key]])) } }
    const virtualization = compact(fields.virtualization ?? {})
    // A list of settings is filled by addItem through applySettingsEntry.
    if (!fields.settingsKey && Object.keys(virtualization).length > 0) entry.virtualizationSettings = virtualization
    return entry
  }
  const own = compact(fields.own)
  const order = accountKeyOrder(provider)
  const rank = (key: string) => (order.includes(key) ? order.indexOf(key) : order.length)
  return { name: id, ...Object.fromEntries(Object.keys(own).sort((a, b) => rank(a) - rank(b)).map((key) => [key, own[key]])) }
}

/** The key values a provider gives a new settings entry, from this deployment's bakery defaults. */
function newEntryDefaults(editor: YamlEditor, d: DeploymentRef, p: ProviderName): Record<string, unknown> {
  const shape = providerNamed(p)?.virtualizationShape
  if (shape?.kind !== 'list' || !shape.newEntryDefaults) return {}
  const bakery = editor.get(bakeryPath(d, p))
  return shape.newEntryDefaults(isPlainObject(bakery) ? bakery : {})
}

export function addItem(editor: YamlEditor, c: Collection, d: DeploymentRef, p: ProviderName, id: string, fields: ItemFields): Item {
  const clash = listItems(editor, c, d, p).find((item) => item.id === id)
  if (clash) {
    const line = locatePath(editor.current, [...clash.path, ...c.idPath])?.line
    throw invalid(`A ${c.noun} named ${shownName(id)} already exists in ${p}'s ${c.noun === 'account' ? 'accounts' : 'bakery'} (${editor.file} line ${line})`, {
      code: 'DUPLICATE_ID',
      remediation: `Change it with hal config provider ${p} ${topicOf(c)} edit ${shellWord(id)} ..., or choose another name.`,
      data: { id, line },
    })
  }
  editor.append(c.list(d, p), newItem(c, id, fields, p))
  const item = findItem(editor, c, d, p, id)
  if (fields.settingsKey && fields.virtualization) {
    applySettingsEntry(editor, [...item.path, 'virtualizationSettings'], fields.settingsKey, fields.virtualization, id, newEntryDefaults(editor, d, p))
    return findItem(editor, c, d, p, id)
  }
  return item
}

/** Edits an item in place (keeping its list position); `newId` renames it. */
export function editItem(editor: YamlEditor, c: Collection, d: DeploymentRef, p: ProviderName, id: string, fields: ItemFields, newId?: string): Item {
  const item = findItem(editor, c, d, p, id)
  if (newId !== undefined && newId !== id) {
    if (listItems(editor, c, d, p).some((other) => other.id === newId)) {
      throw invalid(`Cannot rename ${c.noun} ${shownName(id)} to ${shownName(newId)}: a ${c.noun} named ${shownName(newId)} already exists`, {
        code: 'DUPLICATE_ID',
        remediation: 'Choose another name, or delete the other one first.',
      })
    }
    editor.set([...item.path, ...c.idPath], newId)
  }
  const ownBase = c === baseImages ? [...item.path, 'baseImage'] : item.path
  applyFields(editor, ownBase, fields.own)
  if (fields.virtualization && fields.settingsKey) applySettingsEntry(editor, [...item.path, 'virtualizationSettings'], fields.settingsKey, fields.virtualization, newId ?? id, newEntryDefaults(editor, d, p))
  else if (fields.virtualization) applyFields(editor, [...item.path, 'virtualizationSettings'], fields.virtualization)
  return findItem(editor, c, d, p, newId ?? id)
}

export function deleteItem(editor: YamlEditor, c: Collection, d: DeploymentRef, p: ProviderName, id: string): Item {
  const item = findItem(editor, c, d, p, id)
  editor.delete(item.path)
  return item
}

/** A provider's bakery defaults, with the schema's defaults filled in where the file says nothing. */
export function effectiveBakery(editor: YamlEditor, d: DeploymentRef, provider: Provider, defaults: Plain): Plain {
  const current = editor.get(bakeryPath(d, provider.name))
  return { ...defaults, ...(isPlainObject(current) ? current : {}) }
}
