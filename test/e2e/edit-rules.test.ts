import { copyFileSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runValidation } from '../../src/validate/run.js'
import type { Problem } from '../../src/model/problem.js'
import { hal, ROOT, tempDir, writeFile } from '../helpers/hal.js'

/**
 * One rule set: an edit is checked with exactly the rules of `hal config validate`, custom
 * templates included. The property: whatever flag edit is accepted (exit 0), `hal config
 * validate` finds no error that was not there before it; whatever edit is refused leaves the
 * config byte for byte as it was.
 */

const CONFIG = `currentDeployment: default
deploymentConfigurations:
- name: default
  providers:
    google:
      enabled: true
      accounts:
      - name: gce
        project: my-gce-project
      bakeryDefaults:
        zone: us-central1-f
        network: default
    oracle:
      enabled: true
      accounts:
      - name: oci
        compartmentId: ocid1.compartment.oc1..aaaacomp
        userId: ocid1.user.oc1..aaaauser
        fingerprint: 12:34:56:78:9a:bc:de:f0:12:34:56:78:9a:bc:de:f0
        sshPrivateKeyFilePath: KEY
        tenancyId: ocid1.tenancy.oc1..aaaaten
        region: us-phoenix-1
      bakeryDefaults:
        availabilityDomain: Uocm:PHX-AD-1
        subnetId: ocid1.subnet.oc1.phx.aaaabbbb
        instanceShape: VM.Standard.E4.Flex
`

/** A hal directory with custom templates: a google one, an oracle one, and one that does not parse. */
function setup() {
  const root = tempDir()
  const halDir = join(root, '.hal')
  const cwd = join(root, 'work')
  mkdirSync(cwd, { recursive: true })
  const key = join(cwd, 'oci.pem')
  writeFile(key, '-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n', 0o600)
  writeFile(join(halDir, 'config'), CONFIG.replace('KEY', key))
  const packer = join(halDir, 'default', 'profiles', 'rosco', 'packer')
  mkdirSync(packer, { recursive: true })
  copyFileSync(join(ROOT, 'templates', 'gce.json'), join(packer, 'gce-nginx.json'))
  copyFileSync(join(ROOT, 'templates', 'oci.json'), join(packer, 'oci-custom.json'))
  writeFile(join(packer, 'broken.json'), '{ "builders": [ { "type": "googlecompute", }\n')
  return { halDir, cwd }
}

const TEMPLATES = ['gce.json', 'oci.json', 'gce-nginx.json', 'oci-custom.json', 'broken.json', 'missing.json', '', '../outside.json']

/** Flag edits over every kind of command that writes the config, with values good and bad. */
function edits(): string[][] {
  const out: string[][] = []
  const p = (...args: string[]) => ['config', 'provider', ...args]
  TEMPLATES.forEach((t, i) => {
    out.push(p('google', 'bakery', 'edit', '--template-file', t))
    out.push(p('oracle', 'bakery', 'edit', '--template-file', t))
    out.push(p('google', 'bakery', 'base-image', 'add', `g${i}`, '--package-type', 'deb', '--source-image-family', 'debian-12', '--template-file', t))
    out.push(p('oracle', 'bakery', 'base-image', 'add', `o${i}`, '--package-type', 'rpm', '--base-image-id', 'ocid1.image.oc1.phx.aaaa', '--ssh-user-name', 'opc', '--template-file', t))
  })
  out.push(
    p('google', 'bakery', 'edit', '--zone', ''), p('google', 'bakery', 'edit', '--zone', 'europe-west4-a'), p('google', 'bakery', 'edit', '--network', ''),
    p('oracle', 'bakery', 'edit', '--subnet-id', ''), p('oracle', 'bakery', 'edit', '--instance-shape', 'VM.Standard2.1'), p('oracle', 'bakery', 'edit', '--instance-shape', 'not a shape'),
    p('google', 'bakery', 'base-image', 'edit', 'g0', '--template-file', 'oci-custom.json'), p('oracle', 'bakery', 'base-image', 'edit', 'o1', '--template-file', 'gce-nginx.json'),
    p('google', 'bakery', 'base-image', 'edit', 'g2', '--source-image-family', ''),
    p('google', 'account', 'edit', 'gce', '--json-path', './missing.json'), p('google', 'account', 'edit', 'gce', '--project', ''),
    p('google', 'account', 'edit', 'gce', '--image-projects', 'debian-cloud', 'ubuntu-os-cloud', '--add-read-permission', 'dev', '--environment', 'prod'),
    p('oracle', 'account', 'edit', 'oci', '--ssh-private-key-file-path', './nope.pem'), p('oracle', 'account', 'edit', 'oci', '--fingerprint', 'zz'),
    p('oracle', 'account', 'edit', 'oci', '--tenancyId', 'ocid1.user.oc1..aaaa'), p('oracle', 'account', 'edit', 'oci', '--region', ''),
    p('oracle', 'account', 'add', 'oci', '--region', 'us-ashburn-1'), p('google', 'disable'), p('google', 'enable'),
  )
  return out
}

