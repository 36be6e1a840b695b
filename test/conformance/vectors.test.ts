import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { hal, writeFile } from '../helpers/hal.js'

// Golden vectors: a halconfig (and rosco-local.yml) plus a bake request in, the exact
// `packer build` argv Rosco would run and the outcome out, through the real `hal bake plan --json`.
// Each vector names the Rosco source it follows, read at spinnaker/rosco
// 030f7b6c9605978d4d4fb00de7c8884801f119e1; paths are under
// rosco-core/src/main/groovy/com/netflix/spinnaker/rosco/providers/ unless they say otherwise.
// The Oracle -var orders are java.util.HashMap orders; java-semantics.test.ts checks galley's
// model of that order against a real JVM for the same key sequences.

const NOW = '1700000000000'
const DIR = '/opt/rosco/config/packer'
const ARTIFACTS = 'artifactFile=/tmp/<request_id>-artifacts.json'
const MANIFEST = 'manifestFile=/tmp/<request_id>-manifest.json'

type Json = Record<string, any>

function googleConfig(): Json {
  return {
    enabled: true,
    accounts: [{ name: 'gce-a', project: 'proj-a', jsonPath: '/keys/a.json' }, { name: 'gce-b', project: 'proj-b' }],
    bakeryDefaults: {
      zone: 'us-central1-f',
      network: 'default',
      useInternalIp: false,
      templateFile: 'gce.json',
      baseImages: [
        { baseImage: { id: 'jammy', packageType: 'deb' }, virtualizationSettings: { sourceImageFamily: 'ubuntu-2204-lts' } },
        { baseImage: { id: 'rocky', packageType: 'rpm' }, virtualizationSettings: { sourceImage: 'rocky-9-v1' } },
        { baseImage: { id: 'win', packageType: 'nupkg' }, virtualizationSettings: { sourceImageFamily: 'windows-2022' } },
        { baseImage: { id: 'both', packageType: 'deb' }, virtualizationSettings: { sourceImage: 'img-1', sourceImageFamily: 'fam-1' } },
        { baseImage: { id: 'bare', packageType: 'deb' }, virtualizationSettings: {} },
        { baseImage: { id: 'custom', packageType: 'deb', templateFile: 'gce-custom.json', customRepository: 'http://apt.example.com stable main' }, virtualizationSettings: { sourceImageFamily: 'ubuntu-2204-lts' } },
        { baseImage: { id: 'jammy', packageType: 'rpm' }, virtualizationSettings: { sourceImage: 'second-entry-never-used' } },
      ],
    },
  }
}

function oracleConfig(): Json {
  return {
    enabled: true,
    accounts: [{
      name: 'oci-a', compartmentId: 'ocid1.compartment.oc1..comp', userId: 'ocid1.user.oc1..user', fingerprint: '12:34:56:78:9a:bc:de:f0:12:34:56:78:9a:bc:de:f0', sshPrivateKeyFilePath: '/keys/oci.pem',
      privateKeyPassphrase: 'PASS-SENTINEL-7', tenancyId: 'ocid1.tenancy.oc1..ten', region: 'us-ashburn-1',
    }],
    bakeryDefaults: {
      availabilityDomain: 'lrFb:US-ASHBURN-AD-1',
      subnetId: 'ocid1.subnet.oc1.iad.sub',
      instanceShape: 'VM.Standard2.1',
      templateFile: 'oci.json',
      baseImages: [
        { baseImage: { id: 'ol8', packageType: 'rpm' }, virtualizationSettings: { baseImageId: 'ocid1.image.oc1.iad.img', sshUserName: 'opc' } },
      ],
    },
  }
}

interface Vector {
  name: string
  /** Where in Rosco the expectation comes from. */
  source: string
  provider: 'google' | 'oracle'
  args: string[]
  exit: 0 | 1
  /** Absent where Rosco fails before it builds a command. */
  argv?: string[]
  /** Changes to the provider's section of the halconfig. */
  config?: (section: Json) => void
  roscoLocal?: string
  files?: string[]
  /** Rules of the plan's problems, in order (default: none). */
  problems?: string[]
  also?: (plan: Json) => void
}

/** `packer build -color=false -var a -var b ... template`, as Rosco's list of tokens. */
const build = (vars: string[], template: string, head: string[] = ['packer', 'build', '-color=false']) => [...head, ...vars.flatMap((v) => ['-var', v]), template]

/** GCEBakeHandler.buildParameterMap's first entries for the jammy image and account gce-a (l.109-126). */
const gceHead = (target: string, source = 'gce_source_image_family=ubuntu-2204-lts') => [
  'gce_project_id=proj-a', 'gce_zone=us-central1-f', 'gce_network=default', `gce_target_image=${target}`, source, 'gce_account_file=/keys/a.json',
]

