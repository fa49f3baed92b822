import { LitElement, html, nothing } from 'lit';
import { LayerCatalogue } from '../engine/layer-catalogue';
import type { ConvPlayErrorInfo, LayerSpec, Plan, WorkerEngine } from '../engine/types';
import { callName, inputSuggestion, isChain } from '../state/calls';
import { formatShape } from '../render/format';
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
    specs: { state: true },
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
  /** Class code: each call's layer as a spec (module calls), in forward order. */
  private specs: (LayerSpec | undefined)[] = [];
  /** Specs of layer code already parsed ('nn.Conv2d(3, 6, kernel_size=5)' → spec). */
  private readonly specCache = new Map<string, LayerSpec>();
  private batchedMaps = true;
  /** The window explorer and the receptive-field outline. */
  private readonly exploring = new ExploreController(this, () => ({
    catalogue: this.catalogue,
    layers: this.history.state.classCode ? this.specs : this.history.state.layers,
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
    if (s.classCode) {
      // Class code stays exactly as the learner wrote it: plan it, never format it.
      const early = this.maps.loadEarly(engine, s);
      const plan = await engine.plan(s.classCode, s.inputShape);
      const specs = await this.specsOf(engine, plan);
      this.refresher.phase('plan', t0);
      this.plan = plan;
      this.specs = specs;
      this.code = s.classCode;
      this.urlHash.write({ model: s.classCode, ...s });
      await this.compute(early);
      return;
    }
    this.specs = [];
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
    const maps = await this.maps.run(engine, this.history.state, plan, early, (i) =>
      this.labelOf(i),
    );
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

  /** What a layer's (or a call's) maps and ribbon row are called. */
  private labelOf(i: number): string {
    const s = this.history.state;
    const lp = this.plan?.layers[i];
    if (s.classCode) return lp ? `#${i} ${callName(s.classCode, lp)}` : `#${i}`;
    return `${i} ${s.layers[i]?.kind ?? ''}`;
  }

  /** Each module call's layer as a spec, from its canonical code (parsed once, then cached). */
  private async specsOf(engine: WorkerEngine, plan: Plan): Promise<(LayerSpec | undefined)[]> {
    if (this.specCache.size > 500) this.specCache.clear();
    const wanted = [
      ...new Set(
        plan.layers
          .filter((l) => l.op === 'layer' && l.module !== '' && !this.specCache.has(l.code))
          .map((l) => l.code),
      ),
    ];
    const parsed = await Promise.all(wanted.map((code) => engine.parse(code)));
    parsed.forEach((p, k) => {
      if (p.ok && p.layers.length === 1) this.specCache.set(wanted[k], p.layers[0]);
    });
    return plan.layers.map((l) =>
      l.op === 'layer' && l.module !== '' ? this.specCache.get(l.code) : undefined,
    );
  }

  /** "Open in the playground" from a quiz: its stack and input become the playground's. */
  private readonly onQuizOpen = async (e: CustomEvent<QuizOpenDetail>) => {
    const parsed = await this.engine?.parse(e.detail.model);
    if (!parsed?.ok) return;
    this.setState({
      layers: parsed.layers,
      classCode: '',
      inputShape: e.detail.inputShape,
      kernels: [],
    });
    this.scrollIntoView({ block: 'start' });
  };

  // ---- edits from the child elements

  private onStackChange(e: CustomEvent<StackChange>) {
    const { layers, map, key } = e.detail;
    this.fieldErrors = new Map();
    this.codeError = undefined;
    this.setState(
      { layers, classCode: '', kernels: remapKernels(this.history.state.kernels, map) },
      key,
    );
  }

  private onLayerEdit(e: CustomEvent<LayerFieldEdit>) {
    this.refresher.track(this.layerEdit(e));
  }

  private async layerEdit(e: CustomEvent<LayerFieldEdit>) {
    if (this.history.state.classCode) return this.argumentEdit(e.detail);
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

  private setFieldError(index: number, error?: { param: string; message: string }) {
    const errors = new Map(this.fieldErrors);
    if (error) errors.set(index, error);
    else errors.delete(index);
    this.fieldErrors = errors;
  }

  /**
   * A field of a module call in class code: the value is checked as the
   * layer's argument, then written into the module's `__init__` call in place
   * (engine.editArgument); the rest of the code stays as written.
   */
  private async argumentEdit({ index, fields, param }: LayerFieldEdit) {
    const engine = this.engine;
    const code = this.history.state.classCode;
    const lp = this.plan?.layers[index];
    const spec = this.specs[index];
    if (!engine || !lp || !spec || !lp.module) return;
    const value = (fields[param] ?? '').trim();
    if (!value) {
      this.setFieldError(index, {
        param,
        message: `${param}: write a value (to leave an argument out, edit the class code)`,
      });
      return;
    }
    const { code: one, starts } = composeLayer(spec.kind, fields);
    const parsed = await engine.parse(one);
    if (!parsed.ok || parsed.layers.length !== 1) {
      const at = fieldAt(starts, parsed.error?.column ?? 0) ?? param;
      const message = parsed.error
        ? `${parsed.error.kind}: ${parsed.error.message}`
        : `${param}: write one Python value, e.g. 3, (3, 5) or 'same'`;
      this.setFieldError(index, { param: at, message });
      return;
    }
    try {
      const next = await engine.editArgument(code, { module: lp.module, param, value });
      this.setFieldError(index);
      if (this.history.state.classCode !== code) return; // a newer edit won
      this.codeError = undefined;
      this.setState({ classCode: next.code }, `field:${index}:${param}`);
    } catch (error) {
      const err = error as Error & { kind?: string };
      this.setFieldError(index, {
        param,
        message: err.kind ? `${err.kind}: ${err.message}` : err.message,
      });
    }
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
    if (parsed.classCode) {
      // Kept as typed; the plan says what it builds (and where it fails).
      this.setState({ classCode: e.detail.code, layers: [], kernels: [] }, 'code');
      return;
    }
    const old = this.history.state;
    const same = !old.classCode && old.layers.length === parsed.layers.length;
    const kernels = same ? old.kernels : [];
    this.setState({ layers: parsed.layers, classCode: '', kernels }, 'code');
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
              <h2 id="h-layers">${s.classCode ? 'Calls' : 'Layers'}</h2>
              ${this.renderSuggestion()}
              ${
                s.classCode
                  ? html`<conv-call-list
                      .plan=${this.plan}
                      .code=${s.classCode}
                      .specs=${this.specs}
                      .catalogue=${this.catalogue}
                      .fieldErrors=${this.fieldErrors}
                      .locked=${v.lock.has('layers')}
                      @conv-layer-edit=${this.onLayerEdit}
                      @conv-code-line=${this.onCodeLine}
                    ></conv-call-list>`
                  : html`<conv-layer-stack
                      .layers=${s.layers}
                      .catalogue=${this.catalogue}
                      .plan=${this.plan}
                      .inputShape=${s.inputShape}
                      .fieldErrors=${this.fieldErrors}
                      .locked=${v.lock.has('layers')}
                      @conv-stack-change=${this.onStackChange}
                      @conv-layer-edit=${this.onLayerEdit}
                    ></conv-layer-stack>`
              }
            </section>`,
          )}
          ${shown(
            'code',
            html`<section aria-labelledby="h-code">
              <h2 id="h-code">Code</h2>
              <conv-code-panel
                .code=${this.code}
                .error=${this.codeError ?? (s.classCode ? this.plan?.error : undefined)}
                .note=${s.classCode ? 'Class code: kept exactly as you write it.' : ''}
                .locked=${v.lock.has('code') || v.lock.has('layers')}
                @conv-code-change=${this.onCodeChange}
              ></conv-code-panel>
              <conv-export-panel
                .engine=${this.engine}
                .model=${s.classCode || s.layers}
                .inputShape=${s.inputShape}
                .chain=${!this.plan || isChain(this.plan)}
                .sequential=${s.classCode ? '' : this.code}
                .valid=${!!this.plan?.ok}
              ></conv-export-panel>
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
                .labels=${s.classCode ? (this.plan?.layers ?? []).map((_, i) => this.labelOf(i)) : []}
                .inputShape=${s.inputShape}
              ></conv-shape-ribbon>
              ${(this.plan?.warnings ?? []).map((w) => html`<div class="warning">${s.classCode ? `Call #${w.layer}` : `Layer ${w.layer}`}: ${w.message}</div>`)}
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
                      ${
                        s.classCode
                          ? `Window: call ${this.labelOf(this.exploring.source.layer)}`
                          : `Window: layer ${this.exploring.source.layer} nn.${this.exploring.source.spec.kind}`
                      }
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
              ${
                s.classCode
                  ? html`<p class="warning">
                      Kernel editing works on <code>nn.Sequential</code> stacks for now; the class's
                      weights are PyTorch's default initialisation with seed ${s.seed}.
                    </p>`
                  : nothing
              }
              ${
                s.classCode
                  ? nothing
                  : html` <conv-kernel-editor
                      .layers=${s.layers}
                      .catalogue=${this.catalogue}
                      .plans=${this.plan?.layers ?? []}
                      .weights=${this.weights}
                      .seed=${s.seed}
                      .locked=${v.lock.has('kernels')}
                      @conv-kernel-edit=${(e: CustomEvent<{ edit: KernelEdit }>) => this.setState({ kernels: withKernelEdit(s.kernels, e.detail.edit) }, `kernel:${e.detail.edit.layer}:${e.detail.edit.out}`)}
                      @conv-reseed=${(e: CustomEvent<{ seed: number }>) => this.setState({ seed: e.detail.seed, kernels: [] })}
                    ></conv-kernel-editor>`
              }
            </section>`,
          )}
        </div>
      </div>
    `;
  }

  /** "Use 1×3×32×32 (from your code)" when the code feeds itself a shape the input does not match. */
  private renderSuggestion() {
    const s = this.history.state;
    const shape = s.classCode ? inputSuggestion(this.plan, s.inputShape) : undefined;
    if (!shape || this.view.lock.has('input')) return nothing;
    const text = formatShape(shape);
    return html`<div class="suggest" role="status">
      Your code feeds the model a <span class="num">${text}</span> tensor; the input is
      <span class="num">${formatShape(s.inputShape)}</span>.
      <button class="primary" @click=${() => this.setState({ inputShape: shape }, 'shape')}>
        Use ${shape.join('×')} (from your code)
      </button>
    </div>`;
  }

  /** A call card's "line N": select that line in the code panel. */
  private readonly onCodeLine = (e: CustomEvent<{ line: number; column: number }>) => {
    this.renderRoot.querySelector('conv-code-panel')?.showLine(e.detail.line);
  };

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
