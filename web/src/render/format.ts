// Pure number and shape formatting for the UI.

/** [1, 20, 16, 16] -> "1 × 20 × 16 × 16"; [] -> "scalar". */
export function formatShape(shape: readonly number[]): string {
  return shape.length ? shape.join(' × ') : 'scalar';
}

/** 5020 -> "5,020". */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
