import { relative } from 'node:path'
import type { KustomizeResult, OperatorResult, RoscoResult } from './run.js'

/** Text views of the generators' results, for people. `--json` prints the results themselves. */

const shellQuote = (s: string) => (/^[-\w./=:@%+,]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`)

function fileLines(result: RoscoResult): string[] {
  const origins = new Map(result.packer.map((p) => [`packer/${p.name}`, p.origin === 'custom' ? (p.overridesStock ? 'custom, replaces stock' : 'custom') : 'stock']))
  const lines = result.files.map((f) => {
    const notes = [origins.get(f.path), f.mode, f.status === 'unchanged' ? 'unchanged' : undefined].filter(Boolean).join(', ')
    return `  ${f.path} (${notes})`
  })
  for (const name of result.removed) lines.push(`  ${name} (removed: no longer generated)`)
  return lines
}

function roscoLines(result: RoscoResult, what: string): string[] {
  const providers = result.providers.filter((p) => p.written).map((p) => p.provider)
  const lines = [`+ Generated ${what} for deployment ${result.deployment} in ${result.output} (providers: ${providers.join(', ') || 'none'})`, ...fileLines(result)]
  if (result.baseImages.description.length > 0) lines.push('Base images:', ...result.baseImages.description.map((d) => `  ${d}`))
  if (result.accountFiles.length > 0) {
    lines.push('Account files to mount into the Rosco container (galley does not copy them):')
    for (const f of result.accountFiles) lines.push(`  ${f.local} -> ${f.container}  (${f.provider} account ${f.account}, ${f.field})`)
  }
  return lines
}

export function renderRosco(result: RoscoResult): string[] {
  return [
    ...roscoLines(result, 'Rosco settings'),
    `Deploy rosco-local.yml to /opt/spinnaker/config/rosco-local.yml and packer/ over ${'/opt/rosco/config/packer'} (it replaces Rosco's stock directory: galley's gce.json, oci.json and install_packages.sh are included).`,
  ]
}

export function renderKustomize(result: KustomizeResult, cwd = process.cwd()): string[] {
  const lines = roscoLines(result, 'a kustomize component')
  if (result.secret) {
    lines.push('Create the Secret the component mounts (in Rosco\'s namespace):')
    lines.push(`  kubectl -n spinnaker create secret generic ${result.secret.name} ${result.secret.keys.map((k) => `--from-file=${shellQuote(`${k.key}=${k.local}`)}`).join(' ')}`)
  }
  const path = relative(cwd, result.output) || '.'
  lines.push(
    'Add it to your spinnaker-kustomize kustomization.yml, after overlays/config:',
    '  components:',
    '  - overlays/config',
    `  - ${path.startsWith('..') ? result.output : path}`,
    'Its rosco-local.yml replaces overlays/config/files/rosco-local.yml in the rosco config map: move what that file sets into the deployment\'s profiles/rosco-local.yml (galley merges it in) and generate again.',
  )
  return lines
}

export function renderOperator(result: OperatorResult): string[] {
  const files = result.packerFiles.length === 0 ? 'no custom packer files' : `${result.packerFiles.length} custom packer file${result.packerFiles.length === 1 ? '' : 's'} in spec.spinnakerConfig.files`
  const status = result.files[0]?.status === 'unchanged' ? ' (unchanged)' : ''
  return [
    `+ Generated a SpinnakerService patch (metadata.name ${result.name}) for deployment ${result.deployment} in ${result.output}${status}`,
    `  spec.spinnakerConfig.config: the whole deployment${result.profile ? '; profiles.rosco: profiles/rosco-local.yml' : ''}; ${files}`,
  ]
}

export function renderWarnings(warnings: readonly string[]): string[] {
  return warnings.map((w) => `- WARNING ${w}`)
}
