import { execa } from 'execa'
import { cpSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BIN, ROOT, tempDir, writeFile } from '../helpers/hal.js'
import { hasProgram, needsProgram } from '../helpers/tools.js'
import { onTerminal, KEY } from './wizard-terminal.js'

/**
 * Every command's examples, run as written by sh in a directory that has what they name
 * (test/fixtures/examples: a config with the accounts and base images the examples use, template
 * files, a backup). <UPPER_CASE> words are placeholders for a user's own values; this test puts
 * working values in their place and fails on a placeholder it does not know.
 */

const manifest = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8'))
const hasScript = needsProgram('script')

const OCID = (type: string, region = '') => `ocid1.${type}.oc1.${region}.${'a'.repeat(60)}`
const PLACEHOLDERS: Record<string, (work: string) => string> = {
  KEY_FILE: (work) => join(work, 'keys', 'gce.json'),
  PRIVATE_KEY_FILE: (work) => join(work, 'keys', 'oci_api_key.pem'),
  COMPARTMENT_OCID: () => OCID('compartment'),
  USER_OCID: () => OCID('user'),
  TENANCY_OCID: () => OCID('tenancy'),
  SUBNET_OCID: () => OCID('subnet', 'phx'),
  IMAGE_OCID: () => OCID('image', 'phx'),
  KEY_FINGERPRINT: () => '12:34:56:78:9a:bc:de:f0:12:34:56:78:9a:bc:de:f0',
  CLIENT_ID: () => '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
  TENANT_ID: () => '72f988bf-86f1-41af-91ab-2d7cd011db47',
  SUBSCRIPTION_ID: () => '9b2b3c4d-1e2f-4a5b-8c9d-0e1f2a3b4c5d',
  APP_KEY_FILE: (work) => join(work, 'keys', 'azure-app-key'),
}

/** Examples that cannot finish here, with why and the exit status they stop with instead ('fails': any but 0). */
const CANNOT_FINISH: Record<string, { exit: number | 'fails'; why: string }> = {
  'hal bake submit --rosco http://localhost:8087 --provider google --base-image ubuntu-2204 --package nginx': { exit: 3, why: 'needs a Rosco service' },
  'hal bake submit --rosco http://localhost:8087 --provider google --base-image ubuntu-2204 --package nginx --rebake': { exit: 3, why: 'needs a Rosco service' },
  'hal bake submit --rosco http://localhost:8087 --provider google --base-image ubuntu-2204 --package nginx --timeout 45m --cancel-on-exit': { exit: 3, why: 'needs a Rosco service' },
  'hal bake test --provider google --base-image ubuntu-2204 --package nginx': { exit: 'fails', why: 'Packer builds in a real Google project' },
  'hal bake test --provider google --base-image ubuntu-2204 --package nginx --target ssh://ubuntu@10.0.0.5 --ssh-key ~/.ssh/id_ed25519': { exit: 3, why: 'needs the SSH host it names' },
  'hal config generate operator --output - | kubectl -n spinnaker apply -f -': { exit: 'fails', why: 'needs kubectl and a cluster' },
}

