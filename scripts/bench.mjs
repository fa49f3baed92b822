// npm run bench: ConvPlay's WASM build through its public API against
// tfjs-backend-wasm (XNNPACK) and onnxruntime-web (wasm EP), single thread,
// in one Node process, and beside them ConvPlay's kernels alone.
//
// Per case, with the same input and the same weights everywhere:
//  - kernel:     Network::Forward timed inside WASM (wasm/bench.cc): the ops
//                alone, no JS boundary;
//  - API:        what an npm user runs: model.input.set(x), model.run(), the
//                output read through its view (engine.load beforehand);
//  - forward:    model.forward(x): copies the input in and the output out;
//  - tfjs op:    the op call on a tensor already uploaded (NHWC);
//  - tfjs io:    upload (tf.tensor) + op + readback (dataSync);
//  - ort:        InferenceSession.run of a one-node (or chain) ONNX model
//                built here, with its own JS <-> WASM copies.
// Every implementation warms up first (V8 starts WASM in its baseline tier),
// then one run of each in turn, RUNS times (ABC… ABC…, so all see the same
// machine), medians. Outputs are compared (max |Δ| against ConvPlay's) so no
// figure is of a wrong answer. Ratios are ConvPlay API time ÷ the other's;
// the worst comes last.
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as ort from 'onnxruntime-web';
import { createEngine } from '../dist/convplay.js';
import { onnxChain } from './bench-onnx.mjs';

const require = createRequire(import.meta.url);
const RUNS = Number(process.env.BENCH_RUNS ?? 25);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 20);
// BENCH_CASES=2 runs the first two cases only (the smoke test).
const ONLY = process.env.BENCH_CASES ? Number(process.env.BENCH_CASES) : undefined;

const createBench = require('../build/wasm/wasm/convplay_bench.cjs');
const bench = await createBench();
const engine = await createEngine({ simd: 'on' });

const tfDir = path.dirname(
  require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'),
);
setWasmPaths(`${tfDir}/`);
setThreadsCount(1);
await tf.setBackend('wasm');
await tf.ready();

ort.env.wasm.numThreads = 1;
ort.env.logLevel = 'error';

// Layers: scalars apply to every spatial dim.
const conv = (cin, cout, k, { stride = 1, pad = 0, dilation = 1, groups = 1, dims = 2 } = {}) => ({
  op: 'conv',
  cin,
  cout,
  k,
  stride,
  pad,
  dilation,
  groups,
  dims,
});
const pool = (op, k, { stride = k, pad = 0 } = {}) => ({ op, k, stride, pad, dims: 2 });

