// How a tensor is laid out as pictures: planes (C × H × W), rows (C × L),
// a wrapped vector (F features in a near-square), or a few values as numbers.

export interface MapGrid {
  kind: 'planes' | 'rows' | 'wrapped' | 'values';
  channels: number;
  /** Picture size. */
  width: number;
  height: number;
  /** Elements per channel (≤ width × height; wrapped vectors pad with NaN). */
  planeSize: number;
  /** Elements of the item shown (batch item 0). */
  itemSize: number;
  note?: string;
}

/** The layout of a tensor of `shape`; undefined for an empty one. */
export function mapsOf(shape: readonly number[], batched: boolean): MapGrid | undefined {
  const dims = batched && shape.length > 0 ? shape.slice(1) : [...shape];
  const batchNote = batched && shape[0] > 1 ? `batch item 0 of ${shape[0]}` : undefined;
  const itemSize = dims.reduce((a, b) => a * b, 1);
  if (itemSize === 0) return undefined;
  const note = (extra?: string) => [batchNote, extra].filter(Boolean).join(' · ') || undefined;
  if (dims.length <= 1) {
    const f = dims[0] ?? 1;
    if (f <= 64)
      return {
        kind: 'values',
        channels: 1,
        width: f,
        height: 1,
        planeSize: f,
        itemSize,
        note: note(),
      };
    const width = Math.ceil(Math.sqrt(f));
    return {
      kind: 'wrapped',
      channels: 1,
      width,
      height: Math.ceil(f / width),
      planeSize: f,
      itemSize,
      note: note('features wrapped row by row'),
    };
  }
  if (dims.length === 2) {
    return {
      kind: 'rows',
      channels: dims[0],
      width: dims[1],
      height: 1,
      planeSize: dims[1],
      itemSize,
      note: note(),
    };
  }
  const [c, ...rest] = dims;
  const h = rest[rest.length - 2];
  const w = rest[rest.length - 1];
  const depth = rest.length === 3 ? rest[0] : 1;
  // 3-D maps show depth slice 0 of each channel: planes are depth × H × W.
  return {
    kind: 'planes',
    channels: c,
    width: w,
    height: h,
    planeSize: depth * h * w,
    itemSize,
    note: note(depth > 1 ? `depth slice 0 of ${depth}` : undefined),
  };
}
