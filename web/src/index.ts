// The convplay package: the engine API (DESIGN.md §6).
export { createEngine, hasWasmSimd } from './engine/load-engine';
export { createWorkerEngine } from './engine/worker-engine';
export { ConvPlayError } from './engine/convplay-error';
export type * from './engine/types';
