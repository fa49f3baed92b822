import { LitElement, html, nothing } from 'lit';
import type { LayerPlan, LayerSpec, Plan } from '../engine/types';
import { formatCount, formatShape, formatSizes } from '../render/format';
import { styles } from './conv-shape-ribbon.styles';

function rfText(lp: LayerPlan): string {
  const rf = lp.receptiveField;
  if (rf.scope === 'whole-input') return 'whole input';
  if (rf.scope !== 'local' || !rf.size.length) return '';
  return `${formatSizes(rf.size, true)}, jump ${formatSizes(rf.jump, true)}`;
}

/**
 * The stack at a glance: the input, then every layer's output shape,
 * parameters (with the arithmetic), MACs and receptive field (RF), and the
 * totals. After a Flatten it says how many features
 * a following nn.Linear needs; after an invalid layer everything is greyed.
 */
export class ConvShapeRibbon extends LitElement {
  static properties = {
    plan: { attribute: false },
    layers: { attribute: false },
    labels: { attribute: false },
    inputShape: { attribute: false },
  };

  plan?: Plan;
  layers: LayerSpec[] = [];
  /** Class code: each call's label ('#0 conv1 · Conv2d'), in forward order; [] for a stack. */
  labels: string[] = [];
  inputShape: number[] = [];

  static styles = styles;

  render() {
    const plan = this.plan;
    if (!plan) return nothing;
    const failing = plan.error && plan.error.layer >= 0 ? plan.error.layer : -1;
    const calls = this.labels.length > 0 || !!plan.classCode;
    // Class code: the planned calls, and the failing one; a stack: every layer.
    const count = calls ? plan.layers.length + (failing >= 0 ? 1 : 0) : this.layers.length;
    const kindOf = (i: number) =>
      calls ? (plan.layers[i]?.op === 'layer' ? plan.layers[i].kind : '') : this.layers[i]?.kind;
    const labelOf = (i: number) =>
      calls ? (this.labels[i] ?? `#${i}`) : `${i} ${this.layers[i]?.kind ?? ''}`;
    const unit = calls ? 'call' : 'layer';
    return html`<ol aria-label=${`Shape of every ${unit}'s output`}>
        <li>
          <span class="kind">Input</span>
          <span class="shape num">${formatShape(this.inputShape)}</span>
        </li>
        ${Array.from({ length: count }, (_, i) => {
          const lp = plan.layers[i];
          if (failing >= 0 && i >= failing) {
            const invalid = i === failing;
            return html`<li class=${invalid ? 'invalid' : 'greyed'}>
              <span class="kind">${labelOf(i)}</span>
              <span class="shape">${invalid ? plan.error?.kind : '—'}</span>
              ${invalid ? this.linearNeed(i) : nothing}
            </li>`;
          }
          if (!lp) return nothing;
          return html`<li>
            <span class="kind">${labelOf(i)}</span>
            <span class="shape num">${formatShape(lp.outputShape)}</span>
            ${lp.params ? html`<span class="num" title="parameters">${lp.paramsFormula} params</span>` : nothing}
            ${lp.macs ? html`<span class="num">${formatCount(lp.macs)} MACs</span>` : nothing}
            ${rfText(lp) ? html`<span class="num">RF ${rfText(lp)}</span>` : nothing}
            ${
              kindOf(i) === 'Flatten' || kindOf(i + 1) === 'Linear'
                ? html`<span class="note"
                    >→ nn.Linear needs in_features=${lp.outputShape.at(-1)}</span
                  >`
                : nothing
            }
          </li>`;
        })}
      </ol>
      <div class="totals" role="status">
        ${
          plan.ok
            ? html`Output <strong class="num">${formatShape(plan.outputShape ?? [])}</strong> ·
                <span class="num">${formatCount(plan.totalParams)}</span> parameters ·
                <span class="num">${formatCount(plan.totalMacs)}</span> MACs`
            : failing >= 0
              ? html`Invalid at
                ${calls ? `call #${failing}` : `layer ${failing}`}${plan.error?.line ? ` (line ${plan.error.line})` : ''}:
                fix it to see the totals.`
              : html`${plan.error?.kind}: ${plan.error?.message}`
        }
      </div>`;
  }

  private linearNeed(i: number) {
    if (this.labels.length || this.layers[i]?.kind !== 'Linear') return nothing;
    const before = i > 0 ? this.plan?.layers[i - 1]?.outputShape : this.inputShape;
    const f = before?.at(-1);
    return f === undefined ? nothing : html`<span class="note">needs in_features=${f}</span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'conv-shape-ribbon': ConvShapeRibbon;
  }
}
