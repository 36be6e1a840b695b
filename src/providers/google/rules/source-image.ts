import { gceImage } from '../formats.js'
import { isSet, type SectionRule } from '../../../model/rule.js'
import { checkIfSet, formatFinding, imageEdit, imageFix } from '../../../model/rule-helpers.js'

/** A google base image needs a source image or family to start from (Halyard's and Rosco's check). */
export const googleSourceImage: SectionRule = {
  id: 'google/source-image',
  severity: 'error',
  doc: 'Each google base image has a sourceImage or sourceImageFamily, well-formed; with both, sourceImage wins.',
  scope: 'section',
  providers: ['google'],
  *check({ provider, baseImages }) {
    for (const { id, label, virtualization, path } of baseImages) {
      const vs = [...path, 'virtualizationSettings']
      const image = virtualization.sourceImage
      const family = virtualization.sourceImageFamily
      if (!isSet(image) && !isSet(family)) {
        yield {
          path: isSet(virtualization) ? vs : path,
          message: `Either source image or source image family must be specified for ${label}.`,
          remediation: imageEdit(provider, id, 'sourceImageFamily', 'ubuntu-2204-lts'),
        }
      } else if (isSet(image) && isSet(family)) {
        yield {
          path: [...vs, 'sourceImageFamily'],
          severity: 'warning',
          message: `Base image ${label} sets both sourceImage and sourceImageFamily: sourceImage "${image}" wins and the family is ignored.`,
          remediation: `Remove one of them: ${imageEdit(provider, id, 'sourceImageFamily', '""')}`,
        }
      }
      yield* checkIfSet(image, (v) => formatFinding([...vs, 'sourceImage'], 'Source image', v, gceImage(v), imageFix(provider, id, 'sourceImage', 'NAME')))
      yield* checkIfSet(family, (v) => formatFinding([...vs, 'sourceImageFamily'], 'Source image family', v, gceImage(v), imageFix(provider, id, 'sourceImageFamily', 'NAME')))
    }
  },
}
