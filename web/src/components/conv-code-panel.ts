import { LitElement, html, nothing } from 'lit';
import type { ConvPlayErrorInfo } from '../engine/types';
import { emit } from '../events/emit';
import { styles } from './conv-code-panel.styles';

/**
 * The stack as PyTorch code, in two-way sync: typing here re-parses (errors
 * point at line and column), and edits elsewhere rewrite the code unless the
 * learner is typing in it.
 *
 * @fires conv-code-change - the learner edited the code
 */
export class ConvCodePanel extends LitElement {
  static properties = {
    code: { type: String },
    error: { attribute: false },
    copied: { state: true },
    locked: { type: Boolean },
  };

  /** The code to show (canonical code of the stack). */
  code = '';
  /** The parse error of what the learner typed, if any. */
  error?: ConvPlayErrorInfo;
  private copied = false;
  /** Read-only (an author locked the code). */
  locked = false;

  static styles = styles;

  private get textarea(): HTMLTextAreaElement | null {
    return this.renderRoot.querySelector('textarea');
  }

  /** Shows `code` unless the learner is typing in the panel right now. */
  protected updated(): void {
    const ta = this.textarea;
    if (ta && this.shadowRoot?.activeElement !== ta && ta.value !== this.code) ta.value = this.code;
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
    return html`
      <div class="bar">
        <label for="code">PyTorch code</label>
        <button @click=${this.copy} aria-label="Copy the code">
          ${this.copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      <textarea
        id="code"
        spellcheck="false"
        autocomplete="off"
        aria-invalid=${e ? 'true' : 'false'}
        ?readonly=${this.locked}
        aria-describedby="code-help"
        @input=${(ev: Event) => emit(this, 'conv-code-change', { code: (ev.target as HTMLTextAreaElement).value })}
        @keydown=${this.onKeyDown}
      ></textarea>
      <div id="code-help" class="sr-only">
        Tab inserts spaces; press Escape, then Tab, to leave the code.
      </div>
      ${
        e
          ? html`<div class="error" role="alert">
              <strong>${e.kind}</strong>${e.line ? ` at line ${e.line}, column ${e.column}` : ''}:
              <code>${e.message}</code>
              ${e.hint ? html`<div>Hint: ${e.hint}</div>` : nothing}
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
