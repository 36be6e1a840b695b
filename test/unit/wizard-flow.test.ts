import { screen } from '@inquirer/testing/vitest'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { oracle } from '../../src/providers/oracle.js'
import { google } from '../../src/providers/google.js'
import { accounts, baseImages } from '../../src/bakery/bakery.js'
import { askBakeryEdit, askItemAdd, askItemEdit } from '../../src/wizard/interactive.js'
import { runInit } from '../../src/wizard/init.js'
import { cancellable, Cancelled, loadPrompts } from '../../src/wizard/prompts.js'
import { read, tempHalDir } from '../helpers/hal.js'

/** The wizards on @inquirer's virtual screen: every prompt they show, answered by key presses. */

async function terminal() {
  const notes: string[] = []
  return { io: { prompts: await loadPrompts(), note: (line: string) => notes.push(line) }, notes }
}

const KEYS = new Set(['enter', 'down', 'up', 'space', 'backspace', 'tab'])

/** Waits for the prompt that shows `text`, then answers it: key names are pressed, other text is typed. */
async function answer(text: string, ...keys: Array<string | { name: string; ctrl?: boolean }>) {
  // Each wait is bounded, so that a prompt that never comes fails the test with the screen shown.
  for (let i = 0; i < 50 && !screen.getScreen().includes(text); i++) await Promise.race([screen.next(), new Promise((r) => setTimeout(r, 100))])
  expect(screen.getScreen()).toContain(text)
  for (const key of keys) {
    if (typeof key === 'string' && !KEYS.has(key)) screen.type(key)
    else screen.keypress(key)
  }
}

const GOOGLE_CONFIG = 'currentDeployment: default\ndeploymentConfigurations:\n- name: default\n  providers:\n    google:\n      enabled: true\n      bakeryDefaults:\n        zone: us-east1-b # the team\'s zone\n        network: default\n'

