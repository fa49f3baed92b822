// Pure helpers for the playground's edits: a layer card's fields as one line
// of PyTorch code, a new layer valid where it lands, the index map of a move,
// and kernel edits applied to seeded weights.
import type { LayerInfo, LayerSpec } from '../engine/types';
import type { KernelEdit } from './playground-state';

/**
 * `nn.Conv2d(in_channels=3, kernel_size=(3, 5))` from a card's field texts
 * (empty fields are left out: PyTorch's default), with where each field's
 * text starts (1-based column) so a parse error can point at its field.
 */
export function composeLayer(kind: string, fields: Record<string, string>) {
  let code = `nn.${kind}(`;
  const starts: [string, number][] = [];
  for (const [name, text] of Object.entries(fields)) {
    if (text.trim() === '') continue;
    if (starts.length) code += ', ';
    starts.push([name, code.length + 1]);
    code += `${name}=${text}`;
  }
  return { code: code + ')', starts };
}

/** The field whose text contains a 1-based column of composeLayer's code. */
export function fieldAt(starts: readonly [string, number][], column: number): string | undefined {
  return [...starts].reverse().find(([, start]) => start <= column)?.[0];
}

/**
 * The weights that kernel edits change, as new arrays (the others are left
 * out). Edits that do not fit the weight (a stale or hostile link) are skipped.
 */
export function applyKernels(
  base: Record<string, Float32Array>,
  kernels: readonly KernelEdit[],
): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = {};
  for (const k of kernels) {
    const key = `${k.layer}.weight`;
    const w = base[key];
    const n = k.weights.length;
    if (!w || n === 0 || w.length % n || (k.out + 1) * n > w.length) continue;
    out[key] ??= w.slice();
    out[key].set(k.weights, k.out * n);
    const b = base[`${k.layer}.bias`];
    if (b && k.out < b.length) {
      out[`${k.layer}.bias`] ??= b.slice();
      out[`${k.layer}.bias`][k.out] = k.bias;
    }
  }
  return out;
}

/**
 * A new layer with its required arguments filled in from the shape that
 * reaches it, so that it is valid where it lands whenever possible.
 */
export function newLayer(info: LayerInfo, before: readonly number[] | undefined): LayerSpec {
  const shape = before ?? [];
  const channels = shape.length >= 2 ? shape[shape.length - 1 - info.spatialDims] : shape[0];
  const last = shape.length ? shape[shape.length - 1] : 1;
  const args: LayerSpec['args'] = {};
  for (const p of info.params) {
    if (!p.required) continue;
    switch (p.name) {
      case 'in_channels':
      case 'num_features':
        args[p.name] = channels ?? 1;
        break;
      case 'in_features':
        args[p.name] = last;
        break;
      case 'out_channels':
        args[p.name] = 8;
        break;
      case 'out_features':
        args[p.name] = 10;
        break;
      case 'kernel_size':
        args[p.name] = info.family === 'conv' || info.family === 'conv-transpose' ? 3 : 2;
        break;
      case 'output_size':
        args[p.name] = 1;
        break;
      case 'padding':
        args[p.name] = 1;
        break;
      case 'dim':
        args[p.name] = 1;
        break;
      case 'unflattened_size':
        args[p.name] = [last];
        break;
      case 'upscale_factor':
        // PixelShuffle needs channels divisible by the factor squared.
        args[p.name] = shape.length >= 3 && shape[shape.length - 3] % 4 === 0 ? 2 : 1;
        break;
      case 'downscale_factor':
        args[p.name] =
          shape.length >= 3 && last % 2 === 0 && shape[shape.length - 2] % 2 === 0 ? 2 : 1;
        break;
      default:
        args[p.name] = 1;
    }
  }
  if (info.kind === 'Upsample') args.scale_factor = 2;
  return { kind: info.kind, args };
}

/** Index map for moving layer `from` to position `to`. */
export function moveMap(count: number, from: number, to: number): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  const [moved] = order.splice(from, 1);
  order.splice(to, 0, moved);
  const map = new Array<number>(count);
  order.forEach((old, i) => (map[old] = i));
  return map;
}
