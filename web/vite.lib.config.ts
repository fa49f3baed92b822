// The npm package's module: dist/convplay.js (ES module for browsers and
// Node >= 20). The engine files (dist/wasm/) are copied by scripts/build.sh
// and located at run time next to this module.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  build: {
    outDir: fileURLToPath(new URL('../dist', import.meta.url)),
    emptyOutDir: false,
    target: 'es2022',
    lib: {
      entry: {
        convplay: fileURLToPath(new URL('./src/index.ts', import.meta.url)),
        'convplay-worker': fileURLToPath(new URL('./src/engine/engine-worker.ts', import.meta.url)),
        'convplay-elements': fileURLToPath(new URL('./src/elements.ts', import.meta.url)),
      },
      formats: ['es'],
      fileName: (_format, name) => `${name}.js`,
    },
    rollupOptions: { output: { chunkFileNames: 'convplay-shared-[hash].js' } },
  },
});
