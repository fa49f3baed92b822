import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { windowOpOf } from '../engine/layer-catalogue';
import type { Explanation, LayerInfo, LayerPlan, LayerSpec } from '../engine/types';
import { emit } from '../events/emit';
import { geometryOf, sizeFormula, type DimGeometry } from '../render/window-math';
import { announcement, arithmetic, num } from '../explorer/window-arithmetic';
import { inputGrids, outputGrid, sizes3, type Cell } from '../explorer/window-grids';
import { paintPlane, rangeOf } from '../render/colormap';
import { formatList, formatSizes } from '../render/format';
import { styles } from './conv-window-view.styles';

/** What the view shows: one layer with its input, output and an explain function. */
export interface WindowSource {
  layer: number;
  spec: LayerSpec;
  /** The engine's catalogue entry of the layer's kind (its family and spatial rank). */
  info: LayerInfo;
  plan: LayerPlan;
  /** The layer's input and output values (batch item 0 is shown). */
  input: Float32Array;
  output: Float32Array;
  explain(index: number[]): Promise<Explanation>;
}

const SPEEDS = [0.5, 1, 2, 4];

/**
 * The sliding window of one layer, step by step, with real numbers: the
 * (padded) input, the kernel and the output as grids; every product, the sum
 * per channel, the bias (or the divisor, or the winner) for the current output
 * cell — the engine's reference arithmetic, equal to the forward pass. Play,
 * step, scrub, click or tap to pin, arrow keys to move.
 *
 * It shows what its `source` property gives it: the playground sets it for the
 * layer it explores; <conv-window-explorer> loads a model of its own.
 *
 * @slot layer-controls - controls shown under the layer's code (the standalone explorer's groups)
 * @fires conv-window-cell - the current output cell changed ({ layer, index })
 */
export class ConvWindowView extends LitElement {
  static properties = {
    source: { attribute: false },
    autoplay: { type: Boolean },
    rf: { attribute: false },
    cell: { state: true },
    explanation: { state: true },
    playing: { state: true },
    speed: { state: true },
    message: { state: true },
  };

  source?: WindowSource;
  /** Start playing when shown (not with prefers-reduced-motion). */
  autoplay = false;
  /** The receptive field of the layer in the stack's input, when inside a stack. */
  rf?: LayerPlan['receptiveField'];
  private cell: Cell = { c: 0, z: 0, y: 0, x: 0 };
  private explanation?: Explanation;
  private playing = false;
  private speed = 1;
  private message = '';
  private timer = 0;
  private request = 0;

  static styles = styles;

  private get dims(): number {
    return this.source?.info.spatialDims ?? 0;
  }

  private get outSizes() {
    return this.source ? sizes3(this.source.plan.outputShape, this.dims) : [1, 1, 1];
  }

  private get channels(): number {
    const s = this.source?.plan.outputShape ?? [];
    return s[s.length - 1 - this.dims] ?? 1;
  }

  private get batched(): boolean {
    const s = this.source?.plan.outputShape ?? [];
    return s.length === this.dims + 2;
  }

  connectedCallback(): void {
    super.connectedCallback();
    if (this.autoplay && !matchMedia('(prefers-reduced-motion: reduce)').matches)
      this.playing = true;
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stop();
  }

  /** Paints the pictures of large inputs (window-grids renders them empty). */
  protected updated(): void {
    const s = this.source;
    if (!s) return;
    const [D, H, W] = sizes3(s.plan.inputShape, this.dims);
    for (const canvas of this.renderRoot.querySelectorAll<HTMLCanvasElement>('canvas.thumb')) {
      const ctx = canvas.getContext('2d');
      if (!ctx) continue;
      const offset = (Number(canvas.dataset.ch) * D + Number(canvas.dataset.depth)) * H * W;
      const image = ctx.createImageData(W, H);
      paintPlane(s.input, offset, W, H, rangeOf(s.input, offset, offset + H * W), image.data);
      ctx.putImageData(image, 0, 0);
    }
  }

  protected willUpdate(changed: PropertyValues): void {
    if (changed.has('source')) {
      const o = this.outSizes;
      this.cell = {
        c: Math.min(this.cell.c, this.channels - 1),
        z: Math.min(this.cell.z, o[0] - 1),
        y: Math.min(this.cell.y, o[1] - 1),
        x: Math.min(this.cell.x, o[2] - 1),
      };
    }
    if (changed.has('source') || changed.has('cell')) void this.explainCell();
    if (changed.has('playing') || changed.has('speed')) this.restartTimer();
  }

