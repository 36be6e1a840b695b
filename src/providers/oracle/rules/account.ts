import type { Check } from '../../../model/format-checks.js'
import { ocidOfType } from '../formats.js'
import { isPlaceholder, isSecretReference, isSet, type Finding, type SectionRule } from '../../../model/rule.js'
import { formatFinding } from '../../../model/rule-helpers.js'
import { shellWord } from '../../../lib/quote.js'

const FINGERPRINT = /^([0-9a-f]{2}:){15}[0-9a-f]{2}$/
const REGION = /^[a-z]+(-[a-z]+)+-[0-9]+$/

const checks: Array<[key: string, flag: string, check: (value: string) => Check]> = [
  // The root compartment's OCID is the tenancy's.
  ['compartmentId', 'compartment-id', (v) => ocidOfType(v, ['compartment', 'tenancy'], 'compartmentId')],
  ['userId', 'user-id', (v) => ocidOfType(v, 'user', 'userId')],
  ['tenancyId', 'tenancy-id', (v) => ocidOfType(v, 'tenancy', 'tenancyId')],
  ['fingerprint', 'fingerprint', (v) => FINGERPRINT.test(v) ? { ok: true } : { ok: false, reason: 'a key fingerprint is 16 colon-separated lowercase hex pairs, e.g. 12:34:56:78:9a:bc:de:f0:12:34:56:78:9a:bc:de:f0', suggestion: FINGERPRINT.test(v.toLowerCase()) ? v.toLowerCase() : undefined }],
  ['region', 'region', (v) => REGION.test(v) ? { ok: true } : { ok: false, reason: 'an OCI region name looks like us-phoenix-1' }],
  ['sshPrivateKeyFilePath', 'ssh-private-key-file-path', () => ({ ok: true })],
]

/** Rosco passes every one of these to Packer's oracle-oci builder, which needs them all. */
export const oracleAccount: SectionRule = {
  id: 'oracle/account',
  severity: 'error',
  doc: 'Each oracle account has compartmentId, userId, tenancyId (OCIDs of those types), fingerprint, region and sshPrivateKeyFilePath.',
  scope: 'section',
  providers: ['oracle'],
  *check({ accounts }) {
    for (const { name, label, value, path } of accounts) {
      for (const [key, flag, check] of checks) {
        const edit = (corrected?: string) => `hal config provider oracle account edit ${name === undefined ? 'NAME' : shellWord(name)} --${flag} ${corrected === undefined ? 'VALUE' : shellWord(corrected)}`
        const v = value[key]
        if (!isSet(v)) {
          yield { path, message: `Oracle account ${label} has no ${key}: a bake with it fails.`, remediation: edit() } satisfies Finding
        } else if (!isPlaceholder(v) && !isSecretReference(v)) {
          yield* formatFinding([...path, key], key, String(v), check(String(v)), edit)
        }
      }
    }
  },
}
