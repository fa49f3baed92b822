// The arithmetic of one explained output value as text: the products per
// input channel, their sums, the bias (conv); the window and its divisor
// (average pools); the winner and return_indices (max pools).
import { html, nothing, type TemplateResult } from 'lit';
import type { ExplainTerm, Explanation } from '../engine/types';
import { formatTuple, formatValue } from '../render/format';

const MAX_TERMS = 48;

/** A value in the arithmetic: formatValue with a typographic minus sign. */
export function num(v: number): string {
  return formatValue(v).replace('-', '−');
}

const paren = (v: number) => (v < 0 ? `(${num(v)})` : num(v));

/** "(row, column)" of a term in the layer's own dims. */
export function where(pos: readonly number[], dims: number): string {
  return formatTuple(pos.slice(3 - dims));
}

function terms(list: ExplainTerm[], f: (t: ExplainTerm) => string): string {
  const shown = list.slice(0, MAX_TERMS).map(f);
  if (list.length > MAX_TERMS) shown.push(`… ${list.length - MAX_TERMS} more`);
  return shown.join(' + ');
}

export function arithmetic(e: Explanation): TemplateResult {
  const d = e.spatialDims;
  if (e.op === 'conv' || e.op === 'conv-transpose') {
    const byChannel = e.channelSums.map(({ channel, sum }) => ({
      channel,
      sum,
      terms: e.terms.filter((t) => t.channel === channel && !(e.op === 'conv' && t.source[0] < 0)),
      zeros: e.terms.filter((t) => t.channel === channel && e.op === 'conv' && t.source[0] < 0)
        .length,
    }));
    const scatter =
      e.op === 'conv-transpose'
        ? html`<p>
            A transposed convolution scatters: every input cell adds its value × the whole kernel
            onto the output, stride apart. Output ${where(e.out, d)} collects the ${e.terms.length}
            products below, from the highlighted input cells and kernel taps.
          </p>`
        : nothing;
    return html`${scatter}
      <ol class="sums">
        ${byChannel.map(
          (c) =>
            html`<li>
              <span class="label">input channel ${c.channel}:</span>
              <span class="mono"
                >${
                  c.terms.length
                    ? terms(c.terms, (t) => `${paren(t.value)}×${paren(t.weight)}`)
                    : 'no input cell reaches this output'
                }
                = ${num(c.sum)}</span
              >${c.zeros ? html` <small>(${c.zeros} zero-padding cells add 0)</small>` : nothing}
            </li>`,
        )}
      </ol>
      <p class="total mono">
        ${
          e.channelSums.length > 1
            ? html`Σ over ${e.channelSums.length} channels = ${num(e.sum - e.bias)}; `
            : nothing
        }${e.hasBias ? html`+ bias ${num(e.bias)} ` : html`(no bias) `}=
        <strong>${num(e.value)}</strong>
      </p>
      ${nonFiniteNote(e.value)}`;
  }
  if (e.op === 'max-pool' || e.op === 'adaptive-max-pool') {
    const cells = e.terms.filter((t) => !t.padding);
    const win = e.terms[e.winner];
    const nan = Number.isNaN(e.value);
    const allMinusInf = win !== undefined && e.value === -Infinity;
    return html`<p class="total mono">
        max(${cells.map((t) => num(t.value)).join(', ')}) = <strong>${num(e.value)}</strong>
      </p>
      ${
        win
          ? html`<p>
              The winning cell is
              ${where(win.pos, d)}${nan ? html`, which holds <strong>NaN</strong>` : nothing};
              <code>return_indices=True</code> would give index ${e.winnerIndex} (its position in
              the flattened input plane).
              ${
                nan
                  ? html`NaN wins a max pool: PyTorch keeps a value when
                      <code>val &gt; max || isnan(val)</code>, so one NaN in the window makes the
                      output NaN (the last NaN is the one indexed).`
                  : allMinusInf
                    ? html`Every cell is −inf, so nothing beats the starting −inf and the index
                      stays at the window's first cell.`
                    : nothing
              }
              ${
                e.terms.length > cells.length
                  ? html`Padding cells (${e.terms.length - cells.length}) never win: they count as
                    −inf.`
                  : nothing
              }
            </p>`
          : html`<p>Every cell of this window is padding: the output is −inf.</p>`
      }`;
  }
  const cells = e.terms.filter((t) => !t.padding);
  return html`<p class="total mono">
      (${terms(e.terms, (t) => (t.padding ? '0' : num(t.value)))}) / ${e.divisor} = ${num(e.sum)} /
      ${e.divisor} = <strong>${num(e.value)}</strong>
    </p>
    <p>
      Divisor ${e.divisor}: ${e.divisorReason}.
      ${
        e.terms.length > cells.length
          ? html`${e.terms.length - cells.length} padding cells add 0 to the sum.`
          : nothing
      }
    </p>
    ${nonFiniteNote(e.value)}`;
}

/** Why a sum came out NaN or infinite (docs/semantics.md §8e). */
function nonFiniteNote(v: number) {
  if (Number.isFinite(v)) return nothing;
  return html`<p class="non-finite">
    ${
      Number.isNaN(v)
        ? html`<strong>NaN</strong>: a NaN term, inf − inf or 0 × inf in the sum makes it NaN, as in
            PyTorch.`
        : html`<strong>${v > 0 ? '+inf' : '−inf'}</strong>: an infinite term (or an overflow) makes
            the sum infinite.`
    }
  </p>`;
}

/** One sentence for the live region. */
export function announcement(e: Explanation): string {
  const at = `output ${where(e.out, e.spatialDims)} of channel ${e.channel}`;
  if (e.op === 'conv' || e.op === 'conv-transpose') {
    return `${at}: ${e.terms.length} products sum to ${num(e.sum - e.bias)}${e.hasBias ? `, plus bias ${num(e.bias)}` : ''}, equals ${num(e.value)}`;
  }
  if (e.op === 'max-pool' || e.op === 'adaptive-max-pool')
    return `${at}: the maximum is ${num(e.value)}${Number.isNaN(e.value) ? ' (a NaN in the window wins)' : ''}`;
  return `${at}: sum ${num(e.sum)} divided by ${e.divisor} equals ${num(e.value)}`;
}
