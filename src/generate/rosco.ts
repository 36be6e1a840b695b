import { holdsUrlPassword } from '../lib/redact.js'
import { basename } from 'node:path'
import { PROVIDERS, bakeryDefaultsOf, providerSection, providers, type Provider, type ProviderName } from '../providers/index.js'
import { isPlainObject, type Plain } from '../model/plain.js'
import { isSecretKey } from '../model/secrets.js'
import { toYaml } from '../lib/render.js'
import { isPlaceholder, isSecretReference, isSet } from '../model/rule.js'

/**
 * A deployment's bakery settings in Rosco's own terms: what Halyard
 * generated into Rosco's profile, as a `rosco-local.yml` for installs without Halyard.
 */

/** Where Rosco's image keeps its packer directory; the generated one is mounted over it. */
export const ROSCO_CONFIG_DIR = '/opt/rosco/config/packer'
/** Where account files are mounted in the container unless told otherwise. */
export const DEFAULT_SECRETS_DIR = '/opt/spinnaker/secrets'

export type BaseImageMode = 'merge' | 'replace'

export interface RoscoOptions {
  baseImages: BaseImageMode
  /** Directory in the container that holds the account files. */
  secretsDir: string
  /** The deployment's profiles/images-local.yml: more base images per provider, merged as Halyard merged them. */
  imagesLocal?: Plain
}

/** An account file the container needs: galley never copies it, it only says where it goes. */
export interface AccountFile {
  provider: ProviderName
  account: string
  field: string
  /** As written in the halconfig (a path on this machine). */
  local: string
  /** The path written into rosco-local.yml. */
  container: string
  /** The file's name in the secrets directory (a Kubernetes Secret key). */
  key: string
}

export interface ProviderSummary {
  provider: ProviderName
  /** False: the provider is disabled (or absent) in the halconfig and was left out. */
  written: boolean
  /** Base image ids from the halconfig, in order. */
  halconfigImages: string[]
  /** Rosco's stock base images written after them (merge mode). */
  stockImages: string[]
  /** Rosco's stock base images left out: a halconfig image has the same id, or replace mode. */
  stockOmitted: string[]
  /** Base images from profiles/images-local.yml written last. */
  localImages: string[]
  /** Those of images-local.yml left out: an image before them has the same id (Halyard drops them too). */
  localOmitted: string[]
}

export interface RoscoSettings {
  settings: Plain
  providers: ProviderSummary[]
  accountFiles: AccountFile[]
  /** Things the user should know (plain secrets, ignored files...). */
  warnings: string[]
}

/** Rosco's stock base images of a provider (its description's config.stockBaseImages). */
export const stockBaseImages = (provider: ProviderName): readonly Plain[] => providers[provider]?.config.stockBaseImages ?? []

const setValue = (value: unknown) => isSet(value) && !(Array.isArray(value) && value.length === 0)

/** Copies the keys that are set, in the given order. */
function pick(from: Plain, keys: readonly string[], rename: Record<string, string> = {}): Plain {
  const out: Plain = {}
  for (const key of keys) if (setValue(from[key])) out[rename[key] ?? key] = from[key]
  return out
}

function baseImageEntry(provider: Provider, entry: Plain): Plain {
  const image = isPlainObject(entry.baseImage) ? entry.baseImage : {}
  const renamed = provider.config.roscoImageKeys ?? {}
  const imageKeys = ['id', ...provider.image.map((f) => f.key)]
  const baseImage = pick(image, imageKeys.filter((k) => renamed[k] === undefined))
  for (const [halyardKey, roscoKey] of Object.entries(renamed)) {
    // Rosco's key; a hand-written one in Rosco's name is accepted too. A boolean (imageFamily) is
    // false by default in Rosco: written only when true.
    const value = image[halyardKey] ?? image[roscoKey]
    if (value === true || (typeof value !== 'boolean' && setValue(value))) baseImage[roscoKey] = value
  }
  const out: Plain = { baseImage: sortLike(baseImage, [...imageKeys.map((k) => renamed[k] ?? k)]) }
  const settingsKeys = provider.virtualization.map((f) => f.key)
  // One object (google, oracle) or a list of them (a list per region).
  if (Array.isArray(entry.virtualizationSettings)) {
    const list = entry.virtualizationSettings.filter(isPlainObject).map((v) => pick(v, settingsKeys)).filter((v) => Object.keys(v).length > 0)
    if (list.length > 0) out.virtualizationSettings = list
  } else {
    const settings = pick(isPlainObject(entry.virtualizationSettings) ? entry.virtualizationSettings : {}, settingsKeys)
    if (Object.keys(settings).length > 0) out.virtualizationSettings = settings
  }
  return out
}

