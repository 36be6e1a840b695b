import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { execute, Interfaces, Plugin } from '@oclif/core'
import { packageRoot } from './lib/package.js'
import { allowPromptDrawing, guardOutput, noteSecretsInArgv } from './lib/redact.js'
import { COMMANDS } from './command-list.js'
import { dispatch } from './halyard/dispatch.js'
import { globalFlagsAfterCommand } from './halyard/route.js'
import { colorFromArgv } from './lib/color.js'

/** Every command, for oclif's explicit command discovery (and the bundle). */
export { COMMANDS }
/** The help class package.json names (oclif.helpClass); commandFlags for the tests that hold it to oclif's manifest. */
export { commandFlags, GalleyHelp } from './cli/help.js'

export async function run(): Promise<void> {
  const argv = globalFlagsAfterCommand(process.argv.slice(2))
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
  await execute({ args: [...argv], loadOptions: await loadOptions(argv) })
}

/** galley's own top-level words: `config`, `bake`, `backup`, `init`... */
const OWN_WORDS = new Set(Object.keys(COMMANDS).map((id) => id.split(':')[0]))

/**
 * What oclif loads for this command line (its documented load options). A command of galley's
 * own, or its help, needs none of the plugins (help and autocomplete): they are loaded only for
 * the lines that may run or list their commands (`hal`, `hal --help`, `hal help ...`,
 * `hal autocomplete`). galley has no user plugins, so oclif does not look for them.
 * `hal autocomplete` writes every command's flags into the completion scripts, and the
 * manifest has none: there oclif reads the commands from their classes (the root plugin with
 * ignoreManifest, as `oclif manifest` does).
 */
async function loadOptions(argv: readonly string[]): Promise<Interfaces.LoadOptions> {
  const root = packageRoot()
  const pjson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Interfaces.PJSON
  if (OWN_WORDS.has(argv[0])) return { root, pjson: { ...pjson, oclif: { ...pjson.oclif, plugins: [] } }, userPlugins: false }
  if (!argv[0]?.startsWith('autocomplete')) return { root, pjson, userPlugins: false }
  const plugins = new Map<string, Interfaces.Plugin>()
  for (const plugin of [
    new Plugin({ root, pjson, isRoot: true, ignoreManifest: true }),
    ...(pjson.oclif.plugins ?? []).map((name) => new Plugin({ name, root, type: 'core' })),
  ]) {
    await plugin.load()
    plugins.set(plugin.name, plugin)
  }
  return { root, pjson, plugins, userPlugins: false }
}
