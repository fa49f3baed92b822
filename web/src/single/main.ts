// The page script of the offline single file: the engine worker's code is a
// string here and starts from a blob: URL; then the usual page.
import workerCode from '../../../build/single/worker.js?raw';

(globalThis as { __convplayWorkerUrl?: string }).__convplayWorkerUrl = URL.createObjectURL(
  new Blob([workerCode], { type: 'text/javascript' }),
);

await import('../main');
