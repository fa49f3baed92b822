// The look of <conv-code-panel>.
import { css } from 'lit';
import { controls } from '../styles/theme';

export const styles = [
  controls,
  css`
    :host {
      display: block;
    }
    .bar {
      display: flex;
      justify-content: space-between;
      align-items: center;
      gap: 0.5rem;
    }
    .note {
      font-size: 0.8rem;
      color: var(--conv-muted);
      flex: 1 1 auto;
    }
    .editor {
      --lh: calc(0.85rem * 1.45);
      display: flex;
      border: 1px solid var(--conv-border);
      border-radius: 4px;
      background: var(--conv-bg);
      overflow: hidden;
    }
    .editor:has(textarea[aria-invalid='true']) {
      border-color: var(--conv-error);
    }
    .gutter {
      position: relative;
      flex: none;
      min-width: 2.2rem;
      padding: calc(0.5rem + 1px) 0.3rem 0 0;
      box-sizing: border-box;
      text-align: right;
      font:
        0.85rem/1.45 ui-monospace,
        'DejaVu Sans Mono',
        monospace;
      color: var(--conv-muted);
      background: var(--conv-surface);
      border-right: 1px solid var(--conv-border);
      overflow: hidden;
      user-select: none;
    }
    .gutter > div {
      /* Out of the flow: the textarea alone sets the editor's height. */
      position: absolute;
      right: 0.3rem;
      top: calc(0.5rem + 1px);
    }
    .gutter .bad {
      color: var(--conv-error);
      font-weight: 700;
    }
    .text {
      position: relative;
      flex: 1 1 auto;
      min-width: 0;
      overflow: hidden;
    }
    .band {
      position: absolute;
      left: 0;
      right: 0;
      height: var(--lh);
      margin-top: 1px;
      background: var(--conv-error-bg);
      border-left: 3px solid var(--conv-error);
      pointer-events: none;
    }
    textarea {
      position: relative;
      display: block;
      width: 100%;
      box-sizing: border-box;
      min-height: 14rem;
      font:
        0.85rem/1.45 ui-monospace,
        'DejaVu Sans Mono',
        monospace;
      padding: 0.5rem;
      tab-size: 4;
      resize: vertical;
      white-space: pre;
      background: transparent;
      border: none;
      border-radius: 0;
    }
    .link {
      background: none;
      border: none;
      color: var(--conv-accent);
      padding: 0;
      min-height: 0;
      text-decoration: underline;
    }
    .error {
      margin-top: 0.3rem;
      font-size: 0.85rem;
    }
  `,
];