  /** Moves to an output cell (channel, then the spatial index in the layer's own dims). */
  pin(channel: number, position: number[]) {
    const p = [0, 0, 0, ...position].slice(-3);
    this.playing = false;
    this.setCell({ c: channel, z: p[0], y: p[1], x: p[2] });
  }

  /** Moves the keyboard focus to the stepping panel. */
  focusPanel() {
    this.renderRoot.querySelector<HTMLElement>('.panel')?.focus();
  }

  /** Resolves when the current cell's explanation is shown. */
  async settled(): Promise<void> {
    while (this.pendingExplain) await this.pendingExplain;
    await this.updateComplete;
  }
  private pendingExplain?: Promise<void>;

  private setCell(cell: Cell) {
    const o = this.outSizes;
    const clamp = (v: number, n: number) => Math.max(0, Math.min(n - 1, v));
    this.cell = {
      c: clamp(cell.c, this.channels),
      z: clamp(cell.z, o[0]),
      y: clamp(cell.y, o[1]),
      x: clamp(cell.x, o[2]),
    };
  }

  private async explainCell() {
    const source = this.source;
    if (!source) return;
    const id = ++this.request;
    const c = this.cell;
    const spatial = [c.z, c.y, c.x].slice(3 - this.dims);
    const index = this.batched ? [0, c.c, ...spatial] : [c.c, ...spatial];
    const job = source.explain(index).then(
      (e) => {
        if (id === this.request) this.explanation = e;
      },
      (error) => {
        if (id === this.request) this.message = (error as Error).message;
      },
    );
    this.pendingExplain = job;
    await job;
    if (this.pendingExplain === job) this.pendingExplain = undefined;
    emit(this, 'conv-window-cell', { layer: source.layer, index });
  }

  // ---- stepping

  private get step(): number {
    const o = this.outSizes;
    return (this.cell.z * o[1] + this.cell.y) * o[2] + this.cell.x;
  }

  private get steps(): number {
    const o = this.outSizes;
    return o[0] * o[1] * o[2];
  }

  private goto(step: number) {
    const o = this.outSizes;
    const t = ((step % this.steps) + this.steps) % this.steps;
    this.setCell({
      c: this.cell.c,
      z: Math.floor(t / (o[1] * o[2])),
      y: Math.floor(t / o[2]) % o[1],
      x: t % o[2],
    });
  }

  private stop() {
    clearInterval(this.timer);
    this.timer = 0;
  }

  private restartTimer() {
    this.stop();
    if (this.playing)
      this.timer = window.setInterval(() => this.goto(this.step + 1), 1000 / this.speed);
  }

  private onKey(e: KeyboardEvent) {
    const c = this.cell;
    const moves: Record<string, Partial<Cell>> = {
      ArrowLeft: { x: c.x - 1 },
      ArrowRight: { x: c.x + 1 },
      ArrowUp: { y: c.y - 1 },
      ArrowDown: { y: c.y + 1 },
      '[': { c: c.c - 1 },
      ']': { c: c.c + 1 },
    };
    if (e.key in moves) {
      this.playing = false;
      this.setCell({ ...c, ...moves[e.key] });
    } else if (e.key === ' ') {
      this.playing = !this.playing;
    } else if (e.key === 'Home') {
      this.goto(0);
    } else if (e.key === 'End') {
      this.goto(this.steps - 1);
    } else {
      return;
    }
    e.preventDefault();
  }

  // ---- rendering

