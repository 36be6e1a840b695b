import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hal, read, tempHalDir } from '../helpers/hal.js'
import { needsProgram } from '../helpers/tools.js'
import { KEY, onTerminal } from './wizard-terminal.js'

/**
 * The wizards end to end: the real bin/run.js on a pseudo-terminal (util-linux's script),
 * each answer typed once its prompt is on the screen; and without a terminal, where they
 * must never wait for an answer.
 */

// The pseudo-terminal comes from script(1); in CI a missing one fails the run (needsProgram).
const hasScript = needsProgram('script')

const GOOGLE_CONFIG = `# the bakery team's hal config
currentDeployment: default
deploymentConfigurations:
- name: default
  providers:
    google:
      enabled: true
      bakeryDefaults:
        zone: us-east1-b
        network: default
`

/** The run's final screen, with the temporary hal dir shown as ~/.hal. */
const transcript = (screen: string, halDir: string) => screen.replaceAll(halDir, '~/.hal')

/** The recorded run in the README: this exact session, from an empty hal dir. */
const RECORDED_RUN = `Setting up image bakes in ~/.hal (no config yet: it is created at the end)
Enter accepts the value in (brackets), Tab edits it, Backspace clears it. Nothing is written until you confirm; Ctrl-C cancels.

✔ Deployment default (current)
✔ Bake for which providers? Google Compute Engine

Google Compute Engine (google)
✔ Zone europe-west4-a
✔ Network default
✔ Subnetwork
✔ Use internal IP No
✔ Add an account to bake with? Yes
✔ Account name gce-bakery
✔ Project my-bakery-project
✔ JSON path
✔ Image projects
✔ Add a first base image? Yes
✔ Base image name ubuntu-2204
✔ Short description v22.04
✔ Package type deb
✔ Image family Yes
✔ Source image
✔ Source image family ubuntu-2204-lts

✔ Start a custom Packer template from a stock one? No

The change:
--- /dev/null
+++ ~/.hal/config
@@ -0,0 +1,19 @@
+currentDeployment: default
+deploymentConfigurations:
+- name: default
+  providers:
+    google:
+      enabled: true
+      accounts:
+      - name: gce-bakery
+        project: my-bakery-project
+      bakeryDefaults:
+        baseImages:
+        - baseImage:
+            id: ubuntu-2204
+            shortDescription: v22.04
+            packageType: deb
+            imageFamily: true
+          virtualizationSettings:
+            sourceImageFamily: ubuntu-2204-lts
+        zone: europe-west4-a
✔ Write it? Yes

+ Wrote ~/.hal/config.
No problems found in 1 file.

Next:
  hal config validate
  hal bake plan --provider google --base-image ubuntu-2204 --package nginx
  hal config undo   (puts the config back as it was)
`

