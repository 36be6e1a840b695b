import { Command, Flags, Interfaces } from '@oclif/core'
import { resolveHalDir } from '../config/paths.js'
import { ExitCode, GalleyError, usage } from '../lib/errors.js'
import { redactUsageMessage } from '../lib/redact.js'
import { toYaml } from '../lib/render.js'

/** Halyard's log levels (LogLevelConverter.java), any case. */
export const LOG_LEVELS = ['OFF', 'ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE', 'ALL'] as const

/**
 * Flags every command has: galley's own, and Halyard's global flags (NestableCommand.java in
 * spinnaker/halyard), which a Halyard user types out of habit and scripts pass everywhere.
 */
export const globalFlags = {
  'hal-dir': Flags.string({
    description: 'Halyard directory to manage [default: $HAL_DIR, else ~/.hal]',
    helpGroup: 'GLOBAL',
  }),
  debug: Flags.boolean({ char: 'd', description: 'Show internal details and stack traces on errors.', helpGroup: 'GLOBAL' }),
  output: Flags.option({
    char: 'o',
    options: ['yaml', 'json'] as const,
    description: 'Format of the output, as Halyard\'s -o: json is --json; yaml prints the same data as YAML.',
    helpGroup: 'GLOBAL',
  })(),
  quiet: Flags.boolean({ char: 'q', description: 'No progress, notes or colour on stderr; results and errors still print. Also answers yes to a confirmation (as Halyard does).', helpGroup: 'GLOBAL' }),
  color: Flags.option({ char: 'c', options: ['true', 'false'] as const, description: 'Colour the output (true) or not (false); default: on a terminal, unless NO_COLOR is set.', helpGroup: 'GLOBAL' })(),
  'no-color': Flags.boolean({ description: 'No colour, as -c false or NO_COLOR=1.', helpGroup: 'GLOBAL' }),
  log: Flags.string({
    char: 'l',
    description: `Halyard's log level (${LOG_LEVELS.join(', ')}; any case). galley keeps no log: DEBUG, TRACE and ALL are --debug, the others change nothing.`,
    helpValue: 'LEVEL',
    helpGroup: 'GLOBAL',
  }),
  alpha: Flags.boolean({ char: 'a', description: 'Accepted for Halyard\'s scripts; galley has no alpha features.', helpGroup: 'GLOBAL' }),
  options: Flags.string({ description: 'Print the values a field (a flag of this command, e.g. package-type) accepts, as far as galley knows them offline, and run nothing.', helpValue: 'FIELD', helpGroup: 'GLOBAL' }),
  'daemon-endpoint': Flags.string({ description: 'Refused (exit 2): galley has no daemon; it reads and writes the hal directory on this machine.', helpValue: 'URL', helpGroup: 'GLOBAL' }),
}

/** Flags of every command that reads or changes a deployment's configuration. */
/** `--rule ID=LEVEL`: the commands that report problems take it (src/problems/registry.ts parses it). */
export const ruleFlag = {
  rule: Flags.string({ multiple: true, description: 'Adjust one rule: ID=off|info|warning|error|fatal (repeatable).' }),
}

/**
 * `--list-rules`: the rules the command can report (the class's static `listsRules`), listed by
 * init() before the other flags are parsed: a bake's required flags are not needed for it.
 */
export const listRulesFlag = {
  'list-rules': Flags.boolean({ description: 'List the rules this command can report, with their ids and default severities, then exit.' }),
}

export const deploymentFlags = {
  deployment: Flags.string({
    description: 'Deployment to act on [default: the current deployment]. Never created by this flag.',
    helpGroup: 'GLOBAL',
  }),
}

/**
 * `--file FILE`: act on FILE in place (a halconfig, a bare deployment in YAML or JSON, or a
 * SpinnakerService manifest) instead of the hal directory's config. See config/files.ts.
 */
export const fileFlag = {
  file: Flags.string({
    char: 'f',
    description: 'Act on this file in place instead of the hal directory\'s config: a halconfig, a bare deployment (YAML or JSON) or a SpinnakerService manifest.',
    helpGroup: 'GLOBAL',
  }),
}

export const validateFlag = {
  validate: Flags.boolean({
    description: 'Validate the change before writing it (--no-validate skips the checks).',
    default: true,
    allowNo: true,
    helpGroup: 'GLOBAL',
  }),
}

// A command's own flag of the same name (`--output FILE`) replaces the global one.
type BaseFlags = (typeof HalCommand)['baseFlags']
// oclif's parser types (not exported by name).
type FlagOutput = { [name: string]: any }
type ArgOutput = { [name: string]: any }
export type FlagsOf<T extends typeof Command> = Interfaces.InferredFlags<(string extends keyof T['flags'] ? BaseFlags : Omit<BaseFlags, keyof T['flags']>) & T['flags']>
export type ArgsOf<T extends typeof Command> = Interfaces.InferredArgs<T['args']>

interface ErrorView {
  exitCode: number
  code: string
  message: string
  remediation?: string
  detail?: string
  data?: Record<string, unknown>
}

