import { Flags } from '@oclif/core'
import { deploymentFlags, HalCommand } from '../../cli/base-command.js'
import { ExitCode } from '../../lib/errors.js'
import { renderChanges, summarize } from '../../generate/diff.js'
import { diffDeployment } from '../../generate/run.js'

export default class ConfigDiff extends HalCommand {
  static override summary = 'Show what changed in the deployment since it was last deployed (or since another config file).'
  static override description = `Compares the deployment with the same deployment in Halyard's last-deployed snapshot (.backup/config in the hal directory), or in --against FILE (a halconfig, or a file holding one deployment). One line per field: + added, - removed, ~ changed (old -> new), > renamed.
Base images are matched by id and accounts by name, so a reorder is no change; an entry whose id (or name) changed and nothing else is a rename, one changed in other ways too is a removal and an addition. Secret values are shown as <redacted>; encrypted: references as written.
Exits 0 whether or not there are differences; with --exit-code, 1 when there are (as git diff --exit-code).`
  static override examples = [
    '<%= config.bin %> config diff',
    '<%= config.bin %> config diff --against ~/halconfig-before.yml --json',
    '<%= config.bin %> config diff --exit-code || echo "review the changes before hal deploy apply"',
  ]
  static override flags = {
    ...deploymentFlags,
    against: Flags.string({ description: 'Compare with this file instead of the last-deployed snapshot (.backup/config).' }),
    'exit-code': Flags.boolean({ description: 'Exit with 1 when there are differences.', default: false }),
  }

  async run() {
    const { flags } = await this.parseWith(ConfigDiff)
    const result = diffDeployment({ halDir: this.halDirFrom(flags), deployment: flags.deployment, against: flags.against })
    const since = result.lastDeployed ? `its last deploy (${result.against})` : result.against
    if (result.identical) {
      this.say(`No changes in deployment ${result.deployment} since ${since}.`)
    } else {
      this.say(`Changes in deployment ${result.deployment} since ${since}:`)
      for (const line of renderChanges(result.changes)) this.say(line)
      this.say(summarize(result.summary))
    }
    if (flags['exit-code'] && !result.identical) process.exitCode = ExitCode.INVALID
    return result
  }
}
