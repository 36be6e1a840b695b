import { accessSync, constants, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { delimiter, dirname, join } from 'node:path'
import { PROVIDERS, providers, type Provider, type ProviderName } from '../providers/index.js'
import { guardSignals, interruptedError, ownedTempDir, runInGroup } from '../lib/process-group.js'
import type { Problem } from '../model/problem.js'
import { readRegularFile } from '../lib/confine.js'
import { customFiles } from './library.js'
import { toProblems, type TemplateAnalysis } from './lint.js'
import { alwaysPassed } from './rosco-variables.js'
import { SHIPPED_TEMPLATES, STOCK_TEMPLATES, shippedTemplatesDir } from './stock.js'

/**
 * `packer validate` on templates, with the variables Rosco would pass (dummy but well-formed
 * values) and a configDir laid out as Rosco's container has it: the stock files with the
 * deployment's custom files over them. Packer's messages become problems.
 */

export function findPacker(env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue
    const candidate = join(dir, 'packer')
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {
      // not here
    }
  }
  return undefined
}

export function packerMissing(env: NodeJS.ProcessEnv = process.env): Problem {
  return {
    rule: 'template/packer-missing',
    severity: env.CI ? 'error' : 'warning',
    message: 'Packer is not installed (no packer on PATH): the templates were not checked with packer validate.',
    remediation: 'Install Packer (Debian and Ubuntu: apt-get install packer), or pass --no-packer to check offline only.',
    path: '',
  }
}

const PACKER_TIMEOUT_MS = 120_000
/** packer validate creates nothing: after a stop it gets this long before its group is killed. */
const PACKER_GRACE_MS = 2_000

/** Runs Packer without a shell, in its own process group (ended on every way out); a non-zero exit is a result, not an error. */
async function runPacker(packer: string, args: string[], staged: Stage): Promise<{ exitCode: number; output: string; timedOut: boolean }> {
  // No version check against checkpoint.hashicorp.com: offline and fast. Packer's temporary files go with the stage.
  const result = await runInGroup({ command: packer, args, cwd: staged.configDir, env: { CHECKPOINT_DISABLE: '1', TMPDIR: join(staged.root, 'tmp') }, timeoutMs: PACKER_TIMEOUT_MS, graceMs: PACKER_GRACE_MS })
  if (result.stoppedBy && result.stoppedBy !== 'timeout') throw interruptedError(result.stoppedBy)
  if (result.spawnError) return { exitCode: -1, output: `cannot run ${packer}: ${result.spawnError.message}`, timedOut: false }
  return { exitCode: result.exitCode, output: result.output, timedOut: result.stoppedBy === 'timeout' }
}

/** Rosco's configDir as seen from its container, in a temporary directory. */
interface Stage {
  root: string
  configDir: string
  values: Record<string, string>
}

function stage(packerDir: string | undefined, filesFor: readonly Provider[]): Stage {
  const root = ownedTempDir('packer')
  try {
    return fillStage(root, packerDir, filesFor)
  } catch (error) {
    rmSync(root, { recursive: true, force: true })
    throw error
  }
}

function fillStage(root: string, packerDir: string | undefined, filesFor: readonly Provider[]): Stage {
  const configDir = join(root, 'config')
  const put = (name: string, write: (path: string) => void) => {
    const path = join(configDir, name)
    mkdirSync(dirname(path), { recursive: true })
    write(path)
  }
  // The stock files galley does not ship exist in Rosco's image: empty stand-ins, so references resolve.
  for (const name of STOCK_TEMPLATES) if (!SHIPPED_TEMPLATES.includes(name)) put(name, (p) => writeFileSync(p, ''))
  for (const name of SHIPPED_TEMPLATES) put(name, (p) => copyFileSync(join(shippedTemplatesDir(), name), p))
  if (packerDir) {
    // As bake staging does: regular files only, a link inside as its target's content, nothing through a link out.
    for (const file of customFiles(packerDir)) {
      const real = file.real
      if (real !== undefined) put(file.name, (p) => writeFileSync(p, readRegularFile(real), { mode: file.mode & 0o111 ? 0o755 : 0o644 }))
    }
  }
  mkdirSync(join(root, 'tmp'))
  const artifactFile = join(root, 'artifacts.json')
  writeFileSync(artifactFile, '[]\n')
  const values: Record<string, string> = {
    package_type: 'deb',
    packages: 'galley-lint',
    configDir,
    artifactFile,
    manifestFile: join(root, 'manifest.json'),
    ...Object.assign({}, ...PROVIDERS.map((p) => p.packer.dummyValues)),
  }
  // Files the values point to (an API key): written only for the providers being checked.
  for (const p of filesFor) Object.assign(values, p.packer.writeFiles?.(root))
  return { root, configDir, values }
}

