// Build: compile TypeScript into dist/, then regenerate the oclif manifest so that the
// command list is never stale and start-up does not scan the command files.
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const bin = (name) => join(root, 'node_modules', '.bin', name)
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' })

rmSync(join(root, 'dist'), { recursive: true, force: true })
rmSync(join(root, 'oclif.manifest.json'), { force: true })
run(process.execPath, [join(root, 'scripts', 'compile-schemas.js')])
run(bin('tsc'), ['-p', 'tsconfig.json'])
run(bin('oclif'), ['manifest'])
