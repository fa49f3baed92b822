// The public types are declared once, in the hand-written web/convplay.d.ts
// (the package's published declarations); the source uses them from there.
export type {
  ArgValue,
  ConvPlayErrorInfo,
  Engine,
  EngineOptions,
  ErrorKind,
  ExplainTerm,
  Explanation,
  ForwardResult,
  LayerFamily,
  LayerInfo,
  LayerParam,
  LayerPlan,
  LayerSpec,
  LoadOptions,
  Model,
  ParseResult,
  Plan,
  ReceptiveField,
  WorkerEngine,
  WorkerModel,
} from '../../convplay';
