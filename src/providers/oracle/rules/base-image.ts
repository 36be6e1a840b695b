import { ocidOfType } from '../formats.js'
import { isSet, type SectionRule } from '../../../model/rule.js'
import { checkIfSet, formatFinding, imageEdit, imageFix } from '../../../model/rule-helpers.js'

/** An Oracle bake starts from an image OCID and logs in as a user the image has. */
export const oracleBaseImage: SectionRule = {
  id: 'oracle/base-image',
  severity: 'error',
  doc: 'Each oracle base image has a baseImageId that is an image OCID, and an sshUserName.',
  scope: 'section',
  providers: ['oracle'],
  *check({ provider, baseImages }) {
    for (const { id, label, virtualization, path } of baseImages) {
      const vs = [...path, 'virtualizationSettings']
      if (!isSet(virtualization.baseImageId)) {
        yield { path: isSet(virtualization) ? vs : path, message: `No base image id supplied for oracle base image ${label}.`, remediation: imageEdit(provider, id, 'baseImageId', 'ocid1.image.oc1...') }
      }
      yield* checkIfSet(virtualization.baseImageId, (v) =>
        formatFinding([...vs, 'baseImageId'], 'Base image id', v, ocidOfType(v, 'image', 'baseImageId'), imageFix(provider, id, 'baseImageId', 'ocid1.image.oc1...')))
      if (!isSet(virtualization.sshUserName)) {
        yield { path: isSet(virtualization) ? vs : path, message: `No ssh user name supplied for oracle base image ${label}.`, remediation: imageEdit(provider, id, 'sshUserName', 'opc') }
      }
    }
  },
}
