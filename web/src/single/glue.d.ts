// The Emscripten ES modules (typed where they are used, in load-engine.ts).
declare module '*/convplay-simd.mjs' {
  const create: (options: object) => Promise<never>;
  export default create;
}
declare module '*/convplay-nosimd.mjs' {
  const create: (options: object) => Promise<never>;
  export default create;
}
