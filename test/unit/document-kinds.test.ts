import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PROVIDERS } from '../../src/providers/index.js'
import { detectKind } from '../../src/config/kinds.js'
import { parseDocuments, readDocuments } from '../../src/config/documents.js'
import { findPlaceholders, resolveSpring } from '../../src/model/placeholders.js'
import { secretReferenceIssue } from '../../src/model/secrets.js'
import { parseYaml } from '../../src/config/source.js'
import { validateDocument } from '../../src/validate/index.js'
import { MODELLED_KEYS, springView } from '../../src/validate/spring.js'

const ROOT = join(import.meta.dirname, '..', '..')
const FIXTURES = join(ROOT, 'test', 'fixtures', 'documents')
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8')

function kindOf(name: string) {
  const text = fixture(name)
  return detectKind(name, text, parseDocuments(text, name).map((d) => d.value))
}

describe('detectKind on files of the shapes users keep', () => {
  it.each([
    ['spinnakerservice-kustomize.yml', 'spinnaker-service'],
    ['rosco-halyard-staged.yml', 'rosco'],
    ['rosco-local-packer-only.yml', 'rosco'],
    ['rosco-local-kebab.yml', 'rosco'],
    ['images-local.yml', 'rosco'],
    ['spinnaker-local.yml', 'pre-halyard'],
    ['deployment.json', 'deployment'],
    ['deployment-envsubst.yml', 'deployment'],
  ])('reads %s as %s', (name, kind) => {
    expect(kindOf(name).kind).toBe(kind)
  })

  it('reads a rosco-local.yml with only a provider\'s accounts as Rosco settings, by its name', () => {
    expect(detectKind('profiles/rosco-local.yml', '', [{ google: { enabled: true, accounts: [{ name: 'gce' }] } }])).toMatchObject({ kind: 'rosco', because: 'its name rosco-local.yml' })
    expect(detectKind('other.yml', '', [{ google: { enabled: true } }])).toMatchObject({ kind: 'unknown' })
  })

  it('finds the SpinnakerService in the second document of a kustomize file', () => {
    expect(kindOf('spinnakerservice-kustomize.yml')).toMatchObject({ documentIndex: 1, documents: 2 })
  })

  it('tells a script and a Packer template that YAML cannot read from a broken document', () => {
    expect(detectKind('install.sh', '#!/bin/bash\necho "a: $b"\n', [])).toMatchObject({ kind: 'unknown', script: true })
    expect(detectKind('t.json', '{\n  // comment\n  "builders": []\n}\n', [])).toMatchObject({ kind: 'packer-template' })
    // YAML reads both, as a string and as a mapping with an odd key: the text decides.
    const hcl = 'variable "gce_zone" {\n  type = string\n}\nsource "googlecompute" "x" {\n  zone = var.gce_zone\n}\n'
    expect(detectKind('custom.pkr.hcl', hcl, [parseYaml(hcl, 'custom.pkr.hcl').value])).toMatchObject({ kind: 'packer-template' })
    const commented = '{\n  // a comment\n  "builders": [{"type": "googlecompute"}]\n}\n'
    expect(detectKind('commented.json', commented, [parseYaml(commented, 'commented.json').value])).toMatchObject({ kind: 'packer-template' })
  })
})

describe('files of several documents', () => {
  it('reads the one document checked from a large file, at the lines and columns of the whole file', () => {
    const service = fixture('spinnakerservice-kustomize.yml')
    const padding = `apiVersion: v1\nkind: ConfigMap\ndata:\n  big: "${'x'.repeat(300_000)}"\n---\n`
    const small = readDocuments(service, 'small.yml')
    const large = readDocuments(padding + service, 'large.yml')
    expect(large.values).toHaveLength(3)
    expect(large.values.slice(1)).toEqual(small.values)
    const lines = (docs: typeof small, index: number) =>
      validateDocument(docs.parsed(index), { shape: 'deployment', at: ['spec', 'spinnakerConfig', 'config'] }).map((p) => [p.rule, p.line, p.column])
    expect(lines(large, 2)).toEqual(lines(small, 1).map(([rule, line, column]) => [rule, (line as number) + 5, column]))
  })
})

