import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { deploymentPaths } from '../config/paths.js'
import { failed, invalid } from '../lib/errors.js'
import { holdsUrlPassword, isSecretName, noteSecretsInText } from '../lib/redact.js'
import { readDeployment } from '../config/read-deployment.js'
import { SHIPPED_TEMPLATES } from '../templates/stock.js'
import type { Problem } from '../model/problem.js'
import { stagePackerDirectory, type Stage } from './files.js'
import { findPacker, packerValidate, type PackerInfo } from './packer.js'
import { validateMessages } from './packer-output.js'
import type { BakePlan } from './plan.js'
import type { BakeRequest } from '../model/bake-request.js'
import { ROSCO_PLACE, assertRunnable, planFor, type PlanFrom } from './session.js'
import { customDirOfFile } from './file-input.js'

/**
 * A bake run on this machine (`validate`, `test`): the packer directory staged as Rosco would
 * see it, the plan computed against it, and Packer found. `stage.remove()` must follow.
 */
export interface LocalRun {
  plan: BakePlan
  stage: Stage
  packer: PackerInfo
  /** The deployment's custom packer directory. */
  customDir: string
  /**
   * Packer's arguments after `packer` (`build -color=false [additional parameters] ...`): the plan's,
   * but with its secret variables moved out of the argv (which every local user can read in /proc)
   * into a var file. Rosco's `sudo` and `-timestamp-ui` are left out on this machine.
   */
  packerArgs: string[]
  /** The same variables, var files and template for `packer validate`, which takes no build options. */
  validateArgs: string[]
}

/** Where the secret variables of a local run are written: a 0700 directory inside the (0700) stage, removed with it. */
const SECRET_VARS_DIR = 'secret-vars'

/**
 * The plan's `packer build` arguments with every secret `-var name=value` pair taken out and
 * written, mode 0600, to a JSON var file passed with `-var-file` in their place (after the other
 * `-var`s and before the request's own var file, so that it wins or loses as Rosco's `-var`s
 * would). JSON var files are read by both JSON and HCL2 templates (`.pkrvars.json`).
 */
export function localPackerArgs(plan: BakePlan, stage: Pick<Stage, 'root'>): string[] {
  return ['build', '-color=false', ...localAdditionalParameters(plan.rosco.additionalParameters, stage), ...localVariableArgs(plan, stage)]
}

/** `-var NAME=VALUE` in Rosco's additionalParameters, as one or two arguments. */
const ADDITIONAL_VAR = /^-{1,2}var=([^=]+)=([\s\S]*)$/

const secretPair = (name: string, value: string) => isSecretName(name) || holdsUrlPassword(value)

/**
 * Rosco's packer.additionalParameters with their secret `-var` pairs (by name, or a URL holding a
 * password) moved into a var file of their own at the same place, so that they still come before
 * (and lose to) the recipe's -var pairs, as on Rosco's command line.
 */
function localAdditionalParameters(parameters: readonly string[], stage: Pick<Stage, 'root'>): string[] {
  const out: string[] = []
  let count = 0
  for (let i = 0; i < parameters.length; i++) {
    const joined = ADDITIONAL_VAR.exec(parameters[i])
    const split = /^-{1,2}var$/.test(parameters[i]) && i + 1 < parameters.length ? /^([^=]+)=([\s\S]*)$/.exec(parameters[i + 1]) : null
    const pair = joined ?? split
    if (!pair || !secretPair(pair[1], pair[2])) {
      out.push(parameters[i])
      continue
    }
    if (split) i++
    out.push(`-var-file=${writeSecretVarFile(stage, `additional-${++count}`, { [pair[1]]: pair[2] })}`)
  }
  return out
}

/** A 0600 JSON var file in the stage's 0700 secret-vars directory. */
function writeSecretVarFile(stage: Pick<Stage, 'root'>, name: string, values: Record<string, string>): string {
  const dir = join(stage.root, SECRET_VARS_DIR)
  mkdirSync(dir, { mode: 0o700, recursive: true })
  const file = join(dir, `${name}.pkrvars.json`)
  writeFileSync(file, `${JSON.stringify(values, null, 2)}\n`, { mode: 0o600 })
  return file
}

