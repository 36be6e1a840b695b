import { Flags } from '@oclif/core'
import { resolve } from 'node:path'
import { createBackup } from '../../backup/archive.js'
import { HalCommand } from '../../cli/base-command.js'

export default class BackupCreate extends HalCommand {
  static override summary = 'Write a tar.gz backup of the hal directory.'
  static override description = 'The backup holds the halconfig, every deployment\'s profiles and service settings, and .backup; it leaves out staging/, logs and galley\'s own lock and undo state. Symbolic links are followed. The file is created with mode 0600: it may hold secrets.'
  static override examples = ['<%= config.bin %> backup create', '<%= config.bin %> backup create --output hal-backup.tar.gz']
  static override flags = {
    output: Flags.string({ char: 'o', description: 'Where to write the backup [default: ./halbackup-<time>.tar.gz]' }),
  }

  async run() {
    const { flags } = await this.parseWith(BackupCreate)
    const stamp = new Date().toISOString().replace(/[:.]/g, '-').replace(/-\d+Z$/, 'Z')
    const output = resolve(flags.output ?? `halbackup-${stamp}.tar.gz`)
    const outcome = await createBackup(this.halDirFrom(flags), output)
    this.say(`+ Wrote ${outcome.file} (${outcome.entries} entries, ${outcome.bytes} bytes).`)
    return outcome
  }
}
