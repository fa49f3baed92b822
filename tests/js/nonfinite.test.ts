// PyTorch's values on NaN and ±inf inputs and weights
// (tests/golden/forward_nonfinite.json, docs/semantics.md §8e) through the
// WASM engine, SIMD and plain builds: NaN exactly where PyTorch has NaN, the
// same infinities, finite values within 1e-4 of the largest.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../web/src/index';
import { hashed } from './hash';

type Golden = number | 'nan' | 'inf' | '-inf';
interface Case {
  name: string;
  code: string;
  input: number[];
  seed: number;
  values?: Golden[];
  specials?: [number, Golden][];
  weights?: Record<string, Golden[]>;
  weight_specials?: Record<string, [number, Golden][]>;
  output_shape: number[];
  output: Golden[];
}

const cases = (
  JSON.parse(
    readFileSync(new URL('../golden/forward_nonfinite.json', import.meta.url), 'utf8'),
  ) as { cases: Case[] }
).cases;

const toFloat = (v: Golden) =>
  v === 'nan' ? Number.NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v;

function mismatch(got: Float32Array, want: Golden[]): string {
  if (got.length !== want.length) return `size ${got.length} vs PyTorch ${want.length}`;
  const finite = want.map(toFloat).filter(Number.isFinite);
  const tol = 1e-4 * Math.max(1e-3, ...finite.map(Math.abs));
  for (let i = 0; i < want.length; i++) {
    const w = toFloat(want[i]);
    const g = got[i];
    const ok = Number.isNaN(w)
      ? Number.isNaN(g)
      : !Number.isFinite(w)
        ? g === w
        : Math.abs(g - w) <= tol;
    if (!ok) return `element ${i}: ${g} vs PyTorch ${w}`;
  }
  return '';
}

describe.each(['on', 'off'] as const)('non-finite values, simd %s', (simd) => {
  it('match PyTorch', async () => {
    const engine = await createEngine({ simd });
    expect(cases.length).toBeGreaterThanOrEqual(250);
    const failures: string[] = [];
    for (const c of cases) {
      const model = engine.load(c.code, c.input);
      const names = Object.keys(model.weights());
      const weights: Record<string, Float32Array> = {};
      names.forEach((name, j) => {
        if (name.endsWith('num_batches_tracked')) return;
        const w = hashed(c.seed + j + 1, model.weights()[name].length);
        weights[name] = name.endsWith('running_var') ? w.map((v) => Math.abs(v) + 0.5) : w;
        const given = c.weights?.[name];
        if (given) given.forEach((v, i) => (weights[name][i] = toFloat(v)));
        for (const [i, v] of c.weight_specials?.[name] ?? []) weights[name][i] = toFloat(v);
      });
      model.setWeights(weights);
      const n = c.input.reduce((a, b) => a * b, 1);
      const input = c.values ? Float32Array.from(c.values.map(toFloat)) : hashed(c.seed, n);
      for (const [i, v] of c.specials ?? []) input[i] = toFloat(v);
      const result = model.forward(input, { activations: false });
      expect(result.outputShape).toEqual(c.output_shape);
      const diff = mismatch(result.output, c.output);
      if (diff) failures.push(`${c.name} ${c.code}: ${diff}`);
      model.delete();
    }
    expect(failures).toEqual([]);
  });
});
