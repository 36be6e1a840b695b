import { randomBytes } from 'node:crypto'
import { StringDecoder } from 'node:string_decoder'

/**
 * The one redaction layer. Everything galley shows passes through `forDisplay`: secret-keyed
 * lines lose their values, the secret values galley knows of (the config's, the packer
 * templates', those typed on the command line) are replaced wherever they appear, and control
 * characters are shown escaped (`\x1b`). `guardOutput()` puts it in front of process.stdout and
 * process.stderr before any command runs, so a command cannot forget it; files meant for people
 * (bake logs) call `forDisplay` themselves. Values are registered as they are read
 * (`noteSecretsIn*`), so the layer knows a secret before anything can print it.
 */

export const REDACTED = '<redacted>'

// ---------------------------------------------------------------- which names are secret

/** Last words that make a name secret: `api_token`, `secret_access_key`, `github_pat`, `basicAuth`. */
const SECRET_WORDS = new Set([
  'secret', 'secrets', 'password', 'passwords', 'passwd', 'passphrase', 'passphrases', 'token', 'tokens',
  'credential', 'credentials', 'key', 'keys', 'pat', 'auth', 'authorization', 'apikey', 'privatekey',
])

/** Endings of the name with its separators removed: `oracle_pass_phrase`, `APIKEY`, `secretaccesskey`. */
const SECRET_ENDINGS = /(passphrase|password|passwd|secrets?|tokens?|credentials?|apikey|privatekey|secretkey|accesskey)$/

/** `sshPrivateKeyFilePath` -> ssh private key file path; `AWS_SECRET_KEY` -> aws secret key. */
function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
}

/**
 * A name whose value is a secret. The last word decides: `privateKeyPassphrase`, `api_token`,
 * `aws_secret_key`, `access_key`, `credentials`, `github_pat`, `auth` are secret;
 * `sshPrivateKeyFilePath`, `keyFile`, `passwordFile`, `tokenUrl`, `secretName` name a file, a
 * place or another object, and are not.
 */
export function isSecretName(name: string): boolean {
  let secret = verdicts.get(name)
  if (secret === undefined) {
    const words = wordsOf(name)
    secret = words.length > 0 && (SECRET_WORDS.has(words[words.length - 1]) || SECRET_ENDINGS.test(words.join('')))
    if (verdicts.size < 10_000) verdicts.set(name, secret)
  }
  return secret
}

const verdicts = new Map<string, boolean>()

/** Values that stand for a secret without being one: placeholders, references, empty values. */
const NOT_A_SECRET = /^(|<[^>]*>|VALUE|~|null|true|false|\[\]|\{\}|encrypted(File)?:.*|\{\{.*\}\}|\$\{[^}]*\}|\*+)$/i

const unquote = (value: string) => {
  const v = value.trim()
  if (v.length >= 2 && ((v[0] === '"' && v.endsWith('"')) || (v[0] === "'" && v.endsWith("'")))) return v.slice(1, -1)
  if (v.length >= 4 && v.startsWith('\\"') && v.endsWith('\\"')) return v.slice(2, -2)
  return v
}

export const isPlaceholder = (value: string) => NOT_A_SECRET.test(unquote(value))

// ---------------------------------------------------------------- known secret values

/** Shorter values would replace ordinary words and numbers everywhere. */
export const MIN_SECRET_LENGTH = 4

