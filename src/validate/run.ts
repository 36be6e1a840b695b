import { packageVersion } from '../lib/package.js'
import { GalleyError, ExitCode } from '../lib/errors.js'
import { readHalconfig } from '../config/store.js'
import { readTextFile, type ParsedYaml } from '../config/source.js'
import { buildReport, validateDocument, type ValidateOptions } from './index.js'
import type { Problem } from '../model/problem.js'
import type { ValidationReport } from './report.js'
import { applyLevels } from '../model/problem.js'
import type { ConfigTemplateCheck } from './template-check.js'
import { badManifestKeys, fileTemplateProblems } from '../templates/references.js'
import { SERVICE_FILES } from '../config/service.js'
import { codeFrame, locatePath } from '../config/source.js'
import type { ValuePath } from '../model/value-path.js'
import { shown } from '../lib/confine.js'
import { toPointer } from '../model/problem.js'
import { checkConfig } from './config-check.js'
import { basename, dirname } from 'node:path'
import { readdirSync } from 'node:fs'
import { parseAllDocuments } from 'yaml'
import { snakeYamlOptions } from '../lib/snakeyaml.js'
import { describeKind, detectKind, isSpinnakerService, notValidatedSentence, type DetectedKind, type DocumentKind } from '../config/kinds.js'
import { readDocuments, type FileDocuments } from '../config/documents.js'
import { isPlainObject, type Plain } from '../model/plain.js'
import { failed } from '../lib/errors.js'
import { lintTemplate, type TemplateAnalysis } from '../templates/lint.js'
import { STOCK_TEMPLATES } from '../templates/stock.js'
import { PROVIDERS, PROVIDER_NAMES } from '../providers/index.js'
import { orList } from '../providers/words.js'

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
  /** Read the file as this kind (`--kind`) instead of detecting it. */
  kind?: DocumentKind
  /** `--hal-dir` as given: where a --file's custom templates are, when the file is not in a hal directory. */
  halDirFlag?: string
}

/** How a file was read: the line every command prints about it, and its parts for --json. */
export interface ReadAs {
  kind: DocumentKind
  because: string
  forced: boolean
  /** Which YAML document (from 1) holds what was read, in a file of several. */
  document?: number
  documents: number
  line: string
}

interface Collected {
  problems: Problem[]
  files: string[]
  /** Custom templates the config uses, per deployment, for the Packer run. */
  templates: ConfigTemplateCheck[]
  readAs?: ReadAs
}

function collect(options: RunValidation): Collected {
  const { file, halDir, strict: _strict, ...rest } = options
  if (file) return collectFile(file, options)
  const loaded = parseOrProblem(() => readHalconfig(halDir, { forReading: true }).parsed, `${halDir}/config`)
  if (!('doc' in loaded)) return { problems: [loaded], files: [loaded.file!], templates: [] }
  // The custom templates the bakery settings use are part of the configuration (offline checks).
  const { problems, templates } = checkConfig(loaded, { halDir, deployment: rest.deployment, ruleLevels: rest.ruleLevels })
  const analyses = templates.flatMap((t) => t.analyses)
  return { problems, files: [loaded.file, ...analyses.map((a) => a.target.file)], templates }
}