/**
 * Base of every command: global flags, `--json`, and one way of reporting errors:
 * a message that says what and where, what to do, the documented exit code, and a
 * stack trace only with `--debug`. Whatever a command prints, by these methods or any other,
 * passes the output guard installed before it runs (lib/redact.ts, from cli.ts): secrets are
 * redacted and control characters shown escaped there, not here.
 */
export abstract class HalCommand extends Command {
  static override enableJsonFlag = true
  static override baseFlags = globalFlags
  /** Which rules `--list-rules` lists, for a command that takes it (listRulesFlag). */
  static listsRules?: 'all' | 'bake'

  private debugMode = false

  protected async parseWith<T extends typeof Command>(command: T): Promise<{ flags: FlagsOf<T>; args: ArgsOf<T> }> {
    const { flags, args } = await this.parse(command as any)
    return { flags: flags as FlagsOf<T>, args: args as ArgsOf<T> }
  }

  /** Every parse, also a command's own this.parse(): the global flags that act before run() does. */
  protected override async parse<F extends FlagOutput, B extends FlagOutput, A extends ArgOutput>(
    options?: Interfaces.Input<F, B, A>,
    argv?: string[],
  ): Promise<Interfaces.ParserOutput<F, B, A>> {
    const parsed = await super.parse<F, B, A>(options, argv)
    const flags = parsed.flags as Record<string, unknown>
    const log = (flags.log as string | undefined)?.toUpperCase()
    // Halyard's LogLevelConverter: any case, and its message.
    if (log !== undefined && !(LOG_LEVELS as readonly string[]).includes(log)) {
      throw usage(`Log level ${flags.log} is not valid. The options are: ${LOG_LEVELS.join(', ')}.`, { code: 'BAD_LOG_LEVEL', remediation: 'Give -l one of those levels, or leave it out.' })
    }
    this.debugMode = Boolean(flags.debug) || log === 'DEBUG' || log === 'TRACE' || log === 'ALL'
    return parsed
  }

  /** The value of a global flag, read from the command line before parsing (for --options, -o, -q). */
  private globalArg(long: string, char?: string): string | true | undefined {
    const end = this.argv.indexOf('--')
    const args = end === -1 ? this.argv : this.argv.slice(0, end)
    for (let i = 0; i < args.length; i++) {
      const arg = args[i]
      if (arg === `--${long}` || (char && arg === `-${char}`)) return args[i + 1] === undefined || args[i + 1].startsWith('-') ? true : args[i + 1]
      if (arg.startsWith(`--${long}=`)) return arg.slice(long.length + 3)
      if (char && arg.startsWith(`-${char}`) && arg.length > 2) return arg.slice(arg[2] === '=' ? 3 : 2)
    }
    return undefined
  }

  /** This command's own `--output` flag, when it has one (a file to write, or its own formats). */
  private get ownOutputFlag(): { options?: readonly string[] } | undefined {
    return ((this.constructor as typeof HalCommand).flags as Record<string, { options?: readonly string[] }> | undefined)?.output
  }

  /** `-o yaml|json` when -o is the global format flag here. */
  private outputFormat(): string | undefined {
    if (this.ownOutputFlag) return undefined
    const value = this.globalArg('output', 'o')
    return value === 'json' || value === 'yaml' ? value : undefined
  }

  /** `--json`, or `-o json`/`-o yaml`: data, not lines for people. */
  override jsonEnabled(): boolean {
    return super.jsonEnabled() || this.outputFormat() !== undefined
  }

  override logJson(json: unknown): void {
    if (this.outputFormat() === 'yaml') this.logToStdout(toYaml(json).trimEnd())
    else super.logJson(json)
  }

  private logToStdout(text: string): void {
    process.stdout.write(`${text}\n`)
  }

  /** -q, or output for programs: no notes or progress. */
  protected quiet(): boolean {
    return this.jsonEnabled() || this.globalArg('quiet', 'q') !== undefined
  }

  protected halDirFrom(flags: { 'hal-dir'?: string }): string {
    return resolveHalDir(flags['hal-dir'])
  }

  /**
   * The --file path, absolute, after saying on stderr how the file was read (one line, also
   * with --json: stdout stays JSON). Undefined without --file.
   */
  protected async fileFrom(flags: { file?: string }): Promise<string | undefined> {
    if (flags.file === undefined) return undefined
    if (this.fileRead === undefined) {
      const { fileKindLineFor } = await import('../config/files.js')
      const { file, line } = fileKindLineFor(flags.file)
      process.stderr.write(`${line}\n`)
      this.fileRead = file
    }
    return this.fileRead
  }

  private fileRead: string | undefined

  /** Writes a line for people; nothing when the output is JSON. */
  protected say(line = ''): void {
    // As oclif's this.log writes a single text (through console.log: about 1.5 ms more, cold).
    if (!this.jsonEnabled()) process.stdout.write(`${line}\n`)
  }

