import { LitElement, html, nothing } from 'lit';
import { LayerCatalogue } from '../engine/layer-catalogue';
import type { ConvPlayErrorInfo, Plan, WorkerEngine } from '../engine/types';
import { createWorkerEngine } from '../engine/worker-engine';
import { History } from '../state/history';
import {
  defaultState,
  isSample,
  remapKernels,
  withKernelEdit,
  type KernelEdit,
  type PlaygroundState,
} from '../state/playground-state';
import { stateFromAttributes } from '../state/url-state';
import { viewOf, viewProblem, type ViewOptions } from '../state/view-options';
import { drawSample } from '../render/samples';
import { composeLayer, fieldAt } from '../state/edits';
import type { MapTensor } from './conv-feature-maps';
import { ExploreController } from '../controllers/explore-controller';
import { RefreshController } from '../controllers/refresh-controller';
import { ShortcutController } from '../controllers/shortcut-controller';
import { UrlHashController } from '../controllers/url-hash-controller';
import type { InputChange, LayerFieldEdit, QuizOpenDetail, StackChange } from '../events/event-map';
import { MapPipeline, type EarlyModel } from '../controllers/map-pipeline';
import { styles } from './conv-playground.styles';

/**
 * The playground: build a stack (cards or PyTorch code, in sync), see every
 * shape, parameter count and PyTorch error, and watch every layer's feature
 * maps computed live on a sample, an upload, the webcam or a drawing. The
 * engine runs in this instance's own Web Worker.
 *
 * @cssprop --conv-accent - accent colour (and the other --conv-* colours of theme.ts)
 */
export class ConvPlayground extends LitElement {
  static properties = {
    engine: { attribute: false },
    urlState: { type: Boolean, attribute: 'url-state' },
    model: { type: String },
    input: { type: String },
    sample: { type: String },
    seed: { type: String },
    hide: { type: String },
    lock: { type: String },
    theme: { type: String, reflect: true },
    plan: { state: true },
    code: { state: true },
    codeError: { state: true },
    catalogue: { state: true },
    message: { state: true },
    status: { state: true },
    tensors: { state: true },
    mapsMessage: { state: true },
    weights: { state: true },
    fieldErrors: { state: true },
    fps: { state: true },
  };

  /** The engine; by default the playground starts its own worker. */
  engine?: WorkerEngine;
  /** Keep the state in the page's URL hash (the main page does). */
  urlState = false;
  /** The starting stack as PyTorch code (an author's; a link's state wins with url-state). */
  model = '';
  /** The starting input shape, e.g. "1x3x64x64". */
  input = '';
  /** The starting sample image: colour-shapes, shapes, letters, checkerboard, gradient, stripes, digit. */
  sample = '';
  /** The starting weight seed. */
  seed = '';
  /** Parts to hide: toolbar, input, layers, code, quiz, shapes, maps, kernels (space-separated). */
  hide = '';
  /** Parts to lock (shown, not editable): input, layers, code, kernels. */
  lock = '';
  theme: 'auto' | 'light' | 'dark' = 'auto';

  private history = new History<PlaygroundState>(defaultState());
  private plan?: Plan;
  private code = '';
  private codeError?: ConvPlayErrorInfo;
  /** The engine's layer kinds, with their families and spatial ranks. */
  private catalogue = new LayerCatalogue();
  private message = '';
  private status = 'Loading the engine…';
  private tensors: MapTensor[] = [];
  private mapsMessage = '';
  private weights: Record<string, Float32Array> = {};
  private fieldErrors = new Map<number, { param: string; message: string }>();
  private fps = 0;
  private batchedMaps = true;
  /** The window explorer and the receptive-field outline. */
  private readonly exploring = new ExploreController(this, () => ({
    catalogue: this.catalogue,
    layers: this.history.state.layers,
    inputShape: this.history.state.inputShape,
    plans: this.plan?.layers ?? [],
    tensors: this.tensors,
    explain: (layer, index) => this.maps.explain(layer, index),
  }));
  private ownsEngine = false;
  private readonly maps = new MapPipeline((kind) => this.catalogue.spatialDims(kind));
  private frames: number[] = [];
  /** Runs the refreshes edits ask for, one at a time. */
  private readonly refresher = new RefreshController(this, {
    full: () => this.refresh(),
    frame: () => this.compute(),
    failed: (error) => {
      this.mapsMessage = `Something went wrong: ${(error as Error).message ?? String(error)}`;
    },
    ready: () => !!this.engine,
    live: () => this.maps.live,
  });
  /** The state in the URL hash (with url-state). */
  private readonly urlHash = new UrlHashController(
    this,
    () => this.urlState,
    () => void this.loadHash(true),
  );

