// The feature-map pipeline of one playground: the input image drawn at the
// input's size, a model of the stack's valid prefix in the worker (reused
// while only the input or the kernels change), and every layer's output.
import type {
  Explanation,
  ForwardResult,
  LayerSpec,
  Plan,
  WorkerEngine,
  WorkerModel,
} from '../engine/types';
import { elementsOf, inputLayout, tensorFromRgba, type InputLayout } from '../render/input-tensor';
import { drawSample } from '../render/samples';
import { applyKernels } from '../state/edits';
import type { PlaygroundState } from '../state/playground-state';
import type { MapTensor } from '../components/conv-feature-maps';
import type { DrawInput } from '../render/draw-image';
import { formatSizes } from '../render/format';

const MAX_DRAWN_PIXELS = 4096 * 4096;

export interface Maps {
  tensors: MapTensor[];
  batched: boolean;
  /** Why there are no (or only some) maps. */
  message: string;
  /** The model's weights after kernel edits (for the kernel editor), when they changed. */
  weights?: Record<string, Float32Array>;
}

/** A model of the whole stack being loaded while the stack is planned. */
export interface EarlyModel {
  key: string;
  model: Promise<WorkerModel | undefined>;
}

const modelKey = (model: string | readonly LayerSpec[], s: PlaygroundState) =>
  JSON.stringify([model, s.inputShape, s.seed]);

/** What is loaded: the class code, or the stack (`layers`, its valid prefix). */
const modelOf = (s: PlaygroundState, layers = s.layers) => s.classCode || layers;

export class MapPipeline {
  /** Draws the current input image at any size. */
  draw: DrawInput = (ctx, w, h) => drawSample('colour-shapes', ctx, w, h);
  /** A live input (the webcam): redrawn for every frame. */
  live = false;

  private model?: WorkerModel;
  private modelKey = '';
  private baseWeights: Record<string, Float32Array> = {};
  private appliedKernels = '';
  private canvas?: HTMLCanvasElement;
  private inputCache?: { key: string; draw: DrawInput; data: Float32Array };

  constructor(private readonly spatialDimsOf: (kind: string) => number) {}

  /** Starts loading the whole model unless it is already loaded. */
  loadEarly(engine: WorkerEngine, s: PlaygroundState): EarlyModel | undefined {
    const key = modelKey(modelOf(s), s);
    if ((!s.classCode && !s.layers.length) || key === this.modelKey) return undefined;
    const model = engine.load(modelOf(s), s.inputShape, { seed: s.seed }).then(
      (m) => m,
      () => undefined,
    );
    return { key, model };
  }

  /** The explain path of the loaded model (see Model.explain). */
  explain(layer: number, index: number[]): Promise<Explanation> {
    if (!this.model) return Promise.reject(new Error('no model is loaded'));
    return this.model.explain(layer, index);
  }

  dispose() {
    void this.model?.delete();
    this.model = undefined;
    this.modelKey = '';
  }

  /**
   * Runs the valid prefix of the stack (per `plan`), or the whole class code
   * when it plans, on the input; `labelOf(i)` names call i's maps.
   */
  async run(
    engine: WorkerEngine,
    s: PlaygroundState,
    plan: Plan,
    early: EarlyModel | undefined,
    labelOf: (i: number) => string,
  ): Promise<Maps> {
    const classCode = !!s.classCode;
    const valid = plan.ok ? s.layers.length : Math.max(0, plan.error?.layer ?? 0);
    const prefix = s.layers.slice(0, valid);
    const kinds = classCode ? plan.layers.map((l) => l.kind) : prefix.map((l) => l.kind);
    const key = modelKey(modelOf(s, prefix), s);
    if (early && early.key !== key) {
      void early.model.then((m) => m?.delete());
      early = undefined;
    }
    const none = (message: string, tensors: MapTensor[] = []): Maps => ({
      tensors,
      batched: true,
      message,
    });
    if (classCode && !plan.ok) {
      const at = plan.error?.line ? ` at line ${plan.error.line}` : '';
      return none(`No feature maps: fix the ${plan.error?.kind ?? 'error'}${at} to run the model.`);
    }
    if (!plan.ok && (plan.error?.layer ?? -1) < 0) {
      return none('No feature maps: the input shape is not valid for this stack.');
    }
    const dims = kinds.map((k) => this.spatialDimsOf(k)).find((d) => d > 0) ?? 0;
    const layout = inputLayout(s.inputShape, dims);
    if (!layout) return none('No feature maps: the input shape does not match the first layer.');
    if (layout.width * layout.height > MAX_DRAWN_PIXELS) {
      return none(
        `No feature maps: a ${formatSizes([layout.width, layout.height])} input image is too large to draw here.`,
      );
    }
    const input: MapTensor = { label: 'Input', shape: s.inputShape, data: this.inputFor(layout) };
    if (!classCode && prefix.length === 0)
      return { tensors: [input], batched: layout.batched, message: '' };

    let fresh = false;
    if (key !== this.modelKey) {
      this.dispose();
      try {
        this.model =
          (await early?.model) ??
          (await engine.load(modelOf(s, prefix), s.inputShape, { seed: s.seed }));
      } catch (error) {
        return none(`No feature maps: ${(error as Error).message}`, [input]);
      }
      this.modelKey = key;
      this.appliedKernels = '';
      fresh = true;
    }
    const model = this.model;
    if (!model) return none('No feature maps.', [input]);
    const kernelsKey = JSON.stringify(s.kernels);
    let weights: Record<string, Float32Array> | undefined;
    let result: ForwardResult;
    let message = '';
    if (fresh && !s.kernels.length) {
      // The seeded weights as they are: fetch them while the forward runs.
      const [w, out] = await Promise.all([model.weights(), model.run(input.data)]);
      this.baseWeights = weights = w;
      this.appliedKernels = kernelsKey;
      result = out;
    } else {
      if (fresh) this.baseWeights = await model.weights();
      let sent = Promise.resolve('');
      if (kernelsKey !== this.appliedKernels) {
        const patched = applyKernels(this.baseWeights, s.kernels);
        // A fresh model has the seeded weights; otherwise earlier edits are undone too.
        sent = model.setWeights(fresh ? patched : { ...this.baseWeights, ...patched }).then(
          () => '',
          (e) => `The kernel edits could not be applied: ${(e as Error).message}`,
        );
        weights = { ...this.baseWeights, ...patched };
        this.appliedKernels = kernelsKey;
      }
      // Calls to the worker run in order: this forward sees the new weights.
      [message, result] = await Promise.all([sent, model.run(input.data)]);
    }
    const tensors = [
      input,
      ...result.activations.map((a, i) => ({
        label: labelOf(i),
        shape: a.shape,
        data: a.data,
      })),
    ];
    return { tensors, batched: layout.batched, message, weights };
  }

  /** The input tensor, redrawn only when the image or the layout changed (or it is live). */
  private inputFor(layout: InputLayout): Float32Array {
    const key = JSON.stringify(layout);
    const cache = this.inputCache;
    if (!this.live && cache && cache.key === key && cache.draw === this.draw) return cache.data;
    const data = this.drawTensor(layout);
    this.inputCache = { key, draw: this.draw, data };
    return data;
  }

  private drawTensor(layout: InputLayout): Float32Array {
    const { width, height } = layout;
    if (elementsOf(layout) === 0) return new Float32Array(0);
    this.canvas ??= document.createElement('canvas');
    const canvas = this.canvas;
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) return new Float32Array(elementsOf(layout));
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, width, height);
    this.draw(ctx, width, height);
    return tensorFromRgba(ctx.getImageData(0, 0, width, height).data, layout);
  }
}