/** A provider's base image entries in profiles/images-local.yml (`<provider>.bakeryDefaults.baseImages`). */
export function localImageEntries(imagesLocal: Plain | undefined, provider: ProviderName): Plain[] {
  const section = imagesLocal?.[provider]
  const bakery = isPlainObject(section) ? section.bakeryDefaults : undefined
  const list = isPlainObject(bakery) ? bakery.baseImages : undefined
  return Array.isArray(list) ? list.filter(isPlainObject) : []
}

export interface BaseImageList {
  /** In Rosco's key names, in order. */
  entries: Plain[]
  halconfigImages: string[]
  stockImages: string[]
  stockOmitted: string[]
  localImages: string[]
  localOmitted: string[]
}

/**
 * The base images Rosco sees, as Halyard put them together (spinnaker/halyard
 * halyard-deploy/.../profile/RoscoProfileFactory.java:66-106, 115-119, 143-163 and
 * halyard-config/.../node/BakeryDefaults.java:41-50): Rosco's stock list (images.yml) gets the
 * images-local.yml entries whose ids it lacks, and the halconfig's list then gets those of that
 * combined list whose ids it lacks. So: the halconfig's images, then the stock ones, then the
 * local ones; a later image with an id seen before is dropped. In replace mode the stock list is
 * left out; the local file, the user's own, is still merged.
 */
export function baseImageList(provider: Provider, halconfigEntries: readonly Plain[], mode: BaseImageMode, imagesLocal?: Plain): BaseImageList {
  const halconfigImages = halconfigEntries.map(imageId).filter((id): id is string => id !== undefined)
  const seen = new Set(halconfigImages)
  const stock = provider.config.stockBaseImages
  const stockAdded = mode === 'merge' ? stock.filter((entry) => !seen.has(imageId(entry)!)) : []
  if (mode === 'merge') for (const entry of stock) seen.add(imageId(entry)!)
  const local = localImageEntries(imagesLocal, provider.name).filter((entry) => imageId(entry) !== undefined)
  const localAdded: Plain[] = []
  const localOmitted: string[] = []
  for (const entry of local) {
    const id = imageId(entry)!
    if (seen.has(id)) localOmitted.push(id)
    else {
      seen.add(id)
      localAdded.push(entry)
    }
  }
  return {
    entries: [...halconfigEntries, ...stockAdded, ...localAdded].map((entry) => baseImageEntry(provider, entry)),
    halconfigImages,
    stockImages: stockAdded.map(imageId) as string[],
    stockOmitted: stock.map(imageId).filter((id) => !stockAdded.some((entry) => imageId(entry) === id)) as string[],
    localImages: localAdded.map(imageId) as string[],
    localOmitted,
  }
}

function sortLike(value: Plain, order: readonly string[]): Plain {
  const out: Plain = {}
  for (const key of order) if (key in value) out[key] = value[key]
  return out
}

const imageId = (entry: Plain) => (isPlainObject(entry.baseImage) && typeof entry.baseImage.id === 'string' ? entry.baseImage.id : undefined)

/** Flat names in the secrets directory: the file's own name, unless two different files share it. */
function placeAccountFiles(found: Omit<AccountFile, 'container' | 'key'>[], secretsDir: string): AccountFile[] {
  const clean = (s: string) => s.replace(/[^-._a-zA-Z0-9]/g, '-')
  const owners = new Map<string, Set<string>>()
  for (const f of found) owners.set(basename(f.local), (owners.get(basename(f.local)) ?? new Set()).add(f.local))
  const taken = new Map<string, string>()
  return found.map((f) => {
    const name = basename(f.local)
    let key = clean(owners.get(name)!.size > 1 ? `${f.provider}-${f.account}-${name}` : name)
    // The same local file used twice is mounted once.
    while (taken.has(key) && taken.get(key) !== f.local) key = `_${key}`
    taken.set(key, f.local)
    return { ...f, key, container: `${secretsDir.replace(/\/+$/, '')}/${key}` }
  })
}

