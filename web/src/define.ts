// Guarded registration: a page may load the bundle twice.
import { ConvPlayground } from './components/conv-playground';

export function defineElements(): void {
  if (!customElements.get('conv-playground')) {
    customElements.define('conv-playground', ConvPlayground);
  }
}
