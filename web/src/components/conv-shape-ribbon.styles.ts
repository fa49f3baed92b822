// The look of <conv-shape-ribbon>.
import { css } from 'lit';
import { controls } from '../styles/theme';

export const styles = [
  controls,
  css`
    :host {
      display: block;
    }
    ol {
      display: flex;
      flex-wrap: wrap;
      gap: 0.3rem;
      list-style: none;
      padding: 0;
      margin: 0;
      align-items: stretch;
    }
    li {
      border: 1px solid var(--conv-border);
      border-radius: 6px;
      padding: 0.25rem 0.5rem;
      background: var(--conv-surface);
      font-size: 0.8rem;
      display: grid;
      align-content: start;
    }
    li.greyed {
      opacity: 0.5;
      border-style: dashed;
    }
    li.invalid {
      border-color: var(--conv-error);
      background: var(--conv-error-bg);
    }
    .kind {
      color: var(--conv-muted);
    }
    .shape {
      font-weight: 600;
      font-size: 0.9rem;
    }
    .note {
      color: var(--conv-accent);
    }
    .totals {
      margin-top: 0.4rem;
      font-size: 0.9rem;
    }
  `,
];
