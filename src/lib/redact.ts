import { randomHex } from './random.js'
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
  // Short forms: `db_pass`, `root_pw`, `admin_pwd`, `ansible_vault_pass`.
  'pass', 'pw', 'pwd',
])

/** Endings of the name with its separators removed: `oracle_pass_phrase`, `APIKEY`, `secretaccesskey`. */
const SECRET_ENDINGS = /(passphrase|password|passwd|secrets?|tokens?|credentials?|apikey|appkey|privatekey|secretkey|accesskey)$/

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
    // A numbered copy is the same kind of value: awsSecretKey2, password_1.
    const last = words.length > 0 ? words[words.length - 1].replace(/(?<=[a-z])\d+$/, '') : ''
    secret = words.length > 0 && !isSwitch(words) && !isPublicKey(words) && (SECRET_WORDS.has(last) || SECRET_ENDINGS.test(words.join('').replace(/\d+$/, '')) || isPrivatePem(words))
    if (verdicts.size < 10_000) verdicts.set(name, secret)
  }
  return secret
}

const verdicts = new Map<string, boolean>()

/** `useSshPublicKey`, `isKeyRequired`, `hasPassword`: a switch, true or false, whatever it is about. */
const isSwitch = (words: string[]) => words.length > 1 && ['use', 'is', 'has'].includes(words[0])

/** `sshPublicKey`, `public_key`: public key material is meant to be shown. */
const isPublicKey = (words: string[]) => words.length > 1 && /^keys?$/.test(words[words.length - 1]) && words[words.length - 2] === 'public'

/** `private_key_pem`, `tls_key_pem` hold a key; `cert_pem`, `public_key_pem`, `ca_pem` hold public material. */
const isPrivatePem = (words: string[]) =>
  words[words.length - 1] === 'pem' && (words.includes('key') || words.includes('private')) && !words.includes('public')

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

/**
 * Where a known secret value is replaced (the rule of the layer, besides secret-keyed lines,
 * which lose their values whatever their length):
 * - a value read from a file (config, template, var file, Rosco request) is replaced anywhere
 *   only from MIN_SECRET_LENGTH (8) characters: shorter ones (`default`, `ocid1`, `": "`)
 *   would replace ordinary words, names and JSON punctuation;
 * - a value typed on this command line is replaced from MIN_TYPED_SECRET_LENGTH (4): the user
 *   has just typed it, and it is about to be echoed back in this run's messages;
 * - a value that the config also holds as a non-secret value (a name, an id, a region) is
 *   never replaced anywhere: it is shown there anyway, and replacing it would hide the config;
 * - JSON output (a whole write that is a JSON document) is redacted by its structure, string
 *   by string, and serialised again: a replacement never breaks the document.
 */
export const MIN_SECRET_LENGTH = 8
export const MIN_TYPED_SECRET_LENGTH = 4

/** Secret values (trimmed lines), each with the shortest length at which it is replaced anywhere. */
const secretValues = new Map<string, number>()
/** Values the config shows as non-secret. */
const ordinaryValues = new Set<string>()
let stale = false
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

function rebuildKnown(): void {
  stale = false
  known.clear()
  for (const [value, minLength] of secretValues) {
    if (value.length < minLength || ordinaryValues.has(value)) continue
    for (const form of variantsOf(value)) known.add(form)
  }
  knownList = [...known].sort((a, b) => b.length - a.length)
  knownPattern = knownList.length > 0 ? patternOf(knownList) : undefined
}

/** Makes galley treat these values as secrets from now on (see the rule above). */
export function addSecretValues(values: Iterable<unknown>, minLength = MIN_SECRET_LENGTH): void {
  for (const value of values) {
    if (typeof value !== 'string' && typeof value !== 'number') continue
    const text = String(value)
    for (const line of text.split(/\r?\n/)) {
      const v = line.trim()
      if (v.length < MIN_TYPED_SECRET_LENGTH || isPlaceholder(v)) continue
      const had = secretValues.get(v)
      if (had === undefined || minLength < had) {
        secretValues.set(v, minLength)
        stale = true
      }
    }
  }
}

