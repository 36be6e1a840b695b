#!/bin/bash
# Installs the packages of a bake on the instance Packer is building. The stock templates (gce.json,
# oci.json) run it through Packer's shell provisioner with these environment variables, as
# Rosco's own install_packages.sh is run:
#
#   repository        repositories to add, separated by ';'. deb: what follows "deb " in a
#                     sources.list line ("[opts] URL suite components"); rpm: a baseurl.
#   package_type      deb or rpm; anything else installs nothing
#   packages          separated by spaces or commas; deb "name=version-release", rpm "name-version-release"
#   upgrade           "true": upgrade the image first (deb: unattended-upgrade -v, rpm: yum -y update)
#   disable_services  "true" (deb): keep package scripts from starting services during the bake
#
# and /tmp/artifacts.json, which gce.json uploads: a JSON list of artifacts whose `reference` is
# "REPOSITORY... PACKAGE". Those packages are installed after `packages`, from their repositories.
#
# Credentials in repository URLs (https://user:password@host/...) are never printed, and no file
# that holds them is left on the image: the repository files are removed when the script ends,
# whether it succeeded or not.
#
# INSTALL_PACKAGES_ROOT puts every file the script writes or reads under another directory (for
# tests only).
set -eu
set -o pipefail

readonly me=install_packages
readonly root=${INSTALL_PACKAGES_ROOT:-}
readonly artifacts_file=$root/tmp/artifacts.json
readonly apt_list=$root/etc/apt/sources.list.d/spinnaker.list
readonly yum_repos_dir=$root/etc/yum.repos.d
readonly policy_rc=$root/usr/sbin/policy-rc.d

# Removes what a URL's user-info holds (user:password@) from every word of stdin. A word with an
# '@' but no scheme loses everything up to its last '@'. Unbuffered where sed can (GNU sed), so
# that the bake log shows a long install as it goes.
sed_options=(-E)
if sed -u -E '' </dev/null >/dev/null 2>&1; then sed_options=(-u -E); fi
redact() {
  sed "${sed_options[@]}" -e 's#([A-Za-z][-A-Za-z0-9+.]*://)[^[:space:]]*@#\1#g' -e 's#(^|[[:space:]])[^[:space:]]*@#\1#g'
}

say() { printf '%s: %s\n' "$me" "$*" | redact; }
die() { printf '%s: error: %s\n' "$me" "$*" | redact >&2; exit 1; }

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || die "not running as root and sudo is not installed"
  sudo=(sudo)
fi
# Arrays expand as ${a[@]+"${a[@]}"}: bash < 4.4 (CentOS 7) calls an empty "${a[@]}" unbound under set -u.
as_root() { ${sudo[@]+"${sudo[@]}"} "$@"; }

# Runs a command as root, printing it first; its output is redacted too (a package manager may
# echo a repository URL back). A failure names the command and stops the bake.
run() {
  say "+ $*"
  local status=0
  as_root "$@" 2>&1 | redact || status=$?
  [ "$status" -eq 0 ] || die "command failed (exit $status): $*"
}

# Files the script writes as root (write_root_file PATH LINES: the content, a newline added):
# removed at the end, an earlier file of the same name put back. Meanwhile that one is kept as
# PATH.install_packages.save, a name apt and yum pass over without a word.
created=()
saved=()
write_root_file() {
  if as_root test -e "$1"; then
    as_root mv -f "$1" "$1.$me.save" || die "cannot move $1 aside"
    saved+=("$1")
  fi
  created+=("$1")
  printf '%s\n' "$2" | as_root tee "$1" >/dev/null || die "cannot write $1"
}

# dnf's librepo log records every URL it fetched, user-info included; the image keeps /var/log.
scrub_package_logs() {
  local log
  for log in "$root"/var/log/dnf.librepo.log "$root"/var/log/dnf.log "$root"/var/log/dnf.rpm.log "$root"/var/log/hawkey.log "$root"/var/log/yum.log; do
    as_root test -f "$log" || continue
    as_root sed -i -E 's#([A-Za-z][-A-Za-z0-9+.]*://)[^[:space:]]*@#\1#g' "$log" || true
  done
}

