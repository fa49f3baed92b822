// The zero-copy engine API (DESIGN.md §6): model.input and model.run() as
// views of WASM memory, against the copying forward(), in both builds.
import { describe, expect, it } from 'vitest';
import { ConvPlayError, createEngine, type Engine } from '../../web/src/index';

const STACK =
  'nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2, 2), nn.Conv2d(8, 4, 3), nn.Flatten())';
const SHAPE = [1, 3, 16, 16];

function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

describe.each(['on', 'off'] as const)('zero-copy API, simd %s', (simd) => {
  let engine: Engine;
  const fresh = async () => (engine ??= await createEngine({ simd }));

  it('input and outputs are views of WASM memory that run() fills like forward()', async () => {
    const e = await fresh();
    const model = e.load(STACK, SHAPE, { seed: 5 });
    const input = model.input;
    expect(input).toBeInstanceOf(Float32Array);
    expect(input.length).toBe(3 * 16 * 16);
    const x = values(input.length, 1);
    input.set(x);
    const r = model.run();
    // The same memory: the input, the output and every activation.
    expect(r.output.buffer).toBe(input.buffer);
    for (const a of r.activations) expect(a.data.buffer).toBe(input.buffer);
    expect(r.outputShape).toEqual([1, 144]);
    expect(r.activations.map((a) => a.shape)).toEqual([
      [1, 8, 16, 16],
      [1, 8, 16, 16],
      [1, 8, 8, 8],
      [1, 4, 6, 6],
      [1, 144],
    ]);

    const want = model.forward(x.slice());
    expect(Array.from(r.output)).toEqual(Array.from(want.output));
    r.activations.forEach((a, i) => {
      expect(Array.from(a.data)).toEqual(Array.from(want.activations[i].data));
    });
    // forward() returns owned arrays, not views.
    expect(want.output.buffer).not.toBe(input.buffer);

    // The same result object and the same arrays run after run; the values
    // follow the input written in place.
    const kept = r.copy();
    expect(kept.output.buffer).not.toBe(input.buffer);
    const output = r.output;
    model.input.set(values(input.length, 2));
    const r2 = model.run();
    expect(r2).toBe(r);
    expect(r2.output).toBe(output);
    expect(model.input).toBe(input);
    const want2 = model.forward(values(input.length, 2));
    expect(Array.from(r2.output)).toEqual(Array.from(want2.output));
    expect(Array.from(r2.output)).not.toEqual(Array.from(kept.output));
    // copy() kept the first run's values.
    expect(Array.from(kept.output)).toEqual(Array.from(want.output));
    expect(kept.activations.map((a) => a.shape)).toEqual(want.activations.map((a) => a.shape));

    // run() does not look at the values: non-finite inputs run.
    model.input.fill(Number.NaN);
    expect(() => model.run()).not.toThrow();
    model.delete();
    expect(() => model.input).toThrow(ConvPlayError);
    expect(() => model.run()).toThrow(/deleted/);
    expect(() => r.output).toThrow(/deleted/);
  });

  it('an empty stack gives its input back', async () => {
    const e = await fresh();
    const model = e.load('nn.Sequential()', [2, 3]);
    model.input.set([1, 2, 3, 4, 5, 6]);
    const r = model.run();
    expect(Array.from(r.output)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.outputShape).toEqual([2, 3]);
    expect(r.activations).toEqual([]);
    model.delete();
  });

  it('allocates nothing per run in the steady state', async () => {
    const e = await fresh();
    const model = e.load(STACK, SHAPE, { seed: 1 });
    model.input.set(values(model.input.length, 3));
    for (let i = 0; i < 10; i++) model.run();
    const before = e.memory();
    let sum = 0;
    for (let i = 0; i < 1000; i++) {
      model.input[i % model.input.length] = i / 1000;
      sum += model.run().output[0];
    }
    const after = e.memory();
    expect(Number.isFinite(sum)).toBe(true);
    expect(after.usedBytes).toBe(before.usedBytes);
    expect(after.heapBytes).toBe(before.heapBytes);
    model.delete();
  });

  it('re-makes the views after memory grows', async () => {
    const e = await fresh();
    const model = e.load(STACK, SHAPE, { seed: 2 });
    const x = values(model.input.length, 4);
    model.input.set(x);
    const r = model.run();
    const oldInput = model.input;
    const oldOutput = r.output;
    const oldAct = r.activations[0].data;
    const want = r.copy();

    // A model far bigger than the heap so far: memory must grow.
    const heap = e.memory().heapBytes;
    const big = e.load('nn.Conv2d(16, 16, 3, padding=1)', [1, 16, 512, 512]);
    expect(e.memory().heapBytes).toBeGreaterThan(heap);
    // Growth detached every earlier view.
    expect(oldInput.length).toBe(0);
    expect(oldOutput.length).toBe(0);
    expect(oldAct.length).toBe(0);

    // Fresh views on access, with the values as they were.
    expect(model.input).not.toBe(oldInput);
    expect(Array.from(model.input)).toEqual(Array.from(x));
    expect(Array.from(r.output)).toEqual(Array.from(want.output));
    expect(Array.from(r.activations[0].data)).toEqual(Array.from(want.activations[0].data));
    const again = model.run();
    expect(Array.from(again.output)).toEqual(Array.from(want.output));
    expect(model.input.buffer).toBe(big.input.buffer);

    big.delete();
    model.delete();
  });

  it('forward() keeps its contract', async () => {
    const e = await fresh();
    const model = e.load(STACK, SHAPE, { seed: 5 });
    const x = values(model.input.length, 6);
    const a = model.forward(x, { activations: false });
    expect(a.activations).toEqual([]);
    expect(a.outputShape).toEqual([1, 144]);
    expect(() => model.forward(new Float32Array(5))).toThrow(/has 5 values.*needs 768/);
    // The failed call left the input view as it was.
    expect(model.input.length).toBe(768);
    expect(Array.from(model.input)).toEqual(Array.from(x));
    // A view of the model's own input is a valid forward() input.
    const b = model.forward(model.input);
    expect(Array.from(b.output)).toEqual(Array.from(a.output));
    model.delete();
  });
});
