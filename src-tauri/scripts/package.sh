#!/usr/bin/env bash
# Builds the Linux packages of the release app with Tauri's bundler: the .deb, then the
# AppImage. They land in <target>/release/bundle/{deb,appimage}/.
#   --no-build   package the release build already made (by bench.sh or build-release.sh)
#   --deb-only   skip the AppImage: Tauri's AppImage bundler downloads linuxdeploy and its
#                plugins from GitHub at bundling time, which a machine without that access
#                cannot do
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=true
appimage=true
for flag in "$@"; do
  case "$flag" in
    --no-build) build=false ;;
    --deb-only) appimage=false ;;
    *) echo "usage: package.sh [--no-build] [--deb-only]" >&2; exit 2 ;;
  esac
done
say() { printf '\033[1mpackage:\033[0m %s\n' "$*"; }

"$root/src-tauri/scripts/bootstrap.sh"
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

if $appimage; then
  if "$tauri" bundle --bundles appimage; then
    say "built $(ls "$target"/release/bundle/appimage/*.AppImage)"
  else
    say "the AppImage was not built: Tauri's bundler could not download its AppImage tools (AppRun, linuxdeploy) from GitHub (see above); the .deb is complete"
    exit 3
  fi
fi
