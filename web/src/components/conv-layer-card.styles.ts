// The look of <conv-layer-card>.
import { css } from 'lit';
import { controls } from '../styles/theme';

export const styles = [
  controls,
  css`
    :host {
      display: block;
    }
    article {
      border: 1px solid var(--conv-border);
      border-radius: 6px;
      background: var(--conv-bg);
      padding: 0.5rem 0.6rem;
    }
    :host([greyed]) article {
      opacity: 0.55;
    }
    :host([invalid]) article {
      border-color: var(--conv-error);
    }
    header {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.4rem;
    }
    h3 {
      font-size: 1rem;
      margin: 0;
      flex: 1 1 auto;
    }
    .index {
      color: var(--conv-muted);
      font-weight: normal;
    }
    .handle {
      cursor: grab;
      color: var(--conv-muted);
      user-select: none;
    }
    .actions button {
      min-width: 2rem;
      padding: 0.15rem 0.4rem;
    }
    .fields {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(9.5rem, 1fr));
      gap: 0.3rem 0.6rem;
      margin: 0.4rem 0;
    }
    label {
      display: grid;
      font-size: 0.8rem;
      color: var(--conv-muted);
    }
    label input {
      font-family: ui-monospace, 'DejaVu Sans Mono', monospace;
      font-size: 0.85rem;
      width: 100%;
      box-sizing: border-box;
    }
    label input[aria-invalid='true'] {
      border-color: var(--conv-error);
    }
    .summary {
      font-size: 0.85rem;
      display: flex;
      flex-wrap: wrap;
      gap: 0.2rem 1rem;
    }
    .more {
      background: none;
      border: none;
      color: var(--conv-accent);
      padding: 0;
      min-height: 0;
      text-decoration: underline;
    }
    .error {
      margin-top: 0.4rem;
      font-size: 0.85rem;
    }
  `,
];
