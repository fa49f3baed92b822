// The playground page: load the engine, then hand it to the element.
import { createEngine } from './index';
import { defineElements } from './define';

defineElements();
const playground = document.querySelector('conv-playground');
const status = document.querySelector<HTMLElement>('.engine-status');
createEngine()
  .then((engine) => {
    if (playground) playground.engine = engine;
    if (status) status.textContent = `Engine ${engine.version} · SIMD target ${engine.target}`;
  })
  .catch((error: unknown) => {
    if (status) status.textContent = `The engine could not be loaded: ${String(error)}`;
  });
