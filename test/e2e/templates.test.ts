import { execFileSync } from 'node:child_process'
import { existsSync, lstatSync, readdirSync, statSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hal, read, ROOT, SHARED, tempDir, tempHalDir, writeFile } from '../helpers/hal.js'
import { needsProgram } from '../helpers/tools.js'
import { PROVIDERS } from '../../src/providers/index.js'

const template = (...args: string[]) => ['config', 'bakery', 'template', ...args]
const packerDir = (halDir: string, deployment = 'default') => join(halDir, deployment, 'profiles', 'rosco', 'packer')
const GCE = read(join(ROOT, 'templates', 'gce.json'))
const OCI = read(join(ROOT, 'templates', 'oci.json'))

/** gce.json with its JSON changed by `edit`. */
const gceWith = (edit: (t: any) => void) => {
  const value = JSON.parse(GCE)
  edit(value)
  return `${JSON.stringify(value, null, 2)}\n`
}
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1

/** A halconfig whose google bakery uses `defaults` and whose base image ubuntu uses `image`. */
const config = (templates: { defaults?: string; image?: string; oracle?: string } = {}) => `currentDeployment: default
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
${templates.defaults ? `        templateFile: ${templates.defaults}\n` : ''}        baseImages:
        - baseImage:
            id: ubuntu
            packageType: deb
            imageFamily: true
${templates.image ? `            templateFile: ${templates.image}\n` : ''}          virtualizationSettings:
            sourceImageFamily: ubuntu-2204-lts
${templates.oracle ? `    oracle:
      enabled: true
      bakeryDefaults:
        templateFile: ${templates.oracle}
` : ''}`

/** Every file under a directory, relative, with its mode. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (d: string, prefix: string) => {
    if (!existsSync(d)) return
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name)
      const stat = lstatSync(path)
      if (stat.isDirectory()) walk(path, `${prefix}${name}/`)
      else out[`${prefix}${name}`] = `0${(stat.mode & 0o777).toString(8)}${stat.isSymbolicLink() ? ' link' : ''}`
    }
  }
  walk(dir, '')
  return out
}

/** A source directory: a template that runs scripts/setup.sh, and the script. */
function templateSet(): string {
  const dir = tempDir('galley-src-')
  writeFile(join(dir, 'gce-nginx.json'), gceWith((t) => t.provisioners.push({ type: 'shell', script: '{{user `configDir`}}/scripts/setup.sh' })))
  writeFile(join(dir, 'scripts', 'setup.sh'), '#!/bin/sh\necho setting up\n', 0o755)
  writeFile(join(dir, 'scripts', 'motd.txt'), 'Baked by Spinnaker\n', 0o600)
  return dir
}

