import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hal, read, ROOT, tempDir, writeFile } from '../helpers/hal.js'
import { needsProgram } from '../helpers/tools.js'
import { KEY, onTerminal } from './wizard-terminal.js'

/**
 * Halyard's account commands as Halyard users type them: every flag of Halyard's google and
 * oracle account commands, stored where Halyard stores it; list flags with Halyard's variable
 * arity; secret flags that take no value on the command line; file paths from the current directory.
 * Halyard's source is spinnaker/halyard at 23e66d69; CLI paths below are under
 * halyard-cli/src/main/java/com/netflix/spinnaker/halyard/cli/command/v1/config/providers/.
 */

const HALYARD_FLAGS = {
  // account/AbstractAddAccountCommand.java:44-67
  addCommon: ['--required-group-membership', '--read-permissions', '--write-permissions', '--environment'],
  // account/AbstractEditAccountCommand.java:43-98
  editCommon: [
    '--add-required-group-membership', '--remove-required-group-membership', '--required-group-membership',
    '--add-read-permission', '--remove-read-permission', '--read-permissions',
    '--add-write-permission', '--remove-write-permission', '--write-permissions', '--environment',
  ],
  // google/GoogleAddAccountCommand.java:34-78
  googleAdd: ['--project', '--json-path', '--service-account-id', '--service-account-project', '--image-projects', '--alpha-listed', '--user-data', '--regions'],
  // google/GoogleEditAccountCommand.java:34-96
  googleEdit: [
    '--project', '--json-path', '--service-account-id', '--service-account-project', '--image-projects', '--add-image-project',
    '--remove-image-project', '--set-alpha-listed', '--user-data', '--regions', '--add-region', '--remove-region',
  ],
  // oracle/OracleAddAccountCommand.java:26-67 (--tenancyId is camel case in Halyard)
  oracleAdd: ['--compartment-id', '--user-id', '--fingerprint', '--ssh-private-key-file-path', '--private-key-passphrase', '--tenancyId', '--region'],
  // oracle/OracleEditAccountCommand.java:26-53
  oracleEdit: ['--compartment-id', '--user-id', '--fingerprint', '--ssh-private-key-file-path', '--private-key-passphrase', '--tenancyId', '--region'],
}

/** Flags with `variableArity = true` in the files above: they take several values. */
const VARIABLE_ARITY = ['--required-group-membership', '--read-permissions', '--write-permissions', '--image-projects', '--regions']

const COMMANDS: Array<[string, string[]]> = [
  ['config:provider:google:account:add', [...HALYARD_FLAGS.addCommon, ...HALYARD_FLAGS.googleAdd]],
  ['config:provider:google:account:edit', [...HALYARD_FLAGS.editCommon, ...HALYARD_FLAGS.googleEdit]],
  ['config:provider:oracle:account:add', [...HALYARD_FLAGS.addCommon, ...HALYARD_FLAGS.oracleAdd]],
  ['config:provider:oracle:account:edit', [...HALYARD_FLAGS.editCommon, ...HALYARD_FLAGS.oracleEdit]],
]

interface ManifestFlag { name: string; aliases?: string[]; multiple?: boolean; type: string }
const manifest = () => JSON.parse(readFileSync(join(ROOT, 'dist', 'command-reference.json'), 'utf8')) as { commands: Record<string, { flags: Record<string, ManifestFlag> }> }

describe("Halyard's account flags", () => {
  it('all 62 of them are on the same galley command, list flags taking several values', () => {
    expect(COMMANDS.reduce((n, [, flags]) => n + flags.length, 0)).toBe(62)
    const commands = manifest().commands
    const missing: string[] = []
    for (const [id, flags] of COMMANDS) {
      const own = Object.values(commands[id]?.flags ?? {})
      for (const wanted of flags) {
        const name = wanted.slice(2)
        const flag = own.find((f) => f.name === name || f.aliases?.includes(name))
        if (!flag) {
          missing.push(`${id} ${wanted}`)
          continue
        }
        if (VARIABLE_ARITY.includes(wanted)) expect(flag.multiple, `${id} ${wanted}`).toBe(true)
      }
    }
    expect(missing).toEqual([])
  })
})

const google = (...args: string[]) => ['config', 'provider', 'google', 'account', ...args]
const oracle = (...args: string[]) => ['config', 'provider', 'oracle', 'account', ...args]
const ORACLE_REQUIRED = [
  '--compartment-id', 'ocid1.compartment.oc1..aaaacomp', '--user-id', 'ocid1.user.oc1..aaaauser',
  '--fingerprint', '12:34:56:78:9a:bc:de:f0:12:34:56:78:9a:bc:de:f0', '--region', 'us-phoenix-1',
]
const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n'

