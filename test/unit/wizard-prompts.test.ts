import { confirm, input, password, search, select } from '@inquirer/prompts'
import { render } from '@inquirer/testing'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Field, Provider } from '../../src/providers/index.js'
import { google } from '../../src/providers/google.js'
import { oracle } from '../../src/providers/oracle.js'
import { parseYaml } from '../../src/config/source.js'
import { validateDocument } from '../../src/validate/index.js'
import { openScratch } from '../../src/wizard/checks.js'
import { changesFrom, labelOf, questionFor,  } from '../../src/wizard/fields.js'
import { shapeChoices } from '../../src/providers/oracle/shape-choices.js'
import { bakeryTarget, fieldChecker } from '../../src/wizard/items.js'
import { tempHalDir } from '../helpers/hal.js'

const CONFIG = 'currentDeployment: default\ndeploymentConfigurations:\n- name: default\n'
const fieldOf = (p: Provider, key: string): Field => [...p.bakery, ...p.image, ...p.virtualization, ...p.account].find((f) => f.key === key)!

/** The bakery question for one field, checked exactly as the wizard checks it: by the rules, on a scratch copy of the config. */
function bakeryQuestion(p: Provider, key: string) {
  const scratch = openScratch(tempHalDir(CONFIG))
  const target = bakeryTarget(p, scratch)
  const check = fieldChecker(scratch, target)
  return questionFor(fieldOf(p, key), target.current[key], (value) => check(key, value, { ...target.current, [key]: value }))
}

/** What `hal config validate` says about this bakery value. */
function validateSays(provider: string, key: string, value: string): string {
  const text = `${CONFIG}  providers:\n    ${provider}:\n      bakeryDefaults:\n        ${key}: ${value}\n`
  const problems = validateDocument(parseYaml(text, 'config'), { shape: 'halconfig' })
  return problems.find((p) => p.path.endsWith(`/${key}`) && p.severity === 'error')!.message
}

const backspaces = (events: { keypress: (key: string) => void }, n: number) => {
  for (let i = 0; i < n; i++) events.keypress('backspace')
}

