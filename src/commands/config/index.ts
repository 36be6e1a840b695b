import { Flags } from '@oclif/core'
import { assertDeploymentName, deployments, newDeployment, selectDeployment } from '../../config/halconfig.js'
import { redact } from '../../config/secrets.js'
import { readHalconfig, updateHalconfig } from '../../config/store.js'
import { deploymentFlags, HalCommand } from '../../lib/base-command.js'
import { toYaml } from '../../lib/render.js'

export default class Config extends HalCommand {
  static override summary = 'Print the current deployment\'s configuration, or choose the current deployment.'
  static override description = `Secrets (passphrases, passwords, tokens) are shown as <redacted>; secret references such as encrypted:... are shown as written.
With --set-current-deployment NAME, NAME becomes the current deployment; it is created with defaults if it does not exist.`
  static override examples = ['<%= config.bin %> config', '<%= config.bin %> config --json', '<%= config.bin %> config --set-current-deployment staging']
  static override flags = {
    ...deploymentFlags,
    'set-current-deployment': Flags.string({ description: 'Make this deployment the current one, creating it if missing.' }),
  }

  async run() {
    const { flags } = await this.parseWith(Config)
    const halDir = this.halDirFrom(flags)
    const chosen = flags['set-current-deployment']
    if (chosen !== undefined) {
      assertDeploymentName(chosen)
      const outcome = await updateHalconfig(
        halDir,
        (editor, loaded) => {
          const created = !deployments(editor.current).some((d) => d.name === chosen)
          if (created) editor.append(['deploymentConfigurations'], newDeployment(chosen))
          editor.set(['currentDeployment'], chosen)
          return { created }
        },
        { reason: `hal config --set-current-deployment ${chosen}` },
      )
      const { created } = outcome.result
      this.say(created ? `+ Created deployment ${chosen} and made it the current deployment.` : outcome.changed ? `+ ${chosen} is now the current deployment.` : `${chosen} is already the current deployment.`)
      return { currentDeployment: chosen, created, changed: outcome.changed, file: outcome.file }
    }
    const { parsed } = readHalconfig(halDir)
    const deployment = selectDeployment(parsed, flags.deployment)
    const shown = redact(deployment.value)
    this.say(toYaml(shown).trimEnd())
    return shown
  }
}
