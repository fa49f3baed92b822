// The offline single file (dist/convplay.html), built in two steps by
// scripts/build-single.mjs: the engine worker with the WASM inlined, then the
// page script with the worker's code inlined. One chunk each: a page opened
// from disk can load nothing else.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const part = process.env.CONVPLAY_SINGLE_PART ?? 'worker';
const entry = part === 'worker' ? './src/single/worker.ts' : './src/single/main.ts';

export default defineConfig({
  // A classic worker has no import.meta: its own (blob:) URL is the base the
  // WASM glue resolves its (inlined, data:) file URLs against.
  define: part === 'worker' ? { 'import.meta.url': 'self.location.href' } : {},
  build: {
    outDir: fileURLToPath(new URL('../build/single', import.meta.url)),
    emptyOutDir: part === 'worker',
    target: 'es2022',
    lib: {
      entry: fileURLToPath(new URL(entry, import.meta.url)),
      formats: [part === 'worker' ? 'iife' : 'es'],
      name: 'convplayWorker',
      fileName: () => `${part}.js`,
    },
    rollupOptions: { output: { codeSplitting: false } },
  },
});
