// createWorkerEngine(): the engine in a module Web Worker (browsers), so a
// page stays responsive while it plans and runs. Same methods as Engine,
// but every call returns a Promise.
import * as Comlink from 'comlink';
import { ConvPlayError } from './convplay-error';
import type { Outcome, WorkerApi } from './engine-worker';
import type { ConvPlayErrorInfo, EngineOptions, WorkerEngine } from './types';

function unwrap<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  const error = outcome.error;
  if ('kind' in error) throw new ConvPlayError(error as ConvPlayErrorInfo);
  const Kind = error.type === 'TypeError' ? TypeError : Error;
  throw new Kind(error.message);
}

function workerUrl(): URL | string {
  // The offline single file starts the worker from its own code.
  const inline = (globalThis as { __convplayWorkerUrl?: string }).__convplayWorkerUrl;
  if (inline) return inline;
  // Next to this module: the TypeScript source in development, the built
  // dist/convplay-worker.js otherwise. The base goes through a variable so
  // bundlers leave the URL to run time.
  const here = import.meta.url;
  return new URL(import.meta.env?.DEV ? './engine-worker.ts' : './convplay-worker.js', here);
}

export async function createWorkerEngine(options: EngineOptions = {}): Promise<WorkerEngine> {
  const url = workerUrl();
  // The offline single file's worker is a classic script (see single/worker.ts).
  const worker = new Worker(url, typeof url === 'string' ? {} : { type: 'module' });
  const api = Comlink.wrap<WorkerApi>(worker);
  const info = await api.init(options);
  return {
    version: info.version,
    target: info.target,
    parse: async (code) => unwrap(await api.parse(code)),
    format: async (layers) => unwrap(await api.format(layers)),
    plan: async (model, inputShape, opts) => unwrap(await api.plan(model, inputShape, opts)),
    layers: async () => unwrap(await api.layers()),
    quizKinds: async () => unwrap(await api.quizKinds()),
    quiz: async (request) => unwrap(await api.quiz(request)),
    grade: async (question, answer) => unwrap(await api.grade(question, answer)),
    memory: async () => unwrap(await api.memory()),
    editArgument: async (code, edit) => unwrap(await api.editArgument(code, edit)),
    exportCode: async (model, inputShape, opts) =>
      unwrap(await api.exportCode(model, inputShape, opts)),
    async load(model, inputShape, opts) {
      const { id, plan } = unwrap(await api.load(model, inputShape, opts));
      let deleted = false;
      const live = () => {
        if (deleted) {
          throw new ConvPlayError({
            layer: -1,
            kind: 'RuntimeError',
            message: 'this model was deleted',
          });
        }
      };
      return {
        plan,
        async forward(input, forwardOpts) {
          live();
          if (!(input instanceof Float32Array)) {
            throw new TypeError('forward(input): input must be a Float32Array');
          }
          return unwrap(await api.forward(id, input, forwardOpts));
        },
        async run(input, runOpts) {
          live();
          if (!(input instanceof Float32Array)) {
            throw new TypeError('run(input): input must be a Float32Array');
          }
          return unwrap(await api.run(id, input, runOpts));
        },
        async weights() {
          live();
          return unwrap(await api.weights(id));
        },
        async setWeights(weights) {
          live();
          unwrap(await api.setWeights(id, weights));
        },
        async explain(layer, index) {
          live();
          return unwrap(await api.explain(id, layer, index));
        },
        async delete() {
          if (!deleted) {
            deleted = true;
            await api.deleteModel(id);
          }
        },
      };
    },
    terminate() {
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
