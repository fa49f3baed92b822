// Every event the elements send, by name, with its detail: the one list.
// HTMLElementEventMap is derived from it (see emit.ts). The public ones are
// declared again, by hand, in web/convplay-elements.d.ts for package
// consumers; tests/js/events.test.ts checks that the two agree.
import type { LayerSpec, Question } from '../engine/types';
import type { DrawInput } from '../render/draw-image';
import type { InputSource, KernelEdit } from '../state/playground-state';

/** An answer was checked (what a host forwards, e.g. to an LMS). */
export interface QuizAnswerDetail {
  question: Question;
  answer: string;
  correct: boolean;
  misconception?: string;
}

/** Open a quiz question's stack and input in the playground. */
export interface QuizOpenDetail {
  model: string;
  inputShape: number[];
}

/** Open the window explorer on a layer (and an output cell: channel, then position). */
export interface ExploreRequest {
  layer: number;
  channel?: number;
  position?: number[];
}

/** The window explorer's current output cell: its index in the layer's output. */
export interface WindowCellDetail {
  layer: number;
  index: number[];
}

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

/** What a layer card's buttons and keys ask the stack to do with its layer. */
export type LayerAction = 'move-up' | 'move-down' | 'duplicate' | 'delete' | 'fix' | 'explore';

export interface LayerActionDetail {
  index: number;
  action: LayerAction;
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
  // Public: a host page may listen to these.
  'conv-quiz-answer': QuizAnswerDetail;
  'conv-quiz-open': QuizOpenDetail;
  'conv-explore': ExploreRequest;
  'conv-window-cell': WindowCellDetail;
  // Between the elements of a playground.
  'conv-stack-change': StackChange;
  'conv-layer-edit': LayerFieldEdit;
  'conv-layer-action': LayerActionDetail;
  'conv-code-change': { code: string };
  /** Show a line of the code (1-based), e.g. where a call is. */
  'conv-code-line': { line: number; column: number };
  'conv-input-change': InputChange;
  'conv-input-shape': { shape: number[] };
  'conv-drawing-change': null;
  'conv-kernel-edit': { edit: KernelEdit };
  'conv-reseed': { seed: number };
}

/** The events of the public API (documented in embed.html, typed in convplay-elements.d.ts). */
export const PUBLIC_EVENTS = [
  'conv-quiz-answer',
  'conv-quiz-open',
  'conv-explore',
  'conv-window-cell',
] as const satisfies readonly (keyof EventMap)[];
