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
