#!/usr/bin/env bash
# Measures Gatehouse against its floors in one run: start-up and memory against a bare Tauri 2
# + Leptos window, bundle sizes, a 10,000-object list, and the release profile before and after
# tuning, the compare of two large exports, and a 2,000-object export through the vendor's rate
# limit. Prints the table and writes target/bench/report.{md,json} (and first-screen shots).
#   ./src-tauri/scripts/bench.sh           six runs each, both release profiles
#   ./src-tauri/scripts/bench.sh --quick   three runs, the shipped profile only (CI)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
quick=()
untuned=(--with-untuned)
if [ "${1:-}" = "--quick" ]; then
  quick=(--quick)
  untuned=()
fi

"$root/src-tauri/scripts/bootstrap.sh" --for-tests
"$root/src-tauri/scripts/build-release.sh" "${untuned[@]}"
target=${CARGO_TARGET_DIR:-$root/target}
# The harness only drives and reads the apps: a debug build of it is enough.
cargo build -p gatehouse-bench --bin gatehouse-bench

# The compare of two 10,000-object exports, optimised: five timings in milliseconds.
mkdir -p "$root/target/bench"
cargo run -q --profile bench-tool -p gatehouse-configfiles --example compare_exports -- 10000 \
  > "$root/target/bench/compare-ms.json"

args=(--compare-ms "$root/target/bench/compare-ms.json" --gatehouse "$target/release/gatehouse" --bare "$target/release/bare-window"
  --sandbox "$target/release/gatehouse-sandbox" --ui-dist ui/dist
  --bare-ui-dist src-tauri/crates/bare-window/ui/dist --out "$root/target/bench")
[ ${#untuned[@]} -gt 0 ] && args+=(--untuned "$target/release-untuned/gatehouse")
"$target/debug/gatehouse-bench" "${args[@]}" "${quick[@]}"
