import { LitElement, css, html, nothing } from 'lit';
import type { PropertyValues } from 'lit';
import type { Engine, LayerPlan, Plan } from '../engine/types';
import { formatShape, formatCount } from '../render/format';

const CLASSIC = `nn.Sequential(
    nn.Conv2d(3, 10, kernel_size=3),
    nn.MaxPool2d(kernel_size=4, stride=4),
    nn.Conv2d(10, 20, kernel_size=5, padding=2),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=5120, out_features=10),
)`;

/**
 * The playground: PyTorch code in, every layer's shape, parameters (with the
 * arithmetic), MACs and receptive field out, or PyTorch's error and a hint.
 *
 * @cssprop --conv-accent - accent colour
 * @cssprop --conv-error - colour of errors
 */
export class ConvPlayground extends LitElement {
  static properties = {
    engine: { attribute: false },
    code: { type: String },
    inputShape: { type: String, attribute: 'input-shape' },
  };

  /** The engine to plan with (see createEngine). */
  engine?: Engine;
  /** The stack, as PyTorch code. */
  code = CLASSIC;
  /** The input shape, e.g. "1, 3, 130, 130" (batched) or "3, 130, 130". */
  inputShape = '1, 3, 130, 130';

  private plan?: Plan;
  private shapeError = '';

  static styles = css`
    :host {
      display: block;
      font-family: system-ui, sans-serif;
      color: #1d232a;
      --conv-accent: #2a6fdb;
      --conv-error: #b3261e;
    }
    .inputs {
      display: grid;
      gap: 0.5rem;
      max-width: 60rem;
    }
    textarea {
      font:
        0.9rem/1.4 ui-monospace,
        monospace;
      min-height: 11rem;
      padding: 0.5rem;
    }
    input {
      font:
        0.9rem ui-monospace,
        monospace;
      padding: 0.25rem 0.5rem;
      width: 14rem;
    }
    table {
      border-collapse: collapse;
      margin-top: 1rem;
      font-size: 0.9rem;
    }
    th,
    td {
      border-bottom: 1px solid #d6dbe1;
      padding: 0.35rem 0.6rem;
      text-align: left;
      vertical-align: top;
    }
    code {
      font-family: ui-monospace, monospace;
    }
    .num {
      text-align: right;
      font-variant-numeric: tabular-nums;
    }
    .error {
      border-left: 4px solid var(--conv-error);
      background: #fdecea;
      padding: 0.5rem 0.75rem;
      margin-top: 1rem;
      max-width: 60rem;
    }
    .error strong {
      color: var(--conv-error);
    }
    .warning {
      border-left: 4px solid #b86e00;
      background: #fff4e0;
      padding: 0.4rem 0.75rem;
      margin-top: 0.5rem;
      max-width: 60rem;
    }
    .total {
      margin-top: 0.75rem;
      font-weight: 600;
    }
    .greyed td {
      color: #8a939c;
    }
  `;

  protected willUpdate(changed: PropertyValues): void {
    if (changed.has('engine') || changed.has('code') || changed.has('inputShape')) {
      this.replan();
    }
  }

  private replan(): void {
    if (!this.engine) return;
    const shape = parseShape(this.inputShape);
    if (typeof shape === 'string') {
      this.shapeError = shape;
      this.plan = undefined;
      return;
    }
    this.shapeError = '';
    this.plan = this.engine.plan(this.code, shape);
  }

  render() {
    return html`
      <div class="inputs">
        <label for="code">PyTorch code</label>
        <textarea
          id="code"
          spellcheck="false"
          .value=${this.code}
          @input=${(e: Event) => (this.code = (e.target as HTMLTextAreaElement).value)}
        ></textarea>
        <label for="shape">Input shape <small>(N, C, H, W) or (C, H, W)</small></label>
        <input
          id="shape"
          .value=${this.inputShape}
          @input=${(e: Event) => (this.inputShape = (e.target as HTMLInputElement).value)}
        />
      </div>
      ${this.shapeError ? html`<div class="error" role="alert">${this.shapeError}</div>` : nothing}
      ${this.plan ? this.renderPlan(this.plan) : nothing}
    `;
  }

  private renderPlan(plan: Plan) {
    const failing = plan.error?.layer ?? -1;
    return html`
      ${
        plan.error
          ? html`<div class="error" role="alert">
              <strong>${plan.error.kind}</strong>${failing >= 0 ? ` in layer ${failing}` : ''}${
                plan.error.line ? ` (line ${plan.error.line}, column ${plan.error.column})` : ''
              }:
              <code>${plan.error.message}</code>
              ${plan.error.hint ? html`<div>Hint: ${plan.error.hint}</div>` : nothing}
            </div>`
          : nothing
      }
      ${plan.warnings.map((w) => html`<div class="warning">Layer ${w.layer}: ${w.message}</div>`)}
      <table>
        <thead>
          <tr>
            <th>#</th>
            <th>Layer</th>
            <th>Output shape</th>
            <th>Parameters</th>
            <th class="num">MACs</th>
            <th>Receptive field</th>
          </tr>
        </thead>
        <tbody>
          ${plan.layers.map((l) => this.renderLayer(l))}
        </tbody>
      </table>
      ${
        plan.ok
          ? html`<div class="total">
              Output ${formatShape(plan.outputShape ?? [])} · ${formatCount(plan.totalParams)}
              parameters · ${formatCount(plan.totalMacs)} MACs
            </div>`
          : nothing
      }
    `;
  }

  private renderLayer(l: LayerPlan) {
    const rf = l.receptiveField;
    const field =
      rf.scope === 'local'
        ? rf.size.length
          ? `${rf.size.join('×')} (jump ${rf.jump.join('×')}, start ${rf.start.join(', ')})`
          : '1'
        : rf.scope === 'whole-input'
          ? 'whole input'
          : 'n/a';
    return html`<tr>
      <td>${l.index}</td>
      <td><code>${l.code}</code></td>
      <td>${formatShape(l.outputShape)}</td>
      <td>${l.paramsFormula}</td>
      <td class="num">${formatCount(l.macs)}</td>
      <td>${field}</td>
    </tr>`;
  }
}

/** "1, 3, 130, 130" or "[3, 32, 32]" -> numbers, or an error message. */
export function parseShape(text: string): number[] | string {
  const body = text.trim().replace(/^[[(]|[\])]$/g, '');
  if (body.trim() === '') return [];
  const parts = body.split(/[,x×\s]+/).filter((p) => p !== '');
  const shape: number[] = [];
  for (const part of parts) {
    if (!/^\d+$/.test(part)) {
      return `Input shape: '${part}' is not a whole number ≥ 0`;
    }
    shape.push(Number(part));
  }
  return shape;
}

declare global {
  interface HTMLElementTagNameMap {
    'conv-playground': ConvPlayground;
  }
}
