#!/usr/bin/env bash
# Builds a Leptos UI for release with trunk: usage `build-ui-release.sh DIR` (the folder of its
# index.html and Trunk.toml). The wasm-release profile optimises for size; wasm-opt -Oz comes
# from binaryen 132 in src-tauri/tools/ (bootstrap.sh installs it), which Trunk.toml pins.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export PATH="$root/src-tauri/tools/node_modules/.bin:$PATH"
cd "$1"
trunk build --offline --release --cargo-profile wasm-release
