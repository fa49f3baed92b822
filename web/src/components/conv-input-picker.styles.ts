// The look of <conv-input-picker>.
import { css } from 'lit';
import { controls } from '../styles/theme';

export const styles = [
  controls,
  css`
    :host {
      display: block;
    }
    .shape input {
      width: 11rem;
    }
    .fps {
      font-variant-numeric: tabular-nums;
    }
    fieldset {
      border: none;
      margin: 0;
      padding: 0;
      min-width: 0;
    }
    .file {
      position: relative;
    }
    .file input {
      position: absolute;
      opacity: 0;
      width: 1px;
      height: 1px;
    }
    .file label {
      display: inline-block;
      border: 1px solid var(--conv-border);
      border-radius: 4px;
      padding: 0.25rem 0.6rem;
      cursor: pointer;
    }
    .file input:focus-visible + label {
      outline: 2px solid var(--conv-focus);
      outline-offset: 2px;
    }
  `,
];
