/** Keys whose values are secrets: shown as `<redacted>` everywhere the tool prints a config. */
const SECRET_KEY = /(passphrase|password|secret|token|apikey|privatekey)$/i

/** A secret reference (`encrypted:...`, `encryptedFile:...`) names a secret without holding it. */
export const isSecretReference = (value: unknown): boolean => typeof value === 'string' && /^encrypted(File)?:/.test(value)

export const REDACTED = '<redacted>'

/** `privateKeyPassphrase`, `api_token`, `client-secret`... (separators ignored). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key.replace(/[-_]/g, ''))
}

/** A value as it may be shown under `key`: a secret replaced, a reference to one kept. */
export function redactValue(key: string, value: unknown): unknown {
  return isSecretKey(key) && value !== null && value !== undefined && value !== '' && !isSecretReference(value) ? REDACTED : redact(value)
}

/** A deep copy with every secret value replaced by `<redacted>`. */
export function redact<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => redact(item)) as T
  if (value === null || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) out[key] = redactValue(key, item)
  return out as T
}
