#!/usr/bin/env bash
# Builds the engine module in both variants (SIMD128 and no-SIMD) and puts
# them where the web front end imports them from.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs  # Emscripten 3.1.6's optimizer needs it

out=web/src/engine/wasm
mkdir -p "$out"
for preset in wasm wasm-nosimd; do
  [ -f "build/$preset/build.ninja" ] || cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" --target convplay_wasm
  cp build/$preset/wasm/convplay-*.mjs build/$preset/wasm/convplay-*.wasm "$out"/
done
