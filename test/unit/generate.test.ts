import { describe, expect, it } from 'vitest'
import { diffDeployments, renderChanges, summarize } from '../../src/generate/diff.js'
import { configMapKey, kustomizeComponent } from '../../src/generate/kustomize.js'
import { operatorFileKey } from '../../src/generate/operator.js'
import { plainSecrets, roscoSettings, springMerge } from '../../src/generate/rosco.js'

const image = (id: string, extra: Record<string, unknown> = {}) => ({ baseImage: { id, packageType: 'deb', ...extra }, virtualizationSettings: { sourceImageFamily: `${id}-family` } })
const withGoogle = (google: Record<string, unknown>) => ({ name: 'default', providers: { google: { enabled: true, accounts: [{ name: 'gce', project: 'p' }], ...google } } })
const merge = { baseImages: 'merge' as const, secretsDir: '/opt/spinnaker/secrets' }

describe('roscoSettings', () => {
  it('renames imageFamily to isImageFamily and writes it only when true (Rosco\'s default is false)', () => {
    const { settings } = roscoSettings(withGoogle({ bakeryDefaults: { baseImages: [image('a', { imageFamily: true }), image('b', { imageFamily: false })] } }), undefined, { ...merge, baseImages: 'replace' })
    const images = (settings.google as any).bakeryDefaults.baseImages
    expect(images[0].baseImage).toEqual({ id: 'a', packageType: 'deb', isImageFamily: true })
    expect(images[1].baseImage).toEqual({ id: 'b', packageType: 'deb' })
  })

  it('fills the bakery defaults Halyard would have written', () => {
    const { settings } = roscoSettings(withGoogle({}), undefined, merge)
    expect((settings.google as any).bakeryDefaults).toMatchObject({ zone: 'us-central1-f', network: 'default', useInternalIp: false, templateFile: 'gce.json' })
  })

  it('merge appends Rosco\'s stock google images whose id the halconfig does not use; replace does not', () => {
    const config = withGoogle({ bakeryDefaults: { baseImages: [image('bionic'), image('noble')] } })
    const ids = (mode: 'merge' | 'replace') => ((roscoSettings(config, undefined, { ...merge, baseImages: mode }).settings.google as any).bakeryDefaults.baseImages as any[]).map((e) => e.baseImage.id)
    expect(ids('merge')).toEqual(['bionic', 'noble', 'xenial'])
    expect(ids('replace')).toEqual(['bionic', 'noble'])
  })

  it('replace with no halconfig images writes no list, so that Rosco keeps its own', () => {
    const { settings } = roscoSettings(withGoogle({}), undefined, { ...merge, baseImages: 'replace' })
    expect((settings.google as any).bakeryDefaults.baseImages).toBeUndefined()
  })

  it('leaves out disabled providers and reads oracle\'s old name oraclebmcs', () => {
    const result = roscoSettings({ providers: { google: { enabled: false }, oraclebmcs: { enabled: true, accounts: [{ name: 'o', region: 'r' }] } } }, undefined, merge)
    expect(result.settings.google).toBeUndefined()
    expect((result.settings.oracle as any).accounts).toEqual([{ name: 'o', region: 'r' }])
  })

  it('gives account files flat container names, prefixed by provider and account only when two files share a name', () => {
    const config = withGoogle({ accounts: [{ name: 'a', jsonPath: '/x/key.json' }, { name: 'b', jsonPath: '/y/key.json' }, { name: 'c', jsonPath: '/x/key.json' }, { name: 'd', jsonPath: '/z/own.json' }] })
    const { accountFiles, settings } = roscoSettings(config, undefined, { ...merge, secretsDir: '/secrets/' })
    expect(accountFiles.map((f) => f.container)).toEqual(['/secrets/google-a-key.json', '/secrets/google-b-key.json', '/secrets/google-c-key.json', '/secrets/own.json'])
    expect((settings.google as any).accounts.map((a: any) => a.jsonPath)).toEqual(accountFiles.map((f) => f.container))
  })

  it('keeps encrypted references and warns about plain secrets, wherever they come from', () => {
    const config = { providers: { oracle: { enabled: true, accounts: [{ name: 'o', privateKeyPassphrase: 'plain', sshPrivateKeyFilePath: 'encryptedFile:k8s!n:s!k:key' }] } } }
    const result = roscoSettings(config, { redis: { password: 'also-plain' } }, merge)
    expect((result.settings.oracle as any).accounts[0].sshPrivateKeyFilePath).toBe('encryptedFile:k8s!n:s!k:key')
    expect(result.accountFiles).toEqual([])
    expect(result.warnings.filter((w) => w.includes('plain text')).map((w) => w.split(' ')[0])).toEqual(['oracle.accounts.o.privateKeyPassphrase', 'redis.password'])
  })

  it('keeps rosco.configDir where the packer directory is mounted, even when the profile moves it', () => {
    const result = roscoSettings(withGoogle({}), { rosco: { configDir: '/elsewhere', jobs: { local: { timeoutMinutes: 60 } } } }, merge)
    expect(result.settings.rosco).toEqual({ configDir: '/opt/rosco/config/packer', jobs: { local: { timeoutMinutes: 60 } } })
    expect(result.warnings.some((w) => w.includes('/elsewhere'))).toBe(true)
  })
})