/** A working directory holding key files, and a hal directory somewhere else. */
function workspace() {
  const root = tempDir()
  const cwd = join(root, 'work')
  writeFile(join(cwd, 'keys', 'gce.json'), '{"type": "service_account"}\n')
  writeFile(join(cwd, 'keys', 'user-data.txt'), '#!/bin/sh\n')
  writeFile(join(cwd, 'oci.pem'), PEM, 0o600)
  return { cwd, halDir: join(root, 'elsewhere', '.hal') }
}

const accountsOf = (halDir: string, provider: string) => read(join(halDir, 'config')).split(`    ${provider}:\n`)[1] ?? ''

describe('google account flags', () => {
  it('store every value where Halyard stores it: key names, nesting (permissions.READ/WRITE) and order', async () => {
    const { cwd, halDir } = workspace()
    const added = await hal(google('add', 'gce', '--project', 'my-gce-project', '--json-path', './keys/gce.json', '--service-account-id', 'baker@x.iam.gserviceaccount.com',
      '--service-account-project', 'sa-project', '--image-projects', 'debian-cloud', 'ubuntu-os-cloud,rocky-linux-cloud', '--alpha-listed', '--user-data', 'keys/user-data.txt',
      '--regions', 'us-east1', 'europe-west4', '--read-permissions', 'dev', 'ops', '--write-permissions', 'ops', '--environment', 'prod', '--required-group-membership', 'legacy'), { halDir, cwd })
    expect(added.exitCode, added.stderr).toBe(0)
    // halyard-config .../model/v1/node/Account.java:29-32, providers/google/CommonGoogleAccount.java:32-35,
    // providers/google/GoogleAccount.java:41-45; Jackson writes the superclass's fields first; fiat
    // Permissions.Builder is a map from Authorization (READ, WRITE) to roles.
    expect(accountsOf(halDir, 'google')).toBe(`      accounts:
      - name: gce
        environment: prod
        requiredGroupMembership:
        - legacy
        permissions:
          READ:
          - dev
          - ops
          WRITE:
          - ops
        project: my-gce-project
        jsonPath: ${cwd}/keys/gce.json
        serviceAccountId: baker@x.iam.gserviceaccount.com
        serviceAccountProject: sa-project
        alphaListed: true
        imageProjects:
        - debian-cloud
        - ubuntu-os-cloud
        - rocky-linux-cloud
        userDataFile: ${cwd}/keys/user-data.txt
        regions:
        - us-east1
        - europe-west4
`)
  })

  it('edit: the add-/remove- variants change one entry, --set-alpha-listed takes a boolean, and a list set together with its variants is refused', async () => {
    const { cwd, halDir } = workspace()
    expect((await hal(google('add', 'gce', '--project', 'my-gce-project', '--image-projects', 'a-images', 'b-images', '--regions', 'us-east1',
      '--read-permissions', 'dev', '--write-permissions', 'ops', '--required-group-membership', 'legacy'), { halDir, cwd })).exitCode).toBe(0)
    const edited = await hal(google('edit', 'gce', '--add-image-project', 'c-images', '--remove-image-project', 'a-images', '--add-region', 'us-west1',
      '--add-read-permission', 'qa', '--remove-write-permission', 'ops', '--remove-required-group-membership', 'legacy', '--set-alpha-listed', 'true'), { halDir, cwd })
    expect(edited.exitCode, edited.stderr).toBe(0)
    // An emptied list goes, and so does a permissions map left empty.
    expect(accountsOf(halDir, 'google')).toBe(`      accounts:
      - name: gce
        permissions:
          READ:
          - dev
          - qa
        project: my-gce-project
        alphaListed: true
        imageProjects:
        - b-images
        - c-images
        regions:
        - us-east1
        - us-west1
`)
    const before = read(join(halDir, 'config'))
    // GoogleEditAccountCommand.java:109-116: "Set either --image-projects or --[add/remove]-image-project".
    const both = await hal(google('edit', 'gce', '--image-projects', 'x-images', '--add-image-project', 'y-images'), { halDir, cwd })
    expect(both.exitCode).toBe(2)
    expect(both.stderr).toContain('--image-projects cannot be combined with --add-image-project or --remove-image-project')
    expect(read(join(halDir, 'config'))).toBe(before)
    const off = await hal(google('edit', 'gce', '--set-alpha-listed=false', '--write-permissions', 'admins'), { halDir, cwd })
    expect(off.exitCode, off.stderr).toBe(0)
    expect(accountsOf(halDir, 'google')).toContain('        alphaListed: false\n')
    expect(accountsOf(halDir, 'google')).toContain('          WRITE:\n          - admins\n')
  })

  it('list flags take variable arity up to the next flag, commas and repeats; -- ends a list so that the name may follow', async () => {
    const { cwd, halDir } = workspace()
    const first = await hal(google('add', 'one', '--image-projects', 'a-images', 'b-images', '--project', 'my-gce-project'), { halDir, cwd })
    expect(first.exitCode, first.stderr).toBe(0)
    const last = await hal(google('add', '--project', 'my-gce-project', '--image-projects', 'a-images', 'b-images', '--', 'two'), { halDir, cwd })
    expect(last.exitCode, last.stderr).toBe(0)
    const mixed = await hal(google('add', 'three', '--project=my-gce-project', '--regions', 'r1,r2', '--regions=r3', '--regions', 'r4', 'r5'), { halDir, cwd })
    expect(mixed.exitCode, mixed.stderr).toBe(0)
    const config = read(join(halDir, 'config'))
    expect(config).toContain('      - name: one\n        project: my-gce-project\n        imageProjects:\n        - a-images\n        - b-images\n')
    expect(config).toContain('      - name: two\n        project: my-gce-project\n        imageProjects:\n        - a-images\n        - b-images\n')
    expect(config).toContain('        regions:\n        - r1\n        - r2\n        - r3\n        - r4\n        - r5\n')
    // As in Halyard (JCommander), the name after a list is taken into the list: then it is missing, and the message says why.
    const swallowed = await hal(google('add', '--project', 'my-gce-project', '--image-projects', 'a-images', 'four'), { halDir, cwd })
    expect(swallowed.exitCode).toBe(2)
    expect(swallowed.stderr).toContain("missing the account's name")
    expect(swallowed.stderr).toContain('A list flag takes every value up to the next flag: put the name before it, or end the list with --.')
    expect(read(join(halDir, 'config'))).toBe(config)
  })

  it('relative file paths are resolved against the current directory, checked there and stored absolute', async () => {
    const { cwd, halDir } = workspace()
    const ok = await hal(google('add', 'gce', '--project', 'my-gce-project', '--json-path', 'keys/gce.json'), { halDir, cwd })
    expect(ok.exitCode, ok.stderr).toBe(0)
    expect(read(join(halDir, 'config'))).toContain(`jsonPath: ${cwd}/keys/gce.json\n`)
    // The same relative path from another directory names another file, which does not exist.
    const before = read(join(halDir, 'config'))
    const elsewhere = await hal(google('edit', 'gce', '--json-path', './keys/gce.json'), { halDir, cwd: join(cwd, 'keys') })
    expect(elsewhere.exitCode).toBe(1)
    expect(elsewhere.stderr).toContain(`${cwd}/keys/keys/gce.json, does not exist`)
    expect(read(join(halDir, 'config'))).toBe(before)
    // Secret references are names, not paths (LocalFileConverter.java:35-37).
    const reference = await hal(google('edit', 'gce', '--json-path', 'encryptedFile:gcs!b:bucket!f:gce.json', '--user-data', './keys/user-data.txt'), { halDir, cwd })
    expect(reference.exitCode, reference.stderr).toBe(0)
    expect(read(join(halDir, 'config'))).toContain('jsonPath: encryptedFile:gcs!b:bucket!f:gce.json\n')
    expect(read(join(halDir, 'config'))).toContain(`userDataFile: ${cwd}/keys/user-data.txt\n`)
    // So are config server resources (LocalFileConverter.java:31,35,51-53): Spinnaker fetches them.
    const configServer = await hal(google('edit', 'gce', '--json-path', 'configserver:gce.json'), { halDir, cwd })
    expect(configServer.exitCode, configServer.stderr).toBe(0)
    expect(read(join(halDir, 'config'))).toContain('jsonPath: configserver:gce.json\n')
  })
})

