import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import {
  NON_FINITE,
  cssGradient,
  nonFiniteColour,
  nonFiniteKind,
  paintPlane,
  rangeOf,
  type NonFiniteKind,
  type ValueRange,
} from '../render/colormap';
import { formatShape, formatValue } from '../render/format';
import {
  atlasOf,
  hitAtlas,
  mapsOf,
  tileOrigin,
  type Atlas,
  type MapGrid,
} from '../render/map-layout';
import { emit } from '../events/emit';
import { styles } from './conv-feature-maps.styles';

/** A rectangle on tensor `tensor`'s maps, in its own coordinates (may reach into padding). */
export interface MapRegion {
  tensor: number;
  y0: number;
  y1: number;
  x0: number;
  x1: number;
  label: string;
}

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
 * @fires conv-explore - a map's cell was picked (click or Enter): { layer, channel, position }
 * @cssprop --conv-map-size - display size of the longest side of a map (default 96px)
 */
export class ConvFeatureMaps extends LitElement {
  static properties = {
    tensors: { attribute: false },
    batched: { type: Boolean },
    region: { attribute: false },
    readout: { state: true },
  };

  tensors: MapTensor[] = [];
  /** Whether shapes start with a batch dimension (item 0 is shown). */
  batched = true;
  /** A region of one map to outline on every channel (a receptive field): rows y0–y1, columns x0–x1, inclusive. */
  region?: MapRegion;
  private readout = 'Hover over or focus a map to read its values.';
  private cursor = new Map<number, { c: number; y: number; x: number }>();
  private grids: (MapGrid | undefined)[] = [];
  private atlases: (Atlas | undefined)[] = [];
  private width = 0;
  private readonly resize = new ResizeObserver(() => {
    if (Math.abs(this.clientWidth - this.width) > 24) {
      this.width = this.clientWidth;
      this.requestUpdate();
    }
  });

  connectedCallback(): void {
    super.connectedCallback();
    this.resize.observe(this);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resize.disconnect();
  }
  private ranges: ValueRange[] = [];

  static styles = styles;

  /** The width the atlases were laid out for; a new one (or new tensors) means a repaint. */
  private laidOut = -1;
  private stale = false;

  protected willUpdate(changed: PropertyValues): void {
    const width = Math.max(160, (this.clientWidth || 640) - 8);
    // Hovering only moves the readout and the cursor: no new layout, no repaint.
    if (!changed.has('tensors') && !changed.has('batched') && width === this.laidOut) return;
    this.laidOut = width;
    this.stale = true;
    this.grids = this.tensors.map((t) => mapsOf(t.shape, this.batched));
    this.atlases = this.grids.map((g) =>
      g && g.kind !== 'values' ? atlasOf(g, Math.min(g.channels, MAX_CHANNELS), width) : undefined,
    );
    this.ranges = this.tensors.map((t, i) => {
      const g = this.grids[i];
      return g ? rangeOf(t.data, 0, g.itemSize) : rangeOf(t.data);
    });
  }

  protected updated(): void {
    if (!this.stale) return;
    this.stale = false;
    this.paint();
  }

