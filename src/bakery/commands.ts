import { Args, Flags, type Interfaces } from '@oclif/core'
import { isPlainObject, type Plain } from '../config/halconfig.js'
import { redact } from '../config/secrets.js'
import { HalCommand, deploymentFlags, fileFlag, validateFlag } from '../lib/base-command.js'
import { toJson, toYaml } from '../lib/render.js'
import type { Problem } from '../validate/problem.js'
import { fromPointer } from '../validate/problem.js'
import { ListEdit, accounts, addItem, baseImages, bakeryPath, applyFields, deleteItem, editItem, effectiveBakery, findItem, listItems, providerPath, type Collection, type ItemFields } from './bakery.js'
import { accountFields, bakeryDefaultsOf, fieldPath, providers, type Field, type Provider, type ProviderName } from '../providers/index.js'
import { expandVariableArity, listValues, localPath, readSecret, takeSecretFlags } from './flag-input.js'
import { editDeployment, lookingEditor, readDeployment, renderProblems } from './session.js'
import { YamlEditor } from '../config/edit.js'
import { checkNaming } from '../lib/confine.js'
import { usage } from '../lib/errors.js'
import type { CommandWizard } from '../wizard/interactive.js'
import { cancellable, reportCancelled } from '../wizard/prompts.js'
import { examplesFor } from './examples.js'

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

