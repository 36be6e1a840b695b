import { describe, expect, it } from 'vitest'
import { YamlEditor } from '../../src/config/edit.js'

const HAND_WRITTEN = `# Our halconfig. Reviewed by the platform team.
currentDeployment: default   # the one we deploy

deploymentConfigurations:
- name: default
  version: 1.26.6   # pinned
  providers:
    google:
      enabled: true
      accounts:
      - name: gce   # service account
        project: 'my-project'
        jsonPath: /home/me/.gcp/key.json
      bakeryDefaults:
        zone: "us-central1-f"
        network: default

        # images we bake on
        baseImages:
        - baseImage:
            id: ubuntu-2204
            packageType: deb
          virtualizationSettings:
            sourceImageFamily: ubuntu-2204-lts
  timezone: America/Los_Angeles
# notes at the end
someUnknownSection:
  keep: [1, 2,   3]
`

const edit = (text = HAND_WRITTEN) => new YamlEditor(text, 'config')
const BAKERY = ['deploymentConfigurations', 0, 'providers', 'google', 'bakeryDefaults']

describe('YamlEditor', () => {
  it('changes a scalar and nothing else, keeping its quoting', () => {
    const editor = edit().set([...BAKERY, 'zone'], 'europe-west4-a')
    expect(editor.text).toBe(HAND_WRITTEN.replace('"us-central1-f"', '"europe-west4-a"'))
    expect(editor.log.at(-1)?.how).toBe('patch')
  })

  it('adds a new key in Halyard\'s order: useInternalIp goes after network', () => {
    const editor = edit().set([...BAKERY, 'useInternalIp'], true)
    expect(editor.text).toBe(HAND_WRITTEN.replace('        network: default\n', '        network: default\n        useInternalIp: true\n'))
  })

  it('adds a key that comes first in Halyard\'s order before the existing ones', () => {
    const editor = edit().set([...BAKERY, 'templateFile'], 'custom.json')
    expect(editor.text).toBe(HAND_WRITTEN.replace('        zone: "us-central1-f"', '        templateFile: custom.json\n        zone: "us-central1-f"'))
  })

  it('appends a list item at the list\'s indentation, keeping the blank line and comment above the list', () => {
    const image = { baseImage: { id: 'rocky-9', packageType: 'rpm' }, virtualizationSettings: { sourceImageFamily: 'rocky-linux-9' } }
    const editor = edit().append([...BAKERY, 'baseImages'], image)
    expect(editor.text).toBe(
      HAND_WRITTEN.replace(
        '            sourceImageFamily: ubuntu-2204-lts\n',
        '            sourceImageFamily: ubuntu-2204-lts\n        - baseImage:\n            id: rocky-9\n            packageType: rpm\n          virtualizationSettings:\n            sourceImageFamily: rocky-linux-9\n',
      ),
    )
  })

  it('deletes a key with its trailing comment and leaves the neighbours alone', () => {
    const editor = edit().delete(['deploymentConfigurations', 0, 'version'])
    expect(editor.text).toBe(HAND_WRITTEN.replace('  version: 1.26.6   # pinned\n', ''))
  })

  it('deletes the first key of a list item by pulling the next key up to the dash', () => {
    const editor = edit().delete(['deploymentConfigurations', 0, 'providers', 'google', 'accounts', 0, 'name'])
    expect(editor.text).toBe(HAND_WRITTEN.replace("      - name: gce   # service account\n        project: 'my-project'", "      - project: 'my-project'"))
  })

  it('deletes a list item; the only item leaves an empty list', () => {
    const editor = edit().delete([...BAKERY, 'baseImages', 0])
    expect(editor.value).toMatchObject({ deploymentConfigurations: [{ providers: { google: { bakeryDefaults: { baseImages: [] } } } }] })
    expect(editor.text).toContain('# notes at the end\nsomeUnknownSection:\n  keep: [1, 2,   3]\n')
  })

  it('creates missing parents in Halyard\'s key order', () => {
    const editor = edit().set(['deploymentConfigurations', 0, 'providers', 'oracle', 'bakeryDefaults', 'subnetId'], 'ocid1.subnet.oc1.phx.aaaa')
    expect(editor.text).toBe(
      HAND_WRITTEN.replace(
        '  timezone: America/Los_Angeles',
        '    oracle:\n      bakeryDefaults:\n        subnetId: ocid1.subnet.oc1.phx.aaaa\n  timezone: America/Los_Angeles',
      ),
    )
  })

  it('fills a key that has no value yet', () => {
    const editor = edit('providers:\n  google:\n    bakeryDefaults:\n').set(['providers', 'google', 'bakeryDefaults', 'zone'], 'us-east1-b')
    expect(editor.text).toBe('providers:\n  google:\n    bakeryDefaults:\n      zone: us-east1-b\n')
  })

  it('writes into an empty document after its comments', () => {
    const editor = edit('# nothing yet\n').set(['currentDeployment'], 'default')
    expect(editor.text).toBe('# nothing yet\ncurrentDeployment: default\n')
  })

  it('keeps CRLF line endings', () => {
    const editor = edit('a: 1\r\nb:\r\n  c: 2\r\n').set(['b', 'd'], 3)
    expect(editor.text).toBe('a: 1\r\nb:\r\n  c: 2\r\n  d: 3\r\n')
  })

  it('follows a file whose lists are indented under their key', () => {
    const editor = edit('items:\n  - a\n  - b\n').append(['items'], 'c')
    expect(editor.text).toBe('items:\n  - a\n  - b\n  - c\n')
  })

  it('quotes values that YAML would otherwise read as another type', () => {
    const editor = edit('a: x\n').set(['a'], 'true').set(['b'], '0123')
    expect(editor.value).toEqual({ a: 'true', b: '0123' })
  })

  it('reports no change when the value is already there, leaving the text identical', () => {
    const editor = edit().set([...BAKERY, 'network'], 'default')
    expect(editor.changed).toBe(false)
    expect(editor.text).toBe(HAND_WRITTEN)
  })

  it('falls back to re-rendering for flow collections it cannot patch, still with the right value', () => {
    const editor = edit('a: {b: 1, c: [x, y]}\n').append(['a', 'c'], 'z')
    expect(editor.value).toEqual({ a: { b: 1, c: ['x', 'y', 'z'] } })
  })
})
