import { LitElement, html, nothing } from 'lit';
import type { ConvPlayErrorInfo } from '../engine/types';
import { emit } from '../events/emit';
import { styles } from './conv-code-panel.styles';

/**
 * The stack as PyTorch code, in two-way sync: typing here re-parses (errors
 * point at line and column), and edits elsewhere rewrite the code unless the
 * learner is typing in it. Line numbers run beside the code; the line of an
 * error is marked (number and band) and showLine() selects a line.
 *
 * @fires conv-code-change - the learner edited the code
 */
export class ConvCodePanel extends LitElement {
  static properties = {
    code: { type: String },
    error: { attribute: false },
    copied: { state: true },
    locked: { type: Boolean },
    note: { type: String },
    lines: { state: true },
    scrolled: { state: true },
  };

  /** The code to show (canonical code of the stack). */
  code = '';
  /** The parse error of what the learner typed, if any. */
  error?: ConvPlayErrorInfo;
  private copied = false;
  /** Read-only (an author locked the code). */
  locked = false;
  /** A line under the label (class code: how the panel treats it). */
  note = '';
  private lines = 1;
  private scrolled = { top: 0, left: 0 };

  static styles = styles;

  private get textarea(): HTMLTextAreaElement | null {
    return this.renderRoot.querySelector('textarea');
  }

  /** Shows `code` unless the learner is typing in the panel right now. */
  protected updated(): void {
    const ta = this.textarea;
    if (ta && this.shadowRoot?.activeElement !== ta && ta.value !== this.code) ta.value = this.code;
    if (ta) this.countLines(ta);
  }

  private countLines(ta: HTMLTextAreaElement) {
    const n = ta.value.split('\n').length;
    if (n !== this.lines) this.lines = n;
  }

  private onScroll(e: Event) {
    const ta = e.target as HTMLTextAreaElement;
    this.scrolled = { top: ta.scrollTop, left: ta.scrollLeft };
  }

  /** Selects line `line` (1-based) in the code, scrolled into view, with the focus in the code. */
  showLine(line: number) {
    const ta = this.textarea;
    if (!ta) return;
    const lines = ta.value.split('\n');
    const k = Math.max(0, Math.min(lines.length, line) - 1);
    const start = lines.slice(0, k).reduce((n, l) => n + l.length + 1, 0);
    ta.focus();
    ta.setSelectionRange(start, start + (lines[k]?.length ?? 0));
    const lh = parseFloat(getComputedStyle(ta).lineHeight) || 18;
    ta.scrollTop = Math.max(0, k * lh - ta.clientHeight / 3);
    this.scrollIntoView({ block: 'nearest' });
  }

  private async copy() {
    await navigator.clipboard.writeText(this.textarea?.value ?? this.code);
    this.copied = true;
    setTimeout(() => (this.copied = false), 1500);
  }

  private onKeyDown(e: KeyboardEvent) {
    // Tab indents; Escape then Tab leaves the field (keyboard users need a way out).
    if (e.key === 'Escape') {
      this.escaped = true;
      return;
    }
    if (e.key === 'Tab' && !e.shiftKey && !this.escaped) {
      e.preventDefault();
      const ta = e.target as HTMLTextAreaElement;
      ta.setRangeText('    ', ta.selectionStart, ta.selectionEnd, 'end');
      emit(this, 'conv-code-change', { code: ta.value });
    }
    this.escaped = false;
  }
  private escaped = false;

  render() {
    const e = this.error;
    const line = e?.line ?? 0;
    return html`
      <div class="bar">
        <label for="code">PyTorch code</label>
        ${this.note ? html`<span class="note" id="code-note">${this.note}</span>` : nothing}
        <button @click=${this.copy} aria-label="Copy the code">
          ${this.copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      <div class="editor">
        <div class="gutter" aria-hidden="true">
          <div style="transform: translateY(${-this.scrolled.top}px)">
            ${Array.from({ length: this.lines }, (_, i) => html`<div class=${i + 1 === line ? 'bad' : ''}>${i + 1}</div>`)}
          </div>
        </div>
        <div class="text">
          ${
            line
              ? html`<div
                  class="band"
                  aria-hidden="true"
                  style="top: calc(0.5rem + ${line - 1} * var(--lh) - ${this.scrolled.top}px)"
                ></div>`
              : nothing
          }
          <textarea
            id="code"
            wrap="off"
            rows=${Math.min(Math.max(this.lines + 1, 10), 32)}
            spellcheck="false"
            autocomplete="off"
            aria-invalid=${e ? 'true' : 'false'}
            ?readonly=${this.locked}
            aria-describedby=${this.note ? 'code-note code-help' : 'code-help'}
            @input=${(ev: Event) => {
              const ta = ev.target as HTMLTextAreaElement;
              this.countLines(ta);
              emit(this, 'conv-code-change', { code: ta.value });
            }}
            @scroll=${this.onScroll}
            @keydown=${this.onKeyDown}
          ></textarea>
        </div>
      </div>
      <div id="code-help" class="sr-only">
        Tab inserts spaces; press Escape, then Tab, to leave the code.
      </div>
      ${
        e
          ? html`<div class="error" role="alert">
              <strong>${e.kind}</strong>${e.line ? ` at line ${e.line}, column ${e.column}` : ''}:
              <code>${e.message}</code>
              ${e.hint ? html`<div>Hint: ${e.hint}</div>` : nothing}
              ${e.line ? html`<div><button class="link" @click=${() => this.showLine(e.line ?? 1)}>Show line ${e.line}</button></div>` : nothing}
            </div>`
          : nothing
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'conv-code-panel': ConvCodePanel;
  }
}
