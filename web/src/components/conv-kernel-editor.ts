import { LitElement, html, nothing } from 'lit';
import { LayerCatalogue } from '../engine/layer-catalogue';
import type { LayerPlan, LayerSpec } from '../engine/types';
import { PRESET_NAMES, kernelGeometry, presetWeights } from '../render/kernel-presets';
import { emit } from '../events/emit';
import { styles } from './conv-kernel-editor.styles';

const MAX_SLICES = 16;

/**
 * Shows and edits the kernel of one output channel of a conv layer, as
 * numbers; presets (identity, blurs, sharpen, Sobel, emboss, outline,
 * Laplacian); new random weights from a seed.
 *
 * @fires conv-kernel-edit - the learner changed a kernel
 * @fires conv-reseed - the learner asked for new random weights
 */
export class ConvKernelEditor extends LitElement {
  static properties = {
    layers: { attribute: false },
    catalogue: { attribute: false },
    plans: { attribute: false },
    weights: { attribute: false },
    seed: { type: Number },
    layer: { type: Number },
    channel: { type: Number },
    locked: { type: Boolean },
  };

  layers: LayerSpec[] = [];
  /** The engine's layer kinds (which are convolutions, and their spatial rank). */
  catalogue = new LayerCatalogue();
  /** Layer plans (for the weight shapes). */
  plans: LayerPlan[] = [];
  /** Current weights of the model, by state_dict key. */
  weights: Record<string, Float32Array> = {};
  seed = 0;
  /** The conv layer shown (index into the stack), -1 for the first. */
  layer = -1;
  channel = 0;
  /** Show the kernels without editing them (an author locked them). */
  locked = false;

  static styles = styles;

  private convLayers(): number[] {
    return this.layers.flatMap((l, i) =>
      this.catalogue.info(l.kind)?.family === 'conv' && this.plans[i] ? [i] : [],
    );
  }

  private current() {
    const convs = this.convLayers();
    const layer = convs.includes(this.layer) ? this.layer : (convs[0] ?? -1);
    const w = this.weights[`${layer}.weight`];
    const shape = this.weightShape(layer);
    if (layer < 0 || !w || !shape) return undefined;
    const g = kernelGeometry(shape);
    const channel = Math.min(Math.max(0, this.channel), g.out - 1);
    const values = Array.from(w.subarray(channel * g.perOut, (channel + 1) * g.perOut));
    const bias = this.weights[`${layer}.bias`]?.[channel];
    return { layer, channel, g, shape, values, bias };
  }

  private weightShape(layer: number): number[] | undefined {
    const spec = this.layers[layer];
    const plan = this.plans[layer];
    if (!spec || !plan) return undefined;
    const out = Number(spec.args.out_channels);
    const groups = Number(spec.args.groups ?? 1);
    const inCh = Number(spec.args.in_channels);
    const w = this.weights[`${layer}.weight`];
    if (!w || !out || !groups) return undefined;
    const k = w.length / (out * (inCh / groups));
    const dims = this.catalogue.spatialDims(spec.kind);
    const ks = spec.args.kernel_size;
    const sizes = Array.isArray(ks) ? ks.map(Number) : Array(dims).fill(Number(ks));
    if (sizes.reduce((a: number, b: number) => a * b, 1) !== k) return undefined;
    return [out, inCh / groups, ...sizes];
  }

  private send(layer: number, channel: number, weights: number[], bias: number) {
    emit(this, 'conv-kernel-edit', { edit: { layer, out: channel, weights, bias } });
  }

