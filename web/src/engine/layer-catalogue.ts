// The engine's layer catalogue (engine.layers()) as a lookup by kind: the one
// place the front end learns a layer's family and spatial rank (never from
// its name).
import type { Explanation, LayerInfo } from './types';

/** The ops with a sliding window: what the explain path and the window explorer show. */
export type WindowOp = Explanation['op'];

const WINDOW_OPS: readonly WindowOp[] = [
  'conv',
  'conv-transpose',
  'max-pool',
  'avg-pool',
  'adaptive-max-pool',
  'adaptive-avg-pool',
];

/** The window op of a layer (its family), or undefined for layers without a sliding window. */
export function windowOpOf(info: LayerInfo | undefined): WindowOp | undefined {
  return WINDOW_OPS.find((op) => op === info?.family);
}

export class LayerCatalogue {
  private readonly byKind: ReadonlyMap<string, LayerInfo>;

  /** `layers`: what engine.layers() gives (empty until the engine is there). */
  constructor(readonly layers: readonly LayerInfo[] = []) {
    this.byKind = new Map(layers.map((l) => [l.kind, l]));
  }

  info(kind: string): LayerInfo | undefined {
    return this.byKind.get(kind);
  }

  /** 1, 2 or 3 for convolutions, pools and the like; 0 for layers of any rank (and unknown kinds). */
  spatialDims(kind: string): number {
    return this.byKind.get(kind)?.spatialDims ?? 0;
  }

  windowOp(kind: string): WindowOp | undefined {
    return windowOpOf(this.byKind.get(kind));
  }
}