const CASES = [
  // The cases of issue 13's table, then overlapping average pooling.
  {
    name: 'MaxPool2d(4,4) on 10×128²',
    code: 'nn.MaxPool2d(4,4)',
    shape: [1, 10, 128, 128],
    layers: [pool('max', 4)],
  },
  {
    name: 'MaxPool2d(2,2) on 64×112²',
    code: 'nn.MaxPool2d(2,2)',
    shape: [1, 64, 112, 112],
    layers: [pool('max', 2)],
  },
  {
    name: 'depthwise Conv2d(32,32,3,p=1,g=32) on 112²',
    code: 'nn.Conv2d(32,32,3,padding=1,groups=32)',
    shape: [1, 32, 112, 112],
    layers: [conv(32, 32, 3, { pad: 1, groups: 32 })],
  },
  {
    name: 'Conv2d(128,128,3,p=1,s=2) on 28²',
    code: 'nn.Conv2d(128,128,3,padding=1,stride=2)',
    shape: [1, 128, 28, 28],
    layers: [conv(128, 128, 3, { pad: 1, stride: 2 })],
  },
  {
    name: 'Conv2d(3,16,3,p=1) on 224²',
    code: 'nn.Conv2d(3,16,3,padding=1)',
    shape: [1, 3, 224, 224],
    layers: [conv(3, 16, 3, { pad: 1 })],
  },
  {
    name: 'AvgPool2d(3,2,p=1) on 64×112²',
    code: 'nn.AvgPool2d(3,stride=2,padding=1)',
    shape: [1, 64, 112, 112],
    layers: [pool('avg', 3, { stride: 2, pad: 1 })],
  },
  // More: the classic demo stack and its layers, wider convs, 1-D and 3-D.
  {
    name: 'classic stack (4 layers) on 3×130²',
    code: 'nn.Sequential(nn.Conv2d(3,10,3), nn.MaxPool2d(4,4), nn.Conv2d(10,20,5,padding=2), nn.MaxPool2d(2,2))',
    shape: [1, 3, 130, 130],
    layers: [conv(3, 10, 3), pool('max', 4), conv(10, 20, 5, { pad: 2 }), pool('max', 2)],
  },
  {
    name: 'Conv2d(3,10,3) on 130²',
    code: 'nn.Conv2d(3,10,3)',
    shape: [1, 3, 130, 130],
    layers: [conv(3, 10, 3)],
  },
  {
    name: 'Conv2d(10,20,5,p=2) on 32²',
    code: 'nn.Conv2d(10,20,5,padding=2)',
    shape: [1, 10, 32, 32],
    layers: [conv(10, 20, 5, { pad: 2 })],
  },
  {
    name: 'MaxPool2d(2,2) on 20×32²',
    code: 'nn.MaxPool2d(2,2)',
    shape: [1, 20, 32, 32],
    layers: [pool('max', 2)],
  },
  {
    name: 'Conv2d(64,64,3,p=1) on 56²',
    code: 'nn.Conv2d(64,64,3,padding=1)',
    shape: [1, 64, 56, 56],
    layers: [conv(64, 64, 3, { pad: 1 })],
  },
  {
    name: 'Conv2d(16,32,5,dilation=2) on 64²',
    code: 'nn.Conv2d(16,32,5,dilation=2)',
    shape: [1, 16, 64, 64],
    layers: [conv(16, 32, 5, { dilation: 2 })],
  },
  {
    name: 'Conv1d(40,64,5,p=2) on L=16000',
    code: 'nn.Conv1d(40,64,5,padding=2)',
    shape: [1, 40, 16000],
    layers: [conv(40, 64, 5, { pad: 2, dims: 1 })],
  },
  {
    name: 'Conv3d(4,8,3,p=1) on 16×64²',
    code: 'nn.Conv3d(4,8,3,padding=1)',
    shape: [1, 4, 16, 64, 64],
    layers: [conv(4, 8, 3, { pad: 1, dims: 3 })],
  },
].slice(0, ONLY);

const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const numel = (shape) => shape.reduce((a, b) => a * b, 1);