  /** Writes a line to stderr (warnings, progress) so that stdout stays clean; nothing with -q or JSON output. */
  protected note(line: string): void {
    if (!this.quiet()) process.stderr.write(`${line}\n`)
  }

  override async init(): Promise<void> {
    await super.init()
    const endpoint = this.globalArg('daemon-endpoint')
    if (endpoint !== undefined) {
      throw usage('galley has no daemon: --daemon-endpoint cannot be honoured', {
        code: 'NO_DAEMON',
        remediation: 'galley reads and writes the hal directory on this machine (--hal-dir, $HAL_DIR or ~/.hal): run it where that directory is and leave --daemon-endpoint out. For a Halyard daemon, use Halyard\'s hal.',
      })
    }
    const own = this.ownOutputFlag
    const given = this.globalArg('output', 'o')
    if (own && !own.options && (given === 'json' || given === 'yaml')) {
      throw usage(`-o/--output of this command names the file to write, so "-o ${given}" would write a file called ${given}`, {
        code: 'OUTPUT_IS_A_FILE',
        remediation: given === 'json' ? 'For JSON output use --json; to write a file of that name, give a path such as ./json.' : `To write a file of that name, give a path such as ./${given}.`,
      })
    }
    const ctor = this.constructor as typeof HalCommand
    if (ctor.listsRules && this.globalArg('list-rules') !== undefined) {
      const { listedRules, ruleListText } = await import('../problems/registry.js')
      const rules = listedRules(ctor.listsRules)
      if (this.jsonEnabled()) this.logJson({ rules })
      else for (const line of ruleListText(rules)) this.say(line)
      this.exit(0)
    }
    const field = this.globalArg('options')
    if (field !== undefined) {
      const { fieldOptions } = await import('../halyard/options.js')
      const ctor = this.constructor as typeof HalCommand
      const answer = fieldOptions(field === true ? '' : field, { ...ctor.baseFlags, ...ctor.flags } as Record<string, { options?: readonly string[] }>)
      if (this.jsonEnabled()) this.logJson({ field: answer.field, values: answer.values, form: answer.form })
      else {
        if (answer.values.length > 0) this.logToStdout(answer.values.join(' '))
        if (answer.form) process.stderr.write(`${answer.form}\n`)
      }
      this.exit(0)
    }
  }

  /** A flag of this command (its name, letter or alias; `--no-x` for a negatable `--x`). */
  private isKnownFlag(name: string): boolean {
    const ctor = this.constructor as typeof HalCommand
    const flags: Record<string, { char?: string; aliases?: string[]; charAliases?: string[]; allowNo?: boolean }> = {
      ...ctor.baseFlags, ...ctor.flags,
    }
    if (name === 'json' || name === 'help' || name === 'h') return true
    for (const [key, flag] of Object.entries(flags)) {
      if (name === key || name === flag.char || flag.aliases?.includes(name) || flag.charAliases?.includes(name)) return true
      if (flag.allowNo && name === `no-${key}`) return true
    }
    return false
  }

  protected override async catch(error: Error & { exitCode?: number; oclif?: { exit?: number } }): Promise<any> {
    // oclif's own exit requests (this.exit) pass through untouched. (Checked by code, not by
    // class name: the bundle renames classes.)
    if ((error as { code?: string })?.code === 'EEXIT') throw error
    const debug = this.debugMode || this.argv.includes('--debug') || this.argv.includes('-d')
    const view = describe(error, (message) => redactUsageMessage(message, this.argv, (name) => this.isKnownFlag(name)))
    if (this.jsonEnabled()) {
      this.logJson({ error: { code: view.code, message: view.message, remediation: view.remediation, exitCode: view.exitCode, ...view.data } })
    } else {
      const lines = [`Error: ${view.message}`]
      if (view.detail) lines.push(view.detail)
      if (view.remediation) lines.push(`? ${view.remediation}`)
      if (debug && error?.stack) lines.push('', error.stack)
      process.stderr.write(`${lines.join('\n')}\n`)
    }
    process.exitCode = view.exitCode
  }
}

function describe(error: Error & { exitCode?: number; oclif?: { exit?: number }; code?: string }, usage: (message: string) => string): ErrorView {
  if (error instanceof GalleyError) {
    return {
      exitCode: error.exitCode,
      code: error.code,
      message: error.message,
      remediation: error.remediation,
      detail: error.detail,
      data: error.data,
    }
  }
  // oclif's parse errors (unknown flag, missing argument, bad option) are usage errors.
  if (error?.oclif !== undefined) {
    return {
      exitCode: ExitCode.USAGE,
      code: 'USAGE',
      // They echo the command line, which may hold a secret typed unquoted or under a mistyped flag.
      message: usage((error.message ?? String(error)).replace(/\n\s*See more help with --help\s*$/, '')),
      remediation: 'See the command\'s --help.',
    }
  }
  return {
    exitCode: ExitCode.FAILED,
    code: 'INTERNAL',
    message: `unexpected error: ${error?.message ?? String(error)}`,
    remediation: 'Run again with --debug for details, and please report it.',
  }
}
