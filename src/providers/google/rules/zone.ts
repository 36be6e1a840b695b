import { gceZone } from '../formats.js'
import { isPlaceholder, isSet, type SectionRule } from '../../../model/rule.js'
import { bakeryEdit, bakeryFix, formatFinding } from '../../../model/rule-helpers.js'

/** The bake VM's zone: set (Halyard's check) and shaped like us-central1-f. */
export const googleZone: SectionRule = {
  id: 'google/zone',
  severity: 'error',
  doc: 'The google bakery zone is set and is a GCE zone name such as us-central1-f.',
  scope: 'section',
  providers: ['google'],
  *check({ provider, bakery, bakeryPath }) {
    if (!bakery) return
    const zone = bakery.zone
    const path = [...bakeryPath, 'zone']
    if (zone === undefined) {
      yield { path: bakeryPath, severity: 'info', message: 'No zone set for google bakery defaults; Rosco\'s default us-central1-f applies.' }
    } else if (!isSet(zone)) {
      yield { path, message: 'No zone supplied for google bakery defaults.', remediation: bakeryEdit(provider, 'zone', 'us-central1-f') }
    } else if (!isPlaceholder(zone)) {
      yield* formatFinding(path, 'Zone', String(zone), gceZone(String(zone)), bakeryFix(provider, 'zone', 'us-central1-f'))
    }
  },
}
