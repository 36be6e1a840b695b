import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { scanHcl } from '../../src/templates/hcl.js'
import { parseJson, LineIndex } from '../../src/templates/json-source.js'
import type { TemplateReference } from '../../src/templates/library.js'
import { checkName, kindOf } from '../../src/templates/library.js'
import { lintTemplate, type TemplateTarget } from '../../src/templates/lint.js'
import { packerMessages } from '../../src/templates/packer-check.js'
import { ROSCO_VARIABLES, roscoVariable } from '../../src/templates/rosco-variables.js'
import { STOCK_TEMPLATES } from '../../src/templates/stock.js'
import { ROOT, tempDir, writeFile } from '../helpers/hal.js'

const GCE = readFileSync(join(ROOT, 'templates', 'gce.json'), 'utf8')
const OCI = readFileSync(join(ROOT, 'templates', 'oci.json'), 'utf8')

/** Lints `text` as custom template `name`, next to the custom files given. */
function lint(name: string, text: string, options: { usedBy?: TemplateReference[]; custom?: string[] } = {}) {
  const dir = tempDir()
  const file = join(dir, name)
  writeFile(file, text)
  const target: TemplateTarget = { name, file, origin: 'custom', usedBy: options.usedBy ?? [] }
  return lintTemplate(target, { available: new Set([...STOCK_TEMPLATES, name, ...(options.custom ?? [])]) })
}

const problems = (name: string, text: string, options?: Parameters<typeof lint>[2]) =>
  lint(name, text, options).problems.map(({ rule, severity, line, column, message }) => ({ rule, severity, line, column, message }))

const usedBy = (provider: 'google' | 'oracle', baseImage?: string): TemplateReference => ({
  provider,
  owner: baseImage ? { baseImage } : 'bakeryDefaults',
  template: 'x.json',
  implicit: false,
  description: baseImage ? `${provider} base image ${baseImage}` : `${provider} bakery defaults`,
  file: '/hal/config',
  path: '',
})

/** gce.json with its JSON changed by `edit`. */
const gceWith = (edit: (t: any) => void) => {
  const template = JSON.parse(GCE)
  edit(template)
  return JSON.stringify(template, null, 2)
}

/** The 1-based line of the first line containing `needle`. */
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1

describe('the JSON parser keeps positions and is as strict as Packer', () => {
  it('parses values and knows where each key is', () => {
    const text = '{\n  "a": [1, "x", true, null],\n  "b": {"c": -1.5e3}\n}'
    const result = parseJson(text)
    expect(result.ok).toBe(true)
    if (!result.ok || result.root.kind !== 'object') return
    const b = result.root.entries[1]
    expect(new LineIndex(text).position(b.keySpan.start)).toEqual({ line: 3, column: 3 })
    expect(b.value.kind).toBe('object')
  })

  it.each([
    ['a trailing comma in an object', '{\n  "a": 1,\n}', 2, 9, "a trailing comma before '}'"],
    ['a trailing comma in an array', '[1,\n2,\n]', 2, 2, "a trailing comma before ']'"],
    ['a missing comma', '{"a": 1\n "b": 2}', 2, 2, "expected ',' between properties"],
    ['an unclosed string', '{"a": "b\n}', 1, 7, 'not closed before the end of the line'],
    ['single quotes', "{'a': 1}", 1, 2, 'expected a property name in double quotes'],
    ['a byte order mark', '\uFEFF{}', 1, 1, 'byte order mark'],
    ['a comment', '{\n  // no\n}', 2, 3, 'expected a property name'],
    ['content after the value', '{}\n{}', 2, 1, "after the end of the JSON value"],
    ['an empty file', '', 1, 1, 'unexpected end of the file'],
  ])('%s is an error at its line and column', (_what, text, line, column, message) => {
    const result = parseJson(text)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(new LineIndex(text).position(result.error.offset)).toEqual({ line, column })
    expect(result.error.message).toContain(message)
  })

  it('reports repeated keys (Go keeps the last; Packer refuses the template)', () => {
    const result = parseJson('{"a": 1, "b": {"c": 1, "c": 2}}')
    expect(result.ok && result.duplicates.map((d) => d.key)).toEqual(['c'])
  })
})

describe('the HCL2 scanner finds variables, sources and strings', () => {
  const hcl = `# comment with { brace
variable "needed" {
  type = string
}
variable "optional" {
  type    = string
  default = "" // }
}
/* block { comment */
source "googlecompute" "bake" {
  image_name = "\${lower("A-\${var.needed}")}"
  tags = { a = "b" }
  startup_script = <<EOF
echo "}"
EOF
}
build {
  sources = ["source.googlecompute.bake"]
  provisioner "shell" { script = "\${var.configDir}/x.sh" }
}
`
  it('reads declarations through comments, nested quotes and heredocs', () => {
    const summary = scanHcl(hcl)
    expect(summary.complete).toBe(true)
    expect(summary.variables.map(({ name, required }) => ({ name, required }))).toEqual([
      { name: 'needed', required: true },
      { name: 'optional', required: false },
    ])
    expect(summary.sources.map(({ type, name }) => `${type}.${name}`)).toEqual(['googlecompute.bake'])
    expect(summary.strings.map((s) => s.raw)).toContain('${var.configDir}/x.sh')
  })

  it('says when it lost its way (Packer reports the syntax error)', () => {
    expect(scanHcl('variable "x" {\n  type = string\n').complete).toBe(false)
  })
})

