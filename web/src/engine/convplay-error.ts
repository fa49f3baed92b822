import type { ConvPlayErrorInfo, ErrorKind } from './types';

/** An error from the engine, with PyTorch's exception kind and message. */
export class ConvPlayError extends Error {
  /** Index of the failing layer; -1 when no layer is at fault. */
  readonly layer: number;
  /** PyTorch's (or Python's) exception class, e.g. 'RuntimeError'. */
  readonly kind: ErrorKind;
  /** ConvPlay's advice: what to change. */
  readonly hint?: string;
  /** 1-based position in PyTorch code, for parse errors. */
  readonly line?: number;
  readonly column?: number;

  constructor(info: ConvPlayErrorInfo) {
    super(info.message);
    this.name = 'ConvPlayError';
    this.layer = info.layer;
    this.kind = info.kind;
    if (info.hint !== undefined) this.hint = info.hint;
    if (info.line !== undefined) {
      this.line = info.line;
      this.column = info.column;
    }
  }
}
