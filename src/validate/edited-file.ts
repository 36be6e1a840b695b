import { getPlain } from '../config/edit.js'
import { isPlainObject } from '../model/plain.js'
import type { DocumentKind } from '../config/kinds.js'
import { SERVICE_CONFIG } from '../config/service.js'
import type { ParsedYaml } from '../config/source.js'
import { validateDocument } from './index.js'
import type { Problem } from '../model/problem.js'

/** Validation of an edited --file document with the rules of hal config validate, as its kind is read. */
export function validateEditedFile(parsed: ParsedYaml, opened: { detected: { kind: DocumentKind } }, deployment?: string): Problem[] {
  const kind = opened.detected.kind
  if (kind === 'halconfig') return validateDocument(parsed, { shape: 'halconfig', deployment })
  if (kind === 'deployment') return validateDocument(parsed, { shape: 'deployment' })
  // The deployment inside a manifest, read on its own: positions are not shown (the change was not written).
  const config = getPlain(parsed.value, SERVICE_CONFIG)
  return validateDocument({ ...parsed, value: isPlainObject(config) ? config : {}, locate: () => undefined }, { shape: 'deployment' })
}
