import { ocidOfType } from '../formats.js'
import type { SectionRule } from '../../../model/rule.js'
import { bakeryFix, checkIfSet, formatFinding } from '../../../model/rule-helpers.js'

/** The subnet must be a subnet OCID: a VCN's or compartment's OCID is a common mix-up. */
export const oracleSubnetId: SectionRule = {
  id: 'oracle/subnet-id',
  severity: 'error',
  doc: 'The oracle subnetId is a subnet OCID (not a VCN or compartment OCID).',
  scope: 'section',
  providers: ['oracle'],
  *check({ provider, bakery, bakeryPath }) {
    yield* checkIfSet(bakery?.subnetId, (v) =>
      formatFinding([...bakeryPath, 'subnetId'], 'Subnet id', v, ocidOfType(v, 'subnet', 'subnetId'), bakeryFix(provider, 'subnetId', 'ocid1.subnet.oc1...')))
  },
}
