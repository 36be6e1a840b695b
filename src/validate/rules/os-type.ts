import { checkIfSet, imageEdit } from '../../model/rule-helpers.js'
import type { SectionRule } from '../../model/rule.js'
import { closedSet, closedSetOfAll } from '../../providers/index.js'
import { noneOf, orList } from '../../providers/words.js'

/** Rosco picks the package manager and scripts by osType. */
export const osType: SectionRule = {
  id: 'bakery/os-type',
  severity: 'error',
  doc: `A base image's osType, when set, is ${orList(closedSetOfAll('osType'))}.`,
  scope: 'section',
  *check({ provider, baseImages }) {
    const known = closedSet(provider, 'osType')
    for (const { id, label, image, path } of baseImages) {
      yield* checkIfSet(image.osType, (v) =>
        known.includes(v.toLowerCase())
          ? []
          : [{ path: [...path, 'baseImage', 'osType'], message: `osType "${v}" of ${label} is ${noneOf(known)}.`, remediation: imageEdit(provider, id, 'osType', known[0]) }])
    }
  },
}
