/**
 * The command lines galley does not answer itself: Halyard's other commands (handed to the real
 * Halyard, or answered with what to use instead) and typos (answered with the nearest commands).
 */
import { join } from 'node:path'
import { ExitCode } from '../lib/errors.js'
import { packageRoot } from '../lib/package.js'
import { advice } from './advice.js'
import { findHalyard, runHalyard } from './forward.js'
import { route } from './route.js'

/** The commands of the plugins galley loads (they are not in src/commands). */
export const PLUGIN_COMMANDS = ['help', 'autocomplete', 'autocomplete:create', 'autocomplete:script']
/** Plugin commands that have subcommands and take arguments too: `hal autocomplete bash`. */
const PLUGIN_COMMANDS_WITH_ARGUMENTS = new Set(['autocomplete'])

/** Whether the output is JSON: `--json`, or Halyard's `-o json` / `--output json`, before any `--`. */
export function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--')
  const args = end === -1 ? argv : argv.slice(0, end)
  return args.some((arg, i) => arg === '--json' || arg === '--output=json' || arg === '-o=json' || arg === '-ojson' || ((arg === '-o' || arg === '--output') && args[i + 1] === 'json'))
}

function report(argv: readonly string[], error: { code: string; message: string; remediation: string; data?: Record<string, unknown> }): number {
  const exitCode = ExitCode.USAGE
  if (wantsJson(argv)) {
    process.stdout.write(`${JSON.stringify({ error: { code: error.code, message: error.message, remediation: error.remediation, exitCode, ...error.data } }, null, 2)}\n`)
  } else {
    process.stderr.write(`Error: ${error.message}\n? ${error.remediation}\n`)
  }
  return exitCode
}

/** Answers the command line when it is not galley's, returning the exit status; undefined when it is galley's. */
export async function dispatch(argv: readonly string[], commandIds: Iterable<string>): Promise<number | undefined> {
  const where = route(argv, [...commandIds, ...PLUGIN_COMMANDS], PLUGIN_COMMANDS_WITH_ARGUMENTS)
  if (where.kind === 'galley') return undefined
  if (where.kind === 'halyard') {
    const halyard = findHalyard(join(packageRoot(), 'bin', 'run.js'))
    if (halyard) return runHalyard(halyard, argv)
    return report(argv, {
      code: 'HALYARD_COMMAND',
      message: `"hal ${where.command}" is a Halyard command that galley does not have. ${advice(where.command)}`,
      remediation: 'With Halyard installed (its hal on PATH, or GALLEY_HALYARD=/path/to/hal), galley hands such commands to it. "hal --help" lists galley\'s commands.',
      data: { command: where.command },
    })
  }
  const nearest = where.suggestions.map((s) => `"hal ${s}"`)
  return report(argv, {
    code: 'COMMAND_NOT_FOUND',
    message: `"hal ${where.typed}" is not a command.${nearest.length > 0 ? ` Did you mean ${nearest.join(' or ')}?` : ''}`,
    remediation: `"hal ${where.typed.split(' ').slice(0, -1).concat('--help').join(' ')}" lists the commands.`,
    data: { command: where.typed, suggestions: where.suggestions.map((s) => `hal ${s}`) },
  })
}