  render() {
    const convs = this.convLayers();
    const cur = this.current();
    return html`
      <div class="row">
        <label for="layer">Conv layer</label>
        <select
          id="layer"
          ?disabled=${!convs.length}
          @change=${(e: Event) => ((this.layer = Number((e.target as HTMLSelectElement).value)), (this.channel = 0))}
        >
          ${convs.map((i) => html`<option value=${i} ?selected=${cur?.layer === i}>${i}: ${this.plans[i]?.code ?? this.layers[i].kind}</option>`)}
        </select>
        ${
          cur
            ? html`<label for="channel">Output channel</label>
                <input
                  id="channel"
                  type="number"
                  min="0"
                  max=${cur.g.out - 1}
                  .value=${String(cur.channel)}
                  @input=${(e: Event) => {
                    const v = Number((e.target as HTMLInputElement).value);
                    if (Number.isInteger(v)) this.channel = v;
                  }}
                />
                <small>of ${cur.g.out}</small>`
            : nothing
        }
      </div>
      ${convs.length === 0 ? html`<p>No valid conv layer to edit: add an nn.Conv2d.</p>` : nothing}
      <fieldset ?disabled=${this.locked}>
        <legend class="sr-only">Edit the kernel</legend>
        ${cur ? this.renderKernel(cur) : nothing}
        <div class="row seed">
          <label for="seed">Seed</label>
          <input
            id="seed"
            type="number"
            min="0"
            .value=${String(this.seed)}
            @change=${(e: Event) => {
              const v = Number((e.target as HTMLInputElement).value);
              if (Number.isSafeInteger(v) && v >= 0 && v < 2 ** 32)
                emit(this, 'conv-reseed', { seed: v });
            }}
          />
          <button
            @click=${() => emit(this, 'conv-reseed', { seed: Math.floor(Math.random() * 2 ** 31) })}
          >
            Re-randomise all weights
          </button>
          <small>PyTorch's default initialisation, from this seed; clears kernel edits.</small>
        </div>
      </fieldset>
    `;
  }

  private renderKernel(cur: NonNullable<ReturnType<ConvKernelEditor['current']>>) {
    const { g, layer, channel, values, bias, shape } = cur;
    const slices = Math.min(g.inPerGroup * g.kd, MAX_SLICES);
    const plane = g.kh * g.kw;
    const set = (k: number, v: number) => {
      const next = [...values];
      next[k] = v;
      this.send(layer, channel, next, bias ?? 0);
    };
    return html`
      <div class="row presets" role="group" aria-label="Kernel presets">
        ${PRESET_NAMES.map((name) => html`<button @click=${() => this.send(layer, channel, presetWeights(name, shape), 0)}>${name}</button>`)}
      </div>
      <div class="slices">
        ${Array.from({ length: slices }, (_, s) => {
          const inCh = Math.floor(s / g.kd);
          const d = s % g.kd;
          return html`<table>
            <caption>
              input channel ${inCh}${g.kd > 1 ? `, depth ${d}` : ''}
            </caption>
            ${Array.from(
              { length: g.kh },
              (_, y) =>
                html`<tr>
                  ${Array.from({ length: g.kw }, (_, x) => {
                    const k = s * plane + y * g.kw + x;
                    return html`<td>
                      <input
                        type="number"
                        step="0.1"
                        aria-label=${`Weight: input channel ${inCh}${g.kd > 1 ? ` depth ${d}` : ''}, row ${y}, column ${x}`}
                        .value=${String(Number(values[k].toPrecision(4)))}
                        @change=${(e: Event) => {
                          const v = Number((e.target as HTMLInputElement).value);
                          if (Number.isFinite(v)) set(k, v);
                        }}
                      />
                    </td>`;
                  })}
                </tr>`,
            )}
          </table>`;
        })}
      </div>
      ${g.inPerGroup * g.kd > slices ? html`<small>Showing ${slices} of ${g.inPerGroup * g.kd} kernel slices.</small>` : nothing}
      ${
        bias !== undefined
          ? html`<div class="row">
              <label for="bias">Bias</label>
              <input
                id="bias"
                type="number"
                step="0.1"
                .value=${String(Number(bias.toPrecision(4)))}
                @change=${(e: Event) => {
                  const v = Number((e.target as HTMLInputElement).value);
                  if (Number.isFinite(v)) this.send(layer, channel, values, v);
                }}
              />
            </div>`
          : nothing
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'conv-kernel-editor': ConvKernelEditor;
  }
}
