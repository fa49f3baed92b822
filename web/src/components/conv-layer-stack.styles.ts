// The look of <conv-layer-stack>.
import { css } from 'lit';
import { controls } from '../styles/theme';

export const styles = [
  controls,
  css`
    :host {
      display: block;
    }
    .palette {
      display: flex;
      flex-wrap: wrap;
      gap: 0.4rem;
      align-items: center;
      margin-bottom: 0.5rem;
    }
    ol {
      list-style: none;
      padding: 0;
      margin: 0;
      display: grid;
      gap: 0.4rem;
    }
    li {
      content-visibility: auto;
      contain-intrinsic-size: auto 10rem;
    }
    li.drop-target {
      outline: 2px dashed var(--conv-accent);
      outline-offset: 2px;
    }
  `,
];