/** A small seeded generator, so that a failure can be replayed. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items]
  let state = seed
  const next = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1))
    ;[out[i], out[j]] = [out[j], out[i]]
  }
  return out
}

/**
 * A problem is its rule, file, place and message; a template's problem is its rule at its place in
 * the template (its message lists the settings that use the template, which edits change).
 */
const errorKeys = (problems: readonly Problem[]) =>
  new Set(problems.filter((p) => p.severity === 'error' || p.severity === 'fatal')
    .map((p) => `${p.rule}|${p.file ?? ''}|${p.path}${p.rule.startsWith('template/') ? '' : `|${p.message}`}`))

describe('edits are checked with the rules of hal config validate', () => {
  it('the reported case: oracle bakery edit --template-file with a google template is refused, nothing written', async () => {
    const { halDir, cwd } = setup()
    const before = readFileSync(join(halDir, 'config'), 'utf8')
    const result = await hal(['config', 'provider', 'oracle', 'bakery', 'edit', '--template-file', 'gce-nginx.json'], { halDir, cwd })
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('[template/builder-provider]')
    expect(result.stderr).toContain('gce-nginx.json:')
    expect(readFileSync(join(halDir, 'config'), 'utf8')).toBe(before)
    expect((await hal(['config', 'validate'], { halDir, cwd })).exitCode).toBe(0)
  })

  it('removing one user of a template that is already wrong for its provider is accepted', async () => {
    const { halDir, cwd } = setup()
    const p = (...args: string[]) => hal(['config', 'provider', 'google', 'bakery', ...args], { halDir, cwd })
    // Two google users of an oracle template, written past the checks.
    expect((await p('edit', '--template-file', 'oci-custom.json', '--no-validate')).exitCode).toBe(0)
    expect((await p('base-image', 'add', 'g0', '--package-type', 'deb', '--source-image-family', 'debian-12', '--template-file', 'oci-custom.json', '--no-validate')).exitCode).toBe(0)
    const fixed = await p('edit', '--template-file', 'gce.json')
    expect(fixed.exitCode, fixed.stderr).toBe(0)
    expect(readFileSync(join(halDir, 'config'), 'utf8')).toContain('templateFile: gce.json')
  })

  it('property: no accepted edit leaves an error that validate did not report before it; refused edits write nothing', { timeout: 300_000 }, async () => {
    const seed = Number(process.env.EDIT_RULES_SEED ?? 16)
    const { halDir, cwd } = setup()
    const config = join(halDir, 'config')
    let accepted = 0
    let refused = 0
    const introduced: string[] = []
    for (const args of shuffled(edits(), seed)) {
      const text = readFileSync(config, 'utf8')
      const before = errorKeys(runValidation({ halDir }).problems)
      const result = await hal(args, { halDir, cwd })
      if (result.exitCode === 0) {
        accepted++
        const after = errorKeys(runValidation({ halDir }).problems)
        for (const key of after) if (!before.has(key)) introduced.push(`hal ${args.join(' ')} (seed ${seed}): ${key}`)
      } else {
        refused++
        expect(result.exitCode, `hal ${args.join(' ')}: ${result.stderr}`).not.toBe(0)
        expect(readFileSync(config, 'utf8'), `hal ${args.join(' ')} was refused but changed the config`).toBe(text)
      }
    }
    expect(introduced).toEqual([])
    // Both outcomes happen, or the property says nothing.
    expect(accepted).toBeGreaterThan(5)
    expect(refused).toBeGreaterThan(5)
    // The in-process check above is the command's own code: the real command agrees with it.
    const real = await hal(['config', 'validate', '--format', 'json'], { halDir, cwd })
    expect(errorKeys(real.json().problems)).toEqual(errorKeys(runValidation({ halDir }).problems))
  })
})
