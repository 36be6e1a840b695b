import { HalCommand, deploymentFlags, validateFlag } from '../cli/base-command.js'
import { colorWanted } from '../lib/color.js'
import { textFormatter } from '../validate/formatters/index.js'
import { atLeast } from '../model/problem.js'
import { ALL_RULES } from '../validate/index.js'
import { runInit } from '../wizard/init.js'
import { cancellable, loadPrompts, reportCancelled, requireTerminal } from '../wizard/prompts.js'
import { providerChoice } from '../cli/examples.js'

export default class Init extends HalCommand {
  static override summary = 'Set up image bakes step by step: deployment, providers, bakery defaults, an account, a first base image, a custom template.'
  static override description = `A wizard for a new or existing hal directory. Existing values are the defaults, and every answer is checked as it is typed, with the rules of hal config validate. At the end it shows the change as a diff of the config and writes it once, after confirmation (locked, validated, undone by hal config undo).
Prompts go to stderr. It needs a terminal: without one it exits 2 (use the provider commands with flags instead). Ctrl-C cancels at any question: nothing is written, exit 130.`
  static override examples = ['<%= config.bin %> init', '<%= config.bin %> init --hal-dir ./hal --deployment staging']
  static override flags = { ...deploymentFlags, ...validateFlag }

  async run() {
    const { flags } = await this.parseWith(Init)
    const halDir = this.halDirFrom(flags)
    requireTerminal('hal init asks questions, and there is no terminal to ask them on (stdin and stderr)',
      `Set the bakery up with flags instead: hal config provider ${providerChoice} bakery edit, bakery base-image add, account add (each has --help).`)
    const result = await cancellable(async () => {
      const io = { prompts: await loadPrompts(), note: (line: string) => process.stderr.write(`${line}\n`) }
      return runInit(io, { halDir, deployment: flags.deployment, validate: flags.validate })
    })
    if (!result.written) return result
    this.say(`\n+ Wrote ${result.file}${result.template ? ` and ${result.template.path}` : ''}.`)
    if (result.report) {
      const shown = { ...result.report, problems: result.report.problems.filter((p) => atLeast(p.severity, 'warning')) }
      const color = colorWanted()
      this.say(textFormatter(shown, ALL_RULES, { color, cwd: process.cwd() }))
    }
    this.say('\nNext:')
    for (const command of result.next) this.say(`  ${command}`)
    return result
  }

  protected override async catch(error: Error & { exitCode?: number }): Promise<any> {
    if (reportCancelled(error, this.jsonEnabled() ? (value) => this.logJson(value) : undefined)) return
    return super.catch(error)
  }
}