describe('Spring relaxed binding of Rosco files', () => {
  it('binds every key galley models: the list is every property of the providers\' schemas', () => {
    const names = new Set<string>()
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk)
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (key === 'properties') Object.keys(value as object).forEach((k) => names.add(k))
          walk(value)
        }
      }
    }
    for (const provider of PROVIDERS) walk(JSON.parse(readFileSync(join(ROOT, 'schemas', `${provider.schemaName ?? provider.name}.schema.json`), 'utf8')))
    expect([...MODELLED_KEYS].sort()).toEqual([...names].sort())
  })

  it('reads kebab-case, snake_case and upper-case keys as their camelCase property (Spring Boot ConfigurationPropertyName)', () => {
    const view = springView({ google: { 'bakery-defaults': { use_internal_ip: true, NETWORKPROJECTID: 'host', 'base-images': [{ 'base-image': { id: 'a', 'is-image-family': true } }] } } })
    expect(view.value).toEqual({ google: { bakeryDefaults: { useInternalIp: true, networkProjectId: 'host', baseImages: [{ baseImage: { id: 'a', isImageFamily: true } }] } } })
    expect(view.origin(['google', 'bakeryDefaults', 'baseImages', 0, 'baseImage', 'isImageFamily'])).toEqual(['google', 'bakery-defaults', 'base-images', 0, 'base-image', 'is-image-family'])
  })

  // spinnaker/rosco rosco-core/.../google/GCEBakeHandler.groovy l.60-68: new fields win unless unset; new base images first.
  it('merges the deprecated google.gce.bakeryDefaults as GCEBakeHandler does', () => {
    const view = springView({ google: { bakeryDefaults: { zone: 'z-new', baseImages: [{ baseImage: { id: 'new' } }] }, gce: { bakeryDefaults: { zone: 'z-old', network: 'old-net', baseImages: [{ baseImage: { id: 'old' } }] } } } })
    expect(view.value.google).toEqual({ bakeryDefaults: { zone: 'z-new', network: 'old-net', baseImages: [{ baseImage: { id: 'new' } }, { baseImage: { id: 'old' } }] } })
    expect(view.origin(['google', 'bakeryDefaults', 'network'])).toEqual(['google', 'gce', 'bakeryDefaults', 'network'])
    expect(view.origin(['google', 'bakeryDefaults', 'baseImages', 1, 'baseImage', 'id'])).toEqual(['google', 'gce', 'bakeryDefaults', 'baseImages', 0, 'baseImage', 'id'])
    expect(view.deprecatedNesting).toEqual(['google', 'gce', 'bakeryDefaults'])
  })

  it('resolves ${NAME:default} from the file itself, else the default, and keeps the rest as unresolved', () => {
    const view = springView({ services: { rosco: { port: 8087 } }, google: { bakeryDefaults: { zone: '${ZONE:us-east1-b}', network: '${NET}', templateFile: 'gce-${services.rosco.port}.json' } } })
    expect(view.value.google).toEqual({ bakeryDefaults: { zone: 'us-east1-b', network: '${NET}', templateFile: 'gce-8087.json' } })
    expect(view.unresolved.map((u) => u.placeholder.text)).toEqual(['${NET}'])
    expect(resolveSpring('${A:fallback}-${B}', (name) => (name === 'B' ? 'b' : undefined)).value).toBe('fallback-b')
    expect(resolveSpring('${A:${B:x}}', () => undefined).value).toBe('x')
    expect(resolveSpring('${services.redis.baseUrl:redis://localhost:6379}', () => undefined).value).toBe('redis://localhost:6379')
  })

  it('validates a kebab-case file exactly as its camelCase twin', () => {
    const twin = (name: string) => validateDocument(parseYaml(fixture(name), name), { shape: 'rosco' })
      .map((p) => ({ rule: p.rule, severity: p.severity, line: p.line, location: p.location, message: p.message.replace('"ssh-username"', '"sshUsername"') }))
    const kebab = twin('rosco-local-kebab.yml')
    expect(kebab).toEqual(twin('rosco-local-camel.yml'))
    expect(kebab.map((p) => p.rule).sort()).toEqual(['bakery/package-type', 'config/placeholder', 'google/zone', 'rosco/ignored-key'])
  })
})

describe('messages name things', () => {
  const problems = (text: string) => validateDocument(parseYaml(text, 'config'), { shape: 'halconfig' }).map((p) => p.message)
  const halconfig = (deployment: string) => `currentDeployment: prod\ndeploymentConfigurations:\n- name: prod\n${deployment}`

  it('names the deployment of an unknown key, never its index (was: Unknown key "managedDelivery" in 0.)', () => {
    expect(problems(halconfig('  managedDelivery:\n    enabled: true\n'))).toContain('Unknown key "managedDelivery" in deployment prod.')
  })

  it('names a base image entry that lacks baseImage by its id, or says which entry it is (was: 0 needs "baseImage")', () => {
    const google = (entry: string) => halconfig(`  providers:\n    google:\n      enabled: false\n      bakeryDefaults:\n        baseImages:\n${entry}`)
    expect(problems(google('        - id: flat-id\n          packageType: deb\n'))).toContain('Base image flat-id needs "baseImage": its id, packageType belong under baseImage: (and its source under virtualizationSettings:), where Halyard and Rosco read them.')
    expect(problems(google('        - virtualizationSettings:\n            sourceImage: x\n'))).toContain('The first base image (it has no id) needs "baseImage".')
  })

  it('reports a base image written flat (no baseImage: level) once, saying where its keys go', () => {
    const problems = validateDocument(parseYaml(fixture('rosco-local-flat-images.yml'), 'rosco-local.yml'), { shape: 'rosco' })
    expect(problems.filter((p) => p.severity === 'error').map((p) => p.message)).toEqual([
      'Base image acme-jammy needs "baseImage": its id, shortDescription, detailedDescription, packageType, isImageFamily belong under baseImage: (and its source under virtualizationSettings:), where Rosco reads them.',
    ])
    expect(problems.filter((p) => p.rule === 'rosco/ignored-key')).toEqual([])
  })

  it('names a base image without an id by its place, never undefined (was: ... must be specified for undefined.)', () => {
    const found = problems(halconfig('  providers:\n    google:\n      enabled: false\n      bakeryDefaults:\n        baseImages:\n        - baseImage:\n            packageType: deb\n'))
    expect(found).toContain('Either source image or source image family must be specified for #1 without an id.')
    expect(found.join('\n')).not.toMatch(/undefined/)
  })
})

