/**
 * Placeholders: parts of a value that something fills in before Spinnaker reads it.
 * - `${NAME}` and `${NAME:default}`: Spring resolves them when a service starts (from its other
 *   settings, then the environment, else the default); envsubst fills `${NAME}` too.
 * - `$NAME`, `{%NAME%}`: envsubst and sed templates in shared configs.
 * - `<change-me>`: a value left for the reader to write (the whole value in angle brackets).
 * Their values are unknown here: galley does not check their format, and says once per file
 * that it did not (SPEC.md §13).
 */

export type PlaceholderStyle = 'spring' | 'shell' | 'template' | 'fill-in'

export interface PlaceholderMatch {
  style: PlaceholderStyle
  /** The placeholder as written, e.g. `${GCE_ZONE:us-central1-f}`. */
  text: string
  /** The name it stands for (`GCE_ZONE`); for a fill-in, the text between the brackets. */
  name: string
  /** A Spring placeholder's default (after the first `:`), when it has one. */
  fallback?: string
}

/** `${name}` or `${name:default}`; the name holds no `}` or `:`, the default no `}`. */
const SPRING = /\$\{([^}:\s]+)(?::([^}]*))?\}/g
/** `$NAME` as envsubst reads it: upper case, so that `pa$word` or a `$1` stay plain text. */
const SHELL = /(?<![\w$\\])\$([A-Z_][A-Z0-9_]*)\b(?!\{)/g
const TEMPLATE = /\{%\s*([\w.-]+)\s*%\}/g
/** The whole value in angle brackets: `<change-me>`, `<your project id>`. */
const FILL_IN = /^<([^<>\n]{1,80})>$/

/** Every placeholder in a string, in order. */
export function findPlaceholders(value: string): PlaceholderMatch[] {
  if (!/[$%<]/.test(value)) return []
  const found: Array<PlaceholderMatch & { at: number }> = []
  for (const m of value.matchAll(SPRING)) found.push({ style: 'spring', text: m[0], name: m[1], fallback: m[2], at: m.index! })
  for (const m of value.matchAll(SHELL)) found.push({ style: 'shell', text: m[0], name: m[1], at: m.index! })
  for (const m of value.matchAll(TEMPLATE)) found.push({ style: 'template', text: m[0], name: m[1], at: m.index! })
  const fill = FILL_IN.exec(value.trim())
  if (fill && fill[1] !== 'redacted') found.push({ style: 'fill-in', text: value.trim(), name: fill[1], at: 0 })
  return found.sort((a, b) => a.at - b.at).map(({ at: _at, ...rest }) => rest)
}

/** Whether a value holds a placeholder, so that its format cannot be checked. */
export const hasPlaceholder = (value: unknown): boolean => typeof value === 'string' && findPlaceholders(value).length > 0

/**
 * Resolves the Spring placeholders of a value as Rosco would at start-up, as far as the file
 * itself tells: `lookup` gives another setting of the same file (`${services.rosco.port}`), else
 * the default is used. What stays unresolved is returned (its value comes from the environment).
 */
export function resolveSpring(value: string, lookup: (name: string) => string | undefined, depth = 0): { value: string; unresolved: PlaceholderMatch[] } {
  const unresolved: PlaceholderMatch[] = []
  if (depth > 8) return { value, unresolved } // a placeholder that refers to itself
  const resolved = value.replace(SPRING, (text, name: string, fallback: string | undefined) => {
    const own = lookup(name)
    const chosen = own ?? fallback
    if (chosen === undefined) {
      unresolved.push({ style: 'spring', text, name })
      return text
    }
    const inner = resolveSpring(chosen, lookup, depth + 1)
    unresolved.push(...inner.unresolved)
    return inner.value
  })
  return { value: resolved, unresolved }
}
