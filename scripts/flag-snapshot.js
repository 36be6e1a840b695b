// npm run flags:snapshot — writes test/fixtures/flags.snapshot.json: every command's id, flags
// (names, letters, aliases, multiple, options, negation, required) and arguments, from the oclif
// manifest with every flag that `npm run build` writes to dist/command-reference.json (the
// oclif.manifest.json hal reads at start has no flags: see scripts/build.js). test/flags-snapshot.test.ts compares the two and never writes:
// a flag that disappears or changes fails the tests until this is run and the diff reviewed.
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
export const SNAPSHOT = join(root, 'test', 'fixtures', 'flags.snapshot.json')

const pick = (object, keys) => Object.fromEntries(keys.filter((k) => object[k] !== undefined && object[k] !== false && !(Array.isArray(object[k]) && object[k].length === 0)).map((k) => [k, object[k]]))
const sorted = (object, map) => Object.fromEntries(Object.keys(object).sort().map((k) => [k, map(object[k])]))

/** The snapshot of a manifest: only what a script typing the command depends on. */
export function flagSnapshot(manifest) {
  return sorted(manifest.commands, (command) => ({
    ...pick(command, ['aliases', 'strict', 'enableJsonFlag']),
    args: Object.values(command.args ?? {}).map((arg) => pick(arg, ['name', 'required', 'options'])),
    flags: sorted(command.flags, (flag) => pick(flag, ['type', 'char', 'aliases', 'charAliases', 'multiple', 'options', 'allowNo', 'required'])),
  }))
}

/** One line per flag and per argument list, so that a diff shows exactly the flag that changed. */
export function render(snapshot) {
  const commands = Object.entries(snapshot).map(([id, command]) => {
    const { flags, ...rest } = command
    const head = Object.entries(rest).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`)
    const lines = Object.entries(flags).map(([name, flag]) => `      ${JSON.stringify(name)}: ${JSON.stringify(flag)}`)
    return `  ${JSON.stringify(id)}: {\n${[...head, `    "flags": {\n${lines.join(',\n')}\n    }`].join(',\n')}\n  }`
  })
  return `{\n${commands.join(',\n')}\n}\n`
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const manifest = JSON.parse(readFileSync(join(root, 'dist', 'command-reference.json'), 'utf8'))
  writeFileSync(SNAPSHOT, render(flagSnapshot(manifest)))
  console.log(`wrote ${SNAPSHOT.slice(root.length + 1)} (${Object.keys(manifest.commands).length} commands); review the diff before committing`)
}
