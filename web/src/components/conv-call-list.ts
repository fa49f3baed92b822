import { LitElement, html, nothing, svg } from 'lit';
import { LayerCatalogue } from '../engine/layer-catalogue';
import type { LayerPlan, LayerSpec, Plan } from '../engine/types';
import { emit } from '../events/emit';
import type { LayerActionDetail } from '../events/event-map';
import { formatCount, formatShape } from '../render/format';
import { callName, callTextAt, roleOf, sharedNote, sourceTextOf, wiringOf } from '../state/calls';
import { styles } from './conv-call-list.styles';

/** An edge of the graph drawn on the rail: from a call (or -1, the input) to a later call. */
interface Edge {
  from: number;
  to: number;
}

/**
 * Class code as forward() runs it: one card per call, in order. A module's
 * call is a layer card labelled with its name (`conv1 · Conv2d`) whose fields
 * edit the module's `__init__` arguments; a module called again says so and
 * shares its weights; functional calls and graph ops (`F.relu`, `x.view`,
 * `+`, `torch.cat`) are small cards with their call text. Branches and merges
 * are drawn on a rail at the left and said in words on each card.
 *
 * @fires conv-layer-edit - a module call's field changed (the playground rewrites its argument)
 * @fires conv-explore - Explore on a conv or pooling call
 * @fires conv-code-line - a card's "line N" link: show that line in the code
 */
export class ConvCallList extends LitElement {
  static properties = {
    plan: { attribute: false },
    code: { type: String },
    specs: { attribute: false },
    catalogue: { attribute: false },
    fieldErrors: { attribute: false },
    locked: { type: Boolean },
    edges: { state: true },
  };

  plan?: Plan;
  /** The class code, as written (for each call's own text). */
  code = '';
  /** Each call's layer as a spec (module calls; undefined for the others). */
  specs: (LayerSpec | undefined)[] = [];
  catalogue = new LayerCatalogue();
  fieldErrors = new Map<number, { param: string; message: string }>();
  /** Read-only: an author locked the layers. */
  locked = false;
  /** Rail geometry, measured after each render: [top, bottom] of each card. */
  private rows: [number, number][] = [];
  private edges: Edge[] = [];
  private readonly resize = new ResizeObserver(() => this.measure());

  static styles = styles;

  connectedCallback(): void {
    super.connectedCallback();
    this.resize.observe(this);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resize.disconnect();
  }

  protected updated(changed: Map<string, unknown>): void {
    if (!changed.has('edges')) this.measure();
  }

  /** Where each card is, for the rail (the wiring is also said in words on the cards). */
  private measure() {
    const items = [...this.renderRoot.querySelectorAll<HTMLElement>('ol > li[data-call]')];
    this.rows = items.map((li) => [li.offsetTop, li.offsetTop + li.offsetHeight]);
    const edges: Edge[] = [];
    for (const lp of this.plan?.layers ?? []) {
      for (const from of lp.inputs ?? []) edges.push({ from, to: lp.index });
    }
    this.edges = edges;
  }

  private onAction(e: CustomEvent<LayerActionDetail>) {
    e.stopPropagation();
    const { index, action } = e.detail;
    if (action === 'explore') emit(this, 'conv-explore', { layer: index });
  }

  private explore(i: number) {
    emit(this, 'conv-explore', { layer: i });
  }

  private showLine(line: number, column = 1) {
    emit(this, 'conv-code-line', { line, column });
  }

