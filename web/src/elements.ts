// The custom elements, registered on import (guarded: loading this bundle
// twice, or next to another copy, does not throw):
//   <script type="module" src=".../convplay-elements.js"></script>
//   <conv-playground></conv-playground> <conv-quiz></conv-quiz> …
import { defineElements } from './define';

export { ConvPlayground } from './components/conv-playground';
export { ConvQuiz } from './components/conv-quiz';
export { ConvWindowExplorer } from './components/conv-window-explorer';
export { ConvFeatureMaps } from './components/conv-feature-maps';
export { defineElements };

defineElements();
