import type { SectionRule } from '../../../model/rule.js'

/** Halyard writes imageFamily, Rosco reads isImageFamily: each file must use its reader's name. */
export const googleImageFamilyKey: SectionRule = {
  id: 'google/image-family-key',
  severity: 'warning',
  doc: 'A halconfig says imageFamily, a Rosco settings file says isImageFamily.',
  scope: 'section',
  providers: ['google'],
  *check({ baseImages, dialect }) {
    const [wrong, right] = dialect === 'rosco' ? ['imageFamily', 'isImageFamily'] : ['isImageFamily', 'imageFamily']
    const reader = dialect === 'rosco' ? 'Rosco reads isImageFamily and ignores imageFamily' : 'Halyard\'s key is imageFamily (Halyard itself rejects isImageFamily); galley reads it as imageFamily'
    for (const { id, label, image, path } of baseImages) {
      // Halyard's staged rosco.yml writes imageFamily: false for every image (spinnaker/halyard
      // GoogleBaseImage.java: a Lombok boolean isImageFamily serialises as imageFamily); Rosco
      // ignoring a false changes nothing, as its own default is false.
      if (dialect === 'rosco' && (image[wrong] === false || image[wrong] === null || image[wrong] === 'false')) continue
      if (wrong in image) {
        yield {
          path: [...path, 'baseImage', wrong],
          message: `Base image ${label} uses the key ${wrong}: ${reader}.`,
          remediation: `Rename the key to ${right}.`,
        }
      }
    }
  },
}
