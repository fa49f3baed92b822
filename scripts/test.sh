#!/usr/bin/env bash
# Every test: native, native with sanitizers, WASM (SIMD and no-SIMD) under
# Node, the fuzzer for a bounded time, TypeScript and formatting checks.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs

steps=0
step() {
  steps=$((steps + 1))
  printf '\n==== %s\n' "$*"
}

for preset in native native-asan wasm wasm-nosimd; do
  step "build $preset"
  [ -f "build/$preset/build.ninja" ] || cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
  step "test $preset"
  ctest --preset "$preset"
done

step "fuzz parse + plan (${CONVPLAY_FUZZ_SECONDS:-60} s)"
bash scripts/fuzz.sh "${CONVPLAY_FUZZ_SECONDS:-60}"

step "web: type check"
bash scripts/build-wasm.sh >/dev/null
npx tsc -p web/tsconfig.json --noEmit

step "build the package and the page (npm run build)"
bash scripts/build.sh

step "JS API tests (Vitest, the real WASM module in Node)"
npx vitest run -c tests/js/vitest.config.ts --root .

step "a package consumer type-checks against dist/convplay.d.ts"
npx tsc -p tests/js/consumer/tsconfig.json

step "browser tests (Playwright, Debian's Chromium)"
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npx playwright test -c tests/e2e/playwright.config.ts

step "format check"
bash scripts/format.sh --check

echo
echo "checks: $steps passed, 0 failed"
