import { LitElement, html, nothing } from 'lit';
import { LayerCatalogue } from '../engine/layer-catalogue';
import type { LayerFamily, LayerInfo, LayerSpec, Plan } from '../engine/types';
import type { CardStatus } from './conv-layer-card';
import { emit } from '../events/emit';
import type { LayerActionDetail } from '../events/event-map';
import { moveMap, newLayer } from '../state/edits';
import { styles } from './conv-layer-stack.styles';

const FAMILY_LABELS: Record<LayerFamily, string> = {
  conv: 'Convolution',
  'conv-transpose': 'Transposed convolution',
  'max-pool': 'Max pooling',
  'avg-pool': 'Average pooling',
  'adaptive-avg-pool': 'Adaptive average pooling',
  'adaptive-max-pool': 'Adaptive max pooling',
  activation: 'Activation',
  softmax: 'Softmax',
  'batch-norm': 'Normalisation',
  dropout: 'Dropout',
  flatten: 'Reshape',
  unflatten: 'Reshape',
  linear: 'Linear',
  pad: 'Padding',
  upsample: 'Upsampling',
  prelu: 'Activation',
  'pixel-shuffle': 'Pixel shuffle',
  'instance-norm': 'Normalisation',
};

/**
 * The layer stack: a palette to add any layer, and one card per layer with
 * move (buttons, Alt+arrow keys, drag and drop), duplicate and delete.
 *
 * @fires conv-stack-change - the learner changed the stack
 * @fires conv-explore - a card's Explore button: open the window explorer on its layer
 */
export class ConvLayerStack extends LitElement {
  static properties = {
    layers: { attribute: false },
    catalogue: { attribute: false },
    plan: { attribute: false },
    inputShape: { attribute: false },
    fieldErrors: { attribute: false },
    locked: { type: Boolean },
    selectedKind: { state: true },
  };

  layers: LayerSpec[] = [];
  /** The layer kinds the palette offers (the engine's). */
  catalogue = new LayerCatalogue();
  plan?: Plan;
  inputShape: number[] = [];
  fieldErrors = new Map<number, { param: string; message: string }>();
  /** Read-only: no palette, no moving, no editing (an author locked the stack). */
  locked = false;
  private selectedKind = 'Conv2d';
  private dragFrom = -1;

  static styles = styles;

  private change(layers: LayerSpec[], map: number[], key = '') {
    emit(this, 'conv-stack-change', { layers, map, key });
  }

  private statusOf(i: number): CardStatus | undefined {
    const plan = this.plan;
    if (!plan) return undefined;
    const error = plan.error;
    if (error && error.layer >= 0) {
      if (i > error.layer) return { state: 'greyed' };
      if (i === error.layer) return { state: 'error', error, fix: this.fixOf(i) };
    }
    const lp = plan.layers[i];
    return lp ? { state: 'ok', plan: lp } : undefined;
  }

  /** The one-click fix for a Linear whose in_features does not match. */
  private fixOf(i: number) {
    const layer = this.layers[i];
    if (layer?.kind !== 'Linear') return undefined;
    const before = i > 0 ? this.plan?.layers[i - 1]?.outputShape : this.inputShape;
    const features = before?.at(-1);
    if (features === undefined || features === layer.args.in_features) return undefined;
    return {
      label: `Set in_features to ${features}`,
      args: { ...layer.args, in_features: features },
    };
  }

  private onAction(e: CustomEvent<LayerActionDetail>) {
    const { index, action } = e.detail;
    const n = this.layers.length;
    const identity = Array.from({ length: n }, (_, i) => i);
    if (action === 'move-up' || action === 'move-down') {
      const to = action === 'move-up' ? index - 1 : index + 1;
      this.move(index, to);
      this.updateComplete.then(() => this.focusCard(to));
    } else if (action === 'duplicate') {
      const layers = [...this.layers];
      layers.splice(index + 1, 0, structuredClone(this.layers[index]));
      this.change(
        layers,
        identity.map((i) => (i > index ? i + 1 : i)),
      );
    } else if (action === 'delete') {
      this.change(
        this.layers.filter((_, i) => i !== index),
        identity.map((i) => (i === index ? -1 : i > index ? i - 1 : i)),
      );
      this.updateComplete.then(() => this.focusCard(Math.min(index, n - 2)));
    } else if (action === 'explore') {
      emit(this, 'conv-explore', { layer: index });
    } else if (action === 'fix') {
      const fix = this.fixOf(index);
      if (!fix) return;
      const layers = [...this.layers];
      layers[index] = { kind: layers[index].kind, args: fix.args };
      this.change(layers, identity);
    }
  }