/** Values shown as non-secret (names, ids, regions): never replaced as secrets. */
function addOrdinaryValues(values: Iterable<string>): void {
  for (const value of values) {
    const v = value.trim()
    if (ordinaryValues.has(v) || !secretValuesMayHold(v)) continue
    ordinaryValues.add(v)
    stale = true
  }
}

/** Only values long enough to be replaced need remembering as ordinary. */
const secretValuesMayHold = (value: string) => value.length >= MIN_TYPED_SECRET_LENGTH && value.length <= 4096

/** The longest form of a known value (the splitter of long output lines keeps this much together). */
export function longestSecretForm(): number {
  if (stale) rebuildKnown()
  return knownList[0]?.length ?? 0
}

/**
 * Where to cut `text` at or before `at` so that no known secret value straddles the cut (each
 * piece of a long line is redacted on its own). 0 when the only safe cut is the start.
 */
export function safeCut(text: string, at: number): number {
  if (stale) rebuildKnown()
  let cut = Math.min(at, text.length)
  for (let moved = true; moved && cut > 0;) {
    moved = false
    for (const value of knownList) {
      const from = Math.max(0, cut - value.length + 1)
      const found = text.indexOf(value, from)
      if (found !== -1 && found < cut && found + value.length > cut) {
        cut = found
        moved = true
      }
    }
  }
  return cut
}

/** Every secret held in a parsed document: values under secret names, all of a secret subtree. */
export function noteSecretsInValue(value: unknown): void {
  const found: string[] = []
  const ordinary = new Set<string>()
  // An alias makes one object appear many times (a billion laughs): each is walked once per verdict.
  const seen = [new WeakSet<object>(), new WeakSet<object>()]
  const collect = (node: unknown, secret: boolean, depth: number) => {
    if (depth > 64 || node === null || node === undefined) return
    if (typeof node === 'object') {
      const visited = seen[secret ? 1 : 0]
      if (visited.has(node)) return
      visited.add(node)
    }
    if (Array.isArray(node)) {
      for (const item of node) collect(item, secret, depth + 1)
    } else if (typeof node === 'object') {
      for (const [key, item] of Object.entries(node as Record<string, unknown>)) collect(item, secret || isSecretName(key), depth + 1)
    } else if (typeof node === 'string' || typeof node === 'number') {
      if (secret) found.push(String(node))
      else ordinary.add(String(node))
      if (typeof node === 'string') found.push(...urlPasswords(node))
    }
  }
  collect(value, false, 0)
  addSecretValues(found)
  addOrdinaryValues(ordinary)
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
  addSecretValues(secretsInText(text))
}

/** The secret values a text shows (see noteSecretsInText), placeholders and empty ones left out. */
function secretsInText(text: string): string[] {
  const found: string[] = []
  eachSecretPair(text, (value) => {
    found.push(unquote(value))
  })
  for (const match of text.matchAll(YAML_BLOCK)) {
    if (isSecretName(match[2])) found.push(...match[3].split('\n').map((line) => unquote(line)))
  }
  found.push(...urlPasswords(text))
  for (const match of text.matchAll(HCL_VARIABLE)) {
    const value = isSecretName(match[1]) ? HCL_DEFAULT.exec(match[2])?.[1] : undefined
    if (value !== undefined) found.push(value)
  }
  return found.filter((value) => value.trim().length >= MIN_SECRET_LENGTH && !isPlaceholder(value.trim()) && !HCL_REFERENCE.test(value.trim()))
}

/** HCL2's `client_secret = var.azure_client_secret`: a reference to a variable, not a value. */
const HCL_REFERENCE = /^(?:var|local|data)\.[A-Za-z_][\w.-]*$/

/** Flags whose value names a file: the file may hold a secret, its path does not. */
const PATH_FLAGS = new Set(['ssh-key'])

/** Command-line tokens that are (part of) a secret, whatever their length: shown redacted in usage errors. */
const typedTokens = new Set<string>()