describe('names and kinds of files in the packer directory', () => {
  it.each(['../x.json', '/etc/x.json', 'a/../../x', 'a//b', './a', 'a\\b', ''])('refuses %j', (name) => {
    expect(() => checkName(name)).toThrow(/not a usable template name/)
  })

  it('accepts names inside the directory', () => {
    expect(checkName('scripts/setup.sh')).toBe('scripts/setup.sh')
  })

  it('tells templates from variable files, scripts and other files', () => {
    expect(kindOf('gce.json', GCE)).toBe('template')
    expect(kindOf('broken.json', '{')).toBe('template')
    expect(kindOf('vars.json', '{"gce_zone": "us-central1-f"}')).toBe('var-file')
    expect(kindOf('azure.pkr.hcl')).toBe('hcl2-template')
    expect(kindOf('install_packages.sh')).toBe('script')
    expect(kindOf('scripts/aws-windows.userdata')).toBe('file')
  })
})

describe('Rosco\'s variables', () => {
  it('are the names galley\'s stock gce.json declares; the ones it requires are those Rosco always passes', () => {
    const gce = JSON.parse(GCE).variables as Record<string, string | null>
    expect(ROSCO_VARIABLES.google.map((v) => v.name).sort()).toEqual(Object.keys(gce).sort())
    for (const [name, value] of Object.entries(gce)) if (value === null) expect(roscoVariable('google', name)?.passed, name).toBe('always')
  })

  it('cover every variable of galley\'s stock oci.json; the ones it requires are always passed', () => {
    for (const [name, value] of Object.entries(JSON.parse(OCI).variables as Record<string, string | null>)) {
      expect(roscoVariable('oracle', name), name).toBeDefined()
      if (value === null) expect(roscoVariable('oracle', name)?.passed, name).toBe('always')
    }
  })
})

