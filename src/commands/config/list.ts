import { currentDeploymentName, deployments } from '../../config/halconfig.js'
import { readHalconfig } from '../../config/store.js'
import { HalCommand } from '../../lib/base-command.js'

export default class ConfigList extends HalCommand {
  static override summary = 'List the deployments in the halconfig; the current one is marked with *.'
  static override examples = ['<%= config.bin %> config list', '<%= config.bin %> config list --json']

  async run() {
    const { flags } = await this.parseWith(ConfigList)
    const { parsed, exists, file } = readHalconfig(this.halDirFrom(flags))
    const current = currentDeploymentName(parsed)
    const list = deployments(parsed).map((d) => ({
      name: d.name,
      current: d.name === current,
      version: typeof d.value.version === 'string' ? d.value.version : undefined,
    }))
    if (!exists) this.note(`(no ${file} yet: showing the default halconfig)`)
    for (const d of list) this.say(`${d.current ? '*' : ' '} ${d.name}${d.version ? `  (version ${d.version})` : ''}`)
    return { currentDeployment: current ?? null, deployments: list }
  }
}
