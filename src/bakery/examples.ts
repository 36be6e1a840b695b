/**
 * Examples of the provider commands, for --help and the README. They run as written against a
 * config that has the names they use (test/e2e/examples.test.ts runs every one); <UPPER_CASE>
 * words are placeholders for the user's own values.
 */
import { providers, type ProviderName } from '../providers/index.js'

/** The examples of `hal config provider NAME [TOPIC] VERB` (VERB '' for the command that prints). */
export function examplesFor(provider: ProviderName, topic: '' | 'bakery' | 'account' | 'bakery base-image', verb: string): string[] {
  const prefix = `<%= config.bin %> config provider ${provider}${topic ? ` ${topic}` : ''}`
  const { examples } = providers[provider]
  const item = topic === 'account' ? examples.account : examples.image
  const id = topic === 'account' ? examples.account.name : examples.image.id
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
