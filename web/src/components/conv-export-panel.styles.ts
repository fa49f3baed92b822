// The look of <conv-export-panel>.
import { css } from 'lit';
import { controls } from '../styles/theme';

export const styles = [
  controls,
  css`
    :host {
      display: block;
      margin-top: 0.5rem;
    }
    summary {
      cursor: pointer;
      font-weight: 600;
      padding: 0.2rem 0;
    }
    summary:focus-visible {
      outline: 2px solid var(--conv-focus);
      outline-offset: 2px;
    }
    .form {
      margin-top: 0.4rem;
    }
    .bar {
      display: flex;
      justify-content: space-between;
      align-items: center;
      gap: 0.5rem;
      font-size: 0.9rem;
    }
    textarea {
      display: block;
      width: 100%;
      box-sizing: border-box;
      font:
        0.8rem/1.4 ui-monospace,
        'DejaVu Sans Mono',
        monospace;
      padding: 0.4rem;
      resize: vertical;
      white-space: pre;
      overflow: auto;
    }
    .why {
      margin: 0.2rem 0;
      font-size: 0.85rem;
      color: var(--conv-muted);
    }
  `,
];
