import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, lstatSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse, stringify } from 'yaml'
import { fixture, hal, matchGolden, read, ROOT, tempDir, tempHalDir, writeFile } from '../helpers/hal.js'
import { hasProgram } from '../helpers/tools.js'

const FIXTURES = join(ROOT, 'test', 'fixtures', 'generate')
const generate = (kind: string, ...args: string[]) => ['config', 'generate', kind, ...args]

/** A hal directory holding the fixture halconfig, custom packer files (with their modes), a Rosco profile and images-local.yml. */
function bakeryHal(config = fixture('generate/halconfig.yml')): string {
  const halDir = tempHalDir(config)
  const packer = join(halDir, 'default', 'profiles', 'rosco', 'packer')
  for (const name of ['gce-nginx.json', 'install_packages.sh', 'scripts/setup.sh']) {
    const source = join(FIXTURES, 'packer', name)
    writeFile(join(packer, name), read(source), name.endsWith('.sh') ? 0o755 : 0o644)
  }
  writeFile(join(halDir, 'default', 'profiles', 'rosco-local.yml'), fixture('generate/rosco-local.yml'))
  writeFile(join(halDir, 'default', 'profiles', 'images-local.yml'), fixture('generate/images-local.yml'))
  return halDir
}

/** Every file under a directory with its mode, dot files included. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (d: string, prefix: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name)
      const stat = lstatSync(path)
      if (stat.isDirectory()) walk(path, `${prefix}${name}/`)
      else out[`${prefix}${name}`] = `0${(stat.mode & 0o777).toString(8)}`
    }
  }
  walk(dir, '')
  return out
}

const contents = (dir: string) => Object.fromEntries(Object.keys(tree(dir)).map((name) => [name, readFileSync(join(dir, name))]))
/** Output with a temporary path replaced by a label, for golden files. */
const mask = (text: string, path: string, label = 'OUT') => text.split(path).join(`<${label}>`)

