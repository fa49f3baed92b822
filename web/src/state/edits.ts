// Pure helpers for the playground's edits: a layer card's fields as one line
// of PyTorch code, and kernel edits applied to seeded weights.
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
