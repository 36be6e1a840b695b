import { describe, expect, it } from 'vitest'
import { diffDeployments, renderChanges, summarize } from '../../src/generate/diff.js'
import { configMapKey, kustomizeComponent } from '../../src/generate/kustomize.js'
import { operatorFileKey, spinnakerServicePatch, splitForHalyard } from '../../src/generate/operator.js'
import { baseImageList, plainSecrets, roscoSettings, springMerge } from '../../src/generate/rosco.js'
import { google as googleProvider } from '../../src/providers/google.js'

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
    // The operator reads "__" as "/" too: it would keep one of the two and drop the other.
    const source = { deployment: 'd', config: { name: 'd' }, packerDir: '/p', custom: [file('a/b.sh'), file('a__b.sh')], ignoredProfiles: [] }
    expect(() => spinnakerServicePatch(source, { name: 'spinnaker' })).toThrow(/would share the files key profiles__rosco__packer__a__b.sh/)
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

describe('baseImageList: Halyard\'s merge of halconfig, stock and images-local.yml base images', () => {
  // spinnaker/halyard halyard-deploy/.../profile/RoscoProfileFactory.java:66-106, 115-119, 143-163;
  // halyard-config/.../node/BakeryDefaults.java:41-50 (addDefaultImages skips ids already present).
  const local = (...ids: string[]) => ({ google: { bakeryDefaults: { baseImages: ids.map((id) => image(id)) } } })
  const ids = (list: { entries: any[] }) => list.entries.map((e) => e.baseImage.id)

  it('merge: the halconfig\'s, then the stock ones it lacks, then the local ones neither has', () => {
    const list = baseImageList(googleProvider, [image('mine'), image('bionic')], 'merge', local('noble', 'xenial', 'mine', 'jammy'))
    expect(ids(list)).toEqual(['mine', 'bionic', 'xenial', 'noble', 'jammy'])
    expect(list).toMatchObject({ halconfigImages: ['mine', 'bionic'], stockImages: ['xenial'], stockOmitted: ['bionic'], localImages: ['noble', 'jammy'], localOmitted: ['xenial', 'mine'] })
  })

  it('replace: no stock list, so a local image named like a stock one is kept', () => {
    const list = baseImageList(googleProvider, [image('mine')], 'replace', local('xenial', 'mine'))
    expect(ids(list)).toEqual(['mine', 'xenial'])
    expect(list.localOmitted).toEqual(['mine'])
  })

  it('local entries without an id, or of a shape that is not a list, are left out', () => {
    expect(ids(baseImageList(googleProvider, [], 'replace', { google: { bakeryDefaults: { baseImages: [{ baseImage: { packageType: 'deb' } }, 'x'] } } }))).toEqual([])
    expect(ids(baseImageList(googleProvider, [], 'replace', { google: { bakeryDefaults: { baseImages: 'noble' } } }))).toEqual([])
    expect(ids(baseImageList(googleProvider, [], 'replace', { google: 'x' }))).toEqual([])
  })
})

