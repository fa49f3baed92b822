// The playground's pure modules: URL state, undo history, Python literals,
// kernel presets, image -> tensor, colormaps. The real engine checks that
// what the URL carries and the cards type parse back.
import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../web/src/index';
import type { Engine } from '../../web/src/engine/types';
import { History } from '../../web/src/state/history';
import { applyKernels, composeLayer, fieldAt } from '../../web/src/state/edits';
import {
  CLASSIC_CODE,
  classicLayers,
  remapKernels,
  withKernelEdit,
} from '../../web/src/state/playground-state';
import { compactCode, decodeHash, encodeHash } from '../../web/src/state/url-state';
import { pythonLiteral } from '../../web/src/render/python-literal';
import { PRESET_NAMES, presetKernel } from '../../web/src/render/kernel-presets';
import { inputLayout, tensorFromRgba } from '../../web/src/render/input-tensor';
import { lutOf, paintPlane, rangeOf } from '../../web/src/render/colormap';
import { atlasOf, hitAtlas, mapsOf, tileOrigin } from '../../web/src/render/map-layout';
import { geometryOf, inputRegion, padSource, sizeFormula } from '../../web/src/render/window-math';
import { LayerCatalogue } from '../../web/src/engine/layer-catalogue';

let engine: Engine;
beforeAll(async () => {
  engine = await createEngine();
});

