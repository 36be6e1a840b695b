import { describe, expect, it } from 'vitest'
import { buildAppVersion, packagesParameter, parseDebName, parseNupkgName, parsePackages, parseRpmName, splitPackages, type OsPackageName } from '../../src/model/package-names.js'
import { buildImageName } from '../../src/bake/plan.js'

// The input/output cases of Rosco's own Spock specifications, as facts about galley's parsing
// modules. Read at spinnaker/rosco 030f7b6c9605978d4d4fb00de7c8884801f119e1; the specs live under
// rosco-core/src/test/groovy/com/netflix/spinnaker/rosco/providers/util/ (T below).
// Rosco's `new OsPackageName()` (all null) is `{}` here; a null field is an absent key.

const T = 'rosco-core/src/test/groovy/com/netflix/spinnaker/rosco/providers/util'

describe(`${T}/packagespecific/DebPackageUtilSpec.groovy:17-37`, () => {
  it.each<[string | null, OsPackageName]>([
    [null, {}],
    ['', {}],
    ['nflx-djangobase-enhanced', { name: 'nflx-djangobase-enhanced' }],
    ['nflx-djangobase-enhanced_0.1', { name: 'nflx-djangobase-enhanced', version: '0.1' }],
    ['nflx-djangobase-enhanced_0.1-h12.170cdbd', { name: 'nflx-djangobase-enhanced', version: '0.1', release: 'h12.170cdbd' }],
    ['nflx-djangobase-enhanced_0.1-3', { name: 'nflx-djangobase-enhanced', version: '0.1', release: '3' }],
    ['nflx-djangobase-enhanced_0.1-h12.170cdbd_all', { name: 'nflx-djangobase-enhanced', version: '0.1', release: 'h12.170cdbd', arch: 'all' }],
    ['nflx-djangobase-enhanced_0.1-3_all', { name: 'nflx-djangobase-enhanced', version: '0.1', release: '3', arch: 'all' }],
  ])('deb %j parses to %j', (given, expected) => {
    expect(parseDebName(given)).toEqual(expected)
  })
})

describe(`${T}/packagespecific/RpmPackageUtilSpec.groovy:17-32`, () => {
  it.each<[string | null, OsPackageName]>([
    [null, {}],
    ['', {}],
    ['billinggateway-1.0-h2385.e0a09ce.all', { name: 'billinggateway', version: '1.0', release: 'h2385.e0a09ce', arch: 'all' }],
    ['nflx-djangobase-enhanced-0.1-h12.170cdbd.all', { name: 'nflx-djangobase-enhanced', version: '0.1', release: 'h12.170cdbd', arch: 'all' }],
    ['sf-lucifer-0.0.10-1.noarch', { name: 'sf-lucifer', version: '0.0.10', release: '1', arch: 'noarch' }],
  ])('rpm %j parses to %j', (given, expected) => {
    expect(parseRpmName(given)).toEqual(expected)
  })
})

describe(`${T}/packagespecific/NupkgPackageUtilSpec.groovy:17-72`, () => {
  it.each<[string | null, OsPackageName]>([
    [null, {}],
    ['', {}],
    ['billinggateway.1.0.1', { name: 'billinggateway', version: '1.0.1' }],
    ['nflx-djangobase-enhanced.1.0.1-rc1', { name: 'nflx-djangobase-enhanced', version: '1.0.1', release: 'rc1' }],
    ['sf-lucifer.en-US.0.0.10-1', { name: 'sf-lucifer.en-US', version: '0.0.10', release: '1' }],
    ['microsoft.aspnet.mvc', { name: 'microsoft.aspnet.mvc' }],
    ['microsoft.aspnet.mvc.6', { name: 'microsoft.aspnet.mvc', version: '6' }],
    ['microsoft.aspnet.mvc.6-rc1-final', { name: 'microsoft.aspnet.mvc', version: '6', release: 'rc1-final' }],
    ['microsoft.aspnet.mvc.6.0.0+sf23sdf', { name: 'microsoft.aspnet.mvc', version: '6.0.0', release: '+sf23sdf' }],
    ['microsoft.aspnet.mvc.6.0.0-rc1-final+sf23sdf', { name: 'microsoft.aspnet.mvc', version: '6.0.0', release: 'rc1-final+sf23sdf' }],
    ['microsoft-aspnet-mvc', { name: 'microsoft-aspnet-mvc' }],
    ['microsoft-aspnet-mvc.6', { name: 'microsoft-aspnet-mvc', version: '6' }],
    ['microsoft-aspnet-mvc.6-rc1-final', { name: 'microsoft-aspnet-mvc', version: '6', release: 'rc1-final' }],
    ['microsoft-aspnet-mvc.6.0.0+sf23sdf', { name: 'microsoft-aspnet-mvc', version: '6.0.0', release: '+sf23sdf' }],
    ['microsoft-aspnet-mvc.6.0.0-rc1-final+sf23sdf', { name: 'microsoft-aspnet-mvc', version: '6.0.0', release: 'rc1-final+sf23sdf' }],
  ])('nupkg %j parses to %j', (given, expected) => {
    expect(parseNupkgName(given)).toEqual(expected)
  })
})

