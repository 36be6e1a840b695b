import { Args, Flags, type Interfaces } from '@oclif/core'
import { isPlainObject, type Plain } from '../model/plain.js'
import { redact } from '../model/secrets.js'
import { HalCommand, deploymentFlags, fileFlag, validateFlag } from './base-command.js'
import { toJson, toYaml } from '../lib/render.js'
import type { Problem } from '../model/problem.js'
import { fromPointer } from '../model/problem.js'
import { ListEdit, accounts, addItem, baseImages, bakeryPath, applyFields, deleteItem, editItem, effectiveBakery, findItem, listItems, nameProblem, addInsteadOfEdit, providerPath, type Collection, type ItemFields } from '../bakery/bakery.js'
import { accountFields, bakeryDefaultsOf, fieldPath, providers, type Field, type Provider, type ProviderName } from '../providers/index.js'
import { expandVariableArity, listValues, localPath, readSecret, takeSecretFlags } from './flag-input.js'
import { editDeployment } from '../bakery/session.js'
import { lookingEditor, readDeployment } from '../config/read-deployment.js'
import { renderProblems } from '../validate/render-problems.js'
import { YamlEditor } from '../config/edit.js'
import { checkNaming } from '../lib/confine.js'
import { usage } from '../lib/errors.js'
import type { CommandWizard } from '../wizard/interactive.js'
import { cancellable, reportCancelled } from '../wizard/prompts.js'
import { examplesFor } from '../bakery/examples.js'
import { shownName } from '../lib/quote.js'

/**
 * The provider commands, built from each provider's description. oclif wants one file per
 * command; each of those files is one line that picks a class from here.
 */

type Flag = Interfaces.Flag<any>
type Wizard = typeof import('../wizard/interactive.js')

/**
 * A flag for each field, with the schema's description as help. `entries` adds a list's
 * one-entry flags (`--add-region`, `--remove-region`), which Halyard's edit commands have.
 */
function fieldFlags(fields: readonly Field[], options: { entries?: boolean } = {}): Record<string, Flag> {
  const out: Record<string, Flag> = {}
  for (const field of fields) {
    // Help does not list aliases: the description names them (Halyard's spellings).
    const aliases = field.aliases ? { aliases: field.aliases } : {}
    const also = field.aliases ? ` Also spelt ${field.aliases.map((a) => `--${a}`).join(', ')} (Halyard).` : ''
    if (field.type === 'boolean') {
      out[field.flag] = Flags.boolean({ description: `${field.description} Accepts --${field.flag}, --${field.flag}=true|false and --no-${field.flag}.${also}`, allowNo: true, ...aliases })
    } else if (field.type === 'list') {
      const help = `${field.description} Takes several values: --${field.flag} a b c (up to the next flag), --${field.flag} a,b, or the flag repeated. --${field.flag} "" removes the list.`
      out[field.flag] = Flags.string({ description: help, multiple: true, multipleNonGreedy: true, ...aliases })
      if (options.entries && field.entry) {
        out[`add-${field.entry}`] = Flags.string({ description: `Add this entry to --${field.flag} (keeping the others).`, multiple: true, multipleNonGreedy: true })
        out[`remove-${field.entry}`] = Flags.string({ description: `Remove this entry from --${field.flag}.`, multiple: true, multipleNonGreedy: true })
      }
    } else if (field.secret) {
      out[field.flag] = Flags.string({
        description: `${field.description} Give the flag without a value: it is asked for on a terminal (nothing is echoed), or read as one line from stdin. --${field.flag}=VALUE works too, with a warning: the value is left in shell history and process lists. An empty value removes it.`,
        ...aliases,
      })
    } else {
      const path = field.localFile ? ' A relative path is taken from the current directory and stored absolute.' : ''
      out[field.flag] = Flags.string({ description: `${field.description}${path} An empty value ("") removes it.${also}`, ...aliases })
    }
  }
  return out
}

/**
 * The entries of --add-X / --remove-X flags that left the list as it was (`before`: the item's
 * fields before the edit), as sentences: "us-east-1 is already a region of account prod".
 */
function idleEntries(fields: readonly Field[], own: Record<string, unknown>, before: Plain | undefined, owner: string): string[] {
  const out: string[] = []
  for (const field of fields) {
    const change = own[field.key]
    if (!(change instanceof ListEdit) || !field.entry) continue
    let current: unknown = before
    for (const part of field.key.split('.')) current = isPlainObject(current) ? current[part] : undefined
    const { present, absent } = change.idle(current)
    const what = field.entry.replace(/-/g, ' ')
    for (const entry of present) out.push(`${shownName(entry)} is already ${an(what)} of ${owner}`)
    for (const entry of absent) out.push(`${shownName(entry)} is not ${an(what)} of ${owner}`)
  }
  return out
}

