import { gceNetwork, gceProjectId, gceSubnetwork } from '../formats.js'
import { isPlaceholder, isSet, type SectionRule } from '../../../model/rule.js'
import { bakeryEdit, bakeryFix, checkIfSet, formatFinding } from '../../../model/rule-helpers.js'

/** The bake VM's network: set (Halyard's check), and network, subnetwork and host project well-formed. */
export const googleNetwork: SectionRule = {
  id: 'google/network',
  severity: 'error',
  doc: 'The google bakery network is set, and network, subnetwork and networkProjectId follow GCE naming.',
  scope: 'section',
  providers: ['google'],
  *check({ provider, bakery, bakeryPath }) {
    if (!bakery) return
    const network = bakery.network
    if (network === undefined) {
      yield { path: bakeryPath, severity: 'info', message: 'No network set for google bakery defaults; Rosco\'s default network "default" applies.' }
    } else if (!isSet(network)) {
      yield { path: [...bakeryPath, 'network'], message: 'No network supplied for google bakery defaults.', remediation: bakeryEdit(provider, 'network', 'default') }
    } else if (!isPlaceholder(network)) {
      yield* formatFinding([...bakeryPath, 'network'], 'Network', String(network), gceNetwork(String(network)), bakeryFix(provider, 'network', 'NAME'))
    }
    yield* checkIfSet(bakery.subnetwork, (v) =>
      formatFinding([...bakeryPath, 'subnetwork'], 'Subnetwork', v, gceSubnetwork(v), bakeryFix(provider, 'subnetwork', 'NAME')))
    yield* checkIfSet(bakery.networkProjectId, (v) =>
      formatFinding([...bakeryPath, 'networkProjectId'], 'Network project', v, gceProjectId(v), bakeryFix(provider, 'networkProjectId', 'PROJECT_ID')))
  },
}
