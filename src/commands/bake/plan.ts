import { HalCommand, fileFlag } from '../../cli/base-command.js'
import { ruleLevelsFrom } from '../../problems/registry.js'
import { ExitCode } from '../../lib/errors.js'
import { requestFlags, requestFrom, bakeRuleFlags } from '../../cli/bake-flags.js'
import { planErrors, redactPlan } from '../../bake/plan.js'
import { renderPlan } from '../../bake/render.js'
import { planFor } from '../../bake/session.js'
import { bakeOf, exampleBake, imageOf, otherExampleBake } from '../../cli/examples.js'

export default class BakePlanCommand extends HalCommand {
  static override summary = 'Show what Rosco would run for a bake: the template, every variable and where its value came from, and the packer build command.'
  static override description = `Computes the bake from the deployment's halconfig and profiles/rosco-local.yml with Rosco's recipe: base image, template (--template-file, then the base image's, then the bakery's), package names as Rosco parses deb, rpm and nupkg names, the appversion (from --build-number, --commit-hash and --job, passed only when frigga accepts it), the image name, account, extended attributes, the -var order, packer.timestamp, packer.additionalParameters and templatesNeedingRoot. Nothing runs.
--json includes the request body Rosco would receive. Rosco names its artifact and manifest files after its own request id, shown as <request_id>.
Secrets are shown as <redacted>. GALLEY_NOW_MS pins the clock used in image names.
Exit status: 0 when Rosco could run it, 1 when a problem would make the bake fail, 2 for bad flags.`
  static override examples = [
    `<%= config.bin %> bake plan ${exampleBake}`,
    `<%= config.bin %> bake plan ${otherExampleBake} --json`,
    `<%= config.bin %> bake plan ${bakeOf(undefined, 'myapp_1.2-3_all')} --build-number 42 --commit-hash abc123 --extended-attribute copy_to=proj-a,proj-b`,
    `<%= config.bin %> bake plan ${imageOf()} --artifact type=deb,name=myapp_1.2-3_all,reference="http://repo.example.com stable main myapp"`,
  ]
  static override listsRules = 'bake' as const
  static override flags = { ...requestFlags, ...fileFlag, ...bakeRuleFlags }

  async run() {
    const { flags } = await this.parseWith(BakePlanCommand)
    const plan = redactPlan(planFor(this.halDirFrom(flags), flags.deployment, requestFrom(flags), undefined, { file: await this.fileFrom(flags), halDirFlag: flags['hal-dir'], ruleLevels: ruleLevelsFrom(flags.rule) }))
    if (planErrors(plan).length > 0) process.exitCode = ExitCode.INVALID
    this.say(renderPlan(plan))
    return plan
  }
}
