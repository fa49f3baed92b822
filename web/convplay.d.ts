// The public API of the convplay package (DESIGN.md §6), written by hand:
// Emscripten 3.1.6 cannot emit declarations. tests/js/dts.test.ts checks it
// against the running engine, and CI type-checks a consumer against it.

export type ArgValue = number | string | boolean | null | ArgValue[];

/** A layer as PyTorch's keyword arguments: `{ kind: 'Conv2d', args: { in_channels: 3, ... } }`. */
export interface LayerSpec {
  kind: string;
  args: Record<string, ArgValue>;
}

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
  /** Canonical PyTorch code of the layer, e.g. 'nn.Conv2d(3, 10, kernel_size=3)'. */
  code: string;
  inputShape: number[];
  outputShape: number[];
  params: number;
  /** The arithmetic, e.g. '10 × (3 × 3 × 3) + 10 = 280'. */
  paramsFormula: string;
  /** Non-learnable state elements (BatchNorm's running statistics). */
  buffers: number;
  /** Multiply-accumulates (fvcore's convention; FLOPs = 2 × MACs). */
  macs: number;
  receptiveField: ReceptiveField;
  /** What the call is: 'layer' (a module or F.relu, torch.flatten, …), or a graph op. */
  op:
    | 'layer'
    | 'add'
    | 'sub'
    | 'mul'
    | 'div'
    | 'cat'
    | 'view'
    | 'mean'
    | 'permute'
    | 'constant'
    | 'parameter'
    | 'unary';
  /** state_dict prefix of the module called ('0', 'conv1', 'layer1.0.conv1'); '' for functional ops. */
  module: string;
  /** The calls whose outputs it reads; -1 is the model's input. A Sequential is a chain. */
  inputs: number[];
  /** A module called again (one set of weights): the index of its first call; -1 otherwise. */
  sharedWith: number;
  /** F.relu(x), torch.flatten(x, 1), x.view(...): no module of its own. */
  functional: boolean;
  /** Where the call is in class code (1-based). */
  line?: number;
  column?: number;
}

/** One tensor of the state_dict, by its full key. */
export interface StateDictEntry {
  name: string;
  shape: number[];
  learnable: boolean;
}

/** A module of the model's tree, as named_modules() names it. */
export interface ModuleInfo {
  /** '' for the model itself, 'features', 'features.0', … */
  path: string;
  /** 'Net', 'Sequential', 'Conv2d', … */
  type: string;
  /** Line where it was built (class code); 0 otherwise. */
  line: number;
  /** How often forward() called it. */
  calls: number;
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
  /** Every parameter and buffer, in PyTorch's state_dict order. */
  stateDict: StateDictEntry[];
  /** Present when the plan comes from engine.plan() or a model (not only a stack). */
  classCode?: boolean;
  /** 'Net' for class code, 'Sequential' for a stack. */
  modelName?: string;
  modules?: ModuleInfo[];
  /** The nn.Module classes the code defines, in order. */
  classes?: string[];
  /** The input shape the code itself feeds the model (net(torch.randn(1, 3, 32, 32))). */
  suggestedInput?: number[];
  /** The call whose output forward() returns (-1: the input). */
  output?: number;
}

export interface ParseResult {
  ok: boolean;
  /** Class code (class Net(nn.Module), def, import …): read whole by plan() and load(). */
  classCode: boolean;
  /** The stack's layers ([] for class code). */
  layers: LayerSpec[];
  error?: ConvPlayErrorInfo;
}

/** One constructor argument of a layer module in class code. */
export interface ArgumentEdit {
  module: string;
  param: string;
  value: string;
  entry?: string;
}

/** Which model of class code to use. */
export interface PlanOptions {
  /** A Python expression such as 'Net()' or 'ResNet(BasicBlock, [2, 2])'; default: the last module assigned at top level, else the last class that takes no arguments. */
  entry?: string;
}

export interface ForwardResult {
  output: Float32Array;
  outputShape: number[];
  /** One per layer, in order (the feature maps); [] unless asked for. */
  activations: { shape: number[]; data: Float32Array }[];
}

