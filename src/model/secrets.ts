import { REDACTED, isSecretName } from '../lib/redact.js'

export { REDACTED }

/** A secret reference (`encrypted:...`, `encryptedFile:...`) names a secret without holding it. */
export const isSecretReference = (value: unknown): boolean => typeof value === 'string' && /^encrypted(File)?:/.test(value)

/**
 * Keys whose values are secrets: `privateKeyPassphrase`, `api_token`, `client-secret`,
 * `aws_secret_key`, `github_pat`... (the one rule of lib/redact.ts, which also covers the
 * schemas' secret fields).
 */
export function isSecretKey(key: string): boolean {
  return isSecretName(key)
}

/** A value as it may be shown under `key`: a secret replaced, a reference to one (or a flag) kept. */
export function redactValue(key: string, value: unknown): unknown {
  const shownAsIs = value === null || value === undefined || value === '' || typeof value === 'boolean' || isSecretReference(value)
  return isSecretKey(key) && !shownAsIs ? REDACTED : redact(value)
}

/** A deep copy with every secret value replaced by `<redacted>`. */
export function redact<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => redact(item)) as T
  if (value === null || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) out[key] = redactValue(key, item)
  return out as T
}

/**
 * A secret reference as kork-secrets reads it (spinnaker/kork
 * kork-secrets/src/main/java/com/netflix/spinnaker/kork/secrets/EncryptedSecret.java):
 * `encrypted:` (case-sensitive) or `encryptedFile:` (any case), then the engine, then `!k:v`
 * parameters. A value that starts like one but does not match kork's pattern
 * (`.+(![a-zA-Z0-9]+:.+)+`) is no reference at all: the service uses it as plain text.
 */
export interface SecretReference {
  file: boolean
  engine: string
  params: Map<string, string>
}

export type SecretParse = { ok: true; reference: SecretReference } | { ok: false; reason: string }

/** Starts like a secret reference (what a person meant as one). */
export const looksLikeSecretReference = (value: unknown): value is string => typeof value === 'string' && /^\s*encrypted(file)?:/i.test(value)

export function parseSecretReference(value: string): SecretParse {
  const file = /^encryptedFile:/i.test(value)
  if (!file && !value.startsWith('encrypted:')) {
    return { ok: false, reason: /^\s/.test(value) ? 'it starts with a space' : `the prefix is written "${value.split(':')[0]}:", and kork reads only "encrypted:" (exact case) or "encryptedFile:"` }
  }
  const body = value.slice(value.indexOf(':') + 1)
  if (!/^.+(![a-zA-Z0-9]+:.+)+$/s.test(body)) {
    return { ok: false, reason: 'it has no !KEY:VALUE parameter after the engine' }
  }
  const parts = value.split('!')
  const params = new Map<string, string>()
  for (const part of parts.slice(1)) {
    const colon = part.indexOf(':')
    if (colon === -1) return { ok: false, reason: `the part "!${part}" has no ":" between its key and value` }
    params.set(part.slice(0, colon), part.slice(colon + 1))
  }
  return { ok: true, reference: { file, engine: parts[0].slice(parts[0].indexOf(':') + 1), params } }
}

interface EngineRule {
  /** Parameters the engine's validate() requires, with what each names. */
  required: Array<[string, string]>
  optional: Array<[string, string]>
  /** A parameter the engine refuses on encryptedFile references. */
  notForFiles?: string
  /** Where the rule is read. */
  source: string
}

