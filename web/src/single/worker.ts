// The engine worker of the offline single file, built as a classic script
// (pages opened from disk may start classic workers from blob: URLs, not
// module ones). The WASM glue is bundled in, and the bundler inlines the
// .wasm files it refers to as data: URLs.
import createSimd from '../engine/wasm/convplay-simd.mjs';
import createNoSimd from '../engine/wasm/convplay-nosimd.mjs';
import '../engine/engine-worker';

// Read by load-engine.ts when the worker's engine is created (on its first message).
(globalThis as { __convplayInline?: unknown }).__convplayInline = {
  factory: (variant: 'simd' | 'nosimd') => (variant === 'simd' ? createSimd : createNoSimd),
};