  static styles = styles;

  constructor() {
    super();
    // Undo and redo from the keyboard (it registers itself with this host).
    new ShortcutController(this, { undo: () => this.undo(), redo: () => this.redo() });
  }

  /** The current state (stack, input shape, source, seed, kernel edits). */
  get state(): PlaygroundState {
    return this.history.state;
  }

  /** Milliseconds of the last edit → re-plan → forward → repaint. */
  get lastRefreshMs(): number {
    return this.refresher.lastRefreshMs;
  }

  /** Phases of the last refresh, in ms (plan + code; load + forward; total). */
  get timings(): Record<string, number> {
    return this.refresher.timings;
  }

  /**
   * Resolves when every pending edit has been parsed, planned, computed and
   * painted, and the URL written.
   */
  async whenIdle(): Promise<void> {
    await this.refresher.whenIdle();
    this.urlHash.flush();
  }

  /** Replaces the state as one undoable edit. */
  setState(next: Partial<PlaygroundState>, key = '') {
    this.history.push({ ...this.history.state, ...next }, key);
    this.exploring.edited();
    this.refresher.schedule('full');
  }

  connectedCallback(): void {
    super.connectedCallback();
    void this.start();
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.maps.live = false;
    this.maps.dispose();
    if (this.ownsEngine) {
      this.engine?.terminate();
      this.engine = undefined;
    }
  }

  private async start() {
    try {
      if (!this.engine) {
        this.engine = await createWorkerEngine();
        this.ownsEngine = true;
      }
      this.catalogue = new LayerCatalogue(await this.engine.layers());
      this.status = `Engine ${this.engine.version} · SIMD target ${this.engine.target}`;
    } catch (error) {
      this.status = `The engine could not be loaded: ${String(error)}`;
      return;
    }
    if (this.urlState) await this.loadHash(false);
    else if (this.model || this.input || this.sample || this.seed) {
      const engine = this.engine;
      const { state, message } = await stateFromAttributes(this, (code) => engine.parse(code));
      this.message = message;
      this.useSample(state.source);
      this.history.reset(state);
    }
    this.refresher.schedule('full');
  }

  /** Reads the state from the URL hash; anything wrong falls back to the default stack. */
  private async loadHash(fromNavigation: boolean) {
    const engine = this.engine;
    if (!engine) return;
    const { state, message } = await this.urlHash.read((code) => engine.parse(code));
    this.message = message;
    this.useSample(state.source);
    this.history.reset(state);
    if (fromNavigation) this.refresher.schedule('full');
  }

  private useSample(source: string) {
    if (isSample(source)) this.maps.draw = (ctx, w, h) => drawSample(source, ctx, w, h);
  }

  /** Hidden and locked parts: the attributes', plus a link's (embeds). */
  private get view(): ViewOptions {
    return viewOf(this.hide, this.lock, this.urlHash.linkView);
  }

  private undo() {
    if (this.history.undo() !== undefined) this.afterHistoryMove();
  }

  private redo() {
    if (this.history.redo() !== undefined) this.afterHistoryMove();
  }

  private afterHistoryMove() {
    this.fieldErrors = new Map();
    this.codeError = undefined;
    this.refresher.schedule('full');
  }

  /** Plan, code and feature maps for the current state. */
  private async refresh() {
    const engine = this.engine;
    if (!engine) return;
    const s = this.history.state;
    const t0 = performance.now();
    const planned = Promise.all([engine.plan(s.layers, s.inputShape), engine.format(s.layers)]);
    // The whole stack is usually valid: load it right behind the plan, so
    // that an edit costs one round trip to the worker, not three.
    const early = this.maps.loadEarly(engine, s);
    const [plan, code] = await planned;
    this.refresher.phase('plan', t0);
    this.plan = plan;
    this.code = code;
    this.urlHash.write({ model: code, ...s });
    await this.compute(early);
  }

  /** Feature maps of the valid prefix of the stack. */
  private async compute(early?: EarlyModel) {
    const engine = this.engine;
    const plan = this.plan;
    if (!engine || !plan) return;
    const t0 = performance.now();
    const maps = await this.maps.run(engine, this.history.state, plan, early);
    this.refresher.phase('compute', t0);
    this.tensors = maps.tensors;
    this.exploring.refresh();
    this.batchedMaps = maps.batched;
    this.mapsMessage = maps.message;
    if (maps.weights) this.weights = maps.weights;
    if (this.maps.live) {
      const now = performance.now();
      this.frames = [...this.frames.filter((t) => now - t < 1000), now];
      this.fps = this.frames.length;
    }
  }

