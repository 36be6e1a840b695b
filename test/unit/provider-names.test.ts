import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PROVIDERS } from '../../src/providers/index.js'
import { ROOT } from '../helpers/hal.js'

/**
 * Issue 17's promise: adding a provider touches only its description (src/providers/), its schema,
 * its rules, its stock template and fixtures. So no module outside src/providers/ may name a
 * provider: not its name, not Rosco's cloud_provider_type, not its Packer builders, not the prefix
 * of its Packer variables. Comments may cite Rosco's and Halyard's files; code and strings may not.
 *
 * The providers looked for: every registered one, and the ones helpers are adding (aws, azure),
 * so that their names cannot creep in before their descriptions do.
 */
const SRC = join(ROOT, 'src')

/**
 * The one exemption: Halyard's command tree is Halyard's data, not galley's providers. It lists
 * every command of every provider Halyard has (aws, azure, google, oracle and the rest), and galley
 * reads it only to recognise a Halyard command line it does not implement.
 */
const EXEMPT = new Set(['src/halyard/commands.json'])

/**
 * Not providers: Spinnaker's secret engines are named after the clouds that host them
 * (kork-secrets-aws, google-secrets-manager); they hold secrets, they do not bake.
 */
const NOT_PROVIDERS = ['kork-secrets-aws', 'google-secrets-manager']

/** Build output, not source: regenerated from the descriptions, schemas and command files on every build (src/command-list.ts is git-ignored). */
const GENERATED = ['src/generated/', 'src/command-list.ts']

interface Needle {
  provider: string
  pattern: RegExp
  what: string
}

/** The text as a word of its own (`gce-custom.json` names gce; `gcePrefix` does not). */
const word = (text: string, flags = '') => new RegExp(`(?<![A-Za-z0-9])${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9])`, flags)

function needles(): Needle[] {
  const out: Needle[] = []
  const described = [
    ...PROVIDERS.map((p) => ({ name: p.name, types: [p.roscoType], keys: p.sectionKeys, builders: p.packer.builders, prefix: p.variablePrefix })),
    // Being added in this round; they arrive with their descriptions.
    { name: 'aws', types: ['aws'], keys: ['aws'], builders: ['amazon-ebs', 'amazon-chroot'], prefix: 'aws_' },
    { name: 'azure', types: ['azure'], keys: ['azure'], builders: ['azure-arm'], prefix: 'azure_' },
  ]
  for (const p of described) {
    // Names as code spells them; Rosco's type in any case (GCE is how prose writes gce).
    for (const name of new Set([p.name, ...p.keys])) out.push({ provider: p.name, pattern: word(name), what: `the name "${name}"` })
    for (const type of p.types) if (type !== p.name) out.push({ provider: p.name, pattern: word(type, 'i'), what: `Rosco's type "${type}"` })
    for (const builder of p.builders) out.push({ provider: p.name, pattern: word(builder), what: `the builder "${builder}"` })
    out.push({ provider: p.name, pattern: new RegExp(`(?<![A-Za-z0-9])${p.prefix}[a-z]`), what: `a variable "${p.prefix}..."` })
  }
  return out
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sourceFiles(path) : [path]
  })
}

/** The text with comments blanked (line breaks kept, so lines still count): strings and code stay. */
export function withoutComments(text: string): string {
  let out = ''
  let i = 0
  while (i < text.length) {
    const c = text[i]
    const next = text[i + 1]
    if (c === '/' && next === '/') {
      while (i < text.length && text[i] !== '\n') i++
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2)
      const stop = end === -1 ? text.length : end + 2
      out += text.slice(i, stop).replace(/[^\n]/g, ' ')
      i = stop
    } else if (c === "'" || c === '"' || c === '`') {
      let j = i + 1
      while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1
      out += text.slice(i, j + 1)
      i = j + 1
    } else {
      out += c
      i++
    }
  }
  return out
}

function findings(): string[] {
  const all = needles()
  const found: string[] = []
  for (const file of sourceFiles(SRC)) {
    const rel = relative(ROOT, file).split('\\').join('/')
    if (rel.startsWith('src/providers/') || GENERATED.some((g) => rel.startsWith(g)) || EXEMPT.has(rel)) continue
    const text = rel.endsWith('.ts') || rel.endsWith('.js') ? withoutComments(readFileSync(file, 'utf8')) : readFileSync(file, 'utf8')
    text.split('\n').forEach((written, n) => {
      const line = NOT_PROVIDERS.reduce((l, term) => l.split(term).join(''), written)
      for (const needle of all) {
        if (needle.pattern.test(line)) found.push(`${rel}:${n + 1}: ${needle.what} (${needle.provider}): ${written.trim().slice(0, 160)}`)
      }
    })
  }
  return found
}

describe('providers live in src/providers/ only', () => {
  it('no module outside src/providers/ names a provider, its Rosco type, its builders or its variables (file:line listed)', () => {
    expect(findings()).toEqual([])
  })

  it('the exemption exists and is data: Halyard\'s command tree as JSON', () => {
    for (const rel of EXEMPT) expect(() => JSON.parse(readFileSync(join(ROOT, rel), 'utf8'))).not.toThrow()
  })

  it('finds a provider named in code, but not in a comment', () => {
    const sample = "// GoogleBakeryDefaults.java\nconst a = 'google'\n/* oracle */ const b = 1\nconst c = `x ${'gce_zone'}`\n"
    const stripped = withoutComments(sample).split('\n')
    const hits = (line: string) => needles().filter((n) => n.pattern.test(line)).map((n) => n.provider)
    expect(hits(stripped[0])).toEqual([])
    expect(hits(stripped[1])).toContain('google')
    expect(hits(stripped[2])).toEqual([])
    expect(hits(stripped[3])).toContain('google')
  })
})
