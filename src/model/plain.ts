/** A YAML or JSON mapping as galley reads it: keys to values of any kind. */
export type Plain = Record<string, unknown>

/** A mapping: not null, not a list, not a scalar. */
export const isPlainObject = (value: unknown): value is Plain =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