  render() {
    const s = this.source;
    if (!s) return html`<p>Loading…</p>`;
    const op = windowOpOf(s.info);
    if (!op) return html`<p>nn.${s.spec.kind} has no sliding window to explore.</p>`;
    const e = this.explanation;
    const geometry = geometryOf(s.spec, op, this.dims);
    const inSizes = sizes3(s.plan.inputShape, this.dims);
    const names = ['D', 'H', 'W'].slice(3 - this.dims);
    const ceil = s.spec.args.ceil_mode === true;
    return html`
      <div
        class="panel"
        tabindex="0"
        aria-label=${`Window explorer for layer ${s.layer} ${s.spec.kind}. Arrow keys move the output cell, [ and ] change channel, Space plays or pauses.`}
        @keydown=${this.onKey}
      >
        <p>
          <code>${s.plan.code}</code> ·
          ${s.plan.params ? html`parameters ${s.plan.paramsFormula}` : 'no parameters'}
        </p>
        <slot name="layer-controls"></slot>
        <div class="formula">
          ${geometry.map((g, i) => html`<div class="mono">${sizeFormula(op, g, inSizes[3 - this.dims + i], this.outSizes[3 - this.dims + i], ceil, names[i])}</div>`)}
        </div>
        ${this.renderControls()}
        <div class="grids">
          ${e ? inputGrids({ e, op, spec: s.spec, dims: this.dims, inputShape: s.plan.inputShape, outSizes: this.outSizes, input: s.input, geometry }) : nothing}
          ${outputGrid({ output: s.output, outSizes: this.outSizes, cell: this.cell, dims: this.dims, pin: (c, p) => this.pin(c, p) })}
        </div>
        ${
          e
            ? html`<section aria-label="Arithmetic">
                ${arithmetic(e)}
                <p class="mono">
                  Forward pass output:
                  ${num(e.output)}${e.output === e.value ? ' (the same value)' : ` (SIMD rounding: ${num(e.output - e.value)})`}
                </p>
                ${this.renderOverhang(e, geometry)} ${this.renderRf(e)}
              </section>`
            : nothing
        }
        <p class="sr-only" aria-live="polite">${e ? announcement(e) : ''}</p>
        ${this.message ? html`<div class="error" role="alert">${this.message}</div>` : nothing}
      </div>
    `;
  }

  private renderControls() {
    const c = this.cell;
    return html`<div class="row" role="group" aria-label="Stepping">
      <button
        aria-label="Step back"
        @click=${() => ((this.playing = false), this.goto(this.step - 1))}
      >
        ◀
      </button>
      <button
        aria-pressed=${this.playing ? 'true' : 'false'}
        @click=${() => (this.playing = !this.playing)}
      >
        ${this.playing ? 'Pause' : 'Play'}
      </button>
      <button
        aria-label="Step forward"
        @click=${() => ((this.playing = false), this.goto(this.step + 1))}
      >
        ▶
      </button>
      <label
        >Step
        <input
          type="range"
          min="0"
          max=${this.steps - 1}
          .value=${String(this.step)}
          @input=${(ev: Event) => ((this.playing = false), this.goto(Number((ev.target as HTMLInputElement).value)))}
      /></label>
      <span class="num">${this.step + 1} / ${this.steps}</span>
      <label
        >Speed
        <select
          @change=${(ev: Event) => (this.speed = Number((ev.target as HTMLSelectElement).value))}
        >
          ${SPEEDS.map((v) => html`<option value=${v} ?selected=${v === this.speed}>${v}×</option>`)}
        </select></label
      >
      <label
        >Output channel
        <input
          type="number"
          min="0"
          max=${this.channels - 1}
          .value=${String(c.c)}
          @change=${(ev: Event) => this.setCell({ ...c, c: Number((ev.target as HTMLInputElement).value) || 0 })}
      /></label>
    </div>`;
  }

  /** ceil_mode: a window that hangs over the input's far edge, and why PyTorch keeps it. */
  private renderOverhang(e: Explanation, geometry: DimGeometry[]) {
    if (e.op !== 'max-pool' && e.op !== 'avg-pool') return nothing;
    const d = this.dims;
    const over = geometry.some((g, i) => {
      const k = 3 - d + i;
      return e.windowStart[k] + (g.kernel - 1) * g.dilation >= e.inSize[k] + g.padRight;
    });
    if (!over) return nothing;
    return html`<p>
      This window hangs over the input's far edge (<code>ceil_mode=True</code>): the cells past the
      padding are not part of the input and are ignored. PyTorch keeps such a last window because it
      starts inside the input or its left padding; one that would start in the right padding is
      dropped.
    </p>`;
  }

  private renderRf(e: Explanation) {
    const rf = this.rf;
    if (!rf || rf.scope !== 'local' || !rf.size.length) return nothing;
    const pos = e.out.slice(3 - rf.size.length);
    const spans = rf.size.map((size, i) => {
      const a = rf.start[i] + pos[i] * rf.jump[i];
      return `${a}…${a + size - 1}`;
    });
    return html`<p>
      Receptive field: this cell depends on
      ${rf.size.length === 2 ? `rows ${spans[0]}, columns ${spans[1]}` : `positions ${formatSizes(spans)}`}
      of the stack's input (size ${formatSizes(rf.size)}, jump ${formatSizes(rf.jump)}, start
      ${formatList(rf.start)}${rf.start.some((v) => v < 0) ? '; negative positions are padding' : ''}).
    </p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'conv-window-view': ConvWindowView;
  }
}
