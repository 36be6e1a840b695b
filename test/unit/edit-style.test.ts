import { describe, expect, it } from 'vitest'
import { YamlEditor } from '../../src/config/edit.js'
import { GalleyError } from '../../src/lib/errors.js'

/** Lines of `after` that differ from `before` (same line count assumed unless noted). */
function changedLines(before: string, after: string): { removed: string[]; added: string[] } {
  const a = before.split('\n')
  const b = after.split('\n')
  const removed = a.filter((line, i) => !b.includes(line) || b.indexOf(line) === -1)
  const added = b.filter((line) => !a.includes(line))
  return { removed, added }
}

const prettyDeployment = JSON.stringify({
  name: 'default',
  version: '1.30.1',
  providers: {
    google: {
      enabled: true,
      accounts: [{ name: 'gce', project: 'my-project' }],
      bakeryDefaults: { zone: 'us-central1-f', network: 'default', useInternalIp: false, baseImages: [] },
    },
  },
  timezone: 'UTC',
}, null, 2) + '\n'

describe('edits keep a JSON document JSON', () => {
  it('changes one value of a pretty-printed JSON deployment on its own line only', () => {
    const editor = new YamlEditor(prettyDeployment, 'd.json')
    editor.format = 'json'
    editor.set(['providers', 'google', 'bakeryDefaults', 'zone'], 'europe-west4-a')
    expect(editor.text).toBe(prettyDeployment.replace('"zone": "us-central1-f"', '"zone": "europe-west4-a"'))
  })

  it('adds a key as one new JSON line at its neighbours\' indentation', () => {
    const editor = new YamlEditor(prettyDeployment, 'd.json')
    editor.format = 'json'
    editor.deploymentRoot = []
    editor.set(['providers', 'google', 'bakeryDefaults', 'networkProjectId'], 'host-project')
    expect(JSON.parse(editor.text).providers.google.bakeryDefaults.networkProjectId).toBe('host-project')
    const { added } = changedLines(prettyDeployment, editor.text)
    expect(added).toEqual(['        "networkProjectId": "host-project",'])
    expect(editor.text.split('\n').length).toBe(prettyDeployment.split('\n').length + 1)
  })

  it('appends an object to an empty JSON list as indented JSON', () => {
    const editor = new YamlEditor(prettyDeployment, 'd.json')
    editor.format = 'json'
    editor.append(['providers', 'google', 'bakeryDefaults', 'baseImages'], { baseImage: { id: 'ubuntu', packageType: 'deb' } })
    const value = JSON.parse(editor.text)
    expect(value.providers.google.bakeryDefaults.baseImages).toEqual([{ baseImage: { id: 'ubuntu', packageType: 'deb' } }])
    expect(editor.text).toContain('"baseImages": [\n          {\n            "baseImage": {')
  })

  it('removes a key and its comma, leaving the rest byte for byte', () => {
    const editor = new YamlEditor(prettyDeployment, 'd.json')
    editor.format = 'json'
    editor.delete(['providers', 'google', 'bakeryDefaults', 'network'])
    expect(editor.text).toBe(prettyDeployment.replace('        "network": "default",\n', ''))
    editor.delete(['timezone'])
    expect(JSON.parse(editor.text).timezone).toBeUndefined()
    expect(editor.text.endsWith('}\n')).toBe(true)
  })

  it('keeps a one-line JSON document on one line', () => {
    const text = '{"name":"default","providers":{"google":{"enabled":false}}}\n'
    const editor = new YamlEditor(text, 'd.json')
    editor.format = 'json'
    editor.set(['providers', 'google', 'enabled'], true)
    expect(editor.text).toBe('{"name":"default","providers":{"google":{"enabled":true}}}\n')
    editor.set(['providers', 'google', 'bakeryDefaults'], { zone: 'a' })
    expect(editor.text.split('\n').length).toBe(2)
    expect(JSON.parse(editor.text).providers.google.bakeryDefaults).toEqual({ zone: 'a' })
  })
})

describe('edits keep YAML style', () => {
  it('adds to a flow mapping inside the braces', () => {
    const text = 'providers:\n  google:\n    bakeryDefaults: {zone: us-central1-f, network: default}\n'
    const editor = new YamlEditor(text, 'c.yml')
    editor.set(['providers', 'google', 'bakeryDefaults', 'networkProjectId'], 'host')
    expect(editor.text).toBe('providers:\n  google:\n    bakeryDefaults: {zone: us-central1-f, network: default, networkProjectId: host}\n')
  })

  it('double-quotes new values where every value is double-quoted', () => {
    const text = 'name: "default"\nproviders:\n  google:\n    enabled: "true"\n    bakeryDefaults:\n      zone: "us-central1-f"\n'
    const editor = new YamlEditor(text, 'c.yml')
    editor.set(['providers', 'google', 'bakeryDefaults', 'network'], 'bakery')
    expect(editor.text).toContain('      network: "bakery"\n')
  })

  it('leaves new values plain where the neighbours are plain', () => {
    const text = 'providers:\n  google:\n    bakeryDefaults:\n      zone: us-central1-f\n'
    const editor = new YamlEditor(text, 'c.yml')
    editor.set(['providers', 'google', 'bakeryDefaults', 'network'], 'bakery')
    expect(editor.text).toContain('      network: bakery\n')
  })
})

describe('values shared through anchors', () => {
  const text = [
    'deploymentConfigurations:',
    '- name: a',
    '  providers:',
    '    google:',
    '      bakeryDefaults: &bakery',
    '        zone: us-central1-f',
    '- name: b',
    '  providers:',
    '    google:',
    '      bakeryDefaults: *bakery',
    '',
  ].join('\n')

  it('refuses an edit through an alias, naming the anchor and the alias line', () => {
    const editor = new YamlEditor(text, 'config')
    let error: unknown
    try {
      editor.set(['deploymentConfigurations', 1, 'providers', 'google', 'bakeryDefaults', 'zone'], 'europe-west4-a')
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(GalleyError)
    expect((error as GalleyError).exitCode).toBe(1)
    expect((error as GalleyError).message).toMatch(/anchor &bakery \(line 5\) and its alias \*bakery \(line 10\)/)
    expect(editor.text).toBe(text)
  })

  it('refuses an edit of the anchored value that an alias uses', () => {
    const editor = new YamlEditor(text, 'config')
    expect(() => editor.set(['deploymentConfigurations', 0, 'providers', 'google', 'bakeryDefaults', 'zone'], 'x')).toThrow(/shared through the YAML anchor &bakery/)
  })

  it('allows replacing the alias itself with a value of its own', () => {
    const editor = new YamlEditor(text, 'config')
    editor.set(['deploymentConfigurations', 1, 'providers', 'google', 'bakeryDefaults'], { zone: 'x' })
    expect(editor.get(['deploymentConfigurations', 0, 'providers', 'google', 'bakeryDefaults', 'zone'])).toBe('us-central1-f')
    expect(editor.get(['deploymentConfigurations', 1, 'providers', 'google', 'bakeryDefaults', 'zone'])).toBe('x')
  })
})