describe('hal config generate rosco', () => {
  it('says which values it writes in plain text, URL passwords and template secrets included, and keeps rosco-local.yml private then', async () => {
    const halDir = bakeryHal()
    writeFile(join(halDir, 'default', 'profiles', 'rosco-local.yml'), 'spring:\n  datasource:\n    url: jdbc:mysql://rosco:DbPassw0rd-91@db.example.com/rosco\n')
    writeFile(join(halDir, 'default', 'profiles', 'rosco', 'packer', 'with-token.json'), JSON.stringify({ variables: { api_token: 'Tok3n-value-5521' }, builders: [{ type: 'null', communicator: 'none' }] }, null, 2))
    const out = join(tempDir(), 'out')
    const result = await hal(generate('rosco', '--output', out), { halDir })
    expect(result.exitCode, result.stderr).toBe(0)
    const said = result.stdout + result.stderr
    expect(said).toMatch(/spring\.datasource\.url is written in plain text/)
    expect(said).toMatch(/packer\/with-token\.json holds a secret value/)
    expect(said).not.toMatch(/DbPassw0rd-91|Tok3n-value-5521/)
    expect(statSync(join(out, 'rosco-local.yml')).mode & 0o777).toBe(0o600)
  })

  it('writes rosco-local.yml and the custom packer files to copy beside Rosco\'s stock templates, scripts executable', async () => {
    const halDir = bakeryHal()
    const out = join(tempDir(), 'rosco')
    const result = await hal(generate('rosco', '--output', out), { halDir })
    expect(result.exitCode).toBe(0)
    matchGolden(read(join(out, 'rosco-local.yml')), 'golden/generate/rosco-local.yml')
    matchGolden(mask(result.stdout, out), 'golden/generate/rosco-stdout.txt')
    // Only the deployment's own files: galley's copies of stock templates would replace Rosco's.
    expect(tree(out)).toEqual({
      '.galley-generated': '0644',
      'packer/gce-nginx.json': '0644',
      'packer/install_packages.sh': '0755',
      'packer/scripts/setup.sh': '0755',
      // A plain passphrase is in it: readable by its owner only.
      'rosco-local.yml': '0600',
    })
    expect(read(join(out, 'packer', 'install_packages.sh'))).toBe(read(join(FIXTURES, 'packer', 'install_packages.sh')))
    expect(result.stdout).toContain('copy the files of packer/ into /opt/rosco/config/packer beside Rosco\'s stock templates (never replace that directory')
    expect(JSON.parse(read(join(out, '.galley-generated'))).files).toContain('packer/scripts/setup.sh')
  })

  it('uses Rosco\'s key names, keeps encrypted: references and merges the profile rosco-local.yml over the halconfig', async () => {
    const out = join(tempDir(), 'rosco')
    const result = await hal(generate('rosco', '-o', out), { halDir: bakeryHal() })
    const text = read(join(out, 'rosco-local.yml'))
    const settings = parse(text)
    expect(settings.rosco).toEqual({ configDir: '/opt/rosco/config/packer' })
    const google = settings.google.bakeryDefaults
    expect(google.baseImages[0].baseImage).toMatchObject({ id: 'ubuntu-2204', isImageFamily: true, customRepository: 'http://apt.example.com/debian stable main' })
    expect(text).not.toMatch(/\bimageFamily:/)
    expect(google.subnetwork).toBe('bakery-sub')
    // The profile wins, as it did with Halyard; keys only it has are kept.
    expect(google.network).toBe('profile-net')
    expect(settings.debianRepository).toBe('http://apt.example.com/debian stable main')
    // Rosco reads only these account keys; Halyard's others (imageProjects...) are Clouddriver's.
    expect(Object.keys(settings.google.accounts[0])).toEqual(['name', 'project', 'jsonPath'])
    expect(settings.oracle.accounts[1].privateKeyPassphrase).toBe('encrypted:s3!r:us-west-2!b:bucket!f:secrets.yml!k:oci.passphrase')
    expect(settings.oracle.accounts[1].sshPrivateKeyFilePath).toBe('encryptedFile:s3!r:us-west-2!b:bucket!f:oci.pem')
    // The kubernetes provider is not Rosco's.
    expect(settings.kubernetes).toBeUndefined()
    expect(result.stderr).toContain('- WARNING oracle.accounts.oci-bakery.privateKeyPassphrase is written in plain text')
    expect(result.stdout).not.toContain('hunter2')
  })

  it('maps account files to container paths and lists them, without reading them', async () => {
    const keys = tempDir('galley-keys-')
    writeFile(join(keys, 'bakery.json'), '{"private_key": "SENTINEL-GCE-KEY"}', 0o600)
    writeFile(join(keys, 'other', 'bakery.json'), '{"private_key": "SENTINEL-OTHER-KEY"}', 0o600)
    const config = fixture('generate/halconfig.yml').replaceAll('/home/me/.gcp/bakery.json', join(keys, 'bakery.json')).replaceAll('/home/me/other/bakery.json', join(keys, 'other', 'bakery.json'))
    const out = join(tempDir(), 'rosco')
    const result = await hal(generate('rosco', '-o', out, '--json'), { halDir: bakeryHal(config) })
    expect(result.exitCode).toBe(0)
    const { accountFiles } = result.json()
    // Two files named bakery.json: each gets its provider and account in front.
    expect(accountFiles.map((f: any) => [f.local, f.container])).toEqual([
      [join(keys, 'bakery.json'), '/opt/spinnaker/secrets/google-gce-bakery-bakery.json'],
      [join(keys, 'other', 'bakery.json'), '/opt/spinnaker/secrets/google-gce-other-bakery.json'],
      ['/home/me/.oci/oci_api_key.pem', '/opt/spinnaker/secrets/oci_api_key.pem'],
    ])
    for (const content of Object.values(contents(out))) expect(content.toString()).not.toContain('SENTINEL')
    expect(result.stdout).not.toContain('SENTINEL')
  })

  it('writes a rosco-local.yml that hal config validate --file accepts with no errors', async () => {
    // The account files where --secrets-dir says Rosco finds them.
    const secrets = tempDir('galley-secrets-')
    writeFile(join(secrets, 'google-gce-bakery-bakery.json'), '{}', 0o600)
    writeFile(join(secrets, 'google-gce-other-bakery.json'), '{}', 0o600)
    writeFile(join(secrets, 'oci_api_key.pem'), '-----BEGIN RSA PRIVATE KEY-----\nx\n-----END RSA PRIVATE KEY-----\n', 0o600)
    const out = join(tempDir(), 'rosco')
    expect((await hal(generate('rosco', '-o', out, '--secrets-dir', secrets), { halDir: bakeryHal() })).exitCode).toBe(0)
    const validation = await hal(['config', 'validate', '--file', join(out, 'rosco-local.yml'), '--json'])
    const report = validation.json()
    expect(report.problems.filter((p: any) => p.severity === 'error' || p.severity === 'fatal')).toEqual([])
    expect(validation.exitCode).toBe(0)
  })

  it('with the default --secrets-dir, validates with no errors; the container paths that do not exist here are warnings', async () => {
    const out = join(tempDir(), 'rosco')
    await hal(generate('rosco', '-o', out), { halDir: bakeryHal() })
    const result = await hal(['config', 'validate', '--file', join(out, 'rosco-local.yml'), '--json'])
    expect(result.exitCode).toBe(0)
    const report = result.json()
    expect(report.problems.filter((p: any) => p.severity === 'error' || p.severity === 'fatal')).toEqual([])
    const files = report.problems.filter((p: any) => p.rule === 'account/file')
    expect(files.map((p: any) => p.severity)).toEqual(['warning', 'warning', 'warning'])
    expect(files.every((p: any) => p.message.includes('/opt/spinnaker/secrets/'))).toBe(true)
  })

  it('--base-images replace writes the halconfig\'s base images only, and says so', async () => {
    const out = join(tempDir(), 'rosco')
    const result = await hal(generate('rosco', '-o', out, '--base-images', 'replace'), { halDir: bakeryHal() })
    const ids = parse(read(join(out, 'rosco-local.yml'))).google.bakeryDefaults.baseImages.map((e: any) => e.baseImage.id)
    // The user's own images-local.yml still counts; with no stock list, its xenial shadows nothing.
    expect(ids).toEqual(['ubuntu-2204', 'bionic', 'noble', 'xenial'])
    expect(result.stdout).toContain('google: ubuntu-2204, bionic from the halconfig only; they replace Rosco\'s stock xenial, bionic (--base-images merge writes those too, as Halyard did).')
  })

  it('merges profiles/images-local.yml as Halyard did: after the halconfig\'s and the stock images, an id seen before dropped', async () => {
    // spinnaker/halyard halyard-deploy/.../profile/RoscoProfileFactory.java:66-106, 115-119 and
    // halyard-config/.../node/BakeryDefaults.java:41-50: stock + local (ids the stock list lacks),
    // then halconfig + that (ids the halconfig lacks).
    const out = join(tempDir(), 'rosco')
    const result = await hal(generate('rosco', '-o', out), { halDir: bakeryHal() })
    expect(result.exitCode).toBe(0)
    const settings = parse(read(join(out, 'rosco-local.yml')))
    const images = (provider: string) => settings[provider].bakeryDefaults.baseImages
    expect(images('google').map((e: any) => e.baseImage.id)).toEqual(['ubuntu-2204', 'bionic', 'xenial', 'noble'])
    // The stock xenial, not images-local's; noble's isImageFamily kept in Rosco's name.
    expect(images('google')[2].baseImage.shortDescription).toBe('v16.04')
    expect(images('google')[3]).toEqual({
      baseImage: { id: 'noble', shortDescription: 'v24.04', detailedDescription: 'Ubuntu Noble Numbat v24.04', packageType: 'deb', isImageFamily: true },
      virtualizationSettings: { sourceImageFamily: 'ubuntu-2404-lts-amd64' },
    })
    expect(images('oracle').map((e: any) => e.baseImage.id)).toEqual(['ol8', 'ol9'])
    expect(result.stdout).toContain('Last, noble from profiles/images-local.yml (its xenial dropped: an image before it has the same id, as Halyard drops it).')
    expect(result.stderr).not.toContain('images-local.yml is not carried over')
  })

  it('an images-local.yml that is not a mapping is refused, naming the file, and nothing is written', async () => {
    const halDir = bakeryHal()
    writeFile(join(halDir, 'default', 'profiles', 'images-local.yml'), '- google\n')
    const out = join(tempDir(), 'rosco')
    const result = await hal(generate('rosco', '-o', out), { halDir })
    expect(result.exitCode).not.toBe(0)
    expect(result.stderr).toContain(`${join(halDir, 'default', 'profiles', 'images-local.yml')} must be a mapping of providers`)
    expect(existsSync(out)).toBe(false)
  })

  it('is deterministic: the same input gives the same bytes, and a second run into the same directory changes nothing', async () => {
    const halDir = bakeryHal()
    const [a, b] = [join(tempDir(), 'a'), join(tempDir(), 'b')]
    await hal(generate('rosco', '-o', a), { halDir })
    await hal(generate('rosco', '-o', b), { halDir })
    expect(contents(a)).toEqual(contents(b))
    const mtime = statSync(join(a, 'rosco-local.yml')).mtimeMs
    const again = await hal(generate('rosco', '-o', a, '--json'), { halDir })
    expect(again.json().files.every((f: any) => f.status === 'unchanged')).toBe(true)
    expect(statSync(join(a, 'rosco-local.yml')).mtimeMs).toBe(mtime)
  })

  it('refuses a non-empty directory it did not generate, and writes nothing; --force writes and leaves other files alone', async () => {
    const halDir = bakeryHal()
    const out = tempDir('galley-out-')
    writeFile(join(out, 'notes.txt'), 'mine\n')
    const refused = await hal(generate('rosco', '-o', out), { halDir })
    expect(refused.exitCode).toBe(3)
    expect(refused.stderr).toContain(`Error: ${out} is not empty and was not generated by galley (it has no .galley-generated); nothing was written`)
    expect(refused.stderr).toContain('? Choose a new or empty directory, or pass --force')
    expect(readdirSync(out)).toEqual(['notes.txt'])
    const forced = await hal(generate('rosco', '-o', out, '--force'), { halDir })
    expect(forced.exitCode).toBe(0)
    expect(read(join(out, 'notes.txt'))).toBe('mine\n')
    expect(existsSync(join(out, 'rosco-local.yml'))).toBe(true)
  })

  it('removes what it generated before and no longer does; files it did not write stay', async () => {
    const halDir = bakeryHal()
    const out = join(tempDir(), 'rosco')
    await hal(generate('rosco', '-o', out), { halDir })
    writeFile(join(out, 'packer', 'scripts', 'mine.sh'), 'echo mine\n')
    await hal(['config', 'bakery', 'template', 'remove', 'scripts/setup.sh', '--force'], { halDir })
    const result = await hal(generate('rosco', '-o', out), { halDir })
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain('  packer/scripts/setup.sh (removed: no longer generated)')
    expect(existsSync(join(out, 'packer', 'scripts', 'setup.sh'))).toBe(false)
    expect(read(join(out, 'packer', 'scripts', 'mine.sh'))).toBe('echo mine\n')
  })

  it('an unknown deployment is an error that lists the existing ones', async () => {
    const result = await hal(generate('rosco', '-o', join(tempDir(), 'x'), '--deployment', 'prod'), { halDir: bakeryHal() })
    expect(result.exitCode).toBe(3)
    expect(result.stderr).toContain('Error: deployment prod not found (existing deployments: default)')
  })
})

