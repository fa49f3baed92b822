// The one place that decides which engine build to load (SIMD128 or not),
// caches the loaded module, and wraps the Embind classes in the public API.
import { ConvPlayError } from './convplay-error';
import type {
  ArgumentEdit,
  ConvPlayErrorInfo,
  Explanation,
  Engine,
  EngineOptions,
  ForwardResult,
  Grade,
  Question,
  QuizKindInfo,
  LayerInfo,
  LayerSpec,
  LoadOptions,
  Model,
  ParseResult,
  Plan,
  PlanOptions,
  RunResult,
} from './types';

interface RawEngine {
  readonly version: string;
  readonly target: string;
  parse(code: string): ParseResult;
  format(layers: unknown): string | ConvPlayErrorInfo;
  plan(model: unknown, inputShape: unknown, options: unknown): Plan;
  editArgument(code: string, edit: unknown): { code: string } | { error: ConvPlayErrorInfo };
  exportCode(
    model: unknown,
    inputShape: unknown,
    opts: unknown,
  ): { code: string } | { error: ConvPlayErrorInfo };
  layers(): LayerInfo[];
  quizKinds(): QuizKindInfo[];
  quiz(request: unknown): Question | { error: ConvPlayErrorInfo };
  grade(question: unknown, answer: unknown): Grade | { error: ConvPlayErrorInfo };
  memory(): { heapBytes: number; usedBytes: number };
}

interface RawModel {
  error(): ConvPlayErrorInfo | null;
  plan(): Plan;
  forward(input: Float32Array, activations: boolean): ForwardResult | { error: ConvPlayErrorInfo };
  weights(): Record<string, Float32Array>;
  explain(layer: number, index: unknown): Explanation | { error: ConvPlayErrorInfo };
  setWeights(weights: Record<string, Float32Array>): ConvPlayErrorInfo | null;
  /** Address of the uint32 table of the model's views (bindings.cc, Model::views). */
  views(): number;
  run(): boolean;
  lastError(): ConvPlayErrorInfo;
  delete(): void;
}

interface EmscriptenModule {
  /** Views of the whole WASM memory, re-made by the glue when memory grows. */
  HEAPU32: Uint32Array;
  Engine: new () => RawEngine;
  Model: new (model: unknown, inputShape: unknown, seed: number, options: unknown) => RawModel;
}

type Factory = (options: {
  locateFile?: (path: string) => string;
  wasmBinary?: Uint8Array;
}) => Promise<EmscriptenModule>;

// The smallest module using a v128 instruction (from wasm-feature-detect).
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15,
  253, 98, 11,
]);

export function hasWasmSimd(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
}

// Node without its type declarations: the browser build must not need them.
const nodeProcess = (globalThis as { process?: { versions?: { node?: string } } }).process;
const isNode = typeof nodeProcess?.versions?.node === 'string';

// One cached module promise per variant.
const modules = new Map<string, Promise<EmscriptenModule>>();

function loadModule(variant: 'simd' | 'nosimd'): Promise<EmscriptenModule> {
  let module = modules.get(variant);
  // The offline single file carries the glue and the binaries itself.
  const inline = (
    globalThis as {
      __convplayInline?: { factory(v: string): Factory };
    }
  ).__convplayInline;
  if (!module && inline) {
    module = inline.factory(variant)({});
    modules.set(variant, module);
  }
  if (!module) {
    // Files next to this module: dist/wasm/ (copied there by
    // scripts/build.sh) or, in development, engine/wasm/. The base goes
    // through a variable so bundlers leave the URLs to run time rather than
    // inlining the .wasm files into the JavaScript.
    const here = import.meta.url;
    const glue = new URL(`./wasm/convplay-${variant}.mjs`, here);
    const wasm = new URL(`./wasm/convplay-${variant}.wasm`, here);
    module = (async () => {
      const { default: create } = (await import(/* @vite-ignore */ glue.href)) as {
        default: Factory;
      };
      if (isNode) {
        // Emscripten's web build would fetch() a file: URL; read it instead.
        const fsModule = 'node:fs/promises';
        const fs = (await import(/* @vite-ignore */ fsModule)) as {
          readFile(url: URL): Promise<Uint8Array>;
        };
        return create({ wasmBinary: await fs.readFile(wasm) });
      }
      return create({ locateFile: () => wasm.href });
    })();
    modules.set(variant, module);
  }
  return module;
}