describe('hal config bakery template add', () => {
  it('installs a directory\'s tree keeping its layout; scripts stay executable (0755), other files 0644, directories 0755', async () => {
    const halDir = tempHalDir(config())
    const result = await hal(template('add', templateSet()), { halDir })
    expect(result.stderr).toBe('')
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain('+ Installed gce-nginx.json (template, 0644)')
    expect(result.stdout).toContain('+ Installed scripts/setup.sh (script, 0755)')
    expect(tree(packerDir(halDir))).toEqual({ 'gce-nginx.json': '0644', 'scripts/motd.txt': '0644', 'scripts/setup.sh': '0755' })
    expect(statSync(join(packerDir(halDir), 'scripts')).mode & 0o777).toBe(0o755)
    // Nothing is left behind by the staging.
    expect(readdirSync(join(halDir, 'default', 'profiles', 'rosco'))).toEqual(['packer'])
  })

  it('installs one file under --name, and says when a name overrides a stock template', async () => {
    const halDir = tempHalDir()
    const source = join(tempDir(), 'build', 'my-gce.json')
    writeFile(source, GCE)
    const renamed = await hal(template('add', source, '--name', 'gce-custom.json'), { halDir })
    expect(renamed.exitCode).toBe(0)
    expect(read(join(packerDir(halDir), 'gce-custom.json'))).toBe(GCE)

    const override = await hal(template('add', source, '--name', 'gce.json'), { halDir })
    expect(override.exitCode).toBe(0)
    expect(override.stdout).toContain("gce.json overrides Rosco's stock gce.json for every bake of deployment default.")
    // The hal directory stays private; the files Rosco reads are readable.
    expect(statSync(halDir).mode & 0o777).toBe(0o700)
  })

  it('returns a typed result with --json', async () => {
    const halDir = tempHalDir()
    const result = await hal(template('add', templateSet(), '--json'), { halDir })
    expect(result.exitCode).toBe(0)
    expect(result.json()).toEqual({
      deployment: 'default',
      packerDir: packerDir(halDir),
      installed: [
        { name: 'gce-nginx.json', path: join(packerDir(halDir), 'gce-nginx.json'), kind: 'template', mode: '0644', replaced: false, overridesStock: false },
        { name: 'scripts/motd.txt', path: join(packerDir(halDir), 'scripts', 'motd.txt'), kind: 'file', mode: '0644', replaced: false, overridesStock: false },
        { name: 'scripts/setup.sh', path: join(packerDir(halDir), 'scripts', 'setup.sh'), kind: 'script', mode: '0755', replaced: false, overridesStock: false },
      ],
      skipped: [],
    })
  })

  it.each([['../x.json', 'climbs out of its directory with ".."'], ['/etc/cron.d/x', 'is an absolute path'], ['a//b.json', 'has an empty or "." path segment']])(
    'refuses --name %s with exit 2, writing nothing',
    async (name, why) => {
      const halDir = tempHalDir()
      const source = join(tempDir(), 'x.json')
      writeFile(source, GCE)
      const result = await hal(template('add', source, '--name', name), { halDir })
      expect(result.exitCode).toBe(2)
      expect(result.stderr).toContain(`--name "${name}" is not a usable template name: it ${why}`)
      expect(existsSync(halDir)).toBe(false)
    },
  )

  it('refuses links leading outside the directory, and FIFOs, naming each, and writes nothing (exit 3)', async () => {
    const halDir = tempHalDir()
    const dir = templateSet()
    const secret = join(tempDir(), 'id_rsa')
    writeFile(secret, 'PRIVATE KEY\n')
    symlinkSync(secret, join(dir, 'scripts', 'key.sh'))
    symlinkSync('/nonexistent', join(dir, 'dangling.json'))
    execFileSync('mkfifo', [join(dir, 'pipe')])
    const result = await hal(template('add', dir), { halDir })
    expect(result.exitCode).toBe(3)
    expect(result.stderr).toContain('refused to add templates: 3 entries are not plain files inside what was named, or named like galley\'s own transient work; nothing was written')
    expect(result.stderr).toContain(`scripts/key.sh: a link to ${secret}, outside ${dir}`)
    expect(result.stderr).toContain('dangling.json: a link that leads nowhere')
    expect(result.stderr).toContain('pipe: a FIFO')
    expect(result.stderr).not.toMatch(/at .*\.(js|cjs):\d+/) // no stack trace
    expect(existsSync(halDir)).toBe(false)
  })

  it('copies a link to a file inside the directory as that file\'s content, never as a link', async () => {
    const halDir = tempHalDir()
    const dir = templateSet()
    symlinkSync('gce-nginx.json', join(dir, 'gce-alias.json'))
    expect((await hal(template('add', dir), { halDir })).exitCode).toBe(0)
    expect(tree(packerDir(halDir))['gce-alias.json']).toBe('0644')
    expect(read(join(packerDir(halDir), 'gce-alias.json'))).toBe(read(join(dir, 'gce-nginx.json')))
  })

  it('refuses to replace existing files without --force, listing them and writing nothing; --force replaces them', async () => {
    const halDir = tempHalDir()
    const dir = templateSet()
    await hal(template('add', dir), { halDir })
    writeFile(join(dir, 'scripts', 'setup.sh'), '#!/bin/sh\necho version 2\n', 0o755)
    writeFile(join(dir, 'new.json'), GCE)

    const refused = await hal(template('add', dir), { halDir })
    expect(refused.exitCode).toBe(3)
    expect(refused.stderr).toContain(`3 files exist already in ${packerDir(halDir)}; nothing was written`)
    expect(refused.stderr).toContain('  - scripts/setup.sh')
    expect(refused.stderr).toContain('? Pass --force to replace them')
    expect(read(join(packerDir(halDir), 'scripts', 'setup.sh'))).toBe('#!/bin/sh\necho setting up\n')
    expect(existsSync(join(packerDir(halDir), 'new.json'))).toBe(false)

    const forced = await hal(template('add', dir, '--force'), { halDir })
    expect(forced.exitCode).toBe(0)
    expect(forced.stdout).toContain('+ Installed scripts/setup.sh (script, 0755), replacing the previous one')
    expect(read(join(packerDir(halDir), 'scripts', 'setup.sh'))).toBe('#!/bin/sh\necho version 2\n')
  })

  it('refuses a file where the packer directory has a directory of that name, even with --force', async () => {
    const halDir = tempHalDir()
    writeFile(join(packerDir(halDir), 'scripts', 'x.sh'), '')
    const source = join(tempDir(), 'scripts')
    writeFile(source, 'not a directory')
    const result = await hal(template('add', source, '--force'), { halDir })
    expect(result.exitCode).toBe(3)
    expect(result.stderr).toContain('scripts: a directory of that name exists')
  })

  it('is a usage error to give --name with a directory or with several files (exit 2)', async () => {
    const halDir = tempHalDir()
    const dir = templateSet()
    expect((await hal(template('add', dir, '--name', 'x.json'), { halDir })).exitCode).toBe(2)
    expect((await hal(template('add', join(dir, 'gce-nginx.json'), join(dir, 'scripts', 'setup.sh'), '--name', 'x.json'), { halDir })).exitCode).toBe(2)
  })

  it('fails with exit 3 for a source that does not exist', async () => {
    const result = await hal(template('add', '/nonexistent/x.json'), { halDir: tempHalDir() })
    expect(result.exitCode).toBe(3)
    expect(result.stderr).toContain('/nonexistent/x.json: no such file or directory')
  })
})

