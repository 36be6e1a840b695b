import { Flags } from '@oclif/core'
import { colorWanted } from '../../lib/color.js'
import { resolve } from 'node:path'
import { HalCommand, deploymentFlags, listRulesFlag, ruleFlag } from '../../cli/base-command.js'
import { ExitCode, failed } from '../../lib/errors.js'
import { existsSync } from 'node:fs'
import { halPaths } from '../../config/paths.js'
import { selectDeployment } from '../../config/halconfig.js'
import { readHalconfig } from '../../config/store.js'
import { FORMATS, formatterFor } from '../../validate/formatters/index.js'
import { runValidation, runValidationWithPacker } from '../../validate/run.js'
import { ruleLevelsFrom, rulesOf } from '../../problems/registry.js'
import { DOCUMENT_KINDS } from '../../config/kinds.js'
import { exampleRuleId } from '../../cli/examples.js'

export default class ConfigValidate extends HalCommand {
  static override summary = 'Validate the bakery settings of every deployment, or of one file, offline.'
  static override description = `Checks the halconfig against galley's JSON schemas and bakery rules: Google zones, networks and source images; Oracle availability domains, OCIDs and shapes; package types, duplicate base images, template files, account key files. Nothing is sent to a cloud.
--file checks one file as the kind it is, and says in one line (on stderr) how it read it: a halconfig; a bare deployment (kleat's halconfig, the operator's spec.spinnakerConfig.config), YAML or JSON; a SpinnakerService manifest, alone or in a multi-document file (its config as a bare deployment, its profiles.rosco as Rosco's settings); Rosco's own rosco.yml / rosco-local.yml / images-local.yml, read as Spring reads them (kebab-case keys, \${NAME:default} placeholders, other sections ignored); a Packer template (the checks of hal config bakery template lint). --kind overrides the detection.
The custom Packer templates the bakery settings use (in each deployment's profiles/rosco/packer/) are checked too, offline; --packer also runs packer validate on them (slower).
Exit status: 0 when nothing is at error level (warnings too with --strict), 1 otherwise, 2 for usage errors, 3 when the file cannot be read or is of a kind galley does not validate (a pre-Halyard spinnaker-local.yml, a script, an unknown file).`
  static override examples = [
    '<%= config.bin %> config validate',
    '<%= config.bin %> config validate --deployment prod --strict',
    '<%= config.bin %> config validate --file rosco-local.yml --format sarif > galley.sarif',
    `<%= config.bin %> config validate --rule ${exampleRuleId}=off`,
    '<%= config.bin %> config validate --file deploy/spinnakerservice.yml',
    '<%= config.bin %> config validate --file profiles/rosco-local.yml --kind rosco',
  ]
  static override listsRules = 'all' as const
  static override flags = {
    ...deploymentFlags,
    file: Flags.string({ char: 'f', description: 'Validate this file instead of the hal directory\'s config.' }),
    kind: Flags.option({ options: DOCUMENT_KINDS.filter((k) => k !== 'unknown' && k !== 'pre-halyard'), description: 'Read --file as this kind instead of detecting it (the kinds galley validates).', dependsOn: ['file'] })(),
    format: Flags.option({ options: FORMATS, default: 'text' as const, description: 'Output format: text for people; json, sarif, junit or github (workflow annotations) for CI.' })(),
    strict: Flags.boolean({ description: 'Fail (exit 1) on warnings too.' }),
    ...ruleFlag,
    packer: Flags.boolean({ description: 'Also run packer validate on the custom templates the config uses (needs Packer; slower).' }),
    ...listRulesFlag,
  }

  async run() {
    const { flags } = await this.parseWith(ConfigValidate)
    const levels = ruleLevelsFrom(flags.rule)
    const halDir = this.halDirFrom(flags)
    // Nothing to check is not "no problems": a CI job pointed at the wrong directory must fail.
    if (!flags.file && !existsSync(halPaths(halDir).config)) {
      throw failed(`no config at ${halPaths(halDir).config}`, {
        code: 'NO_CONFIG',
        remediation: 'Point --hal-dir (or HAL_DIR) at the hal directory, check a file with --file, or create a config with hal init.',
        data: { path: halPaths(halDir).config },
      })
    }
    if (flags.deployment && !flags.file) selectDeployment(readHalconfig(halDir).parsed, flags.deployment)
    const options = {
      halDir,
      file: flags.file ? resolve(flags.file) : undefined,
      deployment: flags.deployment,
      ruleLevels: levels,
      strict: flags.strict,
      kind: flags.kind,
      halDirFlag: flags['hal-dir'],
    }
    const report = flags.packer ? await runValidationWithPacker(options) : runValidation(options)
    // Machine formats carry it in the report (readAs); text output says it on stderr.
    if (report.readAs && flags.format === 'text') this.note(report.readAs.line)
    if (!report.valid) process.exitCode = ExitCode.INVALID
    if (this.jsonEnabled()) return report
    const format = formatterFor(flags.format)
    const color = flags.format === 'text' && colorWanted()
    const out = format(report, rulesOf('config', 'template'), { color, cwd: process.cwd() })
    if (out) this.say(out)
    return report
  }
}