/** Each list's one-entry word and its list's flag: region -> regions. */
const listFlagsOf = (fields: readonly Field[]): Record<string, string> => Object.fromEntries(fields.flatMap((f) => (f.entry ? [[f.entry, f.flag]] : [])))

/** The values the user gave for these fields (undefined where a flag was not given). */
function fieldValues(fields: readonly Field[], flags: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const field of fields) {
    if (field.type === 'list') {
      const set = listValues(flags[field.flag], field.flag)
      const add = field.entry ? listValues(flags[`add-${field.entry}`], `add-${field.entry}`, false) : undefined
      const remove = field.entry ? listValues(flags[`remove-${field.entry}`], `remove-${field.entry}`, false) : undefined
      if (set !== undefined && (add !== undefined || remove !== undefined)) {
        // Halyard's rule too (AbstractConfigCommand.updateStringList): a new list, or changes to the old one.
        throw usage(`--${field.flag} cannot be combined with --add-${field.entry} or --remove-${field.entry}`, {
          code: 'CONFLICTING_FLAGS',
          remediation: `Set the whole list with --${field.flag}, or change it entry by entry with --add-${field.entry} / --remove-${field.entry}.`,
        })
      }
      // Entries that are mappings of one key are written so (Halyard's AwsRegion: {name: us-east-1}).
      if (set !== undefined) out[field.key] = field.itemKey ? set.map((value) => ({ [field.itemKey!]: value })) : set
      else if (add !== undefined || remove !== undefined) out[field.key] = new ListEdit(add ?? [], remove ?? [], field.itemKey)
      continue
    }
    const value = flags[field.flag]
    if (value === undefined) continue
    // Checked here, not only by validation: --no-validate must not let a path out of the packer directory into the config.
    if (field.packerFile && value !== '') checkNaming(String(value), { what: 'file name in the packer directory', from: { flag: `--${field.flag}` } })
    out[field.key] = field.localFile ? localPath(String(value)) : value
  }
  return out
}

/**
 * Halyard-style booleans: `--flag`, `--flag true|false`, `--flag=true|false` and `--no-flag`.
 * Anything else after `=` is refused (exit 2): `--flag=garbage` must not mean true.
 */
export function normaliseBooleanArgs(argv: readonly string[], booleans: readonly string[], canonical: (name: string) => string = (name) => name): string[] {
  const out: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--') {
      out.push(...argv.slice(i))
      break
    }
    const match = /^--(no-)?([a-z0-9-]+)(?:=(.*))?$/s.exec(arg)
    if (match && booleans.includes(match[2])) {
      const [, negated, given] = match
      const name = canonical(given)
      let value = match[3]
      if (value !== undefined && (negated || !/^(true|false)$/i.test(value))) throw badBoolean(name, arg)
      if (negated) {
        out.push(`--no-${name}`)
        continue
      }
      if (value === undefined && /^(true|false)$/i.test(argv[i + 1] ?? '')) value = argv[++i]
      if (value !== undefined) {
        out.push(/^false$/i.test(value) ? `--no-${name}` : `--${name}`)
        continue
      }
    }
    out.push(arg)
  }
  return out
}

function badBoolean(name: string, given: string): Error {
  return usage(`${given}: --${name} takes true or false`, {
    code: 'BAD_BOOLEAN',
    remediation: `Write --${name}, --${name} true, --${name}=true, --${name} false, --${name}=false or --no-${name}.`,
    data: { flag: name, given },
  })
}

/** Every field of a provider, whatever holds it. */
const allFields = (p: Provider): Field[] => [...p.bakery, ...p.image, ...p.virtualization, ...accountFields(p)]

/** Maps a problem to the flag of the field it is about (`permissions.READ` by its last two segments). */
function flagFinder(provider: Provider) {
  const fields = allFields(provider)
  return (problem: Problem) => {
    const path = fromPointer(problem.path).map(String)
    const field = fields.find((f) => {
      const own = fieldPath(f)
      return own.length <= path.length && own.every((part, i) => path[path.length - own.length + i] === part)
    })
    return field?.flag
  }
}

/** The flags that set a field (its one-entry flags too). */
const flagsOf = (field: Field) => [field.flag, ...(field.entry ? [`add-${field.entry}`, `remove-${field.entry}`] : [])]

/** Whether any of these fields was given as a flag. */
const anyGiven = (fields: readonly Field[], flags: Record<string, unknown>) => fields.some((field) => flagsOf(field).some((flag) => flags[flag] !== undefined))

