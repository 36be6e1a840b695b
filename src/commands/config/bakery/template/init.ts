import { Args, Flags } from '@oclif/core'
import { HalCommand, deploymentFlags, fileFlag } from '../../../../cli/base-command.js'
import { INIT_SOURCES, initTemplate } from '../../../../templates/manage.js'
import { PROVIDERS } from '../../../../providers/index.js'
import { customName, exampleStock, otherExampleStock } from '../../../../cli/examples.js'

export default class TemplateInit extends HalCommand {
  static override summary = `Start a custom template from one of galley's stock templates (${INIT_SOURCES.join(', ')}).`
  static override description = 'Writes a copy of the stock template into the deployment\'s profiles/rosco/packer/ under NAME (refused when NAME exists, unless --force). Edit it, then point a bakery or base image at it with --template-file NAME.'
  static override examples = [
    `<%= config.bin %> config bakery template init ${customName(exampleStock, 'nginx')} --from ${exampleStock}`,
    `<%= config.bin %> config bakery template init ${customName(otherExampleStock, 'hardened')} --from ${otherExampleStock}`,
  ]
  static override args = { name: Args.string({ description: `Name of the new template, e.g. ${customName(exampleStock, 'custom')}.`, required: true }) }
  static override flags = {
    ...deploymentFlags, ...fileFlag,
    from: Flags.option({ options: INIT_SOURCES, required: true, description: 'The stock template to start from.' })(),
    force: Flags.boolean({ description: 'Replace NAME if it exists.' }),
  }

  async run() {
    const { flags, args } = await this.parseWith(TemplateInit)
    const result = await initTemplate({ halDir: this.halDirFrom(flags), file: await this.fileFrom(flags), halDirFlag: flags['hal-dir'], deployment: flags.deployment, name: args.name, from: flags.from, force: flags.force })
    const [file] = result.installed
    this.say(`+ Created ${file.name} from galley's stock ${flags.from}${file.replaced ? ', replacing the previous one' : ''}: ${file.path}`)
    if (file.overridesStock) this.say(`  ${file.name} overrides Rosco's stock ${file.name} for every bake of deployment ${result.deployment}.`)
    const provider = PROVIDERS.find((p) => p.packer.stockTemplates.includes(flags.from))?.name ?? 'PROVIDER'
    this.say(`Edit it, check it with hal config bakery template lint ${file.name}, then use it: hal config provider ${provider} bakery edit --template-file ${file.name}`)
    return result
  }
}
