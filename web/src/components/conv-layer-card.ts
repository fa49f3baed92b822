import { LitElement, html, nothing } from 'lit';
import type { ConvPlayErrorInfo, LayerInfo, LayerPlan, LayerSpec } from '../engine/types';
import { pythonLiteral } from '../render/python-literal';
import { windowOpOf } from '../engine/layer-catalogue';
import { formatCount, formatShape, formatSizes } from '../render/format';
import { emit } from '../events/emit';
import type { LayerAction } from '../events/event-map';
import { styles } from './conv-layer-card.styles';

/** What a card shows about its layer's result. */
export type CardStatus =
  | { state: 'ok'; plan: LayerPlan }
  | { state: 'error'; error: ConvPlayErrorInfo; fix?: { label: string; args: LayerSpec['args'] } }
  | { state: 'greyed' };

/**
 * One layer of the stack: every constructor parameter as a Python
 * expression field, the layer's output shape, parameters (with the
 * arithmetic), MACs and receptive field, or PyTorch's error and a hint.
 *
 * @fires conv-layer-edit - a parameter field changed (the playground parses it)
 * @fires conv-layer-action - move-up, move-down, duplicate, delete, fix
 * @slot - notes under the header (a module call's wiring, in class code)
 */
export class ConvLayerCard extends LitElement {
  static properties = {
    layer: { attribute: false },
    info: { attribute: false },
    index: { type: Number },
    count: { type: Number },
    status: { attribute: false },
    fieldError: { attribute: false },
    locked: { type: Boolean },
    label: { type: String },
    fixed: { type: Boolean },
    showAll: { state: true },
  };

  layer!: LayerSpec;
  info?: LayerInfo;
  index = 0;
  count = 1;
  status?: CardStatus;
  /** A parse error of the fields ('param' names the field at fault). */
  fieldError?: { param: string; message: string };
  /** Read-only (an author locked the stack). */
  locked = false;
  /** The heading, when not `nn.Kind` (a module call of class code: 'conv1 · Conv2d'). */
  label = '';
  /** No moving, duplicating or deleting (class code: the class says what is where). */
  fixed = false;
  private showAll = false;

  static styles = styles;

  /** Fields show the layer's arguments, except the one the learner is typing in. */
  protected updated(): void {
    const focused = this.shadowRoot?.activeElement;
    for (const input of this.renderRoot.querySelectorAll<HTMLInputElement>('input[data-param]')) {
      const name = input.dataset.param ?? '';
      const text = name in this.layer.args ? pythonLiteral(this.layer.args[name]) : '';
      if (input !== focused && input.value !== text) input.value = text;
    }
    this.toggleAttribute('greyed', this.status?.state === 'greyed');
    this.toggleAttribute('invalid', this.status?.state === 'error' || !!this.fieldError);
  }

  /** The text of every field as shown now. */
  private fieldTexts(): Record<string, string> {
    const texts: Record<string, string> = {};
    for (const input of this.renderRoot.querySelectorAll<HTMLInputElement>('input[data-param]')) {
      texts[input.dataset.param ?? ''] = input.value;
    }
    for (const p of this.info?.params ?? []) {
      if (!(p.name in texts))
        texts[p.name] = p.name in this.layer.args ? pythonLiteral(this.layer.args[p.name]) : '';
    }
    return texts;
  }

  private onField(param: string) {
    emit(this, 'conv-layer-edit', { index: this.index, fields: this.fieldTexts(), param });
  }

  private action(action: LayerAction) {
    emit(this, 'conv-layer-action', { index: this.index, action });
  }

  private onKeyDown(e: KeyboardEvent) {
    if (!e.altKey || this.locked || this.fixed) return;
    if (e.key === 'ArrowUp' && this.index > 0) this.action('move-up');
    else if (e.key === 'ArrowDown' && this.index < this.count - 1) this.action('move-down');
    else return;
    e.preventDefault();
  }

