import { Flags } from '@oclif/core'
import { deploymentFlags, fileFlag, HalCommand } from '../../../cli/base-command.js'
import { forceFlag } from '../../../cli/generate-flags.js'
import { renderOperator, renderWarnings } from '../../../generate/render.js'
import { generateOperator } from '../../../generate/run.js'
import { failed } from '../../../lib/errors.js'
import { redactText } from '../../../lib/redact.js'

export default class GenerateOperator extends HalCommand {
  static override summary = 'Write the deployment as a SpinnakerService patch for the Spinnaker Operator.'
  static override description = `spec.spinnakerConfig.config is the deployment in the keys Halyard knows (the operator runs Halyard, which rejects any other). Rosco-only bakery settings (subnetwork, osType, customRepository, isImageFamily) go to profiles.rosco in Rosco's key names, a base image with one of them bringing the whole base image list Rosco is to see; the deployment's profiles/rosco-local.yml is merged over them. files holds each custom packer file as profiles__rosco__packer__NAME (nested paths joined with __) and profiles/images-local.yml as profiles__images-local.yml.
The operator needs real values: encrypted: references are kept, plain secrets are written with a warning, and the file is written with mode 0600; standard output (--output -) never carries a plain secret, so a patch that holds one must go to a file. Paths to files on this machine are warned about.`
  static override examples = [
    '<%= config.bin %> config generate operator --output spinnakerservice-patch.yml',
    '<%= config.bin %> config generate operator --output - | kubectl -n spinnaker apply -f -',
  ]
  static override flags = {
    ...deploymentFlags,
    ...fileFlag,
    output: Flags.string({ char: 'o', description: 'File to write (mode 0600), or - for standard output. A file galley did not write is refused (see --force).', required: true }),
    name: Flags.string({ description: 'metadata.name of the SpinnakerService.', default: 'spinnaker' }),
    force: forceFlag,
  }

  async run() {
    const { flags } = await this.parseWith(GenerateOperator)
    const { text, ...result } = generateOperator({
      halDir: this.halDirFrom(flags),
      file: await this.fileFrom(flags),
      halDirFlag: flags['hal-dir'],
      deployment: flags.deployment,
      output: flags.output,
      force: flags.force,
      name: flags.name,
    })
    if (result.output === '-' && redactText(text) !== text) {
      // Standard output never carries a secret (lib/redact.ts would print <redacted>, and a
      // manifest piped to kubectl would set it): a manifest with plain secrets goes to a file.
      throw failed('the SpinnakerService holds plain secrets, and standard output never shows secrets: nothing was written', {
        code: 'SECRETS_ON_STDOUT',
        detail: result.warnings.filter((w) => w.includes('written in plain text')).map((w) => `  ${w.split(' ')[0]}`).join('\n') || undefined,
        remediation: 'Write it to a private file with --output FILE (mode 0600), or replace the secrets with encrypted: references.',
      })
    }
    if (result.output === '-') {
      if (!this.jsonEnabled()) process.stdout.write(text)
    } else {
      for (const line of renderOperator(result)) this.say(line)
    }
    for (const line of renderWarnings(result.warnings)) this.note(line)
    return result.output === '-' ? { ...result, text } : result
  }
}
