#!/usr/bin/env node
// Start-up is most of a hal command's time, so this file keeps it small:
// - `hal --version` needs only package.json, and answers without loading the CLI;
// - the CLI is one bundled CommonJS file (dist/galley.cjs), compiled with a V8 code cache, through
//   documented APIs only: module.enableCompileCache() where Node has it (22.8 and later), else
//   (Node 20) vm.Script's cachedData, see loadWithCodeCache. GALLEY_NO_CODE_CACHE=1 turns both off;
// - this file is CommonJS (bin/package.json says so; the package is ES modules): an ES-module entry
//   point sets up Node's ES-module loader first, which every command paid for.
'use strict'
const { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } = require('node:fs')
const nodeModule = require('node:module')
const { homedir } = require('node:os')
const { basename, dirname, join } = require('node:path')
const vm = require('node:vm')

// The code cache file: MAGIC, a checksum of V8's data, then the data (see loadWithCodeCache).
const MAGIC = Buffer.from('galley-v8cache-2')
const HEADER = MAGIC.length + 8
// Caches kept per build, one per command: past this many, the least recently used one makes way.
const MAX_CACHES = 16

const root = join(__dirname, '..')
const args = process.argv.slice(2)

if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  process.stdout.write(`galley/${version} ${process.platform}-${process.arch} node-${process.version}\n`)
} else {
  // oclif's import() of ES-module plugins, made from here (see scripts/build.js).
  globalThis.__galleyImport = (url) => import(url)
  // The colour libraries in the bundle read `--color` in the arguments, when they load, as colour
  // on, whatever follows it: Halyard's `--color false` is said to them in the environment first.
  const options = args.includes('--') ? args.slice(0, args.indexOf('--')) : args
  if (options.some((arg, i) => arg === '--color' && options[i + 1] === 'false')) process.env.FORCE_COLOR = '0'
  const bundle = join(root, 'dist', 'galley.cjs')
  if (!existsSync(bundle)) {
    process.stderr.write(`Error: galley is not built: ${bundle} is missing.\n? Run npm run build in ${root}, or reinstall galley.\n`)
    process.exit(3)
  }
  let cli
  if (process.env.GALLEY_NO_CODE_CACHE) cli = require(bundle)
  else if (typeof nodeModule.enableCompileCache === 'function') {
    // Node keeps (and checks) this cache itself, in its own directory under the system's temporary
    // one; when it cannot, it says so in the returned status and runs without.
    try {
      nodeModule.enableCompileCache()
    } catch {}
    cli = require(bundle)
  } else cli = loadWithCodeCache(bundle)
  // run() reports its own errors and sets the exit status.
  cli.run()
}

/**
 * Node 20 has no compile cache of its own: load the bundle as Node would (the documented module
 * wrapper, a require made by createRequire), compiled by vm.Script with the cache V8 made last
 * time, and register it in require.cache. The registration is what makes it work: oclif loads
 * its command target and help class (this same file, package.json's oclif.commands.target and
 * oclif.helpClass) with require(), or import() for a file it takes for an ES module, and both
 * answer from require.cache when the file is there. Without it, oclif would evaluate the bundle a second time, uncached, with a second copy
 * of every module (and of their state: the output guard, the command list).
 *
 * The cache file starts with a checksum of the rest: V8 checks a cache's source length, version
 * and flags, but not its contents (only with --verify-snapshot-checksum, off in release builds),
 * and Node 20 aborts on a cache damaged inside; a damaged file must never break a command. Any
 * problem with the file (missing, foreign, truncated, damaged, a directory, unreadable) means:
 * compile without it, and write a new one when the command is done.
 *
 * V8 makes the cache after the command ran, so it holds the functions that command compiled.
 * One cache for every command would make the others compile theirs from source at every start
 * (a write, about a quarter of its time), and a cache holding them all makes every start
 * deserialise all of it (`hal config`, about a tenth): each command has its own cache file,
 * named after it, up to MAX_CACHES per build (a cache's time is its last use: the least recently
 * used one makes way for a new one).
 */
