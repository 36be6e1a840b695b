import { deploymentFlags, fileFlag, HalCommand } from '../../../cli/base-command.js'
import { forceFlag, outputDirFlag, roscoFlags, roscoOptions } from '../../../cli/generate-flags.js'
import { renderRosco, renderWarnings } from '../../../generate/render.js'
import { generateRosco } from '../../../generate/run.js'
import { providerChoice } from '../../../cli/examples.js'

export default class GenerateRosco extends HalCommand {
  static override summary = 'Write the deployment\'s bakery as Rosco\'s own files: rosco-local.yml and the packer directory.'
  static override description = `For running Rosco without Halyard. rosco-local.yml holds the enabled providers (${providerChoice.replaceAll('|', ', ')}) in Rosco's key names (isImageFamily, subnetwork, osType, customRepository), rosco.configDir, and the deployment's profiles/rosco-local.yml merged over them (its values win, as with Halyard). Base images: the halconfig's, then Rosco's stock ones, then those of profiles/images-local.yml, an id seen before dropped (Halyard's merge). packer/ holds the deployment's custom files, scripts kept executable, to copy into Rosco's packer directory beside its stock templates (a custom file named like a stock one replaces it).
Account files are not copied: their paths become --secrets-dir/<file name>, and the command lists what to mount where. Plain passphrases are written (Rosco needs them) with a warning; encrypted: references are kept as they are.
The output is the same bytes for the same input. A later run into the same directory replaces what galley wrote there and removes what it no longer generates.`
  static override examples = [
    '<%= config.bin %> config generate rosco --output rosco-config',
    '<%= config.bin %> config generate rosco --output rosco-config --base-images replace --deployment prod',
  ]
  static override flags = { ...deploymentFlags, ...fileFlag, output: outputDirFlag, ...roscoFlags, force: forceFlag }

  async run() {
    const { flags } = await this.parseWith(GenerateRosco)
    const result = generateRosco({ ...roscoOptions(this.halDirFrom(flags), flags), file: await this.fileFrom(flags), halDirFlag: flags['hal-dir'] })
    for (const line of renderRosco(result)) this.say(line)
    for (const line of renderWarnings(result.warnings)) this.note(line)
    return result
  }
}
