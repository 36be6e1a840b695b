import type { RuleLevel } from '../model/problem.js'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { halPaths } from '../config/paths.js'
import { failed, usage } from '../lib/errors.js'
import { ensureStateDir } from '../lib/fs-safe.js'
import { guardSignals, interruptedBy } from '../lib/process-group.js'
import { formatDuration } from '../lib/duration.js'
import { prepareLocalRun, type LocalRun } from './local.js'
import { forDisplay } from '../lib/redact.js'
import { BakeLog, packerBuild } from './packer.js'
import { buildError, failingStep, type BakedImage } from './packer-output.js'
import { providers } from '../providers/index.js'
import { redactPlan } from './plan.js'
import type { BakeRequest } from '../model/bake-request.js'
import { checkSshTarget, retargetTemplate, type Reached, type SshTarget } from './ssh-target.js'

/**
 * A real `packer build` of a bake's plan on this machine: in the cloud (the template as it is)
 * or on a disposable machine over SSH (its builders replaced by a null builder). Packer's output
 * goes to the caller line by line and to a log file in the hal directory, secrets scrubbed.
 */
export interface TestBakeOptions {
  /** `--rule ID=LEVEL` for the plan's problems. */
  ruleLevels?: Record<string, RuleLevel>
  halDir: string
  deployment?: string
  request: BakeRequest
  timeoutMs: number
  /** How long Packer may clean up after a timeout or a first signal before it is killed. */
  graceMs?: number
  ssh?: { target: SshTarget; keyFile: string; url: string }
  /** The SSH target answered as an SSH server (checked before Packer starts). */
  onTargetReached?: (reached: Reached) => void
  onStart?: (info: { log: string; argv: string[] }) => void
  onLine: (line: string) => void
  onStopping?: (reason: string, forced: boolean) => void
}

export interface TestBakeResult {
  provider: string
  deployment: string
  baseImage: string
  template: string
  /** The SSH target the provisioners ran on, when there was one. */
  target?: string
  /** The image the build made (none on an SSH target). */
  image?: BakedImage
  /** The name the plan gave the image. */
  plannedImageName: string
  log: string
  durationMs: number
  packer: string
  /** Post-processors left out for the SSH target. */
  droppedPostProcessors?: string[]
}

const TAIL = 15

const logName = (now: Date) => `bake-${now.toISOString().replace(/[:.]/g, '-')}.log`

/**
 * SIGINT, SIGTERM and SIGHUP are caught for the whole run: before Packer starts they cancel it,
 * while it runs they stop it (see packerBuild), and the staged directory is removed either way.
 */
export function runTestBake(options: TestBakeOptions): Promise<TestBakeResult> {
  return guardSignals(() => testBake(options))
}

