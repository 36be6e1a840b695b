import { Args } from '@oclif/core'
import { HalCommand } from '../../cli/base-command.js'
import { usage } from '../../lib/errors.js'
import { toJson } from '../../lib/render.js'
import { SCHEMA_NAMES, bundledSchema, type SchemaName } from '../../validate/schemas.js'
import { exampleProvider } from '../../cli/examples.js'

export default class ConfigSchema extends HalCommand {
  static override summary = 'Print a JSON Schema for editors: the halconfig (default), a provider section, or the validation report.'
  static override description = `The halconfig schema is self-contained (the provider schemas are inlined), so yaml-language-server and other editors can use it as a file:
  hal config schema > ~/.hal/halconfig.schema.json
and in ~/.hal/config:
  # yaml-language-server: $schema=./halconfig.schema.json`
  static override examples = ['<%= config.bin %> config schema > halconfig.schema.json', `<%= config.bin %> config schema ${exampleProvider}`]
  static override args = { name: Args.string({ description: `One of ${SCHEMA_NAMES.join(', ')}.`, default: 'halconfig' }) }

  async run() {
    const { args } = await this.parseWith(ConfigSchema)
    if (!(SCHEMA_NAMES as readonly string[]).includes(args.name)) {
      throw usage(`there is no schema named ${args.name}`, { code: 'UNKNOWN_SCHEMA', remediation: `Choose one of ${SCHEMA_NAMES.join(', ')}.` })
    }
    const schema = bundledSchema(args.name as SchemaName)
    this.say(toJson(schema))
    return schema
  }
}
