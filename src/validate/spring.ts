import { bindingKey } from '../config/kinds.js'
import { isPlainObject, type Plain } from '../config/halconfig.js'
import { resolveSpring, type PlaceholderMatch } from '../config/placeholders.js'
import type { ValuePath } from '../config/source.js'

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
  /** Keys written twice under names that bind to one property (`useInternalIp` and `use-internal-ip`). */
  duplicateBindings: Array<{ path: ValuePath; first: string }>
}

/**
 * The keys galley models, in their camelCase names: every property of schemas/google.schema.json
 * and schemas/oracle.schema.json (a unit test keeps the list equal to them), the providers, and
 * Rosco's own top-level settings.
 */
export const MODELLED_KEYS = [
  'accounts', 'alphaListed', 'availabilityDomain', 'bakeryDefaults', 'baseImage', 'baseImageId', 'baseImages',
  'compartmentId', 'consul', 'customRepository', 'defaultRegions', 'detailedDescription', 'enabled', 'environment',
  'fingerprint', 'id', 'imageFamily', 'imageProjects', 'instanceShape', 'isImageFamily', 'jsonPath', 'name', 'network',
  'networkProjectId', 'osType', 'packageType', 'permissions', 'primaryAccount', 'privateKeyPassphrase', 'project',
  'providerVersion', 'region', 'regions', 'requiredGroupMembership', 'serviceAccountId', 'serviceAccountProject',
  'shortDescription', 'sourceImage', 'sourceImageFamily', 'sshPrivateKeyFilePath', 'sshUserName', 'subnetId',
  'subnetwork', 'templateFile', 'tenancyId', 'useInternalIp', 'userDataFile', 'userId', 'virtualizationSettings', 'zone',
  // Halyard's permission types, the keys of an account's permissions.
  'CREATE', 'EXECUTE', 'READ', 'WRITE',
] as const

const EXTRA_KEYS = ['google', 'oracle', 'gce', 'rosco', 'configDir', 'packer', 'timestamp', 'additionalParameters', 'templatesNeedingRoot', 'defaultCloudProviderType']

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

/** Rosco's `google.gce.bakeryDefaults`, deprecated in 2017 and still read (rosco 4bfc83d). */
function mergeDeprecatedNesting(value: Plain, origins: Map<object, Map<string | number, ValuePath>>, view: SpringView): void {
  const google = value.google
  if (!isPlainObject(google) || !isPlainObject(google.gce) || !isPlainObject(google.gce.bakeryDefaults)) return
  const googleOrigins = origins.get(google)!
  const gceOrigins = origins.get(google.gce)!
  view.deprecatedNesting = gceOrigins.get('bakeryDefaults')
  const old = google.gce.bakeryDefaults
  const current = google.bakeryDefaults
  if (!isPlainObject(current)) {
    google.bakeryDefaults = old
    googleOrigins.set('bakeryDefaults', gceOrigins.get('bakeryDefaults')!)
  } else {
    const currentOrigins = origins.get(current)!
    const oldOrigins = origins.get(old)!
    for (const [key, item] of Object.entries(old)) {
      if (key === 'baseImages') continue
      const unset = key === 'useInternalIp' ? current[key] === undefined || current[key] === null : !current[key]
      if (unset) {
        current[key] = item
        currentOrigins.set(key, oldOrigins.get(key)!)
      }
    }
    if (Array.isArray(old.baseImages)) {
      const first = Array.isArray(current.baseImages) ? current.baseImages : []
      const merged = [...first, ...old.baseImages]
      const map = new Map<string | number, ValuePath>()
      first.forEach((_, i) => map.set(i, origins.get(first)?.get(i) ?? ['google', 'bakeryDefaults', 'baseImages', i]))
      old.baseImages.forEach((_, i) => map.set(first.length + i, origins.get(old.baseImages as unknown[])!.get(i)!))
      origins.set(merged, map)
      current.baseImages = merged
      if (!currentOrigins.has('baseImages')) currentOrigins.set('baseImages', oldOrigins.get('baseImages')!)
    }
  }
  delete google.gce.bakeryDefaults
  if (Object.keys(google.gce).length === 0) delete google.gce
}
