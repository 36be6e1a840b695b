/**
 * The few Java and Groovy string and map behaviours Rosco's bake recipe depends on, so that
 * galley computes the same names, variables and order as Rosco does on the JVM.
 */

/** `String.trim()`: strips code units up to U+0020 at both ends (not Unicode spaces, unlike JS). */
export function javaTrim(s: string): string {
  let start = 0
  let end = s.length
  while (start < end && s.charCodeAt(start) <= 0x20) start++
  while (end > start && s.charCodeAt(end - 1) <= 0x20) end--
  return s.slice(start, end)
}

/**
 * `String.split(sep)` for a literal one-character separator with Java's limit semantics:
 * limit 0 drops trailing empty strings (so "_" splits into nothing), a positive limit keeps
 * them and leaves the rest unsplit in the last piece.
 */
export function javaSplit(s: string, sep: string, limit = 0): string[] {
  if (s === '') return ['']
  const pieces: string[] = []
  let from = 0
  for (;;) {
    if (limit > 0 && pieces.length === limit - 1) break
    const at = s.indexOf(sep, from)
    if (at === -1) break
    pieces.push(s.slice(from, at))
    from = at + sep.length
  }
  if (pieces.length === 0) return [s]
  pieces.push(s.slice(from))
  if (limit === 0) while (pieces.length > 0 && pieces[pieces.length - 1] === '') pieces.pop()
  return pieces
}

/** Groovy's `tokenize(chars)` (a StringTokenizer): pieces between separators, empty ones dropped. */
export function groovyTokenize(s: string, separators: string): string[] {
  const out: string[] = []
  let current = ''
  for (const ch of s) {
    if (separators.includes(ch)) {
      if (current !== '') out.push(current)
      current = ''
    } else {
      current += ch
    }
  }
  if (current !== '') out.push(current)
  return out
}

/**
 * Groovy's `String.isInteger()`: `Integer.valueOf(trimmed)` succeeds: an optional sign and
 * decimal digits, within a 32-bit int. Java takes any Unicode decimal digit (\p{Nd}); nine or
 * fewer of them always fit, so only the value of ASCII ones is needed for the range check.
 */
export function groovyIsInteger(s: string): boolean {
  const m = /^([+-]?)(\p{Nd}+)$/u.exec(javaTrim(s))
  if (!m) return false
  const digits = [...m[2]]
  if (digits.length <= 9) return true
  if (!/^[0-9]+$/.test(m[2])) return false // more than nine non-ASCII digits: not worth modelling
  const value = BigInt(`${m[1] === '-' ? '-' : ''}${m[2]}`)
  return value >= -2147483648n && value <= 2147483647n
}

/** `String.hashCode()`: s[0]*31^(n-1) + ... + s[n-1] over UTF-16 code units, in 32-bit arithmetic. */
export function javaStringHash(s: string): number {
  let h = 0
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0
  return h
}

/**
 * A `java.util.HashMap<String, V>` (Java 8 and later) as far as iteration order goes: entries
 * are kept in buckets `(h ^ h >>> 16) & (capacity - 1)`, in insertion order within a bucket; the
 * table starts at 16 and doubles when the size passes 3/4 of it (a resize keeps each bucket's
 * order). A bucket of 8 or more would turn into a tree; Rosco's keys never get near that.
 */
export class JavaHashMap<V> {
  private table: Array<Array<[string, V]>> = Array.from({ length: 16 }, () => [])
  private count = 0

  constructor(entries: Iterable<[string, V]> = []) {
    for (const [k, v] of entries) this.put(k, v)
  }

  private static index(key: string, capacity: number): number {
    const h = javaStringHash(key)
    return (h ^ (h >>> 16)) & (capacity - 1)
  }

  put(key: string, value: V): void {
    const bucket = this.table[JavaHashMap.index(key, this.table.length)]
    const found = bucket.find(([k]) => k === key)
    if (found) {
      found[1] = value
      return
    }
    bucket.push([key, value])
    if (++this.count > this.table.length * 0.75) this.resize()
  }

  get(key: string): V | undefined {
    return this.table[JavaHashMap.index(key, this.table.length)].find(([k]) => k === key)?.[1]
  }

  has(key: string): boolean {
    return this.table[JavaHashMap.index(key, this.table.length)].some(([k]) => k === key)
  }

  private resize(): void {
    const capacity = this.table.length * 2
    const next: Array<Array<[string, V]>> = Array.from({ length: capacity }, () => [])
    for (const bucket of this.table) for (const entry of bucket) next[JavaHashMap.index(entry[0], capacity)].push(entry)
    this.table = next
  }

  get size(): number {
    return this.count
  }

  get capacity(): number {
    return this.table.length
  }

  *entries(): IterableIterator<[string, V]> {
    for (const bucket of this.table) for (const entry of bucket) yield entry
  }

  keys(): string[] {
    return [...this.entries()].map(([k]) => k)
  }
}
