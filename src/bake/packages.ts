/**
 * Package names in a bake request, read the way Rosco reads them: a deb as
 * `name_version-release_arch`, an rpm as `name-version-release.arch`. What the instance's
 * package manager is asked for (`install`) drops the architecture; the first package's name
 * and architecture go into the baked image's name.
 */
export type PackageType = 'deb' | 'rpm' | 'nupkg'
export const PACKAGE_TYPES: readonly PackageType[] = ['deb', 'rpm', 'nupkg']

export interface PackageName {
  /** As given in the request. */
  given: string
  name: string
  version?: string
  release?: string
  arch?: string
  /** What the `packages` variable holds for it. */
  install: string
}

/** Architectures rpm names end in; anything else after the last '.' is probably part of the release. */
const RPM_ARCHES = new Set(['x86_64', 'noarch', 'i386', 'i586', 'i686', 'aarch64', 'arm64', 'armv7hl', 'ppc64', 'ppc64le', 's390x', 'src'])

export function parseDeb(given: string): PackageName {
  const [name, versionRelease, arch] = given.split('_')
  if (!versionRelease) return { given, name, install: name, arch: arch || undefined }
  // Debian versions may hold '-': the release (revision) is what follows the last one.
  const dash = versionRelease.lastIndexOf('-')
  const version = dash > 0 ? versionRelease.slice(0, dash) : versionRelease
  const release = dash > 0 ? versionRelease.slice(dash + 1) : undefined
  return { given, name, version, release, arch: arch || undefined, install: `${name}=${versionRelease}` }
}

export function parseRpm(given: string): PackageName {
  const parts = given.split('-')
  // Fewer than three parts cannot hold name, version and release: the whole string is the name.
  if (parts.length < 3) return { given, name: given, install: given }
  const name = parts.slice(0, -2).join('-')
  const version = parts[parts.length - 2]
  const releaseArch = parts[parts.length - 1]
  const dot = releaseArch.lastIndexOf('.')
  const release = dot > 0 ? releaseArch.slice(0, dot) : releaseArch
  const arch = dot > 0 ? releaseArch.slice(dot + 1) : undefined
  return { given, name, version, release, arch, install: `${name}-${version}-${release}` }
}

/** Chocolatey packages are installed by the name given; galley does not split them. */
const parseNupkg = (given: string): PackageName => ({ given, name: given, install: given })

export function parsePackage(given: string, type: PackageType): PackageName {
  return type === 'deb' ? parseDeb(given) : type === 'rpm' ? parseRpm(given) : parseNupkg(given)
}

/** The request's space-separated `package` field as a list. */
export const splitPackages = (field: string | undefined): string[] => (field ?? '').split(/\s+/).filter(Boolean)

/** True when an rpm's "architecture" is really the end of its release (e.g. `el7`), as Rosco would misread it. */
export function looksLikeMisreadArch(pkg: PackageName, type: PackageType): boolean {
  return type === 'rpm' && pkg.arch !== undefined && !RPM_ARCHES.has(pkg.arch)
}

/**
 * Spinnaker's appversion (`name-version-hBUILD[.COMMIT]`), from the first package when its
 * release carries a build number; otherwise there is none and Rosco passes no `appversion`.
 */
export function appVersionOf(pkg: PackageName | undefined): string | undefined {
  if (!pkg?.version || !pkg.release || !/^h\d+/.test(pkg.release)) return undefined
  return `${pkg.name}-${pkg.version}-${pkg.release}`
}
