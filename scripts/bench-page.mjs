// npm run bench (page part): the built playground (dist/) in Debian's
// Chromium, served from a local static server. Prints
//  - load → interactive: navigation start until the default stack is planned
//    and every feature map painted (median of 7 loads);
//  - a parameter edit: a layer-card field typed → parse → re-plan → load the
//    model → forward → every map repainted, until the next animation frame
//    (median and p95 of 40 edits);
//  - a kernel preset: new weights → forward → repaint (median of 40);
//  - webcam: frames per second of the live pipeline with Chromium's fake
//    camera (mean over 5 s).
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');
const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };
const server = http.createServer(async (req, res) => {
  let file = path.join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname));
  if (!file.startsWith(root)) return res.writeHead(403).end();
  if (file.endsWith('/')) file = path.join(file, 'index.html');
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' }).end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}/`;

const args = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];
if (process.getuid?.() === 0) args.push('--no-sandbox');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args });
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });

const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const p95 = (v) => [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.floor(v.length * 0.95))];

const loads = [];
for (let i = 0; i < 7; i++) {
  await page.goto(url + '#');
  loads.push(
    await page.evaluate(async () => {
      await customElements.whenDefined('conv-playground');
      const pg = document.querySelector('conv-playground');
      await pg.whenIdle();
      await new Promise((r) => requestAnimationFrame(r));
      return performance.now();
    }),
  );
}

const timings = await page.evaluate(async () => {
  const pg = document.querySelector('conv-playground');
  const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
  const card = () => pg.shadowRoot.querySelector('conv-layer-stack').shadowRoot.querySelector('conv-layer-card');
  const edits = [];
  const done = [];
  const phases = [];
  for (let i = 0; i < 40; i++) {
    const c = card();
    if (!c.shadowRoot.querySelector('input[data-param="bias"]')) {
      c.shadowRoot.querySelector('button.more').click();
      await c.updateComplete;
    }
    const field = c.shadowRoot.querySelector('input[data-param="bias"]');
    const want = i % 2 === 0 ? 'False' : 'True';
    const t0 = performance.now();
    field.value = want;
    field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    while (pg.state.layers[0].args.bias !== (want === 'True')) await new Promise((r) => setTimeout(r, 0));
    await pg.whenIdle();
    done.push(performance.now() - t0);
    phases.push(pg.timings);
    await frame();
    edits.push(performance.now() - t0);
  }
  const editor = pg.shadowRoot.querySelector('conv-kernel-editor').shadowRoot;
  const presets = [...editor.querySelectorAll('.presets button')];
  const kernels = [];
  for (let i = 0; i < 40; i++) {
    const before = JSON.stringify(pg.state.kernels);
    const t0 = performance.now();
    presets[i % presets.length].click();
    while (JSON.stringify(pg.state.kernels) === before) await new Promise((r) => setTimeout(r, 0));
    await pg.whenIdle();
    await frame();
    kernels.push(performance.now() - t0);
  }
  return { edits, done, phases, kernels };
});

const fps = await page.evaluate(async () => {
  const pg = document.querySelector('conv-playground');
  const picker = pg.shadowRoot.querySelector('conv-input-picker');
  [...picker.shadowRoot.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Webcam').click();
  const start = performance.now();
  while (pg.state.source !== 'webcam') {
    if (performance.now() - start > 5000) return -1;
    await new Promise((r) => setTimeout(r, 50));
  }
  await new Promise((r) => setTimeout(r, 1000));
  const samples = [];
  for (let i = 0; i < 10; i++) {
    await new Promise((r) => setTimeout(r, 500));
    samples.push(pg.fps);
  }
  return samples.reduce((a, b) => a + b, 0) / samples.length;
});

await browser.close();
server.close();

const f = (v) => v.toFixed(1).padStart(7);
console.log('Playground page (dist/, Chromium, default stack, 1 × 3 × 130 × 130):');
console.log(`  load → interactive (maps painted)   median ${f(median(loads))} ms   (budget < 1000 ms)`);
console.log(`  parameter edit → repainted          median ${f(median(timings.edits))} ms   p95 ${f(p95(timings.edits))} ms   (budget < 16 ms; until the next frame)`);
console.log(`    of which: typed → maps in canvases median ${f(median(timings.done))} ms`);
const phase = (k) => median(timings.phases.map((p) => p[k] ?? 0));
console.log(`    of which: plan + code ${f(phase('plan'))} ms, load + forward ${f(phase('compute'))} ms, plan → painted ${f(phase('total'))} ms`);
console.log(`  kernel preset → repainted           median ${f(median(timings.kernels))} ms   p95 ${f(p95(timings.kernels))} ms`);
console.log(`  webcam (fake camera) live pipeline  mean   ${f(fps)} fps  (budget ≥ 30 fps)`);