function loadWithCodeCache(bundle) {
  const source = readFileSync(bundle, 'utf8')
  const { size, mtimeMs } = statSync(bundle)
  // Named after this install (its bundle's path), this build of it for this Node, and the command.
  const install = checksum(Buffer.from(bundle)).toString('hex').slice(0, 8)
  const build = `galley.${install}.${process.version}-${process.arch}-${size}-${Math.round(mtimeMs)}.`
  const name = `${build}${checksum(Buffer.from(commandKey(args, dirname(bundle)))).toString('hex').slice(0, 8)}.v8cache`
  const places = [dirname(bundle), join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'galley')]
  let cachedData
  for (const dir of places) {
    if (!(cachedData = readCache(join(dir, name)))) continue
    try {
      const now = new Date()
      utimesSync(join(dir, name), now, now) // used now: the last to make way
    } catch {}
    break
  }
  // The wrapper Node documents for every CommonJS module ("The module wrapper", modules.md), on one line.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) { ${source}\n})`, { filename: bundle, cachedData })
  const require = nodeModule.createRequire(bundle)
  const module = { id: bundle, filename: bundle, path: dirname(bundle), exports: {}, loaded: false, children: [], paths: require.resolve.paths('galley') ?? [] }
  require.cache[bundle] = module
  try {
    script.runInThisContext({ displayErrors: true }).call(module.exports, module.exports, require, module, bundle, dirname(bundle))
  } catch (error) {
    delete require.cache[bundle]
    throw error
  }
  module.loaded = true
  if (!cachedData || script.cachedDataRejected) {
    // Made after the command ran, the cache also holds the functions it compiled on the way.
    process.once('exit', () => writeCache(places, build, name, script.createCachedData()))
  }
  return module.exports
}

/**
 * The command a command line runs (its id, from the list the build writes beside the bundle), or
 * '' for anything else (help, a plugin's command): what a code cache is kept for.
 */
function commandKey(argv, dist) {
  const end = argv.indexOf('--')
  const given = end === -1 ? argv : argv.slice(0, end)
  if (given.includes('--help') || given.includes('-h')) return ''
  let ids
  try {
    ids = new Set(readFileSync(join(dist, 'command-ids.txt'), 'utf8').split('\n'))
  } catch {
    return ''
  }
  const words = []
  for (const arg of given) {
    if (arg.startsWith('-')) break
    words.push(arg)
  }
  for (let n = words.length; n > 0; n--) if (ids.has(words.slice(0, n).join(':'))) return words.slice(0, n).join(':')
  return ''
}

/**
 * A checksum of the cache's data (its CRC-32, by zlib, then its length), to tell a damaged file
 * from a whole one. Not a defence against someone who can write the cache: they can write the
 * bundle too. zlib's CRC-32 is native: a checksum computed in JS took longer, cold, than loading
 * node:zlib (node:crypto takes longer still).
 */
function checksum(data) {
  const out = Buffer.alloc(8)
  out.writeUInt32LE(require('node:zlib').crc32(data), 0)
  out.writeUInt32LE(data.length >>> 0, 4)
  return out
}

/** The cache's data if the file is a whole cache of ours, else undefined. */
function readCache(file) {
  try {
    // A cache is about 1 MB; anything far larger is not ours, and is not read into memory.
    if (statSync(file).size > 64 << 20) return undefined
    const bytes = readFileSync(file)
    if (bytes.length <= HEADER || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined
    const data = bytes.subarray(HEADER)
    return checksum(data).equals(bytes.subarray(MAGIC.length, HEADER)) ? data : undefined
  } catch {
    return undefined
  }
}

/**
 * Writes the cache to the first place that takes it, first removing this build's least recently
 * used caches there beyond MAX_CACHES, and removes the stale caches there: this install's caches
 * of other builds and Node versions, and other installs' caches not used for 30 days (two
 * installs sharing ~/.cache/galley must not remove each other's live caches).
 */
function writeCache(places, build, name, data) {
  for (const dir of places) {
    const file = join(dir, name)
    const temp = `${file}.${process.pid}.tmp`
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 })
      const others = readdirSync(dir).filter((other) => other.startsWith(build) && other.endsWith('.v8cache') && other !== name)
      if (others.length >= MAX_CACHES) {
        const used = (other) => {
          try {
            return statSync(join(dir, other)).mtimeMs
          } catch {
            return 0
          }
        }
        const byUse = others.map((other) => [used(other), other]).sort((a, b) => a[0] - b[0])
        for (const [, other] of byUse.slice(0, others.length - MAX_CACHES + 1)) rmSync(join(dir, other), { force: true, recursive: true })
      }
      writeFileSync(temp, Buffer.concat([MAGIC, checksum(data), data]), { mode: 0o644 })
      renameSync(temp, file)
    } catch {
      try {
        rmSync(temp, { force: true })
      } catch {}
      continue // read-only, or in the way: try the next place
    }
    const install = name.split('.')[1]
    for (const other of readdirSync(dir)) {
      if (other.startsWith(build) || !/^galley\..+\.v8cache$/.test(other)) continue
      try {
        const stale = other.split('.')[1] === install || Date.now() - statSync(join(dir, other)).mtimeMs > 30 * 24 * 3600_000
        if (stale) rmSync(join(dir, other), { force: true })
      } catch {}
    }
    return
  }
}
