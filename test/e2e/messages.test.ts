import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BIN, hal, read, tempHalDir } from '../helpers/hal.js'
import { needsProgram } from '../helpers/tools.js'
import { KEY, onTerminal } from './wizard-terminal.js'

/**
 * What the provider commands say about the names and values they are given, through the real
 * bin/run.js: suggested commands that work when pasted into a POSIX shell, names that stay
 * visible when empty or blank, a refused add that suggests the add, list flags that refuse a
 * blank entry, and --add-X / --remove-X entries that change nothing said as such.
 */

const hasScript = needsProgram('script')
const google = (...args: string[]) => ['config', 'provider', 'google', ...args]
const aws = (...args: string[]) => ['config', 'provider', 'aws', ...args]
const oracle = (...args: string[]) => ['config', 'provider', 'oracle', ...args]

const GOOGLE_CONFIG = `currentDeployment: default
deploymentConfigurations:
- name: default
  providers:
    google:
      enabled: true
      bakeryDefaults:
        zone: us-east1-b
        network: default
        baseImages:
        - baseImage:
            id: my image
            packageType: deb
          virtualizationSettings:
            sourceImageFamily: Bad Family
`

/** Runs a suggested command line in /bin/sh, `hal` being the real bin/run.js: as a user pasting it would. */
function paste(line: string, halDir: string): string {
  return execFileSync('/bin/sh', ['-c', `hal() { node "$HAL_BIN" "$@"; }\n${line}`], { env: { ...process.env, HAL_DIR: halDir, HAL_BIN: BIN, NO_COLOR: '1' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
}

/** The `hal ...` command of a `? ...` remediation line that starts with `prefix`. */
function suggested(output: string, prefix: string): string {
  const line = output.split('\n').find((l) => l.trimStart().startsWith(`? ${prefix}`))
  expect(line, `a "? ${prefix}" line in:\n${output}`).toBeDefined()
  return line!.slice(line!.indexOf('hal '))
}

describe('suggested commands quote ids and values as a POSIX shell needs', () => {
  it('a base image whose id has a space: each fix validate suggests, pasted into sh, fixes that image', async () => {
    const halDir = tempHalDir(GOOGLE_CONFIG)
    const validate = await hal(['config', 'validate'], { halDir })
    expect(validate.exitCode).toBe(1)
    const family = suggested(validate.stdout, 'Use "bad-family".')
    expect(family).toBe(`hal config provider google bakery base-image edit 'my image' --source-image-family bad-family`)
    paste(family, halDir)
    expect(read(join(halDir, 'config'))).toContain('            sourceImageFamily: bad-family\n')
    // GCE refuses the id itself in image names: the rename suggested works as pasted too.
    const rename = suggested((await hal(['config', 'validate'], { halDir })).stdout, 'Rename it:')
    expect(rename).toBe(`hal config provider google bakery base-image edit 'my image' --id my-image`)
    paste(rename, halDir)
    expect((await hal(['config', 'validate'], { halDir })).exitCode).toBe(0)
  })
})

describe('messages naming a user-given id keep an empty or blank one visible', () => {
  it('base images, accounts and deployments that are not there', async () => {
    const halDir = tempHalDir(GOOGLE_CONFIG)
    const image = await hal(google('bakery', 'base-image', 'edit', '', '--short-description', 'x'), { halDir })
    expect(image.exitCode).toBe(3)
    expect(image.stderr).toContain(`No base image named "" in google's bakery of deployment default`)
    expect(image.stderr).toContain('Existing base images: "my image".')
    const account = await hal(google('account', 'edit', ' ', '--project', 'p'), { halDir })
    expect(account.exitCode).toBe(3)
    expect(account.stderr).toContain(`No account named " " in google's accounts of deployment default`)
    expect(account.stderr).toContain('There are none yet: hal config provider google account add NAME ...')
    // Deployment names are checked before they are looked up (they become directory names), and quoted there.
    const deployment = await hal(google('bakery', 'base-image', 'list', '--deployment', ''), { halDir })
    expect(deployment.exitCode).toBe(2)
    expect(deployment.stderr).toContain('--deployment "" is not a usable deployment name: it is empty')
    expect(read(join(halDir, 'config'))).toBe(GOOGLE_CONFIG)
  })
})

describe('a refused add suggests the add again, not an edit of what was never written', () => {
  it('oracle: an account missing its required fields', async () => {
    const halDir = tempHalDir()
    await hal(oracle('enable'), { halDir })
    const before = read(join(halDir, 'config'))
    const result = await hal(oracle('account', 'add', 'my acct', '--compartment-id', 'x'), { halDir })
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain(`? hal config provider oracle account add 'my acct' ... --user-id VALUE`)
    expect(result.stderr).toContain(`? hal config provider oracle account add 'my acct' ... --compartment-id VALUE`)
    expect(result.stderr).not.toContain('account edit')
    expect(result.stderr).toContain('Nothing was written: run the add again with the flags above in place of the ones they fix')
    expect(read(join(halDir, 'config'))).toBe(before)
  })
  it('aws: an uppercase region is fixed with --regions, which add has (not --remove-region/--add-region)', async () => {
    const halDir = tempHalDir()
    const result = await hal(aws('account', 'add', 'other', '--account-id', '123456789012', '--assume-role', 'role/x', '--regions', 'US-EAST-1'), { halDir })
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('? Use "us-east-1". hal config provider aws account add other ... --regions us-east-1\n')
  })
  it('google: an id GCE refuses is renamed by adding under the new name', async () => {
    const halDir = tempHalDir()
    const result = await hal(google('bakery', 'base-image', 'add', 'My Image', '--package-type', 'deb', '--source-image-family', 'ubuntu-2204-lts'), { halDir })
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('? Rename it: hal config provider google bakery base-image add my-image ...\n')
  })
  it('an edit still suggests the edit', async () => {
    const halDir = tempHalDir(GOOGLE_CONFIG)
    const result = await hal(google('bakery', 'base-image', 'edit', 'my image', '--source-image-family', 'Other Family'), { halDir })
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain(`? Use "other-family". hal config provider google bakery base-image edit 'my image' --source-image-family other-family`)
  })
})

describe('aws account edit: list flags and their one-entry flags', () => {
  // Halyard (spinnaker/halyard 23e66d69): AwsEditAccountCommand.java:54-68,136-146 takes --regions,
  // --add-region and --remove-region into AbstractConfigCommand.updateStringList (l.76-104), which
  // appends an added region even when present (a duplicate) and drops a removed one only if present;
  // AbstractEditAccountCommand.executeThis (l.133-158) says "No changes supplied." when nothing changed.
  const CONFIG = `currentDeployment: default
deploymentConfigurations:
- name: default
  providers:
    aws:
      enabled: true
      accounts:
      - name: prod
        accountId: "123456789012"
        regions:
        - name: us-east-1
`
  it('a blank value or entry is a usage error (exit 2), the file untouched; "" alone still removes the list', async () => {
    const halDir = tempHalDir(CONFIG)
    const config = join(halDir, 'config')
    for (const [args, message] of [
      [['--regions', ' '], '--regions " " has a blank value: nothing was written'],
      [['--regions', 'us-east-1,,us-west-2'], '--regions "us-east-1,,us-west-2" has a blank entry: nothing was written'],
      [['--regions', 'us-east-1,'], '--regions "us-east-1," has a blank entry'],
      [['--add-region', ''], '--add-region "" has a blank value'],
      [['--remove-region', ' '], '--remove-region " " has a blank value'],
    ] as const) {
      const result = await hal(aws('account', 'edit', 'prod', ...args), { halDir })
      expect(result.exitCode, `${args.join(' ')}: ${result.stderr}`).toBe(2)
      expect(result.stderr).toContain(message)
      expect(read(config)).toBe(CONFIG)
    }
    const emptied = await hal(aws('account', 'edit', 'prod', '--regions', ''), { halDir })
    expect(emptied.exitCode).toBe(0)
    expect(read(config)).not.toContain('regions')
  })
  it('an added region already there and a removed one not there are said as such (exit 0, nothing written)', async () => {
    const halDir = tempHalDir(CONFIG)
    const config = join(halDir, 'config')
    const added = await hal(aws('account', 'edit', 'prod', '--add-region', 'us-east-1'), { halDir })
    expect([added.exitCode, added.stdout]).toEqual([0, 'us-east-1 is already a region of account prod; nothing changed.\n'])
    const removed = await hal(aws('account', 'edit', 'prod', '--remove-region', 'us-west-2'), { halDir })
    expect([removed.exitCode, removed.stdout]).toEqual([0, 'us-west-2 is not a region of account prod; nothing changed.\n'])
    expect(read(config)).toBe(CONFIG)
    const json = await hal(aws('account', 'edit', 'prod', '--remove-region', 'us-west-2', '--json'), { halDir })
    expect(json.json()).toMatchObject({ changed: false, unchanged: ['us-west-2 is not a region of account prod'] })
  })
  it('with another change, the edit is made and the idle entry still named', async () => {
    const halDir = tempHalDir(CONFIG)
    const result = await hal(aws('account', 'edit', 'prod', '--add-region', 'us-east-1', '--add-region', 'eu-west-1'), { halDir })
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toBe('+ Successfully edited account prod in aws\'s accounts.\nus-east-1 is already a region of account prod.\n')
    expect(read(join(halDir, 'config'))).toContain('        - name: us-east-1\n        - name: eu-west-1\n')
  })
})

describe.skipIf(!hasScript)('the wizard refuses the names the commands refuse, at the prompt', () => {
  it('base-image add -i: a blank name is refused with the commands\' reason; Ctrl-C leaves the file as it was', async () => {
    const halDir = tempHalDir(GOOGLE_CONFIG)
    const run = onTerminal(google('bakery', 'base-image', 'add', '-i'), { halDir })
    await run.answer('Base image name', `  ${KEY.enter}`)
    await run.waitFor('the base image\'s id cannot be blank: a bake names its base image (base_os) by it')
    run.send(`${KEY.backspace.repeat(2)} x${KEY.enter}`)
    await run.waitFor('the base image\'s id " x" starts or ends with white space')
    run.send(KEY.ctrlC)
    expect((await run.exit).exitCode).toBe(130)
    expect(read(join(halDir, 'config'))).toBe(GOOGLE_CONFIG)
  })
  it('base-image edit -i: a blank new name is refused, not taken as "keep the name"', async () => {
    const halDir = tempHalDir(GOOGLE_CONFIG)
    const run = onTerminal([...google('bakery', 'base-image', 'edit', 'my image', '-i'), '--no-validate'], { halDir })
    await run.answer('Base image name', `${KEY.backspace.repeat(8)} ${KEY.enter}`)
    await run.waitFor('the base image\'s id cannot be blank')
    run.send(KEY.ctrlC)
    expect((await run.exit).exitCode).toBe(130)
    expect(read(join(halDir, 'config'))).toBe(GOOGLE_CONFIG)
  })
  it('base-image edit -i: keeping a hand-written name the rule refuses is allowed (it is not a new name)', async () => {
    const config = GOOGLE_CONFIG.replace('id: my image', 'id: " padded"')
    const halDir = tempHalDir(config)
    const run = onTerminal([...google('bakery', 'base-image', 'edit', ' padded', '-i'), '--no-validate'], { halDir })
    await run.answer('Base image name', KEY.enter)
    await run.answer('Short description', KEY.ctrlC)
    expect((await run.exit).exitCode).toBe(130)
    expect(run.screen()).not.toContain('starts or ends with white space')
    expect(read(join(halDir, 'config'))).toBe(config)
  })
})