describe('splitForHalyard: the operator\'s config holds only keys Halyard\'s model has', () => {
  it('moves Rosco-only bakeryDefaults keys one by one, without a base image list when no image needs one', () => {
    const split = splitForHalyard(withGoogle({ bakeryDefaults: { zone: 'z', subnetwork: 'sub', baseImages: [image('a', { imageFamily: true })] } }))
    expect((split.config as any).providers.google.bakeryDefaults).toEqual({ zone: 'z', baseImages: [image('a', { imageFamily: true })] })
    expect(split.rosco).toEqual({ google: { bakeryDefaults: { subnetwork: 'sub' } } })
    expect(split.moved).toEqual(['providers.google.bakeryDefaults.subnetwork'])
  })

  it('an image with osType, customRepository or a hand-written isImageFamily brings the whole list, in Rosco\'s names', () => {
    const config = withGoogle({ bakeryDefaults: { baseImages: [image('a', { isImageFamily: true }), image('b', { osType: 'linux' }), image('c')] } })
    const split = splitForHalyard(config, { google: { bakeryDefaults: { baseImages: [image('d')] } } })
    // Halyard's name for the flag stays in config.
    expect((split.config as any).providers.google.bakeryDefaults.baseImages.map((e: any) => e.baseImage)).toEqual([
      { id: 'a', packageType: 'deb', imageFamily: true },
      { id: 'b', packageType: 'deb' },
      { id: 'c', packageType: 'deb' },
    ])
    const list = (split.rosco as any).google.bakeryDefaults.baseImages
    expect(list.map((e: any) => e.baseImage.id)).toEqual(['a', 'b', 'c', 'xenial', 'bionic', 'd'])
    expect(list[0].baseImage).toEqual({ id: 'a', packageType: 'deb', isImageFamily: true })
    expect(list[1].baseImage).toEqual({ id: 'b', packageType: 'deb', osType: 'linux' })
    expect(split.moved).toEqual(['providers.google.bakeryDefaults.baseImages.a.baseImage.isImageFamily', 'providers.google.bakeryDefaults.baseImages.b.baseImage.osType'])
    // The input is not changed.
    expect((config.providers.google as any).bakeryDefaults.baseImages[0].baseImage.isImageFamily).toBe(true)
  })

  it('keys neither Halyard nor Rosco reads are left out and named', () => {
    const split = splitForHalyard(withGoogle({ bakeryDefaults: { zone: 'z', colour: 'red', baseImages: [{ ...image('a'), note: 'x', virtualizationSettings: { sourceImage: 's', size: 10 } }] } }))
    expect(split.dropped).toEqual([
      'providers.google.bakeryDefaults.colour',
      'providers.google.bakeryDefaults.baseImages.a.note',
      'providers.google.bakeryDefaults.baseImages.a.virtualizationSettings.size',
    ])
    expect(split.rosco).toEqual({})
    expect((split.config as any).providers.google.bakeryDefaults).toEqual({ zone: 'z', baseImages: [{ baseImage: { id: 'a', packageType: 'deb' }, virtualizationSettings: { sourceImage: 's' } }] })
  })

  it('oracle, under its old name oraclebmcs too; other providers and keys are left alone', () => {
    const config = {
      providers: {
        oraclebmcs: { enabled: true, bakeryDefaults: { subnetId: 's', baseImages: [{ baseImage: { id: 'ol8', customRepository: 'r' }, virtualizationSettings: { baseImageId: 'i', sshUserName: 'opc' } }] } },
        kubernetes: { enabled: true, accounts: [{ name: 'k', anything: 1 }] },
      },
      timezone: 'UTC',
    }
    const split = splitForHalyard(config)
    expect(split.moved).toEqual(['providers.oraclebmcs.bakeryDefaults.baseImages.ol8.baseImage.customRepository'])
    expect((split.rosco as any).oracle.bakeryDefaults.baseImages).toEqual([{ baseImage: { id: 'ol8', customRepository: 'r' }, virtualizationSettings: { baseImageId: 'i', sshUserName: 'opc' } }])
    expect((split.config as any).providers.kubernetes).toEqual(config.providers.kubernetes)
    expect((split.config as any).timezone).toBe('UTC')
  })
})

describe('kustomizeComponent without custom files', () => {
  it('writes no rosco-packer config map and, with no account files either, no Deployment patch: Rosco\'s image is left as it is', () => {
    const out = kustomizeComponent({ deployment: 'd', roscoLocal: 'rosco: {}\n', roscoLocalMode: 0o644, packer: [], accountFiles: [], secretsDir: '/s' })
    expect(out.files.map((f) => f.path)).toEqual(['kustomization.yml', 'files/rosco-local.yml'])
    expect(out.files[0].content).not.toContain('rosco-packer')
    expect(out.files[0].content).not.toContain('patches')
  })
})
