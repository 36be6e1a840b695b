import { HalCommand, deploymentFlags, fileFlag } from '../../../../cli/base-command.js'
import type { TemplateEntry } from '../../../../templates/library.js'
import { listDeploymentTemplates } from '../../../../templates/manage.js'

const origin = (t: TemplateEntry) =>
  t.origin === 'custom'
    ? t.overridesStock ? 'custom, overrides stock' : 'custom'
    : t.origin === 'missing' ? 'MISSING' : t.shipped ? 'stock (galley ships it)' : 'stock (Rosco\'s image)'

const users = (t: TemplateEntry) =>
  t.usedBy.length === 0 ? '-' : t.usedBy.map((r) => `${r.description}${r.implicit ? ' (default)' : ''}`).join('; ')

export default class TemplateList extends HalCommand {
  static override summary = 'List the custom and stock templates and scripts, and which bakery settings use each.'
  static override description = `Custom files are those in the deployment's profiles/rosco/packer/; a custom file named like a stock one overrides it. USED BY names the bakery defaults (a provider without templateFile uses its stock template) and base images whose templateFile names the file. MISSING marks names the config uses that exist nowhere: those bakes fail.`
  static override examples = ['<%= config.bin %> config bakery template list', '<%= config.bin %> config bakery template list --deployment prod --json']
  static override flags = { ...deploymentFlags, ...fileFlag }

  async run() {
    const { flags } = await this.parseWith(TemplateList)
    const listing = listDeploymentTemplates({ halDir: this.halDirFrom(flags), file: await this.fileFrom(flags), halDirFlag: flags['hal-dir'], deployment: flags.deployment })
    this.say(`Templates of deployment ${listing.deployment} (custom files in ${listing.packerDir}):`)
    const rows = [['NAME', 'KIND', 'ORIGIN', 'USED BY'], ...listing.templates.map((t) => [t.name, t.kind, origin(t), users(t)])]
    const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c].length)))
    for (const row of rows) this.say(row.map((cell, c) => (c < 3 ? cell.padEnd(widths[c]) : cell)).join('  ').trimEnd())
    return listing
  }
}