describe(`${T}/PackageNameConverterSpec.groovy`, () => {
  it('package type is respected when building app version string (l.24-50)', () => {
    const deb = parseDebName('nflx-djangobase-enhanced_0.1-h12.170cdbd_all')
    const rpm = parseRpmName('nflx-djangobase-enhanced-0.1-h12.170cdbd.all')
    expect(deb).toEqual(rpm)
    const request = { build_number: '12', commit_hash: '170cdbd' }
    expect(buildAppVersion(request, deb, 'deb')).toEqual({ value: 'nflx-djangobase-enhanced-0.1-h12.170cdbd', accepted: true })
    expect(buildAppVersion(request, rpm, 'rpm')).toEqual({ value: 'nflx-djangobase-enhanced-0.1-h12.170cdbd', accepted: true })
  })

  it('if job and build_number are specified, app version string includes them (l.52-68)', () => {
    const pkg = parseDebName('nflx-djangobase-enhanced_0.1-h123.170cdbd_all')
    expect(buildAppVersion({ job: 'some-job-name', build_number: '123', commit_hash: '170cdbd' }, pkg, 'deb').value).toBe('nflx-djangobase-enhanced-0.1-h123.170cdbd/some-job-name/123')
  })

  it('if job name contains slashes, they are replaced by hyphen (l.70-83)', () => {
    const pkg = parseDebName('nflx-djangobase-enhanced_0.1-h123.170cdbd_all')
    expect(buildAppVersion({ job: 'compose/job/name', build_number: '123', commit_hash: '170cdbd' }, pkg, 'deb')).toEqual({ value: 'nflx-djangobase-enhanced-0.1-h123.170cdbd/compose-job-name/123', accepted: true })
  })

  it('if job is missing, app version string leaves off both job and build_number (l.85-100)', () => {
    const pkg = parseDebName('nflx-djangobase-enhanced_0.1-h12.170cdbd_all')
    expect(buildAppVersion({ build_number: '12', commit_hash: '170cdbd' }, pkg, 'deb').value).toBe('nflx-djangobase-enhanced-0.1-h12.170cdbd')
  })

  it('if package_name is empty we should have an empty list of OsPackageNames (l.102-112)', () => {
    expect(parsePackages('', 'deb')).toEqual([])
    expect(splitPackages(undefined)).toEqual([])
  })
})

/** ImageNameFactory with a clock reading 123456, as the spec's Mock(Clock). */
function factory(packageName: string, type: 'deb' | 'rpm', request: { build_number?: string; commit_hash?: string; ami_name?: string; ami_suffix?: string; base_os: string }) {
  const packages = parsePackages(packageName, type)
  const appversion = buildAppVersion(request, packages[0], type)
  return {
    imageName: buildImageName(request, packages, 123456).name,
    // ImageNameFactory.buildAppVersionStr returns null when frigga rejects it.
    appVersionStr: appversion.accepted ? appversion.value : null,
    packagesParameter: packagesParameter(packages),
  }
}

