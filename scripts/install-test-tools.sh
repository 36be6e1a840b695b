#!/usr/bin/env bash
# Installs the external programs the tests use for real: Packer (Debian's packer, 1.6.6 on
# bookworm), an OpenSSH server for test bakes over SSH, openssl for test keys, and script(1)
# (bsdutils) for the pseudo-terminal the wizard and signal tests type into, setsid(1) (util-linux)
# for the stub Packer that leaves its process group, and strace, which records the files a command
# opens and kills it at chosen system calls (the fault suite). A JDK, whose java(1) runs the
# Rosco conformance suite's cases on a real JVM (HashMap order, String.split, frigga's pattern).
# The stock install_packages.sh runs against a real apt-get and dpkg in a private mount namespace
# (unshare, util-linux) with packages built by dpkg-deb, and against a real dnf (as yum) with
# packages built by rpmbuild in a repository made by createrepo_c; its JSON reader runs under both
# mawk (Debian and Ubuntu images) and gawk.
# Needs root or sudo when something is missing; does nothing when all are present.
set -euo pipefail

missing=()
command -v packer >/dev/null 2>&1 || missing+=(packer)
[ -x /usr/sbin/sshd ] || missing+=(openssh-server)
command -v ssh >/dev/null 2>&1 || missing+=(openssh-client)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v script >/dev/null 2>&1 || missing+=(bsdutils)
command -v strace >/dev/null 2>&1 || missing+=(strace)
command -v setsid >/dev/null 2>&1 || missing+=(util-linux)
javac -version >/dev/null 2>&1 || missing+=(default-jdk-headless)
command -v unshare >/dev/null 2>&1 || missing+=(util-linux)
command -v dpkg-deb >/dev/null 2>&1 || missing+=(dpkg)
command -v mawk >/dev/null 2>&1 || missing+=(mawk)
command -v gawk >/dev/null 2>&1 || missing+=(gawk)
command -v dnf >/dev/null 2>&1 || missing+=(dnf)
command -v rpmbuild >/dev/null 2>&1 || missing+=(rpm)
command -v createrepo_c >/dev/null 2>&1 || missing+=(createrepo-c)

if [ ${#missing[@]} -eq 0 ]; then
  echo "test tools: all present ($(packer version | head -1))"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "test tools: missing ${missing[*]} and not root (no sudo): install them, then run the tests again" >&2
  exit 1
fi

echo "test tools: installing ${missing[*]}"
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
packer version