/** The plan's -var pairs, var file and template, with the secret -var pairs moved into a var file. */
function localVariableArgs(plan: BakePlan, stage: Pick<Stage, 'root'>): string[] {
  const secrets = plan.variables.filter((v) => v.secret)
  const args = plan.packerArgs
  if (secrets.length === 0) return args
  const secretTokens = new Set(secrets.map((v) => `${v.name}=${v.value}`))
  const out: string[] = []
  let lastVar = -1
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-var' && i + 1 < args.length) {
      if (!secretTokens.has(args[i + 1])) out.push(args[i], args[i + 1])
      i++
      lastVar = out.length
      continue
    }
    out.push(args[i])
  }
  const file = writeSecretVarFile(stage, 'secrets', Object.fromEntries(secrets.map((v) => [v.name, v.value])))
  out.splice(lastVar === -1 ? 0 : lastVar, 0, `-var-file=${file}`)
  return out
}

export async function prepareLocalRun(halDir: string, deploymentName: string | undefined, request: BakeRequest, from: Omit<PlanFrom, 'customDir'> = {}): Promise<LocalRun> {
  const { deployment } = readDeployment(halDir, deploymentName, from.file)
  // --file: the custom files of its template home (a manifest's, copied), staged like a hal directory's.
  const own = from.file === undefined ? undefined : customDirOfFile(halDir, deploymentName, from.file, from.halDirFlag)
  const customDir = own?.customDir ?? deploymentPaths(halDir, deployment.name).packer
  try {
    const run = await prepareStaged(halDir, deployment.name, request, customDir, from.file === undefined ? { ruleLevels: from.ruleLevels, accountUnused: from.accountUnused } : { ...from, customDir })
    if (!own) return run
    // The copy is gone after this: messages name the files it was made from.
    for (const file of [run.plan.template, run.plan.varFile]) if (file?.file) file.file = own.shown(file.file)
    return { ...run, customDir: own.shown(run.customDir) }
  } finally {
    own?.done()
  }
}

async function prepareStaged(halDir: string, deploymentName: string, request: BakeRequest, customDir: string, from: Parameters<typeof planFor>[4]): Promise<LocalRun> {
  const stage = stagePackerDirectory(halDir, deploymentName, customDir)
  try {
    const plan = planFor(halDir, deploymentName, request, stage, from)
    // Template-level problems are Packer's to report, in its own words.
    assertRunnable(plan, { packerChecks: true })
    const reference = plan.problems.find((p) => p.rule === 'bake/secret-reference')
    if (reference) {
      throw invalid(reference.message, { code: 'SECRET_REFERENCE', remediation: reference.remediation })
    }
    for (const file of [plan.template, plan.varFile]) {
      if (file && !existsSync(file.path)) {
        throw failed(`${file.name} is one of Rosco's stock files, but galley has no copy of it to run locally (galley ships ${SHIPPED_TEMPLATES.join(', ')})`, {
          code: 'STOCK_FILE_NOT_SHIPPED',
          remediation: `Copy Rosco's ${file.name} into ${customDir}/ to test it.`,
        })
      }
    }
    // A custom template's or var file's own secrets are known before Packer can echo them.
    for (const file of [plan.template, plan.varFile]) if (file?.file) noteSecretsInText(readFileSync(file.file, 'utf8'))
    const packer = await findPacker()
    // Rosco writes the request's artifacts into the artifacts file (PackerArtifactService.writeArtifactsToFile).
    writeFileSync(stage.artifactFile, `${artifactsFileContent(request)}\n`)
    return { plan, stage, packer, customDir, packerArgs: localPackerArgs(plan, stage), validateArgs: localVariableArgs(plan, stage) }
  } catch (error) {
    stage.remove()
    throw error
  }
}

