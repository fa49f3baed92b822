// The engine API (DESIGN.md §6) against the real WASM module in Node.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConvPlayError, createEngine, type Engine } from '../../web/src/index';
import { hashed } from './hash';

const golden = (name: string) =>
  JSON.parse(readFileSync(new URL(`../golden/${name}`, import.meta.url), 'utf8')) as {
    cases: Record<string, unknown>[];
  };

const CLASSIC =
  'nn.Sequential(nn.Conv2d(3, 10, 3), nn.MaxPool2d(4, 4), nn.Conv2d(10, 20, 5, padding=2), nn.MaxPool2d(2, 2), nn.Flatten())';

let engine: Engine;
beforeAll(async () => {
  engine = await createEngine({ simd: 'on' });
});

function expectConvPlayError(fn: () => unknown, kind: string, text: string | RegExp) {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConvPlayError);
    expect((e as ConvPlayError).kind).toBe(kind);
    expect((e as ConvPlayError).message).toMatch(text);
    return e as ConvPlayError;
  }
  throw new Error('expected a ConvPlayError');
}

describe('engine', () => {
  it('uses the SIMD128 build when asked, and the plain build otherwise', async () => {
    expect(engine.target).toBe('WASM');
    // The version is package.json's (the one place it is written).
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(engine.version).toBe(pkg.version);
    const plain = await createEngine({ simd: 'off' });
    expect(plain.target).not.toBe('WASM');
    expect(plain.plan(CLASSIC, [1, 3, 130, 130]).outputShape).toEqual([1, 5120]);
  });

  it('plans the classic example: 5120 features, 280 and 5020 parameters', () => {
    const plan = engine.plan(CLASSIC, [1, 3, 130, 130]);
    expect(plan.ok).toBe(true);
    expect(plan.outputShape).toEqual([1, 5120]);
    expect(plan.layers[3].outputShape).toEqual([1, 20, 16, 16]);
    expect(plan.layers[0].params).toBe(280);
    expect(plan.layers[0].paramsFormula).toBe('10 × (3 × 3 × 3) + 10 = 280');
    expect(plan.layers[2].params).toBe(5020);
    expect(plan.totalParams).toBe(5300);
    expect(plan.layers[3].receptiveField).toEqual({
      scope: 'local',
      size: [26, 26],
      jump: [8, 8],
      start: [-8, -8],
    });
  });

  it('plans LayerSpec objects as well as code, and never throws', () => {
    const layers = engine.parse(CLASSIC).layers;
    expect(engine.plan(layers, [1, 3, 130, 130]).outputShape).toEqual([1, 5120]);
    const bad = engine.plan('nn.Sequential(nn.Conv2d(3, 4, 3))', [1, 5, 8, 8]);
    expect(bad.ok).toBe(false);
    expect(bad.error).toMatchObject({ layer: 0, kind: 'RuntimeError' });
    expect(bad.error?.hint).toMatch(/in_channels=5/);
    for (const junk of [undefined, null, 42, {}, [{}], [{ kind: 7 }], [{ kind: 'Conv2D' }]]) {
      const plan = engine.plan(junk as never, [1, 3, 8, 8]);
      expect(plan.ok).toBe(false);
      expect(plan.error?.message.length).toBeGreaterThan(0);
    }
    for (const shape of [undefined, [1.5], ['3'], [Number.NaN], [1e300]]) {
      expect(engine.plan('nn.ReLU()', shape as never).error?.kind).toBe('TypeError');
    }
  });

  it('lists every layer kind with its signature and defaults', () => {
    const layers = engine.layers();
    expect(layers).toHaveLength(44);
    const conv = layers.find((l) => l.kind === 'Conv2d');
    expect(conv).toMatchObject({ family: 'conv', spatialDims: 2 });
    expect(conv?.params.map((p) => p.name)).toEqual([
      'in_channels',
      'out_channels',
      'kernel_size',
      'stride',
      'padding',
      'dilation',
      'groups',
      'bias',
      'padding_mode',
    ]);
    expect(conv?.params[0]).toEqual({ name: 'in_channels', required: true });
    expect(conv?.params[8]).toEqual({ name: 'padding_mode', required: false, default: 'zeros' });
    const pool = layers.find((l) => l.kind === 'MaxPool2d');
    expect(pool?.params.find((p) => p.name === 'stride')?.default).toBeNull();
    // Every default is accepted back: spelled out in full, a layer prints and
    // parses to itself.
    for (const info of layers) {
      const args = Object.fromEntries(
        info.params.map((p) => [p.name, p.required ? 2 : (p.default ?? null)]),
      );
      const code = engine.format([{ kind: info.kind, args }]);
      expect(engine.parse(code), code).toMatchObject({ ok: true });
    }
  });

  it("explains an output value with the forward pass's own numbers", () => {
    const model = engine.load(CLASSIC, [1, 3, 130, 130], { seed: 5 });
    expect(() => model.explain(0, [0, 0, 0, 0])).toThrow(/run forward\(\) before/);
    const input = new Float32Array(3 * 130 * 130).map((_, i) => Math.sin(i));
    const { activations } = model.forward(input);
    const e = model.explain(0, [0, 2, 5, 7]);
    expect(e).toMatchObject({ op: 'conv', layer: 0, channel: 2, out: [0, 5, 7], spatialDims: 2 });
    expect(e.terms).toHaveLength(27);
    expect(e.value).toBeCloseTo(activations[0].data[2 * 128 * 128 + 5 * 128 + 7], 5);
    const t = e.terms[4];
    expect(t.value).toBe(input[0 * 130 * 130 + 6 * 130 + 8]); // channel 0, tap (1, 1)
    expect(t.product).toBeCloseTo(t.value * t.weight, 12);
    const sums = e.channelSums.reduce((a, c) => a + c.sum, e.bias);
    expect(sums).toBeCloseTo(e.sum, 10);
    const pool = model.explain(1, [0, 2, 3, 4]);
    expect(pool.op).toBe('max-pool');
    expect(pool.terms).toHaveLength(16);
    expect(pool.terms[pool.winner].value).toBe(pool.value);
    expect(pool.value).toBe(activations[1].data[2 * 32 * 32 + 3 * 32 + 4]);
    expect(() => model.explain(4, [0, 0])).toThrow(/layer 4 is nn.Flatten/);
    expect(() => model.explain(0, [0, 10, 0, 0])).toThrow(/within the shape \[1, 10, 128, 128\]/);
    expect(() => model.explain(9, [0])).toThrow(/out of range/);
    expect(() => model.explain(0, 'x' as never)).toThrow(TypeError);
    model.delete();
  });

  it('round-trips parse(format(x)) on every golden stack', () => {
    for (const c of golden('shapes.json').cases) {
      const parsed = engine.parse(c.code as string);
      expect(parsed.ok).toBe(true);
      const again = engine.parse(engine.format(parsed.layers));
      expect(again.layers).toEqual(parsed.layers);
    }
  });

  it('reports parse errors with positions and suggestions', () => {
    const r = engine.parse('nn.Sequential(\n  nn.Conv2D(3, 4, 3))');
    expect(r.ok).toBe(false);
    expect(r.error).toMatchObject({ kind: 'AttributeError', line: 2, column: 6 });
    expect(r.error?.hint).toBe('did you mean nn.Conv2d?');
  });

  it('runs load + forward against golden PyTorch values', () => {
    const cases = golden('forward.json').cases;
    expect(cases.length).toBeGreaterThanOrEqual(300);
    for (const c of cases) {
      const model = engine.load(c.code as string, c.input as number[]);
      const seed = c.seed as number;
      const names = Object.keys(model.weights());
      const weights: Record<string, Float32Array> = {};
      names.forEach((name, j) => {
        if (name.endsWith('num_batches_tracked')) return;
        const w = hashed(seed + j + 1, model.weights()[name].length);
        weights[name] = name.endsWith('running_var') ? w.map((v) => Math.abs(v) + 0.5) : w;
      });
      model.setWeights(weights);
      const n = (c.input as number[]).reduce((a, b) => a * b, 1);
      const result = model.forward(hashed(seed, n), { activations: false });
      const want = c.output as number[];
      expect(result.outputShape).toEqual(c.output_shape);
      const scale = Math.max(1e-3, ...want.map(Math.abs));
      for (let i = 0; i < want.length; i++) {
        expect(Math.abs(result.output[i] - want[i])).toBeLessThanOrEqual(1e-4 * scale);
      }
      model.delete();
    }
  });

  it('keeps every layer output and state_dict keys', () => {
    const model = engine.load(
      'nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.ReLU(), nn.Flatten(), nn.Linear(8, 3))',
      [1, 1, 4, 4],
      { seed: 7 },
    );
    expect(Object.keys(model.weights())).toEqual([
      '0.weight',
      '0.bias',
      '1.weight',
      '1.bias',
      '1.running_mean',
      '1.running_var',
      '1.num_batches_tracked',
      '4.weight',
      '4.bias',
    ]);
    const w = model.weights();
    expect(w['0.weight'].length).toBe(18);
    // PyTorch's default init: U(±1/√fan_in), fan_in = 9 for this conv.
    for (const v of w['0.weight']) expect(Math.abs(v)).toBeLessThanOrEqual(1 / 3);
    expect(Array.from(w['1.running_var'])).toEqual([1, 1]);
    const r = model.forward(new Float32Array(16).fill(1));
    expect(r.activations.map((a) => a.shape)).toEqual([
      [1, 2, 2, 2],
      [1, 2, 2, 2],
      [1, 2, 2, 2],
      [1, 8],
      [1, 3],
    ]);
    expect(r.output).toEqual(r.activations[4].data);
    // The same seed gives the same weights; setWeights changes the result.
    const again = engine.load(model.plan.layers.map((l) => l.code).join('\n'), [1, 1, 4, 4], {
      seed: 7,
    });
    expect(again.weights()['4.weight']).toEqual(w['4.weight']);
    again.setWeights({ '4.bias': new Float32Array([10, 20, 30]) });
    const shifted = again.forward(new Float32Array(16).fill(1)).output;
    expect(shifted[0] - r.output[0]).toBeCloseTo(10 - w['4.bias'][0], 4);
    model.delete();
    again.delete();
  });
});

