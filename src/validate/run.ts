import { packageVersion } from '../lib/package.js'
import { GalleyError, ExitCode } from '../lib/errors.js'
import { readHalconfig } from '../config/store.js'
import { readTextFile, type ParsedYaml } from '../config/source.js'
import { parseForReading } from '../config/fast-read.js'
import { buildReport, validateDocument, type ValidateOptions } from './index.js'
import type { Problem } from './problem.js'
import type { ValidationReport } from './report.js'
import { applyLevels, type ConfigTemplateCheck } from '../templates/check.js'
import { checkConfig } from './config-check.js'

export const YAML_RULE = { id: 'yaml/syntax', severity: 'error' as const, doc: 'The file is well-formed YAML without duplicate keys.' }

const version = packageVersion

/** A YAML error as a problem, so that CI formats (SARIF, JUnit...) report it like any other. */
function syntaxProblem(error: GalleyError, file: string): Problem {
  const data = (error.data ?? {}) as { line?: number; column?: number }
  return {
    rule: YAML_RULE.id,
    severity: 'error',
    message: error.message.replace(/^.*?:\d+:\d+: /, '').replace(`${file}: `, ''),
    remediation: error.remediation,
    path: '',
    file,
    line: data.line,
    column: data.column,
    frame: error.detail,
  }
}

function parseOrProblem(read: () => ParsedYaml, file: string): ParsedYaml | Problem {
  try {
    return read()
  } catch (error) {
    if (error instanceof GalleyError && error.exitCode === ExitCode.INVALID) return syntaxProblem(error, file)
    throw error
  }
}

export interface RunValidation extends Omit<ValidateOptions, 'halDir'> {
  halDir: string
  /** Validate this file instead of the hal directory's config. */
  file?: string
  strict?: boolean
}

interface Collected {
  problems: Problem[]
  files: string[]
  /** Custom templates the config uses, per deployment, for the Packer run. */
  templates: ConfigTemplateCheck[]
}

function collect(options: RunValidation): Collected {
  const { file, halDir, strict: _strict, ...rest } = options
  if (file) {
    const parsed = parseOrProblem(() => parseForReading(readTextFile(file), file), file)
    const problems = 'doc' in parsed ? validateDocument(parsed, rest) : [parsed]
    return { problems, files: [file], templates: [] }
  }
  const loaded = parseOrProblem(() => readHalconfig(halDir, { forReading: true }).parsed, `${halDir}/config`)
  if (!('doc' in loaded)) return { problems: [loaded], files: [loaded.file!], templates: [] }
  // The custom templates the bakery settings use are part of the configuration (offline checks).
  const { problems, templates } = checkConfig(loaded, { halDir, deployment: rest.deployment, ruleLevels: rest.ruleLevels })
  const analyses = templates.flatMap((t) => t.analyses)
  return { problems, files: [loaded.file, ...analyses.map((a) => a.target.file)], templates }
}

/** What `hal config validate` checks: a hal directory's config and the custom templates it uses, or one file in any known shape. */
export function runValidation(options: RunValidation): ValidationReport {
  const { problems, files } = collect(options)
  return buildReport(problems, files, options.strict ?? false, version())
}

/** runValidation, then packer validate on the custom templates the config uses (`--packer`: Packer is slow). */
export async function runValidationWithPacker(options: RunValidation & { env?: NodeJS.ProcessEnv }): Promise<ValidationReport> {
  const { problems, files, templates } = collect(options)
  const { packerProblems } = await import('../templates/packer-check.js')
  for (const check of templates) {
    const found = await packerProblems(check.analyses, { packerDir: check.packerDir, env: options.env })
    // "Packer is missing" once, not once per deployment.
    const fresh = found.filter((p) => p.rule !== 'template/packer-missing' || !problems.some((q) => q.rule === p.rule))
    problems.push(...applyLevels(fresh, options.ruleLevels))
  }
  return buildReport(problems, files, options.strict ?? false, version())
}