describe('springMerge', () => {
  it('merges maps key by key and replaces lists and scalars, as Spring Boot does across files', () => {
    expect(springMerge({ a: { b: 1, c: [1, 2] }, d: 1 }, { a: { c: [3] }, e: 2 })).toEqual({ a: { b: 1, c: [3] }, d: 1, e: 2 })
  })
})

describe('plainSecrets', () => {
  it('names secrets by key, skipping references, placeholders and empty values', () => {
    expect(plainSecrets({ a: { password: 'x', token: 'encrypted:vault!k:v', apiKey: '${KEY}', secret: '' } })).toEqual(['a.password'])
  })
})

describe('config map and operator file keys', () => {
  it('join nested paths with __', () => {
    expect(configMapKey('scripts/setup.sh')).toBe('scripts__setup.sh')
    expect(operatorFileKey('scripts/setup.sh')).toBe('profiles__rosco__packer__scripts__setup.sh')
  })

  it('refuses names Kubernetes does not accept as keys', () => {
    expect(() => configMapKey('my template.json')).toThrow(/cannot be a config map key/)
  })

  it('refuses two files that would share a key', () => {
    const file = (name: string) => ({ name, content: Buffer.from('x'), mode: 0o644 as const, origin: 'custom' as const, overridesStock: false })
    expect(() => kustomizeComponent({ deployment: 'd', roscoLocal: '', roscoLocalMode: 0o644, packer: [file('a/b.sh'), file('a__b.sh')], accountFiles: [], secretsDir: '/s' })).toThrow(/would share the config map key a__b.sh/)
  })
})

describe('diffDeployments', () => {
  const before = {
    name: 'default',
    version: '1.26.6',
    providers: { google: { accounts: [{ name: 'a', project: 'p' }, { name: 'b', project: 'q' }], bakeryDefaults: { zone: 'z1', baseImages: [image('one'), image('two')] } } },
  }
  const copy = () => JSON.parse(JSON.stringify(before))

  it('finds nothing between equal deployments, whatever the order of list entries with an identity', () => {
    const after = copy()
    after.providers.google.accounts.reverse()
    after.providers.google.bakeryDefaults.baseImages.reverse()
    expect(diffDeployments(before, after).changes).toEqual([])
  })

  it('reports a changed field with its path through list identities', () => {
    const after = copy()
    after.providers.google.bakeryDefaults.baseImages[1].virtualizationSettings.sourceImageFamily = 'new'
    expect(diffDeployments(before, after).changes).toEqual([
      { kind: 'changed', path: 'providers.google.bakeryDefaults.baseImages[two].virtualizationSettings.sourceImageFamily', pointer: '/providers/google/bakeryDefaults/baseImages/1/virtualizationSettings/sourceImageFamily', before: 'two-family', after: 'new' },
    ])
  })

  it('calls an identity change with nothing else changed a rename, and anything more a removal and an addition', () => {
    const renamed = copy()
    renamed.providers.google.accounts[0].name = 'a2'
    expect(renderChanges(diffDeployments(before, renamed).changes)).toEqual(['> providers.google.accounts[a] renamed to a2'])
    const replaced = copy()
    replaced.providers.google.accounts[0] = { name: 'a2', project: 'other' }
    expect(renderChanges(diffDeployments(before, replaced).changes)).toEqual([
      '- providers.google.accounts[a]: {"name":"a","project":"p"}',
      '+ providers.google.accounts[a2]: {"name":"a2","project":"other"}',
    ])
  })

  it('compares lists without an identity as whole values', () => {
    const after = { ...copy(), imageProjects: ['x', 'y'] }
    const more = { ...copy(), imageProjects: ['y', 'x'] }
    expect(renderChanges(diffDeployments(after, more).changes)).toEqual(['~ imageProjects: ["x","y"] -> ["y","x"]'])
  })

  it('reports added and removed keys, and sums them up', () => {
    const after = copy()
    delete after.version
    after.timezone = 'UTC'
    const diff = diffDeployments(before, after)
    expect(renderChanges(diff.changes)).toEqual(['+ timezone: "UTC"', '- version: "1.26.6"'])
    expect(summarize(diff.summary)).toBe('2 differences: 1 added, 1 removed.')
  })

  it('redacts secret values, old and new, and inside added entries', () => {
    const a = { providers: { oracle: { accounts: [{ name: 'o', privateKeyPassphrase: 'old' }] } } }
    const b = { providers: { oracle: { accounts: [{ name: 'o', privateKeyPassphrase: 'new' }, { name: 'p', privateKeyPassphrase: 'added' }] } } }
    const text = renderChanges(diffDeployments(a, b).changes).join('\n')
    expect(text).not.toMatch(/old|new|added/)
    expect(text).toContain('<redacted>')
  })
})