describe('URL state', () => {
  it('round-trips the classic state through a readable hash', () => {
    const code = engine.format(classicLayers());
    const hash = encodeHash({
      model: code,
      inputShape: [1, 3, 130, 130],
      source: 'shapes',
      seed: 7,
      kernels: [{ layer: 0, out: 2, bias: 0.5, weights: [1, -1, 1 / 3] }],
    });
    expect(hash).toMatch(/^#model=nn\.Conv2d\(3,%2010,%20kernel_size=3\);nn\.ReLU\(\);/);
    expect(hash).toContain('&input=1x3x130x130&source=shapes&seed=7&kernels=');
    const back = decodeHash(hash);
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(engine.parse(back.state.model ?? '').layers).toEqual(classicLayers());
    expect(back.state).toMatchObject({ inputShape: [1, 3, 130, 130], source: 'shapes', seed: 7 });
    expect(back.state.kernels).toEqual([
      { layer: 0, out: 2, bias: 0.5, weights: [1, -1, 0.333333] },
    ]);
  });

  it('parses the classic code to the classic specs', () => {
    expect(engine.parse(CLASSIC_CODE).layers).toEqual(classicLayers());
    expect(compactCode(CLASSIC_CODE)).toBe(
      'nn.Conv2d(3, 10, kernel_size=3);nn.ReLU();nn.MaxPool2d(kernel_size=4, stride=4);' +
        'nn.Conv2d(10, 20, kernel_size=5, padding=2);nn.ReLU();' +
        'nn.MaxPool2d(kernel_size=2, stride=2);nn.Flatten();' +
        'nn.Linear(in_features=5120, out_features=10)',
    );
  });

  it('rejects hostile and malformed hashes with a specific message', () => {
    const cases: [string, RegExp][] = [
      ['#input=1x3x99999999999x4', /larger than 100,000/],
      ['#input=1x3x1e9x4', /whole number/],
      ['#input=-1x3', /whole number/],
      ['#seed=4294967296', /larger than/],
      ['#model=%E0%A4%A', /percent-encoded/],
      ['#source=<script>alert(1)</script>', /no input image '<script>alert/],
      ['#kernels=[[0,0,0,"x"]]', /finite numbers/],
      ['#kernels={', /not valid JSON/],
      ['#kernels=[[0,0,0,1e300]]', /within/],
      ['#evil=1', /unknown setting 'evil'/],
      ['#seed=1&seed=2', /appears twice/],
      ['#model=' + 'x'.repeat(70_000), /characters long/],
    ];
    for (const [hash, message] of cases) {
      const r = decodeHash(hash);
      expect(r.ok, hash).toBe(false);
      if (!r.ok) expect(r.message, hash).toMatch(message);
    }
    // A hostile model decodes as text; the engine's parser then refuses it.
    const r = decodeHash('#model=' + encodeURIComponent('<script>alert(1)</script>'));
    expect(r.ok).toBe(true);
    if (r.ok) expect(engine.parse(r.state.model ?? '').ok).toBe(false);
    expect(decodeHash('')).toEqual({ ok: true, state: {} });
  });
});

describe('kernel edits', () => {
  it('replace by (layer, channel) and follow moved layers', () => {
    let k = withKernelEdit([], { layer: 3, out: 1, bias: 0, weights: [1] });
    k = withKernelEdit(k, { layer: 0, out: 0, bias: 0, weights: [2] });
    k = withKernelEdit(k, { layer: 3, out: 1, bias: 1, weights: [3] });
    expect(k.map((e) => [e.layer, e.out, e.weights[0]])).toEqual([
      [0, 0, 2],
      [3, 1, 3],
    ]);
    expect(remapKernels(k, [-1, 0, 1, 5]).map((e) => e.layer)).toEqual([5]);
  });
});

describe('History', () => {
  it('undoes, redoes and coalesces typing in one field', () => {
    const h = new History(0);
    h.push(1, 'a', 0);
    h.push(2, 'a', 500);
    h.push(3, 'b', 600);
    h.push(4, 'b', 5000);
    expect(h.undo()).toBe(3);
    expect(h.undo()).toBe(2);
    expect(h.undo()).toBe(0);
    expect(h.canUndo).toBe(false);
    expect(h.redo()).toBe(2);
    h.push(9);
    expect(h.canRedo).toBe(false);
  });
});

describe('pythonLiteral', () => {
  it('writes values that the engine parses back to the same value', () => {
    const values = [3, [3, 5], [2], 'same', "it's", true, false, null, 0.01, Infinity, -Infinity];
    for (const v of values) {
      const code = `nn.Unflatten(1, ${pythonLiteral(v)})`;
      const parsed = engine.parse(code);
      expect(parsed.ok, code).toBe(true);
      expect(parsed.layers[0].args.unflattened_size, code).toEqual(v);
    }
  });
});

describe('kernel presets', () => {
  it('gives the textbook 3 × 3 kernels', () => {
    expect(presetKernel('Sobel x', 3, 3)).toEqual([-1, 0, 1, -2, 0, 2, -1, 0, 1]);
    expect(presetKernel('Sobel y', 3, 3)).toEqual([-1, -2, -1, 0, 0, 0, 1, 2, 1]);
    expect(presetKernel('sharpen', 3, 3)).toEqual([0, -1, 0, -1, 5, -1, 0, -1, 0]);
    expect(presetKernel('emboss', 3, 3)).toEqual([-2, -1, 0, -1, 1, 1, 0, 1, 2]);
    expect(presetKernel('outline', 3, 3)).toEqual([-1, -1, -1, -1, 8, -1, -1, -1, -1]);
    expect(presetKernel('Laplacian', 3, 3)).toEqual([0, 1, 0, 1, -4, 1, 0, 1, 0]);
    expect(presetKernel('Gaussian blur', 3, 3).map((v) => v * 16)).toEqual([
      1, 2, 1, 2, 4, 2, 1, 2, 1,
    ]);
    expect(presetKernel('identity', 3, 3)).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 0]);
  });

  it('extends to other sizes: blurs sum to 1, edge filters to 0', () => {
    for (const [kh, kw] of [
      [5, 5],
      [1, 7],
      [4, 2],
      [1, 1],
    ]) {
      for (const name of PRESET_NAMES) {
        const k = presetKernel(name, kh, kw);
        expect(k, name).toHaveLength(kh * kw);
        const sum = k.reduce((a, b) => a + b, 0);
        if (['box blur', 'Gaussian blur', 'identity', 'sharpen'].includes(name))
          expect(sum, `${name} ${kh}x${kw}`).toBeCloseTo(1);
        if (['Laplacian', 'outline'].includes(name)) expect(sum, name).toBeCloseTo(0);
      }
    }
    expect(presetKernel('Sobel x', 5, 5).slice(0, 5)).toEqual([-1, -2, 0, 2, 1]);
  });
});

describe('input tensor', () => {
  it('reads batched and unbatched shapes of 1-, 2- and 3-D stacks', () => {
    expect(inputLayout([1, 3, 130, 130], 2)).toMatchObject({
      batch: 1,
      batched: true,
      channels: 3,
      width: 130,
      height: 130,
    });
    expect(inputLayout([3, 20, 30], 2)).toMatchObject({ batched: false, width: 30, height: 20 });
    expect(inputLayout([2, 4, 50], 1)).toMatchObject({
      batch: 2,
      channels: 4,
      width: 50,
      height: 1,
    });
    expect(inputLayout([1, 2, 3], 3)).toBeUndefined();
    expect(inputLayout([8], 0)).toMatchObject({ channels: 8, spatial: [] });
  });

  it('converts RGBA to planar [0, 1], grey for one channel, repeated batches', () => {
    const rgba = new Uint8ClampedArray([255, 0, 0, 255, 0, 255, 51, 255]); // 2 × 1 pixels
    const rgb = tensorFromRgba(rgba, inputLayout([2, 3, 1, 2], 2)!);
    expect(Array.from(rgb.slice(0, 6))).toEqual([1, 0, 0, 1, 0, Math.fround(0.2)]);
    expect(Array.from(rgb.slice(6))).toEqual(Array.from(rgb.slice(0, 6)));
    const grey = tensorFromRgba(rgba, inputLayout([1, 2], 2 - 1)!);
    expect(grey[0]).toBeCloseTo(0.299);
  });
});