const interactiveFlag = {
  interactive: Flags.boolean({
    char: 'i',
    description: 'Ask for each field on the terminal, with the current values (and any flags given) as defaults. Also offered when no field flags are given; without a terminal that is an error (exit 2) naming the flags.',
  }),
}

/** "an account", "a base image". */
const an = (noun: string) => `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`

/** A redacted copy for printing: secrets are never shown. */
const shown = <T,>(value: T) => redact(value)

/**
 * Base of the provider commands. A command class names its provider (`static provider =
 * 'google'`); the description is looked up from that name. oclif copies every static of a
 * command class into its manifest, which it parses at each start: a name costs nothing there,
 * a description (JSON schema included) cost most of the manifest.
 */
abstract class ProviderCommand extends HalCommand {
  static provider: ProviderName

  protected get providerName(): ProviderName {
    return (this.constructor as typeof ProviderCommand).provider
  }

  protected get provider(): Provider {
    return providers[this.providerName]
  }

  /** This command's fields of a kind, with every spelling of their flags. */
  private spellings(kind: (f: Field) => boolean): Map<string, string> {
    const own = (this.constructor as typeof ProviderCommand).flags ?? {}
    const names = new Map<string, string>()
    for (const field of allFields(this.provider)) {
      if (!kind(field) || !(field.flag in own)) continue
      for (const name of [field.flag, ...(field.aliases ?? [])]) names.set(name, field.flag)
      if (field.entry && field.type === 'list') for (const name of flagsOf(field).slice(1)) names.set(name, name)
    }
    return names
  }

  /** Secret flags given without a value: read (asked for, or from stdin) when the command needs them. */
  private secretsToAsk: string[] = []

  protected async parseArgs(): Promise<{ flags: any; args: any }> {
    const booleans = this.spellings((f) => f.type === 'boolean')
    this.argv = normaliseBooleanArgs(this.argv, [...booleans.keys()], (name) => booleans.get(name) ?? name)
    this.argv = expandVariableArity(this.argv, [...this.spellings((f) => f.type === 'list').keys()])
    const secrets = takeSecretFlags(this.argv, this.spellings((f) => f.secret === true))
    this.argv = secrets.argv
    this.secretsToAsk = secrets.ask
    let parsed: { flags: any; args: any }
    try {
      parsed = await this.parseWith(this.constructor as any)
    } catch (error) {
      const oclif = (error as { oclif?: unknown }).oclif !== undefined
      if (oclif && secrets.ask.length > 0 && /Unexpected argument/.test((error as Error).message)) {
        // `--private-key-passphrase VALUE`: the value is not the flag's; say so without repeating it.
        throw usage(`--${secrets.ask[0]} takes no value after a space, so what follows it was taken as an extra argument (not shown: it may be the secret)`, {
          code: 'SECRET_FLAG_VALUE',
          remediation: `Give --${secrets.ask[0]} alone to be asked for it (or to read it from stdin), or write --${secrets.ask[0]}=VALUE (kept in shell history).`,
        })
      }
      throw error
    }
    for (const flag of secrets.inline) {
      if (parsed.flags[flag]) this.note(`Warning: --${flag}=VALUE leaves the secret in your shell history and in process lists. Give --${flag} without a value to be asked for it, or to read it from stdin.`)
    }
    return parsed
  }

  /** Reads the secrets whose flags came without a value into `flags`. */
  protected async readSecrets(flags: Record<string, unknown>): Promise<void> {
    const fields = allFields(this.provider)
    for (const flag of this.secretsToAsk) {
      const field = fields.find((f) => f.flag === flag)
      const label = (field?.flag ?? flag).replace(/-/g, ' ')
      flags[flag] = await readSecret(flag, label.charAt(0).toUpperCase() + label.slice(1))
    }
    this.secretsToAsk = []
  }

  protected reportProblems(problems: Problem[]): void {
    if (problems.length > 0) this.note(renderProblems(problems))
  }

  /**
   * The command's values: from the flags, or, with -i (or no field flags, on a terminal), from
   * prompts over the same fields. Ctrl-C while asking exits 130 with nothing written.
   */
  protected async answers<T>(flags: any, command: string, fields: readonly Field[], fromFlags: () => T, ask: (wizard: Wizard, c: CommandWizard) => Promise<T>): Promise<T> {
    await this.readSecrets(flags)
    const given = anyGiven(fields, flags)
    // The usual case, flags and no -i, never loads the wizard.
    if (given && !flags.interactive) return fromFlags()
    // The wizard reads its defaults from the hal directory, not from a --file: flags only there.
    if (flags.file !== undefined) {
      throw usage(`${command} --file takes its values as flags; the questions (-i) are asked for the hal directory's config only`, {
        code: 'NO_PROMPTS_WITH_FILE',
        remediation: `Give the fields as flags (${command} --help lists them).`,
      })
    }
    const wizard = await import('../wizard/interactive.js')
    const context: CommandWizard = { command, halDir: this.halDirFrom(flags), deployment: flags.deployment, validate: flags.validate, provider: this.provider }
    return cancellable(async () => {
      const prompting = await wizard.wantsPrompts(context, { interactive: flags.interactive, given, fields })
      return prompting ? ask(wizard, context) : fromFlags()
    })
  }

