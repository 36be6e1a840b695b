import type { SectionRule } from '../../model/rule.js'

/** Halyard accepted duplicate ids, after which get, edit and delete could not tell them apart. */
export const duplicateBaseImage: SectionRule = {
  id: 'bakery/duplicate-base-image',
  severity: 'error',
  doc: 'Base image ids are unique within a provider (Rosco uses the first; Halyard could not edit either).',
  scope: 'section',
  *check({ provider, baseImages }) {
    const first = new Map<string, number>()
    for (const { id, label, index, path } of baseImages) {
      if (id === undefined) continue
      const earlier = first.get(id)
      if (earlier === undefined) {
        first.set(id, index)
        continue
      }
      yield {
        path: [...path, 'baseImage', 'id'],
        message: `Base image id ${label} is used more than once (entries ${earlier + 1} and ${index + 1}); Rosco only ever uses the first.`,
        remediation: `Rename one: hal config provider ${provider.name} bakery base-image edit ... --id NEW is refused while ids clash, so edit the file by hand.`,
      }
    }
  },
}
