import { Flags } from '@oclif/core'
import { assertDeploymentName, deployments, newDeployment, selectDeployment } from '../../config/halconfig.js'
import { redact } from '../../model/secrets.js'
import { readHalconfig, updateHalconfig } from '../../config/store.js'
import { deploymentFlags, fileFlag, HalCommand } from '../../cli/base-command.js'
import { usage } from '../../lib/errors.js'
import { readDeployment } from '../../config/read-deployment.js'
import { toYaml } from '../../lib/render.js'

export default class Config extends HalCommand {
  static override summary = 'Print the current deployment\'s configuration, or choose the current deployment.'
  static override description = `Secrets (passphrases, passwords, tokens) are shown as <redacted>; secret references such as encrypted:... are shown as written.
With --set-current-deployment NAME, NAME becomes the current deployment; it is created with defaults if it does not exist.`
  static override examples = ['<%= config.bin %> config', '<%= config.bin %> config --json', '<%= config.bin %> config --set-current-deployment staging']
  static override flags = {
    ...deploymentFlags,
    ...fileFlag,
    'set-current-deployment': Flags.string({ description: 'Make this deployment the current one, creating it if missing.' }),
  }

  async run() {
    const { flags } = await this.parseWith(Config)
    const halDir = this.halDirFrom(flags)
    const file = await this.fileFrom(flags)
    const chosen = flags['set-current-deployment']
    if (chosen !== undefined) {
      assertDeploymentName(chosen)
      const files = file === undefined ? undefined : await import('../../config/files.js')
      // Only a halconfig has a current deployment: a bare deployment or a manifest holds one.
      if (file !== undefined && files!.openConfigFile(file).detected.kind !== 'halconfig') {
        throw usage(`--set-current-deployment needs a halconfig; ${file} holds a single deployment`, {
          code: 'NOT_A_HALCONFIG',
          remediation: 'Leave --set-current-deployment out: commands with --file act on the deployment the file holds.',
        })
      }
      const update = <T,>(edit: Parameters<typeof updateHalconfig<T>>[1], options: { reason: string }) =>
        file === undefined ? updateHalconfig(halDir, edit, options) : files!.updateConfigFile(file, (editor) => edit(editor, undefined as never), options)
      const outcome = await update(
        (editor) => {
          const created = !deployments(editor.current).some((d) => d.name === chosen)
          if (created) editor.append(['deploymentConfigurations'], newDeployment(chosen))
          editor.set(['currentDeployment'], chosen)
          return { created }
        },
        { reason: `hal config --set-current-deployment ${chosen}${file ? ` --file ${file}` : ''}` },
      )
      const { created } = outcome.result
      this.say(created ? `+ Created deployment ${chosen} and made it the current deployment.` : outcome.changed ? `+ ${chosen} is now the current deployment.` : `${chosen} is already the current deployment.`)
      return { currentDeployment: chosen, created, changed: outcome.changed, file: outcome.file }
    }
    const { deployment } = file === undefined ? { deployment: selectDeployment(readHalconfig(halDir).parsed, flags.deployment) } : readDeployment(halDir, flags.deployment, file)
    const shown = redact(deployment.value)
    this.say(toYaml(shown).trimEnd())
    return shown
  }
}
