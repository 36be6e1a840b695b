import { GCE_NAME, GCE_NAME_MAX } from '../formats.js'
import type { SectionRule } from '../../../model/rule.js'
import { shellWord } from '../../../lib/quote.js'

/**
 * Rosco names a baked GCE image <package>-<arch or all>-<epoch millis>-<base image id>; GCE
 * refuses names that break its naming rule or exceed 63 characters. The id is the part the
 * config controls, so it is checked with a typical package name and a 13-digit timestamp.
 */
const SAMPLE = 'mypackage-all-1700000000000-'

/** The id as GCE would accept it in an image name: lowercase, runs of anything else as one dash, none at the ends. */
const gceSafeId = (id: string) => id.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'base-image'

export const imageName: SectionRule = {
  id: 'bakery/image-name',
  severity: 'error',
  doc: 'The image name Rosco would give a GCE bake of each base image is a valid GCE image name.',
  scope: 'section',
  providers: ['google'],
  *check({ baseImages }) {
    for (const { id, path } of baseImages) {
      if (id === undefined || id === '') continue
      const name = `${SAMPLE}${id}`
      const where = [...path, 'baseImage', 'id']
      if (!GCE_NAME.test(name)) {
        yield {
          path: where,
          message: `Base image id ${JSON.stringify(id)} ends up in every baked image's name (e.g. ${name}), and GCE image names may hold only lowercase letters, digits and dashes, ending in a letter or digit.`,
          remediation: `Rename it: hal config provider google bakery base-image edit ${shellWord(id)} --id ${shellWord(gceSafeId(id))}`,
        }
      } else if (name.length > GCE_NAME_MAX) {
        yield {
          path: where,
          severity: 'warning',
          message: `Base image id ${JSON.stringify(id)} is long: with a ${SAMPLE.length - 19}-character package name the baked image's name has ${name.length} characters, over GCE's ${GCE_NAME_MAX}.`,
          remediation: 'Use a shorter id, or pass a short image name (ami_name) in bake stages.',
        }
      }
    }
  },
}
