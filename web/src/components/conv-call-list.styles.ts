// The look of <conv-call-list>.
import { css } from 'lit';
import { controls } from '../styles/theme';

export const styles = [
  controls,
  css`
    :host {
      display: block;
    }
    .note {
      font-size: 0.85rem;
      margin: 0 0 0.4rem;
      padding: 0.4rem 0.6rem;
      border-left: 3px solid var(--conv-accent);
      background: var(--conv-surface);
    }
    .palette {
      display: flex;
      flex-wrap: wrap;
      gap: 0.4rem;
      align-items: center;
      margin-bottom: 0.5rem;
    }
    .muted {
      color: var(--conv-muted);
      font-size: 0.85rem;
    }
    .graph {
      position: relative;
    }
    .rail {
      position: absolute;
      left: 0;
      top: 0;
      overflow: visible;
    }
    .rail .chain,
    .rail .skip,
    .rail .arrow {
      stroke: var(--conv-muted);
      stroke-width: 1.5;
      fill: none;
    }
    .rail .skip,
    .rail .arrow {
      stroke: var(--conv-accent);
    }
    .rail .dot {
      fill: var(--conv-bg);
      stroke: var(--conv-muted);
      stroke-width: 1.5;
    }
    .rail .merge {
      fill: var(--conv-accent);
    }
    ol {
      list-style: none;
      padding: 0 0 0 30px;
      margin: 0;
      display: grid;
      gap: 0.4rem;
    }
    .call {
      border: 1px solid var(--conv-border);
      border-radius: 6px;
      background: var(--conv-bg);
      padding: 0.35rem 0.6rem;
      font-size: 0.9rem;
    }
    .call.functional,
    .call.op {
      background: var(--conv-surface);
      border-style: dashed;
    }
    .call.merge {
      border: 1px solid var(--conv-accent);
      border-left-width: 4px;
    }
    .call.invalid {
      border-color: var(--conv-error);
    }
    header {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.4rem;
    }
    h3 {
      font-size: 0.95rem;
      margin: 0;
      flex: 1 1 auto;
      overflow-wrap: anywhere;
    }
    .index {
      color: var(--conv-muted);
      font-weight: normal;
    }
    code,
    .text {
      font-family: ui-monospace, 'DejaVu Sans Mono', monospace;
      font-size: 0.82rem;
      overflow-wrap: anywhere;
    }
    .text {
      display: block;
      margin: 0.15rem 0;
    }
    .notes {
      display: flex;
      flex-wrap: wrap;
      gap: 0.2rem 0.8rem;
      font-size: 0.82rem;
      margin: 0.15rem 0;
      align-items: center;
    }
    .wiring.merge {
      font-weight: 600;
      color: var(--conv-accent);
    }
    .reuse {
      color: var(--conv-warning);
    }
    .summary {
      font-size: 0.85rem;
      display: flex;
      flex-wrap: wrap;
      gap: 0.2rem 1rem;
    }
    .link {
      background: none;
      border: none;
      color: var(--conv-accent);
      padding: 0;
      min-height: 0;
      text-decoration: underline;
      font-size: 0.82rem;
    }
    .error {
      margin-top: 0.3rem;
      font-size: 0.85rem;
    }
  `,
];
