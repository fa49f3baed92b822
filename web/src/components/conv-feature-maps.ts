import { LitElement, css, html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { cssGradient, paintPlane, rangeOf, type ValueRange } from '../render/colormap';
import { formatShape } from '../render/format';
import { mapsOf, type MapGrid } from '../render/map-layout';
import { controls } from './theme';

/** One tensor to show: the input or a layer's output. */
export interface MapTensor {
  label: string;
  shape: number[];
  data: Float32Array;
}

const MAX_CHANNELS = 64;

/**
 * Every layer's output channels as small canvases, coloured by one colormap
 * per layer (viridis, or red-blue when the layer has negative values) with a
 * legend; hover or focus a pixel (arrow keys; [ and ] change channel) to read
 * its value and coordinates.
 *
 * @cssprop --conv-map-size - display size of the longest side of a map (default 96px)
 */
export class ConvFeatureMaps extends LitElement {
  static properties = {
    tensors: { attribute: false },
    batched: { type: Boolean },
    readout: { state: true },
  };

  tensors: MapTensor[] = [];
  /** Whether shapes start with a batch dimension (item 0 is shown). */
  batched = true;
  private readout = 'Hover over or focus a map to read its values.';
  private cursor = new Map<number, { c: number; y: number; x: number }>();
  private grids: (MapGrid | undefined)[] = [];
  private ranges: ValueRange[] = [];

  static styles = [
    controls,
    css`
      :host {
        display: block;
        --conv-map-size: 96px;
      }
      .readout {
        position: sticky;
        top: 0;
        z-index: 1;
        background: var(--conv-bg);
        padding: 0.25rem 0;
        font-size: 0.85rem;
        min-height: 1.3rem;
      }
      section {
        margin: 0.4rem 0 0.8rem;
      }
      h3 {
        font-size: 0.9rem;
        margin: 0 0 0.25rem;
        font-weight: 600;
      }
      h3 .meta {
        font-weight: normal;
        color: var(--conv-muted);
      }
      .legend {
        display: flex;
        align-items: center;
        gap: 0.4rem;
        font-size: 0.75rem;
        margin-bottom: 0.3rem;
      }
      .bar {
        width: 8rem;
        height: 0.6rem;
        border: 1px solid var(--conv-border);
      }
      .grid {
        display: flex;
        flex-wrap: wrap;
        gap: 4px;
      }
      figure {
        margin: 0;
        position: relative;
        line-height: 0;
      }
      canvas {
        border: 1px solid var(--conv-border);
        image-rendering: pixelated;
        touch-action: none;
      }
      figcaption {
        line-height: 1;
        font-size: 0.65rem;
        color: var(--conv-muted);
        margin-top: 2px;
      }
      .cursor {
        position: absolute;
        pointer-events: none;
        outline: 2px solid #ff00c8;
      }
      .values {
        display: flex;
        flex-wrap: wrap;
        gap: 2px;
        font-size: 0.75rem;
      }
      .values span {
        padding: 0.1rem 0.3rem;
        border-radius: 3px;
        min-width: 3rem;
        text-align: right;
      }
    `,
  ];

  protected willUpdate(): void {
    this.grids = this.tensors.map((t) => mapsOf(t.shape, this.batched));
    this.ranges = this.tensors.map((t, i) => {
      const g = this.grids[i];
      return g ? rangeOf(t.data, 0, g.itemSize) : rangeOf(t.data);
    });
  }

  protected updated(): void {
    this.paint();
  }

  /** Paints every canvas from the current tensors. */
  private paint() {
    const sections = this.renderRoot.querySelectorAll<HTMLElement>('section[data-index]');
    for (const section of sections) {
      const i = Number(section.dataset.index);
      const t = this.tensors[i];
      const g = this.grids[i];
      if (!t || !g || g.kind === 'values') continue;
      const canvases = section.querySelectorAll('canvas');
      canvases.forEach((canvas, c) => {
        const ctx = canvas.getContext('2d');
        if (!ctx) return;
        const image = ctx.createImageData(g.width, g.height);
        const offset = c * g.planeSize;
        const n = Math.min(g.width * g.height, g.planeSize);
        if (n < g.width * g.height) {
          const plane = new Float32Array(g.width * g.height).fill(Number.NaN);
          plane.set(t.data.subarray(offset, offset + n));
          paintPlane(plane, 0, g.width, g.height, this.ranges[i], image.data);
        } else {
          paintPlane(t.data, offset, g.width, g.height, this.ranges[i], image.data);
        }
        ctx.putImageData(image, 0, 0);
      });
    }
  }

  private describe(i: number, c: number, y: number, x: number): string {
    const t = this.tensors[i];
    const g = this.grids[i];
    if (!t || !g) return '';
    const flat = y * g.width + x;
    if (flat >= g.planeSize) return `${t.label}: outside the map`;
    const v = t.data[c * g.planeSize + flat];
    const where =
      g.kind === 'wrapped'
        ? `feature ${flat}`
        : g.kind === 'rows'
          ? `channel ${c}, position ${x}`
          : `channel ${c}, row ${y}, column ${x}`;
    return `${t.label}: ${where} = ${formatValue(v)}`;
  }

  private point(i: number, c: number, e: PointerEvent) {
    const g = this.grids[i];
    if (!g) return;
    const canvas = e.currentTarget as HTMLCanvasElement;
    const r = canvas.getBoundingClientRect();
    const x = Math.min(
      g.width - 1,
      Math.max(0, Math.floor(((e.clientX - r.left) / r.width) * g.width)),
    );
    const y = Math.min(
      g.height - 1,
      Math.max(0, Math.floor(((e.clientY - r.top) / r.height) * g.height)),
    );
    this.cursor.set(i, { c, y, x });
    this.readout = this.describe(i, c, y, x);
  }

  private key(i: number, e: KeyboardEvent) {
    const g = this.grids[i];
    if (!g) return;
    const cur = this.cursor.get(i) ?? { c: 0, y: 0, x: 0 };
    let { c, y, x } = cur;
    const shown = Math.min(g.channels, MAX_CHANNELS);
    switch (e.key) {
      case 'ArrowLeft':
        x = Math.max(0, x - 1);
        break;
      case 'ArrowRight':
        x = Math.min(g.width - 1, x + 1);
        break;
      case 'ArrowUp':
        y = Math.max(0, y - 1);
        break;
      case 'ArrowDown':
        y = Math.min(g.height - 1, y + 1);
        break;
      case ']':
        c = Math.min(shown - 1, c + 1);
        break;
      case '[':
        c = Math.max(0, c - 1);
        break;
      default:
        return;
    }
    e.preventDefault();
    this.cursor.set(i, { c, y, x });
    this.readout = this.describe(i, c, y, x);
    if (c !== cur.c) {
      this.updateComplete.then(() =>
        this.renderRoot
          .querySelector<HTMLCanvasElement>(`section[data-index="${i}"] canvas[data-c="${c}"]`)
          ?.focus(),
      );
    }
  }

  render() {
    return html`<p class="readout" aria-live="polite">${this.readout}</p>
      ${repeat(
        this.tensors,
        (t) => t.label,
        (t, i) => this.renderTensor(t, i),
      )}`;
  }

  private renderTensor(t: MapTensor, i: number) {
    const g = this.grids[i];
    const range = this.ranges[i];
    if (!g || !range) return nothing;
    const shown = Math.min(g.channels, MAX_CHANNELS);
    const cursor = this.cursor.get(i);
    const scale = Math.max(1, Math.floor(96 / Math.max(g.width, g.height)));
    const w = g.kind === 'rows' ? Math.max(g.width * scale, 96) : g.width * scale;
    const h = g.kind === 'rows' ? 10 : g.height * scale;
    return html`<section data-index=${i} aria-label=${t.label}>
      <h3>
        ${t.label}
        <span class="meta"
          >${formatShape(t.shape)}${g.note ? ` · ${g.note}` : ''}${g.channels > shown ? ` · first ${shown} of ${g.channels} channels` : ''}</span
        >
      </h3>
      <div class="legend">
        <span class="num">${formatValue(range.lo)}</span>
        <span class="bar" style="background: ${cssGradient(range.kind)}"></span>
        <span class="num">${formatValue(range.hi)}</span>
        <span
          >(${range.kind === 'diverging' ? 'signed' : 'non-negative'}; min
          ${formatValue(range.min)}, max
          ${formatValue(range.max)}${range.nonFinite ? ', has NaN/inf' : ''})</span
        >
      </div>
      ${
        g.kind === 'values'
          ? this.renderValues(t, range)
          : html`<div class="grid">
              ${Array.from({ length: shown }, (_, c) => {
                const active = (cursor?.c ?? 0) === c;
                return html`<figure>
                  <canvas
                    data-c=${c}
                    width=${g.width}
                    height=${g.height}
                    style="width:${w}px;height:${h}px"
                    tabindex=${active ? 0 : -1}
                    role="img"
                    aria-label=${`${t.label}, ${g.kind === 'wrapped' ? 'all features' : `channel ${c}`}. Arrow keys read values${shown > 1 ? '; [ and ] change channel' : ''}.`}
                    @pointermove=${(e: PointerEvent) => this.point(i, c, e)}
                    @pointerdown=${(e: PointerEvent) => this.point(i, c, e)}
                    @focus=${() => {
                      const p = cursor ?? { c, y: 0, x: 0 };
                      this.cursor.set(i, { ...p, c });
                      this.readout = this.describe(i, c, p.y, p.x);
                      this.requestUpdate();
                    }}
                    @keydown=${(e: KeyboardEvent) => this.key(i, e)}
                  ></canvas>
                  ${
                    cursor && cursor.c === c
                      ? html`<div
                          class="cursor"
                          style="left:${(cursor.x / g.width) * w}px;top:${(cursor.y / g.height) * h}px;width:${Math.max(2, w / g.width)}px;height:${Math.max(2, h / g.height)}px"
                        ></div>`
                      : nothing
                  }
                  ${g.kind === 'planes' ? html`<figcaption>${c}</figcaption>` : nothing}
                </figure>`;
              })}
            </div>`
      }
    </section>`;
  }

  private renderValues(t: MapTensor, range: ValueRange) {
    const n = Math.min(t.data.length, 64);
    const px = new Uint8ClampedArray(4);
    return html`<div class="values" role="list">
      ${Array.from({ length: n }, (_, k) => {
        paintPlane(t.data, k, 1, 1, range, px);
        const light = blackTextReadable(px[0], px[1], px[2]);
        return html`<span
          role="listitem"
          class="num"
          style="background: rgb(${px[0]}, ${px[1]}, ${px[2]}); color: ${light ? '#000' : '#fff'}"
          title=${`index ${k}`}
          >${formatValue(t.data[k])}</span
        >`;
      })}
    </div>`;
  }
}

/** WCAG: whether black text contrasts better than white on this colour. */
function blackTextReadable(r: number, g: number, b: number): boolean {
  const lin = (v: number) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05);
}

/** Four significant digits, plain notation where it reads well. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'inf' : '-inf';
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e5 ? String(Number(v.toPrecision(4))) : v.toExponential(2);
}

declare global {
  interface HTMLElementTagNameMap {
    'conv-feature-maps': ConvFeatureMaps;
  }
}
