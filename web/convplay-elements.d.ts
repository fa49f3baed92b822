// The custom elements of `import 'convplay/elements'` (or the
// convplay-elements.js script), written by hand like convplay.d.ts. Its events
// are the public ones of web/src/events/event-map.ts (tests/js/events.test.ts).
import type { Explanation, Question, WorkerEngine } from './convplay.js';

/** Build a stack, see every shape and error, watch the feature maps. */
export declare class ConvPlayground extends HTMLElement {
  /** The starting stack as PyTorch code. */
  model: string;
  /** The starting input shape, e.g. "1x3x64x64". */
  input: string;
  /** The starting sample: colour-shapes, shapes, letters, checkerboard, gradient, stripes, digit. */
  sample: string;
  /** The starting weight seed. */
  seed: string;
  /** Parts to hide: toolbar input layers code quiz shapes maps kernels. */
  hide: string;
  /** Parts to lock: input layers code kernels. */
  lock: string;
  theme: 'auto' | 'light' | 'dark';
  /** Keep the state in the page's URL hash. */
  urlState: boolean;
  /** An engine to share (by default each playground starts its own worker). */
  engine?: WorkerEngine;
  /** Resolves when every pending edit is planned, computed and painted. */
  whenIdle(): Promise<void>;
}

/** The detail of `conv-quiz-answer`: an answer was checked. */
export interface QuizAnswerDetail {
  question: Question;
  answer: string;
  correct: boolean;
  misconception?: string;
}

/** The detail of `conv-quiz-open`: the learner asked to open the question's stack in a playground. */
export interface QuizOpenDetail {
  model: string;
  inputShape: number[];
}

/** The detail of `conv-explore`: a feature-map cell was picked (a layer; an output channel and position). */
export interface ExploreRequest {
  layer: number;
  channel?: number;
  position?: number[];
}

/** The detail of `conv-window-cell`: the explorer's current output cell, as an index into the layer's output. */
export interface WindowCellDetail {
  layer: number;
  index: number[];
}

/**
 * Checked exercises with diagnosis, hint and worked solution.
 * @fires conv-quiz-answer
 * @fires conv-quiz-open
 */
export declare class ConvQuiz extends HTMLElement {
  kind: string;
  level: number;
  seed: number;
  model: string;
  input: string;
  ask: string;
  /** A JSON list of requests. */
  questions: string;
  storageKey: string;
  engine?: WorkerEngine;
  /** Shows the next question. */
  next(): Promise<void>;
}

/** The sliding window, step by step, with the engine's numbers. @fires conv-window-cell */
export declare class ConvWindowExplorer extends HTMLElement {
  model: string;
  input: string;
  seed: number;
  layer: number;
  autoplay: boolean;
  /** Moves to an output cell: channel, then the position in the layer's own dims. */
  pin(channel: number, position: number[]): void;
  /** Resolves when the current cell's explanation is shown. */
  settled(): Promise<void>;
}

/** Every tensor's channels as pictures with a legend; hover or arrow keys read values. @fires conv-explore */
export declare class ConvFeatureMaps extends HTMLElement {
  tensors: { label: string; shape: number[]; data: Float32Array }[];
  batched: boolean;
}

/** Registers the elements (done on import; guarded, so calling it again is harmless). */
export declare function defineElements(): void;

export type { Explanation };

declare global {
  interface HTMLElementTagNameMap {
    'conv-playground': ConvPlayground;
    'conv-quiz': ConvQuiz;
    'conv-window-explorer': ConvWindowExplorer;
    'conv-feature-maps': ConvFeatureMaps;
  }
  interface HTMLElementEventMap {
    'conv-quiz-answer': CustomEvent<QuizAnswerDetail>;
    'conv-quiz-open': CustomEvent<QuizOpenDetail>;
    'conv-explore': CustomEvent<ExploreRequest>;
    'conv-window-cell': CustomEvent<WindowCellDetail>;
  }
}
