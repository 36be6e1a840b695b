import { Flags } from '@oclif/core'
import { HalCommand, fileFlag } from '../../cli/base-command.js'
import { ruleLevelsFrom } from '../../problems/registry.js'
import { applyLevels, type RuleLevel } from '../../model/problem.js'
import { ExitCode } from '../../lib/errors.js'
import { guardSignals, interruptedBy, interruptedError } from '../../lib/process-group.js'
import { renderProblems } from '../../validate/render-problems.js'
import { parseDuration, requestFlags, requestFrom, bakeRuleFlags } from '../../cli/bake-flags.js'
import { asRoscoPaths, prepareLocalRun, validateLocally } from '../../bake/local.js'
import { redactPlan } from '../../bake/plan.js'
import type { BakeRequest } from '../../model/bake-request.js'
import { customName, exampleBake, exampleStock, imageOf, shippedTemplates, validateNeeds } from '../../cli/examples.js'

export default class BakeValidateCommand extends HalCommand {
  static override summary = 'Check a bake with packer validate, offline: the variables Rosco would pass, the template and the scripts it uses.'
  static override description = `Stages Rosco's packer directory in a temporary directory (galley's stock ${shippedTemplates.join(', ')} and install_packages.sh, then the deployment's profiles/rosco/packer/ files over them, and an empty artifacts file), computes the bake as "hal bake plan" does, and runs packer validate with those variables. Packer's messages are shown as problems, with paths as Rosco would see them. What Packer needs here, by provider: ${validateNeeds}.
Packer runs in its own process group: on a timeout, Ctrl-C, SIGTERM or SIGHUP it gets 2 seconds to stop, then its whole group is killed, with every process it started, and the staged directory is removed. hal ends within --timeout + 3 seconds of Packer's start.
Exit status: 0 when Packer accepts it, 1 when the configuration or the template has problems, 2 for bad flags, 3 when Packer is missing, too old or times out, 130 after Ctrl-C (SIGINT), 143 after SIGTERM, 129 after SIGHUP.`
  static override examples = [
    `<%= config.bin %> bake validate ${exampleBake}`,
    `<%= config.bin %> bake validate ${imageOf()} --template-file ${customName(exampleStock, 'custom')}`,
  ]
  static override listsRules = 'bake' as const
  static override flags = {
    ...requestFlags,
    ...fileFlag,
    timeout: Flags.string({ description: 'Stop packer validate after this long: 30s, 2m.', default: '2m' }),
    ...bakeRuleFlags,
  }

  async run() {
    const { flags } = await this.parseWith(BakeValidateCommand)
    const timeoutMs = parseDuration('timeout', flags.timeout)
    const request = requestFrom(flags)
    const ruleLevels = ruleLevelsFrom(flags.rule)
    // Signals are caught from staging to removal: the staged directory never outlives hal.
    return guardSignals(() => this.validate(flags, request, timeoutMs, ruleLevels))
  }

  private async validate(flags: { 'hal-dir'?: string; deployment?: string; file?: string }, request: BakeRequest, timeoutMs: number, ruleLevels: Record<string, RuleLevel>) {
    const run = await prepareLocalRun(this.halDirFrom(flags), flags.deployment, request, { file: await this.fileFrom(flags), halDirFlag: flags['hal-dir'], ruleLevels })
    try {
      const problems = applyLevels((await validateLocally(run, timeoutMs)).problems, ruleLevels)
      // A signal that came as Packer finished: report it, not a result.
      const signal = interruptedBy()
      if (signal) throw interruptedError(signal)
      const shown = redactPlan(run.plan)
      const result = {
        valid: problems.length === 0,
        provider: shown.provider,
        deployment: shown.deployment,
        baseImage: shown.baseImage,
        template: { name: shown.template.name, source: shown.template.source, location: shown.template.location, ...(shown.template.file ? { file: shown.template.file } : {}) },
        packer: run.packer.version,
        argv: ['packer', 'validate', ...shown.packerArgs].map((token) => asRoscoPaths(token, run.stage)),
        problems,
        warnings: shown.problems,
      }
      if (shown.problems.length > 0) this.note(renderProblems(shown.problems))
      if (problems.length > 0) {
        process.exitCode = ExitCode.INVALID
        this.say(`packer validate rejected ${shown.template.name} for ${shown.provider} base image ${shown.baseImage}:`)
        this.say(renderProblems(problems))
      } else {
        this.say(`packer validate accepts ${shown.template.name} (${shown.template.location}) for ${shown.provider} base image ${shown.baseImage} with Rosco's ${shown.variables.length} variables (Packer ${run.packer.version}).`)
      }
      return result
    } finally {
      run.stage.remove()
    }
  }
}
