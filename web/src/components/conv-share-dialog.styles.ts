// The look of <conv-share-dialog>.
import { css } from 'lit';
import { controls } from '../styles/theme';

export const styles = [
  controls,
  css`
    dialog {
      max-width: min(46rem, 92vw);
      color: var(--conv-fg);
      background: var(--conv-bg);
      border: 1px solid var(--conv-border);
    }
    textarea {
      width: 100%;
      box-sizing: border-box;
      font:
        0.8rem/1.4 ui-monospace,
        'DejaVu Sans Mono',
        monospace;
      min-height: 4.5rem;
    }
    h2 {
      font-size: 1.1rem;
      margin-top: 0;
    }
    label {
      font-weight: 600;
    }
  `,
];
