import Ajv2020Import from 'ajv/dist/2020.js'
import addFormatsImport from 'ajv-formats'
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { forTerminal } from '../../src/lib/redact.js'
import type { Problem, RuleMeta } from '../../src/model/problem.js'
import type { FormatOptions, ValidationReport } from '../../src/validate/report.js'
import { FORMATS, formatterFor, isFormatName } from '../../src/validate/formatters/index.js'
import { githubFormatter, escapeData, escapeProperty } from '../../src/validate/formatters/github.js'
import { jsonFormatter } from '../../src/validate/formatters/json.js'
import { escapeXmlAttribute, escapeXmlText, junitFormatter } from '../../src/validate/formatters/junit.js'
import { sarifFormatter } from '../../src/validate/formatters/sarif.js'
import { textFormatter } from '../../src/validate/formatters/text.js'

// ajv and ajv-formats are CommonJS; under ESM the default import may be the module namespace.
const Ajv2020 = ((Ajv2020Import as any).default ?? Ajv2020Import) as typeof Ajv2020Import.default
const addFormats = ((addFormatsImport as any).default ?? addFormatsImport) as typeof addFormatsImport.default

const ROOT = join(import.meta.dirname, '..', '..')
const CWD = resolve('/srv/bakery-project')
const CONFIG = join(CWD, 'halconfig', 'config')
const TEMPLATE = join(CWD, 'templates', 'gce.json')
const OUTSIDE = resolve(CWD, '..', 'elsewhere', 'custom.json')
/** How the two files are shown: relative to the cwd. */
const CONFIG_REL = join('halconfig', 'config')
const TEMPLATE_REL = join('templates', 'gce.json')

const BAKERY = '/deploymentConfigurations/0/providers/google/bakeryDefaults'
const FRAME = ['  11 |   bakeryDefaults:', '> 12 |     zone: us-central1', '     |           ^'].join('\n')

const ZONE: Problem = {
  rule: 'google/zone-format',
  severity: 'error',
  message: 'Zone "us-central1" is not a zone & cannot be used',
  remediation: 'Use a zone such as us-central1-f.',
  path: `${BAKERY}/zone`,
  location: 'default.provider.google.bakeryDefaults',
  file: CONFIG,
  line: 12,
  column: 11,
  frame: FRAME,
}
const PARSE: Problem = {
  rule: 'template/parse',
  severity: 'fatal',
  message: 'Template <builders> is not valid JSON',
  remediation: 'Fix the JSON syntax.',
  path: '',
  file: TEMPLATE,
  line: 3,
  column: 1,
}
const NETWORK: Problem = {
  rule: 'google/network-default',
  severity: 'warning',
  message: 'Network "default", subnet: none, is not recommended',
  path: `${BAKERY}/network`,
  location: 'default.provider.google.bakeryDefaults',
  file: CONFIG,
  line: 13,
  column: 5,
}
/** In a file, but at no known position. */
const BASE_IMAGE: Problem = {
  rule: 'google/base-image-deprecated',
  severity: 'info',
  message: "Base image 'ubuntu-1804' is deprecated",
  path: `${BAKERY}/baseImages/0`,
  location: 'default.provider.google.bakeryDefaults',
  file: CONFIG,
}
/** In no file at all; its rule is not among the rules given to the formatters. */
const TIMEZONE: Problem = {
  rule: 'deployment/timezone',
  severity: 'warning',
  message: 'Timezone is not set, so bakes use UTC',
  path: '/deploymentConfigurations/0/timezone',
  location: 'default',
}

const RULES: RuleMeta[] = [
  { id: 'google/account-project', severity: 'error', doc: 'Every Google account names a project.' },
  { id: 'google/zone-format', severity: 'error', doc: 'The bakery zone is a zone, not a region.' },
  { id: 'google/network-default', severity: 'warning', doc: 'Bakes do not run on the default network.' },
  { id: 'template/parse', severity: 'fatal', doc: 'Custom Packer templates are valid JSON.' },
  { id: 'google/base-image-deprecated', severity: 'info', doc: 'Base images are not deprecated.' },
]