/** A working directory, HOME and hal directory holding everything the examples name. */
function workspace(id: string): { work: string; halDir: string; env: Record<string, string> } {
  const work = tempDir('galley-examples-')
  const halDir = join(work, '.hal')
  let config = readFileSync(join(ROOT, 'test', 'fixtures', 'examples', 'config'), 'utf8')
  for (const [name, value] of Object.entries(PLACEHOLDERS)) config = config.replace(new RegExp(`\\b${name}\\b`, 'g'), value(work))
  writeFile(join(halDir, 'config'), config)
  writeFile(join(work, 'keys', 'gce.json'), '{"type": "service_account"}\n', 0o600)
  writeFile(join(work, 'keys', 'azure-app-key'), 'example-app-key\n', 0o600)
  writeFile(join(work, 'keys', 'oci_api_key.pem'), '-----BEGIN RSA PRIVATE KEY-----\n-----END RSA PRIVATE KEY-----\n', 0o600)
  writeFile(join(work, '.ssh', 'id_ed25519'), 'key\n', 0o600)
  const template = readFileSync(join(ROOT, 'test', 'fixtures', 'generate', 'packer', 'gce-nginx.json'), 'utf8')
  // Installed already, except for the command whose examples install it.
  const installed = id === 'config:bakery:template:add' ? [] : [join(halDir, 'default', 'profiles', 'rosco', 'packer')]
  for (const dir of [...installed, work, join(work, 'my-templates'), join(work, 'build')]) {
    writeFile(join(dir, dir.endsWith('build') ? 'gce.json' : dir.endsWith('my-templates') ? 'gce-hardened.json' : 'gce-custom.json'), template)
  }
  writeFile(join(halDir, 'default', 'profiles', 'rosco', 'packer', 'gce-old.json'), template)
  for (const dir of installed) cpSync(join(ROOT, 'test', 'fixtures', 'generate', 'packer', 'scripts'), join(dir, 'scripts'), { recursive: true })
  cpSync(join(ROOT, 'test', 'fixtures', 'generate', 'packer', 'scripts'), join(work, 'scripts'), { recursive: true })
  cpSync(join(ROOT, 'test', 'fixtures', 'generate', 'rosco-local.yml'), join(work, 'rosco-local.yml'))
  cpSync(join(ROOT, 'test', 'fixtures', 'generate', 'rosco-local.yml'), join(work, 'profiles', 'rosco-local.yml'))
  cpSync(join(ROOT, 'test', 'fixtures', 'examples', 'spinnakerservice.yml'), join(work, 'deploy', 'spinnakerservice.yml'))
  writeFile(join(work, 'halconfig-before.yml'), config)
  // What Halyard keeps of the last deployed config, for hal config diff.
  writeFile(join(halDir, '.backup', 'config'), config)
  mkdirSync(join(work, 'bin'))
  symlinkSync(BIN, join(work, 'bin', 'hal'))
  const env = { HOME: work, HAL_DIR: halDir, NO_COLOR: '1', PATH: `${join(work, 'bin')}:${dirname(process.execPath)}:/usr/bin:/bin`, GALLEY_HALYARD: '' }
  return { work, halDir, env }
}

const asWritten = (example: string) => example.replaceAll('<%= config.bin %>', 'hal')

describe('the commands\' examples', () => {
  const commands = Object.entries<any>(manifest.commands)

  it('every command has at least one example', () => {
    const without = commands.filter(([, c]) => !(c.examples?.length > 0)).map(([id]) => id)
    expect(without).toEqual([])
  })

  it('use only the placeholders this test knows, written <UPPER_CASE>', () => {
    for (const [id, command] of commands) {
      for (const example of command.examples ?? []) {
        for (const [, name] of asWritten(example).matchAll(/<([A-Z_]+)>/g)) expect(Object.keys(PLACEHOLDERS), `${id}: ${example}`).toContain(name)
      }
    }
  })

  for (const [id, command] of commands) {
    it(`hal ${id.replace(/:/g, ' ')}: each example runs as written`, async () => {
      const { work, env } = workspace(id)
      // Something to undo, and a backup to restore.
      if (id === 'config:undo') await execa('hal', ['config', 'provider', 'google', 'disable'], { cwd: work, env, reject: false })
      if (id === 'backup:restore') await execa('hal', ['backup', 'create', '--output', 'halbackup.tar.gz'], { cwd: work, env })
      for (const example of (command.examples ?? []).map(asWritten)) {
        if (!example.startsWith('hal ')) continue // a follow-up with another tool (kubectl kustomize)
        let line = example
        for (const [name, value] of Object.entries(PLACEHOLDERS)) line = line.replaceAll(`<${name}>`, value(work))
        if (/ -i\b/.test(line) || line.startsWith('hal init')) {
          // Interactive: on a terminal it asks its first question; Ctrl-C leaves with nothing written.
          if (!hasScript) continue
          const args = line.slice(4).split(' ')
          const run = onTerminal(args, { halDir: env.HAL_DIR, cwd: work, env })
          await run.waitFor('?')
          run.send(KEY.ctrlC)
          expect((await run.exit).exitCode, line).toBe(130)
          continue
        }
        if (line.startsWith('hal bake ') && !hasProgram('packer')) continue
        const result = await execa('sh', ['-c', line], { cwd: work, env, reject: false, timeout: 60_000 })
        const expected = CANNOT_FINISH[example]?.exit ?? 0
        if (expected === 'fails') expect(result.exitCode, `${example}\n${result.stderr}`).not.toBe(0)
        else expect(result.exitCode, `${example}\n${result.stdout}${result.stderr}`).toBe(expected)
      }
    })
  }
})