describe('a field\'s prompt', () => {
  it('is labelled from its key, with the schema\'s description as help while it is asked', async () => {
    const { answer, events, getScreen } = await render(input, bakeryQuestion(google, 'zone').config)
    expect(getScreen()).toBe('? Zone - GCE zone the bake VM runs in (Packer\'s gce_zone), e.g. us-central1-f. (us-central1-f)')
    events.keypress('enter')
    await expect(answer).resolves.toBe('us-central1-f')
    expect(getScreen()).toBe('✔ Zone us-central1-f')
    expect([labelOf('useInternalIp'), labelOf('sshPrivateKeyFilePath'), labelOf('subnetId')]).toEqual(['Use internal IP', 'SSH private key file path', 'Subnet ID'])
  })

  it('refuses a bad zone with the message hal config validate gives, then takes a good one', async () => {
    const { answer, events, getScreen, nextRender } = await render(input, bakeryQuestion(google, 'zone').config)
    events.type('US-CENTRAL1-F')
    events.keypress('enter')
    await nextRender()
    expect(getScreen()).toContain('> Zone "US-CENTRAL1-F" is not valid: zone names are lowercase. Use "us-central1-f".')
    expect(getScreen()).toContain(validateSays('google', 'zone', 'US-CENTRAL1-F'))
    backspaces(events, 'US-CENTRAL1-F'.length)
    events.type('europe-west4-a')
    events.keypress('enter')
    await expect(answer).resolves.toBe('europe-west4-a')
    expect(getScreen()).toBe('✔ Zone europe-west4-a')
  })

  it('refuses a VCN OCID where a subnet OCID belongs', async () => {
    const { answer, events, getScreen, nextRender } = await render(input, bakeryQuestion(oracle, 'subnetId').config)
    events.type('ocid1.vcn.oc1.phx.aaaa')
    events.keypress('enter')
    await nextRender()
    expect(getScreen()).toContain(validateSays('oracle', 'subnetId', 'ocid1.vcn.oc1.phx.aaaa'))
    expect(getScreen()).toContain('this is a vcn OCID; subnetId needs a subnet OCID')
    backspaces(events, 'ocid1.vcn.oc1.phx.aaaa'.length)
    events.type('ocid1.subnet.oc1.phx.aaaa')
    events.keypress('enter')
    await expect(answer).resolves.toBe('ocid1.subnet.oc1.phx.aaaa')
  })

  it('takes the current value on Enter, and an emptied answer removes it', async () => {
    const question = questionFor(fieldOf(google, 'network'), 'bakery-net')
    const kept = await render(input, question.config)
    expect(kept.getScreen()).toContain('(bakery-net)')
    kept.events.keypress('enter')
    expect(question.value(await kept.answer)).toBe('bakery-net')
    const cleared = await render(input, question.config)
    cleared.events.keypress('backspace')
    cleared.events.keypress('enter')
    expect(question.value(await cleared.answer)).toBeUndefined()
  })

  it('offers the package types Rosco knows as a list, chosen with the arrow keys', async () => {
    const question = questionFor(fieldOf(google, 'packageType'), undefined)
    expect(question.kind).toBe('select')
    const { answer, events, getScreen } = await render(select, question.config)
    expect(getScreen()).toContain('❯ deb   Debian, Ubuntu')
    events.keypress('down')
    expect(getScreen()).toContain('❯ rpm   RHEL, Oracle Linux, Rocky')
    events.keypress('enter')
    await expect(answer).resolves.toBe('rpm')
    expect(getScreen()).toBe('✔ Package type rpm')
  })

  it('starts the list at the current package type, whatever its case', async () => {
    const { answer, events } = await render(select, questionFor(fieldOf(oracle, 'packageType'), 'RPM').config)
    events.keypress('enter')
    await expect(answer).resolves.toBe('rpm')
  })

  it('searches the catalogue of OCI shapes as the name is typed', async () => {
    const question = questionFor(fieldOf(oracle, 'instanceShape'), undefined)
    expect(question.kind).toBe('search')
    const { answer, events, getScreen, nextRender } = await render(search, question.config)
    await nextRender()
    expect(getScreen()).toContain('VM.Standard.E4.Flex')
    events.type('a1')
    await nextRender()
    expect(getScreen()).toContain('❯ VM.Standard.A1.Flex')
    expect(getScreen()).toContain('BM.Standard.A1.160')
    expect(getScreen()).not.toContain('VM.Standard.E4.Flex')
    events.keypress('down')
    events.keypress('up')
    events.keypress('enter')
    await expect(answer).resolves.toBe('VM.Standard.A1.Flex')
  })

  it('offers a well-formed shape galley does not know, and keeps a current one', () => {
    expect(shapeChoices('VM.Standard.E9.Flex')[0]).toMatchObject({ value: 'VM.Standard.E9.Flex', name: 'VM.Standard.E9.Flex (not in galley\'s catalogue)' })
    expect(shapeChoices('vm.nothing')).toEqual([])
    expect(shapeChoices(undefined, 'VM.Custom.Z1.2')[0].value).toBe('VM.Custom.Z1.2')
    // Current shapes first, then the previous generation.
    const order = shapeChoices(undefined).map((c) => c.description!.includes('previous generation'))
    expect(order.indexOf(true)).toBeGreaterThan(0)
    expect(order.slice(order.indexOf(true)).every(Boolean)).toBe(true)
  })

  it('never echoes a secret, and keeps the stored one when left empty', async () => {
    const question = questionFor(fieldOf(oracle, 'privateKeyPassphrase'), 'old-secret')
    expect(question.kind).toBe('password')
    const typed = await render(password, question.config)
    expect(typed.getScreen()).toContain('Private key passphrase (Enter keeps the current one)')
    typed.events.type('SENTINEL-42')
    expect(typed.getScreen()).not.toContain('SENTINEL-42')
    typed.events.keypress('enter')
    expect(question.value(await typed.answer)).toBe('SENTINEL-42')
    expect(typed.getScreen()).not.toContain('SENTINEL-42')
    const empty = await render(password, question.config)
    empty.events.keypress('enter')
    expect(question.value(await empty.answer)).toBe('old-secret')
  })

  it('asks a yes/no question for a boolean, the current value as default', async () => {
    const question = questionFor(fieldOf(google, 'useInternalIp'), true)
    const { answer, events, getScreen } = await render(confirm, question.config)
    expect(getScreen()).toContain('(Y/n)')
    events.keypress('enter')
    await expect(answer).resolves.toBe(true)
  })

  it('reads a list as comma-separated values', async () => {
    const question = questionFor(fieldOf(google, 'imageProjects'), ['debian-cloud'])
    const { answer, events, getScreen } = await render(input, question.config)
    expect(getScreen()).toContain('(debian-cloud)')
    events.keypress('tab') // edit the current value
    events.type(', rocky-linux-cloud ,')
    events.keypress('enter')
    expect(question.value(await answer)).toEqual(['debian-cloud', 'rocky-linux-cloud'])
  })

  it('expands ~ and makes a relative key file path absolute, as the shell would', () => {
    const question = questionFor(fieldOf(google, 'jsonPath'), undefined)
    expect(question.value('~/.gcp/key.json')).toBe(join(homedir(), '.gcp', 'key.json'))
    expect(question.value('key.json')).toBe(join(process.cwd(), 'key.json'))
    expect(question.value('  ')).toBeUndefined()
  })
})

describe('the answers', () => {
  it('change only what differs from the current values: a new value, or "" to remove one', () => {
    const fields = google.bakery
    const current = { zone: 'us-central1-f', network: 'default', useInternalIp: false }
    const answers = { zone: 'europe-west4-a', network: undefined, useInternalIp: false, subnetwork: 'sub' }
    expect(changesFrom(fields, current, answers)).toEqual({ zone: 'europe-west4-a', network: '', subnetwork: 'sub' })
    expect(changesFrom(fields, current, current)).toEqual({})
  })

  it('leave an unset field unset when the answer is the schema\'s default (Rosco\'s own)', () => {
    const answers = { zone: 'us-central1-f', network: 'default', useInternalIp: false, templateFile: 'gce.json' }
    expect(changesFrom(google.bakery, {}, answers)).toEqual({})
    expect(changesFrom(google.bakery, {}, { ...answers, zone: 'europe-west4-a', useInternalIp: true })).toEqual({ zone: 'europe-west4-a', useInternalIp: true })
  })
})
