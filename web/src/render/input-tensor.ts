// From an image's RGBA pixels to the stack's input tensor: planar float32 in
// [0, 1], grayscale for one channel, R, G, B for three, and the colour planes
// repeated for other channel counts. Every batch item gets the same image.

/** How the input shape reads: batch, channels and the spatial sizes. */
export interface InputLayout {
  batch: number;
  batched: boolean;
  channels: number;
  /** Spatial sizes (0–3 of them): [L], [H, W] or [D, H, W]. */
  spatial: number[];
  /** The image size to draw: width × height (1-D inputs are one row). */
  width: number;
  height: number;
}

/**
 * Reads an input shape for a stack whose first spatial layer has `dims`
 * spatial dimensions (0 if none: then a rank ≥ 3 shape is read as images).
 */
export function inputLayout(shape: readonly number[], dims: number): InputLayout | undefined {
  const d = dims > 0 ? dims : Math.min(2, Math.max(0, shape.length - 2));
  let batched: boolean;
  if (shape.length === d + 2) batched = true;
  else if (shape.length === d + 1) batched = false;
  else return undefined;
  const batch = batched ? shape[0] : 1;
  const channels = shape[batched ? 1 : 0];
  const spatial = shape.slice(batched ? 2 : 1);
  const width = spatial.length ? spatial[spatial.length - 1] : 1;
  const height = spatial.length >= 2 ? spatial[spatial.length - 2] : 1;
  return { batch, batched, channels, spatial, width, height };
}

/** Elements of the input tensor. */
export function elementsOf(layout: InputLayout): number {
  return layout.batch * layout.channels * layout.spatial.reduce((a, b) => a * b, 1);
}

/**
 * Fills the input from RGBA pixels of size layout.width × layout.height
 * (3-D inputs repeat the image along depth).
 */
export function tensorFromRgba(rgba: Uint8ClampedArray, layout: InputLayout, out?: Float32Array) {
  const plane = layout.width * layout.height;
  const depth = layout.spatial.length === 3 ? layout.spatial[0] : 1;
  const tensor = out ?? new Float32Array(elementsOf(layout));
  const gray = layout.channels === 1;
  const inv = 1 / 255;
  let o = 0;
  for (let c = 0; c < layout.channels; c++) {
    const start = o;
    const k = c % 3;
    for (let i = 0; i < plane; i++) {
      const p = i * 4;
      tensor[o++] = gray
        ? (0.299 * rgba[p] + 0.587 * rgba[p + 1] + 0.114 * rgba[p + 2]) * inv
        : rgba[p + k] * inv;
    }
    for (let z = 1; z < depth; z++) {
      tensor.copyWithin(o, start, start + plane);
      o += plane;
    }
  }
  const item = o;
  for (let n = 1; n < layout.batch; n++) {
    tensor.copyWithin(o, 0, item);
    o += item;
  }
  return tensor;
}
