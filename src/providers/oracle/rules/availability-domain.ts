import { availabilityDomain } from '../formats.js'
import type { SectionRule } from '../../../model/rule.js'
import { bakeryEdit, checkIfSet, formatFinding } from '../../../model/rule-helpers.js'
import { shellWord } from '../../../lib/quote.js'

/** OCI availability domains carry the tenancy prefix: Uocm:PHX-AD-1. */
export const oracleAvailabilityDomain: SectionRule = {
  id: 'oracle/availability-domain',
  severity: 'error',
  doc: 'The oracle availabilityDomain looks like <tenancy prefix>:<REGION>-AD-<n>.',
  scope: 'section',
  providers: ['oracle'],
  *check({ provider, bakery, bakeryPath }) {
    yield* checkIfSet(bakery?.availabilityDomain, (v) =>
      formatFinding([...bakeryPath, 'availabilityDomain'], 'Availability domain', v, availabilityDomain(v),
        (corrected) => `Copy the exact name from "oci iam availability-domain list", then ${bakeryEdit(provider, 'availabilityDomain', corrected === undefined ? 'NAME' : shellWord(corrected))}`))
  },
}
