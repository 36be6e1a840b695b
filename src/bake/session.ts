import { locatePath } from '../config/source.js'
import { deploymentPaths } from '../config/paths.js'
import { applyLevels, type RuleLevel } from '../model/problem.js'
import { invalid, usage } from '../lib/errors.js'
import { addSecretValues } from '../lib/redact.js'
import { readDeployment } from '../config/read-deployment.js'
import { renderProblems } from '../validate/render-problems.js'
import { packerDirectory } from './files.js'
import { ROSCO_CONFIG_DIR, TEMPLATE_RULES, planBake, planErrors, type BakePlan } from './plan.js'
import type { BakeRequest } from '../model/bake-request.js'
import { readRoscoSettings } from './rosco-settings.js'
import { planInputOfFile } from './file-input.js'
import { SHIPPED_TEMPLATES } from '../templates/stock.js'

/** Where a plan's files are: in Rosco's container, or staged on this machine. */
export interface PlanPlace {
  configDir: string
  artifactFile: string
  manifestFile: string
}

/** Rosco gives every request its own UUID (BakeRequest.request_id); galley cannot know it in advance. */
export const REQUEST_ID_PLACEHOLDER = '<request_id>'

/**
 * Rosco's files for a bake: java.io.tmpdir (/tmp in Rosco's image) and the request id
 * (util/PackerArtifactService.java getArtifactFilePath, PackerManifestService.java getManifestPath).
 */
export const ROSCO_PLACE: PlanPlace = {
  configDir: ROSCO_CONFIG_DIR,
  artifactFile: `/tmp/${REQUEST_ID_PLACEHOLDER}-artifacts.json`,
  manifestFile: `/tmp/${REQUEST_ID_PLACEHOLDER}-manifest.json`,
}

/** The clock for image names; `GALLEY_NOW_MS` pins it (golden tests, reproducible plans). */
export function nowMs(env: NodeJS.ProcessEnv = process.env): number {
  const pinned = env.GALLEY_NOW_MS
  if (pinned === undefined || pinned === '') return Date.now()
  if (!/^\d+$/.test(pinned)) throw usage(`GALLEY_NOW_MS="${pinned}" is not a number of milliseconds`, { code: 'BAD_CLOCK', remediation: 'Unset it, or give epoch milliseconds, e.g. 1700000000000.' })
  return Number(pinned)
}

/** Where a plan's deployment comes from (--file), and the `--rule ID=LEVEL` levels for its problems. */
export interface PlanFrom {
  file?: string
  halDirFlag?: string
  customDir?: string
  ruleLevels?: Record<string, RuleLevel>
  /** The cloud account is not used (bake test --target: a null builder replaces the cloud's): what the config rules say of it does not count. */
  accountUnused?: boolean
}

const ACCOUNT_PATH = /\/providers\/[^/]+\/accounts\/\d+(\/|$)/

/** Computes the plan of a request against a deployment of the hal directory (or of a --file). */
export function planFor(halDir: string, deploymentName: string | undefined, request: BakeRequest, place: PlanPlace = ROSCO_PLACE, from: PlanFrom = {}): BakePlan {
  // A local run plans against real files (customDir: a manifest's copied out); bake plan against the file's home.
  const fileInput = from.file === undefined ? undefined : planInputOfFile(halDir, deploymentName, from.file, from.halDirFlag, { copyDir: from.customDir })
  const { loaded, deployment } = fileInput ?? readDeployment(halDir, deploymentName)
  const files = fileInput?.files ?? packerDirectory(halDir, deployment.name)
  const plan = planBake({
    request,
    deployment,
    ...place,
    nowMs: nowMs(),
    findFile: files.findFile,
    templateVariables: files.templateVariables,
    shippedTemplates: SHIPPED_TEMPLATES,
    rosco: fileInput?.rosco ?? readRoscoSettings(halDir, deployment.name),
    locate: (path, atKey) => {
      const position = locatePath(loaded.parsed, path, atKey)
      return { file: loaded.file, ...position }
    },
    // A deployment of a hal directory has its templates there; a --file's are found through findFile.
    configRules: { file: loaded.file, packerDir: fileInput ? undefined : deploymentPaths(halDir, deployment.name).packer, root: loaded.parsed.value },
    ruleLevels: from.ruleLevels,
    // Only a local run (bake validate, bake test) uses the key files the halconfig names on this machine.
    keyFilesHere: place !== ROSCO_PLACE,
  })
  plan.problems = applyLevels(plan.problems, from.ruleLevels).filter((p) => !(from.accountUnused && !p.rule.startsWith('bake/') && ACCOUNT_PATH.test(p.path)))
  addSecretValues(plan.variables.filter((v) => v.secret).map((v) => v.value))
  return plan
}

/**
 * Refuses a plan Rosco would fail on (exit 1), before anything runs. `packerChecks` leaves the
 * template-level problems to Packer, which reports them itself.
 */
export function assertRunnable(plan: BakePlan, options: { packerChecks?: boolean } = {}): void {
  const errors = planErrors(plan, options.packerChecks ? TEMPLATE_RULES : undefined)
  if (errors.length === 0) return
  const [first] = errors
  const where = first.file ? `  ${first.file}${first.line ? `:${first.line}:${first.column}` : ''} [${first.rule}]` : `  [${first.rule}]`
  throw invalid(errors.length === 1 ? first.message : `${errors.length} problems would make Rosco's bake fail`, {
    code: 'BAKE_NOT_RUNNABLE',
    remediation: errors.length === 1 ? first.remediation : undefined,
    detail: errors.length === 1 ? where : renderProblems(errors),
    data: { problems: errors },
  })
}