  protected override async catch(error: Error & { exitCode?: number }): Promise<any> {
    if (reportCancelled(error, this.jsonEnabled() ? (value) => this.logJson(value) : undefined)) return
    return super.catch(error)
  }

  protected print(value: unknown, format?: string): void {
    if (this.jsonEnabled()) return
    this.say(format === 'json' ? toJson(value) : toYaml(value).trimEnd())
  }
}

const outputFlag = { output: Flags.option({ char: 'o', options: ['yaml', 'json'] as const, description: 'Output format (like Halyard\'s -o).', default: 'yaml' as const })() }

/** The statics oclif reads (help, flags, args) of a command class for one provider. */
type Statics = Partial<Pick<typeof HalCommand, 'summary' | 'description' | 'examples' | 'flags' | 'args'>>

const whose = (name: ProviderName) => `${name}'s bakery`

export class ProviderShow extends ProviderCommand {
  static statics(name: ProviderName): Statics {
    return { summary: `Print the ${providers[name].title} provider's settings (secrets redacted).`, examples: examplesFor(name, '', ''), flags: { ...deploymentFlags, ...fileFlag, ...outputFlag } }
  }

  async run() {
    const { flags } = await this.parseArgs()
    const read = readDeployment(this.halDirFrom(flags), flags.deployment, await this.fileFrom(flags))
    const value = shown(lookingEditor(read).get(providerPath(read.deployment, this.providerName)) ?? { enabled: false })
    this.print(value, flags.output)
    return value
  }
}

abstract class ProviderToggle extends ProviderCommand {
  static enabled: boolean

  static statics(name: ProviderName, enabled: boolean): Statics {
    return {
      summary: `${enabled ? 'Enable' : 'Disable'} the ${providers[name].title} provider.`,
      examples: examplesFor(name, '', enabled ? 'enable' : 'disable'),
      flags: { ...deploymentFlags, ...fileFlag, ...validateFlag },
    }
  }

  async run() {
    const { flags } = await this.parseArgs()
    const { enabled } = this.constructor as typeof ProviderToggle
    const name = this.providerName
    const outcome = await editDeployment({
      halDir: this.halDirFrom(flags), file: await this.fileFrom(flags), halDirFlag: flags['hal-dir'], deployment: flags.deployment, validate: flags.validate,
      reason: `hal config provider ${name} ${enabled ? 'enable' : 'disable'}`,
      edit: (editor, d) => editor.set([...providerPath(d, name), 'enabled'], enabled),
    })
    this.say(outcome.changed ? `+ Successfully ${enabled ? 'enabled' : 'disabled'} ${name}.` : `${name} is already ${enabled ? 'enabled' : 'disabled'}.`)
    this.reportProblems(outcome.problems)
    return { enabled, changed: outcome.changed, problems: outcome.problems }
  }
}

export class ProviderEnable extends ProviderToggle {
  static override enabled = true
  static override statics(name: ProviderName): Statics {
    return ProviderToggle.statics(name, true)
  }
}

export class ProviderDisable extends ProviderToggle {
  static override enabled = false
  static override statics(name: ProviderName): Statics {
    return ProviderToggle.statics(name, false)
  }
}

export class BakeryShow extends ProviderCommand {
  static statics(name: ProviderName): Statics {
    return { summary: `Print ${whose(name)} defaults, with Rosco's defaults filled in where the config says nothing.`, examples: examplesFor(name, 'bakery', ''), flags: { ...deploymentFlags, ...fileFlag, ...outputFlag } }
  }

  async run() {
    const { flags } = await this.parseArgs()
    const read = readDeployment(this.halDirFrom(flags), flags.deployment, await this.fileFrom(flags))
    const value = effectiveBakery(lookingEditor(read), read.deployment, this.provider, bakeryDefaultsOf(this.provider))
    this.print(value, flags.output)
    return value
  }
}

export class BakeryEdit extends ProviderCommand {
  static statics(name: ProviderName): Statics {
    return {
      summary: `Edit ${whose(name)} defaults: only the flags given change.`,
      description: `Values are checked before they are written (--no-validate skips the checks). An edit that changes nothing prints "No changes supplied." and leaves the file untouched.`,
      examples: [`<%= config.bin %> config provider ${name} bakery edit ${providers[name].examples.bakery}`, `<%= config.bin %> config provider ${name} bakery edit -i`],
      flags: { ...deploymentFlags, ...fileFlag, ...validateFlag, ...interactiveFlag, ...fieldFlags(providers[name].bakery) },
    }
  }

