#!/usr/bin/env node
// Start-up is most of a hal command's time, so this file keeps it small:
// - `hal --version` needs only package.json, and answers without loading the CLI;
// - the CLI is one bundled CommonJS file, compiled with a V8 code cache kept beside it (or in
//   ~/.cache/galley when the package directory is read-only), as Node 20 has no compile cache
//   of its own. GALLEY_NO_CODE_CACHE=1 turns the cache off.
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import Module, { createRequire } from 'node:module'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import vm from 'node:vm'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)

if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  process.stdout.write(`galley/${version} ${process.platform}-${process.arch} node-${process.version}\n`)
} else {
  // oclif's import() of ES-module plugins, made from here (see scripts/build.js).
  globalThis.__galleyImport = (url) => import(url)
  const bundle = join(root, 'dist', 'galley.cjs')
  if (!process.env.GALLEY_NO_CODE_CACHE) useCodeCache(bundle)
  const { run } = createRequire(import.meta.url)(bundle)
  await run()
}


function useCodeCache(bundle) {
  let stamp
  try {
    const { size, mtimeMs } = statSync(bundle)
    stamp = `${process.version}-${process.arch}-${size}-${Math.round(mtimeMs)}`
  } catch {
    return // no build: let require() report it
  }
  const candidates = [join(root, 'dist', `galley.${stamp}.v8cache`), join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'galley', `galley.${stamp}.v8cache`)]
  const found = candidates.find((file) => existsSync(file))
  const compile = Module.prototype._compile
  let script
  let fresh = true
  Module.prototype._compile = function (content, filename) {
    if (filename !== bundle) return compile.call(this, content, filename)
    let cachedData
    try {
      cachedData = found && readFileSync(found)
    } catch {}
    script = new vm.Script(Module.wrap(content), { filename, cachedData: cachedData || undefined,
    })
    fresh = !cachedData || script.cachedDataRejected
    const wrapper = script.runInThisContext({ displayErrors: true })
    return wrapper.call(this.exports, this.exports, createRequire(filename), this, filename, dirname(filename))
  }
  // Written after the command ran, the cache also holds the functions it compiled on the way.
  process.once('exit', () => {
    if (!script || !fresh) return
    const data = script.createCachedData()
    for (const file of candidates) {
      try {
        mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
        const temp = `${file}.${process.pid}.tmp`
        writeFileSync(temp, data, { mode: 0o644 })
        renameSync(temp, file)
        return
      } catch {
        // read-only: try the next place
      }
    }
  })
}
