import { YamlEditor, getPlain, type EditOp } from './edit.js'
import { isPlainObject, type Plain } from '../model/plain.js'
import type { ParsedYaml } from './source.js'
import type { ValuePath } from '../model/value-path.js'
import type { DocumentKind } from './kinds.js'
import { PROVIDERS, providerOfSectionKey, type Provider } from '../providers/index.js'

/**
 * A SpinnakerService manifest (the Kubernetes operator's) keeps a deployment where the operator
 * reads it, in three places (SPEC.md §13):
 * - `spec.spinnakerConfig.config`: the bare deployment the operator posts to Halyard, which
 *   rejects any key its model lacks;
 * - `spec.spinnakerConfig.profiles.rosco`: Rosco's own settings (rosco-local.yml), in Rosco's key
 *   names, for what Halyard cannot carry;
 * - `spec.spinnakerConfig.files`: files put in the services' config directories, `__` for `/`.
 */
export const SERVICE_CONFIG: ValuePath = ['spec', 'spinnakerConfig', 'config']
export const SERVICE_ROSCO_PROFILE: ValuePath = ['spec', 'spinnakerConfig', 'profiles', 'rosco']
export const SERVICE_FILES: ValuePath = ['spec', 'spinnakerConfig', 'files']

/**
 * What a provider's section keeps in profiles.rosco rather than config: bakery and base-image keys
 * galley models that Halyard's model lacks (from the provider's description: config.roscoOnlyBakeryKeys,
 * and its base-image fields not in config.halyardKeys), and base-image keys Rosco names otherwise
 * (config.roscoImageKeys: imageFamily is isImageFamily in Rosco's files).
 */
interface RoscoKeys {
  bakery: readonly string[]
  image: readonly string[]
  toRosco: Record<string, string>
  toHalyard: Record<string, string>
}

function roscoKeysOf(provider: Provider): RoscoKeys {
  const toRosco = { ...provider.config.roscoImageKeys }
  return {
    bakery: provider.config.roscoOnlyBakeryKeys,
    image: provider.image.map((f) => f.key).filter((key) => !provider.config.halyardKeys.baseImage.includes(key)),
    toRosco,
    toHalyard: Object.fromEntries(Object.entries(toRosco).map(([h, r]) => [r, h])),
  }
}

const union = (lists: ReadonlyArray<readonly string[]>) => [...new Set(lists.flat())]
/** For a section galley does not model: what any provider would move. */
const ANY_PROVIDER: RoscoKeys = (() => {
  const all = PROVIDERS.map(roscoKeysOf)
  return { bakery: [], image: union(all.map((k) => k.image)), toRosco: Object.assign({}, ...all.map((k) => k.toRosco)), toHalyard: Object.assign({}, ...all.map((k) => k.toHalyard)) }
})()
const roscoKeys = (sectionKey: string): RoscoKeys => {
  const provider = providerOfSectionKey(sectionKey)
  return provider ? roscoKeysOf(provider) : ANY_PROVIDER
}

const startsWith = (path: ValuePath, prefix: ValuePath) => prefix.every((segment, i) => path[i] === segment)

function renameImageKeys(entry: unknown, names: Record<string, string>): unknown {
  if (!isPlainObject(entry) || !isPlainObject(entry.baseImage)) return entry
  const image: Plain = {}
  for (const [key, value] of Object.entries(entry.baseImage)) image[names[key] ?? key] = value
  return { ...entry, baseImage: image }
}
const toRosco = (list: unknown, keys: RoscoKeys) => (Array.isArray(list) ? list.map((e) => renameImageKeys(e, keys.toRosco)) : list)
const fromRosco = (list: unknown, keys: RoscoKeys) => (Array.isArray(list) ? list.map((e) => renameImageKeys(e, keys.toHalyard)) : list)

const hasRoscoOnlyKey = (entry: unknown, keys: RoscoKeys) =>
  isPlainObject(entry) && isPlainObject(entry.baseImage) && keys.image.some((key) => (entry.baseImage as Plain)[key] !== undefined)

/**
 * The editor of a SpinnakerService: commands edit `config` as they edit any deployment, and
 * this routes what Halyard cannot take to `profiles.rosco`:
 * - a Rosco-only bakery key (google subnetwork) goes to profiles.rosco.<provider>.bakeryDefaults;
 * - base images: Spring binds a list from one source only, so a `baseImages` list in
 *   profiles.rosco replaces the one Halyard writes from config. When profiles.rosco has one,
 *   base-image commands act on it (Rosco's key names); when a base image needs a Rosco-only
 *   key (osType, customRepository) and it has none yet, the provider's base images move there.
 * Reads see the same merged view.
 */
export class ServiceEditor extends YamlEditor {
  /** What the edit moved, for the command to say. */
  readonly notes: string[] = []