const GCE = `${DIR}/gce.json`
const OCI = `${DIR}/oci.json`
const G = 'GCEBakeHandler.groovy'
const C = 'CloudProviderBakeHandler.groovy'
const F = 'util/LocalJobFriendlyPackerCommandFactory.groovy'
const I = 'util/ImageNameFactory.groovy'
const P = 'util/PackageNameConverter.java'
const O = 'oracle/OCIBakeHandler.java'

/** Oracle's -var pairs in the given key order: the account, bakery and base image values of oracleConfig(), then `values`. */
function oracleVars(order: string, values: Record<string, string>): string[] {
  const fixed: Record<string, string> = {
    oracle_compartment_id: 'ocid1.compartment.oc1..comp', oracle_tenancy_id: 'ocid1.tenancy.oc1..ten', oracle_user_id: 'ocid1.user.oc1..user', oracle_fingerprint: '12:34:56:78:9a:bc:de:f0:12:34:56:78:9a:bc:de:f0',
    oracle_ssh_private_key_file_path: '/keys/oci.pem', oracle_pass_phrase: '<redacted>', oracle_region: 'us-ashburn-1', oracle_availability_domain: 'lrFb:US-ASHBURN-AD-1',
    oracle_instance_shape: 'VM.Standard2.1', oracle_subnet_id: 'ocid1.subnet.oc1.iad.sub', oracle_base_image_id: 'ocid1.image.oc1.iad.img', oracle_ssh_user_name: 'opc',
    package_type: 'rpm', configDir: DIR,
  }
  return order.split(' ').map((key) => `${key}=${values[key] ?? fixed[key]}`)
}