async function testBake(options: TestBakeOptions): Promise<TestBakeResult> {
  const run = await prepareLocalRun(options.halDir, options.deployment, options.request, { accountUnused: options.ssh !== undefined, ruleLevels: options.ruleLevels })
  let log: BakeLog | undefined
  try {
    const dropped = options.ssh ? retargetForSsh(run, options.ssh) : undefined
    // Within seconds, not after Packer's ssh_timeout: an unreachable target is said at once, precisely.
    if (options.ssh) options.onTargetReached?.(await checkSshTarget(options.ssh.target, undefined, () => interruptedBy() !== undefined))
    const shown = redactPlan(run.plan)
    // The log is for people, like the terminal: the same redaction, control characters escaped.
    const scrub = forDisplay

    const logDir = join(halPaths(options.halDir).galley, 'logs')
    ensureStateDir(logDir)
    const started = new Date()
    log = new BakeLog(join(logDir, logName(started)), scrub)
    log.write(`# hal bake test, ${started.toISOString()}: ${shown.provider} base image ${shown.baseImage}, deployment ${shown.deployment}`)
    log.write(`# template ${shown.template.name} (${shown.template.location})${options.ssh ? `, on ${options.ssh.url} (builders replaced by a null builder)` : ''}`)
    log.write(`# ${shown.argv.join(' ')}`)
    options.onStart?.({ log: log.path, argv: shown.argv })

    const early = interruptedBy()
    if (early) throw failed(`the test bake was interrupted (${early}) before Packer started`, { code: 'BAKE_INTERRUPTED', data: { log: log.path } })
    const lines: string[] = []
    const outcome = await packerBuild({
      packer: run.packer,
      args: run.packerArgs,
      cwd: run.stage.root,
      tmpDir: run.stage.tmpDir,
      timeoutMs: options.timeoutMs,
      graceMs: options.graceMs,
      onLine: (raw) => {
        const line = scrub(raw)
        lines.push(line)
        log!.write(line)
        options.onLine(line)
      },
      onStopping: (reason, forced) => {
        log!.write(`# stopping Packer: ${reason}${forced ? ' (killed)' : ''}`)
        options.onStopping?.(reason, forced)
      },
    })
    const durationMs = Date.now() - started.getTime()
    log.write(`# packer exited with ${outcome.exitCode} after ${durationMs}ms${outcome.stoppedBy ? `, stopped by ${outcome.stoppedBy}` : ''}`)
    const tail = lines.slice(-TAIL).join('\n')
    const data = { log: log.path, exitCode: outcome.exitCode }

    if (outcome.stoppedBy) {
      const why = outcome.stoppedBy === 'timeout' ? `timed out after ${formatDuration(options.timeoutMs)}` : `was interrupted (${outcome.stoppedBy})`
      throw failed(`the test bake ${why}: Packer was stopped${outcome.killed ? ' and killed' : ''}`, {
        code: outcome.stoppedBy === 'timeout' ? 'BAKE_TIMEOUT' : 'BAKE_INTERRUPTED',
        detail: `${tail}\nLog: ${log.path}`,
        remediation: outcome.stoppedBy === 'timeout' ? 'Give it more time with --timeout (e.g. --timeout 45m), or look for a step that waits for input.' : `Packer cleaned up what it could${outcome.killed ? ' before it was killed: check the cloud console for a leftover instance' : ''}.`,
        data,
      })
    }
    if (outcome.exitCode !== 0) {
      const step = failingStep(lines)
      const why = buildError(lines)
      throw failed(`packer build failed${step ? ` at "${step}"` : ''}${why ? `: ${why}` : ` (exit ${outcome.exitCode})`}`, {
        code: 'PACKER_FAILED',
        detail: `Last lines of Packer's output:\n${tail}\nLog: ${log.path}`,
        remediation: 'Fix the step above; hal bake validate checks the template and its scripts offline.',
        data: { ...data, step, error: why },
      })
    }

    let image: BakedImage | undefined
    if (!options.ssh) {
      image = providers[run.plan.provider].packer.bakedImage(lines, readIfPresent(run.stage.manifestFile))
    }
    return {
      provider: shown.provider,
      deployment: shown.deployment,
      baseImage: shown.baseImage,
      template: shown.template.name,
      ...(options.ssh ? { target: options.ssh.url } : {}),
      ...(image ? { image } : {}),
      plannedImageName: shown.imageName,
      log: log.path,
      durationMs,
      packer: run.packer.version,
      ...(dropped && dropped.length > 0 ? { droppedPostProcessors: dropped } : {}),
    }
  } finally {
    log?.close()
    run.stage.remove()
  }
}

/** Rewrites the staged template in place (so Packer's argv stays the plan's) for the SSH target. */
function retargetForSsh(run: LocalRun, ssh: NonNullable<TestBakeOptions['ssh']>): string[] {
  const { template } = run.plan
  if (!template.name.endsWith('.json')) {
    throw usage(`--target works with JSON templates; ${template.name} is not one`, {
      code: 'TARGET_NEEDS_JSON',
      remediation: 'Test HCL2 templates without --target, or keep a JSON variant of the template for SSH tests.',
    })
  }
  let parsed: Record<string, unknown>
  try {
    parsed = JSON.parse(readFileSync(template.path, 'utf8'))
  } catch (error) {
    throw failed(`${template.file ?? template.name} is not valid JSON: ${(error as Error).message}`, {
      code: 'TEMPLATE_NOT_JSON',
      remediation: 'Run hal bake validate to see where.',
    })
  }
  const retargeted = retargetTemplate(parsed, ssh.target, ssh.keyFile)
  writeFileSync(template.path, `${JSON.stringify(retargeted.template, null, 2)}\n`)
  return retargeted.droppedPostProcessors
}

function readIfPresent(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}
