import { packagePath } from '../lib/package.js'
import { PROVIDERS } from '../providers/index.js'
import { COMMON_STOCK_FILES, OTHER_PROVIDERS } from '../providers/others.js'

/**
 * The files Rosco's image ships in /opt/rosco/config/packer. A custom file with one of these
 * names replaces the stock one; a templateFile naming one of them resolves without a custom file.
 */
export const STOCK_TEMPLATES: readonly string[] = (() => {
  const all = [
    ...COMMON_STOCK_FILES,
    ...PROVIDERS.flatMap((p) => [...p.packer.stockTemplates, ...(p.packer.stockFiles ?? [])]),
    ...OTHER_PROVIDERS.flatMap((o) => o.stockFiles),
  ]
  const unique = [...new Set(all)]
  // Top-level files first, then those under scripts/, each in name order.
  return [...unique.filter((f) => !f.includes('/')).sort(), ...unique.filter((f) => f.includes('/')).sort()]
})()

/** galley's own versions of the stock files for the providers it manages (interface-compatible with Rosco's). */
export const SHIPPED_TEMPLATES: readonly string[] = [...PROVIDERS.flatMap((p) => p.packer.shipped ?? []), 'install_packages.sh']

/** Where galley's shipped templates are. */
export const shippedTemplatesDir = (): string => packagePath('templates')
