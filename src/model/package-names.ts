/**
 * Package names in a bake request, read exactly as Rosco reads them
 * (rosco-core/.../providers/util/packagespecific/{Deb,Rpm,Nupkg}PackageUtil and
 * util/PackageNameConverter, spinnaker/rosco 030f7b6c), including where Rosco's reading is
 * surprising: a deb's version is only the part before its first '-', an rpm without three
 * '-'-separated parts keeps its whole name, nupkg versions start at the first integer piece.
 */
import { groovyIsInteger, groovyTokenize, javaSplit } from './java.js'

/** The package types this module knows how to read (the closed set Rosco knows is in the providers' schemas: validate/rules/package-type.ts). */
export type PackageType = 'deb' | 'rpm' | 'nupkg'

/** Rosco's OsPackageName: every part may be missing. */
export interface OsPackageName {
  name?: string
  version?: string
  release?: string
  arch?: string
}

export interface PackageName extends OsPackageName {
  /** As given in the request. */
  given: string
  /** What the `packages` variable holds for it (ImageNameFactory.buildPackagesParameter). */
  install: string
}

/** Separators of each package type (PackageUtil's getters in the three classes). */
export const SEPARATORS: Record<PackageType, { packageManagerVersion: string; version: string; buildNumber: string; commitHash: string }> = {
  deb: { packageManagerVersion: '=', version: '-', buildNumber: '-h', commitHash: '.' },
  rpm: { packageManagerVersion: '-', version: '-', buildNumber: '-h', commitHash: '.' },
  nupkg: { packageManagerVersion: '.', version: '.', buildNumber: '-', commitHash: '+' },
}

const clean = (p: OsPackageName): OsPackageName => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined && v !== null)) as OsPackageName

/** DebPackageUtil.parsePackageName: `name_version-release_arch`, with Java's split. */
export function parseDebName(given: string | undefined | null): OsPackageName {
  if (!given) return {}
  const parts = javaSplit(given, '_')
  if (parts.length <= 1) return { name: given }
  // Only the first two '-' pieces of the second part count: foo_1.0-beta-2 is 1.0, release beta.
  const versionRelease = javaSplit(parts[1], '-')
  return clean({ name: parts[0], version: versionRelease[0], release: versionRelease.length > 1 ? versionRelease[1] : undefined, arch: parts.length > 2 ? parts[2] : undefined })
}

/** RpmPackageUtil.parsePackageName: the last '.' piece is the arch, then name-version-release. */
export function parseRpmName(given: string | undefined | null): OsPackageName {
  if (!given) return {}
  let rest = given
  let arch: string | undefined
  const dotted = javaSplit(given, '.')
  if (dotted.length >= 2) {
    rest = dotted.slice(0, -1).join('.')
    arch = dotted[dotted.length - 1]
  }
  const parts = javaSplit(rest, '-')
  // Fewer than three pieces: the name is the whole string as given, arch and all.
  if (parts.length < 3) return clean({ name: given, arch })
  return clean({ name: parts.slice(0, -2).join('-'), version: parts[parts.length - 2], release: parts[parts.length - 1], arch })
}

/** `a.split(sep, 2)` assigned to two variables in Groovy: a missing second piece is null. */
const splitTwo = (s: string, sep: string): [string, string | undefined] => {
  const [a, b] = javaSplit(s, sep, 2)
  return [a, b]
}

/** NupkgPackageUtil.parsePackageName (SemVer 1.0 names such as microsoft-aspnet-mvc.6.0.0-rc1-final). */
export function parseNupkgName(given: string | undefined | null): OsPackageName {
  if (!given) return {}
  // replaceFirst('.nupkg', ''): a regular expression, so the '.' is any character but a line end.
  const full = given.replace(/[^\n\r\u0085\u2028\u2029]nupkg/, '')
  const parts = groovyTokenize(full, '.')
  // parts[i][0] is the first UTF-16 unit, as a one-character string.
  const startsWithDigit = (p: string) => groovyIsInteger(p.slice(0, 1))
  if (parts.length > 2) {
    let versionStart = parts.findIndex((p, i) => i > 0 && groovyIsInteger(p))
    if (versionStart < 1) versionStart = parts.findIndex((p, i) => i > 0 && p.includes('-') && startsWithDigit(p))
    if (versionStart > 0) {
      const name = parts.slice(0, versionStart).join('.')
      let version: string | undefined = parts.slice(versionStart).join('.')
      let release: string | undefined
      if (version.includes('-')) {
        ;[version, release] = splitTwo(version, '-')
      } else if (version.includes('+')) {
        ;[version, release] = splitTwo(version, '+')
        release = `+${release ?? 'null'}` // Groovy's '+' + null is "+null"
      }
      return clean({ name, version, release })
    }
    const metaDataIndex = parts.findIndex((p) => p.includes('+'))
    if (metaDataIndex > -1) {
      const pieces = javaSplit(parts[metaDataIndex], '+')
      const name = `${parts.slice(0, metaDataIndex).join('.')}.${pieces[0] ?? 'null'}`
      return clean({ name, release: `+${pieces[1] ?? 'null'}` })
    }
    return { name: parts.join('.') }
  }
  if (parts.length === 2) {
    if (groovyIsInteger(parts[1])) return { name: parts[0], version: parts[1] }
    if (startsWithDigit(parts[1]) && parts[1].includes('-')) {
      const [version, release] = splitTwo(parts[1], '-')
      return clean({ name: parts[0], version, release })
    }
    return { name: parts.join('.') }
  }
  return { name: full }
}