const FLAG = /^--?([A-Za-z][\w-]*)(?:=([\s\S]*))?$/

/** The tokens after a flag up to the next flag: the flag's value, or the words of an unquoted one. */
function tokensAfter(argv: readonly string[], i: number): string[] {
  const out: string[] = []
  for (let j = i + 1; j < argv.length && !argv[j].startsWith('-'); j++) out.push(argv[j])
  return out
}

/**
 * The secrets typed on a command line: values of secret flags (`--private-key-passphrase X`,
 * `--private-key-passphrase=X`) and secret `name=value` pairs (`--extended-attribute
 * aws_secret_key=X`). A secret flag takes every token up to the next flag: an unquoted
 * passphrase with spaces (`--private-key-passphrase correct horse battery staple`) arrives as
 * several tokens, and all of them are secret.
 */
export function noteSecretsInArgv(argv: readonly string[]): void {
  const found: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]
    const flag = FLAG.exec(token)
    if (flag) {
      const [, name, inline] = flag
      if (isSecretName(name) && !PATH_FLAGS.has(name)) {
        if (inline !== undefined) {
          found.push(inline)
          typedTokens.add(inline)
        } else {
          const words = tokensAfter(argv, i)
          found.push(words.join(' '), ...words)
          for (const word of words) typedTokens.add(word)
        }
      }
      if (inline === undefined) continue
    }
    const pair = /^(?:--?[\w-]+=)?([A-Za-z_][\w.-]*)=([\s\S]*)$/.exec(token)
    if (pair && isSecretName(pair[1])) found.push(pair[2])
  }
  addSecretValues(found, MIN_TYPED_SECRET_LENGTH)
}

/**
 * oclif's usage errors echo the command line: `Unexpected arguments: horse, battery, staple`,
 * `Nonexistent flag: --private-key-pass=Secret456y`. The rule for them: the value of an unknown
 * `--flag=value` is never shown (`--flag=…`); the tokens after a secret flag or an unknown flag,
 * up to the next flag, may be a secret (an unknown flag may be a mistyped secret flag taking a
 * value) and are shown as `<redacted>` wherever the message lists them.
 */
export function redactUsageMessage(message: string, argv: readonly string[], isKnownFlag: (name: string) => boolean): string {
  const suspects = new Set<string>(typedTokens)
  const unknownInline = new Map<string, string>()
  for (let i = 0; i < argv.length; i++) {
    const flag = FLAG.exec(argv[i])
    if (!flag) continue
    const [, name, inline] = flag
    const known = isKnownFlag(name)
    if (inline !== undefined) {
      if (!known) unknownInline.set(argv[i], `${argv[i].slice(0, argv[i].length - inline.length)}…`)
      else if (isSecretName(name)) suspects.add(inline)
    } else if (!known || (isSecretName(name) && !PATH_FLAGS.has(name))) {
      for (const word of tokensAfter(argv, i)) suspects.add(word)
    }
  }
  let out = message
  for (const [token, shown] of unknownInline) out = out.split(token).join(shown)
  return out.replace(/^((?:Unexpected arguments?|Nonexistent flags?|Unknown arguments?)[^:\n]*:[ \t]*)(.*)$/gim, (_, head: string, list: string) =>
    head + list.split(', ').map((item) => (suspects.has(item) ? REDACTED : item)).join(', '))
}

