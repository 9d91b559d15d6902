#!/usr/bin/env bash
# Installs what Gatehouse needs to build (and, with --for-tests, to test), skipping what is
# already present. Safe to run again and again.
set -euo pipefail

# --for-tests: also what the tests need; --for-packaging: also what the AppImage build needs
# (the tests package too, so --for-tests includes it).
for_tests=false
for_packaging=false
[ "${1:-}" = "--for-tests" ] && for_tests=true && for_packaging=true
[ "${1:-}" = "--for-packaging" ] && for_packaging=true

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
say() { printf '\033[1mbootstrap:\033[0m %s\n' "$*"; }
sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian packages: WebKitGTK for the Tauri window, D-Bus for the keychain, and for tests a
# virtual display, the WebKit WebDriver, a Secret Service (gnome-keyring), xclip (to read what
# the app put on the display's clipboard) and xdotool (to answer the system's file dialogs).
packages=(pkg-config libwebkit2gtk-4.1-dev libgtk-3-dev libsoup-3.0-dev
  libjavascriptcoregtk-4.1-dev librsvg2-dev libdbus-1-dev)
$for_tests && packages+=(xvfb xauth xclip xdotool webkit2gtk-driver gnome-keyring dbus-daemon)
# The AppImage: its runtime is compiled against squashfuse, libfuse3 and the compressors
# SquashFS may use, linked statically; mksquashfs packs the app's folder.
$for_packaging && packages+=(gcc squashfs-tools libsquashfuse-dev libfuse3-dev libzstd-dev
  zlib1g-dev liblzma-dev liblz4-dev liblzo2-dev)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  sudo_if_needed apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# trunk 0.22 needs a newer rustc than this project targets.
if [ "$(trunk --version 2>/dev/null)" != "trunk 0.21.14" ]; then
  say "installing trunk 0.21.14"
  cargo install --locked trunk --version 0.21.14
fi

# trunk runs offline, so the CLI must match the wasm-bindgen crate in Cargo.lock exactly.
# Without --locked: the CLI's own lockfile names a crate version the registry no longer serves.
bindgen=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' "$root/Cargo.lock")
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $bindgen" ]; then
  say "installing wasm-bindgen-cli $bindgen"
  cargo install wasm-bindgen-cli --version "=$bindgen" --force
fi

if $for_tests && ! tauri-driver --help >/dev/null 2>&1; then
  say "installing tauri-driver 2"
  cargo install --locked tauri-driver --version "^2"
fi

# Release tools from the npm registry, pinned in src-tauri/tools/package.json: a binaryen wasm-opt new
# enough for current wasm-bindgen output, and the Tauri CLI that makes the .deb and AppImage.
if ! command -v npm >/dev/null 2>&1; then
  say "installing Node.js and npm"
  sudo_if_needed apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm
fi
tools="$root/src-tauri/tools/node_modules/.bin"
if [ "$("$tools/wasm-opt" --version 2>/dev/null)" != "wasm-opt version 132 (version_132)" ] ||
  [ "$("$tools/tauri" --version 2>/dev/null)" != "tauri-cli 2.12.5" ]; then
  say "installing the release tools (binaryen 132, @tauri-apps/cli 2.12.5)"
  # No lockfile: the versions are exact in package.json.
  (cd "$root/src-tauri/tools" && npm install --no-package-lock --no-audit --no-fund --loglevel=error)
fi