/** Each engine's parameters, as its validate() checks them before a service starts. */
export const SECRET_ENGINES: Record<string, EngineRule> = {
  s3: {
    required: [['r', 'region'], ['b', 'bucket'], ['f', 'file']],
    optional: [['k', 'key in a YAML file']],
    source: 'kork-secrets/.../engines/AbstractStorageSecretEngine.java validate',
  },
  gcs: {
    required: [['b', 'bucket'], ['f', 'file']],
    optional: [['k', 'key in a YAML file']],
    source: 'kork-secrets-gcp/.../engines/GcsSecretEngine.java validate',
  },
  'secrets-manager': {
    required: [['r', 'region'], ['s', 'secret name']],
    optional: [['k', 'key in a JSON secret']],
    notForFiles: 'k',
    source: 'kork-secrets-aws/.../engines/SecretsManagerSecretEngine.java validate',
  },
  'google-secrets-manager': {
    required: [['p', 'project number'], ['s', 'secret id']],
    optional: [['k', 'key in a JSON secret'], ['v', 'version']],
    notForFiles: 'k',
    source: 'kork-secrets-gcp/.../engines/GoogleSecretsManagerSecretEngine.java validate',
  },
  k8s: {
    required: [['n', 'secret name'], ['k', 'key in the secret']],
    optional: [['p', 'property of a JSON value']],
    notForFiles: 'p',
    source: 'kork KubernetesSecretEngine validate (the k8s engine)',
  },
  noop: { required: [], optional: [], source: 'kork-secrets/.../engines/NoopSecretEngine.java' },
}

export interface SecretReferenceIssue {
  severity: 'error' | 'info'
  message: string
  remediation: string
}

/** What is wrong with a value that starts like a secret reference, or undefined when the engine will accept it. */
export function secretReferenceIssue(value: string): SecretReferenceIssue | undefined {
  const parsed = parseSecretReference(value)
  const example = 'encrypted:s3!r:us-west-2!b:my-bucket!f:secrets.yml!k:bakery.password'
  if (!parsed.ok) {
    // Not a reference, so perhaps a secret typed after the prefix: show only up to the first parameter.
    const shown = value.includes('!') ? value.split('!')[0].slice(0, 40) : value.slice(0, value.indexOf(':') + 1)
    return {
      severity: 'error',
      message: `Secret reference "${shown}${shown.length < value.length ? '…' : ''}" is malformed: ${parsed.reason}; Spinnaker would not decrypt it and would use the text itself.`,
      remediation: `Write it as encrypted:ENGINE!KEY:VALUE!..., e.g. ${example}.`,
    }
  }
  const { engine, params, file } = parsed.reference
  const rule = SECRET_ENGINES[engine]
  if (!rule) {
    return {
      severity: 'info',
      message: `Secret reference "${value}" uses the engine "${engine}", which galley does not know (it knows ${Object.keys(SECRET_ENGINES).join(', ')}): only its syntax was checked.`,
      remediation: 'Check the engine name and its parameters against the engine\'s documentation.',
    }
  }
  const missing = rule.required.filter(([key]) => !params.has(key))
  if (missing.length > 0) {
    const glued = [...params.entries()].find(([, v]) => missing.some(([key]) => v.includes(`${key}:`)) || v.includes(':'))
    const hint = glued ? ` The value of !${glued[0]}: is "${glued[1]}": a ":" where "!${missing[0][0]}:" was meant?` : ''
    return {
      severity: 'error',
      message: `Secret reference "${value}" lacks ${missing.map(([key, what]) => `!${key}: (${what})`).join(' and ')}, which the ${engine} engine requires: the service fails to start.${hint}`,
      remediation: `Add ${missing.map(([key]) => `!${key}:...`).join('')}; the ${engine} engine takes ${[...rule.required, ...rule.optional].map(([key, what]) => `!${key}: (${what})`).join(', ')}.`,
    }
  }
  if (file && rule.notForFiles && params.has(rule.notForFiles)) {
    return {
      severity: 'error',
      message: `Secret reference "${value}" is an encryptedFile with !${rule.notForFiles}:, which the ${engine} engine refuses for files: the service fails to start.`,
      remediation: `Remove !${rule.notForFiles}:..., or use encrypted: for one value of the secret.`,
    }
  }
  const known = new Set([...rule.required, ...rule.optional].map(([key]) => key))
  const unknown = engine === 'noop' ? [] : [...params.keys()].filter((key) => !known.has(key))
  if (unknown.length > 0) {
    return {
      severity: 'info',
      message: `Secret reference "${value}" has ${unknown.map((key) => `!${key}:`).join(', ')}, which the ${engine} engine does not read.`,
      remediation: `The ${engine} engine takes ${[...rule.required, ...rule.optional].map(([key, what]) => `!${key}: (${what})`).join(', ')}.`,
    }
  }
  return undefined
}