/** `hal config validate --file`: the file read as the kind it is (or `--kind` says), then checked as that kind. */
function collectFile(file: string, options: RunValidation): Collected {
  const { halDir: _halDir, strict: _strict, file: _file, kind: forcedKind, halDirFlag, ...rest } = options
  const text = readTextFile(file)
  let docs: FileDocuments = { values: [], parsed: () => undefined as unknown as ParsedYaml }
  let syntax: Problem | undefined
  try {
    docs = readDocuments(text, file)
  } catch (error) {
    if (!(error instanceof GalleyError) || error.exitCode !== ExitCode.INVALID) throw error
    syntax = syntaxProblem(error, file)
  }
  // A file that does not parse is still told by what it holds (a duplicate key leaves the rest readable).
  const values = syntax ? lenientValues(text) : docs.values
  const detected: DetectedKind = forcedKind ? { ...detectKind(file, text, values), kind: forcedKind } : detectKind(file, text, values)
  const readAs: ReadAs = {
    kind: detected.kind,
    because: forcedKind ? 'as --kind says' : detected.because,
    forced: Boolean(forcedKind),
    document: detected.documentIndex !== undefined && detected.documents > 1 ? detected.documentIndex + 1 : undefined,
    documents: detected.documents,
    line: describeKind(file, detected, Boolean(forcedKind)),
  }
  if (detected.kind === 'packer-template') return { ...lintFile(file, rest.ruleLevels), readAs }
  // An empty file (an empty rosco-local.yml) holds nothing to check, and nothing wrong.
  if (!syntax && !forcedKind && docs.values.every((v) => v === null || v === undefined)) {
    return { problems: [], files: [file], templates: [], readAs: { ...readAs, line: `${file} is empty: nothing to check.` } }
  }
  if (syntax && !detected.script) return { problems: [syntax], files: [file], templates: [], readAs }
  if (detected.kind === 'pre-halyard' || detected.kind === 'unknown') {
    const { message, remediation } = notValidatedSentence(file, detected)
    throw failed(message, { code: 'NOT_VALIDATED', remediation, data: { file, readAs } })
  }
  const index = detected.documentIndex ?? Math.max(0, docs.values.findIndex((v) => v !== null && v !== undefined))
  if (index >= docs.values.length) return { problems: [], files: [file], templates: [], readAs }
  // Errors in the document read (its alias budget...) are reported as the YAML errors they are.
  let parsed: ParsedYaml
  try {
    parsed = docs.parsed(index)
  } catch (error) {
    if (!(error instanceof GalleyError) || error.exitCode !== ExitCode.INVALID) throw error
    return { problems: [syntaxProblem(error, file)], files: [file], templates: [], readAs }
  }
  // The templateFile names the deployment uses, checked against its template home (the hal
  // directory the file sits in, --hal-dir, or a manifest's files); one warning when none is known.
  const references = () => applyLevels(fileTemplateProblems({ file, parsed, detected }, { halDirFlag, deployment: rest.deployment }), rest.ruleLevels)
  if (detected.kind === 'spinnaker-service') {
    const { problems, checked } = spinnakerServiceProblems(parsed, rest)
    if (checked) problems.push(...references())
    // Every other SpinnakerService of a multi-document file (a kustomize base with two instances) is checked too.
    for (const other of docs.values.flatMap((value, i) => (i !== index && isSpinnakerService(value) ? [i] : []))) {
      let more: ParsedYaml
      try {
        more = docs.parsed(other)
      } catch (error) {
        if (!(error instanceof GalleyError) || error.exitCode !== ExitCode.INVALID) throw error
        problems.push(syntaxProblem(error, file))
        continue
      }
      const found = spinnakerServiceProblems(more, rest)
      problems.push(...found.problems)
      if (found.checked) problems.push(...applyLevels(fileTemplateProblems({ file, parsed: more, detected }, { halDirFlag, deployment: rest.deployment }), rest.ruleLevels))
    }
    // A kustomize patch may hold only expose or kustomize settings: say that nothing of galley's was in it.
    const line = checked ? readAs.line : `${readAs.line} It holds no spec.spinnakerConfig.config or profiles.rosco: nothing to check.`
    return { problems, files: [file], templates: [], readAs: { ...readAs, line } }
  }
  const problems = validateDocument(parsed, { ...rest, shape: detected.kind })
  if (detected.kind === 'halconfig' || detected.kind === 'deployment') problems.push(...references())
  return { problems, files: [file], templates: [], readAs }
}

/** The values of a file that did not parse cleanly, as far as they can be read; none when it is no YAML at all. */
function lenientValues(text: string): unknown[] {
  try {
    const docs = parseAllDocuments(text, { ...snakeYamlOptions(), uniqueKeys: false })
    if (!Array.isArray(docs) || docs.some((d) => d.errors.length > 0)) return []
    return docs.map((d) => d.toJS({ maxAliasCount: 100 }))
  } catch {
    return []
  }
}

/**
 * The operator's SpinnakerService: `spec.spinnakerConfig.config` is a bare deployment (what the
 * operator posts to Halyard), `spec.spinnakerConfig.profiles.rosco` Rosco's own settings
 * (SPEC.md §13; armory/spinnaker-operator pkg/halconfig).
 */
