/**
 * A small line diff for the wizard's summary: the change it is about to write, as a unified
 * diff of the config's old and new text. The common head and tail are skipped first, so the
 * longest-common-subsequence table only covers the lines that changed.
 */

export interface DiffLine {
  kind: ' ' | '-' | '+'
  text: string
}

/** Above this many table cells, the changed middle is shown as removed then added (still a correct diff). */
const MAX_CELLS = 4_000_000

export function splitLines(text: string): string[] {
  if (text === '') return []
  const lines = text.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  return lines
}

export function lineDiff(before: readonly string[], after: readonly string[]): DiffLine[] {
  let head = 0
  while (head < before.length && head < after.length && before[head] === after[head]) head++
  let endA = before.length
  let endB = after.length
  while (endA > head && endB > head && before[endA - 1] === after[endB - 1]) {
    endA--
    endB--
  }
  const a = before.slice(head, endA)
  const b = after.slice(head, endB)
  const same = (text: string): DiffLine => ({ kind: ' ', text })
  const out: DiffLine[] = before.slice(0, head).map(same)

  if (a.length * b.length > MAX_CELLS) {
    out.push(...a.map((text): DiffLine => ({ kind: '-', text })), ...b.map((text): DiffLine => ({ kind: '+', text })))
  } else {
    // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
    const lcs = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1))
    for (let i = a.length - 1; i >= 0; i--) {
      for (let j = b.length - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1])
    }
    let i = 0
    let j = 0
    while (i < a.length || j < b.length) {
      if (i < a.length && j < b.length && a[i] === b[j]) {
        out.push(same(a[i]))
        i++
        j++
      } else if (i < a.length && (j === b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
        out.push({ kind: '-', text: a[i++] }) // removals first, as diff(1) shows a replaced line
      } else {
        out.push({ kind: '+', text: b[j++] })
      }
    }
  }
  out.push(...before.slice(endA).map(same))
  return out
}

/** `diff -u` output of two texts (empty when they are equal). */
export function unifiedDiff(before: string, after: string, labels: { from: string; to: string }, context = 3): string {
  const lines = lineDiff(splitLines(before), splitLines(after))
  // Line numbers on each side, for the hunk headers.
  let lineA = 1
  let lineB = 1
  const numbered = lines.map((line) => {
    const entry = { ...line, a: lineA, b: lineB }
    if (line.kind !== '+') lineA++
    if (line.kind !== '-') lineB++
    return entry
  })
  const changed = numbered.flatMap((line, index) => (line.kind === ' ' ? [] : [index]))
  if (changed.length === 0) return ''

  const out = [`--- ${labels.from}`, `+++ ${labels.to}`]
  let next = 0
  while (next < changed.length) {
    // A hunk runs while the unchanged lines between two changes fit in its context.
    let last = next
    while (last + 1 < changed.length && changed[last + 1] - changed[last] - 1 <= 2 * context) last++
    const start = Math.max(0, changed[next] - context)
    const stop = Math.min(numbered.length, changed[last] + context + 1)
    const hunk = numbered.slice(start, stop)
    const oldCount = hunk.filter((line) => line.kind !== '+').length
    const newCount = hunk.filter((line) => line.kind !== '-').length
    // An empty side is numbered by the line before it (0 for an empty file), as diff -u does.
    const oldStart = oldCount === 0 ? hunk[0].a - 1 : hunk.find((line) => line.kind !== '+')!.a
    const newStart = newCount === 0 ? hunk[0].b - 1 : hunk.find((line) => line.kind !== '-')!.b
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`, ...hunk.map((line) => `${line.kind}${line.text}`))
    next = last + 1
  }
  return `${out.join('\n')}\n`
}