/** The values the user gave for these fields (undefined where a flag was not given). */
function fieldValues(fields: readonly Field[], flags: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const field of fields) {
    if (field.type === 'list') {
      const set = listValues(flags[field.flag])
      const add = field.entry ? listValues(flags[`add-${field.entry}`]) : undefined
      const remove = field.entry ? listValues(flags[`remove-${field.entry}`]) : undefined
      if (set !== undefined && (add !== undefined || remove !== undefined)) {
        // Halyard's rule too (AbstractConfigCommand.updateStringList): a new list, or changes to the old one.
        throw usage(`--${field.flag} cannot be combined with --add-${field.entry} or --remove-${field.entry}`, {
          code: 'CONFLICTING_FLAGS',
          remediation: `Set the whole list with --${field.flag}, or change it entry by entry with --add-${field.entry} / --remove-${field.entry}.`,
        })
      }
      if (set !== undefined) out[field.key] = set
      else if (add !== undefined || remove !== undefined) out[field.key] = new ListEdit(add ?? [], remove ?? [])
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

abstract class ProviderCommand extends HalCommand {
  static provider: Provider

  protected get provider(): Provider {
    return (this.constructor as typeof ProviderCommand).provider
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
    this.log(format === 'json' ? toJson(value) : toYaml(value).trimEnd())
  }
}

const outputFlag = { output: Flags.option({ char: 'o', options: ['yaml', 'json'] as const, description: 'Output format (like Halyard\'s -o).', default: 'yaml' as const })() }

export function providerCommands(name: ProviderName) {
  const p = providers[name]
  const who = `${name}'s bakery`

  class Show extends ProviderCommand {
    static override provider = p
    static override summary = `Print the ${p.title} provider's settings (secrets redacted).`
    static override examples = examplesFor(name, '', '')
    static override flags = { ...deploymentFlags, ...fileFlag, ...outputFlag }
    async run() {
      const { flags } = await this.parseArgs()
      const read = readDeployment(this.halDirFrom(flags), flags.deployment, await this.fileFrom(flags))
      const { deployment } = read
      const editor = lookingEditor(read)
      const value = shown(editor.get(providerPath(deployment, name)) ?? { enabled: false })
      this.print(value, flags.output)
      return value
    }
  }

  const toggle = (enabled: boolean) =>
    class Toggle extends ProviderCommand {
      static override provider = p
      static override summary = `${enabled ? 'Enable' : 'Disable'} the ${p.title} provider.`
      static override examples = examplesFor(name, '', enabled ? 'enable' : 'disable')
      static override flags = { ...deploymentFlags, ...fileFlag, ...validateFlag }
      async run() {
        const { flags } = await this.parseArgs()
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

  class BakeryShow extends ProviderCommand {
    static override provider = p
    static override summary = `Print ${who} defaults, with Rosco's defaults filled in where the config says nothing.`
    static override examples = examplesFor(name, 'bakery', '')
    static override flags = { ...deploymentFlags, ...fileFlag, ...outputFlag }
    async run() {
      const { flags } = await this.parseArgs()
      const read = readDeployment(this.halDirFrom(flags), flags.deployment, await this.fileFrom(flags))
      const { deployment } = read
      const editor = lookingEditor(read)
      const value = effectiveBakery(editor, deployment, p, bakeryDefaultsOf(p))
      this.print(value, flags.output)
      return value
    }
  }

  class BakeryEdit extends ProviderCommand {
    static override provider = p
    static override summary = `Edit ${who} defaults: only the flags given change.`
    static override description = `Values are checked before they are written (--no-validate skips the checks). An edit that changes nothing prints "No changes supplied." and leaves the file untouched.`
    static override examples = [`<%= config.bin %> config provider ${name} bakery edit ${p.examples.bakery}`, `<%= config.bin %> config provider ${name} bakery edit -i`]
    static override flags = { ...deploymentFlags, ...fileFlag, ...validateFlag, ...interactiveFlag, ...fieldFlags(p.bakery) }
    async run() {
      const { flags } = await this.parseArgs()
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
      else this.say(`+ Successfully edited ${who} defaults.`)
      this.reportProblems(outcome.problems)
      return { changed: outcome.changed, bakeryDefaults: outcome.result, problems: outcome.problems }
    }
  }

  const settingsKey = p.virtualizationShape.kind === 'list' ? p.virtualizationShape.settingsKey : undefined
  const imageFields = (flags: Record<string, unknown>): ItemFields => ({ own: fieldValues(p.image, flags), virtualization: fieldValues(p.virtualization, flags), ...(settingsKey ? { settingsKey } : {}) })
  const accountValues = (flags: Record<string, unknown>): ItemFields => ({ own: fieldValues(accountFields(p), flags) })
  const imageSummary = (value: Plain) => {
    const image = isPlainObject(value.baseImage) ? value.baseImage : {}
    const vs = isPlainObject(value.virtualizationSettings) ? value.virtualizationSettings : Array.isArray(value.virtualizationSettings) ? { entries: value.virtualizationSettings } : {}
    const source = p.sourceSummary?.(vs) ?? 'no source'
    return `${image.shortDescription ?? ''}`.padEnd(16) + ` ${image.packageType ?? '-'}`.padEnd(7) + ` ${source}`
  }

  /** `fields` are the ones the wizard asks for; `flagFields` all those with flags. */
  const collectionCommands = (c: Collection, fields: readonly Field[], flagFields: readonly Field[], fieldsOf: (flags: Record<string, unknown>) => ItemFields, topic: string) => {
    const noun = c.noun
    const addFlags = fieldFlags(flagFields)
    const editFlags = fieldFlags(flagFields, { entries: true })
    const nameArg = { name: Args.string({ description: noun === 'account' ? 'The account\'s name.' : 'The base image\'s id (a bake request\'s base_os).', required: true }) }
    // With --interactive the name may be left out: add asks for it, edit offers a list.
    const optionalName = { name: Args.string({ description: `${nameArg.name.description} Required unless --interactive.` }) }
    const place = noun === 'account' ? `${name}'s accounts` : who
    const idWord = noun === 'account' ? 'NAME' : 'ID'
    const command = (verb: string) => `hal config provider ${name} ${topic} ${verb}`
    // The wizard asks for `fields`; flags for the others given with -i still count.
    const others = flagFields.filter((f) => !fields.includes(f))
    const withOthers = <T extends { fields: ItemFields }>(answered: T, flags: Record<string, unknown>): T =>
      others.length === 0 ? answered : { ...answered, fields: { ...answered.fields, own: { ...fieldValues(others, flags), ...answered.fields.own } } }
    const missingName = (verb: string) => usage(`missing the ${noun}'s ${noun === 'account' ? 'name' : 'id'}: ${command(verb)} ${idWord} ...`, {
      code: 'MISSING_ARGUMENT',
      remediation: `Give it as the first argument, or pass --interactive to be asked for it. A list flag takes every value up to the next flag: put the ${noun === 'account' ? 'name' : 'id'} before it, or end the list with --.`,
    })

    class Add extends ProviderCommand {
      static override provider = p
      static override summary = `Add ${an(noun)} to ${place}.`
      static override description = `An existing ${noun} with the same name is refused (Halyard accepted duplicates, then could not edit them).`
      static override examples = examplesFor(name, topic as 'account', 'add')
      static override args = optionalName
      static override flags = { ...deploymentFlags, ...fileFlag, ...validateFlag, ...interactiveFlag, ...addFlags }
      async run() {
        const { flags, args } = await this.parseArgs()
        const answered = await this.answers<{ id?: string; fields: ItemFields }>(flags, command('add'), flagFields, () => ({ id: args.name as string | undefined, fields: fieldsOf(flags) }),
          async (w, context) => withOthers(await w.askItemAdd(context, c, args.name, fieldValues(fields, flags)), flags))
        if (answered.id === undefined) throw missingName('add')
        const id = answered.id
        const outcome = await editDeployment({
          halDir: this.halDirFrom(flags), file: await this.fileFrom(flags), halDirFlag: flags['hal-dir'], deployment: flags.deployment, validate: flags.validate, flagOf: flagFinder(p),
          reason: `${command('add')} ${id}`,
          edit: (editor, d) => addItem(editor, c, d, name, id, answered.fields).value,
        })
        this.say(noun === 'account' ? `+ Successfully added account ${id} for provider ${name}.` : `+ Successfully added base image ${id} to ${who}.`)
        this.reportProblems(outcome.problems)
        return { changed: outcome.changed, [noun === 'account' ? 'account' : 'baseImage']: shown(outcome.result), problems: outcome.problems }
      }
    }

    const idFlag: Record<string, Flag> = noun === 'base image' ? { id: Flags.string({ description: 'Rename the base image to this id, keeping its place in the list.' }) } : {}
    const editFields: Field[] = noun === 'base image' ? [...flagFields, { key: 'id', flag: 'id', type: 'string', description: '' }] : [...flagFields]

    class Edit extends ProviderCommand {
      static override provider = p
      static override summary = `Edit ${an(noun)} in ${place}: only the flags given change.`
      static override description = noun === 'account'
        ? 'An edit that changes nothing prints "No changes supplied." and leaves the file untouched.'
        : '--id renames the base image in place, keeping its position in the list. An edit that changes nothing prints "No changes supplied." and leaves the file untouched.'
      static override examples = examplesFor(name, topic as 'account', 'edit')
      static override args = optionalName
      static override flags = { ...deploymentFlags, ...fileFlag, ...validateFlag, ...interactiveFlag, ...editFlags, ...idFlag }
      async run() {
        const { flags, args } = await this.parseArgs()
        // A missing item is reported before anything is asked (exit 3).
        if (args.name !== undefined) {
          const read = readDeployment(this.halDirFrom(flags), flags.deployment, await this.fileFrom(flags))
          const { deployment } = read
          findItem(lookingEditor(read), c, deployment, name, args.name)
        }
        const answered = await this.answers<{ id?: string; newId?: string; fields: ItemFields }>(flags, command('edit'), editFields, () => ({ id: args.name as string | undefined, newId: flags.id as string | undefined, fields: fieldsOf(flags) }),
          async (w, context) => withOthers(await w.askItemEdit(context, c, args.name, fieldValues(fields, flags), flags.id), flags))
        if (answered.id === undefined) throw missingName('edit')
        const id = answered.id
        const outcome = await editDeployment({
          halDir: this.halDirFrom(flags), file: await this.fileFrom(flags), halDirFlag: flags['hal-dir'], deployment: flags.deployment, validate: flags.validate, flagOf: flagFinder(p),
          reason: `${command('edit')} ${id}`,
          edit: (editor, d) => editItem(editor, c, d, name, id, answered.fields, answered.newId).value,
        })
        if (!outcome.changed) this.say('No changes supplied.')
        else this.say(`+ Successfully edited ${noun} ${answered.newId ?? id} in ${place}.`)
        this.reportProblems(outcome.problems)
        return { changed: outcome.changed, [noun === 'account' ? 'account' : 'baseImage']: shown(outcome.result), problems: outcome.problems }
      }
    }

    class Delete extends ProviderCommand {
      static override provider = p
      static override summary = `Delete ${an(noun)} from ${place}.`
      static override examples = examplesFor(name, topic as 'account', 'delete')
      static override args = nameArg
      static override flags = { ...deploymentFlags, ...fileFlag, ...validateFlag }
      async run() {
        const { flags, args } = await this.parseArgs()
        const outcome = await editDeployment({
          halDir: this.halDirFrom(flags), file: await this.fileFrom(flags), halDirFlag: flags['hal-dir'], deployment: flags.deployment, validate: flags.validate,
          reason: `hal config provider ${name} ${topic} delete ${args.name}`,
          edit: (editor, d) => deleteItem(editor, c, d, name, args.name).value,
        })
        this.say(`+ Successfully deleted ${noun} ${args.name} from ${place}.`)
        this.reportProblems(outcome.problems)
        return { changed: outcome.changed, deleted: args.name, problems: outcome.problems }
      }
    }

    class Get extends ProviderCommand {
      static override provider = p
      static override summary = `Print one ${noun} of ${place} (secrets redacted).`
      static override examples = examplesFor(name, topic as 'account', 'get')
      static override args = nameArg
      static override flags = { ...deploymentFlags, ...fileFlag, ...outputFlag }
      async run() {
        const { flags, args } = await this.parseArgs()
        const read = readDeployment(this.halDirFrom(flags), flags.deployment, await this.fileFrom(flags))
        const { deployment } = read
        const value = shown(findItem(lookingEditor(read), c, deployment, name, args.name).value)
        this.print(value, flags.output)
        return value
      }
    }

    class List extends ProviderCommand {
      static override provider = p
      static override summary = `List the ${noun}s of ${place}.`
      static override examples = examplesFor(name, topic as 'account', 'list')
      static override flags = { ...deploymentFlags, ...fileFlag }
      async run() {
        const { flags } = await this.parseArgs()
        const read = readDeployment(this.halDirFrom(flags), flags.deployment, await this.fileFrom(flags))
        const { deployment } = read
        const items = listItems(lookingEditor(read), c, deployment, name)
        if (items.length === 0) this.say(`No ${noun}s in ${place} of deployment ${deployment.name}.`)
        const width = Math.max(0, ...items.map((i) => i.id.length))
        for (const item of items) {
          this.say(noun === 'account'
            ? `${item.id.padEnd(width)}  ${p.account.filter((f) => !f.secret).map((f) => item.value[f.key]).filter(Boolean).slice(0, 2).join('  ')}`
            : `${item.id.padEnd(width)}  ${imageSummary(item.value)}`.trimEnd())
        }
        return items.map((item) => shown(item.value))
      }
    }

    return { Add, Edit, Delete, Get, List }
  }

  const images = collectionCommands(baseImages, [...p.image, ...p.virtualization], [...p.image, ...p.virtualization], imageFields, 'bakery base-image')
  const accountCmds = collectionCommands(accounts, p.account, accountFields(p), accountValues, 'account')

  return {
    Show,
    Enable: toggle(true),
    Disable: toggle(false),
    BakeryShow,
    BakeryEdit,
    BaseImageAdd: images.Add,
    BaseImageEdit: images.Edit,
    BaseImageDelete: images.Delete,
    BaseImageGet: images.Get,
    BaseImageList: images.List,
    AccountAdd: accountCmds.Add,
    AccountEdit: accountCmds.Edit,
    AccountDelete: accountCmds.Delete,
    AccountGet: accountCmds.Get,
    AccountList: accountCmds.List,
  }
}

export const google = providerCommands('google')
export const oracle = providerCommands('oracle')
export const aws = providerCommands('aws')
