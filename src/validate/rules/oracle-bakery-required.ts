import { isSet, type SectionRule } from '../rule.js'
import { bakeryEdit } from './helpers.js'

const REQUIRED: Array<[key: string, label: string, flag: string, example: string]> = [
  ['availabilityDomain', 'availability domain', 'availability-domain', 'Uocm:PHX-AD-1'],
  ['subnetId', 'subnet id', 'subnet-id', 'ocid1.subnet.oc1.phx.aaaa...'],
  ['instanceShape', 'instance shape', 'instance-shape', 'VM.Standard2.1'],
]

/** Every Oracle bake needs these three (Halyard meant to check them, but its validator never ran). */
export const oracleBakeryRequired: SectionRule = {
  id: 'oracle/bakery-required',
  severity: 'error',
  doc: 'An enabled oracle provider (or one with base images) sets availabilityDomain, subnetId and instanceShape.',
  scope: 'section',
  providers: ['oracle'],
  *check({ bakery, bakeryPath, enabled, baseImages }) {
    if (!enabled && baseImages.length === 0) return
    for (const [key, label, flag, example] of REQUIRED) {
      if (!isSet(bakery?.[key])) {
        yield {
          path: bakery && key in bakery ? [...bakeryPath, key] : bakery ? bakeryPath : [],
          message: `No ${label} supplied for oracle bakery defaults: every bake would fail.`,
          remediation: bakeryEdit('oracle', flag, example),
        }
      }
    }
  },
}