cleanup() {
  local status=$? file
  if [ "${package_type:-}" = rpm ]; then scrub_package_logs; fi
  for file in ${created[@]+"${created[@]}"}; do as_root rm -f "$file" || status=1; done
  for file in ${saved[@]+"${saved[@]}"}; do as_root mv -f "$file.$me.save" "$file" || status=1; done
  as_root rm -f "$artifacts_file" || true
  exit "$status"
}
trap cleanup EXIT

trim() {
  local s=$1
  s=${s#"${s%%[![:space:]]*}"}
  s=${s%"${s##*[![:space:]]}"}
  printf '%s' "$s"
}

# Removes one pair of surrounding quotes (Rosco's values sometimes arrive quoted).
unquote() {
  local s
  s=$(trim "$1")
  case "$s" in
    \"*\") s=${s#\"} s=${s%\"} ;;
    \'*\') s=${s#\'} s=${s%\'} ;;
  esac
  printf '%s' "$s"
}

# The `reference` of each artifact in a JSON list, one a line, in order. A small reader of its
# own: the image may have neither jq nor python. Strings that are not a top-level artifact's
# reference (such as metadata.reference) are skipped; a reference that is not a string is ignored.
artifact_references() {
  awk -v name="$1" '
    function fail(msg) { print "invalid " name ": " msg > "/dev/stderr"; bad = 1; exit 1 }
    function hexval(h,    i, c, v) {
      if (length(h) != 4) fail("bad \\u escape")
      v = 0
      for (i = 1; i <= length(h); i++) {
        c = index("0123456789abcdef", tolower(substr(h, i, 1)))
        if (c == 0) fail("bad \\u escape")
        v = v * 16 + c - 1
      }
      return v
    }
    # Reads the string starting at text[pos] (the opening quote); leaves pos after the closing one.
    function jstring(    out, c, e, code) {
      out = ""
      pos++
      while (pos <= n) {
        c = substr(text, pos, 1)
        if (c == "\"") { pos++; return out }
        if (c == "\\") {
          e = substr(text, pos + 1, 1)
          if (e == "n" || e == "t" || e == "r" || e == "b" || e == "f") out = out " "
          else if (e == "\"" || e == "\\" || e == "/") out = out e
          else if (e == "u") {
            code = hexval(substr(text, pos + 2, 4))
            if (code < 32) out = out " "
            else if (code < 127) out = out sprintf("%c", code)
            else fail("a reference with a \\u escape of a non-ASCII character")
            pos += 4
          } else fail("bad escape \\" e)
          pos += 2
          continue
        }
        out = out c
        pos++
      }
      fail("unterminated string")
    }
    { text = text $0 "\n" }
    END {
      if (bad) exit 1
      n = length(text); pos = 1; depth = 0; seen = 0
      while (pos <= n) {
        c = substr(text, pos, 1)
        if (c ~ /[ \t\r\n]/) { pos++; continue }
        if (!seen && c != "[") fail("not a JSON list")
        seen = 1
        if (c == "[" || c == "{") { depth++; kind[depth] = c; wantkey[depth] = (c == "{"); pos++; continue }
        if (c == "]" || c == "}") {
          if (depth == 0) fail("unbalanced " c)
          depth--; pos++; continue
        }
        if (c == ",") { if (depth > 0 && kind[depth] == "{") wantkey[depth] = 1; pos++; continue }
        if (c == ":") { wantkey[depth] = 0; pos++; continue }
        if (c == "\"") {
          s = jstring()
          if (kind[depth] == "{" && wantkey[depth]) key[depth] = s
          else if (depth == 2 && kind[1] == "[" && kind[2] == "{" && key[2] == "reference") print s
          continue
        }
        # true, false, null or a number
        while (pos <= n && substr(text, pos, 1) !~ /[],} \t\r\n]/) pos++
      }
      if (depth != 0) fail("unbalanced brackets")
    }
  '
}

set -f # no glob expansion of package names or repository lines

