#!/usr/bin/env bash
# Builds the release UIs (trunk, wasm-opt -Oz from binaryen 132 in src-tauri/tools/) and, in one cargo
# call so that each crate is compiled once, the release app with its UI embedded, the bare
# window the benchmark compares it with, and the standalone sandbox.
# With --with-untuned it also builds the app in the release profile as it was before tuning.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"

"$root/src-tauri/scripts/build-ui-release.sh" ui
"$root/src-tauri/scripts/build-ui-release.sh" src-tauri/crates/bare-window/ui
cargo build --release -p gatehouse -p bare-window -p gatehouse-sandbox \
  --features gatehouse/custom-protocol,bare-window/custom-protocol
if [ "${1:-}" = "--with-untuned" ]; then
  cargo build --profile release-untuned -p gatehouse --features gatehouse/custom-protocol
fi