describe('hal config bakery template list, get, init and remove', () => {
  it('lists custom files, overrides, the stock ones, who uses each, and names the config uses that exist nowhere', async () => {
    const halDir = tempHalDir(config({ image: 'gce-nginx.json', oracle: 'oci-gone.json' }))
    await hal(template('add', templateSet()), { halDir })
    writeFile(join(packerDir(halDir), 'install_packages.sh'), '#!/bin/sh\n', 0o755)
    const result = await hal(template('list'), { halDir })
    expect(result.exitCode).toBe(0)
    const row = (name: string) => result.stdout.split('\n').find((l) => l.startsWith(`${name} `))?.replace(/ {2,}/g, ' | ')
    expect(row('gce-nginx.json')).toBe('gce-nginx.json | template | custom | google base image ubuntu')
    expect(row('install_packages.sh')).toBe('install_packages.sh | script | custom, overrides stock | -')
    expect(row('gce.json')).toBe('gce.json | template | stock (galley ships it) | google bakery defaults (default)')
    expect(row('aws-ebs.json')).toBe('aws-ebs.json | template | stock (galley ships it) | -')
    expect(row('oci-gone.json')).toBe('oci-gone.json | unknown | MISSING | oracle bakery defaults')

    const json = (await hal(template('list', '--json'), { halDir })).json()
    expect(json.templates.find((t: any) => t.name === 'gce-nginx.json').usedBy).toEqual([
      expect.objectContaining({ provider: 'google', owner: { baseImage: 'ubuntu' }, template: 'gce-nginx.json', implicit: false, line: 18, column: 27 }),
    ])
  })

  it('prints a custom template as it is, else galley\'s copy of a stock one', async () => {
    const halDir = tempHalDir()
    await hal(template('add', templateSet()), { halDir })
    const custom = await hal(template('get', 'scripts/setup.sh'), { halDir })
    expect(custom.stdout).toBe('#!/bin/sh\necho setting up\n')
    const stock = await hal(template('get', 'oci.json'), { halDir })
    expect(stock.stdout).toBe(OCI)
    expect(stock.stderr).toContain("galley's copy of the stock oci.json")
    const unshipped = await hal(template('get', 'aws-chroot.json'), { halDir })
    expect(unshipped.exitCode).toBe(3)
    expect(unshipped.stderr).toContain('galley does not ship a copy of it')
    expect((await hal(template('get', 'nope.json'), { halDir })).exitCode).toBe(3)
    expect((await hal(template('get', '../../config'), { halDir })).exitCode).toBe(2)
  })

  it('starts a custom template from a stock one, refusing to replace an existing one without --force', async () => {
    const halDir = tempHalDir()
    const created = await hal(template('init', 'gce-nginx.json', '--from', 'gce.json'), { halDir })
    expect(created.exitCode).toBe(0)
    expect(created.stdout).toContain('hal config provider google bakery edit --template-file gce-nginx.json')
    expect(read(join(packerDir(halDir), 'gce-nginx.json'))).toBe(GCE)

    writeFile(join(packerDir(halDir), 'gce-nginx.json'), '{}')
    const refused = await hal(template('init', 'gce-nginx.json', '--from', 'oci.json'), { halDir })
    expect(refused.exitCode).toBe(3)
    expect(read(join(packerDir(halDir), 'gce-nginx.json'))).toBe('{}')
    expect((await hal(template('init', 'gce-nginx.json', '--from', 'oci.json', '--force'), { halDir })).exitCode).toBe(0)
    expect(read(join(packerDir(halDir), 'gce-nginx.json'))).toBe(OCI)
    expect((await hal(template('init', 'gce-nginx.txt', '--from', 'gce.json'), { halDir })).exitCode).toBe(2)
  })

  it('refuses to remove a template the config uses, naming each reference with its position (exit 3); --force removes it', async () => {
    const halDir = tempHalDir(config({ defaults: 'gce-nginx.json', image: 'gce-nginx.json' }))
    await hal(template('add', templateSet()), { halDir })
    const refused = await hal(template('remove', 'gce-nginx.json'), { halDir })
    expect(refused.exitCode).toBe(3)
    expect(refused.stderr).toContain('gce-nginx.json is still used by 2 references; nothing was removed')
    expect(refused.stderr).toContain(`  - google bakery defaults at ${join(halDir, 'config')}:13:23`)
    expect(refused.stderr).toContain(`  - google base image ubuntu at ${join(halDir, 'config')}:19:27`)
    expect(refused.stderr).toContain('hal config provider google bakery edit --template-file gce.json')
    expect(existsSync(join(packerDir(halDir), 'gce-nginx.json'))).toBe(true)

    const forced = await hal(template('remove', 'gce-nginx.json', '--force'), { halDir })
    expect(forced.exitCode).toBe(0)
    expect(forced.stderr).toContain('google base image ubuntu still names gce-nginx.json')
    expect(existsSync(join(packerDir(halDir), 'gce-nginx.json'))).toBe(false)
  })

  it('refuses to remove a script a custom template runs; removing an override brings the stock file back', async () => {
    const halDir = tempHalDir(config())
    await hal(template('add', templateSet()), { halDir })
    const script = await hal(template('remove', 'scripts/setup.sh'), { halDir })
    expect(script.exitCode).toBe(3)
    expect(script.stderr).toContain('  - custom template gce-nginx.json')

    await hal(template('remove', 'gce-nginx.json'), { halDir })
    expect((await hal(template('remove', 'scripts/setup.sh'), { halDir })).exitCode).toBe(0)
    expect(existsSync(join(packerDir(halDir), 'scripts', 'setup.sh'))).toBe(false)

    await hal(template('init', 'gce.json', '--from', 'gce.json'), { halDir })
    const override = await hal(template('remove', 'gce.json'), { halDir })
    expect(override.exitCode).toBe(3) // the google bakery uses gce.json by default
    const forced = await hal(template('remove', 'gce.json', '--force'), { halDir })
    expect(forced.stdout).toContain("Bakes of deployment default use Rosco's stock gce.json again.")
    const stock = await hal(template('remove', 'oci.json'), { halDir })
    expect(stock.exitCode).toBe(3)
    expect(stock.stderr).toContain('is a stock template of Rosco\'s image')
  })
})

