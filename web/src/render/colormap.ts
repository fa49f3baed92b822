// Colour for feature maps: 256-entry lookup tables from d3-scale-chromatic,
// and a Float32 plane -> RGBA pixels painter. Non-negative maps use viridis;
// signed maps use a diverging red-blue scale centred on zero.
import { interpolateRdBu, interpolateViridis } from 'd3-scale-chromatic';

export type ColormapKind = 'sequential' | 'diverging';

/** 256 RGB triples, packed. */
export type Lut = Uint8Array;

// d3's interpolators return '#rrggbb' or 'rgb(r, g, b)'.
export function parseColour(text: string): [number, number, number] {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(text);
  if (hex) return [parseInt(hex[1], 16), parseInt(hex[2], 16), parseInt(hex[3], 16)];
  const rgb = /^rgb\((\d+), ?(\d+), ?(\d+)\)$/.exec(text);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  throw new Error(`not a colour: ${text}`);
}

function buildLut(interpolate: (t: number) => string, reverse: boolean): Lut {
  const lut = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) {
    const t = reverse ? 1 - i / 255 : i / 255;
    const [r, g, b] = parseColour(interpolate(t));
    lut[i * 3] = r;
    lut[i * 3 + 1] = g;
    lut[i * 3 + 2] = b;
  }
  return lut;
}

// The tables are constants, built once when the module loads (a few
// hundred colours: well under a millisecond).
// RdBu runs red (t=0) to blue (t=1); reversed, positive values are red.
const LUTS: Readonly<Record<ColormapKind, Lut>> = {
  sequential: buildLut(interpolateViridis, false),
  diverging: buildLut(interpolateRdBu, true),
};

// The table as whole RGBA pixels in memory order (one 32-bit store per pixel).
function pixelLut(lut: Lut): Uint32Array {
  const bytes = new Uint8Array(256 * 4);
  for (let i = 0; i < 256; i++) {
    bytes.set([lut[i * 3], lut[i * 3 + 1], lut[i * 3 + 2], 255], i * 4);
  }
  return new Uint32Array(bytes.buffer);
}
const PIXEL_LUTS: Readonly<Record<ColormapKind, Uint32Array>> = {
  sequential: pixelLut(LUTS.sequential),
  diverging: pixelLut(LUTS.diverging),
};
const pixelOf = (rgb: readonly number[]) =>
  new Uint32Array(new Uint8Array([rgb[0], rgb[1], rgb[2], 255]).buffer)[0];
const GREY = pixelOf([128, 128, 128]);

/**
 * The colours of the values no colormap holds (docs/semantics.md §8e): NaN
 * magenta, +inf cyan, −inf black — none of them on viridis or red-blue. The
 * legend names them; grey is only a wrapped vector's padding.
 */
export const NON_FINITE = {
  nan: { label: 'NaN', rgb: [255, 0, 255] },
  posInf: { label: '+inf', rgb: [0, 255, 255] },
  negInf: { label: '−inf', rgb: [0, 0, 0] },
} as const;
export type NonFiniteKind = keyof typeof NON_FINITE;
const NAN_PIXEL = pixelOf(NON_FINITE.nan.rgb);
const POS_INF_PIXEL = pixelOf(NON_FINITE.posInf.rgb);
const NEG_INF_PIXEL = pixelOf(NON_FINITE.negInf.rgb);

/** Which non-finite value v is, or undefined for a finite one. */
export function nonFiniteKind(v: number): NonFiniteKind | undefined {
  if (v - v === 0) return undefined;
  return v !== v ? 'nan' : v > 0 ? 'posInf' : 'negInf';
}

/** The CSS colour of a non-finite kind. */
export function nonFiniteColour(kind: NonFiniteKind): string {
  const [r, g, b] = NON_FINITE[kind].rgb;
  return `rgb(${r}, ${g}, ${b})`;
}

export function lutOf(kind: ColormapKind): Lut {
  return LUTS[kind];
}

/** The CSS gradient of a colormap, for its legend. */
export function cssGradient(kind: ColormapKind): string {
  const lut = lutOf(kind);
  const stops: string[] = [];
  for (let i = 0; i <= 8; i++) {
    const k = Math.round((i / 8) * 255) * 3;
    stops.push(`rgb(${lut[k]}, ${lut[k + 1]}, ${lut[k + 2]}) ${(i / 8) * 100}%`);
  }
  return `linear-gradient(to right, ${stops.join(', ')})`;
}

export interface ValueRange {
  min: number;
  max: number;
  kind: ColormapKind;
  /** The values mapped to the ends of the colormap. */
  lo: number;
  hi: number;
  /** NaN or ±inf were seen (drawn in the NON_FINITE colours). */
  nonFinite: boolean;
  /** How many of each: NaN, +inf, −inf. */
  nan: number;
  posInf: number;
  negInf: number;
}

/** The range of data[begin, end): diverging (symmetric) when it has negative values. */
export function rangeOf(data: Float32Array, begin = 0, end = data.length): ValueRange {
  let min = Infinity;
  let max = -Infinity;
  let nan = 0;
  let posInf = 0;
  let negInf = 0;
  for (let i = begin; i < end; i++) {
    const v = data[i];
    // v - v is 0 exactly when v is finite (NaN for NaN and ±inf).
    if (v - v === 0) {
      if (v < min) min = v;
      if (v > max) max = v;
    } else if (v !== v) {
      nan++;
    } else if (v > 0) {
      posInf++;
    } else {
      negInf++;
    }
  }
  const nonFinite = nan + posInf + negInf > 0;
  const counts = { nonFinite, nan, posInf, negInf };
  if (min > max) {
    min = 0;
    max = 0;
  }
  if (min < 0) {
    const m = Math.max(-min, max) || 1;
    return { min, max, kind: 'diverging', lo: -m, hi: m, ...counts };
  }
  return { min, max, kind: 'sequential', lo: min, hi: max > min ? max : min + 1, ...counts };
}

/**
 * Paints data[offset + y * width + x] for y < height, x < width as RGBA
 * pixels at out[(outOffset + y * outStride + x) * 4] (outStride defaults to
 * width: a picture of its own). NaN, +inf and −inf take their NON_FINITE
 * colours; cells from `valid` on (a wrapped vector's last row) are grey.
 */
export function paintPlane(
  data: Float32Array,
  offset: number,
  width: number,
  height: number,
  range: ValueRange,
  out: Uint8ClampedArray,
  outStride = width,
  outOffset = 0,
  valid = width * height,
): void {
  const lut = PIXEL_LUTS[range.kind];
  const pixels = new Uint32Array(out.buffer, out.byteOffset, out.byteLength >> 2);
  const scale = 255 / (range.hi - range.lo);
  const lo = range.lo;
  for (let y = 0; y < height; y++) {
    let i = offset + y * width;
    let o = outOffset + y * outStride;
    const n = Math.max(0, Math.min(width, valid - y * width));
    const end = o + n;
    for (; o < end; o++, i++) {
      const v = data[i];
      if (v - v === 0) {
        const t = ((v - lo) * scale) | 0;
        pixels[o] = lut[t < 0 ? 0 : t > 255 ? 255 : t];
      } else {
        pixels[o] = v !== v ? NAN_PIXEL : v > 0 ? POS_INF_PIXEL : NEG_INF_PIXEL;
      }
    }
    for (const stop = o + width - n; o < stop; o++) pixels[o] = GREY;
  }
}