/**
 * What `model.run()` returns: the output and every layer's output as `Float32Array` views of the
 * engine's WebAssembly memory, not copies. The same object comes back from every run of a model.
 *
 * - The values are those of the last `run()` or `forward()` of this model; the next one overwrites
 *   them in place.
 * - Read `result.output` and `a.data` again after any other engine call instead of keeping the
 *   arrays: an engine call that allocates (`load`, `plan`, a bigger model, …) may grow WebAssembly
 *   memory, which detaches every earlier view (its length becomes 0). Each access re-makes the
 *   view when that happened, and otherwise returns the same array.
 * - `copy()` returns owned copies (a `ForwardResult`) for values that must outlive the next call.
 * - After `model.delete()` every access throws.
 */
export interface RunResult {
  readonly output: Float32Array;
  readonly outputShape: readonly number[];
  /** One per layer, in order (the feature maps), each a view like `output`. */
  readonly activations: readonly {
    readonly shape: readonly number[];
    readonly data: Float32Array;
  }[];
  /** Owned copies of the output and activations (what `forward()` returns). */
  copy(): ForwardResult;
}

/** One input cell behind an explained output value (positions are D, H, W; 1-D/2-D layers lead with 0s). */
export interface ExplainTerm {
  /** Input channel (pools: the plane). */
  channel: number;
  /** Position in the unpadded input; outside [0, size) is padding. */
  pos: number[];
  /** The input cell a padding cell copies (reflect, replicate, circular); [-1, -1, -1] for a zero. */
  source: number[];
  /** Kernel (or window) position. */
  tap: number[];
  padding: boolean;
  /** The input value used (0 for zero padding; -inf for max-pool padding, which never wins). */
  value: number;
  /** The weight (1 for pools). */
  weight: number;
  product: number;
}

/** The arithmetic behind one output value of a conv, transposed conv or pooling layer. */
export interface Explanation {
  op:
    'conv' | 'conv-transpose' | 'max-pool' | 'avg-pool' | 'adaptive-max-pool' | 'adaptive-avg-pool';
  layer: number;
  spatialDims: number;
  batch: number;
  /** Output channel (pools: the plane). */
  channel: number;
  /** Output position (D, H, W). */
  out: number[];
  /** The layer's input spatial sizes (D, H, W). */
  inSize: number[];
  /** In the order the reference path sums them. */
  terms: ExplainTerm[];
  channelSums: { channel: number; sum: number }[];
  hasBias: boolean;
  bias: number;
  /** bias + Σ products (conv); Σ window values (average pools). */
  sum: number;
  /** Average pools: the divisor and why (count_include_pad, divisor_override). */
  divisor: number;
  divisorReason: string;
  /** Max pools: the winning term (-1: none) and what return_indices would give. */
  winner: number;
  winnerIndex: number;
  /** Pools: the window [start, end) per dim before clipping. */
  windowStart: number[];
  windowEnd: number[];
  /** The value this arithmetic gives (the reference forward pass's output). */
  value: number;
  /** The value the forward pass produced (SIMD; equal within rounding). */
  output: number;
}

/** A loaded stack with weights. Call delete() when done with it. */
export interface Model {
  readonly plan: Plan;
  /**
   * The model's input as a `Float32Array` view of WebAssembly memory (the input shape's element
   * count, NCHW order): write the values into it, then call `run()`. Values stay until overwritten.
   * Read `model.input` again after other engine calls rather than keeping it (memory growth
   * detaches an old view; see `RunResult`).
   */
  readonly input: Float32Array;
  /**
   * One forward pass over `model.input`, with no copy and no allocation: the result's arrays are
   * views, valid until the next call (see `RunResult`). Non-finite inputs are not checked.
   * Throws ConvPlayError.
   */
  run(): RunResult;
  /** Copies `input` in, runs, and returns owned copies (of the activations too unless `activations: false`). */
  forward(input: Float32Array, opts?: { activations?: boolean }): ForwardResult;
  weights(): Record<string, Float32Array>;
  setWeights(weights: Record<string, Float32Array>): void;
  /**
   * The arithmetic behind the value at `index` (in layer `layer`'s output shape) of the last
   * forward(). Throws ConvPlayError for other layer kinds, bad indices or before forward().
   */
  explain(layer: number, index: number[]): Explanation;
  delete(): void;
}