describe(`${T}/ImageNameFactorySpec.groovy`, () => {
  it.each<[string, string, 'deb' | 'rpm', Parameters<typeof factory>[2], ReturnType<typeof factory>]>([
    ['should recognize fully-qualified ubuntu package name (l.26-46)', 'nflx-djangobase-enhanced_0.1-3_all', 'deb', { build_number: '12', commit_hash: '170cdbd', base_os: 'ubuntu' },
      { imageName: 'nflx-djangobase-enhanced-all-123456-ubuntu', appVersionStr: 'nflx-djangobase-enhanced-0.1-h12.170cdbd', packagesParameter: 'nflx-djangobase-enhanced=0.1-3' }],
    ['should build appversion tag from ubuntu package name even without commit hash (l.48-67)', 'nflx-djangobase-enhanced_0.1-3_all', 'deb', { build_number: '12', base_os: 'ubuntu' },
      { imageName: 'nflx-djangobase-enhanced-all-123456-ubuntu', appVersionStr: 'nflx-djangobase-enhanced-0.1-h12', packagesParameter: 'nflx-djangobase-enhanced=0.1-3' }],
    ['should build the imageName based on the ami_name tag (l.69-88)', 'nflx-djangobase-enhanced_0.1-3_all', 'deb', { base_os: 'ubuntu', ami_name: 'nflx-base' },
      { imageName: 'nflx-base-all-123456-ubuntu', appVersionStr: 'nflx-djangobase-enhanced-0.1', packagesParameter: 'nflx-djangobase-enhanced=0.1-3' }],
    ['should build the imageName based on the ami_suffix tag (l.90-109)', 'nflx-djangobase-enhanced_0.1-3_all', 'deb', { base_os: 'ubuntu', ami_suffix: '1.0' },
      { imageName: 'nflx-djangobase-enhanced-all-1.0-ubuntu', appVersionStr: 'nflx-djangobase-enhanced-0.1', packagesParameter: 'nflx-djangobase-enhanced=0.1-3' }],
    ['should build the imageName based on the ami_name and ami_suffix tag (l.111-131)', 'nflx-djangobase-enhanced_0.1-3_all', 'deb', { base_os: 'ubuntu', ami_name: 'nflx-base', ami_suffix: '1.0' },
      { imageName: 'nflx-base-all-1.0-ubuntu', appVersionStr: 'nflx-djangobase-enhanced-0.1', packagesParameter: 'nflx-djangobase-enhanced=0.1-3' }],
    ['should recognize unqualified ubuntu package name (l.133-152)', 'reno-server', 'deb', { base_os: 'ubuntu' },
      { imageName: 'reno-server-all-123456-ubuntu', appVersionStr: null, packagesParameter: 'reno-server' }],
    ['should recognize fully-qualified ubuntu package name plus extra packages (l.154-175)', 'nflx-djangobase-enhanced_0.1-3_all kato redis-server', 'deb', { build_number: '12', commit_hash: '170cdbd', base_os: 'ubuntu' },
      { imageName: 'nflx-djangobase-enhanced-all-123456-ubuntu', appVersionStr: 'nflx-djangobase-enhanced-0.1-h12.170cdbd', packagesParameter: 'nflx-djangobase-enhanced=0.1-3 kato redis-server' }],
    ['should recognize fully-qualified ubuntu package name in any position plus extra packages (l.177-197)', 'kato nflx-djangobase-enhanced_0.1-3_all redis-server', 'deb', { build_number: '12', commit_hash: '170cdbd', base_os: 'ubuntu' },
      { imageName: 'kato-all-123456-ubuntu', appVersionStr: null, packagesParameter: 'kato nflx-djangobase-enhanced=0.1-3 redis-server' }],
    ['should recognize multiple fully-qualified ubuntu package names but only derive appversion from the first (l.199-219)', 'nflx-djangobase-enhanced_0.1-3_all some-package_0.3-h15.290fcab_all', 'deb', { build_number: '12', commit_hash: '170cdbd', base_os: 'ubuntu' },
      { imageName: 'nflx-djangobase-enhanced-all-123456-ubuntu', appVersionStr: 'nflx-djangobase-enhanced-0.1-h12.170cdbd', packagesParameter: 'nflx-djangobase-enhanced=0.1-3 some-package=0.3-h15.290fcab' }],
    ['should identify version on fully-qualified ubuntu package name without build number and commit hash (l.221-240)', 'nflx-djangobase-enhanced_0.1-3_all', 'deb', { base_os: 'ubuntu' },
      { imageName: 'nflx-djangobase-enhanced-all-123456-ubuntu', appVersionStr: 'nflx-djangobase-enhanced-0.1', packagesParameter: 'nflx-djangobase-enhanced=0.1-3' }],
    ['should recognize fully-qualified centos package name (l.242-263)', 'nflx-djangobase-enhanced-0.1-3.all', 'rpm', { build_number: '12', commit_hash: '170cdbd', base_os: 'centos' },
      { imageName: 'nflx-djangobase-enhanced-all-123456-centos', appVersionStr: 'nflx-djangobase-enhanced-0.1-h12.170cdbd', packagesParameter: 'nflx-djangobase-enhanced-0.1-3' }],
    ['should build appversion tag from centos package name even without commit hash (l.265-285)', 'nflx-djangobase-enhanced-0.1-3.all', 'rpm', { build_number: '12', base_os: 'centos' },
      { imageName: 'nflx-djangobase-enhanced-all-123456-centos', appVersionStr: 'nflx-djangobase-enhanced-0.1-h12', packagesParameter: 'nflx-djangobase-enhanced-0.1-3' }],
    ['should recognize fully-qualified centos package name plus extra packages (l.287-307)', 'nflx-djangobase-enhanced-0.1-3.all kato redis-server', 'rpm', { build_number: '12', commit_hash: '170cdbd', base_os: 'centos' },
      { imageName: 'nflx-djangobase-enhanced-all-123456-centos', appVersionStr: 'nflx-djangobase-enhanced-0.1-h12.170cdbd', packagesParameter: 'nflx-djangobase-enhanced-0.1-3 kato redis-server' }],
    ['should identify version on fully-qualified centos package name without build number and commit hash (l.309-327)', 'nflx-djangobase-enhanced-0.1-3.all kato redis-server', 'rpm', { base_os: 'centos' },
      { imageName: 'nflx-djangobase-enhanced-all-123456-centos', appVersionStr: 'nflx-djangobase-enhanced-0.1', packagesParameter: 'nflx-djangobase-enhanced-0.1-3 kato redis-server' }],
    ['should handle package names being empty string (l.329-346)', '', 'rpm', { base_os: 'centos' },
      { imageName: 'all-123456-centos', appVersionStr: null, packagesParameter: '' }],
  ])('%s', (_name, packageName, type, request, expected) => {
    expect(factory(packageName, type, request)).toEqual(expected)
  })
})