export function parseOsPackageName(given: string | undefined | null, type: PackageType): OsPackageName {
  return type === 'deb' ? parseDebName(given) : type === 'rpm' ? parseRpmName(given) : parseNupkgName(given)
}

/** OsPackageName.qualifiedPackageName: `name<sep>version[-release]`, or nothing without a version. */
export function qualifiedPackageName(p: OsPackageName, type: PackageType): string | undefined {
  if (!p.version) return undefined
  return `${p.name ?? 'null'}${SEPARATORS[type].packageManagerVersion}${p.version}${p.release ? `-${p.release}` : ''}`
}

/** One package of the request, parsed, with what Rosco installs for it. */
export function parsePackage(given: string, type: PackageType): PackageName {
  const parsed = parseOsPackageName(given, type)
  return { given, ...parsed, install: qualifiedPackageName(parsed, type) ?? parsed.name ?? 'null' }
}

/**
 * The request's `package` field as Rosco splits it: `tokenize(" ")`, on spaces only (a tab stays
 * inside a name), then names that parse to an empty name are dropped (buildOsPackageNames).
 */
export function splitPackages(field: string | undefined): string[] {
  return groovyTokenize(field ?? '', ' ')
}

export function parsePackages(field: string | undefined, type: PackageType): PackageName[] {
  return splitPackages(field).map((given) => parsePackage(given, type)).filter((p) => p.name)
}

/** ImageNameFactory.buildPackagesParameter: each package's qualified name or its bare name, space-joined. */
export const packagesParameter = (packages: readonly PackageName[]) => packages.map((p) => p.install).join(' ')

/**
 * Frigga's AppVersion pattern (Netflix/frigga v0.24.0, the version kork 7.254.0 pins for Rosco):
 * `name-version-build[.commit][/job/buildNumber]`, and the whole string must match.
 */
const HYPHEN_CHARS = '-a-zA-Z0-9._~^'
const APP_VERSION = new RegExp(`^(?:([${HYPHEN_CHARS}]+)-([0-9.a-zA-Z~]+)-(\\w+)(?:[.](\\w+))?(?:/([${HYPHEN_CHARS}]+)/([0-9]+))?)$`)

/** AppVersion.parseName(s) != null. */
export const friggaAccepts = (s: string | undefined): boolean => s !== undefined && APP_VERSION.test(s)

export interface AppVersionRequest {
  build_number?: string
  commit_hash?: string
  job?: string
}

/**
 * PackageNameConverter.buildAppVersionStr for the first package (or artifact): `name<sep>version`,
 * then only with a build number `<sep>h<build>`, `.<commit>`, `/<job with / as ->/<build>`.
 * `accepted` says whether frigga parses it; Rosco passes no appversion when it does not.
 */
export function buildAppVersion(request: AppVersionRequest, first: OsPackageName | undefined, type: PackageType): { value?: string; accepted: boolean } {
  if (!first) return { accepted: false }
  const sep = SEPARATORS[type]
  // A null name concatenates as "null" in Java; parseName(null) only happens for a null name without a version.
  if (first.name === undefined && !first.version) return { accepted: false }
  let appVersion = first.name ?? 'null'
  if (first.version) {
    appVersion += sep.version + first.version
    if (request.build_number) {
      appVersion += sep.buildNumber + request.build_number
      if (request.commit_hash) appVersion += sep.commitHash + request.commit_hash
      if (request.job) appVersion += `/${request.job.replace(/\//g, '-')}/${request.build_number}`
    }
  }
  return { value: appVersion, accepted: friggaAccepts(appVersion) }
}

/** Architectures rpm names end in; anything else after the last '.' is probably part of the release. */
const RPM_ARCHES = new Set(['x86_64', 'noarch', 'i386', 'i586', 'i686', 'aarch64', 'arm64', 'armv7hl', 'ppc64', 'ppc64le', 's390x', 'src', 'all'])

/** True when an rpm's "architecture" is really the end of its release (e.g. `el7`), as Rosco would misread it. */
export function looksLikeMisreadArch(pkg: OsPackageName, type: PackageType): boolean {
  return type === 'rpm' && pkg.arch !== undefined && !RPM_ARCHES.has(pkg.arch)
}
