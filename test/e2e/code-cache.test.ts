import { execa } from 'execa'
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, truncateSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { ROOT, tempDir, tempHalDir } from '../helpers/hal.js'

/**
 * bin/run.js on Node 20: the bundle compiled with a V8 code cache kept beside it (or in
 * $XDG_CACHE_HOME/galley), read and written through documented APIs. Each test runs a copy of
 * the built package, so that its cache files are its own.
 */
const nodeHasCompileCache = Number(process.versions.node.split('.')[0]) > 22 || /^22\.(8|9|\d\d)\./.test(process.versions.node)

function installCopy() {
  const dir = tempDir('galley-install-')
  mkdirSync(join(dir, 'bin'))
  mkdirSync(join(dir, 'dist'))
  for (const file of ['run.js', 'package.json']) copyFileSync(join(ROOT, 'bin', file), join(dir, 'bin', file))
  for (const file of ['galley.cjs', 'command-ids.txt']) copyFileSync(join(ROOT, 'dist', file), join(dir, 'dist', file))
  for (const file of ['package.json', 'oclif.manifest.json']) copyFileSync(join(ROOT, file), join(dir, file))
  for (const link of ['node_modules', 'schemas', 'templates']) symlinkSync(join(ROOT, link), join(dir, link))
  const cacheHome = join(tempDir('galley-xdg-'), 'cache')
  const halDir = tempHalDir('currentDeployment: default\ndeploymentConfigurations:\n- name: default\n  providers:\n    google:\n      enabled: true\n')
  // Counts the bundle's compilations by Node's own CommonJS loader (test instrumentation only).
  const probe = join(dir, 'count-compiles.cjs')
  writeFileSync(probe, `const Module = require('node:module'); const compile = Module.prototype._compile; let n = 0
Module.prototype._compile = function (content, filename) { if (filename.endsWith('galley.cjs')) n++; return compile.apply(this, arguments) }
process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(join(dir, 'compiles'))}, String(n)))\n`)
  const run = async (args = ['config', 'provider', 'google', 'bakery', 'base-image', 'list'], env: Record<string, string> = {}) => {
    const result = await execa('node', ['--require', probe, join(dir, 'bin', 'run.js'), ...args], { reject: false, env: { NO_COLOR: '1', HAL_DIR: halDir, XDG_CACHE_HOME: cacheHome, ...env }, extendEnv: true, input: '' })
    return { ...result, compiles: Number(readFileSync(join(dir, 'compiles'), 'utf8')) }
  }
  const caches = (where: string) => (existsSync(where) ? readdirSync(where).filter((name) => name.endsWith('.v8cache')) : [])
  return { dir, dist: join(dir, 'dist'), cacheHome, galleyCache: join(cacheHome, 'galley'), run, caches }
}

// The cache file's layout (bin/run.js): a magic string, a checksum of V8's data, the data.
const MAGIC = Buffer.from('galley-v8cache-2')
const HEADER = MAGIC.length + 8
/** The checksum bin/run.js writes: the data's CRC-32 (as zlib computes it), then its length, little-endian. */
function checksum(data: Buffer): Buffer {
  const out = Buffer.alloc(8)
  out.writeUInt32LE(crc32(data), 0)
  out.writeUInt32LE(data.length, 4)
  return out
}
const isWholeCache = (file: Buffer) => file.subarray(0, MAGIC.length).equals(MAGIC) && file.length > HEADER + 100_000 && checksum(file.subarray(HEADER)).equals(file.subarray(MAGIC.length, HEADER))

