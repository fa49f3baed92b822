// Colours and shared control styles. The custom properties are set on the
// playground's host (light, dark, or the system's choice) and inherited by
// every element inside it; each can be overridden by the host page.
import { css } from 'lit';

const dark = css`
  --conv-bg: #14181d;
  --conv-surface: #1e242b;
  --conv-fg: #e6eaee;
  --conv-muted: #a3adb8;
  --conv-border: #3a444f;
  --conv-accent: #7fb0ff;
  --conv-accent-fg: #0b1a30;
  --conv-error: #ffb4ab;
  --conv-error-bg: #3b1714;
  --conv-warning: #ffcf8a;
  --conv-warning-bg: #3a2a10;
  --conv-focus: #7fb0ff;
  color-scheme: dark;
`;

export const themeHost = css`
  :host {
    --conv-bg: #ffffff;
    --conv-surface: #f5f7fa;
    --conv-fg: #1d232a;
    --conv-muted: #56606b;
    --conv-border: #c9d1da;
    --conv-accent: #1f5fbf;
    --conv-accent-fg: #ffffff;
    --conv-error: #b3261e;
    --conv-error-bg: #fdecea;
    --conv-warning: #8a5300;
    --conv-warning-bg: #fff4e0;
    --conv-focus: #1f5fbf;
    color-scheme: light;
  }
  :host([theme='dark']) {
    ${dark}
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${dark}
    }
  }
`;

export const controls = css`
  :host {
    color: var(--conv-fg);
    font-family: system-ui, sans-serif;
  }
  button,
  select,
  input,
  textarea {
    font: inherit;
    color: var(--conv-fg);
    background: var(--conv-bg);
    border: 1px solid var(--conv-border);
    border-radius: 4px;
  }
  button {
    padding: 0.25rem 0.6rem;
    cursor: pointer;
    min-height: 2rem;
  }
  button.primary {
    background: var(--conv-accent);
    color: var(--conv-accent-fg);
    border-color: var(--conv-accent);
  }
  button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  input,
  select {
    padding: 0.2rem 0.4rem;
    min-height: 1.8rem;
    max-width: 100%;
  }
  :focus-visible {
    outline: 2px solid var(--conv-focus);
    outline-offset: 2px;
  }
  code,
  .mono {
    font-family: ui-monospace, 'DejaVu Sans Mono', monospace;
  }
  .num {
    font-variant-numeric: tabular-nums;
  }
  .error {
    border-left: 4px solid var(--conv-error);
    background: var(--conv-error-bg);
    padding: 0.4rem 0.6rem;
    overflow-wrap: anywhere;
  }
  .error strong {
    color: var(--conv-error);
  }
  .warning {
    border-left: 4px solid var(--conv-warning);
    background: var(--conv-warning-bg);
    padding: 0.3rem 0.6rem;
  }
  /* A wrapping line of controls. */
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem;
    align-items: center;
    margin-bottom: 0.4rem;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;