  async run() {
    const { flags } = await this.parseArgs()
    const name = this.providerName
    const p = this.provider
    const command = `hal config provider ${name} bakery edit`
    const values = await this.answers(flags, command, p.bakery, () => fieldValues(p.bakery, flags), (w, c) => w.askBakeryEdit(c, fieldValues(p.bakery, flags)))
    const outcome = await editDeployment({
      halDir: this.halDirFrom(flags), file: await this.fileFrom(flags), halDirFlag: flags['hal-dir'], deployment: flags.deployment, validate: flags.validate, flagOf: flagFinder(p),
      reason: command,
      edit: (editor, d) => {
        applyFields(editor, bakeryPath(d, name), values)
        return editor.get(bakeryPath(d, name)) ?? {}
      },
    })
    if (!outcome.changed) this.say('No changes supplied.')
    else this.say(`+ Successfully edited ${whose(name)} defaults.`)
    this.reportProblems(outcome.problems)
    return { changed: outcome.changed, bakeryDefaults: outcome.result, problems: outcome.problems }
  }
}

type Topic = 'bakery base-image' | 'account'

/**
 * A provider's collections: where the items are, which fields the wizard asks for (`fields`),
 * which have flags (`flagFields`).
 */
const COLLECTIONS: Record<Topic, { collection: Collection; fields: (p: Provider) => Field[]; flagFields: (p: Provider) => Field[]; values: (p: Provider, flags: Record<string, unknown>) => ItemFields }> = {
  'bakery base-image': {
    collection: baseImages,
    fields: (p) => [...p.image, ...p.virtualization],
    flagFields: (p) => [...p.image, ...p.virtualization],
    // A list of settings (one per region and type): the key fields pick or make the entry.
    values: (p, flags) => ({
      own: fieldValues(p.image, flags), virtualization: fieldValues(p.virtualization, flags),
      ...(p.virtualizationShape.kind === 'list' ? { settingsKey: p.virtualizationShape.settingsKey } : {}),
    }),
  },
  account: {
    collection: accounts,
    fields: (p) => p.account,
    flagFields: (p) => accountFields(p),
    values: (p, flags) => ({ own: fieldValues(accountFields(p), flags) }),
  },
}

const nameArgFor = (topic: Topic) => ({ name: Args.string({ description: topic === 'account' ? 'The account\'s name.' : 'The base image\'s id (a bake request\'s base_os).', required: true }) })
// With --interactive the name may be left out: add asks for it, edit offers a list.
const optionalNameArgFor = (topic: Topic) => ({ name: Args.string({ description: `${nameArgFor(topic).name.description} Required unless --interactive.` }) })
const placeOf = (topic: Topic, name: ProviderName) => (topic === 'account' ? `${name}'s accounts` : whose(name))

/** Base of the commands on one collection (`static topic`) of one provider. */
abstract class ItemCommand extends ProviderCommand {
  static topic: Topic

  protected get topic(): Topic {
    return (this.constructor as typeof ItemCommand).topic
  }

  protected get collection(): Collection {
    return COLLECTIONS[this.topic].collection
  }

  protected get noun() {
    return this.collection.noun
  }

  protected get place(): string {
    return placeOf(this.topic, this.providerName)
  }

  protected command(verb: string): string {
    return `hal config provider ${this.providerName} ${this.topic} ${verb}`
  }

  protected fieldsOf(flags: Record<string, unknown>): ItemFields {
    return COLLECTIONS[this.topic].values(this.provider, flags)
  }

  /** The wizard asks for `fields`; flags for the others given with -i still count. */
  protected withOthers<T extends { fields: ItemFields }>(answered: T, flags: Record<string, unknown>): T {
    const { fields, flagFields } = COLLECTIONS[this.topic]
    const asked = fields(this.provider)
    const others = flagFields(this.provider).filter((f) => !asked.some((a) => a.key === f.key))
    return others.length === 0 ? answered : { ...answered, fields: { ...answered.fields, own: { ...fieldValues(others, flags), ...answered.fields.own } } }
  }