describe('hal init', () => {
  it('takes an empty hal dir to a valid config in one write, refusing a region given as the zone', async () => {
    const halDir = tempHalDir()
    const { io, notes } = await terminal()
    const done = runInit(io, { halDir, validate: true })
    await answer('Deployment', 'enter')
    await answer('Bake for which providers?', 'space', 'enter')
    await answer('Zone', 'us-central1', 'enter')
    // Refused with the rule's message; the typed text stays, to be corrected.
    await answer('> Zone "us-central1" is not valid: us-central1 is a region, not a zone: a zone is the region plus a letter, e.g. us-central1-a. Use "us-central1-a".', '-a', 'enter')
    await answer('Network', 'enter')
    await answer('Subnetwork', 'enter')
    await answer('Use internal IP', 'enter')
    await answer('Add an account to bake with?', 'enter')
    await answer('Account name', 'gce-bakery', 'enter')
    await answer('Project', 'my-bakery-project', 'enter')
    await answer('JSON path', 'enter')
    await answer('Image projects', 'enter')
    await answer('Add a first base image?', 'enter')
    await answer('Base image name', 'ubuntu-2204', 'enter')
    await answer('Short description', 'v22.04', 'enter')
    await answer('Package type', 'enter')
    await answer('Image family', 'y', 'enter')
    await answer('Source image', 'enter')
    await answer('Source image family', 'ubuntu-2204-lts', 'enter')
    await answer('Start a custom Packer template', 'enter')
    await answer('Write it?', 'enter')
    const result = await done

    expect(result.written).toBe(true)
    expect(result.report?.valid).toBe(true)
    expect(read(join(halDir, 'config'))).toBe(`currentDeployment: default
deploymentConfigurations:
- name: default
  providers:
    google:
      enabled: true
      accounts:
      - name: gce-bakery
        project: my-bakery-project
      bakeryDefaults:
        baseImages:
        - baseImage:
            id: ubuntu-2204
            shortDescription: v22.04
            packageType: deb
            imageFamily: true
          virtualizationSettings:
            sourceImageFamily: ubuntu-2204-lts
        zone: us-central1-a
`)
    // The summary was the diff of what got written.
    expect(notes.join('\n')).toContain('--- /dev/null')
    expect(notes.join('\n')).toContain('+        zone: us-central1-a')
    expect(result.next).toContain('hal bake plan --provider google --base-image ubuntu-2204 --package nginx')
  })

  it('starts from the existing values, and changes only what is answered differently (comments stay)', async () => {
    const halDir = tempHalDir(GOOGLE_CONFIG)
    const { io, notes } = await terminal()
    const done = runInit(io, { halDir, validate: true })
    await answer('Deployment', 'enter')
    await answer('Bake for which providers?', 'enter') // google is checked already: it is enabled
    await answer('(us-east1-b)', 'enter')
    await answer('Network', 'enter')
    await answer('Subnetwork', 'bakery-subnet', 'enter')
    await answer('Use internal IP', 'enter')
    await answer('Add an account to bake with?', 'n', 'enter')
    await answer('Add a first base image?', 'n', 'enter')
    await answer('Start a custom Packer template', 'enter')
    await answer('Write it?', 'enter')
    await done
    expect(read(join(halDir, 'config'))).toBe(GOOGLE_CONFIG.replace('network: default\n', 'network: default\n        subnetwork: bakery-subnet\n'))
    expect(notes.join('\n')).toContain('@@ -7,3 +7,4 @@\n       bakeryDefaults:\n         zone: us-east1-b # the team\'s zone\n         network: default\n+        subnetwork: bakery-subnet')
  })

  it('sends the person back to the part a whole-config rule objects to: an Oracle base image needs the bakery\'s availability domain', async () => {
    const halDir = tempHalDir()
    const { io, notes } = await terminal()
    const done = runInit(io, { halDir, validate: true })
    await answer('Deployment', 'enter')
    await answer('Bake for which providers?', 'down', 'space', 'enter')
    await answer('Availability domain', 'enter') // left out: only a warning while there are no base images
    await answer('Subnet ID', 'ocid1.subnet.oc1.phx.aaaa', 'enter')
    await answer('Instance shape', 'enter')
    await answer('Add an account to bake with?', 'n', 'enter')
    await answer('Add a first base image?', 'enter')
    await answer('Base image name', 'ol8', 'enter')
    await answer('Short description', 'enter')
    await answer('Package type', 'down', 'enter')
    await answer('Base image ID', 'ocid1.image.oc1.phx.aaaa', 'enter')
    await answer('SSH user name', 'opc', 'enter')
    await answer('Start a custom Packer template', 'enter')
    await answer('Fix it', 'enter')
    expect(notes.join('\n')).toContain('No availability domain supplied for oracle bakery defaults: every bake would fail.')
    await answer('Availability domain', 'Uocm:PHX-AD-1', 'enter')
    await answer('Subnet ID', 'enter')
    await answer('Instance shape', 'enter')
    await answer('Write it?', 'enter')
    const result = await done
    expect(result.written).toBe(true)
    expect(read(join(halDir, 'config'))).toContain('availabilityDomain: Uocm:PHX-AD-1\n')
    expect(read(join(halDir, 'config'))).toContain('instanceShape: VM.Standard.E2.1.Micro\n')
  })

  it('writes nothing when Ctrl-C is pressed', async () => {
    const halDir = tempHalDir(GOOGLE_CONFIG)
    const { io } = await terminal()
    const done = cancellable(() => runInit(io, { halDir, validate: true }))
    await answer('Deployment', 'enter')
    await answer('Bake for which providers?', 'enter')
    await answer('Zone', 'europe-west4-a', 'enter')
    await answer('Network', { name: 'c', ctrl: true })
    await expect(done).rejects.toBeInstanceOf(Cancelled)
    expect(read(join(halDir, 'config'))).toBe(GOOGLE_CONFIG)
    expect(existsSync(join(halDir, '.galley', 'undo'))).toBe(false)
  })

  it('writes nothing when the change is not confirmed', async () => {
    const halDir = tempHalDir()
    const { io, notes } = await terminal()
    const done = runInit(io, { halDir, validate: true })
    await answer('Deployment', 'enter')
    await answer('Bake for which providers?', 'space', 'enter')
    for (const prompt of ['Zone', 'Network', 'Subnetwork', 'Use internal IP']) await answer(prompt, 'enter')
    await answer('Add an account to bake with?', 'n', 'enter')
    await answer('Add a first base image?', 'n', 'enter')
    await answer('Start a custom Packer template', 'enter')
    await answer('Write it?', 'n', 'enter')
    expect((await done).written).toBe(false)
    expect(notes).toContain('Nothing was written.')
    expect(existsSync(join(halDir, 'config'))).toBe(false)
  })
})

