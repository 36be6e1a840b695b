import { Args, Flags } from '@oclif/core'
import { HalCommand, deploymentFlags, fileFlag } from '../../../../cli/base-command.js'
import { removeTemplate } from '../../../../templates/manage.js'
import { customName, exampleStock } from '../../../../cli/examples.js'

export default class TemplateRemove extends HalCommand {
  static override summary = 'Remove a custom template or script from the deployment\'s packer directory.'
  static override description = 'Refused (exit 3) while a bakery default, a base image or another custom template uses it, naming each of them; --force removes it anyway. Removing a file named like a stock template brings Rosco\'s stock one back.'
  static override examples = [`<%= config.bin %> config bakery template remove ${customName(exampleStock, 'old')}`]
  static override args = { name: Args.string({ description: 'The name in the packer directory.', required: true }) }
  static override flags = {
    ...deploymentFlags, ...fileFlag,
    force: Flags.boolean({ description: 'Remove it even while the config or another template uses it.' }),
  }

  async run() {
    const { flags, args } = await this.parseWith(TemplateRemove)
    const result = await removeTemplate({ halDir: this.halDirFrom(flags), file: await this.fileFrom(flags), halDirFlag: flags['hal-dir'], deployment: flags.deployment, name: args.name, force: flags.force })
    this.say(`+ Removed ${result.name} from ${result.path.slice(0, -result.name.length - 1)}.`)
    if (result.revertsToStock) this.say(`  Bakes of deployment ${result.deployment} use Rosco's stock ${result.name} again.`)
    else for (const ref of result.stillUsedBy) this.note(`- WARNING ${ref.description} still names ${result.name}: its bakes fail until it names another template.`)
    return result
  }
}
