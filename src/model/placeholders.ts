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
  if (depth > 8 || !value.includes('${')) return { value, unresolved } // depth: a placeholder that refers to itself
  let out = ''
  let i = 0
  while (i < value.length) {
    const start = value.indexOf('${', i)
    if (start === -1) break
    // The matching "}", counting nested "${...}" (Spring's PropertyPlaceholderHelper does the same).
    let level = 0
    let end = -1
    let colon = -1
    for (let j = start + 2; j < value.length; j++) {
      if (value.startsWith('${', j)) {
        level++
        j++
      } else if (value[j] === '}') {
        if (level === 0) {
          end = j
          break
        }
        level--
      } else if (value[j] === ':' && level === 0 && colon === -1) colon = j
    }
    if (end === -1) break
    out += value.slice(i, start)
    const text = value.slice(start, end + 1)
    const name = value.slice(start + 2, colon === -1 ? end : colon)
    const fallback = colon === -1 ? undefined : value.slice(colon + 1, end)
    const chosen = lookup(name) ?? fallback
    if (chosen === undefined) {
      unresolved.push({ style: 'spring', text, name })
      out += text
    } else {
      const inner = resolveSpring(chosen, lookup, depth + 1)
      unresolved.push(...inner.unresolved)
      out += inner.value
    }
    i = end + 1
  }
  return { value: out + value.slice(i), unresolved }
}