function reportOf(problems: Problem[], overrides: Partial<ValidationReport> = {}): ValidationReport {
  const summary = { info: 0, warning: 0, error: 0, fatal: 0 }
  for (const problem of problems) summary[problem.severity]++
  const strict = overrides.strict ?? false
  return {
    tool: { name: 'galley', version: '0.1.0' },
    files: [CONFIG, TEMPLATE],
    problems,
    summary,
    strict,
    valid: summary.error + summary.fatal === 0 && (!strict || summary.warning === 0),
    ...overrides,
  }
}

const REPORT = reportOf([ZONE, PARSE, NETWORK, BASE_IMAGE, TIMEZONE])
const CLEAN = reportOf([], { files: [CONFIG, TEMPLATE, join(CWD, 'templates', 'aws.json')] })
const PLAIN: FormatOptions = { color: false, cwd: CWD }
const COLOR: FormatOptions = { color: true, cwd: CWD }
const ANSI = /\u001b\[/

describe('formatterFor', () => {
  it('has a formatter for every format name, text first', () => {
    expect(FORMATS).toEqual(['text', 'json', 'sarif', 'junit', 'github'])
    expect(formatterFor('text')).toBe(textFormatter)
    expect(formatterFor('json')).toBe(jsonFormatter)
    expect(formatterFor('sarif')).toBe(sarifFormatter)
    expect(formatterFor('junit')).toBe(junitFormatter)
    expect(formatterFor('github')).toBe(githubFormatter)
  })

  it('recognises format names and rejects others', () => {
    expect(isFormatName('sarif')).toBe(true)
    expect(isFormatName('xml')).toBe(false)
    expect(() => formatterFor('xml' as never)).toThrow(/Unknown output format "xml"/)
  })
})

describe('text format', () => {
  const text = textFormatter(REPORT, RULES, PLAIN)

  it('groups problems by location (else by file) in order of appearance, Halyard-style', () => {
    expect(text).toBe(
      [
        'Validation in default.provider.google.bakeryDefaults:',
        '! ERROR Zone "us-central1" is not a zone & cannot be used',
        `  ${CONFIG_REL}:12:11 [google/zone-format]`,
        '      11 |   bakeryDefaults:',
        '    > 12 |     zone: us-central1',
        '         |           ^',
        '? Use a zone such as us-central1-f.',
        '- WARNING Network "default", subnet: none, is not recommended',
        `  ${CONFIG_REL}:13:5 [google/network-default]`,
        "- INFO Base image 'ubuntu-1804' is deprecated",
        `  ${CONFIG_REL} [google/base-image-deprecated]`,
        '',
        `Validation in ${TEMPLATE_REL}:`,
        '! FATAL Template <builders> is not valid JSON',
        `  ${TEMPLATE_REL}:3:1 [template/parse]`,
        '? Fix the JSON syntax.',
        '',
        'Validation in default:',
        '- WARNING Timezone is not set, so bakes use UTC',
        '  [deployment/timezone]',
        '',
        '1 fatal error, 1 error, 2 warnings, 1 info in 2 files.',
      ].join('\n'),
    )
  })

  it('marks errors and fatals with !, warnings and info with -', () => {
    expect(text).toMatch(/^! ERROR /m)
    expect(text).toMatch(/^! FATAL /m)
    expect(text).toMatch(/^- WARNING /m)
    expect(text).toMatch(/^- INFO /m)
  })

  it('pluralises the summary and counts the files checked', () => {
    const one = reportOf([NETWORK], { files: [CONFIG] })
    expect(textFormatter(one, RULES, PLAIN).split('\n').at(-1)).toBe('1 warning in 1 file.')
    const two = reportOf([ZONE, { ...ZONE, line: 14 }, NETWORK], { files: [CONFIG] })
    expect(textFormatter(two, RULES, PLAIN).split('\n').at(-1)).toBe('2 errors, 1 warning in 1 file.')
    expect(textFormatter(CLEAN, RULES, PLAIN)).toBe('No problems found in 3 files.')
  })

  it('says that warnings fail under --strict', () => {
    const strict = reportOf([NETWORK], { files: [CONFIG], strict: true })
    expect(textFormatter(strict, RULES, PLAIN).split('\n').at(-1)).toBe('1 warning in 1 file (strict: warnings fail).')
  })

  it('shows paths outside the cwd in full', () => {
    const outside = reportOf([{ ...NETWORK, file: OUTSIDE, location: undefined }], { files: [OUTSIDE] })
    expect(textFormatter(outside, RULES, PLAIN)).toContain(`Validation in ${OUTSIDE}:`)
    expect(textFormatter(outside, RULES, PLAIN)).toContain(`  ${OUTSIDE}:13:5 [google/network-default]`)
  })

  it('has no colour unless asked, then red errors, yellow warnings, cyan info, a dim position', () => {
    expect(text).not.toMatch(ANSI)
    // As it reaches the terminal: galley's colours pass the output guard, nothing else does.
    const coloured = forTerminal(textFormatter(REPORT, RULES, COLOR))
    expect(textFormatter(REPORT, RULES, COLOR)).not.toMatch(ANSI)
    expect(coloured).toMatch(ANSI)
    expect(coloured).toContain('\u001b[31m! ERROR\u001b[0m Zone')
    expect(coloured).toContain('\u001b[31m! FATAL\u001b[0m Template')
    expect(coloured).toContain('\u001b[33m- WARNING\u001b[0m Network')
    expect(coloured).toContain('\u001b[36m- INFO\u001b[0m Base image')
    expect(coloured).toContain(`  \u001b[2m${CONFIG_REL}:12:11 [google/zone-format]\u001b[0m`)
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(text)
  })
})

describe('json format', () => {
  const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'validation-report.schema.json'), 'utf8'))
  const ajv = new Ajv2020({ allErrors: true, strict: true })
  addFormats(ajv)
  const validate = ajv.compile(schema)

  it('is the report, pretty-printed', () => {
    const json = jsonFormatter(REPORT, RULES, PLAIN)
    expect(json).toBe(JSON.stringify(REPORT, null, 2))
    expect(JSON.parse(json)).toEqual(REPORT)
  })

  it('is described by schemas/validation-report.schema.json', () => {
    expect(schema.$id).toBe('https://galley.dev/schemas/validation-report.schema.json')
    for (const report of [REPORT, CLEAN, reportOf([NETWORK], { strict: true })]) {
      const valid = validate(JSON.parse(jsonFormatter(report, RULES, PLAIN)))
      expect(validate.errors ?? []).toEqual([])
      expect(valid).toBe(true)
    }
  })

  it('whose schema rejects what is not a report', () => {
    const parsed = () => JSON.parse(jsonFormatter(REPORT, RULES, PLAIN))
    const unknownSeverity = parsed()
    unknownSeverity.problems[0].severity = 'critical'
    const extraField = parsed()
    extraField.problems[0].hint = 'extra'
    const badPointer = parsed()
    badPointer.problems[0].path = 'deploymentConfigurations/0'
    const zeroLine = parsed()
    zeroLine.problems[0].line = 0
    const noSummary = parsed()
    delete noSummary.summary
    for (const bad of [unknownSeverity, extraField, badPointer, zeroLine, noSummary]) expect(validate(bad)).toBe(false)
  })
})