/** Lints with --format json and returns the problems as `rule severity file:line`. */
async function lintFindings(halDir: string, ...args: string[]) {
  const result = await hal(template('lint', '--format', 'json', ...args), { halDir, env: { CI: '' } })
  const report = JSON.parse(result.stdout)
  return {
    exitCode: result.exitCode,
    report,
    found: (report.problems as any[]).map((p) => `${p.rule} ${p.severity} ${p.file ? `${p.file.slice(packerDir(halDir).length + 1)}:${p.line}` : '-'}`),
  }
}

describe.runIf(needsProgram('packer'))('hal config bakery template lint, with Packer', () => {
  it('finds nothing in galley\'s stock templates', async () => {
    const result = await hal(template('lint', '--stock'), { halDir: tempHalDir() })
    // One file per template galley ships (each provider's packer.shipped), aws-ebs.json and azure-linux.pkr.hcl included.
    expect(result.stdout).toContain(`No problems found in ${PROVIDERS.flatMap((p) => p.packer.shipped ?? []).length} files.`)
    expect(result.exitCode).toBe(0)
  })

  it('passes a directory of templates and scripts just installed with add', async () => {
    const halDir = tempHalDir(config({ image: 'gce-nginx.json' }))
    expect((await hal(template('add', templateSet()), { halDir })).exitCode).toBe(0)
    const result = await hal(template('lint'), { halDir })
    expect(result.stdout).toContain('No problems found in 1 file.')
    expect(result.exitCode).toBe(0)
  })

  it('reports a missing script, an undeclared required variable, a JSON syntax error and a builder for the wrong provider, each at its line (exit 1)', async () => {
    const halDir = tempHalDir(config({ image: 'oci-for-google.json' }))
    const dir = packerDir(halDir)
    const missingScript = gceWith((t) => (t.provisioners[1].script = '{{user `configDir`}}/scripts/missing.sh'))
    const required = gceWith((t) => (t.variables.vault_token = null))
    const syntax = GCE.replace('"gce_network": null,', '"gce_network": null,,')
    writeFile(join(dir, 'missing-script.json'), missingScript)
    writeFile(join(dir, 'required.json'), required)
    writeFile(join(dir, 'syntax.json'), syntax)
    writeFile(join(dir, 'oci-for-google.json'), OCI)

    const { exitCode, found, report } = await lintFindings(halDir)
    expect(exitCode).toBe(1)
    expect(found).toEqual([
      `template/missing-file error missing-script.json:${lineOf(missingScript, 'missing.sh')}`,
      `template/builder-provider error oci-for-google.json:${lineOf(OCI, '"oracle-oci"')}`,
      `template/required-variable error required.json:${lineOf(required, 'vault_token')}`,
      `template/json-syntax error syntax.json:${lineOf(syntax, '"gce_network"')}`,
    ])
    expect(report.problems.map((p: any) => p.column)).toEqual([17, 15, 5, 25])
    expect(report.problems[2].message).toContain('required variable not set: vault_token')
  })

  it('turns packer validate\'s messages into problems at the key they name', async () => {
    const halDir = tempHalDir()
    const text = gceWith((t) => (t.builders[0].disk_size = 'ten'))
    writeFile(join(packerDir(halDir), 'gce-big.json'), text)
    const { exitCode, report } = await lintFindings(halDir)
    expect(exitCode).toBe(1)
    expect(report.problems).toEqual([
      expect.objectContaining({ rule: 'template/packer-validate', line: lineOf(text, 'disk_size'), column: 7, message: expect.stringContaining("packer validate: cannot parse 'disk_size' as int") }),
    ])
  })

  it('HCL2: a template declaring Rosco\'s variables passes packer validate; a syntax error is reported at Packer\'s line', async () => {
    const halDir = tempHalDir(config({ image: 'gce.pkr.hcl' }))
    const declare = (name: string, required: boolean) => `variable "${name}" {\n  type = string\n${required ? '' : '  default = ""\n'}}\n`
    const always = ['package_type', 'packages', 'configDir', 'gce_project_id', 'gce_zone', 'gce_network', 'gce_target_image', 'artifactFile', 'manifestFile']
    const whenSet = ['repository', 'build_host', 'upgrade', 'gce_source_image', 'gce_source_image_family', 'gce_account_file', 'gce_network_project_id', 'gce_subnetwork', 'gce_use_internal_ip', 'build_info_url', 'appversion']
    const hcl = `${always.map((n) => declare(n, true)).join('')}${whenSet.map((n) => declare(n, false)).join('')}
source "googlecompute" "bake" {
  project_id          = var.gce_project_id
  zone                = var.gce_zone
  network             = var.gce_network
  source_image_family = var.gce_source_image_family
  ssh_username        = "packerio"
  image_name          = var.gce_target_image
}

build {
  sources = ["source.googlecompute.bake"]
  provisioner "shell" {
    script = "\${var.configDir}/install_packages.sh"
  }
  post-processor "manifest" {
    output = var.manifestFile
  }
}
`
    writeFile(join(packerDir(halDir), 'gce.pkr.hcl'), hcl)
    expect(await lintFindings(halDir)).toMatchObject({ exitCode: 0, found: [] })

    writeFile(join(packerDir(halDir), 'gce.pkr.hcl'), hcl.replace('build {', 'build {{'))
    const broken = await lintFindings(halDir)
    expect(broken.exitCode).toBe(1)
    expect(broken.found).toEqual([`template/packer-validate error gce.pkr.hcl:${lineOf(hcl, 'build {')}`])
  })

  it('fails with exit 3 for a name that is neither custom nor shipped', async () => {
    const result = await hal(template('lint', 'nope.json'), { halDir: tempHalDir() })
    expect(result.exitCode).toBe(3)
    expect(result.stderr).toContain('there is no template nope.json')
  })

  it('writes SARIF with the template rules', async () => {
    const halDir = tempHalDir()
    writeFile(join(packerDir(halDir), 'broken.json'), '{"builders": [}')
    const result = await hal(template('lint', '--format', 'sarif'), { halDir })
    expect(result.exitCode).toBe(1)
    const sarif = JSON.parse(result.stdout)
    expect(sarif.runs[0].tool.driver.rules.map((r: any) => r.id)).toContain('template/json-syntax')
    expect(sarif.runs[0].results[0]).toMatchObject({ ruleId: 'template/json-syntax', level: 'error' })
  })
})

