// Pure number and shape formatting for the UI.

/** [1, 20, 16, 16] -> "1 × 20 × 16 × 16"; [] -> "scalar". */
export function formatShape(shape: readonly number[]): string {
  return shape.length ? shape.join(' × ') : 'scalar';
}

// One formatter (constructing Intl formatters is slow; toLocaleString makes one per call).
const COUNT = new Intl.NumberFormat('en-US');

/** 5020 -> "5,020". */
export function formatCount(n: number): string {
  return COUNT.format(n);
}
