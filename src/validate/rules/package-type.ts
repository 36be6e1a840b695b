import { isPlaceholder, isSet, type SectionRule } from '../rule.js'
import { imageEdit } from './helpers.js'

/** The package types Rosco knows (case-insensitive). */
export const PACKAGE_TYPES = ['deb', 'rpm', 'nupkg'] as const

/** Rosco installs packages by the base image's packageType; Halyard accepted any text. */
export const packageType: SectionRule = {
  id: 'bakery/package-type',
  severity: 'error',
  doc: 'Each base image has a packageType of deb, rpm or nupkg.',
  scope: 'section',
  *check({ provider, baseImages }) {
    for (const { id, label, image, path } of baseImages) {
      const type = image.packageType
      if (!isSet(type)) {
        yield { path: [...path, 'baseImage'], message: `Package type must be specified for ${label}.`, remediation: imageEdit(provider.name, id, 'package-type', 'deb') }
      } else if (!isPlaceholder(type) && !(PACKAGE_TYPES as readonly string[]).includes(String(type).toLowerCase())) {
        yield {
          path: [...path, 'baseImage', 'packageType'],
          message: `Package type "${type}" of ${label} is not one Rosco knows: ${PACKAGE_TYPES.join(', ')}.`,
          remediation: imageEdit(provider.name, id, 'package-type', 'deb'),
        }
      }
    }
  },
}