describe('hal config bakery template lint without Packer', () => {
  /** A PATH with node and nothing else. */
  const pathWithoutPacker = () => {
    const bin = tempDir('galley-bin-')
    symlinkSync(process.execPath, join(bin, 'node'))
    return bin
  }

  it('says Packer is missing: a warning, or an error when CI is set', async () => {
    const halDir = tempHalDir()
    writeFile(join(packerDir(halDir), 'gce-custom.json'), GCE)
    const PATH = pathWithoutPacker()
    const local = await hal(template('lint'), { halDir, env: { PATH, CI: '' } })
    expect(local.exitCode).toBe(0)
    expect(local.stdout).toContain('- WARNING Packer is not installed (no packer on PATH)')
    expect(local.stdout).toContain('[template/packer-missing]')
    const ci = await hal(template('lint'), { halDir, env: { PATH, CI: 'true' } })
    expect(ci.exitCode).toBe(1)
    expect(ci.stdout).toContain('! ERROR Packer is not installed')
    // --no-packer checks offline only, and says nothing about Packer.
    expect((await hal(template('lint', '--no-packer'), { halDir, env: { PATH, CI: 'true' } })).stdout).toContain('No problems found in 1 file.')
  })
})

describe('hal config validate checks the custom templates the config uses', () => {
  it('reports problems of used custom templates only, offline; --packer adds packer validate\'s', async () => {
    const halDir = tempHalDir(config({ image: 'gce-nginx.json' }))
    const used = gceWith((t) => {
      t.builders[0].zone = '{{user `gce_zon`}}'
      t.builders[0].disk_size = 'ten'
    })
    writeFile(join(packerDir(halDir), 'gce-nginx.json'), used)
    writeFile(join(packerDir(halDir), 'unused.json'), '{ broken')

    const offline = await hal(['config', 'validate', '--format', 'json'], { halDir })
    expect(offline.exitCode).toBe(0)
    const report = offline.json()
    expect(report.files).toEqual([join(halDir, 'config'), join(packerDir(halDir), 'gce-nginx.json')])
    expect(report.problems.map((p: any) => `${p.rule} ${p.severity} ${p.line}`)).toEqual([`template/undeclared-variable warning ${lineOf(used, 'gce_zon`')}`])
    expect((await hal(['config', 'validate', '--rule', 'template/undeclared-variable=error'], { halDir })).exitCode).toBe(1)

    if (!needsProgram('packer')) return
    const withPacker = await hal(['config', 'validate', '--packer', '--format', 'json'], { halDir })
    expect(withPacker.exitCode).toBe(1)
    expect(withPacker.json().problems.map((p: any) => `${p.rule} ${p.line}`)).toEqual([
      `template/undeclared-variable ${lineOf(used, 'gce_zon`')}`,
      `template/packer-validate ${lineOf(used, 'disk_size')}`,
    ])
  })

  it('lists the template rules with --list-rules', async () => {
    const result = await hal(['config', 'validate', '--list-rules'], { halDir: tempHalDir() })
    expect(result.stdout).toMatch(/^template\/missing-file\s+error\s+/m)
  })
})

/** Upstream templates from Rosco and Armory, beside the project when it is there. */
const corpus = join(SHARED, 'corpus', 'templates')
describe.runIf(existsSync(corpus) && needsProgram('packer'))('the upstream templates in the corpus', () => {
  const source = (part: string) => join(corpus, readdirSync(corpus).find((name) => name.includes(part))!)

  it('lint as expected once installed under the names Rosco knows them by', async () => {
    const halDir = tempHalDir(config({ image: 'gce-rosco.json', oracle: 'oci-rosco.json' }))
    const install = async (part: string, name: string) => {
      const result = await hal(template('add', source(part), '--name', name), { halDir })
      expect(result.exitCode, result.stderr).toBe(0)
    }
    await install('rosco__halconfig__packer__gce.json', 'gce-rosco.json')
    await install('rosco__halconfig__packer__oci.json', 'oci-rosco.json')
    await install('gce__rev-587ba7f', 'gce-587ba7f.json')
    await install('oci__rev-163f786', 'oci-163f786.json')
    await install('aws-custom.json', 'aws-custom.json')
    await install('install-custom.sh', 'install-custom.sh')
    await install('aws-custom.INVALID-json', 'docker-custom.json')

    const { exitCode, found, report } = await lintFindings(halDir)
    expect(exitCode).toBe(1)
    expect(found).toEqual([
      // Armory's aws template: aws_ssh_username required though Rosco passes it only when set;
      // Packer 1.6.6 refuses its enhanced_networking key ("Deprecated configuration key", packer fix);
      // build_info_url used without being declared.
      'template/required-variable warning aws-custom.json:9',
      'template/packer-validate error aws-custom.json:36',
      'template/undeclared-variable info aws-custom.json:40',
      // The Kubernetes operator's test fixture has a trailing comma.
      'template/json-syntax error docker-custom.json:4',
      // Old Rosco required gce_source_image; today's passes it only for base images with a sourceImage.
      'template/required-variable warning gce-587ba7f.json:7',
      'template/undeclared-variable info gce-587ba7f.json:30',
      // Rosco's own gce.json uses build_info_url without declaring it: Rosco passes it when set.
      'template/undeclared-variable info gce-rosco.json:38',
    ])
    expect(report.problems.find((p: { rule: string }) => p.rule === 'template/packer-validate').message).toContain("Deprecated configuration key: 'enhanced_networking'")
    expect(report.problems.find((p: { rule: string }) => p.rule === 'template/json-syntax').message).toContain("a trailing comma before '}'")
  })
})
