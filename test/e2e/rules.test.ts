import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { REGISTRY } from '../../src/problems/registry.js'
import { hal, read, ROOT, tempHalDir, writeFile } from '../helpers/hal.js'

// One registry of every problem galley reports, one `--rule ID=LEVEL` parser for every command
// that reports problems, one `--list-rules`.

/** A valid google deployment; its bakery uses `template`. */
const CONFIG = (template = 'gce.json') => `currentDeployment: default
deploymentConfigurations:
- name: default
  providers:
    google:
      enabled: true
      accounts:
      - name: gce
        project: my-gcp-project
      bakeryDefaults:
        zone: us-central1-f
        network: default
        templateFile: ${template}
        baseImages:
        - baseImage:
            id: ubuntu
            packageType: deb
            imageFamily: true
          virtualizationSettings:
            sourceImageFamily: ubuntu-2204-lts
`

/** gce.json using a variable nobody declares or passes: template/undeclared-variable, a warning. */
function withUndeclaredVariable(): string {
  const halDir = tempHalDir(CONFIG('gce-custom.json'))
  const template = JSON.parse(read(join(ROOT, 'templates', 'gce.json')))
  template.builders[0].labels = { team: '{{user `team_name`}}' }
  writeFile(join(halDir, 'default', 'profiles', 'rosco', 'packer', 'gce-custom.json'), `${JSON.stringify(template, null, 2)}\n`)
  return halDir
}

const bake = (command: string, ...args: string[]) => ['bake', command, '--provider', 'google', '--base-image', 'ubuntu', '--package', 'nginx', ...args]

describe('--list-rules', () => {
  it('lists every registered problem, config, template, bake and edit, one aligned line each', async () => {
    const result = await hal(['config', 'validate', '--list-rules'], { halDir: tempHalDir() })
    expect(result.exitCode, result.stderr).toBe(0)
    const lines = result.stdout.trimEnd().split('\n')
    expect(lines.map((line) => line.split(/\s+/)[0])).toEqual(REGISTRY.map((r) => r.id))
    for (const id of ['yaml/syntax', 'google/zone', 'bakery/template-references-unchecked', 'template/json-syntax', 'bake/provider', 'packer/validate', 'edit/refused']) {
      expect(lines.some((line) => line.startsWith(`${id} `)), id).toBe(true)
    }
    expect(lines.find((line) => line.startsWith('bake/appversion '))).toMatch(/^bake\/appversion +warning +The appversion Rosco builds/)
  })

  it('--json gives the same rules with their group', async () => {
    const result = await hal(['config', 'validate', '--list-rules', '--json'], { halDir: tempHalDir() })
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.json().rules).toEqual(REGISTRY.map(({ id, severity, doc, group }) => ({ id, severity, doc, group })))
  })

  it('template lint lists the same rules', async () => {
    const lint = await hal(['config', 'bakery', 'template', 'lint', '--list-rules'], { halDir: tempHalDir() })
    const validate = await hal(['config', 'validate', '--list-rules'], { halDir: tempHalDir() })
    expect(lint.exitCode, lint.stderr).toBe(0)
    expect(lint.stdout).toBe(validate.stdout)
  })
})

describe('--list-rules on the bake commands', () => {
  // The rules a bake reports: the schema and the config rules on the section it uses, and its own.
  const configRule = (id: string) => REGISTRY.find((r) => r.id === id)?.group === 'config'
  for (const command of ['plan', 'submit', 'validate', 'test']) {
    it(`bake ${command} --list-rules lists them without the bake's required flags (exit 0), as --json too`, async () => {
      const result = await hal(['bake', command, '--list-rules'], { halDir: tempHalDir() })
      expect(result.exitCode, result.stderr).toBe(0)
      const ids = result.stdout.trimEnd().split('\n').map((line) => line.split(/\s+/)[0])
      // Every bake rule, the schema's and the section rules the plan runs; none of validate's document-wide ones.
      expect(ids).toEqual(expect.arrayContaining([...REGISTRY.filter((r) => r.group === 'bake').map((r) => r.id), 'schema/type', 'schema/unknown-key', 'bakery/package-type', 'aws/source-ami', 'account/file']))
      for (const id of ['yaml/syntax', 'halconfig/current-deployment', 'rosco/ignored-key', 'template/json-syntax', 'edit/refused', 'bakery/image-name']) expect(ids, id).not.toContain(id)
      // Same order, same words as config validate's list (one code path; the columns fit the shorter ids).
      const unpadded = (text: string) => text.trimEnd().split('\n').map((line) => line.replace(/ {2,}/g, '  '))
      const all = unpadded((await hal(['config', 'validate', '--list-rules'], { halDir: tempHalDir() })).stdout)
      expect(unpadded(result.stdout)).toEqual(all.filter((line) => ids.includes(line.split(' ')[0])))
      const json = await hal(['bake', command, '--list-rules', '--json'], { halDir: tempHalDir() })
      expect(json.json().rules.map((r: any) => r.id)).toEqual(ids)
      expect(json.json().rules.filter((r: any) => configRule(r.id)).length).toBeGreaterThan(0)
    })
  }

  it('every id a bake plan reports in these tests is one it lists', async () => {
    const listed = (await hal(['bake', 'plan', '--list-rules', '--json'], { halDir: tempHalDir() })).json().rules.map((r: any) => r.id)
    const halDir = tempHalDir(CONFIG().replace('network: default', 'network: default\n        useInternalIp: sometimes'))
    const plan = await hal([...bake('plan', '--json'), '--template-file', 'missing.json'], { halDir })
    const reported = plan.json().problems.map((p: any) => p.rule)
    expect(reported).toEqual(expect.arrayContaining(['schema/type', 'bake/template']))
    for (const id of reported) expect(listed).toContain(id)
  })
})

