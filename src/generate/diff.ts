import { deployments } from '../config/halconfig.js'
import { isPlainObject, type Plain } from '../model/plain.js'
import { redact, redactValue } from '../model/secrets.js'
import type { ParsedYaml } from '../config/source.js'
import { failed } from '../lib/errors.js'
import { toPointer } from '../model/problem.js'

/**
 * What changed in a deployment between two versions of it, field by field, for review before
 * a deploy. List entries with an identity (a base image's id, an account's name) are matched by
 * it, so a reorder is no change. An entry whose id changed and nothing else is a rename; an id
 * change together with other edits is a removal plus an addition. Secrets never appear.
 */

export type ChangeKind = 'added' | 'removed' | 'changed' | 'renamed'

export interface Change {
  kind: ChangeKind
  /** Dotted, list entries by identity: providers.google.bakeryDefaults.baseImages[ubuntu].baseImage.packageType */
  path: string
  /** JSON Pointer inside the deployment: into the newer version, or the older one for a removal. */
  pointer: string
  before?: unknown
  after?: unknown
  /** A rename: the old and new identity. */
  from?: string
  to?: string
}

export interface DeploymentDiff {
  changes: Change[]
  summary: Record<ChangeKind, number>
}

type Segment = string | number

interface Identity {
  name: string
  of: (item: unknown) => string | undefined
  /** The item without its identity, to tell a pure rename from a replacement. */
  strip: (item: Plain) => Plain
}

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined)

const IDENTITIES: Identity[] = [
  {
    name: 'baseImage.id',
    of: (item) => (isPlainObject(item) && isPlainObject(item.baseImage) ? str(item.baseImage.id) : undefined),
    strip: (item) => ({ ...item, baseImage: { ...(item.baseImage as Plain), id: undefined } }),
  },
  { name: 'name', of: (item) => (isPlainObject(item) ? str(item.name) : undefined), strip: (item) => ({ ...item, name: undefined }) },
  { name: 'id', of: (item) => (isPlainObject(item) ? str(item.id) : undefined), strip: (item) => ({ ...item, id: undefined }) },
]

/** The identity every entry of both lists has, uniquely within its list; none: lists compare whole. */
function identityOf(a: unknown[], b: unknown[]): Identity | undefined {
  if (a.length + b.length === 0) return undefined
  return IDENTITIES.find((identity) =>
    [a, b].every((list) => {
      const keys = list.map(identity.of)
      return keys.every((k) => k !== undefined) && new Set(keys).size === keys.length
    }),
  )
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]))
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)].filter((k) => a[k] !== undefined || b[k] !== undefined))
    return [...keys].every((k) => deepEqual(a[k], b[k]))
  }
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime()
  return false
}

/** A value as shown: secrets (by key) replaced, references kept. */
function shown(value: unknown, key: Segment | undefined): unknown {
  return typeof key === 'string' ? redactValue(key, value) : redact(value)
}