/** The -var arguments of a bake of this provider: what Rosco always passes, plus the source image. */
function variablesFor(analysis: TemplateAnalysis, provider: ProviderName, values: Record<string, string>): string[] {
  const names = alwaysPassed(provider)
  // Variables Rosco passes one way or another (google's source image or family), as the template declares them.
  names.push(...(providers[provider].packer.extraValidateVariables?.(new Set(analysis.declared.keys())) ?? []))
  // HCL2 fails on every undeclared -var; the offline check already reported those.
  const passed = analysis.syntax === 'hcl2' ? names.filter((n) => analysis.declared.has(n)) : names
  return passed.flatMap((name) => ['-var', `${name}=${values[name]}`])
}

interface PackerMessage {
  text: string
  /** The build a message is about ("Failed to prepare build: "googlecompute""). */
  builder?: string
  /** HCL2: "on FILE line N". */
  line?: number
}

/** Packer's output as separate messages, its 80-column wrapping undone. */
export function packerMessages(output: string): PackerMessage[] {
  // eslint-disable-next-line no-control-regex
  const text = output.replace(/\u001b\[[0-9;]*m/g, '').replace(/\r/g, '')
  const messages: PackerMessage[] = []
  const blocks = text.split(/^(?=Error: |Failed to parse template: )/m).filter((b) => /^(Error: |Failed to parse template: )/.test(b))
  for (const block of blocks) {
    const lines = block.split('\n')
    const header = lines[0].replace(/^Error: /, '').trim()
    const builder = /build:? "([^"]+)"/.exec(header)?.[1]
    const lineNo = /^\s*on .* line (\d+)/m.exec(block)?.[1]
    const bullets: string[] = []
    const paragraph: string[] = []
    let inBullet = false
    for (const raw of lines.slice(1)) {
      const line = raw.trimEnd()
      const bullet = /^\s*\* (.*)$/.exec(line)
      if (bullet) {
        bullets.push(bullet[1])
        inBullet = true
      } else if (line.trim() === '') {
        inBullet = false
        if (paragraph.length > 0 && bullets.length === 0) paragraph.push('')
      } else if (inBullet) {
        // Indented lines are notes of their own; others are Packer's 80-column wrapping.
        bullets[bullets.length - 1] += `${/^\s/.test(line) ? '\n' : ' '}${line.trim()}`
      } else if (!/^\s*on .* line \d+/.test(line) && !/^\s*\(source code not available\)/.test(line) && !/^\d+ errors? (\(s\) )?occurred:?$/.test(line.trim())) {
        paragraph.push(line.trim())
      }
    }
    const base = { builder, line: lineNo ? Number(lineNo) : undefined }
    if (bullets.length > 0) {
      for (const b of bullets) messages.push({ text: b, ...base })
    } else {
      const first = paragraph.join('\n').split(/\n\n+/)[0]?.replace(/\n/g, ' ').trim()
      const textOf = [header, first].filter(Boolean).join(': ')
      if (textOf) messages.push({ text: textOf, ...base })
    }
  }
  if (messages.length === 0 && text.trim() !== '') messages.push({ text: text.trim().split('\n').slice(0, 5).join(' ') })
  return messages
}

export interface PackerRunOptions {
  packerDir?: string
  env?: NodeJS.ProcessEnv
  /** How many packer processes run at once. */
  parallel?: number
}

/**
 * Runs packer validate on each analysed template; Packer missing is one problem. SIGINT, SIGTERM
 * and SIGHUP stop the runs and remove the staged directories, then fail the command (128 + n).
 */
