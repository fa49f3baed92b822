#!/usr/bin/env bash
# npm run bench: the WASM benchmark against tfjs-backend-wasm (Node, one
# thread), then the same cases natively (Google Benchmark).
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs
[ -f build/wasm/build.ninja ] || cmake --preset wasm >/dev/null
cmake --build --preset wasm --target convplay_bench
node scripts/bench.mjs

echo
echo "Native (Google Benchmark, best Highway target of this machine):"
[ -f build/native/build.ninja ] || cmake --preset native >/dev/null
cmake --build --preset native --target native_bench
./build/native/bench/native_bench --benchmark_min_time=0.2

echo
bash scripts/build.sh >/dev/null
node scripts/bench-page.mjs
