// Runs in a module Web Worker: the engine behind Comlink. Models stay in the
// worker, named by id; results come back by transferring their buffers.
import * as Comlink from 'comlink';
import { ConvPlayError } from './convplay-error';
import { createEngine } from './load-engine';
import type {
  ArgumentEdit,
  ConvPlayErrorInfo,
  Engine,
  EngineOptions,
  ForwardResult,
  LayerSpec,
  LoadOptions,
  Model,
  PlanOptions,
  Question,
  QuizRequest,
} from './types';

// Errors cross postMessage as plain data; the main thread rebuilds them.
export type Outcome<T> =
  | { ok: true; value: T }
  | { ok: false; error: ConvPlayErrorInfo | { type: string; message: string } };

function attempt<T>(fn: () => T): Outcome<T> {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    if (e instanceof ConvPlayError) {
      const { layer, kind, message, hint, line, column } = e;
      return { ok: false, error: { layer, kind, message, hint, line, column } };
    }
    const err = e as Error;
    return { ok: false, error: { type: err.name, message: err.message } };
  }
}

function buffersOf(result: ForwardResult): ArrayBuffer[] {
  return [
    result.output.buffer as ArrayBuffer,
    ...result.activations.map((a) => a.data.buffer as ArrayBuffer),
  ];
}

class WorkerApi {
  private engine?: Engine;
  private readonly models = new Map<number, Model>();
  private nextId = 1;

  async init(opts: EngineOptions) {
    this.engine = await createEngine(opts);
    return { version: this.engine.version, target: this.engine.target };
  }
  private get e(): Engine {
    if (!this.engine) throw new Error('the worker engine is not initialised');
    return this.engine;
  }
  parse(code: string) {
    return attempt(() => this.e.parse(code));
  }
  format(layers: LayerSpec[]) {
    return attempt(() => this.e.format(layers));
  }
  plan(model: string | LayerSpec[], inputShape: number[], opts?: PlanOptions) {
    return attempt(() => this.e.plan(model, inputShape, opts));
  }
  quiz(request: QuizRequest) {
    return attempt(() => this.e.quiz(request));
  }
  grade(question: Question, answer: string) {
    return attempt(() => this.e.grade(question, answer));
  }
  layers() {
    return attempt(() => this.e.layers());
  }
  quizKinds() {
    return attempt(() => this.e.quizKinds());
  }
  memory() {
    return attempt(() => this.e.memory());
  }
  editArgument(code: string, edit: ArgumentEdit) {
    return attempt(() => this.e.editArgument(code, edit));
  }
  exportCode(
    model: string | LayerSpec[],
    inputShape: number[],
    opts: { form: 'class' | 'sequential'; entry?: string },
  ) {
    return attempt(() => this.e.exportCode(model, inputShape, opts));
  }
  load(model: string | LayerSpec[], inputShape: number[], opts?: LoadOptions) {
    return attempt(() => {
      const m = this.e.load(model, inputShape, opts);
      const id = this.nextId++;
      this.models.set(id, m);
      return { id, plan: m.plan };
    });
  }
  private model(id: number): Model {
    const m = this.models.get(id);
    if (!m) {
      throw new ConvPlayError({
        layer: -1,
        kind: 'RuntimeError',
        message: 'this model was deleted',
      });
    }
    return m;
  }
  forward(id: number, input: Float32Array, opts?: { activations?: boolean }) {
    const outcome = attempt(() => this.model(id).forward(input, opts));
    return outcome.ok ? Comlink.transfer(outcome, buffersOf(outcome.value)) : outcome;
  }
  // The zero-copy path: the input goes straight into the model's view, and
  // each result array is copied once, out of WASM memory, then transferred.
  run(id: number, input: Float32Array, opts?: { activations?: boolean }) {
    const outcome = attempt((): ForwardResult => {
      const model = this.model(id);
      if (!(input instanceof Float32Array)) {
        throw new TypeError('run(input): input must be a Float32Array');
      }
      const target = model.input;
      if (input.length !== target.length) return model.forward(input, opts); // its error
      target.set(input);
      const r = model.run();
      return {
        output: r.output.slice(),
        outputShape: [...r.outputShape],
        activations:
          (opts?.activations ?? true)
            ? r.activations.map((a) => ({ shape: [...a.shape], data: a.data.slice() }))
            : [],
      };
    });
    return outcome.ok ? Comlink.transfer(outcome, buffersOf(outcome.value)) : outcome;
  }
  weights(id: number) {
    const outcome = attempt(() => this.model(id).weights());
    return outcome.ok
      ? Comlink.transfer(
          outcome,
          Object.values(outcome.value).map((w) => w.buffer as ArrayBuffer),
        )
      : outcome;
  }
  setWeights(id: number, weights: Record<string, Float32Array>) {
    return attempt(() => this.model(id).setWeights(weights));
  }
  explain(id: number, layer: number, index: number[]) {
    return attempt(() => this.model(id).explain(layer, index));
  }
  deleteModel(id: number) {
    this.models.get(id)?.delete();
    this.models.delete(id);
  }
}

export type { WorkerApi };

Comlink.expose(new WorkerApi());