describe('--interactive', () => {
  const wizard = (halDir: string, provider = google) => ({ command: 'hal test', halDir, validate: true, provider })

  it('asks the bakery fields with the current values as defaults: Enter all the way changes nothing', async () => {
    const halDir = tempHalDir(GOOGLE_CONFIG)
    const done = askBakeryEdit(wizard(halDir), {})
    await answer('Zone - GCE zone the bake VM runs in (Packer\'s gce_zone), e.g. us-central1-f. (us-east1-b)', 'enter')
    for (const prompt of ['Network', 'Network project ID', 'Subnetwork', 'Use internal IP', 'Template file']) await answer(prompt, 'enter')
    // Rosco's defaults, accepted for the two fields the file leaves unset, leave them unset.
    expect(await done).toEqual({})
  })

  it('adds an oracle account, the passphrase never shown, and refuses a user OCID where the tenancy goes', async () => {
    const halDir = tempHalDir()
    const keyFile = join(halDir, '..', 'key.pem')
    const { writeFileSync } = await import('node:fs')
    writeFileSync(keyFile, '-----BEGIN RSA PRIVATE KEY-----\nx\n-----END RSA PRIVATE KEY-----\n')
    const done = askItemAdd(wizard(halDir, oracle), accounts, undefined, {})
    await answer('Account name', 'oci', 'enter')
    await answer('Compartment ID', 'ocid1.compartment.oc1..aaaa', 'enter')
    await answer('User ID', 'ocid1.user.oc1..aaaa', 'enter')
    await answer('Fingerprint', '12:34:56:78:9a:bc:de:f0:12:34:56:78:9a:bc:de:f0', 'enter')
    await answer('SSH private key file path', keyFile, 'enter')
    await answer('Private key passphrase', 'SENTINEL-42', 'enter')
    expect(screen.getScreen()).not.toContain('SENTINEL-42')
    await answer('Tenancy ID', 'ocid1.user.oc1..bbbb', 'enter')
    await answer('this is a user OCID; tenancyId needs a tenancy OCID', ...Array(20).fill('backspace'), 'ocid1.tenancy.oc1..aaaa', 'enter')
    await answer('Region', 'us-phoenix-1', 'enter')
    const added = await done
    expect(added.id).toBe('oci')
    expect(added.fields.own).toMatchObject({ tenancyId: 'ocid1.tenancy.oc1..aaaa', privateKeyPassphrase: 'SENTINEL-42', sshPrivateKeyFilePath: keyFile })
    expect(existsSync(join(halDir, 'config'))).toBe(false) // the command writes, not the questions
  })

  it('edits a base image chosen from the list: renamed, one field changed, the others kept', async () => {
    const halDir = tempHalDir(GOOGLE_CONFIG.replace('        zone:', '        baseImages:\n        - baseImage:\n            id: jammy\n            packageType: deb\n          virtualizationSettings:\n            sourceImageFamily: ubuntu-2204-lts\n        - baseImage:\n            id: rocky\n            packageType: rpm\n          virtualizationSettings:\n            sourceImageFamily: rocky-linux-9\n        zone:'))
    const done = askItemEdit(wizard(halDir), baseImages, undefined, {})
    await answer('Which base image?', 'down', 'enter')
    // Renaming onto another image's name is refused at the prompt.
    await answer('(rocky)', 'tab', ...Array(5).fill('backspace'), 'jammy', 'enter')
    await answer('Cannot rename base image rocky to jammy: a base image named jammy already exists', ...Array(5).fill('backspace'), 'rocky-9', 'enter')
    await answer('Short description', 'Rocky 9', 'enter')
    await answer('Detailed description', 'enter')
    await answer('Package type', 'enter')
    for (const prompt of ['Template file', 'Image family', 'OS type', 'Custom repository', 'Source image -', 'Source image family']) await answer(prompt, 'enter')
    expect(await done).toEqual({ id: 'rocky', newId: 'rocky-9', fields: { own: { shortDescription: 'Rocky 9' }, virtualization: {} } })
  })

  it('refuses an id that is taken before asking anything', async () => {
    const halDir = tempHalDir(GOOGLE_CONFIG.replace('        zone:', '        baseImages:\n        - baseImage:\n            id: ubuntu\n        zone:'))
    await expect(askItemAdd(wizard(halDir), baseImages, 'ubuntu', {})).rejects.toThrow('A base image named ubuntu already exists')
    expect(readFileSync(join(halDir, 'config'), 'utf8')).toContain('id: ubuntu')
  })
})
