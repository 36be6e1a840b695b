import { bindingKey } from '../config/kinds.js'
import { isPlainObject, type Plain } from '../model/plain.js'
import { resolveSpring, type PlaceholderMatch } from '../model/placeholders.js'
import type { ValuePath } from '../model/value-path.js'
import { PROVIDERS, type Provider } from '../providers/index.js'

/**
 * A Rosco settings file as Rosco (Spring Boot) reads it, for the rules to check:
 * - Relaxed binding: `bakery-defaults`, `bakeryDefaults`, `bakery_defaults` and `BAKERYDEFAULTS`
 *   bind to one property (Spring Boot's ConfigurationPropertyName compares names with `-` and
 *   `_` dropped, case-insensitively; Rosco's own beans bind `google.bakery-defaults`,
 *   spinnaker/rosco rosco-core/.../google/config/GCEBakeryConfigurationBeans.java). Every key
 *   galley models is renamed to its camelCase name; other keys stay as written (Spring ignores them).
 * - `${NAME:default}` placeholders are resolved from the file's own settings, else their default;
 *   the rest stay as written and are returned as unresolved (their value comes from the environment).
 * - The old `google.gce.bakeryDefaults` is merged into `google.bakeryDefaults` as Rosco does
 *   (GCEBakeHandler.groovy l.60-68: each field from the new one unless unset, base images of the
 *   new one first, then the old one's).
 * Every path of the view leads back to where it is written (`origin`).
 */
export interface SpringView {
  value: Plain
  origin(path: ValuePath): ValuePath
  unresolved: Array<{ path: ValuePath; placeholder: PlaceholderMatch }>
  /** Where the deprecated `google.gce.bakeryDefaults` nesting is written, if it is. */
  deprecatedNesting?: ValuePath
  /** The provider whose old nesting it is. */
  deprecatedNestingOf?: string
  /** Keys written twice under names that bind to one property (`useInternalIp` and `use-internal-ip`). */
  duplicateBindings: Array<{ path: ValuePath; first: string }>
}

/** Every property name in a JSON schema. */
function propertyNames(node: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(node)) node.forEach((item) => propertyNames(item, into))
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'properties') Object.keys(value as object).forEach((k) => into.add(k))
      propertyNames(value, into)
    }
  }
  return into
}

/**
 * The keys galley models, in their camelCase names: every property of the providers' schemas
 * (Halyard's permission types among them), the providers, and Rosco's own top-level settings.
 */
export const MODELLED_KEYS: readonly string[] = [...PROVIDERS.reduce((names, p) => propertyNames(p.schema, names), new Set<string>())]

const EXTRA_KEYS = [
  ...PROVIDERS.map((p) => p.name),
  ...PROVIDERS.flatMap((p) => (p.config.legacyNesting ? [p.config.legacyNesting.key] : [])),
  'rosco', 'configDir', 'packer', 'timestamp', 'additionalParameters', 'templatesNeedingRoot', 'defaultCloudProviderType',
]

const CANONICAL = new Map<string, string>([...MODELLED_KEYS, ...EXTRA_KEYS].map((key) => [bindingKey(key), key]))

/** A key's camelCase name when galley models it; else the key as written. */
export const canonicalKey = (key: string) => CANONICAL.get(bindingKey(key)) ?? key

/** Keys under which the values are the user's own names (a permission's roles...), not settings. */
const OPAQUE = new Set(['permissions', 'consul'])

