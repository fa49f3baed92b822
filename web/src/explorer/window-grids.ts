// The window explorer's grids: the (padded) input of each channel the
// window spans with its kernel, and the output channel. Cells say what they
// are (padding with its padding_mode value, a dilation hole, past the edge,
// a tap, the winner) by class and title; the numbers are the layer's own.
import { html, nothing } from 'lit';
import type { WindowOp } from '../engine/layer-catalogue';
import type { Explanation, LayerSpec } from '../engine/types';
import { padSource, type DimGeometry } from '../render/window-math';
import { num, where } from './window-arithmetic';
import { formatSizes } from '../render/format';
import { NON_FINITE, nonFiniteKind } from '../render/colormap';

/** Grids larger than this (per side) are shown around the window. */
const MAX_GRID = 16;

/** A cell of the output: channel, depth, row, column. */
export interface Cell {
  c: number;
  z: number;
  y: number;
  x: number;
}

/** The last `dims` sizes of a shape as [D, H, W] (leading 1s). */
export function sizes3(shape: readonly number[], dims: number): number[] {
  const s = shape.slice(shape.length - dims);
  while (s.length < 3) s.unshift(1);
  return s;
}

export interface InputView {
  e: Explanation;
  op: WindowOp;
  spec: LayerSpec;
  dims: number;
  inputShape: number[];
  outSizes: number[];
  /** The layer's input (batch item 0 first). */
  input: Float32Array;
  geometry: DimGeometry[];
}

export interface OutputView {
  output: Float32Array;
  outSizes: number[];
  cell: Cell;
  dims: number;
  pin(channel: number, position: number[]): void;
}

/** The (padded) input of every input channel the window spans, and its kernel. */
export function inputGrids(v: InputView) {
  const { e, op, geometry, dims } = v;
  const inSizes = sizes3(v.inputShape, dims);
  const channels = [...new Set(e.terms.map((t) => t.channel))];
  const g = geometry.slice(-2);
  while (g.length < 2)
    g.unshift({ kernel: 1, stride: 1, pad: 0, padRight: 0, dilation: 1, outputPadding: 0 });
  const [H, W] = [inSizes[1], inSizes[2]];
  const o = v.outSizes;
  const transposed = op === 'conv-transpose';
  const adaptive = op.startsWith('adaptive');
  const range = (i: number, size: number, out: number) => {
    if (transposed || adaptive) return [0, size - 1];
    const last = (out - 1) * g[i].stride - g[i].pad + (g[i].kernel - 1) * g[i].dilation;
    return [Math.min(0, -g[i].pad), Math.max(size - 1, last)];
  };
  let [r0, r1] = range(0, H, o[1]);
  let [c0, c1] = range(1, W, o[2]);
  const depth = e.terms.find((t) => t.pos[0] >= 0 && t.pos[0] < inSizes[0])?.pos[0] ?? 0;
  const mine = e.terms.filter((t) => t.pos[0] === depth);
  let zoom = '';
  if (r1 - r0 + 1 > MAX_GRID || c1 - c0 + 1 > MAX_GRID) {
    const rows = mine.map((t) => t.pos[1]);
    const cols = mine.map((t) => t.pos[2]);
    r0 = Math.max(r0, Math.min(...rows) - 1);
    r1 = Math.min(r1, Math.max(...rows) + 1);
    c0 = Math.max(c0, Math.min(...cols) - 1);
    c1 = Math.min(c1, Math.max(...cols) + 1);
    zoom = ` (rows ${r0}–${r1}, columns ${c0}–${c1} of ${formatSizes([H, W])})`;
  }
  const mode = String(v.spec.args.padding_mode ?? 'zeros');
  const inputAt = (ch: number, z: number, y: number, x: number) =>
    v.input[((ch * inSizes[0] + z) * H + y) * W + x];
  const shown = channels.slice(0, 4);
  return html`${shown.map((ch) => {
    const taps = new Map(
      e.terms
        .filter((t) => t.channel === ch && t.pos[0] === depth)
        .map((t) => [`${t.pos[1]},${t.pos[2]}`, t]),
    );
    const winner = e.terms[e.winner];
    const rows = [];
    for (let y = r0; y <= r1; y++) {
      const cells = [];
      for (let x = c0; x <= c1; x++) {
        const inside = y >= 0 && y < H && x >= 0 && x < W;
        const inPad =
          y >= -g[0].pad && y < H + g[0].padRight && x >= -g[1].pad && x < W + g[1].padRight;
        const tap = taps.get(`${y},${x}`);
        const classes = [inside ? '' : inPad ? 'pad' : 'beyond'];
        // Pools ignore padding cells (max: −inf; average: adds 0); a conv multiplies them.
        if (tap && (op === 'conv' || !tap.padding)) classes.push('tap');
        else if (tap || inWindow(e, y, x)) classes.push('hole');
        if (winner && tap === winner) classes.push('winner');
        let text = '';
        let value: number | undefined;
        if (inside) value = inputAt(ch, depth, y, x);
        else if (inPad && op === 'conv') {
          const sy = padSource(y, H, mode);
          const sx = padSource(x, W, mode);
          value = sy < 0 || sx < 0 ? 0 : inputAt(ch, depth, sy, sx);
        } else if (inPad) text = op === 'max-pool' ? '−∞' : '0';
        if (value !== undefined) text = num(value);
        // NaN and ±inf cells are marked (and named in the title), as on the maps.
        const special = value === undefined ? undefined : nonFiniteKind(value);
        if (special) classes.push(special);
        cells.push(
          html`<td
            class=${classes.join(' ')}
            title=${`(${y}, ${x})${inside ? '' : inPad ? ' padding' : ' beyond the padding (ceil_mode overhang)'}${special ? ` ${NON_FINITE[special].label}` : ''}`}
          >
            ${text}
          </td>`,
        );
      }
      rows.push(
        html`<tr>
          ${cells}
        </tr>`,
      );
    }
    const kernel = op === 'conv' || transposed ? kernelOf(e, ch, geometry) : undefined;
    // A large input: the whole channel as a picture, the numbers around the window.
    const thumb = zoom
      ? html`<div class="thumb-box" style="width:${Math.min(160, W * 2)}px">
          <canvas
            class="thumb"
            data-ch=${ch}
            data-depth=${depth}
            width=${W}
            height=${H}
            role="img"
            aria-label=${`Input channel ${ch} as a picture; the outline is the part shown as numbers`}
          ></canvas>
          <div
            class="thumb-window"
            style="left:${(Math.max(0, c0) / W) * 100}%;top:${(Math.max(0, r0) / H) * 100}%;width:${((Math.min(W - 1, c1) - Math.max(0, c0) + 1) / W) * 100}%;height:${((Math.min(H - 1, r1) - Math.max(0, r0) + 1) / H) * 100}%"
          ></div>
        </div>`
      : nothing;
    return html`${thumb}
      <figure>
        <figcaption>
          input channel
          ${ch}${dims === 3 ? `, depth ${depth}` : ''}${zoom}${op === 'conv' && mode !== 'zeros' ? ` · padding_mode='${mode}'` : ''}
        </figcaption>
        <table aria-label=${`Input channel ${ch}`}>
          ${rows}
        </table>
      </figure>
      ${
        kernel
          ? html`<figure>
              <figcaption>
                ${transposed ? 'kernel taps used' : 'kernel'} for channel ${ch}
              </figcaption>
              <table aria-label=${`Kernel for input channel ${ch}`}>
                ${kernel}
              </table>
            </figure>`
          : nothing
      }`;
  })}${channels.length > shown.length ? html`<p>… and ${channels.length - shown.length} more input channels (see the sums below).</p>` : nothing}`;
}