  /**
   * Refuses a name that nameProblem refuses (an empty or blank one...; exit 2), before anything
   * is asked or written. The wizard's answers are checked with the same function.
   */
  protected refuseBlank(value: string | undefined, verb: string, given = 'the first argument'): void {
    const problem = value === undefined ? undefined : nameProblem(this.collection, value, given)
    if (problem === undefined) return
    const noun = this.noun
    const what = noun === 'account' ? 'name' : 'id'
    throw usage(problem, {
      code: 'EMPTY_NAME',
      remediation: `Give ${what === 'id' ? 'an id' : 'a name'}: ${this.command(verb)} ${noun === 'account' ? 'NAME' : 'ID'} ...${given === '--id' ? ' --id NEW-ID' : ''}`,
      data: { [what]: value },
    })
  }

  protected missingName(verb: string): Error {
    const noun = this.noun
    return usage(`missing the ${noun}'s ${noun === 'account' ? 'name' : 'id'}: ${this.command(verb)} ${noun === 'account' ? 'NAME' : 'ID'} ...`, {
      code: 'MISSING_ARGUMENT',
      remediation: `Give it as the first argument, or pass --interactive to be asked for it. A list flag takes every value up to the next flag: put the ${noun === 'account' ? 'name' : 'id'} before it, or end the list with --.`,
    })
  }

  protected resultOf(outcome: { changed: boolean; result: unknown; problems: Problem[] }) {
    return { changed: outcome.changed, [this.noun === 'account' ? 'account' : 'baseImage']: shown(outcome.result), problems: outcome.problems }
  }
}

export class ItemAdd extends ItemCommand {
  static statics(name: ProviderName, topic: Topic): Statics {
    const { noun } = COLLECTIONS[topic].collection
    return {
      summary: `Add ${an(noun)} to ${placeOf(topic, name)}.`,
      description: `An existing ${noun} with the same name is refused (Halyard accepted duplicates, then could not edit them).`,
      examples: examplesFor(name, topic as 'account', 'add'),
      args: optionalNameArgFor(topic),
      flags: { ...deploymentFlags, ...fileFlag, ...validateFlag, ...interactiveFlag, ...fieldFlags(COLLECTIONS[topic].flagFields(providers[name])) },
    }
  }

  async run() {
    const { flags, args } = await this.parseArgs()
    this.refuseBlank(args.name, 'add')
    const name = this.providerName
    const flagFields = COLLECTIONS[this.topic].flagFields(this.provider)
    const asked = COLLECTIONS[this.topic].fields(this.provider)
    const answered = await this.answers<{ id?: string; fields: ItemFields }>(flags, this.command('add'), flagFields, () => ({ id: args.name as string | undefined, fields: this.fieldsOf(flags) }),
      async (w, context) => this.withOthers(await w.askItemAdd(context, this.collection, args.name, fieldValues(asked, flags)), flags))
    if (answered.id === undefined) throw this.missingName('add')
    this.refuseBlank(answered.id, 'add')
    const id = answered.id
    const outcome = await editDeployment({
      halDir: this.halDirFrom(flags), file: await this.fileFrom(flags), halDirFlag: flags['hal-dir'], deployment: flags.deployment, validate: flags.validate, flagOf: flagFinder(this.provider),
      reason: `${this.command('add')} ${id}`,
      edit: (editor, d) => addItem(editor, this.collection, d, name, id, answered.fields).value,
      // Nothing is written when the add is refused: the fix is to the add, not an edit of the item.
      refused: {
        fix: (remediation) => addInsteadOfEdit(remediation, this.command('edit'), this.command('add'), id, listFlagsOf(flagFields)),
        remediation: 'Nothing was written: run the add again with the flags above in place of the ones they fix ("..." stands for the others given), or pass --no-validate to write anyway.',
      },
    })
    this.say(this.noun === 'account' ? `+ Successfully added account ${shownName(id)} for provider ${name}.` : `+ Successfully added base image ${shownName(id)} to ${whose(name)}.`)
    this.reportProblems(outcome.problems)
    return this.resultOf(outcome)
  }
}

export class ItemEdit extends ItemCommand {
  static statics(name: ProviderName, topic: Topic): Statics {
    const { noun } = COLLECTIONS[topic].collection
    const idFlag: Record<string, Flag> = noun === 'base image' ? { id: Flags.string({ description: 'Rename the base image to this id, keeping its place in the list.' }) } : {}
    return {
      summary: `Edit ${an(noun)} in ${placeOf(topic, name)}: only the flags given change.`,
      description: noun === 'account'
        ? 'An edit that changes nothing prints "No changes supplied." and leaves the file untouched.'
        : '--id renames the base image in place, keeping its position in the list. An edit that changes nothing prints "No changes supplied." and leaves the file untouched.',
      examples: examplesFor(name, topic as 'account', 'edit'),
      args: optionalNameArgFor(topic),
      flags: { ...deploymentFlags, ...fileFlag, ...validateFlag, ...interactiveFlag, ...fieldFlags(COLLECTIONS[topic].flagFields(providers[name]), { entries: true }), ...idFlag },
    }
  }