function randomInput(n, seed) {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

// NCHW (or NCL) <-> tfjs's NHWC (a 1-D signal as height 1).
function toNhwc(x, [n, c, h, w]) {
  const out = new Float32Array(x.length);
  for (let b = 0; b < n; b++)
    for (let ch = 0; ch < c; ch++)
      for (let i = 0; i < h * w; i++) out[(b * h * w + i) * c + ch] = x[(b * c + ch) * h * w + i];
  return out;
}
function fromNhwc(y, [n, c, h, w]) {
  const out = new Float32Array(y.length);
  for (let b = 0; b < n; b++)
    for (let ch = 0; ch < c; ch++)
      for (let i = 0; i < h * w; i++) out[(b * c + ch) * h * w + i] = y[(b * h * w + i) * c + ch];
  return out;
}
const as4d = (shape) => (shape.length === 3 ? [shape[0], shape[1], 1, shape[2]] : shape);

// PyTorch's [O, I, kh, kw] weight -> tfjs's [kh, kw, I, O] (depthwise: [kh, kw, C, 1]).
function toHwio(w, o, i, kh, kw) {
  const out = new Float32Array(w.length);
  for (let a = 0; a < o; a++)
    for (let b = 0; b < i; b++)
      for (let y = 0; y < kh; y++)
        for (let x = 0; x < kw; x++)
          out[((y * kw + x) * i + b) * o + a] = w[((a * i + b) * kh + y) * kw + x];
  return out;
}

// The case in tfjs, or undefined where tfjs-backend-wasm lacks the op (3-D).
function tfjsOf(c, weights) {
  if (c.layers.some((l) => l.dims === 3)) return undefined;
  const steps = c.layers.map((l, i) => {
    if (l.op === 'max') return (x) => tf.maxPool(x, l.k, l.stride, l.pad);
    if (l.op === 'avg') return (x) => tf.avgPool(x, l.k, l.stride, l.pad);
    const w = weights[`${i}.weight`];
    const bias = tf.tensor1d(weights[`${i}.bias`]);
    const [kh, kw] = l.dims === 1 ? [1, l.k] : [l.k, l.k];
    const depthwise = l.groups > 1;
    if (depthwise && l.groups !== l.cin) throw new Error('tfjs: only depthwise grouped convs');
    const filter = depthwise
      ? tf.tensor4d(toHwio(w, 1, l.cin, kh, kw), [kh, kw, l.cin, 1])
      : tf.tensor4d(toHwio(w, l.cout, l.cin, kh, kw), [kh, kw, l.cin, l.cout]);
    const p = l.pad;
    const pad =
      l.dims === 1
        ? [
            [0, 0],
            [0, 0],
            [p, p],
            [0, 0],
          ]
        : p;
    const strides = l.dims === 1 ? [1, l.stride] : l.stride;
    const dilations = l.dims === 1 ? [1, l.dilation] : l.dilation;
    return depthwise
      ? (x) => tf.fused.depthwiseConv2d({ x, filter, bias, strides, pad, dilations })
      : (x) => tf.fused.conv2d({ x, filter, bias, strides, pad, dilations });
  });
  return (x) => {
    let y = x;
    for (const step of steps) {
      const next = step(y);
      if (y !== x) y.dispose();
      y = next;
    }
    return y;
  };
}

// The case as an ONNX model, with the same weights (PyTorch's layout is ONNX's).
function onnxOf(c, weights, plan) {
  const nodes = c.layers.map((l, i) => {
    const d = l.dims;
    const rep = (v, n = d) => Array(n).fill(v);
    const attrs = { kernel_shape: rep(l.k), strides: rep(l.stride), pads: rep(l.pad, 2 * d) };
    if (l.op === 'max') return { op: 'MaxPool', attrs };
    if (l.op === 'avg') return { op: 'AveragePool', attrs: { ...attrs, count_include_pad: 1 } };
    return {
      op: 'Conv',
      attrs: { ...attrs, dilations: rep(l.dilation), group: l.groups },
      weights: [
        { shape: [l.cout, l.cin / l.groups, ...rep(l.k)], data: weights[`${i}.weight`] },
        { shape: [l.cout], data: weights[`${i}.bias`] },
      ],
    };
  });
  return onnxChain(nodes, c.shape, plan.outputShape);
}

// tfjs's avgPool leaves padding out of the divisor (PyTorch's default
// count_include_pad=True counts it): compare it on windows without padding.
function insideMask(c, outShape) {
  const last = c.layers[c.layers.length - 1];
  if (c.layers.length !== 1 || last.op !== 'avg' || last.pad === 0) return undefined;
  const [, ch, oh, ow] = outShape;
  const [h, w] = c.shape.slice(2);
  const inside = (o, size) =>
    o * last.stride - last.pad >= 0 && o * last.stride - last.pad + last.k <= size;
  const mask = new Uint8Array(numel(outShape));
  for (let k = 0; k < ch; k++)
    for (let y = 0; y < oh; y++)
      for (let x = 0; x < ow; x++)
        mask[(k * oh + y) * ow + x] = inside(y, h) && inside(x, w) ? 1 : 0;
  return mask;
}

function maxAbsDiff(a, b, mask) {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) if (!mask || mask[i]) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

const peak = Math.max(...[1, 2, 3].map(() => bench.peakGflops(20_000_000)));
const copyBw = bench.copyBandwidth(4 * 64 * 112 * 112, 21);
console.log(
  `ConvPlay ${engine.version} (${engine.target}) vs tfjs-backend-wasm ${tf.version_core} (XNNPACK) ` +
    `vs onnxruntime-web ${ort.env.versions?.web ?? ''} (wasm EP), one thread each, Node ${process.versions.node}`,
);
console.log(`WASM SIMD128 peak (independent mul+add chains): ${peak.toFixed(1)} GFLOP/s`);
console.log(`copy bandwidth (v128 load/store, 3.2 MB, read+write): ${copyBw.toFixed(1)} GB/s`);
console.log(
  `medians of ${RUNS} runs, the implementations in turn, after ${WARMUP} warm-up runs each`,
);
console.log(
  'API = model.input.set(x) + model.run() + the output view; ratios are API ms ÷ the other ms\n',
);

const rows = [];
const ratios = []; // { what, name, value }
let disagree = false;
const fmt = (ms) => (ms === undefined ? 'n/a' : ms < 1 ? ms.toFixed(3) : ms.toFixed(2));
const ratio = (a, b) => (b === undefined ? 'n/a' : `${(a / b).toFixed(2)}×`);

for (const c of CASES) {
  const code = c.code.startsWith('nn.Sequential') ? c.code : `nn.Sequential(${c.code})`;
  const stack = new bench.Stack(code, c.shape);
  if (stack.error()) throw new Error(`${c.name}: ${stack.error()}`);
  const model = engine.load(code, c.shape, { seed: 1 });
  const plan = model.plan;
  const weights = model.weights();
  const x = randomInput(numel(c.shape), 7);
  const x4 = as4d(c.shape);
  const xNhwc = toNhwc(x, x4);
  const tfRun = tfjsOf(c, weights);
  const tfX = tfRun ? tf.tensor4d(xNhwc, [x4[0], x4[2], x4[3], x4[1]]) : undefined;
  const session = await ort.InferenceSession.create(onnxOf(c, weights, plan), {
    executionProviders: ['wasm'],
  });
  let sink = 0;

  const impls = {
    kernel: () => stack.run(), // its own time, measured in WASM
    api: () => {
      const t0 = performance.now();
      model.input.set(x);
      sink += model.run().output[0];
      return performance.now() - t0;
    },
    forward: () => {
      const t0 = performance.now();
      sink += model.forward(x, { activations: false }).output[0];
      return performance.now() - t0;
    },
    ...(tfRun && {
      tfOp: () => {
        const t0 = performance.now();
        const y = tfRun(tfX);
        const ms = performance.now() - t0;
        y.dispose();
        return ms;
      },
      tfIo: () => {
        const t0 = performance.now();
        const xt = tf.tensor4d(xNhwc, tfX.shape);
        const y = tfRun(xt);
        sink += y.dataSync()[0];
        const ms = performance.now() - t0;
        tf.dispose([xt, y]);
        return ms;
      },
    }),
    ort: async () => {
      const t0 = performance.now();
      const out = await session.run({ x: new ort.Tensor('float32', x, c.shape) });
      sink += out.y.data[0];
      const ms = performance.now() - t0;
      out.y.dispose();
      return ms;
    },
  };

  const names = Object.keys(impls);
  const times = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < WARMUP; i++) for (const n of names) await impls[n]();
  for (let i = 0; i < RUNS; i++) for (const n of names) times[n].push(await impls[n]());
  const ms = Object.fromEntries(names.map((n) => [n, median(times[n])]));

  // Same answers: ConvPlay's API output against forward(), tfjs and ORT.
  model.input.set(x);
  const ours = model.run().copy().output;
  const outShape = plan.outputShape;
  const diffs = { forward: maxAbsDiff(ours, model.forward(x, { activations: false }).output) };
  if (tfRun) {
    const y = tfRun(tfX);
    const o4 = as4d(outShape);
    diffs.tfjs = maxAbsDiff(ours, fromNhwc(y.dataSync(), o4), insideMask(c, outShape));
    y.dispose();
  }
  const ortOut = await session.run({ x: new ort.Tensor('float32', x, c.shape) });
  diffs.ort = maxAbsDiff(ours, ortOut.y.data);
  const scale = ours.reduce((m, v) => Math.max(m, Math.abs(v)), 1);
  const wrong = Object.entries(diffs).filter(([, d]) => !(d <= 1e-3 * scale));
  if (wrong.length) disagree = true;

  const isConv = c.layers.some((l) => l.op === 'conv');
  const rate = isConv
    ? `${((2 * stack.macs()) / (ms.kernel * 1e6)).toFixed(1)} GFLOP/s ${((200 * stack.macs()) / (ms.kernel * 1e6) / peak).toFixed(0)}%pk`
    : `${(stack.bytes() / (ms.kernel * 1e6)).toFixed(1)} GB/s ${((100 * stack.bytes()) / (ms.kernel * 1e6) / copyBw).toFixed(0)}%cp`;
  const add = (what, other) => {
    if (other !== undefined) ratios.push({ what, name: c.name, value: ms.api / other });
  };
  add('API ÷ tfjs op-only', ms.tfOp);
  add('API ÷ tfjs with upload/readback', ms.tfIo);
  add('API ÷ onnxruntime-web', ms.ort);
  add('API ÷ kernel-only', ms.kernel);
  rows.push([
    c.name,
    fmt(ms.kernel),
    rate,
    fmt(ms.api),
    fmt(ms.forward),
    fmt(ms.tfOp),
    fmt(ms.tfIo),
    fmt(ms.ort),
    ratio(ms.api, ms.tfOp),
    ratio(ms.api, ms.tfIo),
    ratio(ms.api, ms.ort),
    ratio(ms.api, ms.kernel),
    [diffs.tfjs, diffs.ort].map((d) => (d === undefined ? 'n/a' : d.toExponential(0))).join(' ') +
      (wrong.length ? ` DISAGREE(${wrong.map(([k]) => k).join(',')})` : ''),
  ]);
  if (!Number.isFinite(sink)) console.log(`${c.name}: non-finite output`);
  stack.delete();
  model.delete();
  tfX?.dispose();
  await session.release();
}

