// The events elements send up to the playground: typed, bubbling, composed.
import type { LayerSpec } from '../engine/types';
import type { DrawInput } from '../render/draw-image';
import type { InputSource, KernelEdit } from '../state/playground-state';

export interface StackChange {
  layers: LayerSpec[];
  /** New index of each old layer (-1: deleted), so kernel edits follow. */
  map: number[];
  /** Names the edit for undo coalescing ('' = its own step). */
  key: string;
}

export interface LayerFieldEdit {
  index: number;
  /** The text of every parameter field of the card ('' = not given). */
  fields: Record<string, string>;
  /** The parameter being edited. */
  param: string;
}

export interface InputChange {
  source: InputSource;
  draw: DrawInput;
  /** The image's own size (for "use the image's size"). */
  naturalWidth: number;
  naturalHeight: number;
  /** A live source (the webcam): redraw every frame. */
  live: boolean;
}

export interface EventMap {
  'conv-stack-change': StackChange;
  'conv-layer-edit': LayerFieldEdit;
  'conv-code-change': { code: string };
  'conv-input-change': InputChange;
  'conv-input-shape': { shape: number[] };
  'conv-kernel-edit': { edit: KernelEdit };
  'conv-reseed': { seed: number };
  'conv-explore': ExploreRequest;
}

/** Open the window explorer on a layer (and an output cell: channel, then position). */
export interface ExploreRequest {
  layer: number;
  channel?: number;
  position?: number[];
}

export function emit<K extends keyof EventMap>(from: HTMLElement, type: K, detail: EventMap[K]) {
  from.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}

declare global {
  interface HTMLElementEventMap {
    'conv-stack-change': CustomEvent<StackChange>;
    'conv-layer-edit': CustomEvent<LayerFieldEdit>;
    'conv-code-change': CustomEvent<{ code: string }>;
    'conv-input-change': CustomEvent<InputChange>;
    'conv-input-shape': CustomEvent<{ shape: number[] }>;
    'conv-kernel-edit': CustomEvent<{ edit: KernelEdit }>;
    'conv-reseed': CustomEvent<{ seed: number }>;
    'conv-explore': CustomEvent<ExploreRequest>;
  }
}
