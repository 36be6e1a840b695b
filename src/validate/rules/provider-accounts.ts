import type { SectionRule } from '../../model/rule.js'

/** Halyard's warning: an enabled provider with no account cannot bake (Rosco needs an account). */
export const providerAccounts: SectionRule = {
  id: 'provider/no-accounts',
  severity: 'warning',
  doc: 'An enabled provider has at least one account.',
  scope: 'section',
  *check({ provider, enabled, accounts, dialect }) {
    if (enabled && accounts.length === 0) {
      yield {
        path: [],
        message: `Provider ${provider.name} is enabled, but no accounts have been configured.`,
        remediation: `hal config provider ${provider.name} account add NAME ...${dialect === 'rosco' ? ' (or add one under accounts)' : ''}`,
      }
    }
  },
}