function checkFloat32Array(value: unknown, what: string): asserts value is Float32Array {
  if (!(value instanceof Float32Array)) {
    const type = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
    throw new TypeError(`${what} must be a Float32Array, got ${type}`);
  }
}

function checkWeights(weights: unknown): asserts weights is Record<string, Float32Array> {
  if (typeof weights !== 'object' || weights === null || Array.isArray(weights)) {
    throw new TypeError('weights must be an object of Float32Array by state_dict key');
  }
  for (const [key, value] of Object.entries(weights)) checkFloat32Array(value, `weights['${key}']`);
}

function wrapModel(raw: RawModel, module: EmscriptenModule): Model {
  let deleted = false;
  const plan = raw.plan();
  const live = (what: string) => {
    if (deleted) {
      throw new ConvPlayError({
        layer: -1,
        kind: 'RuntimeError',
        message: `${what}: this model was deleted`,
        hint: 'load the stack again with engine.load()',
      });
    }
  };

  // Views of WASM memory, one per slot (0: the input, 1: the output, 2 + i:
  // layer i's output). The engine writes each slot's address and length into
  // a table after every run; a cached view is kept while it still matches
  // them and the current memory buffer (growth detaches the old one), and
  // re-made otherwise. The steady state allocates nothing.
  const table = raw.views() >>> 2;
  const cache: (Float32Array | undefined)[] = [];
  const view = (slot: number, what: string): Float32Array => {
    live(what);
    const heap = module.HEAPU32;
    const at = heap[table + 2 * slot];
    const length = heap[table + 2 * slot + 1];
    const v = cache[slot];
    if (v !== undefined && v.buffer === heap.buffer && v.byteOffset === at && v.length === length)
      return v;
    return (cache[slot] = new Float32Array(heap.buffer, at, length));
  };
  const outputShape = Object.freeze([...(plan.outputShape ?? [])]) as number[];
  const activations = Object.freeze(
    plan.layers.map((layer, i) =>
      Object.freeze({
        shape: Object.freeze([...layer.outputShape]) as number[],
        get data() {
          return view(2 + i, 'activations');
        },
      }),
    ),
  ) as RunResult['activations'];
  const copyActivations = () =>
    activations.map((a) => ({ shape: [...a.shape], data: a.data.slice() }));
  // One result object for the model's life: its views show the last run.
  const result: RunResult = Object.freeze({
    get output() {
      return view(1, 'output');
    },
    outputShape,
    activations,
    copy: () => ({
      output: view(1, 'copy').slice(),
      outputShape: [...outputShape],
      activations: copyActivations(),
    }),
  });
  const run = () => {
    live('run');
    if (!raw.run()) throw new ConvPlayError(raw.lastError());
  };

  return {
    plan,
    get input() {
      return view(0, 'input');
    },
    run() {
      run();
      return result;
    },
    forward(input, opts = {}) {
      live('forward');
      checkFloat32Array(input, 'forward(input): input');
      const target = view(0, 'forward');
      if (input.length !== target.length) {
        // The core's message for a wrong size.
        const r = raw.forward(input, false);
        if ('error' in r) throw new ConvPlayError(r.error);
      }
      target.set(input);
      run();
      return {
        output: view(1, 'forward').slice(),
        outputShape: [...outputShape],
        activations: (opts.activations ?? true) ? copyActivations() : [],
      };
    },
    weights() {
      live('weights');
      return raw.weights();
    },
    setWeights(weights) {
      live('setWeights');
      checkWeights(weights);
      const error = raw.setWeights(weights);
      if (error) throw new ConvPlayError(error);
    },
    explain(layer, index) {
      live('explain');
      if (!Number.isInteger(layer)) throw new TypeError('explain(layer): layer must be an integer');
      if (!Array.isArray(index) || !index.every((v) => typeof v === 'number')) {
        throw new TypeError('explain(index): index must be an array of numbers');
      }
      const result = raw.explain(layer, index);
      if ('error' in result) throw new ConvPlayError(result.error);
      return result;
    },
    delete() {
      if (!deleted) {
        deleted = true;
        cache.length = 0;
        raw.delete();
      }
    },
  };
}

