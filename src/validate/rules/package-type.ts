import { isPlaceholder, isSet, type SectionRule } from '../../model/rule.js'
import { imageEdit } from '../../model/rule-helpers.js'
import { closedSet, closedSetOfAll } from '../../providers/index.js'
import { orList } from '../../providers/words.js'

/** The package types Rosco knows (case-insensitive): the closed set in the providers' schemas. */
export const PACKAGE_TYPES: readonly string[] = closedSetOfAll('packageType')

/** Rosco installs packages by the base image's packageType; Halyard accepted any text. */
export const packageType: SectionRule = {
  id: 'bakery/package-type',
  severity: 'error',
  doc: `Each base image has a packageType of ${orList(PACKAGE_TYPES)}.`,
  scope: 'section',
  *check({ provider, baseImages }) {
    for (const { id, label, image, path } of baseImages) {
      const type = image.packageType
      const known = closedSet(provider, 'packageType')
      const fix = imageEdit(provider, id, 'packageType', known[0])
      if (!isSet(type)) {
        yield { path: [...path, 'baseImage'], message: `Package type must be specified for ${label}.`, remediation: fix }
      } else if (!isPlaceholder(type) && !known.includes(String(type).toLowerCase())) {
        yield {
          path: [...path, 'baseImage', 'packageType'],
          message: `Package type "${type}" of ${label} is not one Rosco knows: ${known.join(', ')}.`,
          remediation: fix,
        }
      }
    }
  },
}
