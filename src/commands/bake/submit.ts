import { Flags } from '@oclif/core'
import { HalCommand } from '../../cli/base-command.js'
import { ruleLevelsFrom } from '../../problems/registry.js'
import { parseDuration, requestFlags, requestFrom, bakeRuleFlags } from '../../cli/bake-flags.js'
import { roscoProgress } from '../../bake/progress.js'
import { roscoBaseUrl } from '../../bake/rosco-client.js'
import { assertRunnable, planFor } from '../../bake/session.js'
import { NOT_IN_BAKE_KEY, stateOf, submitBake, type StopReason } from '../../bake/submit.js'
import { exampleBake } from '../../cli/examples.js'

export default class BakeSubmitCommand extends HalCommand {
  static override summary = 'Send a bake to a running Rosco and wait for its image.'
  static override description = `POSTs the request (the snake_case JSON of Rosco's API) to ROSCO/api/v1/REGION/bake, polls its status until it is COMPLETED/SUCCESS or CANCELED/FAILURE (a failed or cancelled bake), then prints the image (name, id, artifact), or the failure with Rosco's logs.
Rosco hands back an earlier bake, running or successful, instead of baking when the new request has the same bake key: requests differing only in the ${NOT_IN_BAKE_KEY} count as the same. hal says so; --rebake bakes again.
While it waits, a status line shows the state, the elapsed time and the last line of Rosco's logs (on a terminal; elsewhere a timestamped line per change of state and one a minute).
Before sending, the request is planned against this deployment's halconfig as "hal bake plan" does; a problem that would make the bake fail stops it (--no-check sends it anyway, e.g. when that Rosco is configured differently).
At --timeout or Ctrl-C (SIGINT, SIGTERM, SIGHUP), hal stops waiting. --cancel-on-exit also cancels the bake in Rosco (GET /api/v1/REGION/cancel/ID); without it, hal asks on a terminal (--no-cancel-on-exit never cancels). A bake Rosco handed back from an earlier request is never cancelled.
Exit status: 0 when the image is baked, 1 when the plan has problems, 2 for bad flags, 3 when Rosco cannot be reached, answers with an error, the bake fails or the wait times out, 130 after Ctrl-C (SIGINT), 143 after SIGTERM, 129 after SIGHUP.`
  static override examples = [
    `<%= config.bin %> bake submit --rosco http://localhost:8087 ${exampleBake}`,
    `<%= config.bin %> bake submit --rosco http://localhost:8087 ${exampleBake} --rebake`,
    `<%= config.bin %> bake submit --rosco http://localhost:8087 ${exampleBake} --timeout 45m --cancel-on-exit`,
  ]
  static override listsRules = 'bake' as const
  static override flags = {
    ...requestFlags,
    rosco: Flags.string({ required: true, description: 'Rosco\'s base URL, e.g. http://localhost:8087 (kubectl port-forward svc/spin-rosco 8087).' }),
    region: Flags.string({ description: 'Region in the API path: the region a provider that takes one bakes in (a bake request field of its own); others: global, as Spinnaker sends for them [default: global].' }),
    rebake: Flags.boolean({ description: 'Bake again even where Rosco would hand back an earlier bake with the same bake key (sends rebake=1; Rosco cancels that bake if it still runs).' }),
    check: Flags.boolean({ default: true, allowNo: true, description: 'Plan the request against this deployment first (--no-check skips it).' }),
    'poll-interval': Flags.string({ default: '10s', description: 'How often to ask Rosco for the bake\'s status.' }),
    timeout: Flags.string({ default: '60m', description: 'Stop waiting after this long (the bake goes on in Rosco unless it is cancelled).' }),
    'cancel-on-exit': Flags.boolean({
      allowNo: true,
      description: 'At --timeout or Ctrl-C, cancel the bake in Rosco too [default: ask on a terminal, else no].',
    }),
    ...bakeRuleFlags,
  }

  async run() {
    const { flags } = await this.parseWith(BakeSubmitCommand)
    const rosco = roscoBaseUrl(flags.rosco)
    const pollMs = parseDuration('poll-interval', flags['poll-interval'])
    const timeoutMs = parseDuration('timeout', flags.timeout)
    const request = requestFrom(flags)
    const ruleLevels = ruleLevelsFrom(flags.rule)
    if (flags.check) assertRunnable(planFor(this.halDirFrom(flags), flags.deployment, request, undefined, { ruleLevels }))

    const quiet = this.jsonEnabled()
    // A dumb terminal cannot erase a line: it gets the plain lines.
    const live = Boolean(process.stderr.isTTY) && !process.env.CI && process.env.TERM !== 'dumb'
    const progress = quiet ? undefined : roscoProgress(process.stderr, live)
    const cancelOnExit = flags['cancel-on-exit']
    try {
      const result = await submitBake({
        rosco,
        region: flags.region ?? 'global',
        request,
        rebake: Boolean(flags.rebake),
        pollMs,
        timeoutMs,
        followLogs: Boolean(progress) && live,
        onStarted: ({ status, reused }) => {
          if (!reused) progress?.message(`Rosco started bake ${status.id}.`)
          else progress?.message(`Rosco handed back an earlier identical bake, ${status.id} (${stateOf(status)}), instead of baking: its bake key ignores the ${NOT_IN_BAKE_KEY}. --rebake bakes again.`)
        },
        onStatus: (status, elapsed, lastLogLine) => progress?.update(stateOf(status), status.id, elapsed, lastLogLine),
        shouldCancel: (why, status) => this.shouldCancel(cancelOnExit, why, status.id, () => progress?.done()),
        onCancelling: (status) => progress?.message(`Cancelling Rosco's bake ${status.id}...`),
      })
      progress?.done()
      const { bake } = result
      const name = bake.image_name ?? '(no name: Rosco found none in the build\'s output)'
      const id = bake.ami && bake.ami !== bake.image_name ? ` (${bake.ami})` : ''
      if (result.reused) this.say(`Image ${name}${id}, from Rosco's earlier bake ${result.status.id}: no new bake was started for this request.`)
      else this.say(`Baked image ${name}${id} with Rosco bake ${result.status.id}.`)
      if (bake.artifact) this.say(`Artifact: ${JSON.stringify(bake.artifact)}`)
      return result
    } finally {
      progress?.done()
    }
  }

  /** --cancel-on-exit decides; without it, a person at a terminal is asked (not after SIGTERM or SIGHUP: nobody is there to answer). */
  private async shouldCancel(flag: boolean | undefined, why: StopReason, id: string, beforePrompt: () => void): Promise<boolean> {
    if (flag !== undefined) return flag
    const { hasTerminal, loadPrompts, promptContext, isCancel } = await import('../../wizard/prompts.js')
    if (!hasTerminal() || why === 'SIGTERM' || why === 'SIGHUP') return false
    beforePrompt()
    const { confirm } = await loadPrompts()
    const message = why === 'timeout' ? `Still running after --timeout. Cancel Rosco's bake ${id} too?` : `Stopped waiting. Cancel Rosco's bake ${id} too?`
    try {
      return await confirm({ message, default: false }, promptContext())
    } catch (error) {
      if (isCancel(error)) return false
      throw error
    }
  }
}