export async function createEngine(options: EngineOptions = {}): Promise<Engine> {
  const mode = options.simd ?? 'auto';
  if (mode !== 'auto' && mode !== 'on' && mode !== 'off') {
    throw new TypeError(`simd must be 'auto', 'on' or 'off', got ${String(mode)}`);
  }
  const simd = mode === 'on' || (mode === 'auto' && hasWasmSimd());
  const module = await loadModule(simd ? 'simd' : 'nosimd');
  const raw = new module.Engine();
  return {
    version: raw.version,
    target: raw.target,
    parse(code) {
      if (typeof code !== 'string') throw new TypeError('parse(code): code must be a string');
      return raw.parse(code);
    },
    format(layers: LayerSpec[]) {
      const result = raw.format(layers);
      if (typeof result !== 'string') throw new ConvPlayError(result);
      return result;
    },
    plan(model, inputShape, opts?: PlanOptions) {
      if (opts?.entry !== undefined && typeof opts.entry !== 'string') {
        throw new TypeError('plan(model, inputShape, opts): opts.entry must be a string');
      }
      return raw.plan(model, inputShape, { entry: opts?.entry });
    },
    load(model, inputShape, opts: LoadOptions = {}) {
      const seed = opts.seed ?? 0;
      if (!Number.isSafeInteger(seed) || seed < 0) {
        throw new TypeError(`seed must be a non-negative integer, got ${String(seed)}`);
      }
      if (opts.weights !== undefined) checkWeights(opts.weights);
      if (opts.entry !== undefined && typeof opts.entry !== 'string') {
        throw new TypeError('load(model, inputShape, opts): opts.entry must be a string');
      }
      const m = new module.Model(model, inputShape, seed, { entry: opts.entry });
      const error = m.error();
      if (error) {
        m.delete();
        throw new ConvPlayError(error);
      }
      const wrapped = wrapModel(m, module);
      if (opts.weights !== undefined) {
        try {
          wrapped.setWeights(opts.weights);
        } catch (e) {
          wrapped.delete();
          throw e;
        }
      }
      return wrapped;
    },
    editArgument(code, edit: ArgumentEdit) {
      if (typeof code !== 'string')
        throw new TypeError('editArgument(code, edit): code must be a string');
      for (const key of ['module', 'param', 'value'] as const) {
        if (typeof edit?.[key] !== 'string') {
          throw new TypeError(`editArgument(code, edit): edit.${key} must be a string`);
        }
      }
      const r = raw.editArgument(code, edit);
      if ('error' in r) throw new ConvPlayError(r.error);
      return r;
    },
    exportCode(model, inputShape, opts) {
      if (opts?.form !== 'class' && opts?.form !== 'sequential') {
        throw new TypeError(
          "exportCode(model, inputShape, opts): opts.form must be 'class' or 'sequential'",
        );
      }
      const r = raw.exportCode(model, inputShape, opts);
      if ('error' in r) throw new ConvPlayError(r.error);
      return r;
    },
    layers: () => raw.layers(),
    quizKinds: () => raw.quizKinds(),
    quiz(request) {
      const q = raw.quiz(request);
      if ('error' in q) throw new ConvPlayError(q.error);
      return q;
    },
    grade(question, answer) {
      if (typeof answer !== 'string')
        throw new TypeError('grade(question, answer): answer must be a string');
      const g = raw.grade(question, answer);
      if ('error' in g) throw new ConvPlayError(g.error);
      return g;
    },
    memory: () => raw.memory(),
  };
}
