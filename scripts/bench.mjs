// npm run bench: ConvPlay's WASM build against tfjs-backend-wasm (XNNPACK),
// single thread, in one Node process. Prints per case the median time,
// GFLOP/s (2·MACs/time) or GB/s, the share of the measured WASM SIMD peak
// (or copy bandwidth), and our time ÷ tfjs's time.
//
// Timing: both sides op-only. Ours inside WASM around the forward pass of a
// one-layer (or the classic) stack on NCHW data; tfjs around the op call on
// NHWC data (the WASM backend runs kernels synchronously). Each side warms
// up first (V8 starts WASM in its baseline tier), then the median of RUNS.
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

const require = createRequire(import.meta.url);
const RUNS = Number(process.env.BENCH_RUNS ?? 25);
const WARMUP = 5;

const createBench = require('../build/wasm/wasm/convplay_bench.cjs');
const bench = await createBench();

const tfDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
setWasmPaths(`${tfDir}/`);
setThreadsCount(1);
await tf.setBackend('wasm');
await tf.ready();

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const rand = (shape) => tf.randomUniform(shape, -1, 1, 'float32');

// Conv2d in PyTorch terms -> tfjs fused conv2d (bias included) on NHWC.
function tfConv2d({ cin, cout, k, h, w, stride = 1, pad = 0, dilation = 1 }) {
  const x = rand([1, h, w, cin]);
  const filter = rand([k, k, cin, cout]);
  const bias = rand([cout]);
  return () =>
    tf.fused.conv2d({ x, filter, bias, strides: stride, pad, dilations: dilation });
}

function tfDepthwise({ c, k, h, w, pad }) {
  const x = rand([1, h, w, c]);
  const filter = rand([k, k, c, 1]);
  const bias = rand([c]);
  return () => tf.fused.depthwiseConv2d({ x, filter, bias, strides: 1, pad });
}

function tfPool(kind, { c, h, w, k, stride, pad }) {
  const x = rand([1, h, w, c]);
  return kind === 'max' ? () => tf.maxPool(x, k, stride, pad) : () => tf.avgPool(x, k, stride, pad);
}

function tfClassic() {
  const x = rand([1, 130, 130, 3]);
  const w1 = rand([3, 3, 3, 10]);
  const b1 = rand([10]);
  const w2 = rand([5, 5, 10, 20]);
  const b2 = rand([20]);
  return () => {
    const a = tf.fused.conv2d({ x, filter: w1, bias: b1, strides: 1, pad: 0 });
    const b = tf.maxPool(a, 4, 4, 'valid');
    const c = tf.fused.conv2d({ x: b, filter: w2, bias: b2, strides: 1, pad: 2 });
    const d = tf.maxPool(c, 2, 2, 'valid');
    tf.dispose([a, b, c]);
    return d;
  };
}

