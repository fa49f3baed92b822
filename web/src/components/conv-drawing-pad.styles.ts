// The look of <conv-drawing-pad>.
import { css } from 'lit';
import { controls } from '../styles/theme';

export const styles = [
  controls,
  css`
    :host {
      display: block;
    }
    canvas {
      width: min(100%, 256px);
      aspect-ratio: 1;
      border: 1px solid var(--conv-border);
      touch-action: none;
      cursor: crosshair;
      display: block;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      align-items: center;
      margin-top: 0.3rem;
      font-size: 0.85rem;
    }
  `,
];
