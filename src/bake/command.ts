import { Flags, type Interfaces } from '@oclif/core'
import { deploymentFlags } from '../lib/base-command.js'
import { usage } from '../lib/errors.js'
import type { BakeRequest } from './request.js'
import { REQUEST_FIELDS, requestOf, type RequestField, type RequestFlagValues } from './request-fields.js'

/** The oclif flag of a request field. */
function flagOf(field: RequestField): Interfaces.Flag<any> {
  const base = { description: field.help, ...(field.required ? { required: true } : {}) }
  switch (field.type) {
    case 'option': return Flags.option({ ...base, options: field.options ?? [] } as any)()
    case 'boolean': return Flags.boolean({ description: field.help })
    case 'strings': return Flags.string({ ...base, multiple: true })
    default: return Flags.string(base)
  }
}

/** The request flags every bake command takes: one per field of a Rosco bake request (request-fields.ts). */
export const requestFlags = {
  ...deploymentFlags,
  ...Object.fromEntries(REQUEST_FIELDS.map((field) => [field.flag, flagOf(field)])),
} as typeof deploymentFlags & Record<string, Interfaces.Flag<any>>

export function requestFrom(flags: RequestFlagValues): BakeRequest {
  return requestOf(flags)
}

/** `2s`, `90s`, `30m`, `1h`, `500ms` in milliseconds; exit 2 for anything else. */
export function parseDuration(flag: string, text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text.trim())
  if (!match) {
    throw usage(`--${flag} "${text}" is not a duration`, { code: 'BAD_DURATION', remediation: 'Give a number with a unit: 500ms, 90s, 30m or 1h.' })
  }
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] as 'ms' | 's' | 'm' | 'h']
  const ms = Math.round(Number(match[1]) * unit)
  // Node's timers hold at most 2^31-1 ms (24.8 days) and fire at once beyond it; 0 would too.
  if (!(ms >= 1 && ms <= MAX_DURATION_MS)) {
    throw usage(`--${flag} "${text}" is out of range`, { code: 'BAD_DURATION', remediation: 'Give a duration from 1ms to 7 days (168h), e.g. 90s, 30m or 2h.' })
  }
  return ms
}

/** The longest duration a flag takes: a week. */
const MAX_DURATION_MS = 7 * 24 * 3_600_000

export const formatDuration = (ms: number) =>
  ms < 1000 ? `${ms}ms` : ms < 60_000 ? `${Math.round(ms / 100) / 10}s` : `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`