  /** "Open in the playground" from a quiz: its stack and input become the playground's. */
  private readonly onQuizOpen = async (e: CustomEvent<QuizOpenDetail>) => {
    const parsed = await this.engine?.parse(e.detail.model);
    if (!parsed?.ok) return;
    this.setState({ layers: parsed.layers, inputShape: e.detail.inputShape, kernels: [] });
    this.scrollIntoView({ block: 'start' });
  };

  // ---- edits from the child elements

  private onStackChange(e: CustomEvent<StackChange>) {
    const { layers, map, key } = e.detail;
    this.fieldErrors = new Map();
    this.codeError = undefined;
    this.setState({ layers, kernels: remapKernels(this.history.state.kernels, map) }, key);
  }

  private onLayerEdit(e: CustomEvent<LayerFieldEdit>) {
    this.refresher.track(this.layerEdit(e));
  }

  private async layerEdit(e: CustomEvent<LayerFieldEdit>) {
    const engine = this.engine;
    const { index, fields, param } = e.detail;
    const layers = this.history.state.layers;
    const layer = layers[index];
    if (!engine || !layer) return;
    const { code, starts } = composeLayer(layer.kind, fields);
    const parsed = await engine.parse(code);
    const errors = new Map(this.fieldErrors);
    if (!parsed.ok || parsed.layers.length !== 1 || parsed.layers[0].kind !== layer.kind) {
      const at = fieldAt(starts, parsed.error?.column ?? 0) ?? param;
      const message = parsed.error
        ? `${parsed.error.kind}: ${parsed.error.message}`
        : `${param}: write one Python value, e.g. 3, (3, 5) or 'same'`;
      errors.set(index, { param: at, message });
      this.fieldErrors = errors;
      return;
    }
    errors.delete(index);
    this.fieldErrors = errors;
    if (this.history.state.layers !== layers) return; // a newer edit won
    const next = [...layers];
    next[index] = parsed.layers[0];
    this.setState({ layers: next }, `field:${index}:${param}`);
  }

  private onCodeChange(e: CustomEvent<{ code: string }>) {
    this.refresher.track(this.codeChange(e));
  }

  private async codeChange(e: CustomEvent<{ code: string }>) {
    const engine = this.engine;
    if (!engine) return;
    const parsed = await engine.parse(e.detail.code);
    if (!parsed.ok) {
      this.codeError = parsed.error;
      return;
    }
    this.codeError = undefined;
    this.fieldErrors = new Map();
    const old = this.history.state.layers;
    const same = old.length === parsed.layers.length;
    const kernels = same ? this.history.state.kernels : [];
    this.setState({ layers: parsed.layers, kernels }, 'code');
  }

  private onInputChange(e: CustomEvent<InputChange>) {
    const { source, draw, live } = e.detail;
    this.maps.draw = draw;
    const wasLive = this.maps.live;
    this.maps.live = live;
    this.frames = [];
    if (source !== this.history.state.source) this.setState({ source }, 'source');
    else this.refresher.schedule('frame');
    if (live && !wasLive) this.refresher.schedule('frame');
  }

