import { Args, Flags } from '@oclif/core'
import { colorWanted } from '../../../../lib/color.js'
import { HalCommand, deploymentFlags, fileFlag, listRulesFlag, ruleFlag } from '../../../../cli/base-command.js'
import { ExitCode } from '../../../../lib/errors.js'
import { lintTemplates } from '../../../../validate/template-check.js'
import { ruleLevelsFrom, rulesOf } from '../../../../problems/registry.js'
import { FORMATS, formatterFor } from '../../../../validate/formatters/index.js'
import { customName, exampleStock, shippedTemplates } from '../../../../cli/examples.js'

export default class TemplateLint extends HalCommand {
  static override summary = 'Check custom Packer templates offline: JSON, variables Rosco passes, referenced scripts, builder types, then packer validate.'
  static override description = `Checks every custom template of the deployment (or the NAMEs given; --stock adds galley's own ${shippedTemplates.join(', ')}): JSON syntax with line and column, {{user \`x\`}} references and required variables against the variables Rosco passes for the provider that uses the template, files named through {{user \`configDir\`}}/, builder types against the providers whose bakery settings use the template. HCL2 (.pkr.hcl) templates are checked for their variable declarations and by Packer.
Then packer validate runs with Rosco's variable set (dummy values, no credentials or network needed) in a copy of Rosco's configDir; --no-packer skips it. Without Packer on PATH that is a warning (an error when CI is set).
Exit status: 0 when nothing is at error level (warnings too with --strict), 1 otherwise, 2 for usage errors, 3 when a template is not found.`
  static override examples = [
    '<%= config.bin %> config bakery template lint',
    `<%= config.bin %> config bakery template lint ${customName(exampleStock, 'custom')} --strict`,
    '<%= config.bin %> config bakery template lint --stock --format sarif > templates.sarif',
  ]
  static override strict = false
  static override args = { name: Args.string({ description: 'Templates to check (default: every custom template).' }) }
  static override listsRules = 'all' as const
  static override flags = {
    ...deploymentFlags, ...fileFlag,
    stock: Flags.boolean({ description: 'Check galley\'s stock templates too.' }),
    format: Flags.option({ options: FORMATS, default: 'text' as const, description: 'Output format: text for people; json, sarif, junit or github (workflow annotations) for CI.' })(),
    strict: Flags.boolean({ description: 'Fail (exit 1) on warnings too.' }),
    packer: Flags.boolean({ description: 'Run packer validate (--no-packer: offline checks only).', default: true, allowNo: true }),
    ...ruleFlag,
    ...listRulesFlag,
  }

  async run() {
    const { flags, argv } = await this.parse(TemplateLint)
    const ruleLevels = ruleLevelsFrom(flags.rule)
    const outcome = await lintTemplates({
      halDir: this.halDirFrom(flags), file: await this.fileFrom(flags), halDirFlag: flags['hal-dir'],
      deployment: flags.deployment,
      names: argv as string[],
      stock: flags.stock,
      packer: flags.packer,
      strict: flags.strict,
      ruleLevels,
    })
    const { report } = outcome
    if (!report.valid) process.exitCode = ExitCode.INVALID
    if (this.jsonEnabled()) return report
    if (report.files.length === 0) {
      this.note(`No custom templates in ${outcome.packerDir} (--stock checks galley's stock ones).`)
    }
    const color = flags.format === 'text' && colorWanted()
    const out = formatterFor(flags.format)(report, rulesOf('template'), { color, cwd: process.cwd() })
    if (out) this.say(out)
    return report
  }
}
