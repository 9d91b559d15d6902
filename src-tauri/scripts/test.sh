#!/usr/bin/env bash
# Installs what is missing and runs every check and test: formatting, lints, unit and
# integration tests, the real keychain, and the end-to-end tests in the real app window.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
"$root/src-tauri/scripts/bootstrap.sh" --for-tests

# Each stage says when it starts (seconds since the script began, bootstrap included), so a
# log shows where the time of a run goes.
step() { printf '\n\033[1m== %s\033[0m (at %dm%02ds)\n' "$*" $((SECONDS / 60)) $((SECONDS % 60)); }
# One package and feature set for every native cargo call, so tauri is compiled once, not once
# per command. The UI is wasm-only: it is linted for wasm32 and built by trunk.
native=(--workspace --exclude gatehouse-ui --features gatehouse/custom-protocol)

step "formatting"
cargo fmt --all -- --check

step "building the UI (trunk, wasm32)"
(cd ui && trunk build --offline)

step "lints"
cargo clippy "${native[@]}" --all-targets -- -D warnings
cargo clippy -p gatehouse-ui --target wasm32-unknown-unknown -- -D warnings

step "building the app with the UI embedded"
cargo build "${native[@]}"

step "tests"
# --show-output: the figures tests compute (N/82 operations) appear in the log.
cargo test "${native[@]}" --no-fail-fast -- --show-output

step "the UI's own unit tests (natively: table ordering and search)"
cargo test -p gatehouse-ui -- --show-output

step "lints of the bare window's UI (wasm32)"
cargo clippy -p bare-window-ui --target wasm32-unknown-unknown -- -D warnings

step "release build and benchmark, quick mode (reports figures, fails only if the harness cannot measure)"
# It also starts the release build with the embedded UI and waits for its first screen.
./src-tauri/scripts/bench.sh --quick

step "the .deb and the AppImage from that release build, installed and opened"
./src-tauri/scripts/package.sh --no-build
target=${CARGO_TARGET_DIR:-$root/target}
GATEHOUSE_DEB=$(ls "$target"/release/bundle/deb/*.deb) \
  GATEHOUSE_APPIMAGE=$(ls "$target"/release/bundle/appimage/*.AppImage) \
  cargo test -p gatehouse-bench --test installed_package -- --ignored --show-output

step "done"
