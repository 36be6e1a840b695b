import { isSet, type SectionRule } from '../../../model/rule.js'
import { imageEdit } from '../../../model/rule-helpers.js'

/** imageFamily only labels the image in Deck; a label that contradicts the source misleads users. */
export const googleImageFamily: SectionRule = {
  id: 'google/image-family',
  severity: 'warning',
  doc: 'imageFamily agrees with the source: true with sourceImageFamily, false with sourceImage.',
  scope: 'section',
  providers: ['google'],
  *check({ provider, baseImages, dialect }) {
    const key = dialect === 'rosco' ? 'isImageFamily' : 'imageFamily'
    for (const { id, label, image, virtualization, path } of baseImages) {
      const flag = image[key] === true
      const hasImage = isSet(virtualization.sourceImage)
      const hasFamily = isSet(virtualization.sourceImageFamily)
      if (flag && hasImage) {
        yield {
          path: [...path, 'baseImage', key],
          message: `Base image ${label} is marked as an image family, but it starts from the image "${virtualization.sourceImage}" (sourceImage wins over any family).`,
          remediation: dialect === 'rosco' ? `Set ${key}: false, or start from a family.` : imageEdit(provider, id, 'no-is-image-family', ''),
        }
      } else if (!flag && hasFamily && !hasImage) {
        yield {
          path: [...path, 'baseImage'],
          severity: 'info',
          message: `Base image ${label} starts from the image family "${virtualization.sourceImageFamily}" but is not marked as one, so Deck does not say so.`,
          remediation: dialect === 'rosco' ? 'Add isImageFamily: true to its baseImage.' : imageEdit(provider, id, 'is-image-family', ''),
        }
      }
    }
  },
}
