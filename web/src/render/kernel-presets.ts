// Classic image kernels for any kernel size (kh × kw), for the kernel editor.
// 3 × 3 gives the textbook values; larger sizes extend them (binomial
// smoothing, centred differences). A preset fills one output channel of a
// conv weight: every input slice of the channel gets the plane.

export const PRESET_NAMES = [
  'identity',
  'box blur',
  'Gaussian blur',
  'sharpen',
  'Sobel x',
  'Sobel y',
  'emboss',
  'outline',
  'Laplacian',
] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

function binomial(n: number): number[] {
  let row = [1];
  for (let i = 1; i < n; i++) row = [...row, 0].map((v, j) => v + (j ? row[j - 1] : 0));
  return row;
}

// A centred derivative of length n: [-1, 0, 1] for 3, [-1, -2, 0, 2, 1] for 5.
function derivative(n: number): number[] {
  if (n < 2) return [0];
  const smooth = binomial(n - 1);
  return Array.from({ length: n }, (_, i) => (smooth[i - 1] ?? 0) - (smooth[i] ?? 0));
}

const outer = (col: number[], row: number[]) => col.flatMap((c) => row.map((r) => c * r));

/** The preset as kh × kw values, row-major. */
export function presetKernel(name: PresetName, kh: number, kw: number): number[] {
  const n = kh * kw;
  const cy = (kh - 1) >> 1;
  const cx = (kw - 1) >> 1;
  const centre = cy * kw + cx;
  const at = (f: (y: number, x: number) => number) =>
    Array.from({ length: n }, (_, i) => f(Math.floor(i / kw), i % kw));
  switch (name) {
    case 'identity':
      return at((y, x) => (y === cy && x === cx ? 1 : 0));
    case 'box blur':
      return at(() => 1 / n);
    case 'Gaussian blur': {
      const g = outer(binomial(kh), binomial(kw));
      const sum = g.reduce((a, b) => a + b, 0);
      return g.map((v) => v / sum);
    }
    case 'sharpen': {
      // identity + (identity − cross blur): 3 × 3 gives [0 −1 0; −1 5 −1; 0 −1 0].
      const k = at((y, x) => (Math.abs(y - cy) + Math.abs(x - cx) === 1 ? -1 : 0));
      k[centre] = 1 - k.reduce((a, b) => a + b, 0);
      return k;
    }
    case 'Sobel x':
      return outer(binomial(kh), derivative(kw));
    case 'Sobel y':
      return outer(derivative(kh), binomial(kw));
    case 'emboss':
      return at((y, x) =>
        y === cy && x === cx
          ? 1
          : Math.sign(y - cy + (x - cx)) * (1 + (y === cy || x === cx ? 0 : 1)),
      );
    case 'outline': {
      const k = at(() => -1);
      k[centre] = n - 1;
      return k;
    }
    case 'Laplacian': {
      const k = at((y, x) => (Math.abs(y - cy) + Math.abs(x - cx) === 1 ? 1 : 0));
      k[centre] = -k.reduce((a, b) => a + b, 0);
      return k;
    }
  }
}

// Presets that average: spread over the input slices, so the channel still does.
const AVERAGING: readonly PresetName[] = ['identity', 'box blur', 'Gaussian blur', 'sharpen'];

/** Kernel geometry of a conv layer from its state_dict weight shape [out, in/groups, ...k]. */
export function kernelGeometry(weightShape: readonly number[]) {
  const [out = 0, inPerGroup = 0, ...k] = weightShape;
  const kw = k.at(-1) ?? 1;
  const kh = k.length >= 2 ? k[k.length - 2] : 1;
  const kd = k.length === 3 ? k[0] : 1;
  return { out, inPerGroup, kd, kh, kw, perOut: inPerGroup * kd * kh * kw };
}

/** The weights of one output channel with a preset on every input slice. */
export function presetWeights(name: PresetName, shape: readonly number[]): number[] {
  const g = kernelGeometry(shape);
  const plane = presetKernel(name, g.kh, g.kw);
  const scale = AVERAGING.includes(name) ? 1 / g.inPerGroup : 1;
  const centre = (g.kd - 1) >> 1;
  const out: number[] = [];
  for (let i = 0; i < g.inPerGroup; i++) {
    for (let d = 0; d < g.kd; d++) {
      for (const v of plane) out.push(d === centre ? v * scale : 0);
    }
  }
  return out;
}
