import { execute } from '@oclif/core'
import { packageRoot } from './lib/package.js'
import { allowPromptDrawing, guardOutput, noteSecretsInArgv } from './lib/redact.js'
import { COMMANDS } from './command-list.js'
import { dispatch } from './halyard/dispatch.js'
import { colorFromArgv } from './lib/color.js'

/** Every command, for oclif's explicit command discovery (and the bundle). */
export { COMMANDS }

export async function run(): Promise<void> {
  const argv = process.argv.slice(2)
  // Before anything can print: every write to stdout and stderr goes through the redaction
  // layer, which already knows the secrets typed on this command line.
  noteSecretsInArgv(argv)
  guardOutput()
  // oclif's help styles its text with terminal sequences of its own.
  // Node prints an uncaught error past process.stderr: report it through the guard instead.
  const crash = (error: unknown) => {
    const err = error as Error
    process.stderr.write(`Error: unexpected error: ${err?.message ?? String(error)}\n${argv.includes('--debug') && err?.stack ? `\n${err.stack}\n` : ''}`)
    process.exit(1)
  }
  process.on('uncaughtException', crash)
  process.on('unhandledRejection', crash)
  // Halyard's colour flags, as the environment variables every part (oclif's help, prompts, reports) honours.
  const color = colorFromArgv(argv)
  if (color === false) process.env.NO_COLOR = '1'
  if (color === true) {
    delete process.env.NO_COLOR
    process.env.FORCE_COLOR = '1'
  }
  // Halyard's other commands and typos are answered before oclif loads.
  const answered = await dispatch(argv, Object.keys(COMMANDS))
  if (answered !== undefined) {
    process.exitCode = answered
    return
  }
  if (argv.length === 0 || argv[0] === 'help' || argv.includes('--help') || argv.includes('-h')) allowPromptDrawing()
  await execute({ dir: packageRoot() })
}
