import type { ValuePath } from '../model/value-path.js'
import { PROVIDERS, providerOfSectionKey, type Provider } from '../providers/index.js'
import { COMMON_KEY_ORDER } from '../providers/common.js'
import { HALYARD_PROVIDER_ORDER } from '../providers/others.js'

/** Halyard's order for the keys it writes, so that new keys land where Halyard would put them. */
const TOP = ['halyardVersion', 'currentDeployment', 'deploymentConfigurations']
const DEPLOYMENT = [
  'name', 'version', 'providers', 'deploymentEnvironment', 'persistentStorage', 'features', 'metricStores',
  'notifications', 'timezone', 'ci', 'repository', 'security', 'artifacts', 'pubsub', 'canary', 'spinnaker',
  'webhook', 'stats',
]
const PROVIDER = ['enabled', 'accounts', 'primaryAccount', 'bakeryDefaults']
const BASE_IMAGE_ENTRY = ['baseImage', 'virtualizationSettings']
/** Each provider's keys after the common ones, providers in registry order (a key two share keeps its first place). */
const ordered = (common: readonly string[], own: (p: Provider) => readonly string[]) => [...new Set([...common, ...PROVIDERS.flatMap(own)])]
const BAKERY = ordered(COMMON_KEY_ORDER.bakery, (p) => p.config.keyOrder.bakery)
const BASE_IMAGE = ordered(COMMON_KEY_ORDER.baseImage, (p) => p.config.keyOrder.baseImage)
const VIRTUALIZATION = ordered([], (p) => p.config.keyOrder.virtualization)
const ACCOUNT = ordered(COMMON_KEY_ORDER.account, (p) => p.config.keyOrder.account)
// Fiat's Authorization enum order.
const PERMISSIONS = ['READ', 'WRITE', 'EXECUTE', 'CREATE']

/** Patterns over a map's path: `#` matches a list index, `*` any key. */
const ORDERS: Array<[string, readonly string[]]> = [
  ['', TOP],
  ['deploymentConfigurations.#', DEPLOYMENT],
  ['deploymentConfigurations.#.providers', HALYARD_PROVIDER_ORDER],
  ['deploymentConfigurations.#.providers.*', PROVIDER],
  ['deploymentConfigurations.#.providers.*.accounts.#', ACCOUNT],
  ['deploymentConfigurations.#.providers.*.accounts.#.permissions', PERMISSIONS],
  ['deploymentConfigurations.#.providers.*.bakeryDefaults', BAKERY],
  ['deploymentConfigurations.#.providers.*.bakeryDefaults.baseImages.#', BASE_IMAGE_ENTRY],
  ['deploymentConfigurations.#.providers.*.bakeryDefaults.baseImages.#.baseImage', BASE_IMAGE],
  ['deploymentConfigurations.#.providers.*.bakeryDefaults.baseImages.#.virtualizationSettings', VIRTUALIZATION],
]

function matches(pattern: string, path: ValuePath): boolean {
  const parts = pattern === '' ? [] : pattern.split('.')
  if (parts.length !== path.length) return false
  return parts.every((part, i) =>
    part === '#' ? typeof path[i] === 'number' : part === '*' ? typeof path[i] === 'string' : part === path[i],
  )
}

/** Halyard's order for a new account's keys. */
export const ACCOUNT_KEY_ORDER: readonly string[] = ACCOUNT

/** Halyard's order for a new account's keys of one provider (its own keys after every account's). */
export function accountKeyOrder(name: string): readonly string[] {
  const provider = PROVIDERS.find((p) => p.name === name)
  return provider ? [...new Set([...COMMON_KEY_ORDER.account, ...provider.config.keyOrder.account])] : ACCOUNT
}

/** Halyard's key order for the map at `path`, or undefined when the tool has no opinion. */
export function keyOrderFor(path: ValuePath): readonly string[] | undefined {
  const found = ORDERS.find(([pattern]) => matches(pattern, path))?.[1]
  // Inside a modelled provider's section, that provider's own order: the union of all providers'
  // puts a key two providers share (regions) where the first one has it.
  const provider = path[2] === 'providers' && typeof path[3] === 'string' ? providerOfSectionKey(path[3]) : undefined
  if (!provider) return found
  const own = (common: readonly string[], keys: readonly string[]) => [...new Set([...common, ...keys])]
  if (found === ACCOUNT) return own(COMMON_KEY_ORDER.account, provider.config.keyOrder.account)
  if (found === BAKERY) return own(COMMON_KEY_ORDER.bakery, provider.config.keyOrder.bakery)
  if (found === BASE_IMAGE) return own(COMMON_KEY_ORDER.baseImage, provider.config.keyOrder.baseImage)
  if (found === VIRTUALIZATION) return provider.config.keyOrder.virtualization
  return found
}

/**
 * Where a new key goes among existing ones: the index of the existing key it should follow,
 * or -1 to go first. Keys Halyard does not order go last.
 */
export function insertionIndex(existing: readonly string[], key: string, order: readonly string[] | undefined): number {
  const rank = order?.indexOf(key) ?? -1
  if (!order || rank === -1) return existing.length - 1
  // Follow the nearest predecessor in Halyard's order, wherever the user put it.
  let after = -1
  let afterRank = -1
  existing.forEach((name, index) => {
    const r = order.indexOf(name)
    if (r !== -1 && r < rank && r >= afterRank) {
      after = index
      afterRank = r
    }
  })
  if (after !== -1) return after
  const firstFollower = existing.findIndex((name) => order.indexOf(name) > rank)
  return firstFollower === -1 ? existing.length - 1 : firstFollower - 1
}