describe('hal config generate kustomize', () => {
  it('writes a Component: rosco-local.yml merged into the rosco config map, the custom packer files in rosco-packer, each mounted by a patch', async () => {
    const out = join(tempDir(), 'galley')
    const result = await hal(generate('kustomize', '-o', out), { halDir: bakeryHal() })
    expect(result.exitCode).toBe(0)
    matchGolden(read(join(out, 'kustomization.yml')), 'golden/generate/kustomization.yml')
    matchGolden(read(join(out, 'patches', 'rosco-deployment.yml')), 'golden/generate/rosco-deployment.yml')
    matchGolden(mask(result.stdout, out), 'golden/generate/kustomize-stdout.txt')
    // The same rosco-local.yml as hal config generate rosco.
    expect(read(join(out, 'files', 'rosco-local.yml'))).toBe(read(join(ROOT, 'test', 'fixtures', 'golden', 'generate', 'rosco-local.yml')))
  })

  it('is consistent: every generator entry names a file of the component, every key is mounted, scripts keep 0755', async () => {
    const out = join(tempDir(), 'galley')
    await hal(generate('kustomize', '-o', out), { halDir: bakeryHal() })
    const kustomization = parse(read(join(out, 'kustomization.yml')))
    expect(kustomization).toMatchObject({ apiVersion: 'kustomize.config.k8s.io/v1alpha1', kind: 'Component' })
    const [rosco, packer] = kustomization.configMapGenerator
    expect(rosco).toEqual({ name: 'rosco', behavior: 'merge', files: ['files/rosco-local.yml'] })
    expect(packer.name).toBe('rosco-packer')
    const entries = packer.files.map((f: string) => f.split('='))
    for (const [, file] of entries) expect(existsSync(join(out, file))).toBe(true)
    for (const patch of kustomization.patches) expect(existsSync(join(out, patch.path))).toBe(true)

    const deployment = parse(read(join(out, 'patches', 'rosco-deployment.yml')))
    expect(deployment).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'rosco' } })
    const pod = deployment.spec.template.spec
    expect(pod.containers[0].name).toBe('rosco')
    // Each file on its own (subPath), never the whole directory: Rosco's stock templates stay visible.
    const packerMounts = pod.containers[0].volumeMounts.filter((m: any) => m.name === 'rosco-packer')
    expect(packerMounts).toEqual(entries.map(([, file]: string[]) => {
      const name = file.replace(/^packer\//, '')
      return { name: 'rosco-packer', mountPath: `/opt/rosco/config/packer/${name}`, subPath: name, readOnly: true }
    }))
    expect(pod.containers[0].volumeMounts.map((m: any) => m.mountPath)).not.toContain('/opt/rosco/config/packer')
    const volume = pod.volumes.find((v: any) => v.name === 'rosco-packer')
    expect(volume.configMap.name).toBe('rosco-packer')
    expect(volume.configMap.defaultMode).toBe(0o644)
    expect(volume.configMap.items.map((i: any) => i.key)).toEqual(entries.map(([key]: string[]) => key))
    expect(volume.configMap.items).toContainEqual({ key: 'scripts__setup.sh', path: 'scripts/setup.sh', mode: 0o755 })
    expect(volume.configMap.items).toContainEqual({ key: 'install_packages.sh', path: 'install_packages.sh', mode: 0o755 })
    // The account files come from a Secret the user creates; galley prints the command.
    const secrets = pod.volumes.find((v: any) => v.name === 'rosco-secrets')
    expect(secrets.secret.items.map((i: any) => i.key)).toEqual(['google-gce-bakery-bakery.json', 'google-gce-other-bakery.json', 'oci_api_key.pem'])
  })

  it('builds with kubectl kustomize into a spinnaker-kustomize-like site (when kubectl with kustomize v4+ is installed)', async (context) => {
    if (!kustomizeAvailable()) return context.skip()
    const site = join(tempDir(), 'site')
    cpSync(join(FIXTURES, 'site'), site, { recursive: true })
    expect((await hal(generate('kustomize', '-o', join(site, 'galley')), { halDir: bakeryHal() })).exitCode).toBe(0)
    const built = execFileSync('kubectl', ['kustomize', site], { encoding: 'utf8' })
    const docs = built.split(/^---$/m).map((d) => parse(d))
    // Generated config maps get a hash suffix: rosco-<hash>, rosco-packer-<hash>.
    const configMap = (name: string) => docs.find((d) => d.kind === 'ConfigMap' && new RegExp(`^${name}-[a-z0-9]{10}$`).test(d.metadata.name))
    const rosco = configMap('rosco')
    // galley's rosco-local.yml replaced the overlay's, listed before it.
    expect(rosco.data['rosco-local.yml']).toBe(read(join(site, 'galley', 'files', 'rosco-local.yml')))
    const packer = configMap('rosco-packer')
    expect(Object.keys(packer.data).sort()).toEqual(['gce-nginx.json', 'install_packages.sh', 'scripts__setup.sh'])
    const deployment = docs.find((d) => d.kind === 'Deployment')
    const volumes = deployment.spec.template.spec.volumes
    // kustomize put the hashed names of the generated config maps into the Deployment.
    expect(volumes.find((v: any) => v.name === 'rosco-packer').configMap.name).toBe(packer.metadata.name)
    expect(volumes.find((v: any) => v.name === 'config').projected.sources[1].configMap.name).toBe(rosco.metadata.name)
    expect(deployment.spec.template.spec.containers[0].volumeMounts.map((m: any) => [m.mountPath, m.subPath])).toEqual([
      ['/opt/rosco/config/packer/gce-nginx.json', 'gce-nginx.json'],
      ['/opt/rosco/config/packer/install_packages.sh', 'install_packages.sh'],
      ['/opt/rosco/config/packer/scripts/setup.sh', 'scripts/setup.sh'],
      ['/opt/spinnaker/secrets', undefined],
      ['/opt/spinnaker/config/', undefined],
    ])
  })

  it('warns when the packer config map nears Kubernetes\' 1 MiB limit, and refuses past it without writing anything', async () => {
    const halDir = bakeryHal()
    const packer = join(halDir, 'default', 'profiles', 'rosco', 'packer')
    writeFile(join(packer, 'big.txt'), 'x'.repeat(920 * 1024))
    const near = await hal(generate('kustomize', '-o', join(tempDir(), 'near')), { halDir })
    expect(near.exitCode).toBe(0)
    expect(near.stderr).toMatch(/- WARNING the rosco-packer config map holds \d+ KiB, close to Kubernetes' 1 MiB object limit\./)
    writeFile(join(packer, 'big.txt'), 'x'.repeat(1100 * 1024))
    const out = join(tempDir(), 'over')
    const over = await hal(generate('kustomize', '-o', out), { halDir })
    expect(over.exitCode).toBe(3)
    expect(over.stderr).toMatch(/Error: the rosco-packer config map would hold \d+ KiB, over Kubernetes' 1 MiB object limit; nothing was written/)
    expect(existsSync(out)).toBe(false)
  })
})