  render() {
    const plan = this.plan;
    if (!plan) return nothing;
    const error = plan.error;
    const failing = error && error.layer >= 0 ? error.layer : -1;
    return html`
      <p class="note" id="class-note">
        <strong>Class code</strong> (${plan.modelName ?? 'the model'}): one card per call of
        <code>forward()</code>, in the order it runs. A module's fields edit its
        <code>__init__</code> arguments in your code; to add, remove or reorder layers, edit the
        class code.
      </p>
      <div class="palette">
        <button disabled aria-describedby="class-note">Add layer</button>
        <span class="muted">Edit the class code to add layers.</span>
      </div>
      <div class="graph">
        ${this.renderRail()}
        <ol aria-label="Calls of forward(), in order" @conv-layer-action=${this.onAction}>
          ${plan.layers.map((lp) => html`<li data-call=${lp.index}>${this.renderCall(lp)}</li>`)}
          ${failing >= 0 && error ? html`<li data-call=${failing}>${this.renderFailing(failing)}</li>` : nothing}
        </ol>
      </div>
      ${
        failing >= 0
          ? html`<p class="muted">The calls after #${failing} are not planned: fix it first.</p>`
          : nothing
      }
    `;
  }

  /** Lines of the graph beside the cards: a chain is a straight line; a branch or merge arcs. */
  private renderRail() {
    const rows = this.rows;
    if (!rows.length) return nothing;
    const height = rows.at(-1)![1];
    const mid = (i: number) => (rows[i] ? (rows[i][0] + rows[i][1]) / 2 : 0);
    let lane = 0;
    const paths = this.edges.map(({ from, to }) => {
      if (!rows[to]) return nothing;
      if (from === to - 1) {
        return svg`<line class="chain" x1="20" x2="20" y1=${mid(from)} y2=${mid(to)}></line>`;
      }
      // A skip: out to its own lane on the left, down, and back in, with an arrowhead.
      const x = 12 - (lane++ % 3) * 4;
      const y0 = from < 0 ? 0 : mid(from);
      const y1 = mid(to);
      return svg`<path class="skip" d=${`M20 ${y0} H${x} V${y1 - 4} Q${x} ${y1} ${x + 4} ${y1} H17`}></path>
        <path class="arrow" d=${`M14 ${y1 - 3} L18 ${y1} L14 ${y1 + 3}`}></path>`;
    });
    const dots = rows.map(
      (_, i) =>
        svg`<circle class=${(this.plan?.layers[i]?.inputs?.length ?? 0) > 1 ? 'merge' : 'dot'} cx="20" cy=${mid(i)} r="4"></circle>`,
    );
    return html`<svg class="rail" aria-hidden="true" width="26" height=${height}>
      ${paths}${dots}
    </svg>`;
  }

  private where(lp: { line?: number; column?: number }) {
    return lp.line
      ? html`<button
          class="link"
          @click=${() => this.showLine(lp.line ?? 1, lp.column ?? 1)}
          aria-label=${`Show line ${lp.line} in the code`}
        >
          line ${lp.line}
        </button>`
      : nothing;
  }

  private notes(lp: LayerPlan) {
    const wiring = wiringOf(lp);
    const calls = this.plan?.modules?.find((m) => m.path === lp.module)?.calls ?? 1;
    const shared = sharedNote(this.plan!, lp.index);
    const later =
      roleOf(lp) === 'module' && calls > 1
        ? `called ${calls} times: one module, one set of weights`
        : '';
    return html`<div class="notes">
      ${wiring ? html`<span class=${lp.inputs.length > 1 ? 'wiring merge' : 'wiring'}>${wiring}</span>` : nothing}
      ${shared ? html`<span class="reuse">${shared}</span>` : nothing}
      ${later ? html`<span class="reuse">${later}</span>` : nothing} ${this.where(lp)}
    </div>`;
  }

  private renderCall(lp: LayerPlan) {
    const role = roleOf(lp);
    const spec = this.specs[lp.index];
    const info = spec && this.catalogue.info(spec.kind);
    if (role === 'module' && spec && info) {
      return html`<conv-layer-card
        fixed
        .label=${callName(this.code, lp)}
        .layer=${spec}
        .info=${info}
        .index=${lp.index}
        .count=${this.plan?.layers.length ?? 1}
        .status=${{ state: 'ok', plan: lp }}
        .fieldError=${this.fieldErrors.get(lp.index)}
        .locked=${this.locked}
        >${this.notes(lp)}</conv-layer-card
      >`;
    }
    const text = sourceTextOf(this.code, lp);
    const name = callName(this.code, lp);
    const windowed = role === 'shared' && !!this.catalogue.windowOp(lp.kind);
    const merge = lp.inputs.length > 1;
    return html`<article
      class=${`call ${role}${merge ? ' merge' : ''}`}
      aria-label=${`Call #${lp.index} ${name}`}
    >
      <header>
        <h3><span class="index">#${lp.index}</span> ${name}</h3>
        ${
          windowed
            ? html`<button
                aria-label=${`Explore the window of call #${lp.index} ${name}`}
                title="Step through the sliding window"
                @click=${() => this.explore(lp.index)}
              >
                Explore
              </button>`
            : nothing
        }
      </header>
      ${text !== name ? html`<code class="text">${text}</code>` : nothing} ${this.notes(lp)}
      <div class="summary">
        <span>Output <strong class="num">${formatShape(lp.outputShape)}</strong></span>
        ${lp.macs ? html`<span>MACs <span class="num">${formatCount(lp.macs)}</span></span>` : nothing}
      </div>
    </article>`;
  }

  private renderFailing(i: number) {
    const e = this.plan!.error!;
    const text = e.line && e.column ? callTextAt(this.code, e.line, e.column) : '';
    return html`<article class="call invalid" aria-label=${`Call #${i}: ${e.kind}`}>
      <header>
        <h3><span class="index">#${i}</span> ${text || 'this call'}</h3>
      </header>
      <div class="error" role="alert">
        <strong>${e.kind}</strong>${e.line ? ` at line ${e.line}` : ''}: <code>${e.message}</code>
        ${e.hint ? html`<div>Hint: ${e.hint}</div>` : nothing}
      </div>
      <div class="notes">${this.where(e)}</div>
    </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'conv-call-list': ConvCallList;
  }
}
