// The built package from plain Node (no flags, no bundler): run after
// `npm run build` (scripts/test.sh does).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);

describe('the convplay package', () => {
  it('imports by name in plain Node and plans the classic example', () => {
    expect(existsSync(new URL('dist/convplay.js', root))).toBe(true);
    mkdirSync(new URL('build/', root), { recursive: true });
    const script = new URL('build/package-check.mjs', root);
    writeFileSync(
      script,
      `import { createEngine } from 'convplay';
const t0 = performance.now();
const engine = await createEngine();
const plan = engine.plan('nn.Sequential(nn.Conv2d(3, 10, 3), nn.MaxPool2d(4, 4), nn.Conv2d(10, 20, 5, padding=2), nn.MaxPool2d(2, 2), nn.Flatten())', [1, 3, 130, 130]);
const first = performance.now() - t0;
for (let i = 0; i < 200; i++) engine.plan('nn.Sequential(nn.Conv2d(3, 10, 3), nn.MaxPool2d(4, 4), nn.Conv2d(10, 20, 5, padding=2), nn.MaxPool2d(2, 2), nn.Flatten())', [1, 3, 130, 130]);
const t1 = performance.now();
for (let i = 0; i < 1000; i++) engine.plan('nn.Sequential(nn.Conv2d(3, 10, 3), nn.MaxPool2d(4, 4), nn.Conv2d(10, 20, 5, padding=2), nn.MaxPool2d(2, 2), nn.Flatten())', [1, 3, 130, 130]);
console.log(JSON.stringify({ target: engine.target, shape: plan.outputShape, first, plan: (performance.now() - t1) / 1000 }));
`,
    );
    const out = JSON.parse(execFileSync(process.execPath, [script.pathname], { encoding: 'utf8' }));
    console.log(
      `createEngine() to first plan(): ${out.first.toFixed(1)} ms; plan() of the classic stack after warm-up: ${out.plan.toFixed(3)} ms (mean of 1000)`,
    );
    expect(out.target).toBe('WASM');
    expect(out.shape).toEqual([1, 5120]);
  });
});
