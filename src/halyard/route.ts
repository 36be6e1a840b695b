/**
 * Which program a command line is for. galley answers the commands it has; a command of
 * Halyard's that galley does not have is Halyard's (handed to a real Halyard when one is
 * installed, else answered with what to use instead); anything else is a typo, answered with
 * the nearest commands. Decided from the command's leading words only, before oclif loads.
 */
import { HALYARD_COMMANDS } from './tree.js'

export type Route =
  | { kind: 'galley' }
  | { kind: 'halyard'; command: string }
  | { kind: 'unknown'; typed: string; suggestions: string[] }

/** Halyard's flags of the bare `hal` (HalCommand.java) that galley has no counterpart for. */
const HALYARD_ROOT_FLAGS = ['--ready', '--docs', '--print-bash-completion']

let halyardSet: Set<string> | undefined
export function halyardCommands(): Set<string> {
  halyardSet ??= new Set(HALYARD_COMMANDS)
  return halyardSet
}

/** galley's commands (`a:b:c` ids) as space-separated names, with every prefix that is a topic. */
export function galleyTree(commandIds: Iterable<string>): { commands: Set<string>; topics: Set<string> } {
  const commands = new Set<string>()
  const topics = new Set<string>()
  for (const id of commandIds) {
    const words = id.split(':')
    commands.add(words.join(' '))
    for (let i = 1; i < words.length; i++) topics.add(words.slice(0, i).join(' '))
  }
  return { commands, topics }
}

/** Halyard's global flags (NestableCommand.java), galley's spelling of them: those taking a value, then switches. */
const GLOBAL_FLAGS_WITH_VALUE = new Set(['-c', '--color', '-o', '--output', '-l', '--log', '--hal-dir', '--deployment'])
const GLOBAL_SWITCHES = new Set(['-d', '--debug', '-q', '--quiet', '-a', '--alpha', '--no-color', '--json'])

/**
 * Halyard reads its global flags before the command too (`hal -d config ...`: JCommander parses
 * them at the root, spinnaker/halyard NestableCommand.java); galley's parser reads flags after the
 * command's words only, so leading global flags are moved there. Anything else is left as it is.
 */
export function globalFlagsAfterCommand(argv: readonly string[]): readonly string[] {
  let i = 0
  while (i < argv.length) {
    const name = argv[i].split('=')[0]
    if (GLOBAL_SWITCHES.has(argv[i]) || (GLOBAL_FLAGS_WITH_VALUE.has(name) && argv[i].includes('='))) i += 1
    else if (GLOBAL_FLAGS_WITH_VALUE.has(argv[i]) && i + 1 < argv.length) i += 2
    else break
  }
  const words = commandWords(argv.slice(i))
  if (i === 0 || words.length === 0) return argv
  return [...words, ...argv.slice(0, i), ...argv.slice(i + words.length)]
}

/** The leading words of a command line, up to its first flag. */
export function commandWords(argv: readonly string[]): string[] {
  const words: string[] = []
  for (const arg of argv) {
    if (arg.startsWith('-')) break
    words.push(arg)
  }
  return words
}

/** How many leading words name something in `known` (the longest such prefix). */
function knownPrefix(words: readonly string[], known: (name: string) => boolean): number {
  let length = 0
  for (let i = 1; i <= words.length; i++) if (known(words.slice(0, i).join(' '))) length = i
  return length
}

/**
 * `takesArguments`: commands (space-separated names) that have subcommands and also take
 * arguments, as the autocomplete plugin's `hal autocomplete [SHELL]` beside `autocomplete script`.
 */
export function route(argv: readonly string[], commandIds: Iterable<string>, takesArguments: ReadonlySet<string> = new Set()): Route {
  if (argv.length > 0 && HALYARD_ROOT_FLAGS.includes(argv[0].split('=')[0])) return { kind: 'halyard', command: argv[0].split('=')[0] }
  const words = commandWords(argv)
  if (words.length === 0) return { kind: 'galley' }
  const { commands, topics } = galleyTree(commandIds)
  const galley = knownPrefix(words, (name) => commands.has(name) || topics.has(name))
  if (galley === words.length) return { kind: 'galley' }
  // A galley command with words after it: they are its arguments, unless the command is also a
  // topic (`hal config`), where the next word is a subcommand galley does not have. (No galley
  // command that has subcommands takes arguments: a test keeps it so; a plugin's may.)
  const name = words.slice(0, galley).join(' ')
  if (galley > 0 && (!topics.has(name) || takesArguments.has(name))) return { kind: 'galley' }
  const halyard = halyardCommands()
  const known = knownPrefix(words, (n) => halyard.has(n))
  if (known > galley) return { kind: 'halyard', command: words.slice(0, known).join(' ') }
  const typed = words.slice(0, galley + 1).join(' ')
  return { kind: 'unknown', typed, suggestions: suggest(typed, [...commands, ...topics, ...halyard]) }
}

/** The names at the same depth within a small edit distance of what was typed, nearest first. */
export function suggest(typed: string, names: readonly string[]): string[] {
  const depth = typed.split(' ').length
  const parent = typed.split(' ').slice(0, -1).join(' ')
  const last = typed.split(' ').at(-1)!
  const limit = Math.max(1, Math.min(3, Math.floor(last.length / 3)))
  const scored = [...new Set(names)]
    .filter((n) => n.split(' ').length === depth && n.split(' ').slice(0, -1).join(' ') === parent)
    .map((n) => ({ n, d: distance(last, n.split(' ').at(-1)!) }))
    .filter(({ n, d }) => d <= limit || (last.length >= 3 && n.split(' ').at(-1)!.startsWith(last)))
    .sort((a, b) => a.d - b.d || a.n.localeCompare(b.n))
  return scored.slice(0, 3).map(({ n }) => n)
}

/** Levenshtein distance, with a swap of two neighbouring letters counted as one edit. */
export function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)])
  for (let j = 1; j <= b.length; j++) d[0][j] = j
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1)
    }
  }
  return d[a.length][b.length]
}
