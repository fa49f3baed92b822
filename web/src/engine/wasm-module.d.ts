// The Emscripten ES modules built by scripts/build-wasm.sh.
declare module '*/convplay-simd.mjs' {
  import type { EmscriptenFactory } from './load-engine';
  const create: EmscriptenFactory;
  export default create;
}
declare module '*/convplay-nosimd.mjs' {
  import type { EmscriptenFactory } from './load-engine';
  const create: EmscriptenFactory;
  export default create;
}
