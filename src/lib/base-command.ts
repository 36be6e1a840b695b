import { Command, Flags, Interfaces } from '@oclif/core'
import { resolveHalDir } from '../config/paths.js'
import { ExitCode, GalleyError } from './errors.js'
import { redactUsageMessage } from './redact.js'

/** Flags every command has. */
export const globalFlags = {
  'hal-dir': Flags.string({
    description: 'Halyard directory to manage [default: $HAL_DIR, else ~/.hal]',
    helpGroup: 'GLOBAL',
  }),
  debug: Flags.boolean({ description: 'Show internal details and stack traces on errors.', helpGroup: 'GLOBAL' }),
}

/** Flags of every command that reads or changes a deployment's configuration. */
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

export type FlagsOf<T extends typeof Command> = Interfaces.InferredFlags<(typeof HalCommand)['baseFlags'] & T['flags']>
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

  private debugMode = false

  protected async parseWith<T extends typeof Command>(command: T): Promise<{ flags: FlagsOf<T>; args: ArgsOf<T> }> {
    const { flags, args } = await this.parse(command as any)
    this.debugMode = Boolean((flags as any).debug)
    return { flags: flags as FlagsOf<T>, args: args as ArgsOf<T> }
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
    if (!this.jsonEnabled()) this.log(line)
  }

  /** Writes a line to stderr (warnings, progress) so that stdout stays clean. */
  protected note(line: string): void {
    if (!this.jsonEnabled()) process.stderr.write(`${line}\n`)
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
    const debug = this.debugMode || this.argv.includes('--debug')
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