const join = (path: string, key: Segment) => (typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`)

export function diffDeployments(before: Plain, after: Plain): DeploymentDiff {
  const changes: Change[] = []
  const add = (change: Change) => changes.push(change)

  const walk = (a: unknown, b: unknown, path: string, ptrA: Segment[], ptrB: Segment[], key: Segment | undefined) => {
    if (deepEqual(a, b)) return
    if (isPlainObject(a) && isPlainObject(b)) {
      const keys = [...Object.keys(b), ...Object.keys(a).filter((k) => !(k in b))]
      for (const k of keys) {
        if (path === '' && k === 'name') continue // the deployment's own name: how the two were matched
        const inA = k in a && a[k] !== undefined
        const inB = k in b && b[k] !== undefined
        const childPath = join(path, k)
        if (inA && !inB) add({ kind: 'removed', path: childPath, pointer: toPointer([...ptrA, k]), before: shown(a[k], k) })
        else if (!inA && inB) add({ kind: 'added', path: childPath, pointer: toPointer([...ptrB, k]), after: shown(b[k], k) })
        else walk(a[k], b[k], childPath, [...ptrA, k], [...ptrB, k], k)
      }
      return
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      const identity = identityOf(a, b)
      if (identity) return walkKeyed(a, b, identity, path, ptrA, ptrB)
    }
    add({ kind: 'changed', path, pointer: toPointer(ptrB), before: shown(a, key), after: shown(b, key) })
  }

  const walkKeyed = (a: unknown[], b: unknown[], identity: Identity, path: string, ptrA: Segment[], ptrB: Segment[]) => {
    const indexA = new Map(a.map((item, i) => [identity.of(item)!, i]))
    const indexB = new Map(b.map((item, i) => [identity.of(item)!, i]))
    const entry = (id: string) => `${path}[${id}]`
    const removed = [...indexA.keys()].filter((id) => !indexB.has(id))
    const added = [...indexB.keys()].filter((id) => !indexA.has(id))
    // Same content under a new identity: a rename. Each added entry pairs with at most one removed one.
    const renamed = new Map<string, string>()
    for (const old of removed) {
      const stripped = identity.strip(a[indexA.get(old)!] as Plain)
      const match = added.find((id) => ![...renamed.values()].includes(id) && deepEqual(stripped, identity.strip(b[indexB.get(id)!] as Plain)))
      if (match !== undefined) renamed.set(old, match)
    }
    for (const [id, i] of indexB) {
      const j = indexA.get(id)
      if (j !== undefined) walk(a[j], b[i], entry(id), [...ptrA, j], [...ptrB, i], undefined)
    }
    for (const [from, to] of renamed) {
      add({ kind: 'renamed', path: entry(from), pointer: toPointer([...ptrB, indexB.get(to)!]), from, to })
    }
    for (const id of removed.filter((id) => !renamed.has(id))) {
      add({ kind: 'removed', path: entry(id), pointer: toPointer([...ptrA, indexA.get(id)!]), before: shown(a[indexA.get(id)!], undefined) })
    }
    for (const id of added.filter((id) => ![...renamed.values()].includes(id))) {
      add({ kind: 'added', path: entry(id), pointer: toPointer([...ptrB, indexB.get(id)!]), after: shown(b[indexB.get(id)!], undefined) })
    }
  }

  walk(before, after, '', [], [], undefined)
  const summary: Record<ChangeKind, number> = { added: 0, removed: 0, changed: 0, renamed: 0 }
  for (const change of changes) summary[change.kind]++
  return { changes, summary }
}

/**
 * The deployment named `name` in an older config: a halconfig (by name), or a bare deployment
 * (a file holding one deployment, as the operator and kleat use them).
 */
export function baselineDeployment(parsed: ParsedYaml, name: string): Plain {
  const root = parsed.value
  if (!isPlainObject(root)) {
    throw failed(`${parsed.file} holds no deployment (it is ${root === null ? 'empty' : 'not a mapping'})`, {
      code: 'BASELINE_SHAPE',
      remediation: 'Compare against a halconfig, or a file holding one deployment.',
    })
  }
  if (!('deploymentConfigurations' in root) && !('currentDeployment' in root)) return root
  const all = deployments(parsed)
  const found = all.find((d) => d.name === name)
  if (found) return found.value
  throw failed(`deployment ${name} is not in ${parsed.file} (it has: ${all.map((d) => d.name).join(', ') || 'no deployments'})`, {
    code: 'BASELINE_DEPLOYMENT_NOT_FOUND',
    remediation: 'Pick the deployment with --deployment, or compare against another file with --against FILE.',
    data: { deployment: name, file: parsed.file },
  })
}

const compact = (value: unknown) => (value === undefined ? '' : JSON.stringify(value))

/** One line per change: + added, - removed, ~ changed, > renamed. */
export function renderChanges(changes: readonly Change[]): string[] {
  return changes.map((c) => {
    switch (c.kind) {
      case 'added':
        return `+ ${c.path}: ${compact(c.after)}`
      case 'removed':
        return `- ${c.path}: ${compact(c.before)}`
      case 'changed':
        return `~ ${c.path}: ${compact(c.before)} -> ${compact(c.after)}`
      case 'renamed':
        return `> ${c.path} renamed to ${c.to}`
    }
  })
}

export function summarize(summary: Record<ChangeKind, number>): string {
  const total = Object.values(summary).reduce((a, b) => a + b, 0)
  const parts = (Object.entries(summary) as Array<[ChangeKind, number]>).filter(([, n]) => n > 0).map(([kind, n]) => `${n} ${kind}`)
  return `${total} difference${total === 1 ? '' : 's'}: ${parts.join(', ')}.`
}