describe('colormap', () => {
  it('builds viridis and red-blue tables from d3-scale-chromatic', () => {
    const v = lutOf('sequential');
    expect(Array.from(v.slice(0, 3))).toEqual([68, 1, 84]);
    expect(Array.from(v.slice(765))).toEqual([253, 231, 37]);
    const d = lutOf('diverging');
    expect(d[0]).toBeLessThan(d[2]); // blue end
    expect(d[765]).toBeGreaterThan(d[767]); // red end
  });

  it('is sequential for non-negative maps and symmetric diverging for signed ones', () => {
    expect(rangeOf(new Float32Array([0, 2, 1]))).toMatchObject({
      kind: 'sequential',
      lo: 0,
      hi: 2,
    });
    expect(rangeOf(new Float32Array([-1, 3]))).toMatchObject({ kind: 'diverging', lo: -3, hi: 3 });
    expect(rangeOf(new Float32Array([5, 5]))).toMatchObject({ lo: 5, hi: 6 });
    expect(rangeOf(new Float32Array([NaN, 1, 2])).nonFinite).toBe(true);
    const out = new Uint8ClampedArray(12);
    paintPlane(new Float32Array([-3, 0, NaN]), 0, 3, 1, rangeOf(new Float32Array([-3, 3])), out);
    expect(out[2]).toBeGreaterThan(out[0]); // negative is blue
    expect([out[8], out[9], out[10]]).toEqual([255, 0, 255]); // NaN is magenta
    expect(Math.abs(out[4] - out[6])).toBeLessThan(20); // zero is near white
  });
});

describe('feature-map atlas', () => {
  it('lays channels out in rows and maps pixels back to (channel, y, x)', () => {
    const g = mapsOf([1, 10, 128, 120], true)!;
    const a = atlasOf(g, 10, 600);
    expect(a).toMatchObject({ cols: 4, rows: 3, tileW: 120, tileH: 128, gap: 4, scaleX: 1 });
    expect(a.width).toBe(4 * 120 + 3 * 4);
    expect(hitAtlas(a, 0, 0)).toEqual({ c: 0, x: 0, y: 0 });
    expect(hitAtlas(a, 124 + 5, 132 + 7)).toEqual({ c: 5, x: 5, y: 7 });
    expect(hitAtlas(a, 121, 0)).toBeUndefined(); // the gap
    expect(hitAtlas(a, 2 * 124 + 1, 2 * 132 + 1)).toBeUndefined(); // past the last channel
    expect(tileOrigin(a, 9)).toEqual({ x: 124, y: 264 });
    const small = atlasOf(mapsOf([20, 16, 16], false)!, 20, 375);
    expect(small.scaleX).toBe(6);
    expect(small.cols * (16 + small.gap) * 6).toBeLessThanOrEqual(375 + small.gap * 6);
    expect(mapsOf([1, 5120], true)).toMatchObject({ kind: 'wrapped', width: 72, height: 72 });
    expect(mapsOf([1, 10], true)).toMatchObject({ kind: 'values' });
  });
});

