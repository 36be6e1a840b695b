import { checkIfSet, imageEdit } from './helpers.js'
import type { SectionRule } from '../rule.js'

/** Rosco picks the package manager and scripts by osType. */
export const osType: SectionRule = {
  id: 'bakery/os-type',
  severity: 'error',
  doc: 'A base image\'s osType, when set, is linux or windows.',
  scope: 'section',
  *check({ provider, baseImages }) {
    for (const { id, label, image, path } of baseImages) {
      yield* checkIfSet(image.osType, (v) =>
        ['linux', 'windows'].includes(v.toLowerCase())
          ? []
          : [{ path: [...path, 'baseImage', 'osType'], message: `osType "${v}" of ${label} is neither linux nor windows.`, remediation: imageEdit(provider.name, id, 'os-type', 'linux') }])
    }
  },
}
