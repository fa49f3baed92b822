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
    textarea {
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
    }
    textarea[aria-invalid='true'] {
      border-color: var(--conv-error);
    }
    .error {
      margin-top: 0.3rem;
      font-size: 0.85rem;
    }
  `,
];
