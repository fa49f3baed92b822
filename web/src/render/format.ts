// Pure number and shape formatting for the UI: every way a shape (or a list
// of sizes, or a position) is written as text, and read back, is here.

/** [1, 20, 16, 16] -> "1 × 20 × 16 × 16"; [] -> "scalar". */
export function formatShape(shape: readonly number[]): string {
  return shape.length ? formatSizes(shape) : 'scalar';
}

/** Sizes per dim: [26, 26] -> "26 × 26", or compact "26×26" where space is short. */
export function formatSizes(sizes: readonly (number | string)[], compact = false): string {
  return sizes.join(compact ? '×' : ' × ');
}

/** [0, 1, 2] -> "(0, 1, 2)": a position or a shape as a tuple. */
export function formatTuple(values: readonly number[]): string {
  return `(${formatList(values)})`;
}

/** [1, 3, 130, 130] -> "1, 3, 130, 130" (what the input shape field shows; parseShape reads it). */
export function formatList(values: readonly number[]): string {
  return values.join(', ');
}

/** [1, 3, 64, 64] -> "1x3x64x64": a shape in a link, an attribute or an answer. */
export function shapeToken(shape: readonly number[]): string {
  return shape.join('x');
}

/** "1x3x64x64" -> ["1", "3", "64", "64"], for a reader that checks every part ('' -> []). */
export function shapeTokenParts(token: string): string[] {
  return token === '' ? [] : token.split('x');
}

/** A shape as a person writes it ("(1, 3, 64, 64)") as a token ("1x3x64x64"), unchecked. */
export function shapeTokenOf(text: string): string {
  return shapeParts(text).join('x');
}

/** "1, 3, 130, 130", "[3, 32, 32]" or "1x3x32x32" -> numbers, or what is wrong. */
export function parseShape(text: string): number[] | string {
  const shape: number[] = [];
  for (const part of shapeParts(text)) {
    if (!/^\d{1,15}$/.test(part)) return `Input shape: '${part}' is not a whole number ≥ 0`;
    shape.push(Number(part));
  }
  return shape;
}

/** The sizes of a shape as a person writes it: in brackets or not, split by commas, x, × or spaces. */
function shapeParts(text: string): string[] {
  const body = text.trim().replace(/^[[(]|[\])]$/g, '');
  return body.split(/[,x×\s]+/).filter((p) => p !== '');
}

/** Four significant digits, plain notation where it reads well. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'inf' : '-inf';
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e5 ? String(Number(v.toPrecision(4))) : v.toExponential(2);
}

// One formatter (constructing Intl formatters is slow; toLocaleString makes one per call).
const COUNT = new Intl.NumberFormat('en-US');

/** 5020 -> "5,020". */
export function formatCount(n: number): string {
  return COUNT.format(n);
}
