import { Args, Flags } from '@oclif/core'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { HalCommand, deploymentFlags, fileFlag } from '../../../../cli/base-command.js'
import { usage } from '../../../../lib/errors.js'
import { writeFileAtomic } from '../../../../lib/fs-safe.js'
import { redactJsonDocument, redactText } from '../../../../lib/redact.js'
import { showTemplate } from '../../../../templates/manage.js'
import { customName, exampleStock } from '../../../../cli/examples.js'

export default class TemplateGet extends HalCommand {
  static override summary = 'Print a custom template (or script), else galley\'s copy of a stock one.'
  static override description = 'Standard output never shows secrets: a template\'s secret values are printed as <redacted>. --output FILE writes the template as it is, with mode 0600.'
  static override examples = [`<%= config.bin %> config bakery template get ${customName(exampleStock, 'custom')}`, `<%= config.bin %> config bakery template get ${exampleStock} --output my-${exampleStock}`]
  static override args = { name: Args.string({ description: `The name in the packer directory, e.g. ${customName(exampleStock, 'custom')} or scripts/setup.sh.`, required: true }) }
  static override flags = {
    ...deploymentFlags, ...fileFlag,
    output: Flags.string({ char: 'o', description: 'Write the template, unredacted, to this file (mode 0600) instead of printing it.' }),
    force: Flags.boolean({ description: 'Replace the --output file if it exists.', default: false }),
  }

  async run() {
    const { flags, args } = await this.parseWith(TemplateGet)
    const result = showTemplate({ halDir: this.halDirFrom(flags), file: await this.fileFrom(flags), halDirFlag: flags['hal-dir'], deployment: flags.deployment, name: args.name })
    if (flags.output !== undefined) {
      const file = resolve(flags.output)
      if (existsSync(file) && !flags.force) {
        throw usage(`${file} exists: nothing was written`, { code: 'OUTPUT_EXISTS', remediation: 'Choose another file, or pass --force to replace it.' })
      }
      // Written through neither a link nor the output guard: the file is the user's copy, secrets included.
      writeFileAtomic(file, result.content, 0o600, { exactMode: true, followLink: false })
      this.say(`Wrote ${result.name} to ${file} (mode 0600).`)
      const { content: _content, ...rest } = result
      return { ...rest, output: file }
    }
    if (!this.jsonEnabled()) {
      if (result.origin === 'stock') this.note(`(galley's copy of the stock ${result.name}: ${result.path})`)
      process.stdout.write(result.content)
      if ((redactJsonDocument(result.content) ?? redactText(result.content)) !== result.content) {
        this.note('(secret values are shown as <redacted>: --output FILE writes the template as it is, with mode 0600)')
      }
    }
    return result
  }
}