export function springView(raw: unknown): SpringView {
  const origins = new Map<object, Map<string | number, ValuePath>>()
  const unresolved: SpringView['unresolved'] = []
  const duplicateBindings: SpringView['duplicateBindings'] = []
  const lookup = (name: string): string | undefined => {
    let node: unknown = raw
    for (const part of name.split('.')) {
      if (!isPlainObject(node)) return undefined
      const key = Object.keys(node).find((k) => bindingKey(k) === bindingKey(part))
      if (key === undefined) return undefined
      node = node[key]
    }
    return typeof node === 'string' || typeof node === 'number' || typeof node === 'boolean' ? String(node) : undefined
  }

  const build = (node: unknown, from: ValuePath, at: ValuePath, canonical: boolean): unknown => {
    if (Array.isArray(node)) {
      const out: unknown[] = []
      const map = new Map<string | number, ValuePath>()
      node.forEach((item, i) => {
        out.push(build(item, [...from, i], [...at, i], canonical))
        map.set(i, [...from, i])
      })
      origins.set(out, map)
      return out
    }
    if (isPlainObject(node)) {
      const out: Plain = {}
      const map = new Map<string | number, ValuePath>()
      for (const [key, value] of Object.entries(node)) {
        const name = canonical ? canonicalKey(key) : key
        if (map.has(name)) {
          duplicateBindings.push({ path: [...from, key], first: String(map.get(name)!.at(-1)) })
          continue
        }
        out[name] = build(value, [...from, key], [...at, name], canonical && !OPAQUE.has(name))
        map.set(name, [...from, key])
      }
      origins.set(out, map)
      return out
    }
    if (typeof node === 'string' && node.includes('${')) {
      const resolved = resolveSpring(node, lookup)
      for (const placeholder of resolved.unresolved) unresolved.push({ path: at, placeholder })
      return resolved.value
    }
    return node
  }

  const built = build(raw, [], [], true)
  const value: Plain = isPlainObject(built) ? built : {}
  const view: SpringView = {
    value,
    unresolved,
    duplicateBindings,
    origin(path) {
      let node: unknown = value
      let origin: ValuePath = []
      for (let i = 0; i < path.length; i++) {
        const next = node !== null && typeof node === 'object' ? origins.get(node as object)?.get(path[i]) : undefined
        if (next === undefined) return [...origin, ...path.slice(i)]
        origin = next
        node = (node as Record<string | number, unknown>)[path[i] as string]
      }
      return origin
    },
  }
  mergeDeprecatedNesting(value, origins, view)
  return view
}

/**
 * A provider's old nesting of its bakery settings (Rosco's `google.gce.bakeryDefaults`, deprecated
 * in 2017 and still read, rosco 4bfc83d): merged under the current one field by field, the
 * current one winning, its base images first.
 */
function mergeDeprecatedNesting(value: Plain, origins: Map<object, Map<string | number, ValuePath>>, view: SpringView): void {
  for (const provider of PROVIDERS) {
    const nest = provider.config.legacyNesting?.key
    if (nest !== undefined) mergeNesting(provider, nest, value, origins, view)
  }
}

function mergeNesting(provider: Provider, nest: string, value: Plain, origins: Map<object, Map<string | number, ValuePath>>, view: SpringView): void {
  const section = value[provider.name]
  if (!isPlainObject(section) || !isPlainObject(section[nest]) || !isPlainObject((section[nest] as Plain).bakeryDefaults)) return
  const nested = section[nest] as Plain
  const sectionOrigins = origins.get(section)!
  const nestOrigins = origins.get(nested)!
  view.deprecatedNesting = nestOrigins.get('bakeryDefaults')
  view.deprecatedNestingOf = provider.name
  const old = nested.bakeryDefaults as Plain
  const current = section.bakeryDefaults
  // A boolean set to false is set; other values count when Groovy finds them true.
  const booleans = new Set(provider.bakery.filter((f) => f.type === 'boolean').map((f) => f.key))
  if (!isPlainObject(current)) {
    section.bakeryDefaults = old
    sectionOrigins.set('bakeryDefaults', nestOrigins.get('bakeryDefaults')!)
  } else {
    const currentOrigins = origins.get(current)!
    const oldOrigins = origins.get(old)!
    for (const [key, item] of Object.entries(old)) {
      if (key === 'baseImages') continue
      const unset = booleans.has(key) ? current[key] === undefined || current[key] === null : !current[key]
      if (unset) {
        current[key] = item
        currentOrigins.set(key, oldOrigins.get(key)!)
      }
    }
    if (Array.isArray(old.baseImages)) {
      const first = Array.isArray(current.baseImages) ? current.baseImages : []
      const merged = [...first, ...old.baseImages]
      const map = new Map<string | number, ValuePath>()
      first.forEach((_, i) => map.set(i, origins.get(first)?.get(i) ?? [provider.name, 'bakeryDefaults', 'baseImages', i]))
      old.baseImages.forEach((_, i) => map.set(first.length + i, origins.get(old.baseImages as unknown[])!.get(i)!))
      origins.set(merged, map)
      current.baseImages = merged
      if (!currentOrigins.has('baseImages')) currentOrigins.set('baseImages', oldOrigins.get('baseImages')!)
    }
  }
  delete nested.bakeryDefaults
  if (Object.keys(nested).length === 0) delete section[nest]
}
