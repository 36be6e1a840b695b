import { existsSync, readFileSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hal, tempDir, tempHalDir, writeFile } from '../helpers/hal.js'
import { needsProgram } from '../helpers/tools.js'

// The confinement rule as users meet it: what hal refuses, where it says the value came from,
// and which links in the packer directory it follows (only those to a file inside it).

const OUTSIDE_TEXT = 'TEXT-OF-A-FILE-OUTSIDE-THE-PACKER-DIRECTORY'

const GOOGLE = (name = 'default', templateFile?: string) => `currentDeployment: ${JSON.stringify(name)}
deploymentConfigurations:
- name: ${JSON.stringify(name)}
  providers:
    google:
      enabled: true
      accounts:
      - name: gce-bakery
        project: my-bakery-project
      bakeryDefaults:
${templateFile ? `        templateFile: ${templateFile}\n` : ''}        baseImages:
        - baseImage: {id: ubuntu-2204, packageType: deb}
          virtualizationSettings: {sourceImageFamily: ubuntu-2204-lts}
`

const packerDir = (halDir: string) => join(halDir, 'default', 'profiles', 'rosco', 'packer')
const template = (...args: string[]) => ['config', 'bakery', 'template', ...args]

/** A file outside the hal directory whose text must never be shown. */
function outsideFile(name = 'secret.json'): string {
  const path = join(tempDir(), name)
  writeFile(path, `{"description": "${OUTSIDE_TEXT}", "builders": [{"type": "googlecompute"}]}\n`)
  return path
}

describe('deployment names are directory names: the config is held to the command line\'s rule', () => {
  it('a deployment named "../x" in the config: every command on it stops with exit 1, naming file:line:column', async () => {
    const halDir = tempHalDir(GOOGLE('../x'))
    const result = await hal(template('list'), { halDir })
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain(`${join(halDir, 'config')}:1:20 (currentDeployment): "../x" is not a usable deployment name: it climbs out of its directory with ".."`)
    expect(result.stderr).toContain('? Use letters, digits, ".", "_" and "-", starting with a letter or digit, at most 100 characters')
    expect(existsSync(join(halDir, '..', 'x'))).toBe(false)
  })

  it('the same name given with --deployment is a usage error (exit 2)', async () => {
    const halDir = tempHalDir(GOOGLE())
    const result = await hal(template('list', '--deployment', '../x'), { halDir })
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('--deployment "../x" is not a usable deployment name')
  })

  it('hal config validate reports it as halconfig/deployment-name at the name\'s position', async () => {
    const halDir = tempHalDir(GOOGLE('a/b'))
    const result = await hal(['config', 'validate', '--json'], { halDir })
    expect(result.exitCode).toBe(1)
    const problem = result.json().problems.find((p: { rule: string }) => p.rule === 'halconfig/deployment-name')
    expect(problem).toMatchObject({ severity: 'error', line: 3, column: 9, path: '/deploymentConfigurations/0/name' })
    expect(problem.message).toContain('Deployment name "a/b" cannot be used: it holds a "/"')
  })

  it('names that make good directory names keep working', async () => {
    const halDir = tempHalDir(GOOGLE('prod-eu.1_a'))
    const result = await hal(template('init', 'gce-mine.json', '--from', 'gce.json'), { halDir })
    expect(result.exitCode, result.stderr).toBe(0)
    expect(existsSync(join(halDir, 'prod-eu.1_a', 'profiles', 'rosco', 'packer', 'gce-mine.json'))).toBe(true)
  })
})

describe('--template-file names a file in the packer directory, with or without validation', () => {
  for (const value of ['../../../../etc/passwd', '/etc/passwd', 'scripts/../../x.json']) {
    it(`bakery edit and base-image edit --template-file ${value} --no-validate: exit 2, the config untouched`, async () => {
      const halDir = tempHalDir(GOOGLE())
      const before = readFileSync(join(halDir, 'config'), 'utf8')
      for (const args of [
        ['config', 'provider', 'google', 'bakery', 'edit', '--template-file', value, '--no-validate'],
        ['config', 'provider', 'google', 'bakery', 'base-image', 'edit', 'ubuntu-2204', '--template-file', value, '--no-validate'],
      ]) {
        const result = await hal(args, { halDir })
        expect(result.exitCode, result.stderr).toBe(2)
        expect(result.stderr).toContain(`--template-file "${value}" is not a usable file name in the packer directory`)
      }
      expect(readFileSync(join(halDir, 'config'), 'utf8')).toBe(before)
    })
  }

  it('a name in a subdirectory of the packer directory, and "" (which removes the setting), are accepted', async () => {
    const halDir = tempHalDir(GOOGLE())
    expect((await hal(['config', 'provider', 'google', 'bakery', 'edit', '--template-file', 'custom/gce.json', '--no-validate'], { halDir })).exitCode).toBe(0)
    expect(readFileSync(join(halDir, 'config'), 'utf8')).toContain('templateFile: custom/gce.json')
    expect((await hal(['config', 'provider', 'google', 'bakery', 'edit', '--template-file', '', '--no-validate'], { halDir })).exitCode).toBe(0)
    expect(readFileSync(join(halDir, 'config'), 'utf8')).not.toContain('templateFile')
  })
})

