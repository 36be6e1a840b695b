import { Flags, type Interfaces } from '@oclif/core'
import { deploymentFlags, listRulesFlag, ruleFlag } from './base-command.js'
import type { BakeRequest } from '../model/bake-request.js'
import { REQUEST_FIELDS, requestOf, type RequestField, type RequestFlagValues } from '../bake/request-fields.js'

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

/**
 * The request flags every bake command takes: one per field of a Rosco bake request
 * (bake/request-fields.ts), the providers' own from their descriptions.
 */
export const requestFlags = {
  ...deploymentFlags,
  ...Object.fromEntries(REQUEST_FIELDS.map((field) => [field.flag, flagOf(field)])),
} as typeof deploymentFlags & Record<string, Interfaces.Flag<any>>

/** `--rule ID=LEVEL` and `--list-rules` (the rules a bake reports) of the bake commands; their class sets `listsRules = 'bake'`. */
export const bakeRuleFlags = { ...ruleFlag, ...listRulesFlag }

/** The request for the flags given; a provider's field given for another provider's bake is exit 2. */
export function requestFrom(flags: RequestFlagValues): BakeRequest {
  return requestOf(flags)
}

// Kept here for the commands that import them with the flags.
export { formatDuration, parseDuration } from '../lib/duration.js'
