/**
 * What offline format checks share: the result of a check, and "did you mean" suggestions.
 * Each provider's own formats are in src/providers/<name>/formats.ts.
 *
 * Everything here is pure: no I/O, no clock, no dependencies. A check answers whether a value
 * has the right *form*; whether the thing exists is a question for the cloud, which galley
 * never asks. A failed check says which part is wrong (`reason`, a phrase that reads after
 * the value, e.g. `"US-CENTRAL1-F": zone names are lowercase`) and, when the fix is
 * mechanical, the corrected value (`suggestion`).
 */

export interface Failure {
  ok: false
  /** What is wrong, as a lowercase phrase without a final period. */
  reason: string
  /** The corrected value, when it can be derived from the input alone. */
  suggestion?: string
}

export type Check = { ok: true } | Failure

export const pass = (): { ok: true } => ({ ok: true })

export function fail(reason: string, suggestion?: string): Failure {
  return suggestion === undefined ? { ok: false, reason } : { ok: false, reason, suggestion }
}

/** `'a', 'b' and 'c'` */
export function quoteList(items: readonly string[]): string {
  const quoted = items.map((item) => `'${item}'`)
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`
}

/** `an image`, `an instance`, but `a user`, `a vcn`. */
export const article = (word: string) => (/^(?:[aeio]|u(?!s|ni))/.test(word) ? 'an' : 'a')

export const uniqueChars = (text: string, pattern: RegExp) => [...new Set([...text].filter((ch) => pattern.test(ch)))]

// ---------------------------------------------------------------------------------------------
// Did you mean

/** Edit distance (insertions, deletions, substitutions; case-sensitive) between two strings. */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0
  if (a.length === 0) return b.length
  if (b.length === 0) return a.length
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution)
    }
    previous = current
  }
  return previous[b.length]
}

/**
 * The candidates within `max` edits of `value`, ignoring case, nearest first, ties in name
 * order (plain code-unit order, so the result does not depend on the locale). A candidate that
 * differs from `value` only in case comes first, at distance 0.
 */
export function closest(value: string, candidates: Iterable<string>, max = 3): string[] {
  const wanted = value.toLowerCase()
  // Lengths further apart than `max` are further than `max` edits: skipped before the quadratic
  // distance (a megabyte-long key would otherwise take seconds).
  return [...new Set(candidates)]
    .filter((name) => Math.abs(name.length - value.length) <= max)
    .map((name) => ({ name, distance: levenshtein(wanted, name.toLowerCase()) }))
    .filter((entry) => entry.distance <= max)
    .sort((x, y) => x.distance - y.distance || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0))
    .map((entry) => entry.name)
}

