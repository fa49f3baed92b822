import { LitElement, html } from 'lit';
import { isSample, type PlaygroundState } from '../state/playground-state';
import { encodeHash } from '../state/url-state';
import { shapeToken } from '../render/format';
import { styles } from './conv-share-dialog.styles';

/**
 * "Share / embed": the link to this state, an <iframe> snippet for the embed
 * page and an element snippet for course pages, each with a Copy button.
 */
export class ConvShareDialog extends LitElement {
  static properties = {
    state: { attribute: false },
    code: { type: String },
    hide: { type: String },
    lock: { type: String },
    copied: { state: true },
  };

  /** The playground's state and its canonical code. */
  state?: PlaygroundState;
  code = '';
  /** Hidden and locked parts (space-separated). */
  hide = '';
  lock = '';
  private copied = '';

  static styles = styles;

  /** Opens the dialog (modal). */
  open() {
    this.renderRoot.querySelector('dialog')?.showModal();
  }

  private get snippets(): [string, string][] {
    const s = this.state;
    if (!s) return [];
    const hide = this.hide.split(' ').filter(Boolean);
    const lock = this.lock.split(' ').filter(Boolean);
    const hash = encodeHash({ model: this.code, ...s, hide, lock });
    const sample = isSample(s.source) ? s.source : '';
    const page = location.href.split('#')[0];
    const frame = new URL('frame.html', document.baseURI).href;
    const attr = (name: string, value: string) =>
      value ? ` ${name}="${value.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"` : '';
    const bundle = new URL('convplay-elements.js', document.baseURI).href;
    return [
      ['Link to this state', page + hash],
      [
        'Embed in a page (iframe)',
        `<iframe src="${frame}${hash}" title="ConvPlay" width="100%" height="720" style="border:0"></iframe>`,
      ],
      [
        'Embed as an element',
        `<script type="module" src="${bundle}"></script>\n<conv-playground${attr('model', this.code)}${attr('input', shapeToken(s.inputShape))}${attr('sample', sample)}${attr('seed', String(s.seed))}${attr('hide', this.hide)}${attr('lock', this.lock)}></conv-playground>`,
      ],
    ];
  }

  private async copy(label: string, text: string) {
    try {
      await navigator.clipboard.writeText(text);
      this.copied = label;
    } catch {
      this.copied = '';
    }
  }

  render() {
    return html`<dialog aria-labelledby="share-title">
      <h2 id="share-title">Share or embed this playground</h2>
      ${this.snippets.map(
        ([label, text], i) =>
          html`<p>
            <label for=${`snippet-${i}`}>${label}</label>
            <textarea id=${`snippet-${i}`} readonly .value=${text}></textarea>
            <button @click=${() => this.copy(label, text)}>
              ${this.copied === label ? 'Copied' : 'Copy'}
            </button>
          </p>`,
      )}
      <form method="dialog"><button class="primary">Close</button></form>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'conv-share-dialog': ConvShareDialog;
  }
}
