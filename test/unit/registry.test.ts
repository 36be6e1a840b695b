import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BAKE_RULES } from '../../src/bake/rules.js'
import { REGISTRY, isRegistered, ruleLevelsFrom, ruleListText } from '../../src/problems/registry.js'
import { TEMPLATE_RULES } from '../../src/templates/lint.js'
import { applyLevels, parseRuleLevels, SEVERITIES, type Problem } from '../../src/model/problem.js'
import { RULES } from '../../src/validate/rules/index.js'

const SRC = join(__dirname, '..', '..', 'src')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return name === 'generated' ? [] : sourceFiles(path)
    return path.endsWith('.ts') ? [path] : []
  })
}

/** Quoted `word/word-word` literals outside comments: the shape of every problem id. */
const ID_LITERAL = /(['"`])([a-z][a-z0-9]*\/[a-z0-9][a-z0-9-]*)\1/g
/** Literals of that shape that are no problem ids: a MIME type, a Kubernetes apiVersion, a Spinnaker artifact type. */
const NOT_IDS = new Set(['application/json', 'apps/v1', 'aws/image'])

function idsUsedIn(file: string): Array<{ id: string; where: string }> {
  const found: Array<{ id: string; where: string }> = []
  readFileSync(file, 'utf8').split('\n').forEach((line, n) => {
    const code = line.trimStart()
    if (code.startsWith('//') || code.startsWith('*') || code.startsWith('/*')) return
    for (const match of code.matchAll(ID_LITERAL)) {
      // An import specifier ('./x.js') never matches; a path in a message would have a dot or a slash more.
      if (!NOT_IDS.has(match[2])) found.push({ id: match[2], where: `${relative(SRC, file)}:${n + 1}` })
    }
  })
  return found
}

describe('the problem registry', () => {
  it('registers every problem id that src/ uses, in a problem() call, a rule object or a comparison', () => {
    const used = sourceFiles(SRC).flatMap(idsUsedIn)
    // The scan must see the three kinds of problem: a config rule, a template rule, a bake problem.
    expect(used.map((u) => u.id)).toEqual(expect.arrayContaining(['google/zone', 'template/json-syntax', 'bake/provider', 'packer/validate']))
    expect(used.filter((u) => !isRegistered(u.id)).map((u) => `${u.where} ${u.id}`)).toEqual([])
  })

  it('holds each id once, with a severity and a one-line doc', () => {
    const ids = REGISTRY.map((r) => r.id)
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([])
    for (const rule of REGISTRY) {
      expect(SEVERITIES, rule.id).toContain(rule.severity)
      expect(rule.doc, rule.id).toMatch(/^\S.*\.$/)
      expect(rule.doc, rule.id).not.toContain('\n')
    }
  })

  it('holds every config rule, template rule and bake problem', () => {
    for (const rule of [...RULES, ...TEMPLATE_RULES, ...BAKE_RULES]) {
      expect(REGISTRY.find((r) => r.id === rule.id), rule.id).toMatchObject({ severity: rule.severity, doc: rule.doc })
    }
  })

  it('lists every rule as one aligned line: id, severity, doc', () => {
    const lines = ruleListText()
    expect(lines).toHaveLength(REGISTRY.length)
    const column = lines[0].indexOf(REGISTRY[0].severity, REGISTRY[0].id.length)
    lines.forEach((line, i) => {
      expect(line.startsWith(REGISTRY[i].id)).toBe(true)
      expect(line.indexOf(REGISTRY[i].severity, REGISTRY[i].id.length)).toBe(column)
      expect(line.endsWith(REGISTRY[i].doc)).toBe(true)
    })
  })
})

describe('--rule ID=LEVEL', () => {
  it('takes any registered id, whichever command reports it, the last of a repeated id winning', () => {
    expect(ruleLevelsFrom(['google/zone=off', 'template/undeclared-variable=error', 'bake/appversion=info', 'yaml/syntax=warning', 'google/zone=fatal'])).toEqual({
      'google/zone': 'fatal', 'template/undeclared-variable': 'error', 'bake/appversion': 'info', 'yaml/syntax': 'warning',
    })
  })

  it('refuses an unknown id or level with a usage error (exit 2) that says where to find the ids', () => {
    expect(() => ruleLevelsFrom(['google/zonee=off'])).toThrow(expect.objectContaining({ exitCode: 2, message: expect.stringContaining('there is no rule google/zonee') }))
    expect(() => ruleLevelsFrom(['google/zone=loud'])).toThrow(expect.objectContaining({ exitCode: 2, message: expect.stringContaining('expected ID=off|info|warning|error|fatal') }))
    expect(() => ruleLevelsFrom(['google/zone'])).toThrow(expect.objectContaining({ exitCode: 2 }))
  })

  it('does not take an id named like an object property for a rule', () => {
    expect(parseRuleLevels(['__proto__=off'], new Set(['google/zone']))).toContain('there is no rule __proto__')
    expect(parseRuleLevels(['constructor=off'], new Set(['google/zone']))).toContain('there is no rule constructor')
  })

  it('applies: off drops the rule\'s problems, a level replaces their severity, other rules are untouched', () => {
    const problems: Problem[] = [
      { rule: 'google/zone', severity: 'error', message: 'a', path: '' },
      { rule: 'bake/appversion', severity: 'warning', message: 'b', path: '' },
      { rule: 'bake/template', severity: 'error', message: 'c', path: '' },
    ]
    expect(applyLevels(problems, { 'google/zone': 'off', 'bake/appversion': 'error' })).toEqual([
      { rule: 'bake/appversion', severity: 'error', message: 'b', path: '' },
      { rule: 'bake/template', severity: 'error', message: 'c', path: '' },
    ])
    expect(applyLevels(problems, Object.assign(Object.create(null), { toString: 'off' }))).toEqual(problems)
  })
})
