#!/bin/bash
# Installs the packages of a bake on the instance Packer is building. Rosco's stock templates
# (gce.json, oci.json) run it through Packer's shell provisioner with these environment variables:
#
#   repository    repositories to add, separated by ';'. deb: a full sources.list line
#                 ("deb [opts] URL suite components"), "URL suite components", or a bare URL
#                 (then the image's own codename and "main" are assumed). rpm: a baseurl.
#   package_type  deb or rpm
#   packages      space-separated; deb "name=version-release", rpm "name-version-release"
#   upgrade       upgrade the image's packages first, unless empty or "false"
#
# APT_SOURCES_DIR and YUM_REPOS_DIR move the repository files (for tests only).
set -eu
set -o pipefail

readonly me=install_packages

say() { printf '%s: %s\n' "$me" "$*"; }
die() { printf '%s: error: %s\n' "$me" "$*" >&2; exit 1; }

# Runs a command as root, printing it first; a failure names the command and stops the bake.
as_root() {
  say "+ $*"
  local status=0
  ${sudo[@]+"${sudo[@]}"} "$@" || status=$?
  [ "$status" -eq 0 ] || die "command failed (exit $status): $*"
}

# Writes stdin to a root-owned file, showing what it writes.
write_root_file() {
  local content
  content=$(cat)
  say "writing $1:"
  printf '%s\n' "$content" | sed 's/^/    /'
  printf '%s\n' "$content" | ${sudo[@]+"${sudo[@]}"} tee "$1" >/dev/null || die "cannot write $1"
}

trim() {
  local s=$1
  s=${s#"${s%%[![:space:]]*}"}
  s=${s%"${s##*[![:space:]]}"}
  printf '%s' "$s"
}

# The image's release codename (e.g. bionic), for bare repository URLs.
codename() (
  VERSION_CODENAME='' UBUNTU_CODENAME=''
  # shellcheck disable=SC1091
  if [ -r /etc/os-release ]; then . /etc/os-release; fi
  printf '%s' "${VERSION_CODENAME:-$UBUNTU_CODENAME}"
)

repository=${repository:-}
package_type=$(printf '%s' "${package_type:-}" | tr '[:upper:]' '[:lower:]')
packages=${packages:-}
upgrade=${upgrade:-}
apt_sources_dir=${APT_SOURCES_DIR:-/etc/apt/sources.list.d}
yum_repos_dir=${YUM_REPOS_DIR:-/etc/yum.repos.d}

case "$upgrade" in ''|false|False|FALSE) upgrade=false ;; *) upgrade=true ;; esac

# Arrays below expand as ${a[@]+"${a[@]}"}: bash < 4.4 (CentOS 7) calls an empty "${a[@]}" unbound under set -u.
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || die "not running as root and sudo is not installed"
  sudo=(sudo)
fi

# Split the ';'-separated repositories, dropping blanks (a trailing ';' is harmless).
repositories=()
IFS=';' read -r -a raw_repositories <<<"$repository" || true
for entry in ${raw_repositories[@]+"${raw_repositories[@]}"}; do
  entry=$(trim "$entry")
  if [ -n "$entry" ]; then repositories+=("$entry"); fi
done

read -r -a package_list <<<"$packages" || true

say "package_type=$package_type upgrade=$upgrade repositories=${#repositories[@]} packages=${#package_list[@]}"

install_deb() {
  # Never stop on a prompt (no tty answers it), keep the image's edited config files, and wait for
  # the package lock that boot-time jobs hold instead of failing at once.
  local apt=(env DEBIAN_FRONTEND=noninteractive apt-get -y -o DPkg::Lock::Timeout=300
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)

  if [ "${#repositories[@]}" -gt 0 ]; then
    local lines=() entry
    for entry in "${repositories[@]}"; do
      case "$entry" in
        'deb '*|'deb-src '*) lines+=("$entry") ;;
        *' '*) lines+=("deb $entry") ;;
        *)
          local release
          release=$(codename)
          [ -n "$release" ] || die "repository '$entry' has no suite and the image's codename is unknown; write it as 'URL suite components'"
          lines+=("deb $entry $release main")
          ;;
      esac
    done
    printf '%s\n' "${lines[@]}" | write_root_file "$apt_sources_dir/bake-repositories.list"
  fi

  as_root "${apt[@]}" update
  if [ "$upgrade" = true ]; then
    as_root "${apt[@]}" dist-upgrade
  fi
  local package
  for package in ${package_list[@]+"${package_list[@]}"}; do
    as_root "${apt[@]}" install "$package"
  done
}

install_rpm() {
  local i=0 entry
  for entry in ${repositories[@]+"${repositories[@]}"}; do
    i=$((i + 1))
    # No key comes with a repository setting, so packages cannot be signature-checked.
    printf '[bake-repository-%d]\nname=Bake repository %d\nbaseurl=%s\nenabled=1\ngpgcheck=0\n' "$i" "$i" "$entry" |
      write_root_file "$yum_repos_dir/bake-repository-$i.repo"
  done

  if [ "$upgrade" = true ]; then
    as_root yum -y update
  fi
  local package
  for package in ${package_list[@]+"${package_list[@]}"}; do
    as_root yum -y install "$package"
  done
}

case "$package_type" in
  deb) install_deb ;;
  rpm) install_rpm ;;
  '') die "package_type is not set (expected deb or rpm)" ;;
  *) die "unknown package_type '$package_type' (expected deb or rpm)" ;;
esac

say "done"
