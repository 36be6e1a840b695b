import { resolve, sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Problem, Severity } from '../../model/problem.js'
import type { Formatter } from '../report.js'
import { relativeInside } from './text.js'

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json'

export type SarifLevel = 'error' | 'warning' | 'note'

export const SARIF_LEVELS: Record<Severity, SarifLevel> = {
  fatal: 'error',
  error: 'error',
  warning: 'warning',
  info: 'note',
}

interface ArtifactLocation {
  uri: string
  uriBaseId?: '%SRCROOT%'
  index?: number
}

interface SarifRule {
  id: string
  shortDescription: { text: string }
  defaultConfiguration: { level: SarifLevel }
}

interface SarifResult {
  ruleId: string
  ruleIndex: number
  level: SarifLevel
  message: { text: string }
  locations?: Array<{
    physicalLocation?: { artifactLocation: ArtifactLocation; region?: { startLine: number; startColumn?: number } }
    logicalLocations?: Array<{ fullyQualifiedName: string }>
  }>
  properties: { jsonPointer: string }
}

/** A file as SARIF wants it: relative to `%SRCROOT%` (the cwd) when inside it, else a `file://` URI. */
function artifactLocation(file: string, cwd: string): ArtifactLocation {
  const rel = relativeInside(file, cwd)
  if (rel === undefined) return { uri: pathToFileURL(resolve(cwd, file)).href }
  return { uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' }
}

/** `message. Fix: remediation`, without doubling the full stop. */
function messageText(problem: Problem): string {
  if (problem.remediation === undefined) return problem.message
  const stop = /[.!?:]\s*$/.test(problem.message) ? '' : '.'
  return `${problem.message}${stop} Fix: ${problem.remediation}`
}

/**
 * SARIF 2.1.0, for code scanning. One run; `tool.driver.rules` holds every rule given, in order,
 * followed by any rule a problem names that was not given (so every `ruleIndex` resolves).
 * Files in `report.files` are listed as `artifacts` and referenced by index.
 */
export const sarifFormatter: Formatter = (report, rules, options) => {
  const cwd = resolve(options.cwd)
  const driverRules: SarifRule[] = []
  const ruleIndex = new Map<string, number>()
  const addRule = (id: string, doc: string, severity: Severity) => {
    if (ruleIndex.has(id)) return
    ruleIndex.set(id, driverRules.length)
    driverRules.push({ id, shortDescription: { text: doc }, defaultConfiguration: { level: SARIF_LEVELS[severity] } })
  }
  for (const rule of rules) addRule(rule.id, rule.doc, rule.severity)
  for (const problem of report.problems) addRule(problem.rule, problem.rule, problem.severity)

  const artifactIndex = new Map<string, number>()
  const artifacts = report.files.map((file, index) => {
    artifactIndex.set(resolve(cwd, file), index)
    return { location: artifactLocation(file, cwd) }
  })

  const results: SarifResult[] = report.problems.map((problem) => {
    const result: SarifResult = {
      ruleId: problem.rule,
      ruleIndex: ruleIndex.get(problem.rule)!,
      level: SARIF_LEVELS[problem.severity],
      message: { text: messageText(problem) },
      properties: { jsonPointer: problem.path },
    }
    const location: NonNullable<SarifResult['locations']>[number] = {}
    if (problem.file !== undefined) {
      const artifact = artifactLocation(problem.file, cwd)
      const index = artifactIndex.get(resolve(cwd, problem.file))
      if (index !== undefined) artifact.index = index
      location.physicalLocation = { artifactLocation: artifact }
      if (problem.line !== undefined) {
        location.physicalLocation.region = { startLine: problem.line }
        if (problem.column !== undefined) location.physicalLocation.region.startColumn = problem.column
      }
    }
    if (problem.location !== undefined) location.logicalLocations = [{ fullyQualifiedName: problem.location }]
    if (location.physicalLocation || location.logicalLocations) result.locations = [location]
    // Key order for readers: where before the extra properties.
    const { properties, ...rest } = result
    return { ...rest, properties }
  })

  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'galley', version: report.tool.version, rules: driverRules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(cwd.endsWith(sep) ? cwd : cwd + sep).href } },
        artifacts,
        results,
      },
    ],
  }
  return JSON.stringify(sarif, null, 2)
}

export default sarifFormatter