describe.skipIf(!hasScript)('hal init on a terminal', () => {
  it('sets up an empty hal dir, refusing a bad zone at the prompt with the rule\'s message', async () => {
    const halDir = tempHalDir()
    const run = onTerminal(['init'], { halDir })
    await run.answer('Deployment', KEY.enter)
    await run.answer('Bake for which providers?', KEY.space + KEY.enter)
    await run.answer('Zone', `US-CENTRAL1-F${KEY.enter}`)
    await run.waitFor('> Zone "US-CENTRAL1-F" is not valid: zone names are lowercase. Use "us-central1-f".')
    run.send(KEY.backspace.repeat('US-CENTRAL1-F'.length) + `europe-west4-a${KEY.enter}`)
    await run.answer('Network', KEY.enter)
    await run.answer('Subnetwork', KEY.enter)
    await run.answer('Use internal IP', KEY.enter)
    await run.answer('Add an account to bake with?', KEY.enter)
    await run.answer('Account name', `gce-bakery${KEY.enter}`)
    await run.answer('Project', `my-bakery-project${KEY.enter}`)
    await run.answer('JSON path', KEY.enter)
    await run.answer('Image projects', KEY.enter)
    await run.answer('Add a first base image?', KEY.enter)
    await run.answer('Base image name', `ubuntu-2204${KEY.enter}`)
    await run.answer('Short description', `v22.04${KEY.enter}`)
    await run.answer('Package type', KEY.enter)
    await run.answer('Image family', `y${KEY.enter}`)
    await run.answer('Source image -', KEY.enter)
    await run.answer('Source image family', `ubuntu-2204-lts${KEY.enter}`)
    await run.answer('Start a custom Packer template', KEY.enter)
    await run.answer('Write it?', KEY.enter)
    const { exitCode } = await run.exit

    expect(exitCode).toBe(0)
    expect(transcript(run.screen(), halDir)).toBe(RECORDED_RUN)
    // What was written is what the diff showed.
    const shown = RECORDED_RUN.slice(RECORDED_RUN.indexOf('@@ -0,0'), RECORDED_RUN.indexOf('✔ Write it?')).split('\n').slice(1, -1)
    expect(read(join(halDir, 'config'))).toBe(shown.map((line) => `${line.slice(1)}\n`).join(''))
    expect((await hal(['config', 'validate'], { halDir })).exitCode).toBe(0)
    // One write, undoable.
    expect((await hal(['config', 'undo'], { halDir })).exitCode).toBe(0)
    expect(existsSync(join(halDir, 'config'))).toBe(false)
  })

  it('creates a new deployment with a custom template that its bakery uses', async () => {
    const halDir = tempHalDir(GOOGLE_CONFIG)
    const run = onTerminal(['init'], { halDir })
    await run.answer('Deployment', KEY.down + KEY.enter)
    await run.answer('Name of the new deployment', `staging${KEY.enter}`)
    await run.answer('Make staging the current deployment?', `n${KEY.enter}`)
    await run.answer('Bake for which providers?', KEY.space + KEY.enter)
    for (const prompt of ['Zone', 'Network', 'Subnetwork', 'Use internal IP']) await run.answer(prompt, KEY.enter)
    await run.answer('Add an account to bake with?', `n${KEY.enter}`)
    await run.answer('Add a first base image?', `n${KEY.enter}`)
    await run.answer('Start a custom Packer template', `y${KEY.enter}`)
    await run.answer('Template name', KEY.enter)
    await run.answer('Use gce-custom.json for every google bake', KEY.enter)
    await run.answer('Write it?', KEY.enter)
    const { exitCode } = await run.exit
    expect(exitCode).toBe(0)
    const config = read(join(halDir, 'config'))
    expect(config.startsWith(GOOGLE_CONFIG)).toBe(true) // the comment and the default deployment stay as they were
    // Answers equal to Rosco's defaults (zone, network...) are not written out.
    expect(config.slice(GOOGLE_CONFIG.length)).toBe('- name: staging\n  providers:\n    google:\n      enabled: true\n      bakeryDefaults:\n        templateFile: gce-custom.json\n')
    expect(read(join(halDir, 'staging', 'profiles', 'rosco', 'packer', 'gce-custom.json'))).toBe(read(join('templates', 'gce.json')))
    expect(run.screen()).toContain('hal config bakery template lint gce-custom.json --deployment staging')
  })

  it('leaves the config byte for byte as it was on Ctrl-C, and exits 130', async () => {
    const halDir = tempHalDir(GOOGLE_CONFIG)
    const before = statSync(join(halDir, 'config')).mtimeMs
    const run = onTerminal(['init'], { halDir })
    await run.answer('Deployment', KEY.enter)
    await run.answer('Bake for which providers?', KEY.enter)
    await run.answer('Zone', `europe-west4-a${KEY.enter}`)
    await run.answer('Network', KEY.ctrlC)
    const { exitCode } = await run.exit
    expect(exitCode).toBe(130)
    expect(run.screen()).toContain('Cancelled; nothing was written.')
    expect(run.screen()).not.toContain('Error')
    expect(read(join(halDir, 'config'))).toBe(GOOGLE_CONFIG)
    expect(statSync(join(halDir, 'config')).mtimeMs).toBe(before)
    expect(existsSync(join(halDir, '.galley', 'undo'))).toBe(false)
  })

  it('colours its prompts on a terminal, and not at all with NO_COLOR', async () => {
    const sgr = /\u001b\[[0-9;]*m/
    for (const [noColor, coloured] of [['1', false], [undefined, true]] as const) {
      // CI=true makes Node report a colourless terminal: test a person's terminal here.
      const run = onTerminal(['init'], { halDir: tempHalDir(GOOGLE_CONFIG), env: { NO_COLOR: noColor, FORCE_COLOR: undefined, CI: undefined } })
      await run.answer('Deployment', KEY.ctrlC)
      const { raw, exitCode } = await run.exit
      expect(exitCode).toBe(130)
      expect(sgr.test(raw)).toBe(coloured)
    }
  })
})

describe.skipIf(!hasScript)('--interactive on a terminal', () => {
  it('base-image add -i asks each field, refuses a bad id, and writes the image', async () => {
    const halDir = tempHalDir(GOOGLE_CONFIG)
    const run = onTerminal(['config', 'provider', 'google', 'bakery', 'base-image', 'add', '-i'], { halDir })
    await run.answer('Base image name', `Ubuntu_2204${KEY.enter}`)
    await run.waitFor('GCE image names may hold only lowercase letters, digits and dashes')
    run.send(KEY.backspace.repeat(11) + `ubuntu-2204${KEY.enter}`)
    await run.answer('Short description', `v22.04${KEY.enter}`)
    await run.answer('Detailed description', KEY.enter)
    await run.answer('Package type', KEY.down + KEY.up + KEY.enter)
    for (const prompt of ['Template file', 'Image family', 'OS type', 'Custom repository', 'Source image -']) await run.answer(prompt, KEY.enter)
    await run.answer('Source image family', KEY.enter)
    // Neither source nor family: the image as a whole is refused, and asked again.
    await run.waitFor('Either source image or source image family must be specified for ubuntu-2204.')
    for (const prompt of ['Short description', 'Detailed description', 'Package type', 'Template file']) await run.answer(prompt, KEY.enter)
    await run.answer('Image family', `y${KEY.enter}`)
    for (const prompt of ['OS type', 'Custom repository', 'Source image -']) await run.answer(prompt, KEY.enter)
    await run.answer('Source image family', `ubuntu-2204-lts${KEY.enter}`)
    const { exitCode } = await run.exit
    expect(exitCode).toBe(0)
    expect(run.screen()).toContain('+ Successfully added base image ubuntu-2204 to google\'s bakery.')
    expect(read(join(halDir, 'config'))).toBe(`${GOOGLE_CONFIG.replace('        zone:', `        baseImages:
        - baseImage:
            id: ubuntu-2204
            shortDescription: v22.04
            packageType: deb
            imageFamily: true
          virtualizationSettings:
            sourceImageFamily: ubuntu-2204-lts
        zone:`)}`)
  })

  it('bakery edit without flags offers the prompts, pre-filled; Ctrl-C leaves the file untouched', async () => {
    const halDir = tempHalDir(GOOGLE_CONFIG)
    const run = onTerminal(['config', 'provider', 'google', 'bakery', 'edit'], { halDir })
    await run.answer('No values given. Fill them in here, field by field?', KEY.enter)
    await run.answer('(us-east1-b)', KEY.enter)
    await run.answer('Network', KEY.ctrlC)
    expect((await run.exit).exitCode).toBe(130)
    expect(read(join(halDir, 'config'))).toBe(GOOGLE_CONFIG)
  })

  it('bakery edit -i writes what was changed, and keeps the file\'s comment', async () => {
    const halDir = tempHalDir(GOOGLE_CONFIG)
    const run = onTerminal(['config', 'provider', 'google', 'bakery', 'edit', '-i', '--network', 'bakery-net'], { halDir })
    await run.answer('Zone', KEY.enter)
    await run.answer('(bakery-net)', KEY.enter) // a flag given with -i is the default
    for (const prompt of ['Network project ID', 'Subnetwork']) await run.answer(prompt, KEY.enter)
    await run.answer('Use internal IP', `y${KEY.enter}`)
    await run.answer('Template file', KEY.enter)
    expect((await run.exit).exitCode).toBe(0)
    expect(read(join(halDir, 'config'))).toBe(GOOGLE_CONFIG.replace('network: default\n', 'network: bakery-net\n        useInternalIp: true\n'))
  })
})

describe('without a terminal', () => {
  it('hal init exits 2 at once and says what to use instead', async () => {
    const halDir = tempHalDir()
    const result = await hal(['init'], { halDir, timeout: 10_000 })
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('hal init asks questions, and there is no terminal to ask them on')
    expect(result.stderr).toContain('bakery edit')
    expect(existsSync(join(halDir, 'config'))).toBe(false)
  })

  it('a provider command with no flags exits 2 naming its flags (never waits for an answer)', async () => {
    const halDir = tempHalDir(GOOGLE_CONFIG)
    const cases: Array<[string[], string[]]> = [
      [['config', 'provider', 'google', 'bakery', 'edit'], ['--zone', '--network', '--subnetwork', '--use-internal-ip']],
      [['config', 'provider', 'oracle', 'bakery', 'edit'], ['--availability-domain', '--subnet-id', '--instance-shape']],
      [['config', 'provider', 'google', 'bakery', 'base-image', 'add', 'ubuntu'], ['--package-type', '--source-image-family']],
      [['config', 'provider', 'oracle', 'account', 'add', 'oci'], ['--compartment-id', '--tenancy-id', '--private-key-passphrase']],
    ]
    for (const [args, flags] of cases) {
      const result = await hal(args, { halDir, timeout: 10_000 })
      expect(result.exitCode, args.join(' ')).toBe(2)
      expect(result.stderr).toContain('Error: no values given, and no terminal to ask for them on')
      for (const flag of flags) expect(result.stderr).toContain(flag)
    }
    expect(read(join(halDir, 'config'))).toBe(GOOGLE_CONFIG)
  })

  it('--interactive exits 2 too; --json says so in JSON', async () => {
    const halDir = tempHalDir(GOOGLE_CONFIG)
    const result = await hal(['config', 'provider', 'google', 'bakery', 'base-image', 'add', '-i'], { halDir, timeout: 10_000 })
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('--interactive needs a terminal')
    const json = await hal(['config', 'provider', 'google', 'bakery', 'edit', '--json'], { halDir, timeout: 10_000 })
    expect(json.exitCode).toBe(2)
    expect(json.json().error).toMatchObject({ code: 'TERMINAL_NEEDED', exitCode: 2, flags: expect.arrayContaining(['--zone']) })
  })

  it('still says "No changes supplied." when flags were given and changed nothing', async () => {
    const halDir = tempHalDir(GOOGLE_CONFIG)
    const result = await hal(['config', 'provider', 'google', 'bakery', 'edit', '--zone', 'us-east1-b'], { halDir })
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toBe('No changes supplied.\n')
  })

  it('still needs the name when flags are given', async () => {
    const result = await hal(['config', 'provider', 'google', 'bakery', 'base-image', 'add', '--package-type', 'deb'], { halDir: tempHalDir() })
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('missing the base image\'s id')
  })

  it('reports a missing item before asking anything (exit 3)', async () => {
    const result = await hal(['config', 'provider', 'google', 'bakery', 'base-image', 'edit', 'nope'], { halDir: tempHalDir(GOOGLE_CONFIG) })
    expect(result.exitCode).toBe(3)
    expect(result.stderr).toContain('No base image named nope')
  })
})
