import { Flags } from '@oclif/core'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { HalCommand } from '../../cli/base-command.js'
import { ruleLevelsFrom } from '../../problems/registry.js'
import { usage } from '../../lib/errors.js'
import { formatDuration, parseDuration, requestFlags, requestFrom, bakeRuleFlags } from '../../cli/bake-flags.js'
import { packerProgress } from '../../bake/progress.js'
import { parseSshTarget } from '../../bake/ssh-target.js'
import { runTestBake } from '../../bake/test-bake.js'
import { exampleBake } from '../../cli/examples.js'

export default class BakeTestCommand extends HalCommand {
  static override summary = 'Run a real packer build of a bake, in the cloud or on a disposable machine over SSH.'
  static override description = `Runs "packer build -color=false" with the plan of "hal bake plan", against the staged packer directory of "hal bake validate". Packer's output streams (one live step line on a terminal, prefixed lines otherwise) and is kept, secrets scrubbed, in $HAL_DIR/.galley/logs/. The baked image's name is read as Rosco reads it.
--target ssh://USER@HOST[:PORT] --ssh-key FILE replaces the template's builders with a null builder on that machine: the provisioners (files, scripts, environment) run there for real, no cloud account needed, no image is made. Post-processors other than manifest, shell-local and checksum are left out. Before Packer starts, hal checks within seconds that the target answers as an SSH server (its name resolves, the port accepts a connection, the server sends an SSH version line) and says which of these failed (exit 3).
Packer runs in its own process group. A timeout, Ctrl-C, SIGTERM or SIGHUP asks Packer to stop and clean up what it created; after --grace (or at a second signal) its whole group is killed, with every process it started. Nothing of it outlives hal, and the temporary files are always removed: hal ends within --timeout + --grace + about a second of Packer's start.
Exit status: 0 when the build succeeds, 1 for configuration problems, 2 for bad flags, 3 when the SSH target does not answer, or Packer fails or times out, 130 after Ctrl-C (SIGINT), 143 after SIGTERM, 129 after SIGHUP.`
  static override examples = [
    `<%= config.bin %> bake test ${exampleBake}`,
    `<%= config.bin %> bake test ${exampleBake} --target ssh://ubuntu@10.0.0.5 --ssh-key ~/.ssh/id_ed25519`,
  ]
  static override listsRules = 'bake' as const
  static override flags = {
    ...requestFlags,
    timeout: Flags.string({ description: 'Stop the build after this long: 90s, 30m, 1h (Rosco\'s local job timeout is 30m).', default: '30m' }),
    grace: Flags.string({ description: 'After a timeout or a first Ctrl-C, how long Packer may clean up (delete its instance and disk) before it is killed.', default: '60s' }),
    target: Flags.string({ description: 'Run the provisioners on this machine instead of the cloud builder: ssh://USER@HOST[:PORT].', dependsOn: ['ssh-key'] }),
    'ssh-key': Flags.string({ description: 'Private key for --target.', dependsOn: ['target'] }),
    ...bakeRuleFlags,
  }

  async run() {
    const { flags } = await this.parseWith(BakeTestCommand)
    const timeoutMs = parseDuration('timeout', flags.timeout)
    const graceMs = parseDuration('grace', flags.grace)
    const ruleLevels = ruleLevelsFrom(flags.rule)
    let ssh
    if (flags.target) {
      const keyFile = resolve(flags['ssh-key']!)
      if (!existsSync(keyFile)) throw usage(`--ssh-key ${flags['ssh-key']}: no such file`, { code: 'BAD_SSH_KEY', remediation: 'Give the private key whose public key is in the target user\'s authorized_keys.' })
      ssh = { target: parseSshTarget(flags.target), keyFile, url: flags.target }
    }
    const quiet = this.quiet()
    const progress = quiet ? undefined : packerProgress(process.stderr, Boolean(process.stderr.isTTY) && !process.env.CI)
    try {
      const result = await runTestBake({
        halDir: this.halDirFrom(flags),
        deployment: flags.deployment,
        request: requestFrom(flags),
        ruleLevels,
        timeoutMs,
        graceMs,
        ssh,
        onTargetReached: ({ banner, ms }) => progress?.message(`${flags.target} answers as an SSH server (${banner}, ${formatDuration(ms)}).`),
        onStart: ({ log }) => progress?.message(`Log: ${log}`),
        onLine: (line) => progress?.line(line),
        onStopping: (reason, forced) =>
          progress?.message(forced ? `Killing Packer (${reason}).` : `Stopping Packer (${reason === 'timeout' ? `timed out after ${flags.timeout}` : reason}): it cleans up first${reason === 'timeout' ? '' : '; press Ctrl-C again to kill it at once'}.`),
      })
      progress?.done()
      const took = formatDuration(result.durationMs)
      if (result.target) {
        this.say(`Provisioners of ${result.template} ran on ${result.target} in ${took}; an SSH target makes no image.`)
        if (result.droppedPostProcessors) this.say(`Left out post-processors that need a cloud image: ${result.droppedPostProcessors.join(', ')}.`)
      } else if (result.image) {
        this.say(`Baked image ${result.image.name}${result.image.id ? ` (${result.image.id})` : ''} in ${took}.`)
      } else {
        this.say(`packer build succeeded in ${took}, but its output names no image (Rosco would report none).`)
      }
      this.say(`Log: ${result.log}`)
      return result
    } finally {
      progress?.done()
    }
  }
}
