// Engine calls the page uses that the engine owner is adding to the API
// (web/convplay.d.ts): editArgument and exportCode. Until a worker engine has
// them, the page feature-detects them and says what is missing.
import type { LayerSpec, WorkerEngine } from './types';

export interface EditArgumentRequest {
  /** The module's state_dict path: 'conv1', 'features.0'. */
  module: string;
  /** The constructor parameter: 'out_channels'. */
  param: string;
  /** Python source text: '5', '(2, 2)'. */
  value: string;
  entry?: string;
}

export interface ExportRequest {
  form: 'class' | 'sequential';
  entry?: string;
}

interface PendingCalls {
  editArgument?(code: string, request: EditArgumentRequest): Promise<{ code: string }>;
  exportCode?(
    model: string | LayerSpec[],
    inputShape: number[],
    request: ExportRequest,
  ): Promise<{ code: string }>;
}

/** The engine's editArgument, or undefined when this engine has none yet. */
export function editArgumentOf(engine: WorkerEngine | undefined) {
  const e = engine as (WorkerEngine & PendingCalls) | undefined;
  return e?.editArgument?.bind(e);
}

/** The engine's exportCode, or undefined when this engine has none yet. */
export function exportCodeOf(engine: WorkerEngine | undefined) {
  const e = engine as (WorkerEngine & PendingCalls) | undefined;
  return e?.exportCode?.bind(e);
}
