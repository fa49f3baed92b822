import { LitElement, html, nothing, type PropertyValues } from 'lit';
import type { LayerSpec, WorkerEngine } from '../engine/types';
import { styles } from './conv-export-panel.styles';

/** One exported form: its code, or why there is none. */
interface Form {
  id: 'sequential' | 'class';
  title: string;
  code: string;
  why: string;
}

/**
 * "Export as code": the model as an `nn.Sequential` (when it is a chain) and
 * as a `class Net(nn.Module)` with forward(), each with a Copy button. The
 * forms are made when the panel is opened (and again after edits while open).
 */
export class ConvExportPanel extends LitElement {
  static properties = {
    engine: { attribute: false },
    model: { attribute: false },
    inputShape: { attribute: false },
    chain: { type: Boolean },
    sequential: { type: String },
    valid: { type: Boolean },
    forms: { state: true },
    copied: { state: true },
  };

  engine?: WorkerEngine;
  /** The model: a stack, or class code. */
  model: string | LayerSpec[] = [];
  inputShape: number[] = [];
  /** Whether every call reads only the one before (only then can nn.Sequential say it). */
  chain = true;
  /** The stack's canonical nn.Sequential code, when the model is a stack. */
  sequential = '';
  /** Whether the model plans (an invalid one cannot be exported). */
  valid = true;
  private forms: Form[] = [];
  private copied = '';
  private open = false;
  private request = 0;

  static styles = styles;

  protected willUpdate(changed: PropertyValues): void {
    if (this.open && [...changed.keys()].some((k) => k !== 'forms' && k !== 'copied'))
      void this.make();
  }

  private onToggle(e: Event) {
    this.open = (e.target as HTMLDetailsElement).open;
    if (this.open) void this.make();
  }

  private async make() {
    const id = ++this.request;
    const engine = this.engine;
    const attempt = async (form: 'class' | 'sequential') => {
      if (!this.valid)
        return { code: '', why: 'Fix the error first: an invalid model cannot be exported.' };
      if (form === 'sequential' && !this.chain)
        return {
          code: '',
          why: 'Not a chain: forward() branches or merges, which nn.Sequential cannot say.',
        };
      if (form === 'sequential' && this.sequential) return { code: this.sequential, why: '' };
      if (!engine) return { code: '', why: 'The engine is not loaded yet.' };
      try {
        const { code } = await engine.exportCode(this.model, this.inputShape, { form });
        return { code, why: '' };
      } catch (error) {
        return { code: '', why: (error as Error).message };
      }
    };
    const [seq, cls] = await Promise.all([attempt('sequential'), attempt('class')]);
    if (id !== this.request) return;
    this.forms = [
      { id: 'sequential', title: 'As nn.Sequential', ...seq },
      { id: 'class', title: 'As a class (nn.Module with forward)', ...cls },
    ];
  }

  private async copy(form: Form) {
    try {
      await navigator.clipboard.writeText(form.code);
      this.copied = form.id;
      setTimeout(() => (this.copied = ''), 1500);
    } catch {
      this.copied = '';
    }
  }

  render() {
    return html`<details @toggle=${this.onToggle}>
      <summary>Export as code</summary>
      ${this.forms.map(
        (f) =>
          html`<div class="form">
            <div class="bar">
              <label for=${`export-${f.id}`}>${f.title}</label>
              ${
                f.code
                  ? html`<button
                      @click=${() => this.copy(f)}
                      aria-label=${`Copy the code ${f.title.toLowerCase()}`}
                    >
                      ${this.copied === f.id ? 'Copied' : 'Copy'}
                    </button>`
                  : nothing
              }
            </div>
            ${
              f.code
                ? html`<textarea
                    id=${`export-${f.id}`}
                    readonly
                    spellcheck="false"
                    rows=${Math.min(18, f.code.split('\n').length + 1)}
                    .value=${f.code}
                  ></textarea>`
                : html`<p class="why" id=${`export-${f.id}`}>${f.why}</p>`
            }
          </div>`,
      )}
    </details>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'conv-export-panel': ConvExportPanel;
  }
}
