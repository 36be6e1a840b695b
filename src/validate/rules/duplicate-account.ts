import { isPlainObject } from '../../model/plain.js'
import type { DeploymentRule, Finding } from '../../model/rule.js'

/** Halyard refuses to load a deployment where two accounts share a name, in one provider or across providers. */
export const duplicateAccount: DeploymentRule = {
  id: 'account/duplicate-name',
  severity: 'fatal',
  doc: 'Account names are unique across all providers of a deployment.',
  scope: 'deployment',
  *check({ deployment }) {
    const providers = deployment.providers
    if (!isPlainObject(providers)) return
    const seen = new Map<string, string>()
    for (const [provider, section] of Object.entries(providers)) {
      if (!isPlainObject(section) || !Array.isArray(section.accounts)) continue
      for (const [index, account] of section.accounts.entries()) {
        const name = isPlainObject(account) ? account.name : undefined
        if (typeof name !== 'string') continue
        const earlier = seen.get(name)
        if (earlier !== undefined) {
          yield {
            path: ['providers', provider, 'accounts', index, 'name'],
            message: `Account name ${name} is used twice (${earlier} and ${provider}); pipelines could not tell them apart.`,
            remediation: 'Rename one of the accounts.',
          } satisfies Finding
        } else {
          seen.set(name, provider)
        }
      }
    }
  },
}
