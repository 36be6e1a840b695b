import { resolve } from 'node:path'
import type { Problem } from '../../model/problem.js'
import type { Formatter, ValidationReport } from '../report.js'
import { displayPath, position } from './text.js'

/** Characters XML 1.0 does not allow at all, even escaped (lone surrogates included). */
// eslint-disable-next-line no-control-regex
const ILLEGAL_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g

const clean = (text: string) => text.replace(ANSI, '').replace(ILLEGAL_XML, '')

/** Escapes element content. */
export function escapeXmlText(text: string): string {
  return clean(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** Escapes an attribute value (double-quoted); line breaks and tabs survive attribute normalisation. */
export function escapeXmlAttribute(text: string): string {
  return escapeXmlText(text)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;')
}

const attrs = (values: Record<string, string | number>) =>
  Object.entries(values)
    .map(([name, value]) => ` ${name}="${escapeXmlAttribute(String(value))}"`)
    .join('')

interface Suite {
  name: string
  problems: Problem[]
}

/** One suite per checked file, in order; then any file only a problem names; then problems without a file. */
function suites(report: ValidationReport, cwd: string): Suite[] {
  const byFile = new Map<string, Suite>()
  for (const file of report.files) {
    const key = resolve(cwd, file)
    if (!byFile.has(key)) byFile.set(key, { name: displayPath(file, cwd), problems: [] })
  }
  let noFile: Suite | undefined
  for (const problem of report.problems) {
    let suite: Suite | undefined
    if (problem.file === undefined) {
      suite = noFile ??= { name: '(no file)', problems: [] }
    } else {
      const key = resolve(cwd, problem.file)
      suite = byFile.get(key)
      if (!suite) byFile.set(key, (suite = { name: displayPath(problem.file, cwd), problems: [] }))
    }
    suite.problems.push(problem)
  }
  return noFile ? [...byFile.values(), noFile] : [...byFile.values()]
}

function details(problem: Problem, cwd: string): string {
  const lines = [`${problem.severity.toUpperCase()} ${problem.message}`]
  const where = position(problem, cwd)
  if (where !== undefined) lines.push(`at ${where}`)
  if (problem.location !== undefined) lines.push(`in ${problem.location}`)
  lines.push(`pointer: ${problem.path === '' ? '(document)' : problem.path}`)
  if (problem.frame !== undefined && problem.frame.trim() !== '') lines.push('', problem.frame.replace(/\r?\n$/, ''), '')
  if (problem.remediation !== undefined) lines.push(`Fix: ${problem.remediation}`)
  return lines.join('\n')
}

const fails = (problem: Problem, strict: boolean) =>
  problem.severity === 'error' || problem.severity === 'fatal' || (strict && problem.severity === 'warning')

/**
 * JUnit XML, for CI test reports. One `<testsuite>` per file, one `<testcase>` per problem
 * (`classname` = rule id, `name` = `<location or JSON Pointer>: <message>`). Errors and fatals
 * are `<failure>`s, and so are warnings under `--strict`; passing warnings and info carry their
 * text in `<system-out>`. A file without problems has one passing testcase, `valid`.
 * The result has no trailing newline.
 */
export const junitFormatter: Formatter = (report, _rules, options) => {
  const cwd = resolve(options.cwd)
  let tests = 0
  let failures = 0
  const body: string[] = []
  for (const suite of suites(report, cwd)) {
    const cases: string[] = []
    let suiteFailures = 0
    if (suite.problems.length === 0) {
      cases.push(`    <testcase${attrs({ classname: 'galley', name: 'valid' })}/>`)
    }
    for (const problem of suite.problems) {
      const name = `${problem.location ?? (problem.path === '' ? '(document)' : problem.path)}: ${problem.message}`
      const open = `    <testcase${attrs({ classname: problem.rule, name })}>`
      const text = escapeXmlText(details(problem, cwd))
      if (fails(problem, report.strict)) {
        suiteFailures++
        cases.push(
          open,
          `      <failure${attrs({ type: problem.severity, message: problem.message })}>${text}</failure>`,
          '    </testcase>',
        )
      } else {
        cases.push(open, `      <system-out>${text}</system-out>`, '    </testcase>')
      }
    }
    const suiteTests = Math.max(suite.problems.length, 1)
    tests += suiteTests
    failures += suiteFailures
    body.push(
      `  <testsuite${attrs({ name: suite.name, tests: suiteTests, failures: suiteFailures, errors: 0 })}>`,
      ...cases,
      '  </testsuite>',
    )
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: 'galley', tests, failures, errors: 0 })}>`,
    ...body,
    '</testsuites>',
  ].join('\n')
}

export default junitFormatter