const CASES = [
  {
    name: 'classic stack (4 layers)',
    code: 'nn.Sequential(nn.Conv2d(3,10,3), nn.MaxPool2d(4,4), nn.Conv2d(10,20,5,padding=2), nn.MaxPool2d(2,2))',
    shape: [1, 3, 130, 130],
    kind: 'conv',
    tf: tfClassic(),
  },
  {
    name: 'classic: Conv2d(3,10,3) on 130²',
    code: 'nn.Conv2d(3,10,3)',
    shape: [1, 3, 130, 130],
    kind: 'conv',
    tf: tfConv2d({ cin: 3, cout: 10, k: 3, h: 130, w: 130 }),
  },
  {
    name: 'classic: MaxPool2d(4,4) on 10×128²',
    code: 'nn.MaxPool2d(4,4)',
    shape: [1, 10, 128, 128],
    kind: 'pool',
    tf: tfPool('max', { c: 10, h: 128, w: 128, k: 4, stride: 4, pad: 'valid' }),
  },
  {
    name: 'classic: Conv2d(10,20,5,padding=2) on 32²',
    code: 'nn.Conv2d(10,20,5,padding=2)',
    shape: [1, 10, 32, 32],
    kind: 'conv',
    tf: tfConv2d({ cin: 10, cout: 20, k: 5, h: 32, w: 32, pad: 2 }),
  },
  {
    name: 'classic: MaxPool2d(2,2) on 20×32²',
    code: 'nn.MaxPool2d(2,2)',
    shape: [1, 20, 32, 32],
    kind: 'pool',
    tf: tfPool('max', { c: 20, h: 32, w: 32, k: 2, stride: 2, pad: 'valid' }),
  },
  {
    name: 'Conv2d(3,16,3,padding=1) on 224²',
    code: 'nn.Conv2d(3,16,3,padding=1)',
    shape: [1, 3, 224, 224],
    kind: 'conv',
    tf: tfConv2d({ cin: 3, cout: 16, k: 3, h: 224, w: 224, pad: 1 }),
  },
  {
    name: 'Conv2d(64,64,3,padding=1) on 56²',
    code: 'nn.Conv2d(64,64,3,padding=1)',
    shape: [1, 64, 56, 56],
    kind: 'conv',
    tf: tfConv2d({ cin: 64, cout: 64, k: 3, h: 56, w: 56, pad: 1 }),
  },
  {
    name: 'Conv2d(128,128,3,padding=1,stride=2) on 28²',
    code: 'nn.Conv2d(128,128,3,padding=1,stride=2)',
    shape: [1, 128, 28, 28],
    kind: 'conv',
    tf: tfConv2d({ cin: 128, cout: 128, k: 3, h: 28, w: 28, pad: 1, stride: 2 }),
  },
  {
    name: 'depthwise Conv2d(32,32,3,padding=1,groups=32) on 112²',
    code: 'nn.Conv2d(32,32,3,padding=1,groups=32)',
    shape: [1, 32, 112, 112],
    kind: 'conv',
    tf: tfDepthwise({ c: 32, k: 3, h: 112, w: 112, pad: 1 }),
  },
  {
    name: 'Conv2d(16,32,5,dilation=2) on 64²',
    code: 'nn.Conv2d(16,32,5,dilation=2)',
    shape: [1, 16, 64, 64],
    kind: 'conv',
    tf: tfConv2d({ cin: 16, cout: 32, k: 5, h: 64, w: 64, dilation: 2 }),
  },
  {
    name: 'Conv1d(40,64,5,padding=2) on L=16000',
    code: 'nn.Conv1d(40,64,5,padding=2)',
    shape: [1, 40, 16000],
    kind: 'conv',
    // tfjs's conv1d is a 2-D conv of height 1; the fused op adds the bias.
    tf: (() => {
      const x = rand([1, 1, 16000, 40]);
      const filter = rand([1, 5, 40, 64]);
      const bias = rand([64]);
      return () =>
        tf.fused.conv2d({ x, filter, bias, strides: 1, pad: [[0, 0], [0, 0], [2, 2], [0, 0]] });
    })(),
  },
  {
    name: 'Conv3d(4,8,3,padding=1) on 16×64×64',
    code: 'nn.Conv3d(4,8,3,padding=1)',
    shape: [1, 4, 16, 64, 64],
    kind: 'conv',
    tf: undefined, // tfjs-backend-wasm has no Conv3D kernel
  },
  {
    name: 'MaxPool2d(2,2) on 64×112²',
    code: 'nn.MaxPool2d(2,2)',
    shape: [1, 64, 112, 112],
    kind: 'pool',
    tf: tfPool('max', { c: 64, h: 112, w: 112, k: 2, stride: 2, pad: 'valid' }),
  },
  {
    name: 'AvgPool2d(3,stride=2,padding=1) on 64×112²',
    code: 'nn.AvgPool2d(3,stride=2,padding=1)',
    shape: [1, 64, 112, 112],
    kind: 'pool',
    tf: tfPool('avg', { c: 64, h: 112, w: 112, k: 3, stride: 2, pad: 1 }),
  },
];

const peak = Math.max(...[1, 2, 3].map(() => bench.peakGflops(20_000_000)));
const copy = bench.copyBandwidth(4 * 64 * 112 * 112, 21);
console.log(`ConvPlay ${bench.target()} build vs tfjs-backend-wasm ${tf.version_core} (XNNPACK), single thread`);
console.log(`WASM SIMD128 peak (independent mul+add chains): ${peak.toFixed(1)} GFLOP/s`);
console.log(`copy bandwidth (v128 load/store, 3.2 MB, read+write): ${copy.toFixed(1)} GB/s`);
console.log(`median of ${RUNS} alternating runs (ours, tfjs) after ${4 * WARMUP} warm-up runs each\n`);

// Each case: warm both sides up, then alternate one run of ours and one of
// tfjs's, so both see the same machine conditions; medians of RUNS.
const rows = [];
for (const c of CASES) {
  const code = c.code.startsWith('nn.Sequential') ? c.code : `nn.Sequential(${c.code})`;
  const stack = new bench.Stack(code, c.shape);
  if (stack.error()) throw new Error(`${c.name}: ${stack.error()}`);
  for (let i = 0; i < 4 * WARMUP; i++) {
    stack.run();
    if (c.tf) tf.dispose(c.tf());
  }
  const ours = [];
  const theirs = [];
  for (let i = 0; i < RUNS; i++) {
    ours.push(stack.run());
    if (c.tf) {
      const t0 = performance.now();
      const y = c.tf();
      theirs.push(performance.now() - t0);
      tf.dispose(y);
    }
  }
  const ms = median(ours);
  const tfMs = c.tf ? median(theirs) : undefined;
  let rate;
  let share;
  if (c.kind === 'conv') {
    const gflops = (2 * stack.macs()) / (ms * 1e6);
    rate = `${gflops.toFixed(1)} GFLOP/s`;
    share = `${((100 * gflops) / peak).toFixed(0)}% of peak`;
  } else {
    const gbs = stack.bytes() / (ms * 1e6);
    rate = `${gbs.toFixed(1)} GB/s`;
    share = `${((100 * gbs) / copy).toFixed(0)}% of copy`;
  }
  stack.delete();
  rows.push([
    c.name,
    ms.toFixed(3),
    rate,
    share,
    tfMs === undefined ? 'n/a' : tfMs.toFixed(3),
    tfMs === undefined ? 'n/a' : `${(ms / tfMs).toFixed(2)}×`,
  ]);
}
const header = ['case', 'ms', 'rate', 'share', 'tfjs ms', 'ours ÷ tfjs'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
console.log(line(header));
for (const r of rows) console.log(line(r));
