import { Args, Flags } from '@oclif/core'
import { HalCommand, deploymentFlags, fileFlag } from '../../../../cli/base-command.js'
import { addTemplates } from '../../../../templates/manage.js'
import { customName, exampleStock, otherExampleStock } from '../../../../cli/examples.js'

export default class TemplateAdd extends HalCommand {
  static override summary = 'Install custom Packer templates and their scripts into the deployment\'s profiles/rosco/packer/.'
  static override description = `A directory argument installs its whole tree, keeping the layout (dir/scripts/x.sh becomes scripts/x.sh), so that {{user \`configDir\`}}/scripts/x.sh resolves in Rosco.
All or nothing: every file is staged first, then moved into place under the hal directory's lock. Existing files are refused unless --force (nothing is written).
Files become 0755 when the source is executable, else 0644; directories 0755. A link named on the command line is followed; inside a directory, a link is copied as its content only if it points to a file inside that directory. Links leading outside it, to directories or nowhere, FIFOs and device files are refused.
A file named like a stock template (${exampleStock}, ${otherExampleStock}, install_packages.sh, ...) replaces Rosco's own for every bake.`
  static override examples = [
    `<%= config.bin %> config bakery template add ${customName(exampleStock, 'custom')} scripts/`,
    '<%= config.bin %> config bakery template add ./my-templates',
    `<%= config.bin %> config bakery template add build/${exampleStock} --name ${customName(exampleStock, 'nginx')} --force`,
  ]
  static override strict = false
  static override args = { file: Args.string({ description: 'Files or directories to install (one or more).', required: true }) }
  static override flags = {
    ...deploymentFlags, ...fileFlag,
    name: Flags.string({ description: 'Install the one FILE under this name (relative to the packer directory).' }),
    force: Flags.boolean({ description: 'Replace files that exist already.' }),
  }

  async run() {
    const { flags, argv } = await this.parse(TemplateAdd)
    const result = await addTemplates({
      halDir: this.halDirFrom(flags), file: await this.fileFrom(flags), halDirFlag: flags['hal-dir'],
      deployment: flags.deployment,
      sources: argv as string[],
      name: flags.name,
      force: flags.force,
    })
    for (const file of result.installed) {
      this.say(`+ Installed ${file.name} (${file.kind}, ${file.mode})${file.replaced ? ', replacing the previous one' : ''}`)
      if (file.overridesStock) this.say(`  ${file.name} overrides Rosco's stock ${file.name} for every bake of deployment ${result.deployment}.`)
    }
    for (const skipped of result.skipped) this.note(`- skipped ${skipped} (version-control metadata)`)
    this.say(`Installed ${result.installed.length} file(s) into ${result.packerDir}. Check them with: hal config bakery template lint`)
    return result
  }
}