export function packerProblems(analyses: readonly TemplateAnalysis[], options: PackerRunOptions = {}): Promise<Problem[]> {
  return guardSignals(() => checkWithPacker(analyses, options))
}

async function checkWithPacker(analyses: readonly TemplateAnalysis[], options: PackerRunOptions): Promise<Problem[]> {
  const env = options.env ?? process.env
  const worth = analyses.filter((a) => a.parsed)
  if (worth.length === 0) return []
  const packer = findPacker(env)
  if (!packer) return [packerMissing(env)]
  // Custom templates see the deployment's files over the stock ones; stock templates are checked as shipped.
  const filesFor = PROVIDERS.filter((p) => p.packer.writeFiles && worth.some((a) => a.providers.includes(p.name)))
  const stages = new Map<'custom' | 'stock', Stage>()
  try {
    for (const origin of new Set(worth.map((a) => a.target.origin))) stages.set(origin, stage(origin === 'custom' ? options.packerDir : undefined, filesFor))
    const results: Problem[][] = new Array(worth.length)
    let next = 0
    const worker = async () => {
      while (next < worth.length) {
        const index = next++
        results[index] = await check(worth[index])
      }
    }
    const check = async (analysis: TemplateAnalysis): Promise<Problem[]> => {
      const staged = stages.get(analysis.target.origin)!
      const template = join(staged.configDir, analysis.target.name)
      if (!existsSync(template)) {
        mkdirSync(dirname(template), { recursive: true })
        copyFileSync(analysis.target.read ?? analysis.target.file, template)
      }
      const runs: Array<{ args: string[]; provider?: ProviderName }> = analysis.providers.length > 0
        ? analysis.providers.map((provider) => ({ provider, args: ['validate', ...variablesFor(analysis, provider, staged.values), template] }))
        : [{ args: ['validate', '-syntax-only', template] }]
      const problems: Problem[] = []
      const seen = new Set<string>()
      for (const run of runs) {
        const result = await runPacker(packer, run.args, staged)
        if (result.exitCode === 0) continue
        const output = result.output
        const messages = result.timedOut ? [{ text: `packer validate did not finish within ${PACKER_TIMEOUT_MS / 1000} s` }] : packerMessages(output)
        for (const message of messages) {
          const text = message.text.split(staged.configDir).join('$configDir').split(staged.root).join('<temp>')
          const variable = /required variable not set: (\S+)/.exec(text)?.[1] ?? /^Unset variable "([^"]+)"/.exec(text)?.[1]
          const file = /Bad script '\$configDir\/([^']+)'/.exec(text)?.[1] ?? /stat \$configDir\/(\S+?):/.exec(text)?.[1]
          if ((variable && analysis.reported.has(variable)) || (file && analysis.reported.has(file))) continue
          const key = text
          if (seen.has(key)) continue
          seen.add(key)
          const keys = [...text.matchAll(/'([a-z][a-z0-9_]*)'/g)].map((m) => m[1])
          const where = analysis.locate({ variable, file, builder: message.builder, line: message.line, keys })
          const forProvider = run.provider && analysis.providers.length > 1 ? ` (with ${run.provider}'s variables)` : ''
          problems.push(...toProblems(analysis.target, analysis.text, [{
            rule: 'template/packer-validate',
            offset: where.offset,
            path: where.path,
            message: `packer validate${run.provider ? '' : ' -syntax-only'}${forProvider}: ${text}`,
            remediation: run.provider
              ? `Rosco's ${run.provider} bakes fail the same way (Packer ran with the variables Rosco passes, dummy values).`
              : 'Fix the template: Packer cannot read it.',
          }]))
        }
      }
      return problems
    }
    // Every run ends before the staged directories go, even when one of them fails.
    const settled = await Promise.allSettled(Array.from({ length: Math.min(options.parallel ?? 4, worth.length) }, worker))
    for (const outcome of settled) if (outcome.status === 'rejected') throw outcome.reason
    return results.flat()
  } finally {
    for (const staged of stages.values()) rmSync(staged.root, { recursive: true, force: true })
  }
}
