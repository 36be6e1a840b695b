/**
 * Examples of the provider commands, for --help and the README. They run as written against a
 * config that has the names they use (test/e2e/examples.test.ts runs every one); <UPPER_CASE>
 * words are placeholders for the user's own values.
 */
import type { ProviderName } from '../providers/index.js'

const ACCOUNT: Record<ProviderName, { name: string; add: string; edit: string }> = {
  google: {
    name: 'my-google-account',
    add: 'bakery-account --project my-project --json-path <KEY_FILE>',
    edit: '--project my-other-project',
  },
  oracle: {
    name: 'my-oci-account',
    add: 'bakery-account --compartment-id <COMPARTMENT_OCID> --user-id <USER_OCID> --fingerprint <KEY_FINGERPRINT> --ssh-private-key-file-path <PRIVATE_KEY_FILE> --tenancy-id <TENANCY_OCID> --region us-phoenix-1',
    edit: '--region us-ashburn-1',
  },
}

const IMAGE: Record<ProviderName, { id: string; add: string; edit: string }> = {
  google: {
    id: 'ubuntu-2204',
    add: 'debian-12 --source-image-family debian-12 --package-type deb --short-description "Debian 12"',
    edit: '--source-image-family ubuntu-2204-lts --short-description "Ubuntu 22.04"',
  },
  oracle: {
    id: 'ol8',
    add: 'ol9 --base-image-id <IMAGE_OCID> --ssh-user-name opc --package-type rpm',
    edit: '--ssh-user-name opc',
  },
}

/** The examples of `hal config provider NAME [TOPIC] VERB` (VERB '' for the command that prints). */
export function examplesFor(provider: ProviderName, topic: '' | 'bakery' | 'account' | 'bakery base-image', verb: string): string[] {
  const prefix = `<%= config.bin %> config provider ${provider}${topic ? ` ${topic}` : ''}`
  const item = topic === 'account' ? ACCOUNT[provider] : IMAGE[provider]
  const id = topic === 'account' ? ACCOUNT[provider].name : IMAGE[provider].id
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
