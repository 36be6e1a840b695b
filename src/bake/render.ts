import { renderProblems } from '../validate/render-problems.js'
import type { BakePlan } from './plan.js'
import { shellWord } from '../lib/quote.js'

/** Text views of bake results, for people. `--json` prints the results themselves. */

/** The argv as a copy-pastable command (the argv itself never goes through a shell), one `-var k=v` pair per line. */
export function renderCommand(argv: readonly string[]): string {
  const lines: string[] = []
  let i = 0
  const head: string[] = []
  while (i < argv.length && !argv[i].startsWith('-var')) head.push(shellWord(argv[i++]))
  lines.push(head.join(' '))
  while (i < argv.length) {
    if (argv[i] === '-var' && i + 1 < argv.length) {
      lines.push(`  -var ${shellWord(argv[i + 1])}`)
      i += 2
    } else {
      lines.push(`  ${shellWord(argv[i++])}`)
    }
  }
  return lines.join(' \\\n')
}

const table = (rows: string[][]) => {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => r[c].length))) ?? []
  return rows.map((r) => `  ${r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ')}`.trimEnd()).join('\n')
}

export function renderPlan(plan: BakePlan): string {
  const t = plan.template
  const out = [
    `Bake plan: ${plan.provider} base image ${plan.baseImage}, deployment ${plan.deployment}`,
    table([
      ['template', t.source === 'none' ? `none set: Rosco runs ${t.path}` : `${t.name} (from ${t.source}; ${t.location === 'custom' ? `custom: ${t.file}` : t.location ?? 'not found'})`],
      ...(plan.varFile ? [['var file', `${plan.varFile.name} (${plan.varFile.location ?? 'not found'})`]] : []),
      ['image', plan.imageName],
      ['account', plan.account ?? '(none)'],
      ['packages', plan.packages.length > 0 ? `${plan.packages.map((p) => p.install).join(' ')} (${plan.packageType})` : '(none)'],
      ...(plan.artifacts ? [['artifacts', `${plan.artifacts.map((a) => a.name ?? '(no name)').join(', ')} (in ${plan.artifactFile})`]] : []),
      ['appversion', plan.appversion ? `${plan.appversion.value}${plan.appversion.accepted ? '' : ' (rejected by frigga: not passed)'}` : '(none)'],
    ]),
    '',
    'Variables (value, then where it came from):',
    plan.variables.length > 0 ? table(plan.variables.map((v) => [v.name, v.value, `${v.source}: ${v.from}`])) : '  (none)',
  ]
  if (plan.dropped.length > 0) {
    out.push('', 'Not passed (Rosco leaves out values that are unset, empty, false or 0):', table(plan.dropped.map((d) => [d.name, d.reason, `${d.source}: ${d.from}`])))
  }
  out.push('', 'Command (each -var and its k=v are separate arguments; no shell):', renderCommand(plan.argv))
  if (plan.problems.length > 0) out.push('', 'Problems:', renderProblems(plan.problems))
  return out.join('\n')
}
