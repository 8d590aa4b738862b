#!/usr/bin/env bash
# Fetch the Debian linux-source packages the kernel profile is checked
# against, under a private apt configuration (own sources list, state and
# cache directories; the machine's apt configuration is not touched), and
# extract only the files the profile needs into a git-ignored cache:
#   .cache/kernels/<package version>/<path in the tree>
# A kernel already in the cache is reused. Prints one line per kernel:
#   kernel <series> <package version> <cache dir>
# Kernel source text never enters the repository.
#
# Usage: scripts/fetch-kernels.sh [SERIES ...]   (default: 6.12 7.2 7.3)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache="$root/.cache/kernels"
apt_dir="$root/.cache/apt"
mirror="${S2CHECK_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
security="${S2CHECK_DEBIAN_SECURITY:-http://deb.debian.org/debian-security}"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
series=("$@")
[ ${#series[@]} -eq 0 ] && series=(6.12 7.2 7.3)

# The files the profile reads (model/kernel/profile.ts, kernelFiles).
files=(arch/arm64/kvm/mmu.c Makefile)

suite_of() {
  case "$1" in
    6.12) echo "bookworm-security" ;;
    7.2) echo "sid" ;;
    7.3) echo "trixie-backports" ;;
    *) echo "unknown" ;;
  esac
}

mkdir -p "$cache" "$apt_dir/lists/partial" "$apt_dir/archives/partial" "$apt_dir/etc/preferences.d" "$apt_dir/debs"
: > "$apt_dir/status"
cat > "$apt_dir/etc/sources.list" <<SRC
deb [signed-by=$keyring] $security bookworm-security main
deb [signed-by=$keyring] $mirror sid main
deb [signed-by=$keyring] $mirror trixie-backports main
SRC
apt_opts=(
  -o "Dir::Etc::sourcelist=$apt_dir/etc/sources.list"
  -o "Dir::Etc::sourceparts=-"
  -o "Dir::Etc::preferencesparts=$apt_dir/etc/preferences.d"
  -o "Dir::State=$apt_dir"
  -o "Dir::State::lists=$apt_dir/lists"
  -o "Dir::State::status=$apt_dir/status"
  -o "Dir::Cache=$apt_dir"
  -o "Dir::Cache::archives=$apt_dir/archives"
  -o "APT::Get::List-Cleanup=0"
  -o "Debug::NoLocking=1"
  -o "Acquire::Languages=none"
  -o "APT::Sandbox::User=root"
)

updated=0
update() {
  if [ $updated -eq 0 ]; then
    apt-get "${apt_opts[@]}" -qq update >&2
    updated=1
  fi
}

for s in "${series[@]}"; do
  pkg="linux-source-$s"
  suite=$(suite_of "$s")
  # Reuse: the newest cached version of this series, unless asked to refresh.
  have=$(ls -d "$cache/$s".* 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$have" ] && [ -z "${S2CHECK_REFRESH:-}" ] && [ -f "$have/.complete" ]; then
    echo "kernel $s $(basename "$have") ${have#$root/} (cached)"
    continue
  fi
  update
  ver=$(apt-cache "${apt_opts[@]}" madison "$pkg" 2>/dev/null | awk '{print $3}' | sort -V | tail -n 1)
  if [ -z "$ver" ]; then
    echo "fetch-kernels: $pkg not found in $suite" >&2
    exit 1
  fi
  upstream=${ver%%-*}
  dest="$cache/$upstream"
  if [ -f "$dest/.complete" ]; then
    echo "kernel $s $upstream ${dest#$root/} (cached, package $ver)"
    continue
  fi
  (cd "$apt_dir/debs" && rm -f "${pkg}"_*.deb && apt-get "${apt_opts[@]}" -qq download "$pkg=$ver" >&2)
  deb=$(ls "$apt_dir/debs/${pkg}"_*.deb | head -n 1)
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" --wildcards './usr/src/linux-source-*.tar.*'
  tarball=$(ls "$tmp"/usr/src/linux-source-*.tar.* | head -n 1)
  top=$(basename "$tarball" | sed -E 's/\.tar\.[a-z0-9]+$//')
  wanted=()
  for f in "${files[@]}"; do wanted+=("$top/$f"); done
  tar -x -C "$tmp" -f "$tarball" "${wanted[@]}"
  rm -rf "$dest" && mkdir -p "$dest"
  for f in "${files[@]}"; do
    mkdir -p "$dest/$(dirname "$f")"
    cp "$tmp/$top/$f" "$dest/$f"
  done
  echo "$pkg $ver" > "$dest/.package"
  touch "$dest/.complete"
  rm -rf "$tmp" "$deb"
  trap - EXIT
  echo "kernel $s $upstream ${dest#$root/} (package $ver)"
done
