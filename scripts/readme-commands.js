// Rewrites the command reference in README.md (between the commands markers) from the oclif
// manifest, so that it lists every command with its summary: npm run readme (after a build).
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const manifest = JSON.parse(readFileSync(join(root, 'oclif.manifest.json'), 'utf8'))
const rows = Object.values(manifest.commands)
  .map((c) => {
    const args = Object.values(c.args ?? {}).map((a) => (a.required ? a.name.toUpperCase() : `[${a.name.toUpperCase()}]`))
    return [`hal ${c.id.replaceAll(':', ' ')}${args.length ? ` ${args.join(' ')}` : ''}`, (c.summary ?? c.description ?? '').split('\n')[0]]
  })
  .sort(([a], [b]) => a.localeCompare(b))
const table = ['| Command | Summary |', '|---|---|', ...rows.map(([cmd, summary]) => `| \`${cmd}\` | ${summary.replaceAll('|', '\\|')} |`)].join('\n')
const readme = readFileSync(join(root, 'README.md'), 'utf8')
const start = '<!-- commands -->'
const end = '<!-- commandsstop -->'
const before = readme.slice(0, readme.indexOf(start) + start.length)
const after = readme.slice(readme.indexOf(end))
writeFileSync(join(root, 'README.md'), `${before}\n${table}\n${after}`)
console.log(`README.md: ${rows.length} commands`)