describe('links in the packer directory: followed only to a regular file inside it, by every command alike', () => {
  const INNER = '{"builders": [{"type": "googlecompute", "image_name": "inner-target"}]}\n'

  function withLinks() {
    const halDir = tempHalDir(GOOGLE())
    writeFile(join(packerDir(halDir), 'real.json'), INNER)
    symlinkSync('real.json', join(packerDir(halDir), 'inner.json'))
    const outside = outsideFile()
    symlinkSync(outside, join(packerDir(halDir), 'evil.json'))
    return { halDir, outside }
  }

  it('template get prints a link inside as its target\'s text, and refuses a link out (exit 3)', async () => {
    const { halDir } = withLinks()
    const inner = await hal(template('get', 'inner.json'), { halDir })
    expect(inner.exitCode).toBe(0)
    expect(inner.stdout).toContain('inner-target')
    const evil = await hal(template('get', 'evil.json'), { halDir })
    expect(evil.exitCode).toBe(3)
    expect(evil.stdout + evil.stderr).not.toContain(OUTSIDE_TEXT)
  })

  it('template lint checks a link inside, and reports a link out without reading it (exit 1, what to do)', async () => {
    const { halDir } = withLinks()
    const result = await hal(template('lint', '--no-packer', '--json'), { halDir })
    expect(result.exitCode).toBe(1)
    expect(result.stdout).not.toContain(OUTSIDE_TEXT)
    const { problems, files } = result.json()
    expect(files).toEqual(expect.arrayContaining([join(packerDir(halDir), 'inner.json'), join(packerDir(halDir), 'evil.json')]))
    expect(problems).toEqual([expect.objectContaining({
      rule: 'template/structure',
      file: join(packerDir(halDir), 'evil.json'),
      message: 'evil.json is a symbolic link leading outside the packer directory (or to a directory, or nowhere); it is not read.',
      remediation: 'Replace the link with a copy of the file: hal config bakery template add FILE --name evil.json --force',
    })])
  })

  it('hal config validate accepts a templateFile that is a link inside, and refuses one that leads out, at its position', async () => {
    const { halDir } = withLinks()
    writeFile(join(halDir, 'config'), GOOGLE('default', 'inner.json'))
    const inner = await hal(['config', 'validate', '--json'], { halDir })
    expect(inner.json().problems.filter((p: { severity: string }) => p.severity === 'error')).toEqual([])
    writeFile(join(halDir, 'config'), GOOGLE('default', 'evil.json'))
    const evil = await hal(['config', 'validate', '--json'], { halDir })
    expect(evil.exitCode).toBe(1)
    expect(evil.stdout).not.toContain(OUTSIDE_TEXT)
    expect(evil.json().problems).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'bakery/template-file', line: 11, column: 23 })]))
  })

  it('template remove of a link out removes the link, never its target', async () => {
    const { halDir, outside } = withLinks()
    const result = await hal(template('remove', 'evil.json'), { halDir })
    expect(result.exitCode, result.stderr).toBe(0)
    expect(existsSync(join(packerDir(halDir), 'evil.json'))).toBe(false)
    expect(readFileSync(outside, 'utf8')).toContain(OUTSIDE_TEXT)
  })
})

describe.runIf(needsProgram('packer'))('bake validate stages the packer directory without following links out (real Packer)', () => {
  const TEMPLATE = (script: string) => `{
  "variables": {"gce_project_id": null, "gce_zone": null, "gce_network": null, "gce_target_image": null, "gce_source_image": "", "gce_source_image_family": "", "package_type": null, "packages": "", "configDir": null},
  "builders": [{"type": "googlecompute", "project_id": "{{user \`gce_project_id\`}}", "zone": "{{user \`gce_zone\`}}", "network": "{{user \`gce_network\`}}",
    "source_image": "{{user \`gce_source_image\`}}", "source_image_family": "{{user \`gce_source_image_family\`}}", "image_name": "{{user \`gce_target_image\`}}", "ssh_username": "packerio"}],
  "provisioners": [{"type": "shell", "script": "{{user \`configDir\`}}/${script}"}]
}
`
  const bake = ['bake', 'validate', '--provider', 'google', '--base-image', 'ubuntu-2204', '--package', 'nginx', '--template-file', 'gce-custom.json']

  it('a script that is a link to a file inside the packer directory is staged as that file: Packer accepts the template', async () => {
    const halDir = tempHalDir(GOOGLE())
    writeFile(join(packerDir(halDir), 'gce-custom.json'), TEMPLATE('setup.sh'))
    writeFile(join(packerDir(halDir), 'scripts', 'real-setup.sh'), '#!/bin/sh\n', 0o755)
    symlinkSync('scripts/real-setup.sh', join(packerDir(halDir), 'setup.sh'))
    const result = await hal(bake, { halDir })
    expect(result.exitCode, result.stdout + result.stderr).toBe(0)
  })

  it('a script that is a link out is not staged: Packer reports it missing, and never reads it', async () => {
    const halDir = tempHalDir(GOOGLE())
    writeFile(join(packerDir(halDir), 'gce-custom.json'), TEMPLATE('setup.sh'))
    symlinkSync(outsideFile('setup.sh'), join(packerDir(halDir), 'setup.sh'))
    const result = await hal(bake, { halDir })
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toContain("Bad script '/opt/rosco/config/packer/setup.sh'")
    expect(result.stdout + result.stderr).not.toContain(OUTSIDE_TEXT)
  })
})