describe.skipIf(nodeHasCompileCache)('the code cache of the bundle (Node 20: vm.Script cachedData)', () => {
  it('is written beside the bundle after the first command, then used without being rewritten', async () => {
    const install = installCopy()
    const first = await install.run()
    expect(first.exitCode).toBe(0)
    const [cache] = install.caches(install.dist)
    expect(cache).toMatch(/^galley\.[0-9a-f]{8}\.v\d+\.\d+\.\d+-\w+-\d+-\d+\.[0-9a-f]{8}\.v8cache$/)
    const file = join(install.dist, cache)
    const before = readFileSync(file)
    expect(isWholeCache(before)).toBe(true)
    // A rewrite replaces the file (a new inode); a use only touches its time.
    const inode = statSync(file).ino
    const second = await install.run()
    expect(second.exitCode).toBe(0)
    expect(second.stdout).toBe(first.stdout)
    expect(statSync(file).ino).toBe(inode)
    expect(readFileSync(file).equals(before)).toBe(true)
    expect(install.caches(install.dist)).toEqual([cache])
  })

  it('is kept per command: another command writes its own once; help and the first command keep theirs', async () => {
    const install = installCopy()
    await install.run()
    const [list] = install.caches(install.dist)
    const inode = statSync(join(install.dist, list)).ino
    const write = ['config', 'provider', 'google', 'bakery', 'edit', '--zone', 'us-east1-b']
    expect((await install.run(write)).exitCode).toBe(0)
    const afterWrite = install.caches(install.dist)
    expect(afterWrite).toHaveLength(2)
    const [edit] = afterWrite.filter((name) => name !== list)
    // The same build: the names differ only in the command's part.
    expect(edit.split('.').slice(0, -2)).toEqual(list.split('.').slice(0, -2))
    expect(isWholeCache(readFileSync(join(install.dist, edit)))).toBe(true)
    const editInode = statSync(join(install.dist, edit)).ino
    // Arguments and flags do not make another command; --help does (one cache for all help).
    for (const args of [['config', 'provider', 'google', 'bakery', 'edit', '--zone', 'us-west1-a', '--json'], undefined, ['config', 'provider', 'google', 'bakery', 'base-image', 'list', '--json'], ['config', '--help'], ['bake', 'plan', '-h']]) {
      expect((await install.run(args)).exitCode).toBe(0)
    }
    expect(install.caches(install.dist)).toHaveLength(3)
    expect(statSync(join(install.dist, list)).ino).toBe(inode)
    expect(statSync(join(install.dist, edit)).ino).toBe(editInode)
  })

  it('keeps 16 per build: a further command\'s cache replaces the least recently used one', async () => {
    const install = installCopy()
    await install.run()
    const [list] = install.caches(install.dist)
    const prefix = list.split('.').slice(0, -2).join('.')
    const others = Array.from({ length: 15 }, (_, i) => `${prefix}.${String(i).padStart(8, '0')}.v8cache`)
    others.forEach((name, i) => {
      writeFileSync(join(install.dist, name), 'another command\'s')
      const used = new Date(Date.now() - (20 - i) * 3600_000)
      utimesSync(join(install.dist, name), used, used)
    })
    // The list's cache is older than all of them, but using it makes it the most recent.
    const longAgo = new Date(Date.now() - 48 * 3600_000)
    utimesSync(join(install.dist, list), longAgo, longAgo)
    expect((await install.run()).exitCode).toBe(0)
    const result = await install.run(['config', 'provider', 'google', 'bakery', 'edit', '--zone', 'us-east1-b'])
    expect(result.exitCode).toBe(0)
    const after = install.caches(install.dist)
    expect(after).toHaveLength(16)
    expect(after).toContain(list)
    expect(after).not.toContain(others[0])
    expect(after).toEqual(expect.arrayContaining(others.slice(1)))
  })

  it('loads the bundle once: oclif\'s import() of its command target gets the registered module, not a second copy', async () => {
    const install = installCopy()
    for (const env of [{}, {}, { GALLEY_NO_CODE_CACHE: '1' }]) {
      const result = await install.run(['config', 'provider', 'google', 'bakery', 'edit', '--zone', 'us-east1-b'], env)
      expect(result.exitCode).toBe(0)
      // With the cache, vm.Script compiles the bundle and Node's loader never does; without, Node's loader does, once.
      expect(result.compiles).toBe(env.GALLEY_NO_CODE_CACHE ? 1 : 0)
    }
  })

  const damages: [string, (data: Buffer) => Buffer][] = [
    ['damaged in the middle', (data) => {
      const copy = Buffer.from(data)
      for (let i = copy.length >> 1; i < (copy.length >> 1) + 4096; i++) copy[i] ^= 0x5a
      return copy
    }],
    ['truncated', (data) => data.subarray(0, data.length >> 1)],
    ['empty', () => Buffer.alloc(0)],
    ['V8 garbage under a valid header and checksum of ours (V8 refuses it)', () => {
      const garbage = Buffer.alloc(200_000, 7)
      return Buffer.concat([MAGIC, checksum(garbage), garbage])
    }],
  ]
  for (const [what, damage] of damages) {
    it(`runs the command as usual when the cache file is ${what}, and replaces the file`, async () => {
      const install = installCopy()
      const clean = await install.run()
      const file = join(install.dist, install.caches(install.dist)[0])
      const damaged = damage(readFileSync(file))
      writeFileSync(file, damaged)
      const result = await install.run()
      expect(result.exitCode).toBe(0)
      expect(result.stderr).toBe(clean.stderr)
      expect(result.stdout).toBe(clean.stdout)
      const rewritten = readFileSync(file)
      expect(rewritten.equals(damaged)).toBe(false)
      expect(isWholeCache(rewritten)).toBe(true)
    })
  }

  it('runs the command as usual with a cache made for another build of the bundle (a foreign cache), and replaces it', async () => {
    const install = installCopy()
    const clean = await install.run()
    const name = install.caches(install.dist)[0]
    // Another build: the same bundle with one more line, so another source for V8.
    const other = installCopy()
    writeFileSync(join(other.dist, 'galley.cjs'), `${readFileSync(join(other.dist, 'galley.cjs'), 'utf8')}\n// another build\n`)
    await other.run()
    const foreign = readFileSync(join(other.dist, other.caches(other.dist)[0]))
    writeFileSync(join(install.dist, name), foreign)
    const result = await install.run()
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toBe(clean.stdout)
    expect(readFileSync(join(install.dist, name)).equals(foreign)).toBe(false)
  })

  it('uses $XDG_CACHE_HOME/galley when a directory is in the way of the cache file beside the bundle', async () => {
    const install = installCopy()
    const clean = await install.run()
    const name = install.caches(install.dist)[0]
    rmSync(join(install.dist, name))
    mkdirSync(join(install.dist, name, 'inside'), { recursive: true })
    for (let i = 0; i < 2; i++) {
      const result = await install.run()
      expect(result.exitCode).toBe(0)
      expect(result.stdout).toBe(clean.stdout)
    }
    expect(statSync(join(install.dist, name)).isDirectory()).toBe(true)
    expect(install.caches(install.galleyCache)).toEqual([name])
  })

  it('runs the command as usual, and writes no cache, when no place for it can be written', async () => {
    const install = installCopy()
    const clean = await install.run()
    const name = install.caches(install.dist)[0]
    rmSync(join(install.dist, name))
    // Beside the bundle a directory is in the way; the user cache's parent is a file (so is any
    // read-only place, to a process that may not write there: root ignores file modes).
    mkdirSync(join(install.dist, name, 'inside'), { recursive: true })
    writeFileSync(install.cacheHome, 'not a directory')
    for (let i = 0; i < 2; i++) {
      const result = await install.run()
      expect(result.exitCode).toBe(0)
      expect(result.stderr).toBe(clean.stderr)
      expect(result.stdout).toBe(clean.stdout)
    }
    expect(readdirSync(install.dist).filter((f) => f !== 'galley.cjs' && f !== 'command-ids.txt' && f !== name)).toEqual([])
  })

  it('removes its own caches of other builds and Node versions, and other installs\' caches unused for 30 days, and nothing else', async () => {
    const install = installCopy()
    await install.run()
    const current = install.caches(install.dist)[0]
    const self = current.split('.')[1]
    const old = [`galley.${self}.v18.20.0-x64-1700000-1700000000000.00000000.v8cache`, `galley.${self}.${process.version}-${process.arch}-1-1.0badcafe.v8cache`, 'galley.0badcafe.v20.0.0-x64-1-1.00000000.v8cache']
    const otherInstall = 'galley.12345678.v20.0.0-x64-2-2.00000000.v8cache'
    for (const name of [...old, otherInstall]) writeFileSync(join(install.dist, name), 'old')
    const monthsAgo = new Date(Date.now() - 40 * 24 * 3600_000)
    utimesSync(join(install.dist, old[2]), monthsAgo, monthsAgo)
    writeFileSync(join(install.dist, 'notes.txt'), 'kept')
    rmSync(join(install.dist, current))
    expect((await install.run()).exitCode).toBe(0)
    expect(install.caches(install.dist).sort()).toEqual([current, otherInstall].sort())
    expect(readFileSync(join(install.dist, 'notes.txt'), 'utf8')).toBe('kept')
  })

  it('runs the command as usual with a 100 MB file in the cache\'s place, and replaces it', async () => {
    const install = installCopy()
    const clean = await install.run()
    const file = join(install.dist, install.caches(install.dist)[0])
    writeFileSync(file, MAGIC)
    truncateSync(file, 100 << 20)
    const result = await install.run()
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toBe(clean.stdout)
    expect(isWholeCache(readFileSync(file))).toBe(true)
  })

  it('says the package is not built, exit 3, when the bundle is missing', async () => {
    const install = installCopy()
    rmSync(join(install.dist, 'galley.cjs'))
    const result = await install.run()
    expect(result.exitCode).toBe(3)
    expect(result.stderr).toMatch(/^Error: galley is not built: .*galley\.cjs is missing\.\n\? Run npm run build in /)
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })
})

describe('the published package', () => {
  it('holds no code cache: the caches bin/run.js writes beside the bundle stay out of what npm packs', async () => {
    // A cache belongs to one install's bundle path and build (bin/run.js names it so); a packed one is dead weight.
    const dist = join(ROOT, 'dist')
    const planted = join(dist, 'galley.00000000.planted-by-test.00000000.v8cache')
    writeFileSync(planted, 'x')
    try {
      const packed = await execa('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, reject: false })
      expect(packed.exitCode).toBe(0)
      const files: string[] = JSON.parse(packed.stdout)[0].files.map((file: { path: string }) => file.path)
      expect(files).toContain('dist/galley.cjs')
      expect(files.filter((file) => file.endsWith('.v8cache'))).toEqual([])
    } finally {
      rmSync(planted, { force: true })
    }
  }, 60_000)
})
