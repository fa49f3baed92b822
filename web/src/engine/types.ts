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

export interface Engine {
  readonly version: string;
  /** Highway target in use: 'WASM' with SIMD128, 'EMU128'/'SCALAR' without. */
  readonly target: string;
  parse(code: string): ParseResult;
  format(layers: LayerSpec[]): string;
  /** Never throws: errors come back in `plan.error`. */
  plan(model: string | LayerSpec[], inputShape: number[]): Plan;
}