/**
 * The artifacts file as Rosco's ObjectMapper writes it: kork's Artifact with every field, in its
 * declared order, nulls included; `[]` without artifacts.
 */
export function artifactsFileContent(request: BakeRequest): string {
  const artifacts = (request.package_artifacts ?? []).map((a) => ({
    type: a.type ?? null,
    customKind: a.customKind ?? false,
    name: a.name ?? null,
    version: a.version ?? null,
    location: a.location ?? null,
    reference: a.reference ?? null,
    metadata: a.metadata ?? {},
    artifactAccount: a.artifactAccount ?? null,
    provenance: a.provenance ?? null,
    uuid: a.uuid ?? null,
  }))
  return JSON.stringify(artifacts)
}

/** Paths in a message as Rosco would have them, not as they were staged here. */
export function asRoscoPaths(text: string, stage: Stage): string {
  return text
    .split(stage.configDir).join(ROSCO_PLACE.configDir)
    .split(stage.artifactFile).join(ROSCO_PLACE.artifactFile)
    .split(stage.manifestFile).join(ROSCO_PLACE.manifestFile)
}

/** Runs `packer validate` with the build's variables and template; Packer's messages become problems. */
export async function validateLocally(run: LocalRun, timeoutMs?: number): Promise<{ problems: Problem[]; output: string }> {
  const args = run.validateArgs
  const outcome = await packerValidate(run.packer, args, run.stage.root, run.stage.tmpDir, timeoutMs)
  if (outcome.exitCode === 0) return { problems: [], output: outcome.output }
  const messages = validateMessages(outcome.output)
  const problems = (messages.length > 0 ? messages : [`packer validate failed (exit ${outcome.exitCode}) without saying why`]).map((message) => ({
    rule: 'packer/validate',
    severity: 'error' as const,
    message: asRoscoPaths(message, run.stage),
    ...remediationFor(message, run),
    path: '',
    ...(run.plan.template.file ? { file: run.plan.template.file } : {}),
  }))
  return { problems, output: asRoscoPaths(outcome.output, run.stage) }
}

function remediationFor(message: string, run: LocalRun): { remediation?: string } {
  const { plan, stage, customDir } = run
  const required = /required variable not set: (\S+)/.exec(message)
  if (required) {
    const name = required[1]
    const dropped = plan.dropped.find((d) => d.name === name)
    if (dropped?.fix) return { remediation: `${name} comes from ${dropped.source}: ${dropped.from}, which is ${dropped.reason}. ${dropped.fix}` }
    return { remediation: `Rosco never passes ${name}: give it a default in ${plan.template.name}, or pass it with --extended-attribute ${name}=VALUE (a bake stage's extended attributes).` }
  }
  const missing = /Bad (?:script|source) '([^']+)'/.exec(message)
  if (missing) {
    const file = missing[1]
    const inConfigDir = file.startsWith(`${stage.configDir}/`)
    return {
      remediation: inConfigDir
        ? `Put ${file.slice(stage.configDir.length + 1)} in ${customDir}/ (templates reach it as {{user \`configDir\`}}/${file.slice(stage.configDir.length + 1)}).`
        : `Packer runs on Rosco's machine: ${basename(file)} must be in Rosco's packer directory, referred to as {{user \`configDir\`}}/${basename(file)}.`,
    }
  }
  if (message.includes("'key_file' must be specified")) {
    return { remediation: 'Packer 1.6 reads only PKCS#1 keys (BEGIN RSA PRIVATE KEY): convert the account\'s key with openssl rsa -in KEY.pem -traditional -out KEY-rsa.pem, and point sshPrivateKeyFilePath at it.' }
  }
  if (message.includes('account_file')) {
    return { remediation: 'packer validate reads the account\'s jsonPath on this machine: point it at a readable key file, or validate with a copy that has none.' }
  }
  if (message.startsWith('Failed to parse template')) {
    return { remediation: `Fix the JSON of ${plan.template.file ?? plan.template.name} at that position (hal config bakery template lint checks it too).` }
  }
  return {}
}
