import { execFileSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { hal, tempDir } from '../helpers/hal.js'
import { hasStackTrace, recordFigure } from './record.js'

const GOOD = 'currentDeployment: default\ndeploymentConfigurations:\n- name: default\n  providers:\n    google:\n      enabled: true\n      bakeryDefaults:\n        zone: us-central1-f\n'
const deep = (n: number) => `${Array.from({ length: n }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n')} x\n`
const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
for (let i = 1; i < 9; i++) laughs.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`)

/** Malformed halconfigs: content (or a way to set the hal directory up) and what they exercise. */
/** syntax (default): every command fails cleanly. semantic: well-formed but invalid, so validation fails
 * (exit 1) while reads may print it and edits may fix it. harmless: nothing to report or nothing to act on. */
type Case = { name: string; content?: string | Buffer; setup?: (halDir: string) => void; kind?: 'syntax' | 'semantic' | 'harmless' }
const EXITS = {
  syntax: { read: [1, 3], validate: [1, 3], write: [1, 3] },
  semantic: { read: [0, 1, 3], validate: [1], write: [0, 1, 3] },
  harmless: { read: [0, 3], validate: [0, 3], write: [0, 3] },
}
const cases: Case[] = [
  { name: 'truncated mid-key', content: GOOD.slice(0, 60) + '\n  prov' + ':\n    - [' },
  { name: 'truncated flow map', content: 'currentDeployment: default\ndeploymentConfigurations: [{name: default, providers: {google: {' },
  { name: 'truncated flow sequence', content: 'deploymentConfigurations: [' },
  { name: 'truncated quoted string', content: 'currentDeployment: "default\n' },
  { name: 'truncated single-quoted string', content: "currentDeployment: 'default\n" },
  { name: 'tab indentation', content: 'currentDeployment: default\ndeploymentConfigurations:\n-\tname: default\n\tproviders: {}\n' },
  { name: 'tab before a key', content: 'deploymentConfigurations:\n- name: default\n\tversion: 1\n' },
  { name: 'duplicate top-level key', content: 'currentDeployment: a\ncurrentDeployment: b\n' },
  { name: 'duplicate key in a deployment', content: 'deploymentConfigurations:\n- name: default\n  name: other\n' },
  { name: 'duplicate key deep in the bakery', content: GOOD + '        zone: europe-west4-a\n' },
  { name: 'anchors and aliases with a duplicate', content: 'base: &b {zone: us-central1-f}\nbase: *b\n' },
  { name: 'billion laughs alias bomb', content: laughs.join('\n') + '\ncurrentDeployment: *i\n' },
  { name: 'alias to an undefined anchor', content: 'currentDeployment: *nope\n' },
  { name: 'merge key bomb', content: 'a: &a {x: 1}\nb:\n  <<: [*a, *a, *a]\ncurrentDeployment: 1\n' },
  { name: 'root is a list', content: '- name: default\n' },
  { name: 'root is a scalar', content: 'just some text\n' },
  { name: 'root is a number', content: '42\n' },
  { name: 'deploymentConfigurations is a map', content: 'deploymentConfigurations:\n  name: default\n' },
  { name: 'deploymentConfigurations is a string', content: 'deploymentConfigurations: default\n' },
  { name: 'deployment is a string', content: 'currentDeployment: default\ndeploymentConfigurations:\n- default\n' },
  { name: 'deployment without a name', content: 'currentDeployment: default\ndeploymentConfigurations:\n- version: 1.2.3\n' },
  { name: 'deployment name is a list', content: 'currentDeployment: default\ndeploymentConfigurations:\n- name: [a, b]\n' },
  { name: 'providers is a list', content: 'currentDeployment: default\ndeploymentConfigurations:\n- name: default\n  providers: [google]\n', kind: 'semantic' },
  { name: 'google is a string', content: 'currentDeployment: default\ndeploymentConfigurations:\n- name: default\n  providers:\n    google: yes please\n', kind: 'semantic' },
  { name: 'bakeryDefaults is a list', content: 'currentDeployment: default\ndeploymentConfigurations:\n- name: default\n  providers:\n    google:\n      bakeryDefaults: [1, 2]\n', kind: 'semantic' },
  { name: 'baseImages is a map', content: GOOD + '        baseImages: {id: x}\n', kind: 'semantic' },
  { name: 'zone is a number', content: GOOD.replace('us-central1-f', '12345'), kind: 'semantic' },
  { name: 'useInternalIp is text', content: GOOD + '        useInternalIp: "sometimes"\n', kind: 'semantic' },
  { name: 'enabled is a date', content: GOOD.replace('enabled: true', 'enabled: 2024-01-01'), kind: 'semantic' },
  { name: 'unknown top-level key', content: 'balyardVersion: 1\n' + GOOD, kind: 'semantic' },
  { name: 'unknown bakery key', content: GOOD + '        zonee: us-east1-b\n', kind: 'semantic' },
  { name: 'invalid zone', content: GOOD.replace('us-central1-f', 'Moon-Base-1'), kind: 'semantic' },
  { name: 'unclosed block scalar indentation', content: 'currentDeployment: |\n  a\n b\n' },
  { name: 'bad indentation under a list', content: 'deploymentConfigurations:\n- name: default\n   providers: {}\n' },
  { name: 'stray colon', content: 'currentDeployment: : default\n' },
  { name: 'stray closing bracket', content: 'currentDeployment: default]\n]\n' },
  { name: 'unknown tag', content: 'currentDeployment: !!python/object:os.system default\n' },
  { name: 'custom tag', content: 'currentDeployment: !secret default\n' },
  { name: 'document separator with two documents', content: 'currentDeployment: a\n---\ncurrentDeployment: b\n' },
  { name: 'directive only', content: '%YAML 1.2\n' },
  { name: 'YAML 1.1 directive then garbage', content: '%YAML 1.1\n---\n[\n' },
  { name: 'binary garbage', content: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)) },
  { name: 'NUL bytes in text', content: Buffer.from('currentDeployment: default\0\n') },
  { name: 'Latin-1 (not UTF-8)', content: Buffer.from('currentDeployment: d\xe9faut\n', 'latin1') },
  { name: 'UTF-16 with BOM', content: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('currentDeployment: default\n', 'utf16le')]) },
  { name: 'lone UTF-8 continuation bytes', content: Buffer.from([0x61, 0x3a, 0x20, 0x80, 0x81, 0x0a]) },
  { name: 'overlong UTF-8', content: Buffer.from([0x61, 0x3a, 0x20, 0xc0, 0xaf, 0x0a]) },
  { name: 'huge file (70 MB)', setup: (halDir) => writeFileSync(join(halDir, 'config'), Buffer.alloc(70 * 1024 * 1024, 'a')) },
  { name: 'very deep nesting', content: deep(2000) },
  { name: 'very long line of garbage', content: 'currentDeployment: [' + 'x,'.repeat(200_000) },
  { name: 'config is a directory', setup: (halDir) => mkdirSync(join(halDir, 'config'), { recursive: true }) },
  { name: 'config is a dangling symlink', setup: (halDir) => execFileSync('ln', ['-s', join(halDir, 'nowhere'), join(halDir, 'config')]) },
  { name: 'config is a FIFO', setup: (halDir) => execFileSync('mkfifo', [join(halDir, 'config')]) },
  { name: 'hal dir is a file', setup: (halDir) => { rmSync(halDir, { recursive: true, force: true }); writeFileSync(halDir, 'not a directory') } },
  { name: '.galley is a file', setup: (halDir) => { writeFileSync(join(halDir, 'config'), GOOD); writeFileSync(join(halDir, '.galley'), 'x') } },
  { name: 'CRLF with a syntax error', content: 'currentDeployment: default\r\ndeploymentConfigurations:\r\n- name: [\r\n' },
  { name: 'BOM then a syntax error', content: '\ufeffcurrentDeployment: [\n' },
  { name: 'CR-only line endings with an error', content: 'currentDeployment: default\rdeploymentConfigurations: [\r' },
  { name: 'empty deployment name', content: 'currentDeployment: ""\ndeploymentConfigurations:\n- name: ""\n' },
  { name: 'current deployment missing', content: 'currentDeployment: prod\ndeploymentConfigurations:\n- name: default\n' },
  { name: 'no deployments at all', content: 'currentDeployment: default\n' },
  { name: 'null document', content: '~\n', kind: 'harmless' },
  { name: 'only a comment', content: '# nothing\n', kind: 'harmless' },
  { name: 'empty file', content: '', kind: 'harmless' },
]

const unreadable: Case[] = process.getuid?.() === 0 ? [] : [
  { name: 'unreadable config', setup: (halDir) => { writeFileSync(join(halDir, 'config'), GOOD); chmodSync(join(halDir, 'config'), 0) } },
  { name: 'read-only hal dir', setup: (halDir) => { writeFileSync(join(halDir, 'config'), GOOD); chmodSync(halDir, 0o500) } },
]

let tried = 0
let clean = 0
afterAll(() => recordFigure('bad inputs (malformed halconfigs)', tried, 'inputs tried', clean, 'handled cleanly'))

describe('bad input', () => {
  for (const c of [...cases, ...unreadable]) {
    it(`${c.name}: a clear error, no stack trace, the bytes unchanged, no hang`, async () => {
      tried++
      const halDir = join(tempDir(), '.hal')
      mkdirSync(halDir, { recursive: true })
      if (c.setup) c.setup(halDir)
      else writeFileSync(join(halDir, 'config'), c.content!)
      const config = join(halDir, 'config')
      const snapshot = () => (existsSync(config) && statSync(config).isFile() ? readFileSync(config) : undefined)
      const before = snapshot()
      // A read, a validation and a write: each must fail cleanly (or, for the harmless cases, succeed).
      const exits = EXITS[c.kind ?? 'syntax']
      const commands: Array<[keyof typeof exits, string[]]> = [
        ['read', ['config']],
        ['validate', ['config', 'validate']],
        ['write', ['config', 'provider', 'google', 'bakery', 'edit', '--zone', 'europe-west4-a']],
      ]
      for (const [what, args] of commands) {
        const started = Date.now()
        const result = await hal(args, { halDir, timeout: 20_000 })
        const allowed = exits[what]
        expect(allowed, `hal ${args.join(' ')} exited ${result.exitCode}: ${result.stderr}${result.stdout}`).toContain(result.exitCode)
        expect(Date.now() - started).toBeLessThan(20_000)
        expect(hasStackTrace(result.stderr)).toBe(false)
        if (result.exitCode !== 0) expect((result.stderr + result.stdout).trim().length).toBeGreaterThan(10)
        if (result.exitCode !== 0) expect(snapshot()?.equals(before ?? Buffer.alloc(0)) ?? before === undefined).toBe(true)
      }
      clean++
    })
  }
})

// ---------------------------------------------------------------- hostile inputs

/**
 * Inputs built to hurt: alias bombs of several shapes, deep nesting, huge keys and values, many
 * documents, binary and broken encodings, line endings, tags, merge-key tricks, enormous lists,
 * bad flag values and environment settings. Each command must end cleanly: an exit code of the
 * documented table (the one a case names, when it names one), a message and no stack trace, the
 * config's bytes unchanged when it fails, within the time bound.
 */
type Run = { args: string[]; env?: Record<string, string>; exits: number[]; message?: RegExp }
type Hostile = { name: string; content?: () => string | Buffer; runs?: Run[] }

const BOUND_MS = 30_000
const VALIDATE: Run = { args: ['config', 'validate'], exits: [0, 1] }
const READ: Run = { args: ['config', 'provider', 'google', 'bakery'], exits: [0, 1, 3] }
const EDIT: Run = { args: ['config', 'provider', 'google', 'bakery', 'edit', '--zone', 'europe-west4-a'], exits: [0, 1, 3] }
const refused = (message?: RegExp): Run[] => [
  { ...VALIDATE, exits: [1], message },
  { ...EDIT, exits: [1], message },
]
const edit = (flags: string[], exits = [2], message?: RegExp): Run[] => [{ args: ['config', 'provider', 'google', 'bakery', 'edit', ...flags], exits, message }]
const addImage = (id: string, flags: string[] = [], exits = [0, 1, 2]): Run[] => [
  { args: ['config', 'provider', 'google', 'bakery', 'base-image', 'add', id, '--source-image-family', 'debian-12', '--package-type', 'deb', ...flags], exits },
]
const withEnv = (env: Record<string, string>, runs: Run[]): Run[] => runs.map((r) => ({ ...r, env }))
const bake = (flags: string[]): Run[] => [{ args: ['bake', 'test', '--provider', 'google', '--base-image', 'ubuntu-2204', '--package', 'nginx', ...flags], exits: [2], message: /duration|out of range/ }]

const nest = (open: string, close: string, n: number, inner = '1') => `currentDeployment: ${open.repeat(n)}${inner}${close.repeat(n)}\n`
const laughsOf = (kind: 'list' | 'map', depth = 9) => {
  const lines = [kind === 'list' ? 'a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]' : 'a: &a {x: lol, y: lol, z: lol, w: lol, v: lol, u: lol, t: lol, s: lol, r: lol}']
  for (let i = 1; i < depth; i++) {
    const name = String.fromCharCode(97 + i)
    const prev = String.fromCharCode(96 + i)
    lines.push(kind === 'list' ? `${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]` : `${name}: &${name} {${Array.from({ length: 9 }, (_, j) => `k${j}: *${prev}`).join(', ')}}`)
  }
  return `${lines.join('\n')}\ncurrentDeployment: default\n`
}
const bigString = (bytes: number) => 'x'.repeat(bytes)
const pad = (bytes: number) => `# ${'-'.repeat(bytes)}\n`
const manyImages = (n: number) => {
  let out = `${GOOD}        baseImages:\n`
  for (let i = 0; i < n; i++) out += `        - baseImage:\n            id: image-${i}\n            packageType: deb\n          virtualizationSettings:\n            sourceImageFamily: debian-12\n`
  return out
}
const random = (n: number) => {
  const out = Buffer.alloc(n)
  let x = 12345
  for (let i = 0; i < n; i++) out[i] = (x = (x * 1103515245 + 12345) & 0x7fffffff) >> 16
  return out
}

const hostile: Hostile[] = [
  // alias bombs
  { name: '999 aliases to a 4 MB string (past 2 MiB: the js-yaml path)', content: () => `big: &s ${bigString(4 << 20)}\nlist:\n${'- *s\n'.repeat(999)}`, runs: refused(/alias/) },
  { name: '999 aliases to a 100 KB string (the Document path)', content: () => `big: &s ${bigString(100 << 10)}\nlist:\n${'- *s\n'.repeat(999)}`, runs: refused(/alias \*s .*expand/) },
  { name: 'billion laughs of lists', content: () => laughsOf('list'), runs: refused(/alias/) },
  { name: 'billion laughs of mappings', content: () => laughsOf('map'), runs: refused(/alias/) },
  { name: 'billion laughs padded past 2 MiB (js-yaml path)', content: () => pad(2.2 * 1024 * 1024) + laughsOf('list'), runs: refused(/alias/) },
  { name: 'billion laughs padded to 300 KB (Document path of a large file)', content: () => pad(300 << 10) + laughsOf('map'), runs: refused(/alias/) },
  { name: '10,000 aliases to a 1 KB flow list', content: () => `a: &a [${Array(200).fill('xxxx').join(', ')}]\nb: [${Array(10_000).fill('*a').join(', ')}]\n`, runs: refused(/alias/) },
  { name: 'merge key over 500 aliases to a large mapping', content: () => `a: &a {${Array.from({ length: 500 }, (_, i) => `k${i}: ${'v'.repeat(40)}`).join(', ')}}\nb:\n  <<: [${Array(500).fill('*a').join(', ')}]\n`, runs: refused(/alias/) },
  { name: 'aliases as keys', content: () => `a: &k key\n*k : 1\ncurrentDeployment: default\n`, runs: [VALIDATE, EDIT].map((r) => ({ ...r, exits: [0, 1, 3] })) },
  { name: 'an alias inside its own anchor', content: () => 'a: &a [1, *a]\n', runs: refused() },
  { name: 'an alias to an anchor defined later', content: () => 'a: *b\nb: &b 1\n', runs: refused() },
  { name: '1,001 aliases to a small scalar (within the budget: read)', content: () => `a: &a x\nb: [${Array(1001).fill('*a').join(', ')}]\n`, runs: [VALIDATE, EDIT].map((r) => ({ ...r, exits: [0, 1, 3] })) },
  { name: 'anchors on every node of a 400 KB file', content: () => `currentDeployment: default\nitems:\n${Array.from({ length: 8000 }, (_, i) => `- &n${i} {id: &i${i} item-${i}, ref: *i${i}}`).join('\n')}\n`, runs: [VALIDATE, EDIT].map((r) => ({ ...r, exits: [1, 3] })) },
  // deep nesting
  { name: '10,000 nested flow sequences', content: () => nest('[', ']', 10_000) },
  { name: '100,000 nested flow sequences', content: () => nest('[', ']', 100_000) },
  { name: '10,000 nested flow mappings', content: () => nest('{a: ', '}', 10_000) },
  { name: '5,000 nested block mappings', content: () => deep(5000) },
  { name: '3,000 nested block sequences', content: () => `currentDeployment:\n${Array.from({ length: 3000 }, (_, i) => `${'  '.repeat(i)}-`).join('\n')} x\n` },
  { name: 'deep flow nesting in a 3 MB file (js-yaml path)', content: () => pad(3 << 20) + nest('[', ']', 50_000) },
  // huge keys and values
  { name: 'an 8 MB key', content: () => `${bigString(8 << 20)}: 1\n` },
  { name: 'an 8 MB plain value', content: () => `currentDeployment: ${bigString(8 << 20)}\n` },
  { name: 'an 8 MB double-quoted value', content: () => `currentDeployment: "${bigString(8 << 20)}"\n` },
  { name: 'a 5 MB comment then a valid config', content: () => pad(5 << 20) + GOOD, runs: [VALIDATE, READ, EDIT] },
  { name: '1 MB of spaces before a key', content: () => `${' '.repeat(1 << 20)}currentDeployment: default\n` },
  { name: 'one byte over the size limit', content: () => GOOD + pad(10 * 1024 * 1024 - GOOD.length - 2), runs: refused(/more than the 10485760/) },
  { name: 'a 1 MB base image description', content: () => `${GOOD}        baseImages:\n        - baseImage:\n            id: big\n            shortDescription: ${bigString(1 << 20)}\n`, runs: [VALIDATE, READ, EDIT] },
  // many documents
  { name: '10,000 documents', content: () => '---\na: 1\n'.repeat(10_000) },
  { name: 'two documents, the second an alias bomb', content: () => `${GOOD}---\n${laughsOf('list')}` },
  { name: 'document end marker then garbage', content: () => `${GOOD}...\n@@@ not yaml\n` },
  { name: '1,000 directives', content: () => '%YAML 1.2\n'.repeat(1000) + '---\na: 1\n' },
  { name: 'many documents in a 3 MB file (js-yaml path)', content: () => `${GOOD}---\n`.repeat(3 << 20 >> 7) },
  // binary and encodings
  { name: '1 MB of random bytes', content: () => random(1 << 20) },
  { name: 'invalid UTF-8 in the middle of a valid config', content: () => Buffer.concat([Buffer.from(GOOD), Buffer.from([0x23, 0x20, 0xff, 0xfe, 0x0a]), Buffer.from(GOOD)]) },
  { name: 'a UTF-8 BOM before a valid config', content: () => `\ufeff${GOOD}`, runs: [VALIDATE, READ, EDIT] },
  { name: 'a UTF-32 BOM', content: () => Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from('a\0\0\0')]) },
  { name: 'a BOM in the middle of the file', content: () => `${GOOD}\ufeffextra: 1\n`, runs: [VALIDATE, EDIT] },
  { name: 'a NUL byte at the end of a valid config', content: () => Buffer.concat([Buffer.from(GOOD), Buffer.from([0])]) },
  { name: 'surrogate halves encoded as UTF-8 (CESU-8)', content: () => Buffer.concat([Buffer.from('currentDeployment: '), Buffer.from([0xed, 0xa0, 0x80, 0x0a])]) },
  { name: 'terminal escape sequences in values', content: () => GOOD.replace('us-central1-f', '"\\e]0;pwned\\a\\e[2J"'), runs: [VALIDATE, READ, EDIT] },
  { name: 'C1 control characters in keys', content: () => `${GOOD}        "z\\x9b1m": 1\n`, runs: [VALIDATE, READ, EDIT] },
  { name: 'right-to-left override in a deployment name', content: () => GOOD.replace(/default/g, 'de\u202efault'), runs: [VALIDATE, READ, EDIT] },
  // line endings
  { name: 'CRLF line endings, valid', content: () => GOOD.replace(/\n/g, '\r\n'), runs: [VALIDATE, READ, EDIT] },
  { name: 'CR-only line endings', content: () => GOOD.replace(/\n/g, '\r') },
  { name: 'mixed CRLF and LF', content: () => GOOD.split('\n').map((l, i) => l + (i % 2 ? '\r' : '')).join('\n'), runs: [VALIDATE, READ, EDIT] },
  { name: 'CRLF in a 600 KB file (one deployment at a time)', content: () => manyImages(4000).replace(/\n/g, '\r\n'), runs: [VALIDATE, READ, EDIT] },
  // tags
  { name: '!!binary', content: () => 'currentDeployment: !!binary aGVsbG8=\n' },
  { name: '!!timestamp', content: () => 'currentDeployment: !!timestamp 2024-01-01\n' },
  { name: '!!python/object/apply', content: () => 'currentDeployment: !!python/object/apply:os.system ["id"]\n' },
  { name: 'a verbatim tag', content: () => 'currentDeployment: !<tag:yaml.org,2002:str> default\n' },
  { name: '!!map on a scalar', content: () => 'currentDeployment: !!map default\n' },
  { name: 'a %TAG directive with a custom handle', content: () => '%TAG !e! tag:example.com,2000:\n---\ncurrentDeployment: !e!thing default\n' },
  { name: 'a tag in a 3 MB file (js-yaml path)', content: () => pad(3 << 20) + 'currentDeployment: !secret default\n', runs: refused(/tag/) },
  { name: '!!set', content: () => 'currentDeployment: !!set {a, b}\n' },
  // merge-key tricks
  { name: 'a merge key merging a scalar', content: () => 'a: &a 1\nb:\n  <<: *a\n' },
  { name: 'two merge keys in one mapping', content: () => 'a: &a {x: 1}\nb:\n  <<: *a\n  <<: *a\n' },
  { name: 'a merge key bringing in deploymentConfigurations', content: () => `base: &b\n  deploymentConfigurations:\n  - name: default\n<<: *b\ncurrentDeployment: default\n` },
  { name: 'a merge key over a list of aliases to lists', content: () => 'a: &a [1, 2]\nb:\n  <<: [*a, *a]\n' },
  // enormous lists
  { name: 'a 1,000,000-item flow list', content: () => `currentDeployment: default\nlist: [${Array(1_000_000).fill('1').join(',')}]\n` },
  { name: '300,000 empty block items', content: () => `currentDeployment: default\nlist:\n${'-\n'.repeat(300_000)}` },
  { name: '20,000 deployments', content: () => `currentDeployment: d0\ndeploymentConfigurations:\n${Array.from({ length: 20_000 }, (_, i) => `- name: d${i}\n`).join('')}`, runs: [VALIDATE, EDIT] },
  { name: '12,000 base images in one deployment (2.5 MB)', content: () => manyImages(12_000), runs: [VALIDATE, READ, EDIT] },
  // bad booleans
  { name: '--use-internal-ip=garbage', content: () => GOOD, runs: edit(['--use-internal-ip=garbage'], [2], /takes true or false/) },
  { name: '--use-internal-ip=yes', content: () => GOOD, runs: edit(['--use-internal-ip=yes'], [2], /takes true or false/) },
  { name: '--use-internal-ip=1', content: () => GOOD, runs: edit(['--use-internal-ip=1'], [2], /takes true or false/) },
  { name: '--use-internal-ip= (empty)', content: () => GOOD, runs: edit(['--use-internal-ip='], [2], /takes true or false/) },
  { name: '--use-internal-ip=TRUEE', content: () => GOOD, runs: edit(['--use-internal-ip=TRUEE'], [2], /takes true or false/) },
  { name: '--no-use-internal-ip=false', content: () => GOOD, runs: edit(['--no-use-internal-ip=false'], [2], /takes true or false/) },
  { name: '--use-internal-ip on (a YAML 1.1 boolean word)', content: () => GOOD, runs: edit(['--use-internal-ip=on'], [2], /takes true or false/) },
  { name: '--is-image-family=maybe', content: () => GOOD, runs: addImage('img', ['--is-image-family=maybe'], [2]) },
  { name: '--validate=garbage', content: () => GOOD, runs: edit(['--zone', 'us-east1-b', '--validate=garbage'], [2]) },
  // bad environment settings
  { name: 'HAL_LOCK_TIMEOUT=abc', content: () => GOOD, runs: withEnv({ HAL_LOCK_TIMEOUT: 'abc' }, edit(['--zone', 'us-east1-b'], [2], /HAL_LOCK_TIMEOUT/)) },
  { name: 'HAL_LOCK_TIMEOUT=-1', content: () => GOOD, runs: withEnv({ HAL_LOCK_TIMEOUT: '-1' }, edit(['--zone', 'us-east1-b'], [2], /HAL_LOCK_TIMEOUT/)) },
  { name: 'HAL_LOCK_TIMEOUT=0', content: () => GOOD, runs: withEnv({ HAL_LOCK_TIMEOUT: '0' }, edit(['--zone', 'us-east1-b'], [2], /HAL_LOCK_TIMEOUT/)) },
  { name: 'HAL_LOCK_TIMEOUT=1e9', content: () => GOOD, runs: withEnv({ HAL_LOCK_TIMEOUT: '1e9' }, edit(['--zone', 'us-east1-b'], [2], /HAL_LOCK_TIMEOUT/)) },
  { name: 'HAL_LOCK_TIMEOUT=Infinity', content: () => GOOD, runs: withEnv({ HAL_LOCK_TIMEOUT: 'Infinity' }, edit(['--zone', 'us-east1-b'], [2], /HAL_LOCK_TIMEOUT/)) },
  { name: 'HAL_LOCK_TIMEOUT=10s', content: () => GOOD, runs: withEnv({ HAL_LOCK_TIMEOUT: '10s' }, edit(['--zone', 'us-east1-b'], [2], /HAL_LOCK_TIMEOUT/)) },
  { name: 'HAL_LOCK_TIMEOUT=abc on a read', content: () => GOOD, runs: withEnv({ HAL_LOCK_TIMEOUT: 'abc' }, [{ args: ['config'], exits: [2], message: /HAL_LOCK_TIMEOUT/ }]) },
  { name: 'GALLEY_NOW_MS=yesterday', content: () => GOOD, runs: withEnv({ GALLEY_NOW_MS: 'yesterday' }, [{ args: ['bake', 'plan', '--provider', 'google', '--base-image', 'ubuntu-2204', '--package', 'nginx'], exits: [2, 3], message: /GALLEY_NOW_MS|ubuntu-2204/ }]) },
  // bad durations
  { name: '--timeout abc', content: () => GOOD, runs: bake(['--timeout', 'abc']) },
  { name: '--timeout -5s', content: () => GOOD, runs: bake(['--timeout=-5s']) },
  { name: '--timeout 0s', content: () => GOOD, runs: bake(['--timeout', '0s']) },
  { name: '--timeout 99999999h', content: () => GOOD, runs: bake(['--timeout', '99999999h']) },
  { name: '--timeout 30 (no unit)', content: () => GOOD, runs: bake(['--timeout', '30']) },
  { name: 'bake submit --poll-interval 1e3s', content: () => GOOD, runs: [{ args: ['bake', 'submit', '--rosco', 'http://127.0.0.1:9', '--provider', 'google', '--base-image', 'ubuntu-2204', '--package', 'nginx', '--poll-interval', '1e3s'], exits: [2], message: /duration/ }] },
  // hostile flag values
  { name: '--zone with a newline', content: () => GOOD, runs: edit(['--zone', 'us-east1-b\nevil: true'], [1, 2]) },
  { name: '--zone of 100 KB', content: () => GOOD, runs: edit(['--zone', bigString(100 << 10)], [1, 2]) },
  { name: 'a base image id holding ": "', content: () => GOOD, runs: addImage('a: b') },
  { name: 'an empty base image id', content: () => GOOD, runs: addImage('') },
  { name: 'a base image id with terminal escapes', content: () => GOOD, runs: addImage('\u001b]0;pwned\u0007') },
  { name: 'an alias-looking zone (*a)', content: () => GOOD, runs: edit(['--zone', '*a'], [0, 1]) },
  { name: 'a merge-key description (<<)', content: () => GOOD, runs: addImage('merge', ['--short-description', '<<'], [0]) },
]