  async run() {
    const { flags, args } = await this.parseArgs()
    const name = this.providerName
    const c = this.collection
    const flagFields = COLLECTIONS[this.topic].flagFields(this.provider)
    const asked = COLLECTIONS[this.topic].fields(this.provider)
    const editFields: Field[] = this.noun === 'base image' ? [...flagFields, { key: 'id', flag: 'id', type: 'string', description: '' }] : [...flagFields]
    this.refuseBlank(flags.id, 'edit', '--id')
    // A missing item is reported before anything is asked (exit 3).
    if (args.name !== undefined) {
      const read = readDeployment(this.halDirFrom(flags), flags.deployment, await this.fileFrom(flags))
      findItem(lookingEditor(read), c, read.deployment, name, args.name)
    }
    const answered = await this.answers<{ id?: string; newId?: string; fields: ItemFields }>(flags, this.command('edit'), editFields, () => ({ id: args.name as string | undefined, newId: flags.id as string | undefined, fields: this.fieldsOf(flags) }),
      async (w, context) => this.withOthers(await w.askItemEdit(context, c, args.name, fieldValues(asked, flags), flags.id), flags))
    if (answered.id === undefined) throw this.missingName('edit')
    this.refuseBlank(answered.newId, 'edit', '--id')
    const id = answered.id
    let before: Plain | undefined
    const outcome = await editDeployment({
      halDir: this.halDirFrom(flags), file: await this.fileFrom(flags), halDirFlag: flags['hal-dir'], deployment: flags.deployment, validate: flags.validate, flagOf: flagFinder(this.provider),
      reason: `${this.command('edit')} ${id}`,
      edit: (editor, d) => {
        const item = findItem(editor, c, d, name, id).value
        before = c === baseImages && isPlainObject(item.baseImage) ? item.baseImage : item
        return editItem(editor, c, d, name, id, answered.fields, answered.newId).value
      },
    })
    // An --add-X of an entry already there, or a --remove-X of one that is not, is said as such.
    const idle = idleEntries(flagFields, answered.fields.own, before, `${this.noun} ${shownName(id)}`)
    if (!outcome.changed) for (const line of idle.length > 0 ? idle.map((s) => `${s}; nothing changed.`) : ['No changes supplied.']) this.say(line)
    else {
      this.say(`+ Successfully edited ${this.noun} ${shownName(answered.newId ?? id)} in ${this.place}.`)
      for (const line of idle) this.say(`${line}.`)
    }
    this.reportProblems(outcome.problems)
    return { ...this.resultOf(outcome), ...(idle.length > 0 ? { unchanged: idle } : {}) }
  }
}

export class ItemDelete extends ItemCommand {
  static statics(name: ProviderName, topic: Topic): Statics {
    const { noun } = COLLECTIONS[topic].collection
    return { summary: `Delete ${an(noun)} from ${placeOf(topic, name)}.`, examples: examplesFor(name, topic as 'account', 'delete'), args: nameArgFor(topic), flags: { ...deploymentFlags, ...fileFlag, ...validateFlag } }
  }

  async run() {
    const { flags, args } = await this.parseArgs()
    const name = this.providerName
    const outcome = await editDeployment({
      halDir: this.halDirFrom(flags), file: await this.fileFrom(flags), halDirFlag: flags['hal-dir'], deployment: flags.deployment, validate: flags.validate,
      reason: `hal config provider ${name} ${this.topic} delete ${args.name}`,
      edit: (editor, d) => deleteItem(editor, this.collection, d, name, args.name).value,
    })
    this.say(`+ Successfully deleted ${this.noun} ${shownName(args.name)} from ${this.place}.`)
    this.reportProblems(outcome.problems)
    return { changed: outcome.changed, deleted: args.name, problems: outcome.problems }
  }
}

export class ItemGet extends ItemCommand {
  static statics(name: ProviderName, topic: Topic): Statics {
    const { noun } = COLLECTIONS[topic].collection
    return { summary: `Print one ${noun} of ${placeOf(topic, name)} (secrets redacted).`, examples: examplesFor(name, topic as 'account', 'get'), args: nameArgFor(topic), flags: { ...deploymentFlags, ...fileFlag, ...outputFlag } }
  }

  async run() {
    const { flags, args } = await this.parseArgs()
    const read = readDeployment(this.halDirFrom(flags), flags.deployment, await this.fileFrom(flags))
    const value = shown(findItem(lookingEditor(read), this.collection, read.deployment, this.providerName, args.name).value)
    this.print(value, flags.output)
    return value
  }
}