  private bakeryPart(path: ValuePath): { provider: string; rest: ValuePath } | undefined {
    const base = [...SERVICE_CONFIG, 'providers']
    if (!startsWith(path, base) || path.length < base.length + 2 || path[base.length + 1] !== 'bakeryDefaults') return undefined
    return { provider: String(path[base.length]), rest: path.slice(base.length + 2) }
  }

  private roscoBakery(provider: string): ValuePath {
    return [...SERVICE_ROSCO_PROFILE, provider, 'bakeryDefaults']
  }

  override apply(op: EditOp): this {
    const part = this.bakeryPart(op.path)
    if (!part || part.rest.length === 0) return super.apply(op)
    const [first, ...more] = part.rest
    const keys = roscoKeys(part.provider)
    if (keys.bakery.includes(String(first))) {
      super.apply({ ...op, path: [...this.roscoBakery(part.provider), first, ...more] } as EditOp)
      // Halyard would refuse it in config: an old copy there goes.
      if (super.get(op.path) !== undefined) super.apply({ op: 'delete', path: op.path })
      return this
    }
    if (first !== 'baseImages') return super.apply(op)
    const configList = op.path.slice(0, op.path.length - more.length)
    const roscoList = [...this.roscoBakery(part.provider), 'baseImages']
    let inRosco = Array.isArray(super.get(roscoList))
    if (!inRosco && this.needsRosco(op, more, super.get(configList), keys)) {
      super.apply({ op: 'set', path: roscoList, value: toRosco(super.get(configList) ?? [], keys) })
      if (super.get(configList) !== undefined) super.apply({ op: 'delete', path: configList })
      this.notes.push(`Moved ${part.provider}'s base images to ${SERVICE_ROSCO_PROFILE.join('.')}.${part.provider}.bakeryDefaults.baseImages: Halyard's model has no ${keys.image.join(' or ')}, and Rosco reads the list from one place.`)
      inRosco = true
    }
    if (!inRosco) return super.apply(op)
    // Inside a base image, Rosco's name of the key.
    const path = more.length >= 3 && more[1] === 'baseImage' ? [...more.slice(0, 2), keys.toRosco[String(more[2])] ?? more[2], ...more.slice(3)] : more
    const value = 'value' in op ? (more.length === 0 ? toRosco(op.value, keys) : more.length === 1 ? renameImageKeys(op.value, keys.toRosco) : op.value) : undefined
    return super.apply({ ...op, path: [...roscoList, ...path], ...(op.op === 'delete' ? {} : { value: op.op === 'append' ? renameImageKeys(value, keys.toRosco) : value }) } as EditOp)
  }

  private needsRosco(op: EditOp, more: ValuePath, current: unknown, keys: RoscoKeys): boolean {
    if (op.op === 'delete') return false
    if (op.op === 'append') return more.length === 0 && hasRoscoOnlyKey(op.value, keys)
    if (more.length === 0) return Array.isArray(op.value) && op.value.some((e) => hasRoscoOnlyKey(e, keys))
    if (more.length === 1) return hasRoscoOnlyKey(op.value, keys)
    if (more.length === 2 && more[1] === 'baseImage') return isPlainObject(op.value) && keys.image.some((k) => (op.value as Plain)[k] !== undefined)
    return more.length >= 3 && more[1] === 'baseImage' && keys.image.includes(String(more[2])) && op.value !== undefined && current !== undefined
  }

  override get(path: ValuePath): unknown {
    const part = this.bakeryPart(path)
    if (!part) return super.get(path)
    const keys = roscoKeys(part.provider)
    const rosco = super.get(this.roscoBakery(part.provider))
    const roscoList = isPlainObject(rosco) && Array.isArray(rosco.baseImages) ? fromRosco(rosco.baseImages, keys) : undefined
    if (part.rest.length === 0) {
      const own = super.get(path)
      const merged: Plain = { ...(isPlainObject(own) ? own : {}) }
      let added = false
      for (const key of keys.bakery) {
        if (isPlainObject(rosco) && rosco[key] !== undefined) {
          merged[key] = rosco[key]
          added = true
        }
      }
      if (roscoList) {
        merged.baseImages = roscoList
        added = true
      }
      return own === undefined && !added ? undefined : merged
    }
    const [first, ...more] = part.rest
    if (keys.bakery.includes(String(first))) return getPlain(rosco, [first, ...more])
    if (first === 'baseImages' && roscoList) return getPlain(roscoList, more)
    return super.get(path)
  }
}

/** The editor for a document of this kind. */
export function editorFor(kind: DocumentKind, text: string, file: string, parsed: ParsedYaml, format: 'yaml' | 'json'): YamlEditor {
  const editor = kind === 'spinnaker-service' ? new ServiceEditor(text, file, parsed) : new YamlEditor(text, file, parsed)
  editor.format = format
  if (kind === 'deployment') editor.deploymentRoot = []
  if (kind === 'spinnaker-service') editor.deploymentRoot = SERVICE_CONFIG
  return editor
}
