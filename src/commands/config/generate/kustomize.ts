import { deploymentFlags, fileFlag, HalCommand } from '../../../cli/base-command.js'
import { forceFlag, outputDirFlag, roscoFlags, roscoOptions } from '../../../cli/generate-flags.js'
import { renderKustomize, renderWarnings } from '../../../generate/render.js'
import { generateKustomize } from '../../../generate/run.js'

export default class GenerateKustomize extends HalCommand {
  static override summary = 'Write the deployment\'s bakery as a kustomize Component for spinnaker-kustomize.'
  static override description = `The component merges rosco-local.yml (as hal config generate rosco writes it) into the rosco config map, puts the deployment's custom packer files in a rosco-packer config map, and patches the rosco Deployment to mount each of them on its own (subPath) in /opt/rosco/config/packer (scripts mode 0755), so Rosco's stock templates stay visible beside them, and, when accounts name key files, a rosco-secrets Secret at --secrets-dir. galley never reads the key files: it prints the kubectl command that creates the Secret.
A config map over 900 KiB is warned about; over Kubernetes' 1 MiB limit nothing is written.`
  static override examples = [
    '<%= config.bin %> config generate kustomize --output overlays/galley',
    'kubectl kustomize . # with overlays/galley listed under components',
  ]
  static override flags = { ...deploymentFlags, ...fileFlag, output: outputDirFlag, ...roscoFlags, force: forceFlag }

  async run() {
    const { flags } = await this.parseWith(GenerateKustomize)
    const result = generateKustomize({ ...roscoOptions(this.halDirFrom(flags), flags), file: await this.fileFrom(flags), halDirFlag: flags['hal-dir'] })
    for (const line of renderKustomize(result)) this.say(line)
    for (const line of renderWarnings(result.warnings)) this.note(line)
    return result
  }
}
