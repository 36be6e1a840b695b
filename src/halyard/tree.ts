// Halyard's command tree: every command `hal --docs` lists, one per line, without the leading "hal"
// (spinnaker/halyard docs/commands.md at 23e66d69, generated from halyard-cli's NestableCommand tree).
// Used only when a command line is not one of galley's: to say what to use instead, or to hand it on.
// The list is Halyard's data, kept as data (commands.json): it names every provider Halyard has.
import tree from './commands.json' with { type: 'json' }

export const HALYARD_COMMANDS: readonly string[] = tree.commands
