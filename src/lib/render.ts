import { stringify } from 'yaml'

/** YAML the way Halyard writes it: lists at their key's indentation, no folded lines. */
export function toYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0, indentSeq: false })
}

export function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2)
}
