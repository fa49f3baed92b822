// Guarded registration: a page may load the bundle twice.
import { ConvCallList } from './components/conv-call-list';
import { ConvCodePanel } from './components/conv-code-panel';
import { ConvExportPanel } from './components/conv-export-panel';
import { ConvDrawingPad } from './components/conv-drawing-pad';
import { ConvFeatureMaps } from './components/conv-feature-maps';
import { ConvInputPicker } from './components/conv-input-picker';
import { ConvKernelEditor } from './components/conv-kernel-editor';
import { ConvLayerCard } from './components/conv-layer-card';
import { ConvLayerStack } from './components/conv-layer-stack';
import { ConvPlayground } from './components/conv-playground';
import { ConvQuiz } from './components/conv-quiz';
import { ConvShapeRibbon } from './components/conv-shape-ribbon';
import { ConvShareDialog } from './components/conv-share-dialog';
import { ConvWindowExplorer } from './components/conv-window-explorer';
import { ConvWindowView } from './components/conv-window-view';

const ELEMENTS: [string, CustomElementConstructor][] = [
  ['conv-call-list', ConvCallList],
  ['conv-code-panel', ConvCodePanel],
  ['conv-export-panel', ConvExportPanel],
  ['conv-drawing-pad', ConvDrawingPad],
  ['conv-feature-maps', ConvFeatureMaps],
  ['conv-input-picker', ConvInputPicker],
  ['conv-kernel-editor', ConvKernelEditor],
  ['conv-layer-card', ConvLayerCard],
  ['conv-layer-stack', ConvLayerStack],
  ['conv-playground', ConvPlayground],
  ['conv-quiz', ConvQuiz],
  ['conv-shape-ribbon', ConvShapeRibbon],
  ['conv-share-dialog', ConvShareDialog],
  ['conv-window-explorer', ConvWindowExplorer],
  ['conv-window-view', ConvWindowView],
];

export function defineElements(): void {
  for (const [name, element] of ELEMENTS) {
    if (!customElements.get(name)) customElements.define(name, element);
  }
}
