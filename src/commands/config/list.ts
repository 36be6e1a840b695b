import { currentDeploymentName, deployments } from '../../config/halconfig.js'
import { readHalconfig } from '../../config/store.js'
import { fileFlag, HalCommand } from '../../cli/base-command.js'
import type { Plain } from '../../model/plain.js'

export default class ConfigList extends HalCommand {
  static override summary = 'List the deployments in the halconfig; the current one is marked with *.'
  static override examples = ['<%= config.bin %> config list', '<%= config.bin %> config list --json', '<%= config.bin %> config list --file deploy/spinnakerservice.yml']
  static override flags = { ...fileFlag }

  async run() {
    const { flags } = await this.parseWith(ConfigList)
    const given = await this.fileFrom(flags)
    let one: { name: string; value: Plain } | undefined
    if (given !== undefined) {
      const { openConfigFile, assertEditable, deploymentInFile } = await import('../../config/files.js')
      const opened = openConfigFile(given)
      assertEditable(opened)
      if (opened.detected.kind !== 'halconfig') one = deploymentInFile(opened)
    }
    const { parsed, exists, file } = given === undefined ? readHalconfig(this.halDirFrom(flags)) : { parsed: (await import('../../config/files.js')).openConfigFile(given).parsed, exists: true, file: given }
    const current = one ? one.name : currentDeploymentName(parsed)
    const list = (one ? [one] : deployments(parsed)).map((d) => ({
      name: d.name,
      current: d.name === current,
      version: typeof d.value.version === 'string' ? d.value.version : undefined,
    }))
    if (!exists) this.note(`(no ${file} yet: showing the default halconfig)`)
    for (const d of list) this.say(`${d.current ? '*' : ' '} ${d.name}${d.version ? `  (version ${d.version})` : ''}`)
    return { currentDeployment: current ?? null, deployments: list }
  }
}