export interface LoadOptions {
  /** Seed of PyTorch's default initialisation (a non-negative integer). */
  seed?: number;
  weights?: Record<string, Float32Array>;
  /** Class code: the model expression (PlanOptions.entry). */
  entry?: string;
}

export type LayerFamily =
  | 'conv'
  | 'conv-transpose'
  | 'max-pool'
  | 'avg-pool'
  | 'adaptive-avg-pool'
  | 'adaptive-max-pool'
  | 'activation'
  | 'softmax'
  | 'batch-norm'
  | 'dropout'
  | 'flatten'
  | 'unflatten'
  | 'linear'
  | 'pad'
  | 'upsample'
  | 'prelu'
  | 'pixel-shuffle'
  | 'instance-norm';

/** One constructor parameter, in PyTorch's positional order. */
export interface LayerParam {
  name: string;
  required: boolean;
  /** PyTorch's default (absent when required). */
  default?: ArgValue;
}

/** A layer kind ConvPlay models, with its constructor signature (without device/dtype). */
export interface LayerInfo {
  kind: string;
  family: LayerFamily;
  /** 1, 2 or 3; 0 for layers that take any rank. */
  spatialDims: number;
  params: LayerParam[];
}

export type QuizKind =
  | 'flatten'
  | 'shape'
  | 'params'
  | 'total-params'
  | 'macs'
  | 'receptive-field'
  | 'same-padding'
  | 'reach-size'
  | 'linear-in'
  | 'invalid-layer'
  | 'code-in-features'
  | 'code-view-size';

/** A quiz kind as Engine.quizKinds() lists it. */
export interface QuizKindInfo {
  kind: QuizKind;
  /** What it asks, in words: 'Flatten size'. */
  title: string;
  /** Whether its ask names a layer ('shape:3') or the whole stack ('flatten'). */
  perLayer: boolean;
}

/** A generated question ({ kind, seed, level }) or an author's ({ model, inputShape, ask }). */
export type QuizRequest =
  | { kind: QuizKind | string; seed?: number; level?: 1 | 2 | 3 | number }
  | { model: string | LayerSpec[]; inputShape: number[]; ask: string };
// For class code, ask is 'in-features:<module>' (an nn.Linear's in_features) or 'view-size'.

/** One step of a worked solution: the words, and the formula with the numbers as TeX. */
export interface QuizStep {
  /** The layer the step is about; -1 for a total. */
  layer: number;
  text: string;
  formula: string;
}

/** A wrong answer a common misconception leads to. */
export interface Misconception {
  id: string;
  answer: string;
  message: string;
}

export interface Question {
  kind: string;
  level: number;
  seed: number;
  /** The stack as PyTorch code (class-code questions: the real class code). */
  model: string;
  inputShape: number[];
  /** What is asked: 'flatten', 'shape:3', 'params:0', 'same-padding:1', … */
  ask: string;
  prompt: string;
  /** Canonical answer: '5120' or '20x16x16'. */
  answer: string;
  hint: string;
  misconceptions: Misconception[];
  steps: QuizStep[];
  /** Class-code questions: the code to show, the asked value written as '?' (`model` is the real code). */
  code?: string;
  /** The line of the '?'. */
  line?: number;
}

