// The public engine contract (DESIGN.md §6) — the part built so far.

/** A layer as PyTorch's keyword arguments: `{ kind: 'Conv2d', args: { in_channels: 3, ... } }`. */
export interface LayerSpec {
  kind: string;
  args: Record<string, ArgValue>;
}
export type ArgValue = number | string | boolean | null | ArgValue[];

export type ErrorKind =
  | 'ValueError'
  | 'RuntimeError'
  | 'TypeError'
  | 'IndexError'
  | 'NotImplementedError'
  | 'SyntaxError'
  | 'MemoryError'
  | 'AttributeError'
  | 'NameError';

export interface ConvPlayErrorInfo {
  /** Index of the failing layer; -1 when no layer is at fault. */
  layer: number;
  kind: ErrorKind;
  /** PyTorch's own message where PyTorch has one. */
  message: string;
  /** ConvPlay's advice: what to change. */
  hint?: string;
  /** 1-based position in PyTorch code, for parse errors. */
  line?: number;
  column?: number;
}

export interface ReceptiveField {
  scope: 'local' | 'whole-input' | 'n/a';
  size: number[];
  jump: number[];
  start: number[];
}

export interface LayerPlan {
  index: number;
  kind: string;
  code: string;
  inputShape: number[];
  outputShape: number[];
  params: number;
  paramsFormula: string;
  buffers: number;
  macs: number;
  receptiveField: ReceptiveField;
}

export interface Plan {
  ok: boolean;
  layers: LayerPlan[];
  outputShape?: number[];
  totalParams: number;
  totalMacs: number;
  totalBytes: number;
  error?: ConvPlayErrorInfo;
  warnings: { layer: number; message: string }[];
}

export interface ParseResult {
  ok: boolean;
  layers: LayerSpec[];
  error?: ConvPlayErrorInfo;
}

export interface ForwardResult {
  output: Float32Array;
  outputShape: number[];
  /** One per layer, in order (the feature maps); [] unless asked for. */
  activations: { shape: number[]; data: Float32Array }[];
}

/** A loaded stack with weights. Call delete() when done with it. */
export interface Model {
  readonly plan: Plan;
  /** Runs the stack; throws ConvPlayError for an input of the wrong size or non-finite values. */
  forward(input: Float32Array, opts?: { activations?: boolean }): ForwardResult;
  /** Copies of every tensor, by PyTorch state_dict key ('0.weight', '3.running_mean', …). */
  weights(): Record<string, Float32Array>;
  /** Replaces tensors by state_dict key; all or nothing. */
  setWeights(weights: Record<string, Float32Array>): void;
  delete(): void;
}

export interface LoadOptions {
  /** Seed of PyTorch's default initialisation (a non-negative integer). */
  seed?: number;
  weights?: Record<string, Float32Array>;
}

export interface EngineOptions {
  /** 'auto' (default) uses the SIMD128 build where the browser or Node has it. */
  simd?: 'auto' | 'on' | 'off';
}

export interface Engine {
  readonly version: string;
  /** Highway target in use: 'WASM' with SIMD128, 'EMU128'/'SCALAR' without. */
  readonly target: string;
  parse(code: string): ParseResult;
  /** Canonical PyTorch code; parse(format(x)).layers equals x. */
  format(layers: LayerSpec[]): string;
  /** Never throws: errors come back in `plan.error`. */
  plan(model: string | LayerSpec[], inputShape: number[]): Plan;
  /** Throws ConvPlayError when the stack is invalid. */
  load(model: string | LayerSpec[], inputShape: number[], opts?: LoadOptions): Model;
  /** WASM heap figures: total heap size and bytes in use by the allocator. */
  memory(): { heapBytes: number; usedBytes: number };
}
