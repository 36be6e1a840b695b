// The bundle's source made ASCII only (scripts/build.js): V8 holds a source with any non-ASCII
// character at two bytes a character, slower to read and to scan at every start.
import { createRequire } from 'node:module'

const NON_ASCII = /[^\x00-\x7f]/g

/**
 * `code` with each non-ASCII character written as a \uXXXX escape, where the escape means the same.
 * esbuild escapes what it can itself; what it leaves raw is in regular expression literals, where
 * an escape is the same character (an astral one as its two surrogates, which a `u` or `v`
 * expression reads as one), and in tagged templates, where it is not (String.raw would see the
 * six characters). So a character is escaped only inside a regular expression literal, a string
 * or a name, and not right after a backslash (`/\é/` is not `/\\u00e9/`); anywhere else the
 * build stops, naming the place, rather than change what the code does.
 */
export function asciiOnly(code, name = 'the bundle') {
  const places = [...code.matchAll(NON_ASCII)].map((m) => m.index)
  if (places.length === 0) return code
  const ts = createRequire(import.meta.url)('typescript')
  const file = ts.createSourceFile(name, code, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS)
  const ESCAPABLE = new Set([ts.SyntaxKind.RegularExpressionLiteral, ts.SyntaxKind.StringLiteral, ts.SyntaxKind.Identifier, ts.SyntaxKind.PrivateIdentifier])
  // The innermost node around each place: a token (its kind says what the character is part of),
  // or a larger node when the place is in trivia between tokens (a comment).
  const kindAt = new Map()
  const visit = (node) => {
    const inside = places.filter((at) => at >= node.getStart(file) && at < node.end && !kindAt.has(at))
    if (inside.length === 0) return
    ts.forEachChild(node, visit)
    for (const at of inside) if (!kindAt.has(at)) kindAt.set(at, node.kind)
  }
  ts.forEachChild(file, visit)
  for (const at of places) {
    const kind = kindAt.get(at)
    const backslashes = /\\*$/.exec(code.slice(Math.max(0, at - 64), at))[0].length
    if (!ESCAPABLE.has(kind) || backslashes % 2 === 1) {
      const { line, character } = file.getLineAndCharacterOfPosition(at)
      const where = `${name}:${line + 1}:${character + 1}`
      const what = backslashes % 2 === 1 ? 'right after a backslash' : kind !== undefined && kind >= ts.SyntaxKind.FirstTemplateToken && kind <= ts.SyntaxKind.LastTemplateToken ? 'in a template literal' : 'outside any literal or name (in a comment?)'
      throw new Error(`build: ${where} holds ${JSON.stringify(code[at])} ${what}, where a \\u escape would change what the code means: ${JSON.stringify(code.slice(Math.max(0, at - 40), at + 20))}; see scripts/ascii-only.js`)
    }
  }
  return code.replace(NON_ASCII, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}
