import { PROVIDERS } from '../providers/index.js'
import type { Provider } from '../providers/index.js'

/**
 * Help examples and descriptions name providers through their descriptions, so that no command
 * names one (test/unit/provider-names.test.ts): examples use the first registered provider, and a
 * second one where an example shows another package naming.
 */
const [first, second = first] = PROVIDERS

/** The first provider's name (`config schema NAME`). */
export const exampleProvider = first.name

/** An id of the first provider's rules, for `--rule ID=off`. */
export const exampleRuleId = first.rules[0]?.id ?? 'bakery/image-name'

/** `--provider NAME --base-image ID` for a provider's example base image. */
export const imageOf = (provider: Provider = first): string => `--provider ${provider.name} --base-image ${provider.examples.image.id}`

/** The same and `--package PACKAGE`, the provider's example package unless another is given. */
export const bakeOf = (provider: Provider = first, pkg = provider.examples.package): string => `${imageOf(provider)} --package ${pkg}`

/** The example bake of the first provider, and of the second (another package naming). */
export const exampleBake = bakeOf(first)
export const otherExampleBake = bakeOf(second)

/** The default stock template of the first provider and of the second (`gce.json`). */
export const exampleStock = first.packer.stockTemplates[0]
export const otherExampleStock = second.packer.stockTemplates[0]

/** A custom template named after a stock one: `custom('gce.json', 'nginx')` is gce-nginx.json. */
export const customName = (stock: string, word: string): string => stock.replace(/^([^.]+)(\..*)$/, `$1-${word}$2`)

/** Every stock template galley ships a copy of (gce.json, oci.json, ...). */
export const shippedTemplates: readonly string[] = PROVIDERS.flatMap((p) => p.packer.shipped ?? [])

/** The provider names as a command line alternative: `google|oracle|...`. */
export const providerChoice = PROVIDERS.map((p) => p.name).join('|')

/** What `packer validate` needs, per provider: `google: no cloud credentials; oracle: ...`. */
export const validateNeeds = PROVIDERS.map((p) => `${p.name}: ${p.packer.validateNeeds}`).join('; ')