export interface Grade {
  correct: boolean;
  expected: string;
  /** The answer as read ('' when it could not be read). */
  given: string;
  misconception?: Misconception;
  hint?: string;
  /** Why the answer could not be read. */
  problem?: string;
  solution: QuizStep[];
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
  format(layers: LayerSpec[]): string;
  /** Never throws: errors come back in `plan.error`. Takes stacks, Sequential code and class code. */
  plan(model: string | LayerSpec[], inputShape: number[], opts?: PlanOptions): Plan;
  /** Throws ConvPlayError when the stack is invalid. */
  load(model: string | LayerSpec[], inputShape: number[], opts?: LoadOptions): Model;
  /**
   * Class code with one constructor argument rewritten in place (the rest as written): `module` is
   * the layer's path ('conv1', 'features.0'), `value` Python source ('8', '(2, 2)'). Throws
   * ConvPlayError when the layer cannot be edited in place (built in a loop or helper for several).
   */
  editArgument(code: string, edit: ArgumentEdit): { code: string };
  /** The model as PyTorch code; 'sequential' only for chains. Throws ConvPlayError. */
  exportCode(
    model: string | LayerSpec[],
    inputShape: number[],
    opts: { form: 'class' | 'sequential'; entry?: string },
  ): { code: string };
  /** Every layer kind, with its parameters and PyTorch's defaults. */
  layers(): LayerInfo[];
  /** Every quiz kind, in the order of the engine's list. */
  quizKinds(): QuizKindInfo[];
  /** A question; the same request gives the same question everywhere. Throws ConvPlayError for bad requests. */
  quiz(request: QuizRequest): Question;
  /** Grades an answer (read leniently: '5,120', '(20, 16, 16)', '20x16x16'). */
  grade(question: Question, answer: string): Grade;
  memory(): { heapBytes: number; usedBytes: number };
}

/** An error from the engine, with PyTorch's exception kind and message. */
export declare class ConvPlayError extends Error {
  readonly layer: number;
  readonly kind: ErrorKind;
  readonly hint?: string;
  readonly line?: number;
  readonly column?: number;
  constructor(info: ConvPlayErrorInfo);
}

export declare function createEngine(opts?: EngineOptions): Promise<Engine>;
export declare function hasWasmSimd(): boolean;

/** A model living in the engine's Web Worker: every call returns a Promise. */
export interface WorkerModel {
  readonly plan: Plan;
  forward(input: Float32Array, opts?: { activations?: boolean }): Promise<ForwardResult>;
  /**
   * The worker's zero-copy path: `input` is written into the model's input, the model runs, and the
   * output (and the activations unless `activations: false`) come back as one copy each, made in
   * the worker and transferred (`Model.run()` there; non-finite inputs are not checked).
   */
  run(input: Float32Array, opts?: { activations?: boolean }): Promise<ForwardResult>;
  weights(): Promise<Record<string, Float32Array>>;
  setWeights(weights: Record<string, Float32Array>): Promise<void>;
  explain(layer: number, index: number[]): Promise<Explanation>;
  delete(): Promise<void>;
}

/** The engine in a module Web Worker (browsers); result buffers are transferred, not copied. */
export interface WorkerEngine {
  readonly version: string;
  readonly target: string;
  parse(code: string): Promise<ParseResult>;
  format(layers: LayerSpec[]): Promise<string>;
  plan(model: string | LayerSpec[], inputShape: number[], opts?: PlanOptions): Promise<Plan>;
  load(model: string | LayerSpec[], inputShape: number[], opts?: LoadOptions): Promise<WorkerModel>;
  editArgument(code: string, edit: ArgumentEdit): Promise<{ code: string }>;
  exportCode(
    model: string | LayerSpec[],
    inputShape: number[],
    opts: { form: 'class' | 'sequential'; entry?: string },
  ): Promise<{ code: string }>;
  layers(): Promise<LayerInfo[]>;
  quizKinds(): Promise<QuizKindInfo[]>;
  quiz(request: QuizRequest): Promise<Question>;
  grade(question: Question, answer: string): Promise<Grade>;
  memory(): Promise<{ heapBytes: number; usedBytes: number }>;
  /** Stops the worker; the engine cannot be used afterwards. */
  terminate(): void;
}

export declare function createWorkerEngine(opts?: EngineOptions): Promise<WorkerEngine>;
