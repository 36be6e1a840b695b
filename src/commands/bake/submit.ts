import { Flags } from '@oclif/core'
import { HalCommand } from '../../lib/base-command.js'
import { formatDuration, parseDuration, requestFlags, requestFrom } from '../../bake/command.js'
import { roscoBaseUrl } from '../../bake/rosco-client.js'
import { assertRunnable, planFor } from '../../bake/session.js'
import { submitBake } from '../../bake/submit.js'

export default class BakeSubmitCommand extends HalCommand {
  static override summary = 'Send a bake to a running Rosco and wait for its image.'
  static override description = `POSTs the request (the snake_case JSON of Rosco's API) to ROSCO/api/v1/REGION/bake, polls its status until it is COMPLETED or CANCELED, then prints the image (name, id, artifact), or the failure with Rosco's logs.
Before sending, the request is planned against this deployment's halconfig as "hal bake plan" does; a problem that would make the bake fail stops it (--no-check sends it anyway, e.g. when that Rosco is configured differently).
Exit status: 0 when the image is baked, 1 when the plan has problems, 2 for bad flags, 3 when Rosco cannot be reached, answers with an error, or the bake fails.`
  static override examples = [
    '<%= config.bin %> bake submit --rosco http://localhost:8087 --provider google --base-image ubuntu-2204 --package nginx',
    '<%= config.bin %> bake submit --rosco http://localhost:8087 --provider google --base-image ubuntu-2204 --package nginx --rebake',
  ]
  static override flags = {
    ...requestFlags,
    rosco: Flags.string({ required: true, description: 'Rosco\'s base URL, e.g. http://localhost:8087 (kubectl port-forward svc/spin-rosco 8087).' }),
    region: Flags.string({ default: 'global', description: 'Region in the API path (Spinnaker uses global for GCE bakes).' }),
    rebake: Flags.boolean({ description: 'Bake again even if Rosco has an identical bake (sends rebake=1).' }),
    check: Flags.boolean({ default: true, allowNo: true, description: 'Plan the request against this deployment first (--no-check skips it).' }),
    'poll-interval': Flags.string({ default: '10s', description: 'How often to ask Rosco for the bake\'s status.' }),
    timeout: Flags.string({ default: '60m', description: 'Stop waiting after this long (the bake goes on in Rosco).' }),
  }

  async run() {
    const { flags } = await this.parseWith(BakeSubmitCommand)
    const rosco = roscoBaseUrl(flags.rosco)
    const pollMs = parseDuration('poll-interval', flags['poll-interval'])
    const timeoutMs = parseDuration('timeout', flags.timeout)
    const request = requestFrom(flags)
    if (flags.check) assertRunnable(planFor(this.halDirFrom(flags), flags.deployment, request))

    let last = ''
    const result = await submitBake({
      rosco,
      region: flags.region,
      request,
      rebake: Boolean(flags.rebake),
      pollMs,
      timeoutMs,
      onStatus: (status, elapsed) => {
        const state = `${status.state}${status.result ? `/${status.result}` : ''}`
        if (state !== last) this.note(`Rosco bake ${status.id}: ${state} (${formatDuration(elapsed)})`)
        last = state
      },
    })
    const { bake } = result
    this.say(`Baked image ${bake.image_name ?? '(no name)'}${bake.ami && bake.ami !== bake.image_name ? ` (${bake.ami})` : ''} with Rosco bake ${result.status.id}.`)
    if (bake.artifact) this.say(`Artifact: ${JSON.stringify(bake.artifact)}`)
    return result
  }
}