const VECTORS: Vector[] = [
  // ---------------------------------------------------------------- deb names, packages, appversion, image name
  {
    name: 'deb fully qualified: name=version-release installed, arch in the image name, appversion name-version',
    source: `${G}:109-152, ${C}:183-227, ${I}:54-73, ${P}:69-107, util/packagespecific/DebPackageUtil.java:65-82`,
    provider: 'google', args: ['--base-image', 'jammy', '--package', 'nflx-djangobase-enhanced_0.1-h12.170cdbd_all'], exit: 0,
    argv: build([...gceHead('nflx-djangobase-enhanced-all-1700000000000-jammy'), 'appversion=nflx-djangobase-enhanced-0.1', ARTIFACTS, MANIFEST,
      'package_type=deb', 'packages=nflx-djangobase-enhanced=0.1-h12.170cdbd', `configDir=${DIR}`], GCE),
  },
  {
    name: 'appversion from --build-number and --commit-hash, not from the package\'s own release',
    source: `${P}:78-88, ${G}:144-146`,
    provider: 'google', args: ['--base-image', 'jammy', '--package', 'myapp_1.2.3-h99.fffffff_amd64', '--build-number', '42', '--commit-hash', 'abc1234'], exit: 0,
    argv: build([...gceHead('myapp-amd64-1700000000000-jammy'), 'appversion=myapp-1.2.3-h42.abc1234', ARTIFACTS, MANIFEST,
      'package_type=deb', 'packages=myapp=1.2.3-h99.fffffff', `configDir=${DIR}`], GCE),
  },
  {
    name: 'appversion with a job: slashes become dashes, then /build number',
    source: `${P}:90-95`,
    provider: 'google', args: ['--base-image', 'jammy', '--package', 'myapp_1.2.3-1_all', '--build-number', '7', '--job', 'folder/sub/myapp'], exit: 0,
    argv: build([...gceHead('myapp-all-1700000000000-jammy'), 'appversion=myapp-1.2.3-h7/folder-sub-myapp/7', ARTIFACTS, MANIFEST,
      'package_type=deb', 'packages=myapp=1.2.3-1', `configDir=${DIR}`], GCE),
  },
  {
    name: '--commit-hash and --job without --build-number add nothing',
    source: `${P}:81-96`,
    provider: 'google', args: ['--base-image', 'jammy', '--package', 'myapp_1.2.3-1_all', '--commit-hash', 'abc', '--job', 'j'], exit: 0,
    argv: build([...gceHead('myapp-all-1700000000000-jammy'), ARTIFACTS, MANIFEST, 'package_type=deb', 'packages=myapp=1.2.3-1', `configDir=${DIR}`], GCE),
    // "myapp-1.2.3" has no build part: frigga's pattern needs name-version-build.
    also: (plan) => expect(plan.appversion).toEqual({ value: 'myapp-1.2.3', accepted: false }),
  },
  {
    name: 'an appversion frigga rejects (a job with a space) is not passed, and the plan says so',
    source: `${P}:99-105; Netflix/frigga v0.24.0 src/main/java/com/netflix/frigga/ami/AppVersion.java:34-36,54-61`,
    provider: 'google', args: ['--base-image', 'jammy', '--package', 'myapp_1.0-1_all', '--build-number', '7', '--job', 'my job'], exit: 0,
    argv: build([...gceHead('myapp-all-1700000000000-jammy'), ARTIFACTS, MANIFEST, 'package_type=deb', 'packages=myapp=1.0-1', `configDir=${DIR}`], GCE),
    problems: ['bake/appversion'],
    also: (plan) => expect(plan.appversion).toEqual({ value: 'myapp-1.0-h7/my job/7', accepted: false }),
  },
  {
    name: 'deb with several dashes: version and release are the first two pieces only',
    source: 'util/packagespecific/DebPackageUtil.java:65-76',
    provider: 'google', args: ['--base-image', 'jammy', '--package', 'tool_1.0-beta-2_amd64'], exit: 0,
    argv: build([...gceHead('tool-amd64-1700000000000-jammy'), ARTIFACTS, MANIFEST, 'package_type=deb', 'packages=tool=1.0-beta', `configDir=${DIR}`], GCE),
  },
  {
    name: 'an unversioned deb: installed by name, no appversion (frigga rejects a bare name)',
    source: `${I}:69-73, ${P}:75-107`,
    provider: 'google', args: ['--base-image', 'jammy', '--package', 'reno-server', '--build-number', '5'], exit: 0,
    argv: build([...gceHead('reno-server-all-1700000000000-jammy'), ARTIFACTS, MANIFEST, 'package_type=deb', 'packages=reno-server', `configDir=${DIR}`], GCE),
  },
  {
    name: 'only the first package names the image and makes the appversion',
    source: `${I}:39-64`,
    provider: 'google', args: ['--base-image', 'jammy', '--package', 'kato nflx_0.1-3_all', '--package', 'redis-server', '--build-number', '12'], exit: 0,
    argv: build([...gceHead('kato-all-1700000000000-jammy'), ARTIFACTS, MANIFEST, 'package_type=deb', 'packages=kato nflx=0.1-3 redis-server', `configDir=${DIR}`], GCE),
  },
  {
    name: 'no package: the image name starts with "all", the empty packages variable is left out',
    source: `${I}:54-63, ${F}:38-45`,
    provider: 'google', args: ['--base-image', 'jammy'], exit: 0,
    argv: build([...gceHead('all-1700000000000-jammy'), ARTIFACTS, MANIFEST, 'package_type=deb', `configDir=${DIR}`], GCE),
  },
  {
    name: '--image-name and --image-suffix replace the first package\'s name and the clock',
    source: `${I}:59-63`,
    provider: 'google', args: ['--base-image', 'jammy', '--package', 'myapp_1.0-1_amd64', '--image-name', 'web', '--image-suffix', 'v7'], exit: 0,
    argv: build([...gceHead('web-amd64-v7-jammy'), ARTIFACTS, MANIFEST, 'package_type=deb', 'packages=myapp=1.0-1', `configDir=${DIR}`], GCE),
  },
  {
    name: 'the first entry with the base image\'s id wins',
    source: `${C}:278-286, ${G}:88-91`,
    provider: 'google', args: ['--base-image', 'jammy', '--package', 'nginx'], exit: 0,
    argv: build([...gceHead('nginx-all-1700000000000-jammy'), ARTIFACTS, MANIFEST, 'package_type=deb', 'packages=nginx', `configDir=${DIR}`], GCE),
  },
  // ---------------------------------------------------------------- rpm and nupkg
  {
    name: 'rpm name-version-release.arch on a sourceImage base image',
    source: `util/packagespecific/RpmPackageUtil.java:63-79, ${G}:116-117`,
    provider: 'google', args: ['--base-image', 'rocky', '--package', 'billinggateway-1.0-h2385.e0a09ce.all', '--build-number', '2385', '--commit-hash', 'e0a09ce'], exit: 0,
    argv: build([...gceHead('billinggateway-all-1700000000000-rocky', 'gce_source_image=rocky-9-v1'), 'appversion=billinggateway-1.0-h2385.e0a09ce', ARTIFACTS, MANIFEST,
      'package_type=rpm', 'packages=billinggateway-1.0-h2385.e0a09ce', `configDir=${DIR}`], GCE),
  },
  {
    name: 'rpm without an arch: the end of the release is read as one, the whole name kept (GCE then refuses the image name)',
    source: 'util/packagespecific/RpmPackageUtil.java:63-77',
    provider: 'google', args: ['--base-image', 'rocky', '--package', 'nginx-1.20.1-1'], exit: 1,
    // No version, so the appversion is the name alone, which frigga happens to accept (nginx / 1.20.1 / 1).
    argv: build([...gceHead('nginx-1.20.1-1-1-1-1700000000000-rocky', 'gce_source_image=rocky-9-v1'), 'appversion=nginx-1.20.1-1', ARTIFACTS, MANIFEST,
      'package_type=rpm', 'packages=nginx-1.20.1-1', `configDir=${DIR}`], GCE),
    problems: ['bake/package-name', 'bake/image-name'],
  },
  {
    name: 'rpm x86_64: Rosco puts the arch in the image name; Packer refuses the "_" (the plan still shows Rosco\'s command)',
    source: `util/packagespecific/RpmPackageUtil.java:63-79, ${I}:57-63`,
    provider: 'google', args: ['--base-image', 'rocky', '--package', 'nginx-1.20.1-1.el8.x86_64'], exit: 1,
    argv: build([...gceHead('nginx-x86_64-1700000000000-rocky', 'gce_source_image=rocky-9-v1'), ARTIFACTS, MANIFEST,
      'package_type=rpm', 'packages=nginx-1.20.1-1.el8', `configDir=${DIR}`], GCE),
    problems: ['bake/image-name'],
    also: (plan) => expect(plan.problems[0].message).toContain('Packer would stop with: Invalid image name "nginx-x86_64-1700000000000-rocky": The first character must be a lowercase letter'),
  },
  {
    name: 'nupkg SemVer name: version and release split at the first "-", installed as name.version-release',
    source: 'util/packagespecific/NupkgPackageUtil.groovy:50-87, util/PackageNameConverter.java:44-54',
    provider: 'google', args: ['--base-image', 'win', '--package', 'microsoft-aspnet-mvc.6.0.0-rc1-final.nupkg'], exit: 0,
    argv: build([...gceHead('microsoft-aspnet-mvc-all-1700000000000-win', 'gce_source_image_family=windows-2022'), ARTIFACTS, MANIFEST,
      'package_type=nupkg', 'packages=microsoft-aspnet-mvc.6.0.0-rc1-final', `configDir=${DIR}`], GCE),
  },
  {
    name: 'nupkg appversion uses nupkg\'s separators (. before the version, - before the build)',
    source: 'util/packagespecific/NupkgPackageUtil.groovy:14-32, util/PackageNameConverter.java:78-88',
    provider: 'google', args: ['--base-image', 'win', '--package', 'microsoft-aspnet-mvc.6.0.0-rc1-final', '--build-number', '9'], exit: 0,
    argv: build([...gceHead('microsoft-aspnet-mvc-all-1700000000000-win', 'gce_source_image_family=windows-2022'), 'appversion=microsoft-aspnet-mvc.6.0.0-9', ARTIFACTS, MANIFEST,
      'package_type=nupkg', 'packages=microsoft-aspnet-mvc.6.0.0-rc1-final', `configDir=${DIR}`], GCE),
  },
  // ---------------------------------------------------------------- GCE parameters
  {
    name: '--source-image (base_ami) replaces the base image\'s source image family',
    source: `${G}:97-100,116-119`,
    provider: 'google', args: ['--base-image', 'jammy', '--package', 'nginx', '--source-image', 'my-golden'], exit: 0,
    argv: build([...gceHead('nginx-all-1700000000000-jammy', 'gce_source_image=my-golden'), ARTIFACTS, MANIFEST, 'package_type=deb', 'packages=nginx', `configDir=${DIR}`], GCE),
  },
  {
    name: 'a base image with both a source image and a family: the image wins',
    source: `${G}:116-119`,
    provider: 'google', args: ['--base-image', 'both', '--package', 'nginx'], exit: 0,
    argv: build([...gceHead('nginx-all-1700000000000-both', 'gce_source_image=img-1'), ARTIFACTS, MANIFEST, 'package_type=deb', 'packages=nginx', `configDir=${DIR}`], GCE),
    // hal config validate's warning that the family is ignored, said by the plan too.
    problems: ['google/source-image'],
  },
  {
    name: 'a base image with neither: Rosco fails',
    source: `${G}:120-122`,
    provider: 'google', args: ['--base-image', 'bare', '--package', 'nginx'], exit: 1,
    argv: build(['gce_project_id=proj-a', 'gce_zone=us-central1-f', 'gce_network=default', 'gce_target_image=nginx-all-1700000000000-bare', 'gce_account_file=/keys/a.json',
      ARTIFACTS, MANIFEST, 'package_type=deb', 'packages=nginx', `configDir=${DIR}`], GCE),
    // Reported as hal config validate reports it (Halyard's wording), under the config rule's id.
    problems: ['google/source-image'],
  },
  {
    name: '--account picks the named account; one without jsonPath passes no gce_account_file',
    source: `${G}:107-126,187-198`,
    provider: 'google', args: ['--base-image', 'jammy', '--package', 'nginx', '--account', 'gce-b'], exit: 0,
    argv: build(['gce_project_id=proj-b', 'gce_zone=us-central1-f', 'gce_network=default', 'gce_target_image=nginx-all-1700000000000-jammy', 'gce_source_image_family=ubuntu-2204-lts',
      ARTIFACTS, MANIFEST, 'package_type=deb', 'packages=nginx', `configDir=${DIR}`], GCE),
  },
  {
    name: 'network project, subnetwork and internal IP come after the account file, in that order',
    source: `${G}:124-138`,
    provider: 'google', args: ['--base-image', 'jammy', '--package', 'nginx'], exit: 0,
    config: (s) => Object.assign(s.bakeryDefaults, { networkProjectId: 'host-proj', subnetwork: 'sub-1', useInternalIp: true }),
    argv: build([...gceHead('nginx-all-1700000000000-jammy'), 'gce_network_project_id=host-proj', 'gce_subnetwork=sub-1', 'gce_use_internal_ip=true',
      ARTIFACTS, MANIFEST, 'package_type=deb', 'packages=nginx', `configDir=${DIR}`], GCE),
  },
  {
    name: 'build_info_url before appversion; build_host and upgrade after packages, before configDir',
    source: `${G}:140-146, ${C}:219-227`,
    provider: 'google', args: ['--base-image', 'jammy', '--package', 'app_2.0-1_all', '--build-info-url', 'https://ci/job/app/3/', '--build-host', 'https://ci/', '--upgrade', '--build-number', '3'], exit: 0,
    argv: build([...gceHead('app-all-1700000000000-jammy'), 'build_info_url=https://ci/job/app/3/', 'appversion=app-2.0-h3', ARTIFACTS, MANIFEST,
      'package_type=deb', 'packages=app=2.0-1', 'build_host=https://ci/', 'upgrade=true', `configDir=${DIR}`], GCE),
  },
  {
    name: 'the base image\'s customRepository and templateFile',
    source: `${C}:206-207, ${G}:160-163`,
    provider: 'google', args: ['--base-image', 'custom', '--package', 'nginx'], exit: 0, files: ['gce-custom.json'],
    argv: build([...gceHead('nginx-all-1700000000000-custom'), ARTIFACTS, MANIFEST, 'repository=http://apt.example.com stable main',
      'package_type=deb', 'packages=nginx', `configDir=${DIR}`], `${DIR}/gce-custom.json`),
  },
  {
    name: 'debianRepository from rosco-local.yml for a deb image',
    source: `${C}:46-53,208-209`,
    provider: 'google', args: ['--base-image', 'jammy', '--package', 'nginx'], exit: 0,
    roscoLocal: 'debianRepository: http://deb.example.com bookworm main\nyumRepository: http://yum.example.com/el8\n',
    argv: build([...gceHead('nginx-all-1700000000000-jammy'), ARTIFACTS, MANIFEST, 'repository=http://deb.example.com bookworm main',
      'package_type=deb', 'packages=nginx', `configDir=${DIR}`], GCE),
  },
  {
    name: 'yumRepository for an rpm image; customRepository would win over both',
    source: `${C}:206-214`,
    provider: 'google', args: ['--base-image', 'rocky', '--package', 'nginx'], exit: 0,
    roscoLocal: 'debianRepository: http://deb.example.com bookworm main\nyumRepository: http://yum.example.com/el8\n',
    argv: build([...gceHead('nginx-all-1700000000000-rocky', 'gce_source_image=rocky-9-v1'), ARTIFACTS, MANIFEST, 'repository=http://yum.example.com/el8',
      'package_type=rpm', 'packages=nginx', `configDir=${DIR}`], GCE),
  },
  // ---------------------------------------------------------------- extended attributes and the keep rules
  {
    name: 'an extended attribute replaces a value in its place; a new one comes after configDir, in request order',
    source: `${C}:229-237 (a LinkedHashMap keeps a replaced key's place)`,
    provider: 'google', args: ['--base-image', 'jammy', '--package', 'nginx', '--extended-attribute', 'zz_var=1', '--extended-attribute', 'gce_zone=europe-west1-b', '--extended-attribute', 'aa_var=2'], exit: 0,
    argv: build(['gce_project_id=proj-a', 'gce_zone=europe-west1-b', 'gce_network=default', 'gce_target_image=nginx-all-1700000000000-jammy', 'gce_source_image_family=ubuntu-2204-lts',
      'gce_account_file=/keys/a.json', ARTIFACTS, MANIFEST, 'package_type=deb', 'packages=nginx', `configDir=${DIR}`, 'zz_var=1', 'aa_var=2'], GCE),
  },
  {
    name: 'copy_to: tokenize(",") drops empty items, items are trimmed and numbered, an item of spaces is numbered and then left out',
    source: `${C}:231-232,267-276, ${F}:38-40`,
    provider: 'google', args: ['--base-image', 'jammy', '--package', 'nginx', '--extended-attribute', 'copy_to= proj-x ,, ,proj-y,'], exit: 0,
    argv: build([...gceHead('nginx-all-1700000000000-jammy'), ARTIFACTS, MANIFEST, 'package_type=deb', 'packages=nginx', `configDir=${DIR}`, 'copy_to_3=proj-y', 'copy_to_1=proj-x'], GCE),
  },
  {
    name: 'share_with with twelve items: numbered from 1, in java.util.HashMap order',
    source: `${C}:267-276 (new HashMap())`,
    provider: 'google', args: ['--base-image', 'jammy', '--package', 'nginx', '--extended-attribute', `share_with=${Array.from({ length: 12 }, (_, i) => `p${i + 1}`).join(',')}`], exit: 0,
    argv: build([...gceHead('nginx-all-1700000000000-jammy'), ARTIFACTS, MANIFEST, 'package_type=deb', 'packages=nginx', `configDir=${DIR}`,
      // The order a JVM printed for share_with_1..12 in a HashMap (copy_to_1..12 come out differently).
      'share_with_1=p1', 'share_with_10=p10', 'share_with_2=p2', 'share_with_11=p11', 'share_with_3=p3', 'share_with_12=p12', 'share_with_4=p4', 'share_with_5=p5',
      'share_with_6=p6', 'share_with_7=p7', 'share_with_8=p8', 'share_with_9=p9'], GCE),
  },
  {
    name: 'a value of spaces is kept (Groovy truth) and passed trimmed, as "k="; an empty one is left out',
    source: `${F}:38-44`,
    provider: 'google', args: ['--base-image', 'jammy', '--package', 'nginx', '--extended-attribute', 'blank=   ', '--extended-attribute', 'empty=', '--extended-attribute', 'padded=  hi there  '], exit: 0,
    argv: build([...gceHead('nginx-all-1700000000000-jammy'), ARTIFACTS, MANIFEST, 'package_type=deb', 'packages=nginx', `configDir=${DIR}`, 'blank=', 'padded=hi there'], GCE),
  },
  {
    name: 'useInternalIp false is put in the map and left out of the command',
    source: `${G}:136-138, ${F}:39`,
    provider: 'google', args: ['--base-image', 'jammy', '--package', 'nginx'], exit: 0,
    argv: build([...gceHead('nginx-all-1700000000000-jammy'), ARTIFACTS, MANIFEST, 'package_type=deb', 'packages=nginx', `configDir=${DIR}`], GCE),
    also: (plan) => expect(plan.dropped).toContainEqual(expect.objectContaining({ name: 'gce_use_internal_ip', reason: 'false' })),
  },
  // ---------------------------------------------------------------- Rosco's packer settings, var file, template
  {
    name: 'packer.timestamp adds -timestamp-ui right after -color=false, then additionalParameters in order',
    source: `${F}:31-36, rosco-core/.../config/RoscoPackerConfigurationProperties.java:9-12`,
    provider: 'google', args: ['--base-image', 'jammy', '--package', 'nginx'], exit: 0,
    roscoLocal: 'packer:\n  timestamp: true\n  additionalParameters:\n  - -on-error=abort\n  - -parallel-builds=1\n',
    argv: build([...gceHead('nginx-all-1700000000000-jammy'), ARTIFACTS, MANIFEST, 'package_type=deb', 'packages=nginx', `configDir=${DIR}`], GCE,
      ['packer', 'build', '-color=false', '-timestamp-ui', '-on-error=abort', '-parallel-builds=1']),
  },
  {
    name: 'templatesNeedingRoot naming the template: sudo before packer',
    source: `${C}:55-56,165-171,242-243, ${F}:31`,
    provider: 'google', args: ['--base-image', 'jammy', '--package', 'nginx'], exit: 0,
    roscoLocal: 'templatesNeedingRoot: aws-chroot.json,gce.json\n',
    argv: build([...gceHead('nginx-all-1700000000000-jammy'), ARTIFACTS, MANIFEST, 'package_type=deb', 'packages=nginx', `configDir=${DIR}`], GCE,
      ['sudo', 'packer', 'build', '-color=false']),
  },
  {
    name: 'templatesNeedingRoot as a YAML list is not seen by @Value: no sudo, and a warning',
    source: `${C}:55-56`,
    provider: 'google', args: ['--base-image', 'jammy', '--package', 'nginx'], exit: 0,
    roscoLocal: 'templatesNeedingRoot:\n- gce.json\n',
    argv: build([...gceHead('nginx-all-1700000000000-jammy'), ARTIFACTS, MANIFEST, 'package_type=deb', 'packages=nginx', `configDir=${DIR}`], GCE),
    problems: ['bake/rosco-settings'],
  },
  {
    name: '--var-file comes after every -var, before the template',
    source: `${C}:241-246, ${F}:47-51`,
    provider: 'google', args: ['--base-image', 'jammy', '--package', 'nginx', '--var-file', 'vars.json'], exit: 0, files: ['vars.json'],
    argv: [...build([...gceHead('nginx-all-1700000000000-jammy'), ARTIFACTS, MANIFEST, 'package_type=deb', 'packages=nginx', `configDir=${DIR}`], GCE).slice(0, -1),
      `-var-file=${DIR}/vars.json`, GCE],
  },
  {
    name: '--template-file (template_file_name) wins over the base image\'s and the bakery\'s',
    source: `${C}:239-240`,
    provider: 'google', args: ['--base-image', 'custom', '--package', 'nginx', '--template-file', 'gce-request.json'], exit: 0, files: ['gce-request.json', 'gce-custom.json'],
    argv: build([...gceHead('nginx-all-1700000000000-custom'), ARTIFACTS, MANIFEST, 'repository=http://apt.example.com stable main',
      'package_type=deb', 'packages=nginx', `configDir=${DIR}`], `${DIR}/gce-request.json`),
  },
  {
    name: 'no templateFile anywhere: Rosco runs $configDir/null',
    source: `${C}:239-240, ${G}:160-163`,
    provider: 'google', args: ['--base-image', 'jammy', '--package', 'nginx'], exit: 1,
    config: (s) => { s.bakeryDefaults.templateFile = null },
    argv: build([...gceHead('nginx-all-1700000000000-jammy'), ARTIFACTS, MANIFEST, 'package_type=deb', 'packages=nginx', `configDir=${DIR}`], `${DIR}/null`),
    problems: ['bake/template'],
  },
  // ---------------------------------------------------------------- artifacts
  {
    name: 'an artifact alone: its name makes the image name and appversion; packages stays empty; the request carries it',
    source: `${C}:192-202, ${G}:148, util/PackerArtifactService.java:41-74`,
    provider: 'google', args: ['--base-image', 'jammy', '--artifact', 'type=deb,name=myapp_2.0-3_all,reference=http://repo stable main myapp', '--build-number', '8'], exit: 0,
    argv: build([...gceHead('myapp-all-1700000000000-jammy'), 'appversion=myapp-2.0-h8', ARTIFACTS, MANIFEST, 'package_type=deb', `configDir=${DIR}`], GCE),
    also: (plan) => {
      expect(plan.request.package_artifacts).toEqual([{ type: 'deb', name: 'myapp_2.0-3_all', reference: 'http://repo stable main myapp' }])
      expect(JSON.parse(plan.requestBody)).toEqual(plan.request)
    },
  },
  {
    name: 'a package and an artifact: the package comes first',
    source: `${C}:196-198`,
    provider: 'google', args: ['--base-image', 'jammy', '--package', 'web_1.0-1_amd64', '--artifact', '{"type":"deb","name":"other_2.0-1_all","reference":"other"}'], exit: 0,
    argv: build([...gceHead('web-amd64-1700000000000-jammy'), ARTIFACTS, MANIFEST, 'package_type=deb', 'packages=web=1.0-1', `configDir=${DIR}`], GCE),
  },
  // ---------------------------------------------------------------- Oracle: a java.util.HashMap
  // The key orders below were printed by a JVM (OpenJDK 17) filling a HashMap as OCIBakeHandler and
  // produceBakeRecipe do; java-semantics.test.ts re-checks galley's model against a JVM for the same keys.
  {
    name: 'oracle: every oracle_* variable, in java.util.HashMap order, the pass phrase redacted',
    source: `${O}:105-122, ${C}:216-227`,
    provider: 'oracle', args: ['--base-image', 'ol8', '--package', 'nginx'], exit: 0,
    argv: build(oracleVars('oracle_instance_shape oracle_user_id oracle_ssh_private_key_file_path oracle_availability_domain oracle_subnet_id configDir oracle_compartment_id package_type packages oracle_image_name oracle_base_image_id oracle_region oracle_fingerprint oracle_tenancy_id oracle_pass_phrase oracle_ssh_user_name',
      { packages: 'nginx', oracle_image_name: 'nginx-all-1700000000000-ol8' }), OCI),
  },
  {
    name: 'oracle passes build_info_url and appversion too',
    source: `${O}:124-130, ${C}:206-227`,
    provider: 'oracle', args: ['--base-image', 'ol8', '--package', 'app-1.0-1.noarch', '--build-info-url', 'https://ci/app/4/', '--build-number', '4', '--build-host', 'https://ci/', '--upgrade'], exit: 0,
    roscoLocal: 'yumRepository: http://yum.example.com/el8\n',
    argv: build(oracleVars('oracle_instance_shape oracle_user_id upgrade oracle_ssh_private_key_file_path oracle_availability_domain oracle_subnet_id configDir oracle_compartment_id build_host appversion repository package_type packages oracle_image_name oracle_base_image_id oracle_region oracle_fingerprint build_info_url oracle_tenancy_id oracle_pass_phrase oracle_ssh_user_name',
      { packages: 'app-1.0-1', oracle_image_name: 'app-noarch-1700000000000-ol8', upgrade: 'true', build_host: 'https://ci/', appversion: 'app-1.0-h4', repository: 'http://yum.example.com/el8', build_info_url: 'https://ci/app/4/' }), OCI),
  },
  {
    name: 'oracle: extended attributes and copy_to go into the same HashMap; an override keeps the key\'s bucket',
    source: `${O}:105-122, ${C}:229-237,267-276`,
    provider: 'oracle', args: ['--base-image', 'ol8', '--package', 'nginx', '--extended-attribute', 'copy_to=a,b,c', '--extended-attribute', 'custom_var=x', '--extended-attribute', 'oracle_instance_shape=VM.Standard.E4.Flex'], exit: 0,
    argv: build(oracleVars('oracle_instance_shape oracle_user_id oracle_ssh_private_key_file_path oracle_availability_domain copy_to_2 oracle_subnet_id configDir copy_to_3 custom_var oracle_compartment_id copy_to_1 package_type packages oracle_image_name oracle_base_image_id oracle_region oracle_fingerprint oracle_tenancy_id oracle_pass_phrase oracle_ssh_user_name',
      { packages: 'nginx', oracle_image_name: 'nginx-all-1700000000000-ol8', copy_to_1: 'a', copy_to_2: 'b', copy_to_3: 'c', custom_var: 'x', oracle_instance_shape: 'VM.Standard.E4.Flex' }), OCI),
  },
  {
    name: 'oracle without templateFile: $configDir/null',
    source: `${O}:135-142, ${C}:239-240`,
    provider: 'oracle', args: ['--base-image', 'ol8', '--package', 'nginx'], exit: 1,
    config: (s) => { s.bakeryDefaults.templateFile = '' },
    argv: build(oracleVars('oracle_instance_shape oracle_user_id oracle_ssh_private_key_file_path oracle_availability_domain oracle_subnet_id configDir oracle_compartment_id package_type packages oracle_image_name oracle_base_image_id oracle_region oracle_fingerprint oracle_tenancy_id oracle_pass_phrase oracle_ssh_user_name',
      { packages: 'nginx', oracle_image_name: 'nginx-all-1700000000000-ol8' }), `${DIR}/null`),
    problems: ['bake/template'],
  },
  {
    name: 'oracle: an unknown account fails as Rosco\'s resolveAccount does, before any command',
    source: `${O}:169-195`,
    provider: 'oracle', args: ['--base-image', 'ol8', '--package', 'nginx', '--account', 'nobody'], exit: 1,
    problems: ['bake/account'],
  },
  {
    name: 'google: an unknown base image fails as findVirtualizationSettings does, before any command',
    source: `${G}:88-95, ${C}:278-286`,
    provider: 'google', args: ['--base-image', 'noble', '--package', 'nginx'], exit: 1,
    problems: ['bake/base-image'],
  },
]

