import { describe, expect, it } from 'vitest'
import { YamlEditor } from '../../src/config/edit.js'
import { FAST_READ_BYTES, parseForReading } from '../../src/config/fast-read.js'
import { locatePath, parseYaml } from '../../src/config/source.js'
import type { ValuePath } from '../../src/model/value-path.js'

/** Deployments written the many ways people write them: comments, quoting, flow values, empty values, block scalars. */
function deployment(d: number, images: number): string {
  let out = `- name: d${d}   # deployment ${d}
  version: "1.26.${d}"
  providers:
    google:
      enabled: true
      accounts: [{name: acct, project: 'my-project'}]
      "primaryAccount": acct
      emptyValue:
      bakeryDefaults:
        # the zone
        zone: us-central1-f
        note: |
          a block scalar
          over lines
        baseImages:
`
  for (let i = 0; i < images; i++) {
    out += `        - baseImage:
            id: img-${d}-${i}
            'shortDescription': "image ${i}"
            packageType: deb

          virtualizationSettings:
            sourceImageFamily: ubuntu-2204-lts   # family
`
  }
  if (d % 2) out += '  timezone: America/Los_Angeles\n'
  return out
}

const large = (deployments = 12, images = 120) =>
  `# a large halconfig\ncurrentDeployment: d0\ndeploymentConfigurations:\n${Array.from({ length: deployments }, (_, d) => deployment(d, images)).join('')}trailing: {a: 1}\n`

function paths(value: unknown, prefix: ValuePath = []): ValuePath[] {
  const out: ValuePath[] = [prefix]
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])))
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]))
  return out
}

describe('large files', () => {
  const text = large()

  it('are read on the fast path (the test text is over the threshold)', () => {
    expect(text.length).toBeGreaterThan(FAST_READ_BYTES)
    expect(parseForReading(text, 'config').locate).toBeDefined()
  })

  it('read to the same value as the Document API', () => {
    expect(parseForReading(text, 'config').value).toEqual(parseYaml(text, 'config').value)
  })

  it('give every path, and paths that do not exist, the same line and column as the Document API', () => {
    const fast = parseForReading(text, 'config')
    const full = parseYaml(text, 'config')
    const all = paths(full.value).filter((_, i) => i % 7 === 0)
    all.push(['deploymentConfigurations', 3, 'providers', 'oracle', 'bakeryDefaults'], ['deploymentConfigurations', 5, 'nothing'], ['nope'], ['deploymentConfigurations', 99])
    expect(all.length).toBeGreaterThan(500)
    for (const path of all) {
      for (const preferKey of [false, true]) expect(fast.locate!(path, preferKey), `${path.join('.')} ${preferKey}`).toEqual(locatePath(full, path, preferKey))
    }
  })

  it('are edited one deployment at a time, byte for byte as the whole-document patch would', () => {
    const base = ['deploymentConfigurations', 7, 'providers', 'google', 'bakeryDefaults']
    const edits: Array<(e: YamlEditor) => void> = [
      (e) => e.set([...base, 'zone'], 'europe-west4-a'),
      (e) => e.set([...base, 'network'], 'on'),
      (e) => e.append([...base, 'baseImages'], { baseImage: { id: 'new', packageType: 'deb' } }),
      (e) => e.delete([...base, 'baseImages', 3]),
      (e) => e.set([...base, 'baseImages', 5, 'baseImage', 'shortDescription'], '1:20'),
      (e) => e.set(['deploymentConfigurations', 7, 'providers', 'google', 'emptyValue'], 'x'),
      (e) => e.set(['deploymentConfigurations', 7, 'providers', 'oracle'], { enabled: false }),
    ]
    for (const apply of edits) {
      const fast = new YamlEditor(text, 'config', parseForReading(text, 'config'))
      const full = new YamlEditor(text, 'config', parseYaml(text, 'config'))
      apply(fast)
      apply(full)
      expect(fast.text).toBe(full.text)
      expect(fast.log.at(-1)?.how).toBe('patch')
      expect(parseYaml(fast.text, 'config').value).toEqual(fast.value)
    }
  })
})
