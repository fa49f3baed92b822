// The look of <conv-window-view>.
import { css } from 'lit';
import { controls } from '../styles/theme';

export const styles = [
  controls,
  css`
    :host {
      display: block;
    }
    .formula {
      font-size: 0.85rem;
      overflow-wrap: anywhere;
    }
    .grids {
      display: flex;
      flex-wrap: wrap;
      gap: 0.8rem;
      align-items: flex-start;
      margin: 0.5rem 0;
    }
    figure {
      margin: 0;
    }
    figcaption {
      font-size: 0.75rem;
      color: var(--conv-muted);
    }
    table {
      border-collapse: collapse;
      font:
        0.7rem/1 ui-monospace,
        'DejaVu Sans Mono',
        monospace;
    }
    td {
      border: 1px solid var(--conv-border);
      min-width: 2.4rem;
      height: 1.5rem;
      text-align: right;
      padding: 0 0.2rem;
    }
    td.pad {
      background: repeating-linear-gradient(45deg, transparent 0 4px, var(--conv-surface) 4px 8px);
      color: var(--conv-muted);
    }
    td.beyond {
      border-style: dashed;
      color: var(--conv-muted);
    }
    td.hole {
      outline: 1px dashed var(--conv-accent);
      outline-offset: -3px;
    }
    td.tap {
      background: color-mix(in srgb, var(--conv-accent) 22%, transparent);
      font-weight: 700;
    }
    /* NaN and ±inf cells: their map colour as a border, hatched (docs/semantics.md §8e). */
    td.nan,
    td.posInf,
    td.negInf {
      background-image: repeating-linear-gradient(
        -45deg,
        color-mix(in srgb, var(--special) 35%, transparent) 0 3px,
        transparent 3px 6px
      );
      box-shadow: inset 0 0 0 2px var(--special);
    }
    td.nan {
      --special: rgb(255, 0, 255);
    }
    td.posInf {
      --special: rgb(0, 200, 200);
    }
    td.negInf {
      --special: rgb(0, 0, 0);
    }
    td.winner {
      outline: 3px solid var(--conv-warning);
      outline-offset: -3px;
    }
    td.current {
      background: var(--conv-accent);
      color: var(--conv-accent-fg);
      font-weight: 700;
    }
    td.out {
      cursor: pointer;
    }
    .sums {
      padding-left: 1.2rem;
      font-size: 0.85rem;
    }
    .label {
      color: var(--conv-muted);
    }
    .total {
      font-size: 0.95rem;
    }
    .panel {
      outline: none;
    }
    .panel:focus-visible {
      outline: 2px solid var(--conv-focus);
    }
    .thumb-box {
      position: relative;
      line-height: 0;
    }
    canvas.thumb {
      width: 100%;
      image-rendering: pixelated;
    }
    .thumb-window {
      position: absolute;
      outline: 2px solid #ff8c00;
      pointer-events: none;
    }
    input[type='range'] {
      width: 12rem;
    }
  `,
];
