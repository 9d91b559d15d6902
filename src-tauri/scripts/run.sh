#!/usr/bin/env bash
# Installs what is missing, builds the UI and the app in release mode, and opens Gatehouse.
# With no tenant configured it opens on the built-in sandbox.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
"$root/src-tauri/scripts/bootstrap.sh"
"$root/src-tauri/scripts/build-ui-release.sh" "$root/ui"
cd "$root" && exec cargo run --release -p gatehouse --features custom-protocol