describe('sarif format', () => {
  const sarif = JSON.parse(sarifFormatter(REPORT, RULES, PLAIN))
  const run = sarif.runs[0]
  const result = (rule: string) => run.results.find((r: any) => r.ruleId === rule)

  it('is one SARIF 2.1.0 run by galley', () => {
    expect(sarif.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json')
    expect(sarif.version).toBe('2.1.0')
    expect(sarif.runs).toHaveLength(1)
    expect(run.tool.driver.name).toBe('galley')
    expect(run.tool.driver.version).toBe('0.1.0')
    expect(run.originalUriBaseIds['%SRCROOT%'].uri).toBe(pathToFileURL(CWD).href + '/')
  })

  it('lists every rule given, then any rule only a problem names', () => {
    expect(run.tool.driver.rules.map((rule: any) => rule.id)).toEqual([...RULES.map((rule) => rule.id), 'deployment/timezone'])
    expect(run.tool.driver.rules[1]).toEqual({
      id: 'google/zone-format',
      shortDescription: { text: 'The bakery zone is a zone, not a region.' },
      defaultConfiguration: { level: 'error' },
    })
    expect(run.tool.driver.rules[3].defaultConfiguration.level).toBe('error') // a fatal rule
    expect(run.tool.driver.rules[4].defaultConfiguration.level).toBe('note')
  })

  it('has one result per problem whose ruleIndex points at its rule', () => {
    expect(run.results).toHaveLength(REPORT.problems.length)
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId)
  })

  it('maps fatal and error to error, warning to warning, info to note', () => {
    expect(run.results.map((r: any) => r.level)).toEqual(['error', 'error', 'warning', 'note', 'warning'])
  })

  it('puts the remediation after the message', () => {
    expect(result('google/zone-format').message.text).toBe(
      'Zone "us-central1" is not a zone & cannot be used. Fix: Use a zone such as us-central1-f.',
    )
    expect(result('template/parse').message.text).toBe('Template <builders> is not valid JSON. Fix: Fix the JSON syntax.')
    expect(result('google/network-default').message.text).toBe(NETWORK.message)
  })

  it('locates results in files relative to %SRCROOT%, with regions when known, and in Halyard locations', () => {
    expect(result('google/zone-format').locations).toEqual([
      {
        physicalLocation: {
          artifactLocation: { uri: 'halconfig/config', uriBaseId: '%SRCROOT%', index: 0 },
          region: { startLine: 12, startColumn: 11 },
        },
        logicalLocations: [{ fullyQualifiedName: 'default.provider.google.bakeryDefaults' }],
      },
    ])
    expect(result('template/parse').locations).toEqual([
      {
        physicalLocation: {
          artifactLocation: { uri: 'templates/gce.json', uriBaseId: '%SRCROOT%', index: 1 },
          region: { startLine: 3, startColumn: 1 },
        },
      },
    ])
    expect(result('google/base-image-deprecated').locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'halconfig/config', uriBaseId: '%SRCROOT%', index: 0 },
    })
    expect(result('deployment/timezone').locations).toEqual([{ logicalLocations: [{ fullyQualifiedName: 'default' }] }])
  })

  it('keeps the JSON Pointer of each problem', () => {
    expect(result('google/zone-format').properties).toEqual({ jsonPointer: `${BAKERY}/zone` })
    expect(result('template/parse').properties).toEqual({ jsonPointer: '' })
  })

  it('lists the files checked as artifacts', () => {
    expect(run.artifacts).toEqual([
      { location: { uri: 'halconfig/config', uriBaseId: '%SRCROOT%' } },
      { location: { uri: 'templates/gce.json', uriBaseId: '%SRCROOT%' } },
    ])
  })

  it('names files outside the cwd by file:// URI', () => {
    const outside = reportOf([{ ...NETWORK, file: OUTSIDE }], { files: [OUTSIDE] })
    const location = JSON.parse(sarifFormatter(outside, RULES, PLAIN)).runs[0].results[0].locations[0]
    expect(location.physicalLocation.artifactLocation).toEqual({ uri: pathToFileURL(OUTSIDE).href, index: 0 })
  })

  it('fits the shape SARIF 2.1.0 requires (a hand-written subset of its schema)', () => {
    const level = { enum: ['none', 'note', 'warning', 'error'] }
    const message = { type: 'object', required: ['text'], properties: { text: { type: 'string' } } }
    const artifactLocation = {
      type: 'object',
      properties: { uri: { type: 'string', format: 'uri-reference' }, uriBaseId: { type: 'string' }, index: { type: 'integer', minimum: 0 } },
    }
    const subset = {
      type: 'object',
      required: ['version', 'runs'],
      properties: {
        $schema: { type: 'string', format: 'uri' },
        version: { const: '2.1.0' },
        runs: {
          type: 'array',
          items: {
            type: 'object',
            required: ['tool'],
            properties: {
              tool: {
                type: 'object',
                required: ['driver'],
                properties: {
                  driver: {
                    type: 'object',
                    required: ['name'],
                    properties: {
                      name: { type: 'string' },
                      version: { type: 'string' },
                      rules: {
                        type: 'array',
                        items: {
                          type: 'object',
                          required: ['id'],
                          properties: {
                            id: { type: 'string' },
                            shortDescription: message,
                            defaultConfiguration: { type: 'object', properties: { level } },
                          },
                        },
                      },
                    },
                  },
                },
              },
              artifacts: { type: 'array', items: { type: 'object', properties: { location: artifactLocation } } },
              results: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['message'],
                  properties: {
                    ruleId: { type: 'string' },
                    ruleIndex: { type: 'integer', minimum: -1 },
                    level,
                    message,
                    locations: {
                      type: 'array',
                      items: {
                        type: 'object',
                        properties: {
                          physicalLocation: {
                            type: 'object',
                            properties: {
                              artifactLocation,
                              region: {
                                type: 'object',
                                properties: { startLine: { type: 'integer', minimum: 1 }, startColumn: { type: 'integer', minimum: 1 } },
                              },
                            },
                          },
                          logicalLocations: {
                            type: 'array',
                            items: { type: 'object', properties: { fullyQualifiedName: { type: 'string' } } },
                          },
                        },
                      },
                    },
                    properties: { type: 'object' },
                  },
                },
              },
            },
          },
        },
      },
    }
    const ajv = new Ajv2020({ allErrors: true })
    addFormats(ajv)
    const validate = ajv.compile(subset)
    validate(sarif)
    expect(validate.errors ?? []).toEqual([])
  })
})