const imageSummary = (p: Provider, value: Plain) => {
  const image = isPlainObject(value.baseImage) ? value.baseImage : {}
  const vs = isPlainObject(value.virtualizationSettings) ? value.virtualizationSettings : Array.isArray(value.virtualizationSettings) ? { entries: value.virtualizationSettings } : {}
  const source = p.sourceSummary?.(vs) ?? 'no source'
  return `${image.shortDescription ?? ''}`.padEnd(16) + ` ${image.packageType ?? '-'}`.padEnd(7) + ` ${source}`
}

export class ItemList extends ItemCommand {
  static statics(name: ProviderName, topic: Topic): Statics {
    const { noun } = COLLECTIONS[topic].collection
    return { summary: topic === 'account' ? `List ${placeOf(topic, name)}.` : `List the ${noun}s of ${placeOf(topic, name)}.`, examples: examplesFor(name, topic as 'account', 'list'), flags: { ...deploymentFlags, ...fileFlag } }
  }

  async run() {
    const { flags } = await this.parseArgs()
    const read = readDeployment(this.halDirFrom(flags), flags.deployment, await this.fileFrom(flags))
    const items = listItems(lookingEditor(read), this.collection, read.deployment, this.providerName)
    if (items.length === 0) this.say(`No ${this.noun}s in ${this.place} of deployment ${read.deployment.name}.`)
    const width = Math.max(0, ...items.map((i) => i.id.length))
    for (const item of items) {
      this.say(this.noun === 'account'
        ? `${item.id.padEnd(width)}  ${this.provider.account.filter((f) => !f.secret).map((f) => item.value[f.key]).filter(Boolean).slice(0, 2).join('  ')}`
        : `${item.id.padEnd(width)}  ${imageSummary(this.provider, item.value)}`.trimEnd())
    }
    return items.map((item) => shown(item.value))
  }
}

type Base = typeof ProviderCommand & { statics(name: ProviderName, topic?: Topic): Statics }

/** What each command of a provider is made of: its base class, and its collection's topic. */
const COMMANDS = {
  Show: [ProviderShow],
  Enable: [ProviderEnable],
  Disable: [ProviderDisable],
  BakeryShow: [BakeryShow],
  BakeryEdit: [BakeryEdit],
  BaseImageAdd: [ItemAdd, 'bakery base-image'],
  BaseImageEdit: [ItemEdit, 'bakery base-image'],
  BaseImageDelete: [ItemDelete, 'bakery base-image'],
  BaseImageGet: [ItemGet, 'bakery base-image'],
  BaseImageList: [ItemList, 'bakery base-image'],
  AccountAdd: [ItemAdd, 'account'],
  AccountEdit: [ItemEdit, 'account'],
  AccountDelete: [ItemDelete, 'account'],
  AccountGet: [ItemGet, 'account'],
  AccountList: [ItemList, 'account'],
} satisfies Record<string, [Base, Topic?]>

/** Each command of a provider, by its id under `config:provider:NAME` ('' is the provider's own). */
export const PROVIDER_COMMAND_IDS: Readonly<Record<string, keyof typeof COMMANDS>> = {
  '': 'Show', enable: 'Enable', disable: 'Disable', bakery: 'BakeryShow', 'bakery:edit': 'BakeryEdit',
  'bakery:base-image:add': 'BaseImageAdd', 'bakery:base-image:edit': 'BaseImageEdit', 'bakery:base-image:delete': 'BaseImageDelete',
  'bakery:base-image:get': 'BaseImageGet', 'bakery:base-image:list': 'BaseImageList',
  'account:add': 'AccountAdd', 'account:edit': 'AccountEdit', 'account:delete': 'AccountDelete', 'account:get': 'AccountGet', 'account:list': 'AccountList',
}

const made = new Map<string, Base>()

/**
 * The class of one command of a provider (`providerCommand('aws', 'bakery:edit')`): a subclass
 * of its base that names the provider (and collection), with the statics oclif reads built from
 * the description. Only the command that runs is made (its flags and help cost a cold start).
 */
export function providerCommand(name: ProviderName, id: string) {
  const key = PROVIDER_COMMAND_IDS[id]
  if (!key) throw new Error(`no provider command ${id}`)
  let Command = made.get(`${name}:${key}`)
  if (!Command) {
    const [base, topic]: [Base, Topic?] = COMMANDS[key]
    Command = class extends (base as unknown as typeof ProviderShow) {} as unknown as Base
    // enableJsonFlag is set here too: oclif's manifest collects the statics up the class chain only
    // as far as each class has statics of its own, and the classes above have methods only.
    Object.assign(Command, { provider: name, ...(topic ? { topic } : {}), enableJsonFlag: base.enableJsonFlag, ...base.statics(name, topic) })
    made.set(`${name}:${key}`, Command)
  }
  return Command
}
