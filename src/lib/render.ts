import { stringifyYaml11 } from './yaml11.js'

/** YAML the way Halyard writes it: lists at their key's indentation, no folded lines, strings a YAML 1.1 reader would misread quoted. */
export function toYaml(value: unknown): string {
  return stringifyYaml11(value, { lineWidth: 0, indentSeq: false })
}

export function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2)
}
