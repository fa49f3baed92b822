// The look of <conv-window-explorer> (the window itself is <conv-window-view>'s).
import { css } from 'lit';
import { controls } from '../styles/theme';

export const styles = [
  controls,
  css`
    :host {
      display: block;
    }
  `,
];
