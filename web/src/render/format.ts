// Pure number and shape formatting for the UI.

/** [1, 20, 16, 16] -> "1 × 20 × 16 × 16"; [] -> "scalar". */
export function formatShape(shape: readonly number[]): string {
  return shape.length ? shape.join(' × ') : 'scalar';
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

/** "1, 3, 130, 130", "[3, 32, 32]" or "1x3x32x32" -> numbers, or what is wrong. */
export function parseShape(text: string): number[] | string {
  const body = text.trim().replace(/^[[(]|[\])]$/g, '');
  if (body.trim() === '') return [];
  const parts = body.split(/[,x×\s]+/).filter((p) => p !== '');
  const shape: number[] = [];
  for (const part of parts) {
    if (!/^\d{1,15}$/.test(part)) return `Input shape: '${part}' is not a whole number ≥ 0`;
    shape.push(Number(part));
  }
  return shape;
}