/** kubectl whose built-in kustomize knows Components (v4+; Debian's kubectl 1.20 has v2). */
function kustomizeAvailable(): boolean {
  if (!hasProgram('kubectl')) return false
  try {
    const version = execFileSync('kubectl', ['version', '--client'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
    const major = /Kustomize Version: v(\d+)/.exec(version)?.[1]
    return major !== undefined && Number(major) >= 4
  } catch {
    return false
  }
}

describe('hal config generate operator', () => {
  it('writes a SpinnakerService patch: the deployment in Halyard\'s keys, Rosco-only settings and the profile in profiles.rosco, files keyed by path', async () => {
    const out = join(tempDir(), 'spinnakerservice.yml')
    const result = await hal(generate('operator', '-o', out), { halDir: bakeryHal() })
    expect(result.exitCode).toBe(0)
    matchGolden(read(out), 'golden/generate/spinnakerservice.yml')
    expect((statSync(out).mode & 0o777).toString(8)).toBe('600')
    const service = parse(read(out))
    expect(service).toMatchObject({ apiVersion: 'spinnaker.io/v1alpha2', kind: 'SpinnakerService', metadata: { name: 'spinnaker' } })
    const { config, profiles, files } = service.spec.spinnakerConfig
    expect(config.name).toBeUndefined()
    // The operator runs Halyard: Halyard's key names stay, and only the keys its model has
    // (halyard-config .../providers/google/GoogleBakeryDefaults.java:27-30, node/BakeryDefaults.java:32-33,
    // GoogleBaseImage.java:31-47, node/BaseImage.java:40-44): its strict parser rejects any other.
    const google = config.providers.google.bakeryDefaults
    expect(Object.keys(google).sort()).toEqual(['baseImages', 'network', 'networkProjectId', 'templateFile', 'useInternalIp', 'zone'])
    expect(google.baseImages[0].baseImage).toEqual({ id: 'ubuntu-2204', shortDescription: 'v22.04', detailedDescription: 'Ubuntu 22.04 LTS', packageType: 'deb', imageFamily: true })
    // Rosco-only settings moved to the rosco profile, in Rosco's names; the whole image list, as Rosco is to see it.
    expect(profiles.rosco.google.bakeryDefaults.subnetwork).toBe('bakery-sub')
    expect(profiles.rosco.google.bakeryDefaults.baseImages.map((e: any) => e.baseImage.id)).toEqual(['ubuntu-2204', 'bionic', 'xenial', 'noble'])
    expect(profiles.rosco.google.bakeryDefaults.baseImages[0].baseImage).toMatchObject({ isImageFamily: true, customRepository: 'http://apt.example.com/debian stable main' })
    // The deployment's rosco-local.yml merged over them.
    expect(profiles.rosco.debianRepository).toBe('http://apt.example.com/debian stable main')
    expect(profiles.rosco.google.bakeryDefaults.network).toBe('profile-net')
    // Oracle has nothing Halyard lacks: no oracle section in the profile.
    expect(profiles.rosco.oracle).toBeUndefined()
    expect(Object.keys(files)).toEqual(['profiles__rosco__packer__gce-nginx.json', 'profiles__rosco__packer__install_packages.sh', 'profiles__rosco__packer__scripts__setup.sh', 'profiles__images-local.yml'])
    expect(files['profiles__images-local.yml']).toBe(fixture('generate/images-local.yml'))
    expect(result.stderr).toContain('- WARNING Halyard has no providers.google.bakeryDefaults.subnetwork, providers.google.bakeryDefaults.baseImages.ubuntu-2204.baseImage.customRepository (the operator\'s Halyard would reject the config): they are in profiles.rosco, in Rosco\'s key names, with the whole base image list Rosco is to see.')
    expect(files['profiles__rosco__packer__scripts__setup.sh']).toBe(read(join(FIXTURES, 'packer', 'scripts', 'setup.sh')))
    expect(result.stderr).toContain('- WARNING config.providers.oracle.accounts.oci-bakery.privateKeyPassphrase is written in plain text (the operator needs the value)')
    expect(result.stderr).toContain('- WARNING config.providers.kubernetes.accounts.k8s.kubeconfigFile is /home/me/.kube/config, a path on this machine')
    expect(result.stderr).toContain('install_packages.sh, scripts/setup.sh lose the execute bit')
  })

  it('refuses to replace a file it did not write; its own file it replaces', async () => {
    const halDir = bakeryHal()
    const out = join(tempDir(), 'spinnakerservice.yml')
    writeFile(out, 'apiVersion: spinnaker.io/v1alpha2\n')
    const refused = await hal(generate('operator', '-o', out), { halDir })
    expect(refused.exitCode).toBe(3)
    expect(refused.stderr).toContain(`Error: ${out} exists and was not generated by galley; nothing was written`)
    expect(read(out)).toBe('apiVersion: spinnaker.io/v1alpha2\n')
    expect((await hal(generate('operator', '-o', out, '--force'), { halDir })).exitCode).toBe(0)
    expect((await hal(generate('operator', '-o', out), { halDir })).exitCode).toBe(0)
  })

  it('--output - prints the patch when it holds no plain secret', async () => {
    const halDir = bakeryHal(fixture('generate/halconfig.yml').replace('privateKeyPassphrase: hunter2', 'privateKeyPassphrase: encrypted:vault!e:secret!n:oci!k:passphrase'))
    const file = join(tempDir(), 'spinnakerservice.yml')
    await hal(generate('operator', '-o', file), { halDir })
    const printed = await hal(generate('operator', '-o', '-'), { halDir })
    expect(printed.exitCode, printed.stderr).toBe(0)
    expect(printed.stdout).toBe(read(file))
  })

  it('--output - refuses a patch that holds a plain secret: standard output never shows one (exit 3, nothing printed)', async () => {
    const halDir = bakeryHal()
    const printed = await hal(generate('operator', '-o', '-'), { halDir })
    expect(printed.exitCode).toBe(3)
    expect(printed.stdout).toBe('')
    expect(printed.stderr).toContain('Error: the SpinnakerService holds plain secrets, and standard output never shows secrets: nothing was written')
    expect(printed.stderr).toContain('privateKeyPassphrase')
    expect(printed.stderr).toContain('--output FILE')
    expect(printed.stderr).not.toContain('hunter2')
  })
})

describe('hal config diff', () => {
  const google = (...args: string[]) => ['config', 'provider', 'google', ...args]

  /** A hal directory whose last-deployed snapshot is the fixture. */
  function deployedHal(): string {
    const halDir = bakeryHal()
    writeFile(join(halDir, '.backup', 'config'), fixture('generate/halconfig.yml'))
    return halDir
  }

  async function run(halDir: string, args: string[]) {
    const result = await hal(args, { halDir })
    if (result.exitCode !== 0) throw new Error(`hal ${args.join(' ')} exited ${result.exitCode}:\n${result.stderr}`)
  }

  it('says so when nothing changed since the last deploy', async () => {
    const halDir = deployedHal()
    const result = await hal(['config', 'diff'], { halDir })
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toBe(`No changes in deployment default since its last deploy (${join(halDir, '.backup', 'config')}).\n`)
  })

  it('shows a rename, an edit and a deletion made with hal\'s own commands, field by field', async () => {
    const halDir = deployedHal()
    await run(halDir, google('bakery', 'base-image', 'edit', 'ubuntu-2204', '--id', 'ubuntu-2204-lts', '--no-validate'))
    await run(halDir, google('bakery', 'edit', '--zone', 'europe-west4-b', '--no-validate'))
    await run(halDir, google('account', 'delete', 'gce-other', '--no-validate'))
    const result = await hal(['config', 'diff'], { halDir })
    expect(result.exitCode).toBe(0)
    matchGolden(mask(result.stdout, join(halDir, '.backup', 'config'), 'SNAPSHOT'), 'golden/generate/diff.txt')
  })

  it('matches base images by id and accounts by name: a reorder is no change', async () => {
    const halDir = deployedHal()
    const value = parse(read(join(halDir, 'config')))
    const google = value.deploymentConfigurations[0].providers.google
    google.bakeryDefaults.baseImages.reverse()
    google.accounts.reverse()
    writeFile(join(halDir, 'config'), stringify(value))
    const result = await hal(['config', 'diff', '--json'], { halDir })
    expect(result.json().changes).toEqual([])
  })

  it('an id changed together with other fields is a removal and an addition', async () => {
    const halDir = deployedHal()
    await run(halDir, google('bakery', 'base-image', 'edit', 'bionic', '--id', 'noble', '--source-image', 'ubuntu-2404-noble-v20240423', '--no-validate'))
    const { changes, summary } = (await hal(['config', 'diff', '--json'], { halDir })).json()
    expect(changes.map((c: any) => `${c.kind} ${c.path}`)).toEqual([
      'removed providers.google.bakeryDefaults.baseImages[bionic]',
      'added providers.google.bakeryDefaults.baseImages[noble]',
    ])
    expect(summary).toEqual({ added: 1, removed: 1, changed: 0, renamed: 0 })
  })

  it('never shows a secret: changed and added passphrases are redacted, references shown as written', async () => {
    const halDir = deployedHal()
    const config = read(join(halDir, 'config'))
      .replace('privateKeyPassphrase: hunter2', 'privateKeyPassphrase: SENTINEL-NEW-PASSPHRASE')
      .replace('f:secrets.yml!k:oci.passphrase', 'f:secrets.yml!k:oci.passphrase2')
      .replace('    oracle:\n      enabled: true\n      accounts:\n', '    oracle:\n      enabled: true\n      accounts:\n      - name: oci-new\n        privateKeyPassphrase: SENTINEL-ADDED\n')
    writeFile(join(halDir, 'config'), config)
    const text = await hal(['config', 'diff'], { halDir })
    const json = await hal(['config', 'diff', '--json'], { halDir })
    for (const output of [text.stdout, json.stdout]) {
      expect(output).not.toContain('SENTINEL')
      expect(output).not.toContain('hunter2')
    }
    expect(text.stdout).toContain('~ providers.oracle.accounts[oci-bakery].privateKeyPassphrase: "<redacted>" -> "<redacted>"')
    expect(text.stdout).toContain('+ providers.oracle.accounts[oci-new]: {"name":"oci-new","privateKeyPassphrase":"<redacted>"}')
    expect(text.stdout).toContain('~ providers.oracle.accounts[oci-vault].privateKeyPassphrase: "encrypted:s3!r:us-west-2!b:bucket!f:secrets.yml!k:oci.passphrase" -> "encrypted:s3!r:us-west-2!b:bucket!f:secrets.yml!k:oci.passphrase2"')
  })

  it('--against compares with another file (a halconfig or one deployment); --exit-code exits 1 on differences', async () => {
    const halDir = bakeryHal()
    const against = join(tempDir(), 'deployment.yml')
    const deployment = parse(fixture('generate/halconfig.yml')).deploymentConfigurations[0]
    writeFile(against, JSON.stringify({ ...deployment, timezone: 'UTC' }))
    const result = await hal(['config', 'diff', '--against', against, '--exit-code', '--json'], { halDir })
    expect(result.exitCode).toBe(1)
    expect(result.json()).toMatchObject({
      deployment: 'default',
      against,
      lastDeployed: false,
      identical: false,
      changes: [{ kind: 'changed', path: 'timezone', pointer: '/timezone', before: 'UTC', after: 'America/Los_Angeles' }],
    })
    expect((await hal(['config', 'diff', '--against', join(halDir, 'config'), '--exit-code'], { halDir })).exitCode).toBe(0)
  })

  it('without a last-deployed snapshot, says where it looked and what to do', async () => {
    const halDir = bakeryHal()
    const result = await hal(['config', 'diff'], { halDir })
    expect(result.exitCode).toBe(3)
    expect(result.stderr).toContain(`Error: there is no last-deployed snapshot ${join(halDir, '.backup', 'config')} to compare with`)
    expect(result.stderr).toContain('--against FILE')
  })
})