  render() {
    const s = this.history.state;
    const v = this.view;
    const problem = viewProblem(this.hide, this.lock);
    const shown = (part: string, body: unknown) => (v.hide.has(part) ? nothing : body);
    return html`
      ${shown('toolbar', this.renderToolbar(v))}
      ${this.message ? html`<div class="message error" role="alert">${this.message}</div>` : nothing}
      ${problem ? html`<div class="message error" role="alert">${problem}</div>` : nothing}
      <div class="layout">
        <div>
          ${shown(
            'input',
            html`<section aria-labelledby="h-input">
              <h2 id="h-input">Input</h2>
              <conv-input-picker
                .source=${s.source}
                .inputShape=${s.inputShape}
                .fps=${this.fps}
                .locked=${v.lock.has('input')}
                @conv-input-change=${this.onInputChange}
                @conv-input-shape=${(e: CustomEvent<{ shape: number[] }>) => this.setState({ inputShape: e.detail.shape }, 'shape')}
              ></conv-input-picker>
            </section>`,
          )}
          ${shown(
            'layers',
            html`<section aria-labelledby="h-layers">
              <h2 id="h-layers">Layers</h2>
              <conv-layer-stack
                .layers=${s.layers}
                .catalogue=${this.catalogue}
                .plan=${this.plan}
                .inputShape=${s.inputShape}
                .fieldErrors=${this.fieldErrors}
                .locked=${v.lock.has('layers')}
                @conv-stack-change=${this.onStackChange}
                @conv-layer-edit=${this.onLayerEdit}
              ></conv-layer-stack>
            </section>`,
          )}
          ${shown(
            'code',
            html`<section aria-labelledby="h-code">
              <h2 id="h-code">Code</h2>
              <conv-code-panel
                .code=${this.code}
                .error=${this.codeError}
                .locked=${v.lock.has('code') || v.lock.has('layers')}
                @conv-code-change=${this.onCodeChange}
              ></conv-code-panel>
            </section>`,
          )}
          ${shown(
            'quiz',
            this.engine
              ? html`<section aria-labelledby="h-quiz">
                  <h2 id="h-quiz">Quiz</h2>
                  <conv-quiz .engine=${this.engine} @conv-quiz-open=${this.onQuizOpen}></conv-quiz>
                </section>`
              : nothing,
          )}
        </div>
        <div>
          ${shown(
            'shapes',
            html`<section aria-labelledby="h-shapes">
              <h2 id="h-shapes">Shapes</h2>
              <conv-shape-ribbon
                .plan=${this.plan}
                .layers=${s.layers}
                .inputShape=${s.inputShape}
              ></conv-shape-ribbon>
              ${(this.plan?.warnings ?? []).map((w) => html`<div class="warning">Layer ${w.layer}: ${w.message}</div>`)}
            </section>`,
          )}
          ${shown(
            'maps',
            html`<section aria-labelledby="h-maps">
              <h2 id="h-maps">Feature maps</h2>
              ${this.mapsMessage ? html`<div class="warning" role="status">${this.mapsMessage}</div>` : nothing}
              <conv-feature-maps
                .tensors=${this.tensors}
                .batched=${this.batchedMaps}
                .region=${this.exploring.region}
              ></conv-feature-maps>
            </section>`,
          )}
          ${
            this.exploring.source
              ? html`<section aria-labelledby="h-window">
                  <div class="row">
                    <h2 id="h-window">
                      Window: layer ${this.exploring.source.layer}
                      nn.${this.exploring.source.spec.kind}
                    </h2>
                    <button @click=${() => this.exploring.close()}>Close</button>
                  </div>
                  <conv-window-view
                    .source=${this.exploring.source}
                    .rf=${this.exploring.source.plan.receptiveField}
                    @conv-window-cell=${this.exploring.onWindowCell}
                  ></conv-window-view>
                </section>`
              : nothing
          }
          ${shown(
            'kernels',
            html`<section aria-labelledby="h-kernel">
              <h2 id="h-kernel">Kernels</h2>
              <conv-kernel-editor
                .layers=${s.layers}
                .catalogue=${this.catalogue}
                .plans=${this.plan?.layers ?? []}
                .weights=${this.weights}
                .seed=${s.seed}
                .locked=${v.lock.has('kernels')}
                @conv-kernel-edit=${(e: CustomEvent<{ edit: KernelEdit }>) => this.setState({ kernels: withKernelEdit(s.kernels, e.detail.edit) }, `kernel:${e.detail.edit.layer}:${e.detail.edit.out}`)}
                @conv-reseed=${(e: CustomEvent<{ seed: number }>) => this.setState({ seed: e.detail.seed, kernels: [] })}
              ></conv-kernel-editor>
            </section>`,
          )}
        </div>
      </div>
    `;
  }

  private renderToolbar(v: ViewOptions) {
    const hide = [...v.hide].join(' ');
    const lock = [...v.lock].join(' ');
    return html`<div class="toolbar" role="toolbar" aria-label="Playground">
      <button @click=${this.undo} ?disabled=${!this.history.canUndo} title="Undo (Ctrl+Z)">
        Undo
      </button>
      <button @click=${this.redo} ?disabled=${!this.history.canRedo} title="Redo (Ctrl+Y)">
        Redo
      </button>
      <button @click=${() => this.renderRoot.querySelector('conv-share-dialog')?.open()}>
        Share / embed
      </button>
      <conv-share-dialog
        .state=${this.history.state}
        .code=${this.code}
        .hide=${hide}
        .lock=${lock}
      ></conv-share-dialog>
      <label
        >Theme
        <select
          @change=${(e: Event) => (this.theme = (e.target as HTMLSelectElement).value as ConvPlayground['theme'])}
        >
          ${(['auto', 'light', 'dark'] as const).map((t) => html`<option value=${t} ?selected=${this.theme === t}>${t === 'auto' ? 'System' : t[0].toUpperCase() + t.slice(1)}</option>`)}
        </select>
      </label>
      <span class="status engine-status" role="status">${this.status}</span>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'conv-playground': ConvPlayground;
  }
}
