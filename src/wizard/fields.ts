import { homedir } from 'node:os'
import { isAbsolute, resolve } from 'node:path'
import { deepEqual } from '../config/edit.js'
import type { Field } from '../providers/index.js'
import { PACKAGE_TYPES } from '../validate/rules/package-type.js'
import { helpTheme, promptContext, type Prompts } from './prompts.js'

/**
 * One prompt per field of a provider description: the field's type picks the prompt, the
 * schema's description is its help, the current value is its default. Flags and prompts come
 * from the same description, so a new field gets both.
 */

/** A field's value as the config would hold it; undefined when unset. */
export type Answers = Record<string, unknown>

/** What a check says about a value: true, or the message to show under the prompt. */
export type FieldCheck = (value: unknown) => string | true

export interface Question {
  key: string
  kind: 'input' | 'password' | 'confirm' | 'select' | 'search'
  /** The @inquirer config (message, default, validate...). */
  config: any
  /** The answer as the config stores it (undefined: unset). */
  value(answer: unknown): unknown
}

const ACRONYMS: Record<string, string> = { id: 'ID', ip: 'IP', json: 'JSON', ssh: 'SSH', os: 'OS' }

/** `useInternalIp` -> `Use internal IP`, `sshPrivateKeyFilePath` -> `SSH private key file path`. */
export function labelOf(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(' ')
  const text = words.map((word) => ACRONYMS[word] ?? word).join(' ')
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** Rosco's package types, with the systems that use them. */
const PACKAGE_HINTS: Record<string, string> = { deb: 'Debian, Ubuntu', rpm: 'RHEL, Oracle Linux, Rocky', nupkg: 'Windows (Chocolatey)' }

/** Fields answered from a list rather than typed. */
const CHOICES: Record<string, ReadonlyArray<{ value: string; name: string; short?: string }>> = {
  packageType: PACKAGE_TYPES.map((type) => ({ value: type, name: `${type.padEnd(6)}${PACKAGE_HINTS[type] ?? ''}`, short: type })),
}

const expandPath = (path: string) => {
  const home = path === '~' || path.startsWith('~/') ? homedir() + path.slice(1) : path
  // A path typed at a prompt means the same as one typed in this shell.
  return isAbsolute(home) ? home : resolve(home)
}

const asList = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : typeof value === 'string' && value !== '' ? [value] : [])

/**
 * The prompt for one field. `current` is the default (else the schema's default); `check`
 * sees the value as it would be stored.
 */
export function questionFor(field: Field, current: unknown, check: FieldCheck = () => true): Question {
  const how = field.type === 'list' ? 'comma-separated; ' : field.search ? 'type to filter; ' : ''
  const base = { message: labelOf(field.key), theme: helpTheme(field.description ? how + field.description : undefined) }
  const checked = (toValue: (answer: string) => unknown) => (answer: string) => {
    const value = toValue(answer)
    return value === undefined ? true : check(value)
  }

  if (field.type === 'boolean') {
    const fallback = typeof field.default === 'boolean' ? field.default : false
    return { key: field.key, kind: 'confirm', config: { ...base, default: typeof current === 'boolean' ? current : fallback }, value: (a) => a }
  }
  if (field.secret) {
    // Never echoed, not even on request; left empty, the stored secret stays.
    const keep = current !== undefined && current !== null && current !== ''
    const value = (a: unknown) => (a === '' ? (keep ? current : undefined) : a)
    return {
      key: field.key,
      kind: 'password',
      config: { ...base, message: keep ? `${base.message} (Enter keeps the current one)` : base.message, mask: false, toggleMask: false, validate: checked(value) },
      value,
    }
  }
  if (field.type === 'list') {
    const value = (a: unknown) => {
      const list = String(a).split(',').map((s) => s.trim()).filter(Boolean)
      return list.length > 0 ? list : undefined
    }
    return { key: field.key, kind: 'input', config: { ...base, default: asList(current).join(', '), validate: checked(value) }, value }
  }
  const choices = CHOICES[field.key]
  if (choices) {
    const known = choices.find((c) => c.value === String(current ?? '').toLowerCase())
    const list = known || current === undefined ? choices : [{ value: String(current), name: `${current} (current)` }, ...choices]
    return { key: field.key, kind: 'select', config: { ...base, choices: list, default: known?.value ?? (current === undefined ? undefined : String(current)) }, value: (a) => a }
  }
  if (field.search) {
    const search = field.search
    const now = typeof current === 'string' && current !== '' ? current : undefined
    return {
      key: field.key,
      kind: 'search',
      config: { ...base, source: (term: string | undefined) => search(term, now), default: now, pageSize: 8, validate: (a: string) => check(a) },
      value: (a) => a,
    }
  }
  const fallback = typeof field.default === 'string' ? field.default : undefined
  const value = (a: unknown) => {
    const text = String(a).trim()
    if (text === '') return undefined
    return field.localFile ? expandPath(text) : text
  }
  return {
    key: field.key,
    kind: 'input',
    config: { ...base, default: typeof current === 'string' && current !== '' ? current : current !== undefined && current !== null ? String(current) : fallback, validate: checked(value) },
    value,
  }
}

/** Asks one question on the terminal (or the test's virtual screen). */
export async function ask(prompts: Prompts, question: Question): Promise<unknown> {
  const prompt = prompts[question.kind] as (config: unknown, context: unknown) => Promise<unknown>
  return question.value(await prompt(question.config, promptContext()))
}

/**
 * Asks every field in order. `defaults` are the values shown; `check(key, value, answers)`
 * sees the answers so far with this one in place.
 */
export async function askFields(
  prompts: Prompts,
  fields: readonly Field[],
  defaults: Answers,
  check: (key: string, value: unknown, answers: Answers) => string | true = () => true,
): Promise<Answers> {
  const answers: Answers = { ...defaults }
  for (const field of fields) {
    answers[field.key] = await ask(prompts, questionFor(field, defaults[field.key], (value) => check(field.key, value, { ...answers, [field.key]: value })))
  }
  return answers
}

/**
 * What the answers change, as the flags would say it (applyFields, addItem, editItem): a new
 * value, '' to remove one, nothing for an unchanged field. An unset field answered with its
 * schema default stays unset: Rosco applies that default anyway, and pressing Enter all the
 * way through changes nothing.
 */
export function changesFrom(fields: readonly Field[], original: Answers, answers: Answers): Answers {
  const out: Answers = {}
  for (const field of fields) {
    const before = original[field.key]
    const after = answers[field.key]
    if (deepEqual(before ?? null, after ?? null)) continue
    if (before === undefined && field.default !== undefined && deepEqual(after ?? [], field.default)) continue
    out[field.key] = after === undefined ? '' : after
  }
  return out
}