describe('--rule ID=LEVEL', () => {
  const commands: Array<[string, string[]]> = [
    ['config validate', ['config', 'validate']],
    ['config bakery template lint', ['config', 'bakery', 'template', 'lint', '--no-packer']],
    ['bake plan', bake('plan')],
    ['bake validate', bake('validate')],
    ['bake test', bake('test')],
    ['bake submit', bake('submit', '--rosco', 'http://127.0.0.1:9')],
  ]
  for (const [name, args] of commands) {
    it(`${name} refuses an id that is no rule, before doing anything (exit 2)`, async () => {
      const result = await hal([...args, '--rule', 'google/zonee=off'], { halDir: tempHalDir(CONFIG()) })
      expect(result.exitCode, result.stdout + result.stderr).toBe(2)
      expect(result.stderr).toContain('--rule google/zonee=off: there is no rule google/zonee (hal config validate --list-rules lists them)')
    })
  }

  it('config validate: a template rule raised to error fails the config that uses the template', async () => {
    const halDir = withUndeclaredVariable()
    const before = await hal(['config', 'validate', '--json'], { halDir })
    expect(before.exitCode, before.stdout).toBe(0)
    expect(before.json().problems).toContainEqual(expect.objectContaining({ rule: 'template/undeclared-variable', severity: 'warning' }))
    const after = await hal(['config', 'validate', '--json', '--rule', 'template/undeclared-variable=error'], { halDir })
    expect(after.exitCode).toBe(1)
    expect(after.json().problems).toContainEqual(expect.objectContaining({ rule: 'template/undeclared-variable', severity: 'error' }))
  })

  it('config validate: yaml/syntax, which it lists, is a rule it takes too', async () => {
    const halDir = tempHalDir('currentDeployment: default\ncurrentDeployment: other\n')
    const result = await hal(['config', 'validate', '--json', '--rule', 'yaml/syntax=warning'], { halDir })
    expect(result.json().problems).toEqual([expect.objectContaining({ rule: 'yaml/syntax', severity: 'warning' })])
    expect(result.exitCode).toBe(0)
  })

  it('config bakery template lint: off drops the rule\'s problems, a level replaces their severity', async () => {
    const halDir = withUndeclaredVariable()
    const off = await hal(['config', 'bakery', 'template', 'lint', '--no-packer', '--json', '--rule', 'template/undeclared-variable=off'], { halDir })
    expect(off.exitCode, off.stdout).toBe(0)
    expect(off.json().problems).toEqual([])
    const error = await hal(['config', 'bakery', 'template', 'lint', '--no-packer', '--json', '--rule', 'template/undeclared-variable=error'], { halDir })
    expect(error.exitCode).toBe(1)
    expect(error.json().problems).toEqual([expect.objectContaining({ rule: 'template/undeclared-variable', severity: 'error' })])
  })

  it('bake plan: a bake problem lowered to a warning no longer fails the plan; a config rule turned off is not said', async () => {
    const halDir = tempHalDir(CONFIG())
    const failing = await hal([...bake('plan', '--json'), '--template-file', 'missing.json'], { halDir })
    expect(failing.exitCode).toBe(1)
    const lowered = await hal([...bake('plan', '--json'), '--template-file', 'missing.json', '--rule', 'bake/template=warning'], { halDir })
    expect(lowered.exitCode, lowered.stdout).toBe(0)
    expect(lowered.json().problems).toEqual([expect.objectContaining({ rule: 'bake/template', severity: 'warning' })])

    const both = tempHalDir(CONFIG().replace('            imageFamily: true\n', '').replace('sourceImageFamily: ubuntu-2204-lts', 'sourceImageFamily: ubuntu-2204-lts\n            sourceImage: ubuntu-2204-v1'))
    const warned = await hal(bake('plan', '--json'), { halDir: both })
    expect(warned.json().problems).toEqual([expect.objectContaining({ rule: 'google/source-image', severity: 'warning' })])
    const quiet = await hal([...bake('plan', '--json'), '--rule', 'google/source-image=off'], { halDir: both })
    expect(quiet.json().problems).toEqual([])
  })

  it('bake plan: an info-level config rule raised to warning is said by the plan too', async () => {
    const halDir = tempHalDir(CONFIG().replace('            imageFamily: true\n', ''))
    const plain = await hal(bake('plan', '--json'), { halDir })
    expect(plain.json().problems).toEqual([])
    const raised = await hal([...bake('plan', '--json'), '--rule', 'google/image-family=warning'], { halDir })
    expect(raised.json().problems).toEqual([expect.objectContaining({ rule: 'google/image-family', severity: 'warning' })])
  })
})