/**
 * Deep merge with Spring Boot's precedence: maps merge key by key, anything else (lists
 * included) from `over` replaces. Halyard's profile rosco-local.yml was loaded after the
 * settings Halyard generated, so its values win the same way.
 */
export function springMerge(base: Plain, over: Plain): Plain {
  const out: Plain = { ...base }
  for (const [key, value] of Object.entries(over)) {
    out[key] = isPlainObject(value) && isPlainObject(out[key]) ? springMerge(out[key] as Plain, value) : value
  }
  return out
}

/** Dotted paths of secret values held in plain text (not encrypted: references, not placeholders). */
export function plainSecrets(value: unknown, path: string[] = []): string[] {
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => {
      const label = isPlainObject(item) && typeof item.name === 'string' ? item.name : String(index)
      return plainSecrets(item, [...path, label])
    })
  }
  if (!isPlainObject(value)) return []
  return Object.entries(value).flatMap(([key, item]) => {
    if (isSecretKey(key) && typeof item === 'string' && item !== '' && !isSecretReference(item) && !isPlaceholder(item)) return [[...path, key].join('.')]
    // A URL with its password (a database's, a repository's) under any name.
    if (typeof item === 'string' && holdsUrlPassword(item)) return [[...path, key].join('.')]
    return plainSecrets(item, [...path, key])
  })
}

export function roscoSettings(config: Plain, profile: Plain | undefined, options: RoscoOptions): RoscoSettings {
  const settings: Plain = { rosco: { configDir: ROSCO_CONFIG_DIR } }
  const summaries: ProviderSummary[] = []
  const files: Omit<AccountFile, 'container' | 'key'>[] = []
  const warnings: string[] = []

  for (const provider of PROVIDERS) {
    const section = providerSection(config.providers, provider.name)?.value
    const entries = Array.isArray((section?.bakeryDefaults as Plain | undefined)?.baseImages)
      ? ((section!.bakeryDefaults as Plain).baseImages as unknown[]).filter(isPlainObject)
      : []
    const halconfigImages = entries.map(imageId).filter((id): id is string => id !== undefined)
    if (section?.enabled !== true) {
      summaries.push({ provider: provider.name, written: false, halconfigImages, stockImages: [], stockOmitted: [], localImages: [], localOmitted: [] })
      continue
    }
    const localFileKeys = provider.account.filter((f) => f.localFile).map((f) => f.key)
    const accounts = (Array.isArray(section.accounts) ? section.accounts : []).filter(isPlainObject).map((account) => {
      const out = pick(account, provider.config.roscoAccountKeys)
      for (const key of localFileKeys) {
        const local = out[key]
        if (typeof local === 'string' && !isSecretReference(local) && !isPlaceholder(local)) {
          files.push({ provider: provider.name, account: String(account.name), field: key, local })
        }
      }
      return out
    })

    const bakery = isPlainObject(section.bakeryDefaults) ? section.bakeryDefaults : {}
    const bakeryKeys = provider.bakery.map((f) => f.key)
    // Halyard wrote every default out; Rosco saw them. Keep them explicit.
    const defaults = bakeryDefaultsOf(provider)
    const bakeryOut: Plain = {}
    for (const key of bakeryKeys) {
      const value = setValue(bakery[key]) ? bakery[key] : defaults[key]
      if (setValue(value) || typeof value === 'boolean') bakeryOut[key] = value
    }
    const list = baseImageList(provider, entries, options.baseImages, options.imagesLocal)
    const unnamed = localImageEntries(options.imagesLocal, provider.name).filter((entry) => imageId(entry) === undefined).length
    if (unnamed > 0) warnings.push(`profiles/images-local.yml has ${unnamed} ${provider.name} base image${unnamed === 1 ? '' : 's'} without baseImage.id: left out (Halyard fails on ${unnamed === 1 ? 'it' : 'them'}).`)
    // An empty list cannot be told apart from no list in Spring's properties: leave Rosco's own then.
    if (list.entries.length > 0) bakeryOut.baseImages = list.entries
    summaries.push({
      provider: provider.name,
      written: true,
      halconfigImages,
      stockImages: list.stockImages,
      stockOmitted: list.stockOmitted,
      localImages: list.localImages,
      localOmitted: list.localOmitted,
    })
    settings[provider.name] = { enabled: true, ...(accounts.length > 0 ? { accounts } : {}), bakeryDefaults: bakeryOut }
    if (accounts.length === 0 && provider.bake.account === 'required') warnings.push(`${provider.name} is enabled but has no accounts: Rosco cannot bake with it.`)
  }

  const accountFiles = placeAccountFiles(files, options.secretsDir)
  for (const file of accountFiles) {
    const section = settings[file.provider] as Plain
    const account = (section.accounts as Plain[]).find((a) => a.name === file.account && a[file.field] === file.local)
    if (account) account[file.field] = file.container
  }

  let merged = settings
  if (profile) {
    merged = springMerge(settings, profile)
    const dir = isPlainObject(merged.rosco) ? merged.rosco.configDir : undefined
    if (dir !== ROSCO_CONFIG_DIR) {
      warnings.push(`profiles/rosco-local.yml sets rosco.configDir to ${String(dir)}; it was kept as ${ROSCO_CONFIG_DIR}, where the generated packer directory is mounted.`)
      merged = springMerge(merged, { rosco: { configDir: ROSCO_CONFIG_DIR } })
    }
  }
  for (const path of plainSecrets(merged)) {
    warnings.push(`${path} is written in plain text (Rosco needs the value): keep the generated files private, or replace it with an encrypted: reference to one of Spinnaker's secret engines.`)
  }
  return { settings: merged, providers: summaries, accountFiles, warnings }
}

