import { relative } from 'node:path'
import type { KustomizeResult, OperatorResult, RoscoResult } from './run.js'
import { shellWord } from '../lib/quote.js'

/** Text views of the generators' results, for people. `--json` prints the results themselves. */

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
    result.packer.length > 0
      ? 'Deploy rosco-local.yml to /opt/spinnaker/config/rosco-local.yml, and copy the files of packer/ into /opt/rosco/config/packer beside Rosco\'s stock templates (never replace that directory: it holds the templates of every provider).'
      : 'Deploy rosco-local.yml to /opt/spinnaker/config/rosco-local.yml. The deployment has no custom packer files: Rosco uses its stock templates.',
  ]
}

export function renderKustomize(result: KustomizeResult, cwd = process.cwd()): string[] {
  const lines = roscoLines(result, 'a kustomize component')
  if (result.secret) {
    lines.push('Create the Secret the component mounts (in Rosco\'s namespace):')
    lines.push(`  kubectl -n spinnaker create secret generic ${result.secret.name} ${result.secret.keys.map((k) => `--from-file=${shellWord(`${k.key}=${k.local}`)}`).join(' ')}`)
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
  const packer = result.packerFiles.filter((key) => key !== 'profiles__images-local.yml')
  const files = [
    packer.length === 0 ? 'no custom packer files' : `${packer.length} custom packer file${packer.length === 1 ? '' : 's'}`,
    ...(packer.length < result.packerFiles.length ? ['profiles/images-local.yml'] : []),
  ].join(' and ')
  const profile = [...(result.moved.length > 0 ? ['the Rosco-only bakery settings'] : []), ...(result.profile ? ['profiles/rosco-local.yml'] : [])]
  const status = result.files[0]?.status === 'unchanged' ? ' (unchanged)' : ''
  return [
    `+ Generated a SpinnakerService patch (metadata.name ${result.name}) for deployment ${result.deployment} in ${result.output}${status}`,
    `  spec.spinnakerConfig.config: the deployment in Halyard's keys${profile.length > 0 ? `; profiles.rosco: ${profile.join(', then ')}` : ''}; files: ${files}`,
  ]
}

export function renderWarnings(warnings: readonly string[]): string[] {
  return warnings.map((w) => `- WARNING ${w}`)
}
