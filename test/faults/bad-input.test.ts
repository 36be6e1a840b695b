import { execFileSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
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