/** How the base images were chosen, one line per written provider. */
export function describeBaseImages(summaries: readonly ProviderSummary[], mode: BaseImageMode): string[] {
  return summaries
    .filter((s) => s.written)
    .map((s) => {
      const line = describeProviderImages(s, mode)
      if (s.localImages.length === 0 && s.localOmitted.length === 0) return line
      const added = s.localImages.length > 0 ? `${s.localImages.join(', ')} from profiles/images-local.yml` : 'nothing from profiles/images-local.yml'
      const dropped = s.localOmitted.length > 0 ? ` (its ${s.localOmitted.join(', ')} dropped: an image before it has the same id, as Halyard drops it)` : ''
      return `${line} Last, ${added}${dropped}.`
    })
}

function describeProviderImages(s: ProviderSummary, mode: BaseImageMode): string {
  const own = s.halconfigImages.length === 0 ? 'none from the halconfig' : `${s.halconfigImages.join(', ')} from the halconfig`
  const stockAll = stockBaseImages(s.provider).map(imageId)
  if (stockAll.length === 0) return `${s.provider}: ${own} (Rosco has no stock ${s.provider} base images).`
  if (mode === 'merge') {
    const shadowed = s.stockOmitted.length > 0 ? `; the halconfig's ${s.stockOmitted.join(', ')} replace${s.stockOmitted.length === 1 ? 's' : ''} the stock one${s.stockOmitted.length === 1 ? '' : 's'}` : ''
    return `${s.provider}: ${own}, then Rosco's stock ${s.stockImages.join(', ') || '(none left)'}${shadowed} (merged, as Halyard did; --base-images replace writes the halconfig's only).`
  }
  if (s.halconfigImages.length === 0 && s.localImages.length === 0) return `${s.provider}: none from the halconfig, so no list is written and Rosco keeps its stock ${stockAll.join(', ')}.`
  return `${s.provider}: ${own} only; they replace Rosco's stock ${stockAll.join(', ')} (--base-images merge writes those too, as Halyard did).`
}

/** rosco-local.yml's text: a header saying where it came from, then the settings. Same input, same bytes. */
export function renderRoscoLocal(deployment: string, result: RoscoSettings, mode: BaseImageMode): string {
  const header = [
    `# Rosco settings of Halyard deployment ${deployment}, generated by galley (hal config generate).`,
    '# Regenerate instead of editing. Rosco reads this file from /opt/spinnaker/config/rosco-local.yml.',
    `# Base images: ${mode === 'merge' ? 'the halconfig\'s, then Rosco\'s stock ones (--base-images merge)' : 'the halconfig\'s only (--base-images replace)'}.`,
  ]
  return `${header.join('\n')}\n${toYaml(result.settings)}`
}
