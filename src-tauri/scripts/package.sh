#!/usr/bin/env bash
# Builds the Linux packages of the release app: the .deb with Tauri's bundler, then the AppImage
# from the same files (appimage.sh). They land in <target>/release/bundle/{deb,appimage}/.
#   --no-build   package the release build already made (by bench.sh or build-release.sh)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=true
for flag in "$@"; do
  case "$flag" in
    --no-build) build=false ;;
    *) echo "usage: package.sh [--no-build]" >&2; exit 2 ;;
  esac
done
say() { printf '\033[1mpackage:\033[0m %s\n' "$*"; }

"$root/src-tauri/scripts/bootstrap.sh" --for-packaging
$build && "$root/src-tauri/scripts/build-release.sh"
tauri="$root/src-tauri/tools/node_modules/.bin/tauri"
target=${CARGO_TARGET_DIR:-$root/target}

# `tauri bundle` packages the binary already built: the one the benchmark and tests ran.
cd "$root/src-tauri"
"$tauri" bundle --bundles deb
deb=$(ls "$target"/release/bundle/deb/*.deb)
say "built $deb"
dpkg-deb --info "$deb" | sed -n '/Package:/,$p'
dpkg-deb --contents "$deb" | awk '{ print $6 }'

# Tauri's AppImage bundler downloads its tools from GitHub while it packages; appimage.sh builds
# the AppImage from the .deb's files with tools from Debian's packages instead.
"$root/src-tauri/scripts/appimage.sh" "$target"