const known = new Set<string>()
let knownPattern: RegExp | undefined
/** Longest first, so that a value holding another is replaced whole. */
let knownList: string[] = []
const patternOf = (values: readonly string[]) => new RegExp(values.map(escapeRegExp).join('|'), 'g')

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** The forms a value takes in galley's outputs: JSON, XML, GitHub commands, shell quotes, URLs, escaped. */
function variantsOf(value: string): string[] {
  return [
    value,
    JSON.stringify(value).slice(1, -1),
    value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
    value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;'),
    value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'),
    value.replace(/'/g, `'\\''`),
    encodeURIComponent(value),
    escapeControls(value),
  ]
}

/** Makes galley treat these values as secrets from now on (strings of 4 characters or more). */
export function addSecretValues(values: Iterable<unknown>): void {
  let added = false
  for (const value of values) {
    if (typeof value !== 'string' && typeof value !== 'number') continue
    const text = String(value)
    for (const line of text.split(/\r?\n/)) {
      const v = line.trim()
      if (v.length < MIN_SECRET_LENGTH || isPlaceholder(v)) continue
      for (const form of variantsOf(v)) {
        if (!known.has(form)) {
          known.add(form)
          added = true
        }
      }
    }
  }
  if (added) {
    knownList = [...known].sort((a, b) => b.length - a.length)
    knownPattern = patternOf(knownList)
  }
}

/** Every secret held in a parsed document: values under secret names, all of a secret subtree. */
export function noteSecretsInValue(value: unknown): void {
  const found: string[] = []
  const collect = (node: unknown, secret: boolean, depth: number) => {
    if (depth > 64 || node === null || node === undefined) return
    if (Array.isArray(node)) {
      for (const item of node) collect(item, secret, depth + 1)
    } else if (typeof node === 'object') {
      for (const [key, item] of Object.entries(node as Record<string, unknown>)) collect(item, secret || isSecretName(key), depth + 1)
    } else if (secret && (typeof node === 'string' || typeof node === 'number')) {
      found.push(String(node))
    }
  }
  collect(value, false, 0)
  addSecretValues(found)
}

/** YAML: a secret whose value is on the lines below its name (`key: |`, or a plain scalar folded onto the next line). */
const YAML_BLOCK = /^([ \t]*)(?:-[ \t]+)?["']?([A-Za-z_][\w.-]*)["']?[ \t]*:[ \t]*(?:[|>][-+0-9]*)?[ \t]*\r?\n((?:\1[ \t]+\S.*(?:\r?\n|$))+)/gm

/** HCL: `variable "aws_secret_key" { default = "..." }` (the value is not on the name's line). */
const HCL_VARIABLE = /variable\s+"([^"]+)"\s*\{([^{}]*)\}/g
const HCL_DEFAULT = /default\s*=\s*"((?:[^"\\\n]|\\.)*)"/

/**
 * Every secret a text shows by name, read without parsing it (so a file that does not parse
 * still has its secrets known before its error is shown): YAML `key: value`, JSON
 * `"key": "value"`, `key=value` and HCL `key = "value"` lines, and HCL variables' defaults.
 */
export function noteSecretsInText(text: string): void {
  const found: string[] = []
  eachSecretPair(text, (value) => {
    found.push(unquote(value))
  })
  for (const match of text.matchAll(YAML_BLOCK)) {
    if (isSecretName(match[2])) found.push(...match[3].split('\n').map((line) => unquote(line)))
  }
  for (const match of text.matchAll(HCL_VARIABLE)) {
    const value = isSecretName(match[1]) ? HCL_DEFAULT.exec(match[2])?.[1] : undefined
    if (value !== undefined) found.push(value)
  }
  addSecretValues(found)
}

/** Flags whose value names a file: the file may hold a secret, its path does not. */
const PATH_FLAGS = new Set(['ssh-key'])

/**
 * The secrets typed on a command line: values of secret flags (`--private-key-passphrase X`,
 * `--private-key-passphrase=X`) and secret `name=value` pairs (`--extended-attribute
 * aws_secret_key=X`).
 */
export function noteSecretsInArgv(argv: readonly string[]): void {
  const found: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]
    const flag = /^--?([A-Za-z][\w-]*)(?:=([\s\S]*))?$/.exec(token)
    if (flag) {
      const [, name, inline] = flag
      if (isSecretName(name) && !PATH_FLAGS.has(name)) {
        if (inline !== undefined) found.push(inline)
        else if (i + 1 < argv.length && !argv[i + 1].startsWith('-')) found.push(argv[i + 1])
      }
      if (inline === undefined) continue
    }
    const pair = /^(?:--?[\w-]+=)?([A-Za-z_][\w.-]*)=([\s\S]*)$/.exec(token)
    if (pair && isSecretName(pair[1])) found.push(pair[2])
  }
  addSecretValues(found)
}

/** Forgets every known value (tests). */
export function forgetSecretValues(): void {
  known.clear()
  knownPattern = undefined
  knownList = []
}

// ---------------------------------------------------------------- secret-keyed lines

const NAME = String.raw`[A-Za-z_][\w.-]*`
/** Where a line starts: a real line break, or one escaped in JSON, a GitHub command or XML; or a flow mapping's entry. */
const LINE_START = String.raw`(?:^|\\n|\\r|%0A|&#10;|"|[{,][ \t]*)`
/** A code frame's gutter (`> 12 | `), indentation, a comment's `#` (a secret commented out) and list dashes. */
const LINE_LEAD = String.raw`[ \t]*(?:>?[ \t]*\d+[ \t]*\|[ \t]?)?[ \t]*(?:#[ \t]*)?(?:-[ \t]+)*`
const QUOTED = String.raw`"(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'|\\"(?:[^"\\\n]|\\\\.)*?\\"`
/**
 * A plain value runs to the end of the line, a comment, an escaped line break, or a quote that
 * ends a JSON string. One that opens a mapping or a list (`{`, `[`) is not a value: its entries are.
 */
const PLAIN = String.raw`[^\s"'#\\{[][^\n]*?(?=\\[nrt]|%0A|&#10;|(?<!\\)"|[ \t]+#|[ \t]*$)`

/** YAML `key: value` at the start of a line (also inside a code frame, or a JSON string). */
const YAML_PAIR = new RegExp(`(${LINE_START}${LINE_LEAD})(["']?)(${NAME})\\2([ \\t]*:[ \\t]+)(${QUOTED}|${PLAIN})`, 'gm')
/** JSON `"key": "value"` anywhere, and the same escaped inside a JSON string. */
const JSON_PAIR = /(\\?)"([A-Za-z_][\w.-]*)\1"(\s*:\s*)(\1"(?:[^"\\\n]|\\.)*?\1"|-?\d[\d.eE+-]{3,})/g
/** `'key=value'` as a shell quotes it. */
const SHELL_PAIR = /(')([A-Za-z_][\w.-]*)(=)([^'\n]*)(?=')/g
/** `key=value`, `key = "value"` (`-var`, HCL, environment, query strings, flags). */
const KV_PAIR = new RegExp(String.raw`(^|[\s"(\[{,;&?/-]|\\n)(${NAME})([ \t]*=[ \t]*)(${QUOTED}|[^\s'"&,;)\]}\\]+)`, 'gm')

type PairVisitor = (value: string, name: string) => string | void

/**
 * Replaces the value of each secret pair that `pattern` finds (its last group is the value). A
 * pair that is not secret is skipped past its name only: its value may hold more lines (a
 * JSON string holding a code frame).
 */
function replacePairs(text: string, pattern: RegExp, visit: PairVisitor, nameGroup: number): string {
  let out = ''
  let copied = 0
  pattern.lastIndex = 0
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const whole = match[0]
    const value = match[match.length - 1]
    const name = match[nameGroup]
    const valueAt = match.index + whole.length - value.length
    const replaced = isSecretName(name) && !isPlaceholder(value) ? visit(value, name) : undefined
    if (typeof replaced === 'string') {
      out += text.slice(copied, valueAt) + replaced
      copied = match.index + whole.length
      pattern.lastIndex = copied
    } else {
      pattern.lastIndex = Math.max(valueAt, match.index + 1)
    }
  }
  return out + text.slice(copied)
}

/** JSON values keep their quotes (the document stays valid); a number becomes a string. */
const quotedLike = (value: string, replaced: string) => {
  const esc = value.startsWith('\\"') ? '\\' : ''
  return value.startsWith('"') || esc ? `${esc}"${replaced}${esc}"` : value.startsWith("'") ? `'${replaced}'` : /^-?\d/.test(value) ? `"${replaced}"` : replaced
}

function secretPairsInLine(line: string, visit: PairVisitor): string {
  let out = replacePairs(line, JSON_PAIR, (value, name) => {
    const replaced = visit(value, name)
    return typeof replaced === 'string' ? quotedLike(value, replaced) : undefined
  }, 2)
  out = replacePairs(out, YAML_PAIR, visit, 3)
  out = replacePairs(out, SHELL_PAIR, visit, 2)
  out = replacePairs(out, KV_PAIR, visit, 2)
  return out
}

/**
 * Where a secret name may end before its `:` or `=`: only the lines with one are examined
 * (a large config or JSON output has few), which keeps the layer fast on megabytes.
 */
const CANDIDATE = /(?:secrets?|passw(?:or)?ds?|phrases?|tokens?|credentials?|keys?|pat|auth(?:orization)?)\\?["']?[ \t]*[:=]/gi

function eachSecretPair(text: string, visit: PairVisitor): string {
  let out = ''
  let copied = 0
  CANDIDATE.lastIndex = 0
  for (let match = CANDIDATE.exec(text); match !== null; match = CANDIDATE.exec(text)) {
    const start = text.lastIndexOf('\n', match.index) + 1
    const newline = text.indexOf('\n', match.index)
    const end = newline === -1 ? text.length : newline
    const line = text.slice(start, end)
    out += text.slice(copied, start) + secretPairsInLine(line, visit)
    copied = end
    CANDIDATE.lastIndex = end
  }
  return copied === 0 ? text : out + text.slice(copied)
}

/** A text with secret-keyed values and every known secret value replaced by `<redacted>`. */
export function redactText(text: string): string {
  let out = text
  if (knownPattern) {
    // Most texts hold none of the values: a plain search for each is much faster than the pattern.
    const present = knownList.filter((value) => out.includes(value))
    if (present.length > 0) out = out.replace(present.length === knownList.length ? knownPattern : patternOf(present), REDACTED)
  }
  return eachSecretPair(out, () => REDACTED)
}

// ---------------------------------------------------------------- control characters

/**
 * Control characters that would act on a terminal instead of being read: C0 (but tab and line
 * feed; a carriage return only before a line feed), DEL, C1, and the bidirectional overrides
 * that reorder what is shown.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]|\r(?!\n)/g

const escapeOne = (ch: string) => {
  const code = ch.charCodeAt(0)
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`
}

/** `\x1b[31m` shown as the text `\x1b[31m`. */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, escapeOne)
}

/**
 * galley's own terminal sequences (colours, the progress line) travel as a token no file can
 * hold (it has a random part per process): the guard escapes every real control character
 * first, then turns the tokens back into the sequences they stand for.
 */
const NONCE = randomBytes(6).toString('hex')
const TOKEN = new RegExp(`\uE000${NONCE}([0-9a-f]{2})\uE001`, 'g')

/** A terminal sequence of galley's own (`terminal('\x1b[1m')`), passed by the guard. */
export function terminal(sequence: string): string {
  return sequence.replace(/[\u0000-\u001f\u007f]/g, (ch) => `\uE000${NONCE}${ch.charCodeAt(0).toString(16).padStart(2, '0')}\uE001`)
}

/** Full-screen prompts draw with CSI sequences of their own: while they run, those pass. */
let promptsDrawing = false
// eslint-disable-next-line no-control-regex
const CSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/y

export function allowPromptDrawing(): void {
  promptsDrawing = true
}

function escapeForTerminal(text: string): string {
  if (!promptsDrawing) return escapeControls(text)
  let out = ''
  let last = 0
  for (const match of text.matchAll(CONTROL)) {
    const at = match.index!
    if (at < last) continue
    out += text.slice(last, at)
    CSI.lastIndex = at
    const csi = match[0] === '\u001b' ? CSI.exec(text) : null
    if (csi) {
      out += csi[0]
      last = at + csi[0].length
    } else {
      out += escapeOne(match[0])
      last = at + match[0].length
    }
  }
  return out + text.slice(last)
}

/** What may be shown to a person or written to a log: secrets redacted, control characters escaped. */
export function forDisplay(text: string): string {
  return escapeControls(redactText(text))
}

// ---------------------------------------------------------------- the guard on stdout and stderr

/** What the guard writes for a text: `forDisplay`, then galley's own sequences put back. */
export function forTerminal(text: string): string {
  return escapeForTerminal(redactText(text)).replace(TOKEN, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
}

type Write = typeof process.stdout.write
const guarded = new Set<NodeJS.WriteStream>()

/**
 * Routes every write to stdout and stderr through the redaction layer, whoever makes it
 * (commands, oclif, prompts, console, errors). Installed once, before any command runs.
 */
export function guardOutput(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    if (guarded.has(stream)) continue
    guarded.add(stream)
    const write = stream.write.bind(stream) as Write
    const decoder = new StringDecoder('utf8')
    stream.write = function (chunk: unknown, encoding?: unknown, callback?: unknown) {
      let text: string
      if (typeof chunk === 'string') text = chunk
      else if (chunk instanceof Uint8Array) text = decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength))
      else return (write as any)(chunk, encoding, callback)
      const shown = forTerminal(text)
      return typeof encoding === 'function' ? (write as any)(shown, encoding) : (write as any)(shown, 'utf8', callback)
    } as Write
  }
}