  render() {
    const info = this.info;
    const params = info?.params ?? [];
    const shown = params.filter((p) => this.showAll || p.required || p.name in this.layer.args);
    const hidden = params.length - shown.length;
    const name = `${this.index} ${this.label || this.layer.kind}`;
    const movable = !this.locked && !this.fixed;
    return html`<article
      aria-label=${this.fixed ? `Call ${name}` : `Layer ${name}`}
      @keydown=${this.onKeyDown}
    >
      <header>
        ${movable ? html`<span class="handle" aria-hidden="true" title="Drag to reorder">⠿</span>` : nothing}
        <h3>
          <span class="index">${this.fixed ? `#${this.index}` : this.index}</span>
          ${this.label || `nn.${this.layer.kind}`}
        </h3>
        <span class="actions">
          <button
            aria-label=${`Move layer ${name} up`}
            title="Move up (Alt+↑)"
            ?disabled=${this.index === 0}
            ?hidden=${!movable}
            @click=${() => this.action('move-up')}
          >
            ↑
          </button>
          <button
            aria-label=${`Move layer ${name} down`}
            title="Move down (Alt+↓)"
            ?disabled=${this.index >= this.count - 1}
            ?hidden=${!movable}
            @click=${() => this.action('move-down')}
          >
            ↓
          </button>
          <button
            aria-label=${`Duplicate layer ${name}`}
            title="Duplicate"
            ?hidden=${!movable}
            @click=${() => this.action('duplicate')}
          >
            Dup
          </button>
          ${
            windowOpOf(this.info) && this.status?.state === 'ok'
              ? html`<button
                  aria-label=${`Explore the window of layer ${name}`}
                  title="Step through the sliding window"
                  @click=${() => this.action('explore')}
                >
                  Explore
                </button>`
              : nothing
          }
          <button
            aria-label=${`Delete layer ${name}`}
            title="Delete"
            ?hidden=${!movable}
            @click=${() => this.action('delete')}
          >
            ✕
          </button>
        </span>
      </header>
      <slot></slot>
      ${
        params.length
          ? html`<div class="fields">
              ${shown.map((p) => {
                const bad = this.fieldError?.param === p.name;
                return html`<label
                  >${p.name}${p.required ? '' : ''}
                  <input
                    data-param=${p.name}
                    ?readonly=${this.locked}
                    spellcheck="false"
                    autocomplete="off"
                    aria-invalid=${bad ? 'true' : 'false'}
                    placeholder=${p.required ? 'required' : pythonLiteral(p.default ?? null)}
                    @input=${() => this.onField(p.name)}
                /></label>`;
              })}
            </div>`
          : nothing
      }
      ${
        hidden > 0 || this.showAll
          ? html`<button
              class="more"
              aria-expanded=${this.showAll ? 'true' : 'false'}
              @click=${() => (this.showAll = !this.showAll)}
            >
              ${this.showAll ? 'Fewer parameters' : `All parameters (${hidden} more at their defaults)`}
            </button>`
          : nothing
      }
      ${this.fieldError ? html`<div class="error" role="alert">${this.fieldError.message}</div>` : nothing}
      ${this.renderStatus()}
    </article>`;
  }

  private renderStatus() {
    const s = this.status;
    if (!s) return nothing;
    if (s.state === 'greyed') {
      return html`<div class="summary">
        <span>Not computed: an earlier layer is invalid.</span>
      </div>`;
    }
    if (s.state === 'error') {
      return html`<div class="error" role="alert">
        <strong>${s.error.kind}</strong>: <code>${s.error.message}</code>
        ${s.error.hint ? html`<div>Hint: ${s.error.hint}</div>` : nothing}
        ${s.fix ? html`<div><button class="primary" @click=${() => this.action('fix')}>${s.fix.label}</button></div>` : nothing}
      </div>`;
    }
    const l = s.plan;
    const rf = l.receptiveField;
    return html`<div class="summary">
      <span>Output <strong class="num">${formatShape(l.outputShape)}</strong></span>
      <span>Parameters <span class="num">${l.paramsFormula}</span></span>
      <span>MACs <span class="num">${formatCount(l.macs)}</span></span>
      ${
        rf.scope === 'local' && rf.size.length
          ? html`<span
              >Receptive field <span class="num">${formatSizes(rf.size)}</span> (jump
              ${formatSizes(rf.jump)})</span
            >`
          : rf.scope === 'whole-input'
            ? html`<span>Receptive field: whole input</span>`
            : nothing
      }
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'conv-layer-card': ConvLayerCard;
  }
}
