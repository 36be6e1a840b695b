import { describe, expect, it } from 'vitest'
import { YamlEditor } from '../../src/config/edit.js'
import { selectDeployment } from '../../src/config/halconfig.js'
import { addItem, baseImages, editItem } from '../../src/bakery/bakery.js'

// Base images whose virtualizationSettings is a list of entries told apart by key fields (AWS:
// region and virtualizationType, Rosco's AWSBakeHandler.groovy:107-109): the key fields of an
// add or edit pick the entry; a pick that matches none adds one.

const KEY = ['region', 'virtualizationType'] as const

const halconfig = `currentDeployment: default
deploymentConfigurations:
- name: default
  providers:
    aws:
      enabled: true
      bakeryDefaults:
        baseImages:
        - baseImage:
            id: jammy
            packageType: deb
          virtualizationSettings:
          - region: us-east-1
            virtualizationType: hvm
            instanceType: t3.small
          - region: us-east-1
            virtualizationType: pv
            instanceType: m3.medium
`

function open() {
  const editor = new YamlEditor(halconfig, 'config')
  return { editor, d: selectDeployment(editor.current) }
}
const settings = (editor: YamlEditor) => editor.get(['deploymentConfigurations', 0, 'providers', 'aws', 'bakeryDefaults', 'baseImages', 0, 'virtualizationSettings'])
const thrown = (run: () => unknown) => { try { run() } catch (error) { return error as Error & { code?: string } } throw new Error('did not throw') }

describe('editing a base image whose settings are a list', () => {
  it('region and type pick the entry; only it changes, in place', () => {
    const { editor, d } = open()
    editItem(editor, baseImages, d, 'aws', 'jammy', { own: {}, virtualization: { region: 'us-east-1', virtualizationType: 'pv', instanceType: 'm5.large' }, settingsKey: KEY })
    expect(settings(editor)).toEqual([
      { region: 'us-east-1', virtualizationType: 'hvm', instanceType: 't3.small' },
      { region: 'us-east-1', virtualizationType: 'pv', instanceType: 'm5.large' },
    ])
  })

  it('a region and type it has no entry for: a new entry at the end', () => {
    const { editor, d } = open()
    editItem(editor, baseImages, d, 'aws', 'jammy', { own: {}, virtualization: { region: 'eu-west-1', virtualizationType: 'hvm', sourceAmi: 'ami-0123456789abcdef0' }, settingsKey: KEY })
    expect(settings(editor)).toHaveLength(3)
    expect(settings(editor)[2]).toEqual({ region: 'eu-west-1', virtualizationType: 'hvm', sourceAmi: 'ami-0123456789abcdef0' })
    expect(editor.current.text).toContain('        - region: eu-west-1\n')
  })

  it('a region with two types and no type given: refused, naming the flag', () => {
    const { editor, d } = open()
    const error = thrown(() => editItem(editor, baseImages, d, 'aws', 'jammy', { own: {}, virtualization: { region: 'us-east-1', instanceType: 'c5.large' }, settingsKey: KEY }))
    expect(error.message).toBe('base image jammy has 2 settings entries for us-east-1 (us-east-1/hvm, us-east-1/pv): say which with --virtualization-type')
    expect(error.code).toBe('SETTINGS_AMBIGUOUS')
  })

  it('a new region without a type: the entry takes the type a bake without vm_type looks for (the bakery default, else hvm; AWSBakeHandler.groovy:96)', () => {
    const { editor, d } = open()
    editItem(editor, baseImages, d, 'aws', 'jammy', { own: {}, virtualization: { region: 'ap-south-1', instanceType: 'c5.large' }, settingsKey: KEY })
    expect((settings(editor) as unknown[]).at(-1)).toEqual({ region: 'ap-south-1', virtualizationType: 'hvm', instanceType: 'c5.large' })
  })

  it('settings fields without a region or type: refused', () => {
    const { editor, d } = open()
    const error = thrown(() => editItem(editor, baseImages, d, 'aws', 'jammy', { own: {}, virtualization: { instanceType: 'c5.large' }, settingsKey: KEY }))
    expect(error.code).toBe('SETTINGS_NOT_CHOSEN')
    expect(error.message).toContain('say which with --region and --virtualization-type')
  })

  it('only the base image\'s own fields: the settings are left alone', () => {
    const { editor, d } = open()
    editItem(editor, baseImages, d, 'aws', 'jammy', { own: { shortDescription: 'Ubuntu 22.04' }, virtualization: {}, settingsKey: KEY })
    expect(settings(editor)).toHaveLength(2)
  })

  it('an empty value removes that field from the picked entry only', () => {
    const { editor, d } = open()
    editItem(editor, baseImages, d, 'aws', 'jammy', { own: {}, virtualization: { region: 'us-east-1', virtualizationType: 'hvm', instanceType: '' }, settingsKey: KEY })
    expect(settings(editor)[0]).toEqual({ region: 'us-east-1', virtualizationType: 'hvm' })
    expect(settings(editor)[1]).toEqual({ region: 'us-east-1', virtualizationType: 'pv', instanceType: 'm3.medium' })
  })
})

describe('adding a base image whose settings are a list', () => {
  it('with a region and type: one entry', () => {
    const { editor, d } = open()
    addItem(editor, baseImages, d, 'aws', 'noble', { own: { packageType: 'deb' }, virtualization: { region: 'us-west-2', virtualizationType: 'hvm', instanceType: 't3.small', sshUserName: 'ubuntu' }, settingsKey: KEY })
    expect(editor.get(['deploymentConfigurations', 0, 'providers', 'aws', 'bakeryDefaults', 'baseImages', 1])).toEqual({
      baseImage: { id: 'noble', packageType: 'deb' },
      virtualizationSettings: [{ region: 'us-west-2', virtualizationType: 'hvm', instanceType: 't3.small', sshUserName: 'ubuntu' }],
    })
  })

  it('without settings fields: no settings at all (not an object, not an empty entry)', () => {
    const { editor, d } = open()
    addItem(editor, baseImages, d, 'aws', 'noble', { own: { packageType: 'deb' }, virtualization: {}, settingsKey: KEY })
    expect(editor.get(['deploymentConfigurations', 0, 'providers', 'aws', 'bakeryDefaults', 'baseImages', 1])).toEqual({ baseImage: { id: 'noble', packageType: 'deb' } })
  })

  it('with settings but no type: the bakery\'s defaultVirtualizationType, else hvm', () => {
    const { editor, d } = open()
    addItem(editor, baseImages, d, 'aws', 'noble', { own: {}, virtualization: { region: 'us-west-2' }, settingsKey: KEY })
    expect(editor.get(['deploymentConfigurations', 0, 'providers', 'aws', 'bakeryDefaults', 'baseImages', 1, 'virtualizationSettings'])).toEqual([{ region: 'us-west-2', virtualizationType: 'hvm' }])
    editor.set(['deploymentConfigurations', 0, 'providers', 'aws', 'bakeryDefaults', 'defaultVirtualizationType'], 'pv')
    addItem(editor, baseImages, d, 'aws', 'trusty', { own: {}, virtualization: { region: 'us-west-2' }, settingsKey: KEY })
    expect(editor.get(['deploymentConfigurations', 0, 'providers', 'aws', 'bakeryDefaults', 'baseImages', 2, 'virtualizationSettings'])).toEqual([{ region: 'us-west-2', virtualizationType: 'pv' }])
  })
})