// Each engine's validate() in spinnaker/kork: AbstractStorageSecretEngine (s3: b, r, f), GcsSecretEngine (b, f),
// SecretsManagerSecretEngine (s, r; no k on files), GoogleSecretsManagerSecretEngine (p, s), KubernetesSecretEngine (n, k).
describe('secret references as kork-secrets reads them', () => {
  it.each([
    'encrypted:s3!r:us-west-2!b:bucket!f:secrets.yml!k:gce.password',
    'encryptedFile:s3!r:us-west-2!b:bucket!f:key.json',
    'encrypted:gcs!b:bucket!f:secrets.yml!k:oci.passphrase',
    'encrypted:secrets-manager!r:us-east-1!s:spinnaker!k:password',
    'encrypted:google-secrets-manager!p:123456!s:spinnaker!k:password',
    'encryptedFile:k8s!n:spin-secrets!k:gce.json',
    'encrypted:noop!v:plain',
  ])('accepts %s', (reference) => {
    expect(secretReferenceIssue(reference)).toBeUndefined()
  })

  it.each([
    ['encryptedFile:k8s!n:secret:key', /lacks !k: \(key in the secret\).*a ":" where "!k:" was meant/],
    ['encrypted:s3!b:bucket!f:secrets.yml', /lacks !r: \(region\), which the s3 engine requires/],
    ['encrypted:gcs!f:secrets.yml', /lacks !b: \(bucket\)/],
    ['encryptedFile:secrets-manager!r:us-east-1!s:name!k:key', /encryptedFile with !k:, which the secrets-manager engine refuses/],
    ['encrypted:k8s', /malformed: it has no !KEY:VALUE parameter/],
    ['Encrypted:k8s!n:a!k:b', /malformed: the prefix is written "Encrypted:"/],
    ['encrypted:k8s!n:a!kb', /malformed: the part "!kb" has no ":"/],
  ])('reports %s', (reference, message) => {
    expect(secretReferenceIssue(reference)).toMatchObject({ severity: 'error', message: expect.stringMatching(message) })
  })

  it('never shows what follows the prefix of a value that is no reference (it may be the secret itself)', () => {
    expect(secretReferenceIssue('encrypted:hunter2-password')?.message).toBe('Secret reference "encrypted:…" is malformed: it has no !KEY:VALUE parameter after the engine; Spinnaker would not decrypt it and would use the text itself.')
  })

  it('only notes an engine it does not know', () => {
    expect(secretReferenceIssue('encrypted:vault!e:secret!n:spinnaker!k:password')?.severity).toBe('info')
  })
})

describe('placeholders meant for envsubst and Spring', () => {
  it('finds ${VAR}, ${VAR:default}, $VAR, {%VAR%} and <change-me>, and leaves plain text alone', () => {
    expect(findPlaceholders('gce-${ENV}-$REGION {%ZONE%}').map((m) => m.text)).toEqual(['${ENV}', '$REGION', '{%ZONE%}'])
    expect(findPlaceholders('${ZONE:us-central1-f}')[0]).toMatchObject({ style: 'spring', name: 'ZONE', fallback: 'us-central1-f' })
    expect(findPlaceholders('<change-me>')[0]).toMatchObject({ style: 'fill-in' })
    for (const plain of ['pa$word', 'price: $5', 'a < b', 'us-central1-f']) expect(findPlaceholders(plain)).toEqual([])
  })

  it('never lists what looks like a placeholder inside a secret\'s field: it may be part of the secret', () => {
    const text = 'name: prod\nproviders:\n  oracle:\n    accounts:\n    - name: oci\n      privateKeyPassphrase: "hunter2 $PART of it"\n'
    const [problem] = validateDocument(parseYaml(text, 'deployment.yml'), { shape: 'deployment' }).filter((p) => p.rule === 'config/placeholder')
    expect(problem.message).toContain('(the value of privateKeyPassphrase)')
    expect(problem.message).not.toContain('$PART')
  })

  it('reports the placeholders of a file once, as a warning, instead of format errors', () => {
    const problems = validateDocument(parseYaml(fixture('deployment-envsubst.yml'), 'deployment-envsubst.yml'), { shape: 'deployment' })
    expect(problems.filter((p) => p.severity === 'error')).toEqual([])
    const placeholder = problems.filter((p) => p.rule === 'config/placeholder')
    expect(placeholder).toHaveLength(1)
    expect(placeholder[0]).toMatchObject({ severity: 'warning', line: 2, message: expect.stringContaining('6 values hold placeholders') })
  })
})
