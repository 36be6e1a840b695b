import { Args, Flags } from '@oclif/core'
import { resolve } from 'node:path'
import { inspectBackup, restoreBackup } from '../../backup/archive.js'
import { HalCommand } from '../../cli/base-command.js'
import { usage } from '../../lib/errors.js'

export default class BackupRestore extends HalCommand {
  static override summary = 'Restore the hal directory from a backup made by hal backup create.'
  static override description = `Every top-level entry the archive holds (config, deployment directories, .backup) replaces the one in the hal directory, as one change: a restore interrupted at any point leaves the old state or a change the next hal command finishes. The replaced files are kept under .galley/replaced-<time>/.
Before anything is written, the archive's config must be a halconfig (YAML, with deploymentConfigurations) that validates as hal config validate would (--force restores one with validation errors). Entries that would land outside the hal directory (absolute paths, ..), links (symbolic or hard), and device files are refused, and then nothing is written. Restored files belong to the user running hal, without setuid, setgid or world-write bits.`
  static override examples = ['<%= config.bin %> backup restore halbackup.tar.gz --yes']
  static override args = {
    file: Args.string({ description: 'The backup archive (tar.gz).', required: true }),
  }
  static override flags = {
    yes: Flags.boolean({ char: 'y', description: 'Restore without asking for confirmation.' }),
    force: Flags.boolean({ description: 'Restore even if the archive\'s config has validation errors.' }),
  }

  async run() {
    const { flags, args } = await this.parseWith(BackupRestore)
    const halDir = this.halDirFrom(flags)
    const file = resolve(args.file)
    const entries = await inspectBackup(file)
    if (!flags.yes && !flags.quiet) {
      if (!process.stdin.isTTY || !process.stderr.isTTY) {
        throw usage('restoring replaces files in the hal directory and needs confirmation, but there is no terminal to ask on', {
          code: 'CONFIRMATION_NEEDED',
          remediation: 'Pass --yes to restore without asking.',
        })
      }
      const { confirm } = await import('@inquirer/prompts')
      const ok = await confirm(
        { message: `Restore ${entries.length} entries from ${file} into ${halDir}?`, default: false },
        { output: process.stderr },
      )
      if (!ok) {
        this.say('Nothing restored.')
        return { halDir, restored: [], cancelled: true }
      }
    }
    const outcome = await restoreBackup(halDir, file, { force: flags.force })
    this.say(`+ Restored ${outcome.restored.join(', ')} into ${halDir}.`)
    if (outcome.forced) this.say(`! The restored config has ${outcome.forced.length} validation error(s) (--force); hal config validate lists them.`)
    if (outcome.keptIn) this.say(`  The files it replaced are kept in ${outcome.keptIn}.`)
    return outcome
  }
}
