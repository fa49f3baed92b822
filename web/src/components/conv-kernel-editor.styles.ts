// The look of <conv-kernel-editor>.
import { css } from 'lit';
import { controls } from '../styles/theme';

export const styles = [
  controls,
  css`
    :host {
      display: block;
    }
    .presets button {
      font-size: 0.85rem;
    }
    .slices {
      display: flex;
      flex-wrap: wrap;
      gap: 0.6rem;
    }
    table {
      border-collapse: collapse;
    }
    caption {
      font-size: 0.75rem;
      color: var(--conv-muted);
      text-align: left;
    }
    td input {
      width: 5.2rem;
      font-size: 0.8rem;
      text-align: right;
    }
    .seed input {
      width: 7rem;
    }
    small {
      color: var(--conv-muted);
    }
    fieldset {
      border: none;
      margin: 0;
      padding: 0;
      min-width: 0;
    }
  `,
];