/** Forgets every known value (tests). */
export function forgetSecretValues(): void {
  secretValues.clear()
  ordinaryValues.clear()
  typedTokens.clear()
  rebuildKnown()
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
const CANDIDATE = /(?:secrets?|passw(?:or)?ds?|phrases?|tokens?|credentials?|keys?|pat|auth(?:orization)?|pass|pwd?|pem)\\?["']?[ \t]*[:=]/gi

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

/**
 * The password of a URL's user information (`https://user:PASSWORD@host`): a repository URL in a
 * base image or a request carries its credentials this way, under a name that is not secret.
 */
// A password may hold "@": URL parsers take the last "@" before the host, and so does this.
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@'"<>]*:)([^\s/?#'"<>]+)(@)/gi

/** The word itself, as documentation writes it (`https://user:password@host`): not a secret to hunt for elsewhere. */
const EXAMPLE_PASSWORD = /^(password|passwd|pass|pw|secret|token|changeme|x+|\*+)$/i

const urlPasswords = (text: string) =>
  text.includes('://') ? [...text.matchAll(URL_PASSWORD)].map((match) => match[2]).filter((pw) => !EXAMPLE_PASSWORD.test(pw) && !isPlaceholder(pw)) : []

/** Whether a text holds a secret galley would redact: one under a secret name, a URL's password, a known value. */
export function holdsSecrets(text: string): boolean {
  const found = secretsInText(text)
  addSecretValues(found)
  return found.length > 0
}

/** Whether a value carries a URL with a password (`https://user:PASSWORD@host`). */
export const holdsUrlPassword = (value: string) => urlPasswords(value).length > 0

/** A text with secret-keyed values, URL passwords and every known secret value replaced by `<redacted>`. */
export function redactText(text: string): string {
  let out = text.includes('://') ? text.replace(URL_PASSWORD, `$1${REDACTED}$3`) : text
  if (stale) rebuildKnown()
  if (knownPattern) {
    // Most texts hold none of the values: a plain search for each is much faster than the pattern.
    const present = knownList.filter((value) => out.includes(value))
    if (present.length > 0) out = out.replace(present.length === knownList.length ? knownPattern : patternOf(present), REDACTED)
  }
  return eachSecretPair(out, () => REDACTED)
}

// ---------------------------------------------------------------- lines of a secret's value

const KEY_LINE = /^([ \t]*)(?:-[ \t]+)*(["']?)([A-Za-z_][\w.-]*)\2[ \t]*:[ \t]*(.*)$/

/**
 * The lines of a text (numbered from 1) that show part of a secret value but not its name, so
 * that no keyed-line rule sees them: the lines of a block scalar (`privateKeyPassphrase: |-`)
 * or of a value on the lines below its name, and a flow collection (`privateKeyPassphrase:
 * [pw1, {q: zz9}]`, on its line and those it runs on to). Each maps to what a code frame shows
 * instead: the indentation and `<redacted>`, or the name's line with its value redacted.
 */
export function secretValueLines(text: string): Map<number, string> {
  const shown = new Map<number, string>()
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const match = KEY_LINE.exec(lines[i].replace(/\r$/, ''))
    if (!match || !isSecretName(match[3])) continue
    const [, indent, , , rest] = match
    const value = rest.replace(/[ \t]+#.*$/, '').trim()
    if (value.startsWith('[') || value.startsWith('{')) {
      shown.set(i + 1, lines[i].slice(0, lines[i].length - rest.length) + REDACTED)
      let depth = 0
      for (let j = i; j < lines.length; j++) {
        depth += bracketBalance(j === i ? rest : lines[j])
        if (j > i) shown.set(j + 1, lines[j].replace(/^([ \t]*).*$/s, `$1${REDACTED}`))
        if (depth <= 0) {
          i = j
          break
        }
      }
    } else if (/^["']/.test(value) && !closesQuote(value)) {
      // A quoted value running on to the next lines: those lines up to its closing quote.
      shown.set(i + 1, lines[i].slice(0, lines[i].length - rest.length) + REDACTED)
      for (let j = i + 1; j < lines.length; j++) {
        shown.set(j + 1, lines[j].replace(/^([ \t]*).*$/s, `$1${REDACTED}`))
        i = j
        if (closesQuote(value[0] + lines[j].trim())) break
      }
    } else if (value === '' || /^[|>][-+0-9]*$/.test(value)) {
      for (let j = i + 1; j < lines.length; j++) {
        const line = lines[j].replace(/\r$/, '')
        if (line.trim() === '') continue
        const lead = /^[ \t]*/.exec(line)![0]
        if (lead.length <= indent.length) break
        shown.set(j + 1, lead + REDACTED)
        i = j
      }
    }
  }
  return shown
}

/** Whether a value that opens with a quote also closes it (YAML: `\\"` in double quotes, `''` in single). */
function closesQuote(value: string): boolean {
  const quote = value[0]
  for (let k = 1; k < value.length; k++) {
    if (quote === '"' && value[k] === '\\') k++
    else if (value[k] === quote) {
      if (quote === "'" && value[k + 1] === "'") k++
      else return true
    }
  }
  return false
}

/** Opened minus closed brackets, outside quotes. */
function bracketBalance(line: string): number {
  let depth = 0
  let quote = ''
  for (let k = 0; k < line.length; k++) {
    const ch = line[k]
    if (quote) {
      if (ch === '\\' && quote === '"') k++
      else if (ch === quote) quote = ''
    } else if (ch === '"' || ch === "'") quote = ch
    else if (ch === '[' || ch === '{') depth++
    else if (ch === ']' || ch === '}') depth--
    else if (ch === '#' && (k === 0 || /\s/.test(line[k - 1]))) break
  }
  return depth
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
  // C0 as `\x1b`; DEL, C1 and the rest as `\u0085`, which is also a valid escape inside a JSON
  // string (JSON.stringify leaves these characters raw, so the guard meets them in --json output).
  return code < 0x20 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`
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
let token: { nonce: string; pattern: RegExp } | undefined
/** Made when galley first colours its output: until then no token can be in it. */
const tokenNow = () => {
  if (!token) {
    const nonce = randomHex(12)
    token = { nonce, pattern: new RegExp(`\uE000${nonce}([0-9a-f]{2})\uE001`, 'g') }
  }
  return token
}

/** A terminal sequence of galley's own (`terminal('\x1b[1m')`), passed by the guard. */
export function terminal(sequence: string): string {
  return sequence.replace(/[\u0000-\u001f\u007f]/g, (ch) => `\uE000${tokenNow().nonce}${ch.charCodeAt(0).toString(16).padStart(2, '0')}\uE001`)
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

/**
 * A secret key's scalar value, and known values and secret-keyed lines inside every string. A
 * secret key holding an object or a list (a schema's `privateKeyPassphrase: {type, description}`)
 * has its entries judged one by one, as the text rule does; their secret values are known ones.
 */
function redactJsonNode(node: unknown, secret: boolean, depth: number): unknown {
  if (typeof node === 'string') return secret && !isPlaceholder(node) ? REDACTED : redactText(node)
  if (typeof node === 'number') return secret ? REDACTED : node
  if (node === null || typeof node !== 'object' || depth > 256) return node
  if (Array.isArray(node)) return node.map((item) => redactJsonNode(item, false, depth + 1))
  const out: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(node as Record<string, unknown>)) out[key] = redactJsonNode(item, isSecretName(key), depth + 1)
  return out
}

/**
 * A write that is one JSON document (--json output) redacted by its structure, so that it stays
 * valid JSON whatever the secrets hold; undefined for any other text. Only a document that
 * serialises back to the very same text is handled this way (its layout is kept).
 */
export function redactJsonDocument(text: string): string | undefined {
  const body = text.trim()
  if (!((body.startsWith('{') && body.endsWith('}')) || (body.startsWith('[') && body.endsWith(']')))) return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    return undefined
  }
  const indent = /^[{[]\n( +)/.exec(body)?.[1].length ?? 0
  if (JSON.stringify(parsed, null, indent) !== body) return undefined
  const lead = text.slice(0, text.indexOf(body[0]))
  return lead + JSON.stringify(redactJsonNode(parsed, false, 0), null, indent) + text.slice(lead.length + body.length)
}

/** What may be shown to a person or written to a log: secrets redacted, control characters escaped. */
export function forDisplay(text: string): string {
  return escapeControls(redactText(text))
}

// ---------------------------------------------------------------- the guard on stdout and stderr

/** What the guard writes for a text: `forDisplay`, then galley's own sequences put back. */
export function forTerminal(text: string): string {
  const shown = escapeForTerminal(redactJsonDocument(text) ?? redactText(text))
  return token ? shown.replace(token.pattern, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))) : shown
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
