import { Command, Help, Interfaces } from '@oclif/core'

/**
 * oclif's manifest, which every start reads and parses, carries no flags (scripts/build.js strips
 * them: the eleven global flags alone, copied onto every command, were half of it). What needs a
 * command's flags reads them from its class instead: this help class (package.json's
 * oclif.helpClass) for `hal <command> --help` and `hal help <command>`, and src/cli.ts for the
 * completion scripts `hal autocomplete` writes.
 */
export class GalleyHelp extends Help {
  override async showCommandHelp(command: Command.Loadable): Promise<void> {
    if (Object.keys(command.flags ?? {}).length > 0) return super.showCommandHelp(command)
    return super.showCommandHelp({ ...command, flags: await commandFlags(await command.load()) })
  }
}

// The flag oclif adds to a command with enableJsonFlag (its util/aggregate-flags.js).
const JSON_FLAG = { description: 'Format output as json.', helpGroup: 'GLOBAL', allowNo: false, type: 'boolean' } as const

/**
 * A command's flags as oclif's manifest had them (oclif's util/cache-command.js, which the
 * package does not export): the JSON flag, the base (global) flags, then the command's own, each
 * with its name and its default value worked out. test/unit/command-flags.test.ts holds this to
 * the manifest `oclif manifest` writes.
 */
export async function commandFlags(command: Command.Class): Promise<Record<string, Command.Flag.Cached>> {
  const all: Record<string, Interfaces.Flag<unknown>> = { ...command.baseFlags, ...command.flags }
  const cached: Record<string, Command.Flag.Cached> = command.enableJsonFlag ? { json: { name: 'json', ...JSON_FLAG } } : {}
  for (const [name, flag] of Object.entries(all)) {
    const common = {
      aliases: flag.aliases,
      char: flag.char,
      charAliases: flag.charAliases,
      combinable: (flag as { combinable?: boolean }).combinable,
      dependsOn: flag.dependsOn,
      deprecateAliases: flag.deprecateAliases,
      deprecated: flag.deprecated,
      description: flag.description,
      env: flag.env,
      exclusive: flag.exclusive,
      helpGroup: flag.helpGroup,
      helpLabel: flag.helpLabel,
      hidden: flag.hidden,
      name,
      noCacheDefault: flag.noCacheDefault,
      relationships: flag.relationships,
      required: flag.required,
      summary: flag.summary,
    }
    cached[name] = (flag.type === 'boolean'
      ? { ...common, allowNo: flag.allowNo, type: 'boolean' }
      : {
          ...common,
          default: await defaultValue(flag),
          delimiter: flag.delimiter,
          hasDynamicHelp: typeof flag.defaultHelp === 'function',
          helpValue: flag.helpValue,
          multiple: flag.multiple,
          options: flag.options,
          type: 'option',
        }) as Command.Flag.Cached
  }
  return cached
}

/** A flag's default as help shows it: defaultHelp's text, else the default (called when a function); none when either throws. */
async function defaultValue(flag: Interfaces.OptionFlag<unknown>): Promise<unknown> {
  const context = { flags: {}, options: flag } as never
  try {
    if (typeof flag.defaultHelp === 'function') return await flag.defaultHelp(context)
    if (typeof flag.default === 'function') return await flag.default(context)
  } catch {
    return undefined
  }
  return flag.default
}
