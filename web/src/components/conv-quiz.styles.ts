// The look of <conv-quiz>.
import { css } from 'lit';
import { controls } from '../styles/theme';

export const styles = [
  controls,
  css`
    :host {
      display: block;
    }
    pre {
      background: var(--conv-surface);
      padding: 0.5rem;
      overflow-x: auto;
      font-size: 0.85rem;
    }
    .prompt {
      font-size: 1.05rem;
    }
    .answer input {
      width: 12rem;
      font-family: ui-monospace, 'DejaVu Sans Mono', monospace;
    }
    .right {
      border-left: 4px solid #2e7d32;
      padding: 0.3rem 0.6rem;
    }
    ol.steps li {
      margin-bottom: 0.5rem;
    }
    .formula math {
      font-size: 1.2em;
    }
    .formula {
      display: block;
      margin-top: 0.2rem;
      overflow-x: auto;
    }
    .progress {
      font-size: 0.85rem;
      color: var(--conv-muted);
    }
  `,
];
