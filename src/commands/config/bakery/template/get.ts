import { Args } from '@oclif/core'
import { HalCommand, deploymentFlags } from '../../../../lib/base-command.js'
import { showTemplate } from '../../../../templates/manage.js'

export default class TemplateGet extends HalCommand {
  static override summary = 'Print a custom template (or script), else galley\'s copy of a stock one.'
  static override examples = ['<%= config.bin %> config bakery template get gce-custom.json', '<%= config.bin %> config bakery template get gce.json > my-gce.json']
  static override args = { name: Args.string({ description: 'The name in the packer directory, e.g. gce-custom.json or scripts/setup.sh.', required: true }) }
  static override flags = { ...deploymentFlags }

  async run() {
    const { flags, args } = await this.parseWith(TemplateGet)
    const result = showTemplate({ halDir: this.halDirFrom(flags), deployment: flags.deployment, name: args.name })
    if (!this.jsonEnabled()) {
      if (result.origin === 'stock') this.note(`(galley's copy of the stock ${result.name}: ${result.path})`)
      process.stdout.write(result.content)
    }
    return result
  }
}
