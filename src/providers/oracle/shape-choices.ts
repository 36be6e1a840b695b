import { OCI_SHAPES, findShape, shapeNamePattern, type OciShape } from './shapes.js'

function shapeLine(shape: OciShape): string {
  const size = shape.flex ? 'Flex: OCPUs and memory chosen at launch' : `${shape.ocpus} OCPU, ${shape.memoryGb} GB`
  return [size, shape.gpu ? 'GPU' : '', shape.arch === 'aarch64' ? 'Arm' : '', shape.deprecated ? 'previous generation' : ''].filter(Boolean).join(', ')
}

/**
 * The search prompt's choices for an OCI shape: the catalogue, current shapes first, filtered
 * by what has been typed. A well-formed name galley does not know (Oracle adds shapes every
 * year) can still be chosen, as can the current value.
 */
export function shapeChoices(term: string | undefined, current?: string): Array<{ value: string; name: string; description?: string }> {
  const wanted = (term ?? '').trim().toLowerCase()
  const shapes = [...OCI_SHAPES.filter((s) => !s.deprecated), ...OCI_SHAPES.filter((s) => s.deprecated)]
  const choices = shapes
    .filter((s) => wanted === '' || s.name.toLowerCase().includes(wanted))
    .map((s) => ({ value: s.name, name: s.name, description: shapeLine(s) }))
  const extra = [term?.trim(), current].filter((name): name is string => !!name && !findShape(name) && (name === current || shapeNamePattern.test(name)))
  for (const name of new Set(extra)) {
    if (name === current && wanted !== '' && !name.toLowerCase().includes(wanted)) continue
    choices.unshift({ value: name, name: `${name} (not in galley's catalogue)`, description: 'Check it with: oci compute shape list' })
  }
  return choices
}