describe('oracle account flags', () => {
  it('--tenancyId as Halyard spells it, and --tenancy-id; the key file from the current directory', async () => {
    const { cwd, halDir } = workspace()
    const added = await hal(oracle('add', 'oci', ...ORACLE_REQUIRED, '--tenancyId', 'ocid1.tenancy.oc1..aaaaten', '--ssh-private-key-file-path', 'oci.pem',
      '--read-permissions', 'dev', '--environment', 'prod'), { halDir, cwd })
    expect(added.exitCode, added.stderr).toBe(0)
    // halyard-config .../model/v1/providers/oracle/OracleAccount.java:24-30, after Account's fields.
    expect(accountsOf(halDir, 'oracle')).toBe(`      accounts:
      - name: oci
        environment: prod
        permissions:
          READ:
          - dev
        compartmentId: ocid1.compartment.oc1..aaaacomp
        userId: ocid1.user.oc1..aaaauser
        fingerprint: 12:34:56:78:9a:bc:de:f0:12:34:56:78:9a:bc:de:f0
        sshPrivateKeyFilePath: ${cwd}/oci.pem
        tenancyId: ocid1.tenancy.oc1..aaaaten
        region: us-phoenix-1
`)
    const edited = await hal(oracle('edit', 'oci', '--tenancy-id', 'ocid1.tenancy.oc1..bbbbten'), { halDir, cwd })
    expect(edited.exitCode, edited.stderr).toBe(0)
    expect(accountsOf(halDir, 'oracle')).toContain('tenancyId: ocid1.tenancy.oc1..bbbbten\n')
  })
})

