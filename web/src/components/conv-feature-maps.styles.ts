// The look of <conv-feature-maps>.
import { css } from 'lit';
import { controls } from '../styles/theme';

export const styles = [
  controls,
  css`
    :host {
      display: block;
      --conv-map-size: 96px;
    }
    .readout {
      position: sticky;
      top: 0;
      z-index: 1;
      background: var(--conv-bg);
      padding: 0.25rem 0;
      font-size: 0.85rem;
      min-height: 1.3rem;
    }
    section {
      margin: 0.4rem 0 0.8rem;
      /* Off-screen layers cost no layout or paint until scrolled to. */
      content-visibility: auto;
      contain-intrinsic-size: auto 20rem;
    }
    h3 {
      font-size: 0.9rem;
      margin: 0 0 0.25rem;
      font-weight: 600;
    }
    h3 .meta {
      font-weight: normal;
      color: var(--conv-muted);
    }
    .legend {
      display: flex;
      align-items: center;
      gap: 0.4rem;
      font-size: 0.75rem;
      margin-bottom: 0.3rem;
    }
    .non-finite {
      display: inline-flex;
      gap: 0.5rem;
    }
    .special .swatch {
      display: inline-block;
      width: 0.7rem;
      height: 0.7rem;
      margin-right: 0.2rem;
      vertical-align: -0.1rem;
      border: 1px solid var(--conv-border);
    }
    .bar {
      width: 8rem;
      height: 0.6rem;
      border: 1px solid var(--conv-border);
    }
    .atlas {
      position: relative;
      line-height: 0;
      width: max-content;
      max-width: 100%;
    }
    canvas {
      image-rendering: pixelated;
      touch-action: none;
      display: block;
    }
    .cursor {
      position: absolute;
      pointer-events: none;
      outline: 2px solid #ff00c8;
    }
    .region {
      position: absolute;
      pointer-events: none;
      outline: 2px solid #ff8c00;
      outline-offset: -1px;
      box-shadow: 0 0 0 1px #000;
    }
    .values {
      display: flex;
      flex-wrap: wrap;
      gap: 2px;
      font-size: 0.75rem;
    }
    .values span {
      padding: 0.1rem 0.3rem;
      border-radius: 3px;
      min-width: 3rem;
      text-align: right;
    }
    /* NaN and ±inf: their colour, hatched, and their name as the text. */
    .values span.special {
      background-image: repeating-linear-gradient(
        45deg,
        rgba(128, 128, 128, 0.45) 0 3px,
        transparent 3px 6px
      );
      font-weight: 600;
    }
  `,
];
