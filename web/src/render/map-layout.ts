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

/** Channels side by side on one canvas (one picture per layer is far cheaper to composite than one per channel). */
export interface Atlas {
  channels: number;
  cols: number;
  rows: number;
  /** Tile size and the gap between tiles, in data pixels. */
  tileW: number;
  tileH: number;
  gap: number;
  /** Canvas size in data pixels, and CSS pixels per data pixel. */
  width: number;
  height: number;
  scaleX: number;
  scaleY: number;
}

/** Lays `channels` tiles of the grid out in rows no wider than `maxCssWidth`. */
export function atlasOf(g: MapGrid, channels: number, maxCssWidth: number): Atlas {
  const tileW = g.width;
  const tileH = g.height;
  const rowsKind = g.kind === 'rows';
  // Small maps are enlarged to about 96 CSS px; 1-D rows are drawn 10 px tall.
  const scaleX = rowsKind
    ? Math.max(1, Math.floor(192 / tileW))
    : Math.max(1, Math.floor(96 / Math.max(tileW, tileH)));
  const scaleY = rowsKind ? 10 : scaleX;
  const gap = Math.max(1, Math.ceil(4 / Math.min(scaleX, scaleY)));
  const perTile = (tileW + gap) * scaleX;
  const cols = rowsKind
    ? 1
    : Math.max(1, Math.min(channels, Math.floor((maxCssWidth + gap * scaleX) / perTile)));
  const rows = Math.ceil(channels / cols);
  return {
    channels,
    cols,
    rows,
    tileW,
    tileH,
    gap,
    width: cols * tileW + (cols - 1) * gap,
    height: rows * tileH + (rows - 1) * gap,
    scaleX,
    scaleY,
  };
}

/** The channel and pixel under canvas data pixel (px, py), or undefined in a gap. */
export function hitAtlas(
  a: Atlas,
  px: number,
  py: number,
): { c: number; x: number; y: number } | undefined {
  const col = Math.floor(px / (a.tileW + a.gap));
  const row = Math.floor(py / (a.tileH + a.gap));
  const x = px - col * (a.tileW + a.gap);
  const y = py - row * (a.tileH + a.gap);
  const c = row * a.cols + col;
  if (x < 0 || y < 0 || x >= a.tileW || y >= a.tileH || col >= a.cols || c >= a.channels)
    return undefined;
  return { c, x, y };
}

/** Top-left data pixel of channel c's tile. */
export function tileOrigin(a: Atlas, c: number): { x: number; y: number } {
  return { x: (c % a.cols) * (a.tileW + a.gap), y: Math.floor(c / a.cols) * (a.tileH + a.gap) };
}