const PASSPHRASE = 'Correct-Horse-7319'

describe('secret flags', () => {
  it('--private-key-passphrase without a value reads one line from stdin: nothing secret in argv, the stored value exact', async () => {
    const { cwd, halDir } = workspace()
    const argv = oracle('add', 'oci', ...ORACLE_REQUIRED, '--tenancyId', 'ocid1.tenancy.oc1..aaaaten', '--ssh-private-key-file-path', 'oci.pem', '--private-key-passphrase')
    expect(argv.join(' ')).not.toContain(PASSPHRASE)
    const added = await hal(argv, { halDir, cwd, input: `${PASSPHRASE}\nnot read\n` })
    expect(added.exitCode, added.stderr).toBe(0)
    expect(read(join(halDir, 'config'))).toContain(`privateKeyPassphrase: ${PASSPHRASE}\n`)
    expect(added.stdout + added.stderr).not.toContain(PASSPHRASE)
    // Spaces are part of it; an empty line removes it.
    expect((await hal(oracle('edit', 'oci', '--private-key-passphrase'), { halDir, cwd, input: 'two words\r\n' })).exitCode).toBe(0)
    expect(read(join(halDir, 'config'))).toContain('privateKeyPassphrase: two words\n')
    expect((await hal(oracle('edit', '--private-key-passphrase', 'oci'), { halDir, cwd, input: '\n' })).exitCode).toBe(0)
    expect(read(join(halDir, 'config'))).not.toContain('privateKeyPassphrase')
  })

  it('without a value and with nothing on stdin: exit 2, nothing written', async () => {
    const { cwd, halDir } = workspace()
    const argv = oracle('add', 'oci', ...ORACLE_REQUIRED, '--tenancyId', 'ocid1.tenancy.oc1..aaaaten', '--ssh-private-key-file-path', 'oci.pem', '--private-key-passphrase')
    const result = await hal(argv, { halDir, cwd, input: '' })
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('--private-key-passphrase was given without a value, and stdin is empty')
    expect(() => read(join(halDir, 'config'))).toThrow()
  })

  it('--flag=VALUE still works, with a warning; a value after a space is refused without being shown', async () => {
    const { cwd, halDir } = workspace()
    const base = oracle('add', 'oci', ...ORACLE_REQUIRED, '--tenancyId', 'ocid1.tenancy.oc1..aaaaten', '--ssh-private-key-file-path', 'oci.pem')
    const spaced = await hal([...base, '--private-key-passphrase', PASSPHRASE], { halDir, cwd })
    expect(spaced.exitCode).toBe(2)
    expect(spaced.stderr).toContain('--private-key-passphrase takes no value after a space')
    expect(spaced.stdout + spaced.stderr).not.toContain(PASSPHRASE)
    const inline = await hal([...base, `--private-key-passphrase=${PASSPHRASE}`], { halDir, cwd })
    expect(inline.exitCode, inline.stderr).toBe(0)
    expect(inline.stderr).toContain('Warning: --private-key-passphrase=VALUE leaves the secret in your shell history')
    expect(read(join(halDir, 'config'))).toContain(`privateKeyPassphrase: ${PASSPHRASE}\n`)
  })

  const hasScript = needsProgram('script')
  it.skipIf(!hasScript)('on a terminal it is asked for and nothing typed is echoed', async () => {
    const { cwd, halDir } = workspace()
    const run = onTerminal(oracle('add', 'oci', ...ORACLE_REQUIRED, '--tenancyId', 'ocid1.tenancy.oc1..aaaaten', '--ssh-private-key-file-path', 'oci.pem', '--private-key-passphrase'), { halDir, cwd })
    await run.answer('Private key passphrase', `${PASSPHRASE}${KEY.enter}`)
    const { exitCode, raw } = await run.exit
    expect(exitCode, raw).toBe(0)
    expect(raw).toContain('Successfully added account oci')
    expect(raw).not.toContain(PASSPHRASE)
    expect(read(join(halDir, 'config'))).toContain(`privateKeyPassphrase: ${PASSPHRASE}\n`)
  })
})