describe('bad input at the boundary', () => {
  it('gives ConvPlayError or TypeError, and the engine keeps working', () => {
    expectConvPlayError(
      () => engine.load('nn.Sequential(nn.Conv2d(3, 4, 3))', [1, 5, 8, 8]),
      'RuntimeError',
      /expected input\[1, 5, 8, 8\] to have 3 channels/,
    );
    expectConvPlayError(
      () => engine.load('nn.Conv2D(3, 4, 3)', [1, 3, 8, 8]),
      'AttributeError',
      /Conv2D/,
    );
    expectConvPlayError(
      () => engine.load('nn.Conv2d(64, 64, 1000)', [1, 64, 8, 8]),
      'MemoryError',
      /bytes/,
    );
    expect(() => engine.load('nn.ReLU()', [4], { seed: -1 })).toThrow(TypeError);
    expect(() => engine.parse(42 as never)).toThrow(TypeError);
    expectConvPlayError(
      () => engine.format([{ kind: 'Conv2d', args: {} }]),
      'TypeError',
      /missing 3/,
    );

    const model = engine.load('nn.Sequential(nn.Conv2d(1, 1, 3))', [1, 1, 5, 5]);
    expect(() => model.forward([1, 2, 3] as never)).toThrow(TypeError);
    expect(() => model.forward(new Float64Array(25) as never)).toThrow(TypeError);
    expectConvPlayError(
      () => model.forward(new Float32Array(24)),
      'ValueError',
      /has 24 values.*needs 25/,
    );
    // NaN and ±inf are computed on, as PyTorch does (docs/semantics.md §8e):
    // input (1, 2) reaches the six 3×3 windows of output rows 0–1, cols 0–2.
    const nan = new Float32Array(25);
    nan[7] = Number.NaN;
    expect(Array.from(model.forward(nan).output).filter(Number.isNaN)).toHaveLength(6);
    const inf = new Float32Array(25);
    inf[3] = Number.POSITIVE_INFINITY;
    const out = Array.from(model.forward(inf).output);
    expect(out.filter((v) => !Number.isFinite(v))).toHaveLength(2);
    expectConvPlayError(
      () => model.setWeights({ '9.weight': new Float32Array(9) }),
      'RuntimeError',
      /Unexpected key\(s\) in state_dict: "9.weight"/,
    );
    expectConvPlayError(
      () => model.setWeights({ '0.weight': new Float32Array(8) }),
      'RuntimeError',
      /size mismatch for 0.weight: got 8 values, the tensor in the model has 9/,
    );
    expect(() => model.setWeights({ '0.weight': [1, 2] } as never)).toThrow(TypeError);
    expect(() => model.setWeights(null as never)).toThrow(TypeError);
    // All or nothing: the failed calls changed nothing.
    const before = model.weights()['0.weight'];
    expectConvPlayError(
      () =>
        model.setWeights({
          '0.weight': new Float32Array(9).fill(2),
          '0.bias': new Float32Array(3),
        }),
      'RuntimeError',
      /size mismatch/,
    );
    expect(model.weights()['0.weight']).toEqual(before);
    expect(model.forward(new Float32Array(25)).output.length).toBe(9);
    model.delete();
    model.delete(); // twice is harmless
    expectConvPlayError(() => model.forward(new Float32Array(25)), 'RuntimeError', /deleted/);
    expectConvPlayError(() => model.weights(), 'RuntimeError', /deleted/);

    // The same engine still works.
    expect(engine.plan(CLASSIC, [1, 3, 130, 130]).outputShape).toEqual([1, 5120]);
    const ok = engine.load(CLASSIC, [1, 3, 130, 130]);
    expect(ok.forward(hashed(1, 3 * 130 * 130)).outputShape).toEqual([1, 5120]);
    ok.delete();
  });
});

describe('memory', () => {
  it('keeps the heap flat over 10 000 load → forward → delete cycles', () => {
    const code =
      'nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(128, 10))';
    const input = hashed(3, 3 * 8 * 8);
    const cycle = () => {
      const m = engine.load(code, [1, 3, 8, 8], { seed: 1 });
      m.forward(input);
      m.delete();
    };
    for (let i = 0; i < 100; i++) cycle();
    const before = engine.memory();
    for (let i = 0; i < 10_000; i++) cycle();
    const after = engine.memory();
    console.log(
      `heap over 10 000 cycles: used ${before.usedBytes} -> ${after.usedBytes} bytes, heap ${before.heapBytes} -> ${after.heapBytes} bytes`,
    );
    expect(after.usedBytes).toBe(before.usedBytes);
    expect(after.heapBytes).toBe(before.heapBytes);
  });
});
