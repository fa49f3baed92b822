// The look of <conv-playground>.
import { css } from 'lit';
import { controls, themeHost } from '../styles/theme';

export const styles = [
  themeHost,
  controls,
  css`
    :host {
      display: block;
      background: var(--conv-bg);
      color: var(--conv-fg);
      font-family: system-ui, sans-serif;
    }
    .toolbar {
      display: flex;
      flex-wrap: wrap;
      gap: 0.4rem;
      align-items: center;
      padding: 0.4rem 0;
      border-bottom: 1px solid var(--conv-border);
      margin-bottom: 0.6rem;
    }
    .status {
      color: var(--conv-muted);
      font-size: 0.85rem;
      margin-left: auto;
    }
    .layout {
      display: grid;
      grid-template-columns: minmax(0, 30rem) minmax(0, 1fr);
      gap: 1rem;
    }
    @media (max-width: 900px) {
      .layout {
        grid-template-columns: minmax(0, 1fr);
      }
    }
    section {
      margin-bottom: 1rem;
    }
    h2 {
      font-size: 1.05rem;
      margin: 0 0 0.4rem;
    }
    .message {
      margin-bottom: 0.6rem;
    }
    .warning {
      font-size: 0.85rem;
      margin-top: 0.3rem;
    }
    .suggest {
      display: flex;
      flex-wrap: wrap;
      gap: 0.4rem;
      align-items: center;
      font-size: 0.9rem;
      margin-bottom: 0.5rem;
      padding: 0.4rem 0.6rem;
      border-left: 4px solid var(--conv-accent);
      background: var(--conv-surface);
    }
  `,
];
