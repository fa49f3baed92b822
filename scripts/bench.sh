#!/usr/bin/env bash
# npm run bench: the WASM benchmark against tfjs-backend-wasm (Node, one
# thread), then the same cases natively (Google Benchmark).
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs
[ -f build/wasm/build.ninja ] || cmake --preset wasm >/dev/null
cmake --build --preset wasm --target convplay_bench
node scripts/bench.mjs
