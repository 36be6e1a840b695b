import { isSet, type SectionRule } from '../../../model/rule.js'
import { bakeryEdit } from '../../../model/rule-helpers.js'

const REQUIRED: Array<[key: string, label: string, example: string]> = [
  ['availabilityDomain', 'availability domain', 'Uocm:PHX-AD-1'],
  ['subnetId', 'subnet id', 'ocid1.subnet.oc1.phx.aaaa...'],
  ['instanceShape', 'instance shape', 'VM.Standard2.1'],
]

/** Every Oracle bake needs these three (Halyard meant to check them, but its validator never ran). */
export const oracleBakeryRequired: SectionRule = {
  id: 'oracle/bakery-required',
  severity: 'error',
  doc: 'Oracle base images need availabilityDomain, subnetId and instanceShape (an error; a warning while the enabled provider has no base images yet).',
  scope: 'section',
  providers: ['oracle'],
  *check({ provider, bakery, bakeryPath, enabled, baseImages }) {
    if (!enabled && baseImages.length === 0) return
    for (const [key, label, example] of REQUIRED) {
      if (!isSet(bakery?.[key])) {
        yield {
          path: bakery && key in bakery ? [...bakeryPath, key] : bakery ? bakeryPath : [],
          // Without base images nothing can be baked yet: say so, but let the setup go on step by step.
          severity: baseImages.length === 0 ? 'warning' : undefined,
          message: `No ${label} supplied for oracle bakery defaults: every bake would fail.`,
          remediation: bakeryEdit(provider, key, example),
        }
      }
    }
  },
}