  private move(from: number, to: number) {
    if (from === to || to < 0 || to >= this.layers.length) return;
    const layers = [...this.layers];
    const [moved] = layers.splice(from, 1);
    layers.splice(to, 0, moved);
    this.change(layers, moveMap(this.layers.length, from, to));
  }

  private focusCard(i: number) {
    const cards = this.renderRoot.querySelectorAll('conv-layer-card');
    const card = cards[i];
    card?.updateComplete.then(() =>
      card.shadowRoot?.querySelector<HTMLElement>('article button:not([disabled])')?.focus(),
    );
  }

  private add() {
    const info = this.catalogue.info(this.selectedKind);
    if (!info) return;
    const last = this.plan?.ok ? this.plan.outputShape : this.plan?.layers.at(-1)?.outputShape;
    const before = this.layers.length ? last : this.inputShape;
    const n = this.layers.length;
    this.change(
      [...this.layers, newLayer(info, before)],
      Array.from({ length: n }, (_, i) => i),
    );
  }

  private dragStart(e: DragEvent, i: number) {
    // Selecting text in a parameter field must not drag the card.
    if (e.composedPath()[0] instanceof HTMLInputElement) {
      e.preventDefault();
      return;
    }
    this.dragFrom = i;
    e.dataTransfer?.setData('text/plain', String(i));
    if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move';
  }

  private dragOver(e: DragEvent) {
    if (this.dragFrom < 0) return;
    e.preventDefault();
    (e.currentTarget as HTMLElement).classList.add('drop-target');
  }

  private dragLeave(e: DragEvent) {
    (e.currentTarget as HTMLElement).classList.remove('drop-target');
  }

  private drop(e: DragEvent, to: number) {
    e.preventDefault();
    (e.currentTarget as HTMLElement).classList.remove('drop-target');
    const from = this.dragFrom;
    this.dragFrom = -1;
    if (from >= 0) this.move(from, to);
  }

  render() {
    const families = new Map<string, LayerInfo[]>();
    for (const info of this.catalogue.layers) {
      const label = FAMILY_LABELS[info.family];
      families.set(label, [...(families.get(label) ?? []), info]);
    }
    return html`
      ${
        this.locked
          ? nothing
          : html`<div class="palette">
              <label for="palette">Add layer</label>
              <select
                id="palette"
                .value=${this.selectedKind}
                @change=${(e: Event) => (this.selectedKind = (e.target as HTMLSelectElement).value)}
              >
                ${[...families].map(
                  ([label, infos]) =>
                    html`<optgroup label=${label}>
                      ${infos.map((i) => html`<option value=${i.kind} ?selected=${i.kind === this.selectedKind}>nn.${i.kind}</option>`)}
                    </optgroup>`,
                )}
              </select>
              <button class="primary" @click=${this.add}>Add</button>
            </div>`
      }
      <ol aria-label="Layers" @conv-layer-action=${this.onAction}>
        ${this.layers.map(
          (layer, i) =>
            html`<li
              draggable=${this.locked ? 'false' : 'true'}
              @dragstart=${(e: DragEvent) => this.dragStart(e, i)}
              @dragover=${this.dragOver}
              @dragleave=${this.dragLeave}
              @drop=${(e: DragEvent) => this.drop(e, i)}
            >
              <conv-layer-card
                .layer=${layer}
                .info=${this.catalogue.info(layer.kind)}
                .index=${i}
                .count=${this.layers.length}
                .status=${this.statusOf(i)}
                .fieldError=${this.fieldErrors.get(i)}
                .locked=${this.locked}
              ></conv-layer-card>
            </li>`,
        )}
      </ol>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'conv-layer-stack': ConvLayerStack;
  }
}