function inWindow(e: Explanation, y: number, x: number): boolean {
  if (e.op === 'conv-transpose' || !e.terms.length) return false;
  const ys = e.terms.map((t) => t.pos[1]);
  const xs = e.terms.map((t) => t.pos[2]);
  return (
    y >= Math.min(...ys) && y <= Math.max(...ys) && x >= Math.min(...xs) && x <= Math.max(...xs)
  );
}

function kernelOf(e: Explanation, ch: number, geometry: DimGeometry[]) {
  const depth = e.terms[0]?.tap[0] ?? 0;
  const taps = e.terms.filter((t) => t.channel === ch && t.tap[0] === depth);
  const kh = Math.max(...taps.map((t) => t.tap[1]), 0) + 1;
  const kw = Math.max(...taps.map((t) => t.tap[2]), 0) + 1;
  const g = geometry.slice(-2);
  const [KH, KW] = g.length === 2 ? [g[0].kernel, g[1].kernel] : [1, g[0].kernel];
  const rows = [];
  for (let y = 0; y < Math.max(kh, KH); y++) {
    const cells = [];
    for (let x = 0; x < Math.max(kw, KW); x++) {
      const t = taps.find((v) => v.tap[1] === y && v.tap[2] === x);
      cells.push(html`<td class=${t ? 'tap' : ''}>${t ? num(t.weight) : '·'}</td>`);
    }
    rows.push(
      html`<tr>
        ${cells}
      </tr>`,
    );
  }
  return rows;
}

/** The output channel's values; the current cell highlighted; click or tap to pin. */
export function outputGrid(v: OutputView) {
  const [D, H, W] = v.outSizes;
  const c = v.cell;
  const half = MAX_GRID / 2;
  const y0 = H > MAX_GRID ? Math.max(0, Math.min(H - MAX_GRID, c.y - half)) : 0;
  const x0 = W > MAX_GRID ? Math.max(0, Math.min(W - MAX_GRID, c.x - half)) : 0;
  const rows = [];
  for (let y = y0; y < Math.min(H, y0 + MAX_GRID); y++) {
    const cells = [];
    for (let x = x0; x < Math.min(W, x0 + MAX_GRID); x++) {
      const value = v.output[((c.c * D + c.z) * H + y) * W + x];
      const current = y === c.y && x === c.x;
      const special = nonFiniteKind(value);
      cells.push(
        html`<td
          class=${`out${current ? ' current' : ''}${special ? ` ${special}` : ''}`}
          title=${special ? NON_FINITE[special].label : nothing}
          @click=${() => v.pin(c.c, [c.z, y, x].slice(3 - v.dims))}
        >
          ${num(value)}
        </td>`,
      );
    }
    rows.push(
      html`<tr>
        ${cells}
      </tr>`,
    );
  }
  const zoom =
    H > MAX_GRID || W > MAX_GRID
      ? ` (rows ${y0}–${Math.min(H, y0 + MAX_GRID) - 1}, columns ${x0}–${Math.min(W, x0 + MAX_GRID) - 1} of ${formatSizes([H, W])})`
      : '';
  return html`<figure>
    <figcaption>output channel ${c.c}${zoom} — click or tap a cell to pin it</figcaption>
    <table aria-label=${`Output channel ${c.c}; current cell ${where([c.z, c.y, c.x], v.dims)}`}>
      ${rows}
    </table>
  </figure>`;
}
