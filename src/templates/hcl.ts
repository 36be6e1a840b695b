/**
 * Just enough of HCL2 to lint a `.pkr.hcl` template offline: its top-level `variable` and
 * `source` blocks and its strings. Syntax errors are left to `packer validate -syntax-only`,
 * which knows the whole language; this scanner stops quietly where it cannot follow.
 */

export interface HclVariable {
  name: string
  /** No `default`: Packer fails with "Unset variable" when nothing sets it. */
  required: boolean
  offset: number
}

export interface HclSource {
  /** The builder type, e.g. googlecompute. */
  type: string
  name: string
  offset: number
}

export interface HclString {
  /** The string's text as written, without its quotes (interpolations kept). */
  raw: string
  offset: number
}

export interface HclSummary {
  variables: HclVariable[]
  sources: HclSource[]
  strings: HclString[]
  /** False when the scanner lost its way (Packer will report the syntax error). */
  complete: boolean
}

type Token =
  | { t: 'ident'; v: string; at: number }
  | { t: 'string'; v: string; at: number }
  | { t: 'punct'; v: string; at: number }
  | { t: 'nl'; at: number }

class Lost extends Error {}

function tokenize(text: string, strings: HclString[]): Token[] {
  const tokens: Token[] = []
  let i = 0

  /** Skips a quoted string starting at `i` (a quote); interpolations may hold quotes of their own. */
  const skipQuoted = (): number => {
    const open = i
    i++
    while (i < text.length) {
      const c = text[i]
      if (c === '\\') i += 2
      else if (c === '"') return ++i
      else if ((c === '$' || c === '%') && text[i + 1] === '{') {
        i += 2
        skipTemplate()
      } else if (c === '\n') throw new Lost()
      else i++
    }
    throw new Lost(`unclosed string at ${open}`)
  }

  /** Skips an interpolation body up to its closing brace. */
  const skipTemplate = () => {
    let depth = 1
    while (i < text.length && depth > 0) {
      const c = text[i]
      if (c === '"') skipQuoted()
      else {
        if (c === '{') depth++
        else if (c === '}') depth--
        i++
      }
    }
    if (depth > 0) throw new Lost()
  }

  while (i < text.length) {
    const c = text[i]
    if (c === '\n') {
      tokens.push({ t: 'nl', at: i++ })
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++
    } else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      while (i < text.length && text[i] !== '\n') i++
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2)
      if (end === -1) throw new Lost()
      i = end + 2
    } else if (c === '"') {
      const start = i
      skipQuoted()
      const raw = text.slice(start + 1, i - 1)
      strings.push({ raw, offset: start })
      tokens.push({ t: 'string', v: raw.replace(/\\(.)/g, '$1'), at: start })
    } else if (c === '<' && text[i + 1] === '<') {
      const match = /^<<-?([A-Za-z_][A-Za-z0-9_]*)[ \t]*\r?\n/.exec(text.slice(i))
      if (!match) {
        tokens.push({ t: 'punct', v: '<', at: i++ })
        continue
      }
      const start = i
      i += match[0].length
      const bodyStart = i
      for (;;) {
        const lineEnd = text.indexOf('\n', i)
        const line = text.slice(i, lineEnd === -1 ? text.length : lineEnd)
        if (line.trim() === match[1]) {
          strings.push({ raw: text.slice(bodyStart, i), offset: bodyStart })
          tokens.push({ t: 'string', v: text.slice(bodyStart, i), at: start })
          i = lineEnd === -1 ? text.length : lineEnd
          break
        }
        if (lineEnd === -1) throw new Lost()
        i = lineEnd + 1
      }
    } else if (/[A-Za-z_]/.test(c)) {
      const start = i
      while (i < text.length && /[A-Za-z0-9_.-]/.test(text[i])) i++
      tokens.push({ t: 'ident', v: text.slice(start, i), at: start })
    } else {
      tokens.push({ t: 'punct', v: c, at: i++ })
    }
  }
  return tokens
}

export function scanHcl(text: string): HclSummary {
  const summary: HclSummary = { variables: [], sources: [], strings: [], complete: true }
  let tokens: Token[]
  try {
    tokens = tokenize(text, summary.strings)
  } catch {
    return { ...summary, complete: false }
  }
  let p = 0
  const skipNewlines = () => {
    while (tokens[p]?.t === 'nl') p++
  }

  /** Skips an attribute's expression: to the end of the line, across brackets. */
  const skipExpression = () => {
    let depth = 0
    while (p < tokens.length) {
      const tok = tokens[p]
      if (tok.t === 'nl' && depth === 0) return
      if (tok.t === 'punct' && '([{'.includes(tok.v)) depth++
      if (tok.t === 'punct' && ')]}'.includes(tok.v)) {
        if (depth === 0) return
        depth--
      }
      p++
    }
  }

  /** Parses a body up to its closing brace; returns the names of its attributes. */
  const parseBody = (topLevel: boolean): Set<string> => {
    const attributes = new Set<string>()
    for (;;) {
      skipNewlines()
      const tok = tokens[p]
      if (tok === undefined) {
        if (topLevel) return attributes
        throw new Lost()
      }
      if (tok.t === 'punct' && tok.v === '}') {
        if (topLevel) throw new Lost()
        p++
        return attributes
      }
      if (tok.t !== 'ident') throw new Lost()
      p++
      if (tokens[p]?.t === 'punct' && (tokens[p] as { v: string }).v === '=') {
        p++
        attributes.add(tok.v)
        skipExpression()
        continue
      }
      const labels: Array<{ v: string; at: number }> = []
      while (tokens[p] && (tokens[p].t === 'string' || tokens[p].t === 'ident')) {
        const label = tokens[p] as { v: string; at: number }
        labels.push(label)
        p++
      }
      if (!(tokens[p]?.t === 'punct' && (tokens[p] as { v: string }).v === '{')) throw new Lost()
      p++
      const inner = parseBody(false)
      if (topLevel && tok.v === 'variable' && labels[0]) {
        summary.variables.push({ name: labels[0].v, required: !inner.has('default'), offset: tok.at })
      }
      if (topLevel && tok.v === 'source' && labels.length >= 2) {
        summary.sources.push({ type: labels[0].v, name: labels[1].v, offset: labels[0].at })
      }
    }
  }

  try {
    parseBody(true)
  } catch {
    summary.complete = false
  }
  return summary
}