let hostileTried = 0
let hostileHeld = 0
afterAll(() => recordFigure('hostile inputs', hostileTried, 'inputs', hostileHeld, 'clean exit, file untouched'))

// Concurrent: most of the time is Node starting and reading; CI has two cores.
describe.concurrent('hostile input', () => {
  it('has at least 80 inputs', ({ expect }) => expect(hostile.length).toBeGreaterThanOrEqual(80))
  for (const c of hostile) {
    it(`${c.name}: a documented exit code, a clear message, no stack trace, the file untouched, within ${BOUND_MS / 1000} s`, async ({ expect, onTestFinished }) => {
      hostileTried++
      // Its own directory, removed by this test's own hook (the context's: the global hook is
      // ambiguous between concurrent tests), not by the shared tempDir() cleanup, which runs
      // after every test and would remove the directories of the tests still running.
      const dir = mkdtempSync(join(tmpdir(), 'galley-hostile-'))
      onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
      const halDir = join(dir, '.hal')
      mkdirSync(halDir, { recursive: true })
      const config = join(halDir, 'config')
      if (c.content) writeFileSync(config, c.content())
      const before = existsSync(config) ? readFileSync(config) : undefined
      for (const run of c.runs ?? [VALIDATE, EDIT].map((r) => ({ ...r, exits: [1, 3] }))) {
        const started = Date.now()
        const result = await hal(run.args, { halDir, env: run.env, timeout: BOUND_MS + 10_000 })
        const output = result.stderr + result.stdout
        const what = `hal ${run.args.join(' ').slice(0, 200)} exited ${result.exitCode}: ${output.slice(0, 2000)}`
        expect(Date.now() - started, what).toBeLessThan(BOUND_MS)
        expect(run.exits, what).toContain(result.exitCode)
        expect(hasStackTrace(result.stderr), what).toBe(false)
        expect(output, what).not.toMatch(/unexpected error|internal error/i)
        if (run.message) expect(output, what).toMatch(run.message)
        if (result.exitCode !== 0) {
          expect(output.trim().length, what).toBeGreaterThan(10)
          expect(existsSync(config) ? readFileSync(config).equals(before ?? Buffer.alloc(0)) : before === undefined, `${what}\nthe config changed`).toBe(true)
        }
      }
      hostileHeld++
    }, 4 * BOUND_MS)
  }
})
