// The sliding window's geometry for display: a layer's kernel, stride,
// padding and dilation per spatial dim (as PyTorch reads its arguments), the
// output-size formula with the numbers substituted, and which input cells a
// padding cell copies. The values and sums themselves always come from the
// engine's explain path; these only lay them out.
import type { WindowOp } from '../engine/layer-catalogue';
import type { ArgValue, LayerSpec } from '../engine/types';
import { formatList, formatSizes, formatTuple } from './format';

export interface DimGeometry {
  kernel: number;
  stride: number;
  /** Left padding. */
  pad: number;
  /** Right padding ('same' may pad one more on the right). */
  padRight: number;
  dilation: number;
  outputPadding: number;
}

function perDim(value: ArgValue | undefined, dims: number, fallback: number): number[] {
  if (Array.isArray(value)) return value.slice(-dims).map(Number);
  if (typeof value === 'number') return Array(dims).fill(value);
  return Array(dims).fill(fallback);
}

/**
 * Kernel, stride, padding and dilation per spatial dim (D, H, W order, `dims`
 * of them) of a layer whose window op is `op`.
 */
export function geometryOf(spec: LayerSpec, op: WindowOp, dims: number): DimGeometry[] {
  const a = spec.args;
  const kernel = perDim(a.kernel_size, dims, 1);
  const pool = op === 'max-pool' || op === 'avg-pool';
  const strideArg = a.stride;
  const stride =
    pool &&
    (strideArg === undefined ||
      strideArg === null ||
      (Array.isArray(strideArg) && !strideArg.length))
      ? kernel
      : perDim(strideArg, dims, 1);
  const dilation = op === 'avg-pool' ? Array(dims).fill(1) : perDim(a.dilation, dims, 1);
  const outputPadding = perDim(a.output_padding, dims, 0);
  let pad: number[];
  let padRight: number[];
  if (a.padding === 'same') {
    const total = kernel.map((k, i) => dilation[i] * (k - 1));
    pad = total.map((t) => Math.floor(t / 2));
    padRight = total.map((t, i) => t - pad[i]);
  } else if (a.padding === 'valid') {
    pad = padRight = Array(dims).fill(0);
  } else {
    pad = padRight = perDim(a.padding, dims, 0);
  }
  return kernel.map((k, i) => ({
    kernel: k,
    stride: stride[i],
    pad: pad[i],
    padRight: padRight[i],
    dilation: dilation[i],
    outputPadding: outputPadding[i],
  }));
}

/** The output-size formula of one dim with the learner's numbers, ending in the engine's result. */
export function sizeFormula(
  op: WindowOp,
  g: DimGeometry,
  inSize: number,
  outSize: number,
  ceil: boolean,
  name: string,
): string {
  const o = `${name}_out`;
  if (op === 'adaptive-max-pool' || op === 'adaptive-avg-pool') {
    return `${o} = output_size = ${outSize}; window i spans [⌊i·${inSize}/${outSize}⌋, ⌈(i+1)·${inSize}/${outSize}⌉)`;
  }
  if (op === 'conv-transpose') {
    return (
      `${o} = (${name}_in − 1)·stride − 2·padding + dilation·(kernel − 1) + output_padding + 1 = ` +
      `(${inSize} − 1)·${g.stride} − 2·${g.pad} + ${g.dilation}·(${g.kernel} − 1) + ${g.outputPadding} + 1 = ${outSize}`
    );
  }
  const padded = g.pad + g.padRight === 2 * g.pad ? `2·${g.pad}` : `${g.pad} + ${g.padRight}`;
  const numerator = `${inSize} + ${padded} − ${g.dilation}·(${g.kernel} − 1) − 1`;
  const value = (inSize + g.pad + g.padRight - g.dilation * (g.kernel - 1) - 1) / g.stride;
  const [l, r] = ceil ? ['⌈', '⌉'] : ['⌊', '⌋'];
  let text =
    `${o} = ${l}(${name}_in + 2·padding − dilation·(kernel − 1) − 1) / stride${r} + 1 = ` +
    `${l}(${numerator}) / ${g.stride}${r} + 1 = ${l}${formatRatio(value)}${r} + 1`;
  const raw = (ceil ? Math.ceil(value) : Math.floor(value)) + 1;
  text += ` = ${raw}`;
  if (ceil && raw !== outSize) {
    text += `, but the last window would start in the right padding, so PyTorch drops it: ${outSize}`;
  }
  return text;
}

function formatRatio(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(3)));
}

/**
 * The input cell padding position u reads under a padding mode (-1: a zero),
 * as F.pad does it; used to show the padded border's values.
 */
export function padSource(u: number, size: number, mode: string): number {
  if (u >= 0 && u < size) return u;
  // Mirror without repeating the edge (PyTorch requires padding < size).
  if (mode === 'reflect') return u < 0 ? -u : 2 * (size - 1) - u;
  if (mode === 'replicate') return u < 0 ? 0 : size - 1;
  if (mode === 'circular') return ((u % size) + size) % size;
  return -1;
}

/**
 * The input region an output cell of a layer depends on, from the layer's
 * receptive field (size, jump, start per spatial dim, from the engine):
 * [start + p·jump, start + p·jump + size − 1] per dim. Undefined when the
 * field is not local (after Flatten or Linear, everything counts).
 */
export function receptiveRegion(
  rf: { scope: string; size: number[]; jump: number[]; start: number[] },
  position: readonly number[],
): { from: number[]; to: number[] } | undefined {
  if (rf.scope !== 'local' || !rf.size.length) return undefined;
  const p = position.slice(-rf.size.length);
  const from = rf.size.map((_, i) => rf.start[i] + (p[i] ?? 0) * rf.jump[i]);
  return { from, to: from.map((f, i) => f + rf.size[i] - 1) };
}

/**
 * Where output `position` (channel `channel`) of a layer looks in the stack's
 * input, as a rectangle of rows y0–y1 and columns x0–x1 (1-D: row 0) and a
 * sentence saying so; undefined when the field is not local.
 */
export function inputRegion(
  plan: {
    index: number;
    kind: string;
    receptiveField: { scope: string; size: number[]; jump: number[]; start: number[] };
  },
  stackInput: readonly number[],
  channel: number,
  position: readonly number[],
) {
  const rf = plan.receptiveField;
  const region = receptiveRegion(rf, position);
  if (!region) return undefined;
  const n = region.from.length;
  const [y0, x0] = n === 1 ? [0, region.from[0]] : region.from.slice(-2);
  const [y1, x1] = n === 1 ? [0, region.to[0]] : region.to.slice(-2);
  const sizes = stackInput.slice(-n);
  const padding = region.from.some((f, i) => f < 0 || region.to[i] >= sizes[i]);
  const span = formatSizes(region.from.map((f, i) => `${f}–${region.to[i]}`));
  const label =
    `Receptive field of layer ${plan.index} ${plan.kind}, channel ${channel}, ` +
    `cell ${formatTuple(position.slice(-n))}: input ${span} (size ${formatSizes(rf.size)}, ` +
    `jump ${formatSizes(rf.jump)}, start ${formatList(rf.start)})` +
    `${padding ? ', reaching into the padding' : ''}.`;
  return { y0, y1, x0, x1, label };
}