describe('junit format', () => {
  const xml = junitFormatter(REPORT, RULES, PLAIN)
  const count = (text: string, pattern: RegExp) => (text.match(pattern) ?? []).length
  const attribute = (tag: string, name: string) => tag.match(new RegExp(` ${name}="([^"]*)"`))?.[1]
  const suitesOf = (text: string) => [...text.matchAll(/<testsuite [^>]*>[\s\S]*?<\/testsuite>/g)].map((m) => m[0])

  it('is an XML document of test suites by galley whose counts match its contents', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="galley" ')).toBe(true)
    const root = xml.match(/<testsuites [^>]*>/)![0]
    expect(attribute(root, 'tests')).toBe(String(count(xml, /<testcase /g)))
    expect(attribute(root, 'failures')).toBe(String(count(xml, /<failure /g)))
    expect(attribute(root, 'errors')).toBe('0')
    expect(root).toBe('<testsuites name="galley" tests="5" failures="2" errors="0">')
    for (const suite of suitesOf(xml)) {
      const open = suite.match(/<testsuite [^>]*>/)![0]
      expect(attribute(open, 'tests')).toBe(String(count(suite, /<testcase /g)))
      expect(attribute(open, 'failures')).toBe(String(count(suite, /<failure /g)))
    }
  })

  it('has a suite per file, in order, and one for problems in no file', () => {
    expect(suitesOf(xml).map((suite) => attribute(suite, 'name'))).toEqual(['halconfig/config', 'templates/gce.json', '(no file)'])
  })

  it('names each testcase after its rule, location (or pointer) and message, escaping XML', () => {
    expect(xml).toContain(
      '<testcase classname="google/zone-format" name="default.provider.google.bakeryDefaults: Zone &quot;us-central1&quot; is not a zone &amp; cannot be used">',
    )
    expect(xml).toContain('<testcase classname="template/parse" name="(document): Template &lt;builders&gt; is not valid JSON">')
    expect(xml).toContain("name=\"default.provider.google.bakeryDefaults: Base image &apos;ubuntu-1804&apos; is deprecated\"")
    expect(xml).not.toMatch(/&(?!(amp|lt|gt|quot|apos|#\d+);)/)
    expect(count(xml, /<testcase /g)).toBe(count(xml, /<\/testcase>/g) + count(xml, /<testcase [^>]*\/>/g))
  })

  it('fails errors and fatals, with the details in the failure', () => {
    const zone = xml.match(/<testcase classname="google\/zone-format"[\s\S]*?<\/testcase>/)![0]
    expect(zone).toContain('<failure type="error" message="Zone &quot;us-central1&quot; is not a zone &amp; cannot be used">')
    expect(zone).toContain(`ERROR Zone "us-central1" is not a zone &amp; cannot be used\nat ${CONFIG_REL}:12:11\n`)
    expect(zone).toContain('&gt; 12 |     zone: us-central1')
    expect(zone).toContain('Fix: Use a zone such as us-central1-f.</failure>')
    expect(xml).toContain('<failure type="fatal" message="Template &lt;builders&gt; is not valid JSON">')
  })

  it('passes warnings and info, with their text in system-out', () => {
    const network = xml.match(/<testcase classname="google\/network-default"[\s\S]*?<\/testcase>/)![0]
    expect(network).not.toContain('<failure')
    expect(network).toContain('<system-out>WARNING Network "default", subnet: none, is not recommended\n')
    const info = xml.match(/<testcase classname="google\/base-image-deprecated"[\s\S]*?<\/testcase>/)![0]
    expect(info).toContain("<system-out>INFO Base image 'ubuntu-1804' is deprecated\n")
  })

  it('fails warnings too under --strict, but never info', () => {
    const strict = junitFormatter({ ...REPORT, strict: true, valid: false }, RULES, PLAIN)
    expect(strict).toContain('<testsuites name="galley" tests="5" failures="4" errors="0">')
    expect(strict).toContain('<failure type="warning" message="Network &quot;default&quot;, subnet: none, is not recommended">')
    expect(strict).not.toContain('<failure type="info"')
  })

  it('gives a file without problems one passing testcase, valid', () => {
    const clean = junitFormatter(CLEAN, RULES, PLAIN)
    expect(count(clean, /<testcase classname="galley" name="valid"\/>/g)).toBe(3)
    expect(clean).toContain('<testsuites name="galley" tests="3" failures="0" errors="0">')
    expect(clean).toContain('<testsuite name="templates/aws.json" tests="1" failures="0" errors="0">')
  })

  it('drops characters XML 1.0 forbids, and keeps line breaks in attributes', () => {
    expect(escapeXmlText('a\u0000b\u0007c\u001b[31md\u001b[0m\uD800e\uFFFEf \u{1F600}')).toBe('abcdef \u{1F600}')
    expect(escapeXmlAttribute(`<a & "b" 'c'>\n\td`)).toBe('&lt;a &amp; &quot;b&quot; &apos;c&apos;&gt;&#10;&#9;d')
    const noisy = junitFormatter(reportOf([{ ...ZONE, message: 'bad\u0000 zone\u0008\nhere', frame: undefined }]), RULES, PLAIN)
    expect(noisy).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/)
    expect(noisy).toContain('message="bad zone&#10;here"')
  })
})

describe('github format', () => {
  it('prints one workflow command per problem, with file, line and col when known', () => {
    expect(githubFormatter(REPORT, RULES, PLAIN).split('\n')).toEqual([
      '::error file=halconfig/config,line=12,col=11,title=google/zone-format::Zone "us-central1" is not a zone & cannot be used%0AUse a zone such as us-central1-f.',
      '::error file=templates/gce.json,line=3,col=1,title=template/parse::Template <builders> is not valid JSON%0AFix the JSON syntax.',
      '::warning file=halconfig/config,line=13,col=5,title=google/network-default::Network "default", subnet: none, is not recommended',
      "::notice file=halconfig/config,title=google/base-image-deprecated::Base image 'ubuntu-1804' is deprecated",
      '::warning title=deployment/timezone::Timezone is not set, so bakes use UTC',
    ])
  })

  it('escapes data and properties as GitHub requires', () => {
    expect(escapeData('100%\r\nok, a: b')).toBe('100%25%0D%0Aok, a: b')
    expect(escapeProperty('a,b:c%\n')).toBe('a%2Cb%3Ac%25%0A')
    const odd = reportOf([
      { ...NETWORK, file: join(CWD, 'odd,name:1.json'), rule: 'x:y,z', message: '50% done\r\nnext', line: undefined, column: 9 },
    ])
    expect(githubFormatter(odd, RULES, PLAIN)).toBe('::warning file=odd%2Cname%3A1.json,title=x%3Ay%2Cz::50%25 done%0D%0Anext')
  })

  it('prints nothing when there are no problems', () => {
    expect(githubFormatter(CLEAN, RULES, PLAIN)).toBe('')
  })
})
