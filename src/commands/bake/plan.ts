import { HalCommand, fileFlag } from '../../lib/base-command.js'
import { ExitCode } from '../../lib/errors.js'
import { requestFlags, requestFrom } from '../../bake/command.js'
import { planErrors, redactPlan } from '../../bake/plan.js'
import { renderPlan } from '../../bake/render.js'
import { planFor } from '../../bake/session.js'

export default class BakePlanCommand extends HalCommand {
  static override summary = 'Show what Rosco would run for a bake: the template, every variable and where its value came from, and the packer build command.'
  static override description = `Computes the bake from the deployment's halconfig with Rosco's rules: base image, template precedence (--template-file, then the base image's, then the bakery's, then the provider's stock template), package names, image name, account, extended attributes. Nothing runs.
Secrets are shown as <redacted>. GALLEY_NOW_MS pins the clock used in image names.
Exit status: 0 when Rosco could run it, 1 when a problem would make the bake fail, 2 for bad flags.`
  static override examples = [
    '<%= config.bin %> bake plan --provider google --base-image ubuntu-2204 --package nginx',
    '<%= config.bin %> bake plan --provider oracle --base-image ol8 --package nginx-1.20.1-1.el8.x86_64 --json',
    '<%= config.bin %> bake plan --provider google --base-image ubuntu-2204 --package myapp_1.2-h42.abc123_all --extended-attribute copy_to=us-east1,us-west1',
  ]
  static override flags = { ...requestFlags, ...fileFlag }

  async run() {
    const { flags } = await this.parseWith(BakePlanCommand)
    const plan = redactPlan(planFor(this.halDirFrom(flags), flags.deployment, requestFrom(flags), undefined, { file: await this.fileFrom(flags), halDirFlag: flags['hal-dir'] }))
    if (planErrors(plan).length > 0) process.exitCode = ExitCode.INVALID
    this.say(renderPlan(plan))
    return plan
  }
}