repository=$(unquote "${repository:-}")
package_type=$(printf '%s' "${package_type:-}" | tr '[:upper:]' '[:lower:]')
packages=$(unquote "${packages:-}")
packages=${packages//,/ }
upgrade=${upgrade:-}
disable_services=${disable_services:-}

say "repository=$repository"
say "package_type=$package_type"
say "packages=$packages"
say "upgrade=$upgrade"

# The repositories in order, each once; blanks (a trailing ';') dropped.
repositories=()
add_repository() {
  local entry existing
  entry=$(trim "$1")
  [ -n "$entry" ] || return 0
  for existing in ${repositories[@]+"${repositories[@]}"}; do [ "$existing" != "$entry" ] || return 0; done
  repositories+=("$entry")
}
IFS=';' read -r -a raw_repositories <<<"$repository" || true
for entry in ${raw_repositories[@]+"${raw_repositories[@]}"}; do add_repository "$entry"; done

read -r -a package_list <<<"$packages" || true

# Artifacts: the last word of each reference is a package, the words before it its repository.
artifact_packages=()
if as_root test -e "$artifacts_file"; then
  references=$(as_root cat "$artifacts_file" | artifact_references "$artifacts_file") || die "cannot read $artifacts_file"
  as_root rm -f "$artifacts_file"
  while IFS= read -r reference; do
    read -r -a words <<<"$reference" || true
    [ "${#words[@]}" -gt 0 ] || continue
    artifact_packages+=("${words[${#words[@]}-1]}")
    unset 'words[${#words[@]}-1]'
    add_repository "${words[*]-}"
    say "artifact: $reference"
  done <<<"$references"
fi

# The image's release codename (e.g. jammy), for a repository given as a bare URL.
codename() (
  VERSION_CODENAME='' UBUNTU_CODENAME=''
  # shellcheck disable=SC1091
  if [ -r "$root/etc/os-release" ]; then . "$root/etc/os-release"; fi
  printf '%s' "${VERSION_CODENAME:-$UBUNTU_CODENAME}"
)

install_deb() {
  # Never stop on a prompt (no tty answers it), keep the image's edited config files, and wait for
  # the package lock that boot-time jobs hold instead of failing at once.
  local apt=(env DEBIAN_FRONTEND=noninteractive apt-get -y -o DPkg::Lock::Timeout=300
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)

  if [ "$disable_services" = true ]; then
    say "writing $policy_rc: package scripts start no services during the bake"
    write_root_file "$policy_rc" "$(printf '#!/bin/sh\nexit 101')"
    as_root chmod 0755 "$policy_rc"
  fi

  if [ "${#repositories[@]}" -gt 0 ]; then
    local lines=() entry release
    for entry in "${repositories[@]}"; do
      case "$entry" in
        'deb '*) lines+=("$entry") ;;
        *' '*) lines+=("deb $entry") ;;
        *)
          # "deb URL" alone is a malformed sources.list line; assume the image's own suite.
          release=$(codename)
          [ -n "$release" ] || die "repository '$entry' has no suite and the image's codename is unknown; write it as 'URL suite components'"
          lines+=("deb $entry $release main")
          ;;
      esac
    done
    say "writing $apt_list (${#lines[@]} repositories)"
    write_root_file "$apt_list" "$(printf '%s\n' "${lines[@]}")"
  fi

  run "${apt[@]}" update
  if [ "$upgrade" = true ]; then
    as_root sh -c 'command -v unattended-upgrade' >/dev/null 2>&1 || die "upgrade=true needs unattended-upgrade on the image (the unattended-upgrades package)"
    run env DEBIAN_FRONTEND=noninteractive unattended-upgrade -v
  fi
  local package
  for package in ${package_list[@]+"${package_list[@]}"} ${artifact_packages[@]+"${artifact_packages[@]}"}; do
    run "${apt[@]}" install "$package"
  done
}

install_rpm() {
  local i=0 entry
  for entry in ${repositories[@]+"${repositories[@]}"}; do
    i=$((i + 1))
    say "writing $yum_repos_dir/spinnaker-bake-$i.repo"
    # No key comes with a repository setting, so packages cannot be signature-checked.
    write_root_file "$yum_repos_dir/spinnaker-bake-$i.repo" "$(printf '[spinnaker-bake-%d]\nname=spinnaker-bake-%d\nbaseurl=%s\ngpgcheck=0\nenabled=1' "$i" "$i" "$entry")"
  done

  if [ "$upgrade" = true ]; then
    run yum -y update
  fi
  local package
  for package in ${package_list[@]+"${package_list[@]}"} ${artifact_packages[@]+"${artifact_packages[@]}"}; do
    run yum -y install "$package"
  done
}

case "$package_type" in
  deb) install_deb ;;
  rpm) install_rpm ;;
  *) say "package_type '$package_type' is neither deb nor rpm: nothing installed" ;;
esac

say "done"
