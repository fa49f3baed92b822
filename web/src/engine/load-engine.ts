// The one place that decides which engine build to load (SIMD128 or not)
// and caches the loaded module.
import type { Engine, LayerSpec, Plan, ParseResult } from './types';

interface RawEngine {
  readonly version: string;
  readonly target: string;
  parse(code: string): ParseResult;
  format(layers: LayerSpec[]): string | { message: string };
  plan(model: string | LayerSpec[], inputShape: number[]): Plan;
  delete(): void;
}

interface EmscriptenModule {
  Engine: new () => RawEngine;
}

export type EmscriptenFactory = (options: {
  locateFile?: (path: string) => string;
  wasmBinary?: ArrayBuffer | Uint8Array;
}) => Promise<EmscriptenModule>;

export interface EngineOptions {
  /** 'auto' (default) uses SIMD128 where the browser has it. */
  simd?: 'auto' | 'on' | 'off';
}

// The smallest module using a v128 instruction (from wasm-feature-detect).
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15,
  253, 98, 11,
]);

export function hasWasmSimd(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
}

const modules = new Map<boolean, Promise<EmscriptenModule>>();

function loadModule(simd: boolean): Promise<EmscriptenModule> {
  let module = modules.get(simd);
  if (!module) {
    module = simd
      ? import('./wasm/convplay-simd.mjs').then((m) =>
          m.default({
            locateFile: () => new URL('./wasm/convplay-simd.wasm', import.meta.url).href,
          }),
        )
      : import('./wasm/convplay-nosimd.mjs').then((m) =>
          m.default({
            locateFile: () => new URL('./wasm/convplay-nosimd.wasm', import.meta.url).href,
          }),
        );
    modules.set(simd, module);
  }
  return module;
}

export async function createEngine(options: EngineOptions = {}): Promise<Engine> {
  const mode = options.simd ?? 'auto';
  const simd = mode === 'on' || (mode === 'auto' && hasWasmSimd());
  const module = await loadModule(simd);
  const raw = new module.Engine();
  return {
    version: raw.version,
    target: raw.target,
    parse: (code) => raw.parse(code),
    format: (layers) => {
      const result = raw.format(layers);
      if (typeof result !== 'string') throw new TypeError(result.message);
      return result;
    },
    plan: (model, inputShape) => raw.plan(model, inputShape),
  };
}