function spinnakerServiceProblems(parsed: ParsedYaml, options: Omit<RunValidation, 'halDir' | 'file' | 'strict' | 'kind'>): { problems: Problem[]; checked: boolean } {
  const problems: Problem[] = []
  let checked = false
  const spec = isPlainObject(parsed.value) ? parsed.value.spec : undefined
  const config = isPlainObject(spec) && isPlainObject(spec.spinnakerConfig) ? spec.spinnakerConfig : undefined
  // A part the operator reads that is not a mapping: the operator fails on it, so it is an error, not "nothing to check".
  const shapes: Array<[ValuePath, unknown]> = [
    [['spec', 'spinnakerConfig'], isPlainObject(spec) ? spec.spinnakerConfig : undefined],
    [['spec', 'spinnakerConfig', 'config'], config?.config],
    [['spec', 'spinnakerConfig', 'profiles'], config?.profiles],
    [['spec', 'spinnakerConfig', 'profiles', 'rosco'], isPlainObject(config?.profiles) ? (config!.profiles as Plain).rosco : undefined],
    [['spec', 'spinnakerConfig', 'files'], config?.files],
  ]
  for (const [path, value] of shapes) {
    if (value === undefined || value === null || isPlainObject(value)) continue
    checked = true
    const pos = locatePath(parsed, path)
    problems.push({
      rule: 'operator/shape',
      severity: 'error',
      message: `${path.join('.')} is ${Array.isArray(value) ? 'a list' : `a ${typeof value}`}, where the operator reads a mapping.`,
      remediation: `Write ${path.join('.')} as a mapping of keys (see the operator's SpinnakerService reference).`,
      path: toPointer(path),
      file: parsed.file,
      ...(pos ? { line: pos.line, column: pos.column, frame: codeFrame(parsed.text, pos.line, pos.column) } : {}),
    })
  }
  if (config && isPlainObject(config.config)) {
    checked = true
    problems.push(...validateDocument(parsed, { ...options, shape: 'deployment', at: ['spec', 'spinnakerConfig', 'config'] }).map(operatorHalyard))
  }
  const profiles = config && isPlainObject(config.profiles) ? config.profiles : undefined
  if (profiles && isPlainObject(profiles.rosco)) {
    checked = true
    problems.push(...validateDocument(parsed, { ...options, shape: 'rosco', overlay: true, below: config?.config, at: ['spec', 'spinnakerConfig', 'profiles', 'rosco'] }))
  }
  for (const { key, problem } of badManifestKeys(parsed.value)) {
    checked = true
    const path = [...SERVICE_FILES, key]
    const pos = locatePath(parsed, path, true)
    problems.push({
      rule: 'operator/file-key',
      severity: 'error',
      message: `The files key ${shown(key)} cannot be a file of Rosco's packer directory: ${problem}. galley leaves it out; the operator would write it elsewhere or fail.`,
      remediation: 'Name the file with its path inside the packer directory, "__" for each "/" (profiles__rosco__packer__scripts__install.sh).',
      path: toPointer(path),
      file: parsed.file,
      ...(pos ? { line: pos.line, column: pos.column, frame: codeFrame(parsed.text, pos.line, pos.column) } : {}),
    })
  }
  return { problems, checked }
}

/**
 * The operator posts `config` to its Halyard, which refuses the whole config over one key it does
 * not know (SPEC.md §13): the Rosco-only keys galley notes in a halconfig are errors here, and
 * their place is profiles.rosco.
 */
function operatorHalyard(problem: Problem): Problem {
  const key = problem.path.split('/').pop() ?? ''
  if (problem.rule === 'compat/halyard-unknown-key' || (PROVIDERS.some((p) => problem.rule === `${p.name}/image-family-key` && Object.values(p.config.roscoImageKeys ?? {}).includes(key)))) {
    return {
      ...problem,
      severity: 'error',
      message: `${key} is read by Rosco, but the operator's Halyard rejects it ("Unrecognized field") and with it the whole config.`,
      remediation: `Move it to spec.spinnakerConfig.profiles.rosco (the same path under ${orList(PROVIDER_NAMES)}), where Rosco reads it.`,
    }
  }
  return problem
}

/** A Packer template given to validate: the checks of `hal config bakery template lint`, its directory standing for Rosco's configDir. */
function lintFile(file: string, levels: RunValidation['ruleLevels']): Omit<Collected, 'readAs'> & { analyses: TemplateAnalysis[] } {
  let siblings: string[] = []
  try {
    siblings = readdirSync(dirname(file))
  } catch {
    // an unreadable directory: only the stock names are known
  }
  const analysis = lintTemplate({ name: basename(file), file, origin: 'custom', usedBy: [] }, { available: new Set([...STOCK_TEMPLATES, ...siblings]) })
  return { problems: applyLevels(analysis.problems, levels), files: [file], templates: [{ packerDir: dirname(file), analyses: [analysis] }], analyses: [analysis] }
}

/** What `hal config validate` checks: a hal directory's config and the custom templates it uses, or one file in any known shape. */
export function runValidation(options: RunValidation): ValidationReport {
  const { problems, files, readAs } = collect(options)
  // Once more over everything: the problems made outside the rule runs (yaml/syntax, operator/shape...) too.
  return withReadAs(buildReport(applyLevels(problems, options.ruleLevels), files, options.strict ?? false, version()), readAs)
}

const withReadAs = (report: ValidationReport, readAs: ReadAs | undefined): ValidationReport => (readAs ? { ...report, readAs } : report)

/** runValidation, then packer validate on the custom templates the config uses (`--packer`: Packer is slow). */
export async function runValidationWithPacker(options: RunValidation & { env?: NodeJS.ProcessEnv }): Promise<ValidationReport> {
  const { problems, files, templates, readAs } = collect(options)
  const { packerProblems } = await import('../templates/packer-check.js')
  for (const check of templates) {
    const found = await packerProblems(check.analyses, { packerDir: check.packerDir, env: options.env })
    // "Packer is missing" once, not once per deployment.
    const fresh = found.filter((p) => p.rule !== 'template/packer-missing' || !problems.some((q) => q.rule === p.rule))
    problems.push(...applyLevels(fresh, options.ruleLevels))
  }
  return withReadAs(buildReport(applyLevels(problems, options.ruleLevels), files, options.strict ?? false, version()), readAs)
}
