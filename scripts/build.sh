#!/usr/bin/env bash
# npm run build: dist/index.html (the playground), frame.html (for iframes),
# embed.html (docs), dist/convplay.js (the package's module),
# convplay-elements.js, dist/wasm/ (both engine builds), dist/convplay.d.ts,
# and dist/convplay.html (everything in one file, for use offline from disk).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build-wasm.sh
npx vite build --config web/vite.config.ts --logLevel warn
npx vite build --config web/vite.lib.config.ts --logLevel warn
mkdir -p dist/wasm
cp web/src/engine/wasm/convplay-*.mjs web/src/engine/wasm/convplay-*.wasm dist/wasm/
cp web/convplay.d.ts dist/convplay.d.ts
cp web/convplay-elements.d.ts dist/convplay-elements.d.ts
node scripts/build-single.mjs >/dev/null
echo "dist/: $(cd dist && ls | tr '\n' ' ')"
