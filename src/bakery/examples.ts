/**
 * Examples of the provider commands, for --help and the README. They run as written against a
 * config that has the names they use (test/e2e/examples.test.ts runs every one); <UPPER_CASE>
 * words are placeholders for the user's own values.
 */
import { providers, type ProviderName } from '../providers/index.js'

const ACCOUNT = (provider: ProviderName) => providers[provider].examples.account
const IMAGE = (provider: ProviderName) => providers[provider].examples.image

/** The examples of `hal config provider NAME [TOPIC] VERB` (VERB '' for the command that prints). */
export function examplesFor(provider: ProviderName, topic: '' | 'bakery' | 'account' | 'bakery base-image', verb: string): string[] {
  const prefix = `<%= config.bin %> config provider ${provider}${topic ? ` ${topic}` : ''}`
  const item = topic === 'account' ? ACCOUNT(provider) : IMAGE(provider)
  const id = topic === 'account' ? ACCOUNT(provider).name : IMAGE(provider).id
  switch (verb) {
    case '':
      return [prefix, `${prefix} -o json`]
    case 'enable':
    case 'disable':
      return [`${prefix} ${verb}`, `${prefix} ${verb} --deployment prod`]
    case 'add':
      return [`${prefix} add ${item.add}`, `${prefix} add -i`]
    case 'edit':
      return [`${prefix} edit ${id} ${item.edit}`, `${prefix} edit -i`]
    case 'delete':
      return [`${prefix} delete ${id}`]
    case 'get':
      return [`${prefix} get ${id}`, `${prefix} get ${id} --json`]
    case 'list':
      return [`${prefix} list`, `${prefix} list --deployment prod --json`]
    default:
      return []
  }
}