describe('template lint (offline)', () => {
  it('finds nothing in galley\'s stock templates', () => {
    expect(problems('gce.json', GCE, { usedBy: [usedBy('google')] })).toEqual([])
    expect(problems('oci.json', OCI, { usedBy: [usedBy('oracle')] })).toEqual([])
  })

  it('reports a JSON syntax error at its line and column, and nothing else', () => {
    const text = GCE.replace('"gce_zone": null,', '"gce_zone": null,,')
    expect(problems('gce-custom.json', text)).toEqual([
      expect.objectContaining({ rule: 'template/json-syntax', severity: 'error', line: lineOf(text, 'gce_zone'), column: 22 }),
    ])
  })

  it('reports a required variable Rosco never passes: the bake would fail with "required variable not set"', () => {
    const text = gceWith((t) => (t.variables.vault_token = null))
    const [problem] = problems('gce-custom.json', text)
    expect(problem).toMatchObject({ rule: 'template/required-variable', severity: 'error', line: lineOf(text, '"vault_token"'), column: 5 })
    expect(problem.message).toContain('required variable not set: vault_token')
  })

  it('warns about a required variable Rosco passes only when it is set', () => {
    const text = gceWith((t) => (t.variables.gce_subnetwork = null))
    expect(problems('gce-custom.json', text)).toEqual([expect.objectContaining({ rule: 'template/required-variable', severity: 'warning', line: lineOf(text, '"gce_subnetwork"') })])
  })

  it('warns about an undeclared {{user}} variable, suggesting the likely name; one Rosco passes is only an info', () => {
    const typo = gceWith((t) => (t.builders[0].zone = '{{user `gce_zon`}}'))
    const [problem] = problems('gce-custom.json', typo)
    expect(problem).toMatchObject({ rule: 'template/undeclared-variable', severity: 'warning', line: lineOf(typo, 'gce_zon`') })
    expect(lint('gce-custom.json', typo).problems[0].remediation).toContain('Did you mean gce_zone?')

    const passed = gceWith((t) => delete t.variables.build_info_url)
    expect(problems('gce-custom.json', passed)).toEqual([expect.objectContaining({ rule: 'template/undeclared-variable', severity: 'info' })])
  })

  it('reports a script under configDir that is neither custom nor stock, at the string that names it', () => {
    const text = gceWith((t) => (t.provisioners[1].script = '{{user `configDir`}}/scripts/setup.sh'))
    expect(problems('gce-custom.json', text)).toEqual([
      expect.objectContaining({ rule: 'template/missing-file', severity: 'error', line: lineOf(text, 'scripts/setup.sh'), column: 17 }),
    ])
    expect(problems('gce-custom.json', text, { custom: ['scripts/setup.sh'] })).toEqual([])
  })

  it('checks {{template_dir}} and scripts lists too, but not commands run on the machine being built', () => {
    const text = gceWith((t) => {
      t.provisioners.push({ type: 'shell', scripts: ['{{template_dir}}/a.sh', '{{user `configDir`}}/install_packages.sh'] })
      t.provisioners.push({ type: 'shell', inline: ['{{user `configDir`}}/remote.sh'] })
      t.provisioners.push({ type: 'file', direction: 'download', source: '{{user `configDir`}}/remote.log', destination: 'x' })
    })
    expect(problems('gce-custom.json', text).map((p) => `${p.rule} ${p.line}`)).toEqual([`template/missing-file ${lineOf(text, '/a.sh')}`])
  })

  it('reports builders that do not fit the provider whose base image uses the template, and skips its variables', () => {
    const found = problems('oci-custom.json', OCI, { usedBy: [usedBy('google', 'ubuntu')] })
    expect(found).toEqual([expect.objectContaining({ rule: 'template/builder-provider', severity: 'error', line: lineOf(OCI, '"oracle-oci"') })])
    expect(found[0].message).toContain('google base image ubuntu uses this template, but this builder is oracle-oci')
  })

  it('tells that a builder of a provider galley does not model is not checked against Rosco\'s variables', () => {
    const ali = JSON.stringify({ variables: { alicloud_region: null }, builders: [{ type: 'alicloud-ecs', region: '{{user `alicloud_region`}}', x: '{{user `nope`}}' }] }, null, 2)
    expect(problems('alicloud-custom.json', ali)).toEqual([
      expect.objectContaining({ rule: 'template/unmodelled-provider', severity: 'info', line: 7, message: expect.stringContaining("Rosco's alicloud provider") }),
    ])
  })

  it('reports what Packer refuses when it parses: unknown root keys, non-string defaults, repeated keys, no builders, unclosed actions', () => {
    const text = '{\n  "_comment": "fine",\n  "variables": {"a": 1},\n  "bulders": [],\n  "provisioners": [{"type": "shell", "inline": ["echo {{user `a`"], "type": "shell"}]\n}'
    expect(problems('x.json', text).map((p) => `${p.rule} ${p.line}:${p.column}`)).toEqual([
      'template/structure 1:1',
      'template/structure 3:22',
      'template/structure 4:3',
      'template/interpolation 5:49',
      'template/duplicate-key 5:69',
    ])
  })

  it('HCL2: lists the variables Rosco passes that the template does not declare (Packer fails on an undeclared -var)', () => {
    const text = 'variable "gce_zone" {\n  type = string\n}\nvariable "extra" {\n  type = string\n}\nsource "googlecompute" "x" {\n  zone = var.gce_zone\n}\nbuild {\n  sources = ["source.googlecompute.x"]\n  provisioner "shell" {\n    script = "${var.configDir}/missing.sh"\n  }\n}\n'
    const found = problems('gce.pkr.hcl', text, { usedBy: [usedBy('google')] })
    expect(found.map((p) => `${p.rule} ${p.severity} ${p.line}`)).toEqual([
      'template/hcl2-variable error 1',
      'template/hcl2-variable warning 1',
      'template/required-variable error 4',
      'template/missing-file error 13',
    ])
    expect(found[0].message).toContain('configDir')
    expect(found[2].message).toContain('Unset variable "extra"')
  })
})

describe('Packer\'s messages', () => {
  it('splits bullet lists and undoes the 80-column wrapping', () => {
    const output = `Error: Failed to prepare build: "googlecompute"

2 error(s) occurred:

* Bad script '/tmp/x/config/install_packages.sh': stat
/tmp/x/config/install_packages.sh: no such file or directory
* An ssh_username must be specified
  Note: some builders used to default ssh_username to "root".

`
    expect(packerMessages(output)).toEqual([
      { text: "Bad script '/tmp/x/config/install_packages.sh': stat /tmp/x/config/install_packages.sh: no such file or directory", builder: 'googlecompute', line: undefined },
      { text: 'An ssh_username must be specified\nNote: some builders used to default ssh_username to "root".', builder: 'googlecompute', line: undefined },
    ])
  })

  it('reads HCL2 diagnostics with their line', () => {
    const output = 'Error: Unset variable "configDir"\n\nA used variable must be set or have a default value; see\nhttps://packer.io/docs for details.\n\nError: Argument or block definition required\n\n  on x.pkr.hcl line 5:\n  (source code not available)\n\nAn argument or block definition is required here.\n'
    expect(packerMessages(output)).toEqual([
      { text: 'Unset variable "configDir": A used variable must be set or have a default value; see https://packer.io/docs for details.', builder: undefined, line: undefined },
      { text: 'Argument or block definition required: An argument or block definition is required here.', builder: undefined, line: 5 },
    ])
  })

  it('reads parse failures and required variables', () => {
    expect(packerMessages('Error: \n\n2 errors occurred:\n\t* required variable not set: a\n\t* required variable not set: b\n\n').map((m) => m.text)).toEqual([
      'required variable not set: a',
      'required variable not set: b',
    ])
    expect(packerMessages("Failed to parse template: 1 error occurred:\n\t* Unknown root level key in template: 'foo'\n").map((m) => m.text)).toEqual([
      "Unknown root level key in template: 'foo'",
    ])
  })
})