const roots: string[] = []
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true })
})

/** A hal directory of its own per vector (the vectors run concurrently). */
function halDirFor(vector: Vector): string {
  const root = mkdtempSync(join(tmpdir(), 'galley-vector-'))
  roots.push(root)
  const halDir = join(root, '.hal')
  const section = vector.provider === 'google' ? googleConfig() : oracleConfig()
  vector.config?.(section)
  const config = { currentDeployment: 'default', deploymentConfigurations: [{ name: 'default', version: '1.30.0', providers: { [vector.provider]: section } }] }
  writeFile(join(halDir, 'config'), JSON.stringify(config, null, 2))
  if (vector.roscoLocal) writeFile(join(halDir, 'default', 'profiles', 'rosco-local.yml'), vector.roscoLocal)
  for (const file of vector.files ?? []) writeFile(join(halDir, 'default', 'profiles', 'rosco', 'packer', file), '{"variables": {}, "builders": [{"type": "null", "communicator": "none"}]}\n')
  return halDir
}

describe('Rosco conformance: halconfig + request -> packer build argv', () => {
  it('has at least 40 vectors, each naming its Rosco source', () => {
    expect(VECTORS.length).toBeGreaterThanOrEqual(40)
    for (const v of VECTORS) expect(v.source, v.name).toMatch(/\.(groovy|java):\d+/)
  })

  describe.concurrent.each(VECTORS)('$name', (vector) => {
    it(`follows ${vector.source}`, async () => {
      const halDir = halDirFor(vector)
      // The key files are named as on Rosco's host: whether this machine has them is account/file's
      // concern (hal config validate), not Rosco's recipe, so the rule is turned off here.
      const result = await hal(['bake', 'plan', '--json', '--provider', vector.provider, ...vector.args, '--rule', 'account/file=off'], { halDir, env: { GALLEY_NOW_MS: NOW } })
      expect(result.exitCode, result.stdout + result.stderr).toBe(vector.exit)
      const plan = result.json()
      if (vector.argv) expect(plan.argv).toEqual(vector.argv)
      expect(plan.problems.map((p: Json) => p.rule)).toEqual(vector.problems ?? [])
      expect(JSON.parse(plan.requestBody)).toEqual(plan.request)
      expect(result.stdout).not.toContain('PASS-SENTINEL')
      vector.also?.(plan)
    })
  })
})
