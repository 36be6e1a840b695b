import { createRequire } from 'node:module'
import { GalleyError, ExitCode } from '../lib/errors.js'
import { readHalconfig } from '../config/store.js'
import { parseYaml, readTextFile, type ParsedYaml } from '../config/source.js'
import { buildReport, validateDocument, type ValidateOptions } from './index.js'
import type { Problem } from './problem.js'
import type { ValidationReport } from './report.js'

export const YAML_RULE = { id: 'yaml/syntax', severity: 'error' as const, doc: 'The file is well-formed YAML without duplicate keys.' }

const version = (): string => (createRequire(import.meta.url)('../../package.json') as { version: string }).version

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

/** What `hal config validate` checks: a hal directory's config, or one file in any known shape. */
export function runValidation(options: RunValidation): ValidationReport {
  const { file, halDir, strict = false, ...rest } = options
  if (file) {
    const parsed = parseOrProblem(() => parseYaml(readTextFile(file), file), file)
    const problems = 'doc' in parsed ? validateDocument(parsed, rest) : [parsed]
    return buildReport(problems, [file], strict, version())
  }
  const loaded = parseOrProblem(() => readHalconfig(halDir).parsed, `${halDir}/config`)
  if (!('doc' in loaded)) return buildReport([loaded], [loaded.file!], strict, version())
  const problems = validateDocument(loaded, { ...rest, halDir, shape: 'halconfig' })
  return buildReport(problems, [loaded.file], strict, version())
}
