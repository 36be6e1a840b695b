/** Keys whose values are secrets: shown as `<redacted>` everywhere the tool prints a config. */
const SECRET_KEY = /(passphrase|password|secret|token|apikey|privatekey)$/i

/** A secret reference (`encrypted:...`, `encryptedFile:...`) names a secret without holding it. */
const isReference = (value: unknown) => typeof value === 'string' && /^encrypted(File)?:/.test(value)

export const REDACTED = '<redacted>'

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key)
}

/** A deep copy with every secret value replaced by `<redacted>`. */
export function redact<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => redact(item)) as T
  if (value === null || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    out[key] = isSecretKey(key) && item !== null && item !== '' && !isReference(item) ? REDACTED : redact(item)
  }
  return out as T
}