const header = [
  'case',
  'kernel ms',
  'kernel rate',
  'API ms',
  'forward ms',
  'tfjs op',
  'tfjs io',
  'ort ms',
  '÷tfjs op',
  '÷tfjs io',
  '÷ort',
  '÷kernel',
  'max|Δ| tfjs ort',
];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) =>
  cells
    .map((cell, i) =>
      i === 0 || i === cells.length - 1 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]),
    )
    .join('  ')
    .trimEnd();
console.log(line(header));
for (const r of rows) console.log(line(r));
console.log(
  '\n(ms: medians; tfjs io = upload + op + readback; tfjs avgPool is compared on windows without padding, ' +
    'as it leaves padding out of the divisor; tfjs-backend-wasm has no Conv3D)',
);

console.log('');
for (const what of [...new Set(ratios.map((r) => r.what))]) {
  const worst = ratios.filter((r) => r.what === what).sort((a, b) => b.value - a.value)[0];
  console.log(`worst ${what}: ${worst.value.toFixed(2)}× (${worst.name})`);
}
const worst = [...ratios].sort((a, b) => b.value - a.value)[0];
if (disagree)
  console.log('\nSOME OUTPUTS DISAGREE (see max|Δ|): those figures are of wrong answers');
console.log(`\nworst ratio: ${worst.value.toFixed(2)}× (${worst.what}, ${worst.name})`);
if (disagree) process.exitCode = 1;
