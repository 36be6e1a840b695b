import { Flags } from '@oclif/core'
import { resolve } from 'node:path'
import { undoLastWrite } from '../../config/store.js'
import { HalCommand, fileFlag } from '../../cli/base-command.js'

export default class ConfigUndo extends HalCommand {
  static override summary = 'Put the halconfig back as it was before hal\'s last change.'
  static override description = `Each change hal writes keeps the previous version of the config (the last 50, in .galley/undo in the hal directory). This is not Halyard's .backup/config, which means "last deployed".
If the config was changed by other means since hal's last write, undo refuses unless --force.
--file FILE undoes the last change hal made to FILE with --file (its history is kept beside it, in .galley/files/NAME/undo; a file named config shares its directory's .galley/undo).`
  static override examples = ['<%= config.bin %> config undo']
  static override flags = {
    ...fileFlag,
    force: Flags.boolean({ description: 'Undo even if the config changed since hal last wrote it.' }),
  }

  async run() {
    const { flags } = await this.parseWith(ConfigUndo)
    // The file is not read first: undo is what puts a damaged file right.
    const outcome = flags.file !== undefined
      ? await (await import('../../config/files.js')).undoConfigFile(resolve(flags.file), flags.force)
      : await undoLastWrite(this.halDirFrom(flags), flags.force)
    const what = outcome.reason ? ` (${outcome.reason})` : ''
    this.say(outcome.removed
      ? `+ Undid the change of ${outcome.savedAt}${what}: it had created ${outcome.file}, which is removed again.`
      : `+ Undid the change of ${outcome.savedAt}${what}; ${outcome.remaining} earlier change(s) can still be undone.`)
    return outcome
  }
}
