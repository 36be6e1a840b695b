import { PROVIDERS, PROVIDER_NAMES } from '../providers/index.js'
import { andList } from '../providers/words.js'

/** What to use instead of each Halyard command galley does not have. */

const OPERATOR = 'the SpinnakerService manifest of the Spinnaker Operator (spec.spinnakerConfig.config'
const KUSTOMIZE = "spinnaker-kustomize's halconfig"

/** `hal config <area>` → the halconfig key the area edits. */
const CONFIG_AREAS: Record<string, string> = {
  artifact: 'artifacts',
  canary: 'canary',
  ci: 'ci',
  deploy: 'deploymentEnvironment',
  edit: 'the top-level fields',
  features: 'features',
  'metric-stores': 'metricStores',
  notification: 'notifications',
  pubsub: 'pubsub',
  repository: 'repository',
  security: 'security',
  stats: 'stats',
  storage: 'persistentStorage',
  version: 'version',
  webhook: 'webhook',
}

const inConfig = (key: string) => `Set ${key === 'the top-level fields' ? key : `"${key}"`} in ${OPERATOR}) or in ${KUSTOMIZE}.`

/** One or two sentences for `hal <command>` (a Halyard command galley does not implement). */
export function advice(command: string): string {
  const words = command.split(' ')
  const [first, second, third] = words
  if (first === 'deploy') {
    return 'galley does not deploy Spinnaker. Generate the bakery part of the deployment with "hal config generate operator" (a SpinnakerService patch for the Spinnaker Operator) or "hal config generate kustomize" (a component for spinnaker-kustomize), then apply it with kubectl.'
  }
  if (first === 'config' && second === 'provider') {
    if (third !== undefined && PROVIDER_NAMES.includes(third)) {
      return `galley manages ${third}'s bakery and accounts; "hal ${command}" is not among them. Set the rest of the provider in ${OPERATOR}.providers.${third}) or in ${KUSTOMIZE}.`
    }
    const bakeries = `the ${andList(PROVIDERS.map((p) => p.roscoTitle))} bakeries`
    if (third) return `galley manages ${bakeries} only. Configure ${third} in ${OPERATOR}.providers) or in ${KUSTOMIZE}.`
    return `galley manages ${bakeries}: see ${andList(PROVIDER_NAMES.map((name) => `"hal config provider ${name} --help"`))}.`
  }
  if (first === 'config' && second === 'generate') {
    return 'galley generates the bakery\'s files only: "hal config generate rosco", "hal config generate kustomize" or "hal config generate operator".'
  }
  if (first === 'config' && second && CONFIG_AREAS[second]) return `galley manages the image bakery only. ${inConfig(CONFIG_AREAS[second])}`
  if (first === 'version') return `galley does not choose Spinnaker releases. Set "version" in ${OPERATOR}) or in ${KUSTOMIZE}.`
  if (first === 'plugins') return `galley does not manage plugins. Configure them under spinnaker.extensibility in ${OPERATOR}) or in ${KUSTOMIZE}.`
  if (first === 'admin') return 'These are Halyard\'s release-publishing commands for Spinnaker\'s maintainers; galley has none.'
  if (first === 'spin') return 'Install the spin CLI as spinnaker.io describes; galley does not download it.'
  if (first === 'task' || first === 'shutdown' || first === '--ready') return 'galley has no daemon and runs no background tasks: each hal command finishes before it returns.'
  if (first === '--print-bash-completion') return 'galley\'s shell completion: "hal autocomplete".'
  if (first === '--docs') return 'galley\'s commands are described by "hal --help" and each command\'s --help.'
  return 'galley manages the image bakery only.'
}