describe('layer card edits', () => {
  it('compose one layer of code from the fields and find the field of an error', () => {
    const { code, starts } = composeLayer('Conv2d', {
      in_channels: '3',
      out_channels: '10',
      kernel_size: '3x',
      stride: ' ',
    });
    expect(code).toBe('nn.Conv2d(in_channels=3, out_channels=10, kernel_size=3x)');
    const parsed = engine.parse(code);
    expect(parsed.error).toMatchObject({ kind: 'SyntaxError', message: 'invalid number literal' });
    expect(fieldAt(starts, parsed.error?.column ?? 0)).toBe('kernel_size');
    // An unclosed '(' is reported where the call opens: no field (the card uses the edited one).
    const open = composeLayer('Conv2d', { kernel_size: '(3, ' });
    expect(fieldAt(open.starts, engine.parse(open.code).error?.column ?? 0)).toBeUndefined();
    const ok = composeLayer('Conv2d', {
      in_channels: '3',
      out_channels: '10',
      kernel_size: '(3, 5)',
      padding: "'same'",
    });
    expect(engine.parse(ok.code).layers[0].args).toEqual({
      in_channels: 3,
      out_channels: 10,
      kernel_size: [3, 5],
      padding: 'same',
    });
  });

  it('apply kernel edits to seeded weights and skip the ones that do not fit', () => {
    const base = { '0.weight': new Float32Array(8), '0.bias': new Float32Array(2) };
    const out = applyKernels(base, [
      { layer: 0, out: 1, bias: 0.5, weights: [1, 2, 3, 4] },
      { layer: 0, out: 2, bias: 1, weights: [9, 9, 9, 9] }, // no channel 2
      { layer: 0, out: 0, bias: 1, weights: [9, 9, 9] }, // wrong size
      { layer: 3, out: 0, bias: 1, weights: [1] }, // no such layer
    ]);
    expect(Array.from(out['0.weight'])).toEqual([0, 0, 0, 0, 1, 2, 3, 4]);
    expect(Array.from(out['0.bias'])).toEqual([0, 0.5]);
    expect(Object.keys(out).sort()).toEqual(['0.bias', '0.weight']);
    expect(Array.from(base['0.weight'])).toEqual(new Array(8).fill(0)); // base untouched
  });
});

describe('window geometry', () => {
  it('writes the output-size formula ending in the engine’s size, for random layers', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 16) % n;
    };
    const catalogue = new LayerCatalogue(engine.layers());
    let checked = 0;
    for (let i = 0; i < 400; i++) {
      const kind = ['Conv2d', 'MaxPool2d', 'AvgPool2d', 'ConvTranspose2d'][i % 4];
      const k = 1 + rand(4);
      const args: Record<string, number | boolean | string> = {
        kernel_size: k,
        stride: 1 + rand(3),
        padding: rand(Math.floor(k / 2) + 1),
      };
      if (kind.startsWith('Conv'))
        Object.assign(args, { in_channels: 1, out_channels: 1, dilation: 1 + rand(2) });
      if (kind.endsWith('Pool2d')) args.ceil_mode = rand(2) === 1;
      if (kind === 'MaxPool2d') args.dilation = 1 + rand(2);
      if (kind === 'Conv2d' && rand(4) === 0 && args.stride === 1) args.padding = 'same';
      const spec = { kind, args };
      const size = 3 + rand(10);
      const plan = engine.plan([spec], [1, 1, size, size + 1]);
      if (!plan.ok) continue;
      const op = catalogue.windowOp(kind)!;
      const g = geometryOf(spec, op, 2);
      const out = plan.outputShape!;
      for (const [d, name] of [
        [0, 'H'],
        [1, 'W'],
      ] as const) {
        const text = sizeFormula(op, g[d], size + d, out[2 + d], args.ceil_mode === true, name);
        expect(Number(/(\d+)$/.exec(text)?.[1]), `${JSON.stringify(spec)}: ${text}`).toBe(
          out[2 + d],
        );
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('shows the padding values the engine reads (reflect, replicate, circular)', () => {
    for (const mode of ['reflect', 'replicate', 'circular', 'zeros']) {
      const model = engine.load(
        `nn.Conv1d(1, 1, 5, padding=3, padding_mode='${mode}', bias=False)`,
        [1, 1, 6],
      );
      model.forward(new Float32Array([0, 1, 2, 3, 4, 5]));
      for (let x = 0; x < 8; x++) {
        for (const t of model.explain(0, [0, 0, x]).terms) {
          expect(padSource(t.pos[2], 6, mode), `${mode} ${t.pos[2]}`).toBe(t.source[2]);
        }
      }
      model.delete();
    }
  });
});

describe('receptive field regions', () => {
  it('place an output cell’s field in the stack’s input, padding included', () => {
    const plan = engine.plan(CLASSIC_CODE, [1, 3, 130, 130]);
    const conv2 = plan.layers[3]; // 22 × 22, jump 4, start −8
    expect(inputRegion(conv2, [1, 3, 130, 130], 0, [0, 0])).toMatchObject({
      y0: -8,
      y1: 13,
      x0: -8,
      x1: 13,
    });
    const inside = inputRegion(conv2, [1, 3, 130, 130], 2, [10, 5])!;
    expect(inside).toMatchObject({ y0: 32, y1: 53, x0: 12, x1: 33 });
    expect(inside.label).not.toContain('padding');
    expect(inside.label).toContain(
      'layer 3 Conv2d, channel 2, cell (10, 5): input 32–53 × 12–33 (size 22 × 22, jump 4 × 4',
    );
    expect(inputRegion(plan.layers[7], [1, 3, 130, 130], 0, [3])).toBeUndefined(); // Linear: whole input
  });
});
