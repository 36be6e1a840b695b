import { isSet, type SectionRule } from '../../model/rule.js'

/** Keys Rosco reads that Halyard's model lacks: Halyard refuses a halconfig that has them. */
export const halyardUnknownKey: SectionRule = {
  id: 'compat/halyard-unknown-key',
  severity: 'info',
  doc: 'Notes keys Rosco reads but Halyard itself rejects (subnetwork, osType, customRepository).',
  scope: 'section',
  *check({ dialect, bakery, bakeryPath, baseImages }) {
    if (dialect !== 'halyard') return
    const note = (key: string) =>
      `${key} is read by Rosco and galley, but Halyard itself rejects it ("Unrecognized field"); run Halyard on this file no more, or move it to profiles/rosco-local.yml.`
    if (bakery && isSet(bakery.subnetwork)) yield { path: [...bakeryPath, 'subnetwork'], message: note('subnetwork') }
    for (const { image, path } of baseImages) {
      for (const key of ['osType', 'customRepository']) if (key in image) yield { path: [...path, 'baseImage', key], message: note(key) }
    }
  },
}
