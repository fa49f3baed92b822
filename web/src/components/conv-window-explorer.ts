import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { LayerCatalogue, windowOpOf } from '../engine/layer-catalogue';
import type { WorkerEngine, WorkerModel } from '../engine/types';
import { createWorkerEngine } from '../engine/worker-engine';
import { parseShape } from '../render/format';
import type { ConvWindowView, WindowSource } from './conv-window-view';
import { styles } from './conv-window-explorer.styles';

/**
 * The sliding window on its own, for course pages:
 * `<conv-window-explorer model="nn.Conv2d(1, 1, 3, stride=2, padding=1)" input="1x1x7x7">`.
 * It loads the model in a worker of its own, with integer inputs and weights
 * rounded to one decimal so the arithmetic reads easily, and shows the layer's
 * window in a <conv-window-view>; a conv gets a groups control (standard →
 * grouped → depthwise).
 *
 * @fires conv-window-cell - the current output cell changed ({ layer, index })
 */
export class ConvWindowExplorer extends LitElement {
  static properties = {
    model: { type: String },
    input: { type: String },
    seed: { type: Number },
    layer: { type: Number },
    autoplay: { type: Boolean },
    source: { state: true },
    message: { state: true },
  };

  /** The stack as PyTorch code. */
  model = '';
  /** The input shape, e.g. "1x1x7x7". */
  input = '';
  /** The seed of the input values and the weights. */
  seed = 0;
  /** The layer to explore (default: the first conv or pool). */
  layer = -1;
  /** Start playing when shown (not with prefers-reduced-motion). */
  autoplay = false;
  private source?: WindowSource;
  private message = '';
  private engine?: WorkerEngine;
  private own?: WorkerModel;
  /** The engine's layer kinds (which layers have a window, and their rank). */
  private catalogue?: LayerCatalogue;
  /** The model being loaded (settled() waits for it). */
  private loading?: Promise<void>;
  /** A cell pinned before the view was there. */
  private pinned?: { channel: number; position: number[] };

  static styles = styles;

  private get view(): ConvWindowView | null {
    return this.renderRoot.querySelector('conv-window-view');
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    void this.own?.delete();
    this.engine?.terminate();
    this.engine = undefined;
    this.catalogue = undefined;
  }

  protected willUpdate(changed: PropertyValues): void {
    const inputs = ['model', 'input', 'seed', 'layer'];
    if (inputs.some((k) => changed.has(k)) && this.model) {
      const load = this.load();
      this.loading = load;
      void load.finally(() => {
        if (this.loading === load) this.loading = undefined;
      });
    }
  }

  protected updated(): void {
    const view = this.view;
    if (view && this.pinned) {
      view.pin(this.pinned.channel, this.pinned.position);
      this.pinned = undefined;
    }
  }

  /** Moves to an output cell (channel, then the spatial index in the layer's own dims). */
  pin(channel: number, position: number[]) {
    const view = this.view;
    if (view) view.pin(channel, position);
    else this.pinned = { channel, position };
  }

  /** Resolves when the current cell's explanation is shown. */
  async settled(): Promise<void> {
    await this.updateComplete;
    while (this.loading) await this.loading;
    await this.updateComplete;
    await this.view?.settled();
  }

  private async load() {
    this.message = '';
    const shape = parseShape(this.input || '1, 1, 7, 7');
    if (typeof shape === 'string') {
      this.message = shape;
      return;
    }
    try {
      this.engine ??= await createWorkerEngine();
      const engine = this.engine;
      this.catalogue ??= new LayerCatalogue(await engine.layers());
      const catalogue = this.catalogue;
      await this.own?.delete();
      this.own = undefined;
      const model = await engine.load(this.model, shape, { seed: this.seed });
      this.own = model;
      const layer =
        this.layer >= 0 && catalogue.windowOp(model.plan.layers[this.layer]?.kind ?? '')
          ? this.layer
          : model.plan.layers.findIndex((l) => catalogue.windowOp(l.kind));
      if (layer < 0) throw new Error('the model has no convolution or pooling layer to explore');
      // Readable numbers: integer inputs 0–9 and weights rounded to one decimal.
      const weights = await model.weights();
      for (const w of Object.values(weights))
        for (let i = 0; i < w.length; i++) w[i] = Math.round(w[i] * 10) / 10 || 0.1;
      await model.setWeights(weights);
      const n = shape.reduce((a, b) => a * b, 1);
      let state = (this.seed * 2654435761 + 12345) >>> 0;
      const input = new Float32Array(n).map(() => {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0;
        return (state >>> 16) % 10;
      });
      const result = await model.forward(input);
      const parsed = await engine.parse(this.model);
      const plan = model.plan.layers[layer];
      const info = catalogue.info(plan.kind);
      if (!info) throw new Error(`the engine does not list nn.${plan.kind}`);
      this.source = {
        layer,
        spec: parsed.layers[layer],
        info,
        plan,
        input: layer === 0 ? input : result.activations[layer - 1].data,
        output: result.activations[layer].data,
        explain: (index) => model.explain(layer, index),
      };
    } catch (error) {
      this.message = (error as Error).message;
    }
  }

  render() {
    const s = this.source;
    const error = this.message
      ? html`<div class="error" role="alert">${this.message}</div>`
      : nothing;
    if (!s) return this.message ? error : html`<p>Loading…</p>`;
    return html`<conv-window-view .source=${s} .autoplay=${this.autoplay}>
        ${this.renderGroups(s)}
      </conv-window-view>
      ${error}`;
  }

  /** Convs: morph standard → grouped → depthwise (the window spans one group's channels). */
  private renderGroups(s: WindowSource) {
    if (windowOpOf(s.info) !== 'conv') return nothing;
    const inCh = Number(s.spec.args.in_channels);
    const outCh = Number(s.spec.args.out_channels);
    const groups = Number(s.spec.args.groups ?? 1);
    const options = Array.from({ length: inCh }, (_, i) => i + 1).filter(
      (g) => inCh % g === 0 && outCh % g === 0,
    );
    if (options.length < 2) return nothing;
    const label = (g: number) => (g === 1 ? 'standard' : g === inCh ? 'depthwise' : 'grouped');
    return html`<div class="row" slot="layer-controls">
      <label
        >groups
        <select
          @change=${(ev: Event) => void this.setGroups(Number((ev.target as HTMLSelectElement).value))}
        >
          ${options.map((g) => html`<option value=${g} ?selected=${g === groups}>${g} (${label(g)})</option>`)}
        </select>
      </label>
      <small>each output channel sees ${inCh / groups} of ${inCh} input channels</small>
    </div>`;
  }

  private async setGroups(groups: number) {
    const engine = this.engine;
    const s = this.source;
    if (!engine || !s) return;
    const parsed = await engine.parse(this.model);
    if (!parsed.ok) return;
    parsed.layers[s.layer] = { kind: s.spec.kind, args: { ...s.spec.args, groups } };
    this.model = await engine.format(parsed.layers);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'conv-window-explorer': ConvWindowExplorer;
  }
}