describe('the bake plan says what hal config validate says about the base image and account it uses', () => {
  it('under the same ids, with the same words, at the same place; not what concerns other base images', async () => {
    const halDir = tempHalDir(`${CONFIG()}        - baseImage:
            id: other
            packageType: zip
          virtualizationSettings:
            sourceImageFamily: ubuntu-2204-lts
        - baseImage:
            id: broken
            packageType: tgz
          virtualizationSettings: {}
`)
    const validate = (await hal(['config', 'validate', '--json'], { halDir })).json().problems
    const plan = await hal(['bake', 'plan', '--json', '--provider', 'google', '--base-image', 'broken'], { halDir })
    expect(plan.exitCode).toBe(1)
    const problems = plan.json().problems
    const onBroken = validate.filter((p: any) => p.path.startsWith('/deploymentConfigurations/0/providers/google/bakeryDefaults/baseImages/2'))
    expect(onBroken.map((p: any) => p.rule).sort()).toEqual(['bakery/package-type', 'google/source-image'])
    const pick = (p: any) => ({ rule: p.rule, severity: p.severity, message: p.message, remediation: p.remediation, path: p.path, line: p.line, column: p.column })
    expect(problems.map(pick)).toEqual(onBroken.map(pick))
  })

  it('the schema too: a wrong type or an unknown key in the bakery defaults or the chosen base image fails the plan (exit 1) as it fails validate; other base images are not this bake\'s', async () => {
    // Each of these is a schema finding only: no config rule looks at useInternalIp's type or at unknown keys.
    const halDir = tempHalDir(`${CONFIG().replace('network: default', 'network: default\n        useInternalIp: sometimes').replace('            imageFamily: true\n', '            imageFamily: true\n            shortDescripton: typo\n')}        - baseImage:
            id: other
            packageType: deb
            detailedDescription: [not, text]
          virtualizationSettings:
            sourceImageFamily: ubuntu-2204-lts
`)
    const validated = await hal(['config', 'validate', '--json'], { halDir })
    expect(validated.exitCode).toBe(1)
    const validate = validated.json().problems
    expect(validate.map((p: any) => p.rule)).toEqual(expect.arrayContaining(['schema/type', 'schema/unknown-key']))
    const plan = await hal([...bake('plan', '--json')], { halDir })
    expect(plan.exitCode).toBe(1)
    const pick = (p: any) => ({ rule: p.rule, severity: p.severity, message: p.message, remediation: p.remediation, path: p.path, file: p.file, line: p.line, column: p.column })
    const notOther = validate.filter((p: any) => !p.path.startsWith('/deploymentConfigurations/0/providers/google/bakeryDefaults/baseImages/1'))
    expect(plan.json().problems.map(pick)).toEqual(notOther.map(pick))
    expect(plan.json().problems.map((p: any) => `${p.rule} ${p.line}:${p.column}`)).toEqual(['schema/unknown-key 20:13', 'schema/type 13:24'])

    // The text view says where, as validate does.
    const text = await hal(bake('plan'), { halDir })
    expect(text.exitCode).toBe(1)
    expect(text.stdout).toContain(`useInternalIp of provider google of deployment default must be true or false, not the text "sometimes".\n  ${join(halDir, 'config')}:13:24 [schema/type]`)
  })

  it('a packageType of the wrong type is said once, by the schema, in the plan as in validate (exit 1)', async () => {
    const halDir = tempHalDir(CONFIG().replace('            packageType: deb\n', '            packageType: 7\n'))
    const validate = await hal(['config', 'validate', '--json'], { halDir })
    const plan = await hal(bake('plan', '--json'), { halDir })
    expect(plan.exitCode).toBe(1)
    const at = (r: any) => r.json().problems.filter((p: any) => p.path.endsWith('/packageType')).map((p: any) => p.rule)
    expect(at(validate)).toEqual(['schema/type'])
    expect(at(plan)).toEqual(['schema/type'])
  })

  it('the schema of a deployment on its own (--file): worded as validate words that file, exit 1', async () => {
    const dir = tempHalDir()
    const file = join(dir, 'deployment.yml')
    writeFile(file, CONFIG().split('\n').slice(3).map((line) => line.slice(2)).join('\n').replace('network: default', 'network: default\n      useInternalIp: sometimes'))
    const validate = (await hal(['config', 'validate', '--json', '--file', file], { halDir: dir })).json().problems
    const plan = await hal([...bake('plan', '--json'), '--file', file], { halDir: dir })
    expect(plan.exitCode).toBe(1)
    const pick = (p: any) => ({ rule: p.rule, message: p.message, line: p.line, column: p.column })
    expect(plan.json().problems.filter((p: any) => p.rule.startsWith('schema/')).map(pick)).toEqual(validate.filter((p: any) => p.rule.startsWith('schema/')).map(pick))
    expect(plan.json().problems.map((p: any) => p.rule)).toContain('schema/type')
  })
})
