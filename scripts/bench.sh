#!/usr/bin/env bash
# npm run bench: ConvPlay's public API (dist/convplay.js) and its kernels
# alone against tfjs-backend-wasm and onnxruntime-web (Node, one thread),
# then the same cases natively (Google Benchmark), then the page in Chromium.
# BENCH_RUNS (25) and BENCH_WARMUP (20) set the runs per implementation.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs
bash scripts/build.sh >/dev/null
[ -f build/wasm/build.ninja ] || cmake --preset wasm >/dev/null
cmake --build --preset wasm --target convplay_bench
node scripts/bench.mjs

echo
echo "Native (Google Benchmark, best Highway target of this machine):"
[ -f build/native/build.ninja ] || cmake --preset native >/dev/null
cmake --build --preset native --target native_bench
./build/native/bench/native_bench --benchmark_min_time=0.2

echo
node scripts/bench-page.mjs
