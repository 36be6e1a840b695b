import { execute } from '@oclif/core'
import { packageRoot } from './lib/package.js'

/** Every command, for oclif's explicit command discovery (and the bundle). */
export { COMMANDS } from './generated/commands.js'

export async function run(): Promise<void> {
  await execute({ dir: packageRoot() })
}
