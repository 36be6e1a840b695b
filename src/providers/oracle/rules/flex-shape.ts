import { isFlexShape } from '../shapes.js'
import type { SectionRule } from '../../../model/rule.js'
import { checkIfSet } from '../../../model/rule-helpers.js'

/** A Flex shape needs OCPUs and memory from the template, which the stock oci.json cannot give. */
export const oracleFlexShape: SectionRule = {
  id: 'oracle/flex-shape',
  severity: 'warning',
  doc: 'A Flex instanceShape needs a template whose oracle-oci builder sets shape_config (ocpus, memory_in_gbs).',
  scope: 'section',
  providers: ['oracle'],
  *check({ bakery, bakeryPath }) {
    yield* checkIfSet(bakery?.instanceShape, (shape) =>
      isFlexShape(shape)
        ? [{
            path: [...bakeryPath, 'instanceShape'],
            message: `${shape} is a Flex shape: the bake instance needs its OCPUs and memory from the template's oracle-oci builder ("shape_config": {"ocpus": 1, "memory_in_gbs": 16}). The stock oci.json has none, and Packer 1.6's oracle-oci builder does not support shape_config.`,
            remediation: 'Use a fixed shape (e.g. VM.Standard2.1), or a custom template with shape_config and a Packer with the current oracle plugin (1.7 or newer).',
          }]
        : [])
  },
}