  /** Paints every layer's canvas from the current tensors. */
  private paint() {
    for (const canvas of this.renderRoot.querySelectorAll<HTMLCanvasElement>(
      'canvas[data-index]',
    )) {
      const i = Number(canvas.dataset.index);
      const t = this.tensors[i];
      const g = this.grids[i];
      const a = this.atlases[i];
      const ctx = canvas.getContext('2d');
      if (!t || !g || !a || !ctx) continue;
      const image = ctx.createImageData(a.width, a.height);
      // A wrapped vector's last row is padded (grey) after its planeSize values.
      const wrapped = g.width * g.height > g.planeSize;
      let source = t.data;
      if (wrapped && t.data.length < g.width * g.height) {
        source = new Float32Array(g.width * g.height);
        source.set(t.data.subarray(0, g.planeSize));
      }
      for (let c = 0; c < a.channels; c++) {
        const o = tileOrigin(a, c);
        paintPlane(
          source,
          wrapped ? 0 : c * g.planeSize,
          g.width,
          g.height,
          this.ranges[i],
          image.data,
          a.width,
          o.y * a.width + o.x,
          g.planeSize,
        );
      }
      ctx.putImageData(image, 0, 0);
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
    const special = nonFiniteKind(v);
    return `${t.label}: ${where} = ${special ? NON_FINITE[special].label : formatValue(v)}`;
  }

  private point(i: number, e: PointerEvent) {
    const a = this.atlases[i];
    if (!a) return;
    const r = (e.currentTarget as HTMLCanvasElement).getBoundingClientRect();
    const hit = hitAtlas(
      a,
      Math.floor(((e.clientX - r.left) / r.width) * a.width),
      Math.floor(((e.clientY - r.top) / r.height) * a.height),
    );
    if (!hit) return;
    this.cursor.set(i, hit);
    this.readout = this.describe(i, hit.c, hit.y, hit.x);
  }

  /** Asks to explore the cell under the cursor (the window explorer opens for conv/pool layers). */
  private pick(i: number) {
    const cur = this.cursor.get(i);
    if (!cur || i === 0) return;
    emit(this, 'conv-explore', { layer: i - 1, channel: cur.c, position: [0, cur.y, cur.x] });
  }

  private key(i: number, e: KeyboardEvent) {
    if (e.key === 'Enter') {
      this.pick(i);
      e.preventDefault();
      return;
    }
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
    const region = this.region?.tensor === i ? this.region : undefined;
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
          ${formatValue(range.max)}${range.nonFinite ? ' of the finite values' : ''})</span
        >
        ${range.nonFinite ? this.renderNonFinite(range) : nothing}
      </div>
      ${region ? html`<p class="region-label">${region.label}</p>` : nothing}
      ${g.kind === 'values' ? this.renderValues(t, range) : this.renderAtlas(t, i, g)}
    </section>`;
  }

  private renderAtlas(t: MapTensor, i: number, g: MapGrid) {
    const a = this.atlases[i];
    if (!a) return nothing;
    const cursor = this.cursor.get(i);
    const at = cursor ? tileOrigin(a, cursor.c) : undefined;
    const what =
      g.kind === 'wrapped'
        ? 'all features, wrapped row by row'
        : `${a.channels} channels side by side, in rows of ${a.cols}`;
    return html`<div class="atlas">
      <canvas
        data-index=${i}
        data-cols=${a.cols}
        data-gap=${a.gap}
        data-tile-w=${a.tileW}
        data-tile-h=${a.tileH}
        data-channels=${a.channels}
        width=${a.width}
        height=${a.height}
        style="width:${a.width * a.scaleX}px;height:${a.height * a.scaleY}px"
        tabindex="0"
        role="img"
        aria-label=${`${t.label}: ${what}. Arrow keys read values${a.channels > 1 ? '; [ and ] change channel' : ''}; Enter (or a click) explores the cell.`}
        @pointermove=${(e: PointerEvent) => this.point(i, e)}
        @pointerdown=${(e: PointerEvent) => this.point(i, e)}
        @click=${(e: PointerEvent) => {
          this.point(i, e);
          this.pick(i);
        }}
        @focus=${() => {
          const p = cursor ?? { c: 0, y: 0, x: 0 };
          this.cursor.set(i, p);
          this.readout = this.describe(i, p.c, p.y, p.x);
        }}
        @keydown=${(e: KeyboardEvent) => this.key(i, e)}
      ></canvas>
      ${this.region?.tensor === i ? this.renderRegion(a, this.region) : nothing}
      ${
        cursor && at
          ? html`<div
              class="cursor"
              style="left:${(at.x + cursor.x) * a.scaleX}px;top:${(at.y + cursor.y) * a.scaleY}px;width:${Math.max(2, a.scaleX)}px;height:${Math.max(2, a.scaleY)}px"
            ></div>`
          : nothing
      }
    </div>`;
  }

  /** The region outlined on every tile, clipped to the map (padding it reaches is said in words). */
  private renderRegion(a: Atlas, r: MapRegion) {
    const y0 = Math.max(0, r.y0);
    const x0 = Math.max(0, r.x0);
    const y1 = Math.min(a.tileH - 1, r.y1);
    const x1 = Math.min(a.tileW - 1, r.x1);
    if (y1 < y0 || x1 < x0) return nothing;
    return Array.from({ length: a.channels }, (_, c) => {
      const o = tileOrigin(a, c);
      return html`<div
        class="region"
        title=${r.label}
        style="left:${(o.x + x0) * a.scaleX}px;top:${(o.y + y0) * a.scaleY}px;width:${(x1 - x0 + 1) * a.scaleX}px;height:${(y1 - y0 + 1) * a.scaleY}px"
      ></div>`;
    });
  }

  /** Legend entries for the NaN, +inf and −inf the tensor holds, with their counts. */
  private renderNonFinite(range: ValueRange) {
    const kinds: NonFiniteKind[] = ['nan', 'posInf', 'negInf'];
    return html`<span class="non-finite" role="list" aria-label="Values outside the colour scale">
      ${kinds
        .filter((k) => range[k] > 0)
        .map(
          (k) =>
            html`<span role="listitem" class=${`special ${k}`}
              ><span class="swatch" style="background: ${nonFiniteColour(k)}"></span
              >${`${NON_FINITE[k].label} × ${range[k]}`}</span
            >`,
        )}
    </span>`;
  }

  private renderValues(t: MapTensor, range: ValueRange) {
    const n = Math.min(t.data.length, 64);
    const px = new Uint8ClampedArray(4);
    return html`<div class="values" role="list">
      ${Array.from({ length: n }, (_, k) => {
        paintPlane(t.data, k, 1, 1, range, px);
        const light = blackTextReadable(px[0], px[1], px[2]);
        const special = nonFiniteKind(t.data[k]);
        return html`<span
          role="listitem"
          class=${special ? `num special ${special}` : 'num'}
          style="background: rgb(${px[0]}, ${px[1]}, ${px[2]}); color: ${light ? '#000' : '#fff'}"
          title=${`index ${k}`}
          >${special ? NON_FINITE[special].label : formatValue(t.data[k])}</span
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

declare global {
  interface HTMLElementTagNameMap {
    'conv-feature-maps': ConvFeatureMaps;
  }
}
