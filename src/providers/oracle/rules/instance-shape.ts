import { closestShapes, findShape, shapeNamePattern } from '../shapes.js'
import type { SectionRule } from '../../../model/rule.js'
import { bakeryEdit, checkIfSet } from '../../../model/rule-helpers.js'

/** Checks the bake instance's shape against the catalogue of OCI shapes galley ships. */
export const oracleInstanceShape: SectionRule = {
  id: 'oracle/instance-shape',
  severity: 'warning',
  doc: 'The oracle instanceShape is a known OCI compute shape (malformed names are errors).',
  scope: 'section',
  providers: ['oracle'],
  *check({ provider, bakery, bakeryPath }) {
    const path = [...bakeryPath, 'instanceShape']
    yield* checkIfSet(bakery?.instanceShape, (shape) => {
      const known = findShape(shape)
      if (known) {
        return known.deprecated
          ? [{ path, severity: 'info' as const, message: `Shape ${shape} is a previous-generation OCI shape; new tenancies may not be able to launch it.`, remediation: 'Consider a current shape such as VM.Standard.E4.Flex or VM.Standard3.Flex.' }]
          : []
      }
      const suggestions = closestShapes(shape)
      const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.join(', ')}?` : ''
      const remediation = bakeryEdit(provider, 'instanceShape', suggestions[0] ?? 'VM.Standard2.1')
      if (!shapeNamePattern.test(shape)) {
        return [{ path, severity: 'error' as const, message: `Instance shape "${shape}" is not an OCI shape name (VM. or BM., a family, then a size or Flex; names are case-sensitive).${hint}`, remediation }]
      }
      return [{ path, message: `Instance shape "${shape}" is not in galley's catalogue of OCI shapes.${hint}`, remediation: `If the shape is new, ignore this warning (--rule oracle/instance-shape=off); otherwise ${remediation}` }]
    })
  },
}
