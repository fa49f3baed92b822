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

describe('npm pack', () => {
  it('makes a package that installs into an empty directory and works from Node', () => {
    const dir = new URL('build/pack/', root);
    execFileSync('rm', ['-rf', dir.pathname]);
    mkdirSync(new URL('consumer/', dir), { recursive: true });
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--pack-destination', dir.pathname], {
        cwd: root.pathname,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    )[0] as { filename: string; files: { path: string }[] };
    const files = packed.files.map((f) => f.path);
    for (const f of [
      'dist/convplay.js',
      'dist/convplay-elements.js',
      'dist/convplay-worker.js',
      'dist/convplay.d.ts',
      'dist/wasm/convplay-simd.wasm',
      'dist/wasm/convplay-nosimd.wasm',
      'package.json',
      'README.md',
    ])
      expect(files, f).toContain(f);
    expect(files.filter((f) => /^(core|web|tests|scripts|wasm)\//.test(f))).toEqual([]);
    const consumer = new URL('consumer/', dir);
    writeFileSync(
      new URL('package.json', consumer),
      JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
    );
    execFileSync(
      'npm',
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        `${dir.pathname}${packed.filename}`,
      ],
      {
        cwd: consumer.pathname,
        stdio: 'ignore',
      },
    );
    writeFileSync(
      new URL('check.mjs', consumer),
      `import { createEngine } from 'convplay';
const engine = await createEngine();
const q = engine.quiz({ kind: 'flatten', seed: 0 });
console.log(JSON.stringify({ target: engine.target, answer: q.answer, grade: engine.grade(q, '5120').correct }));
`,
    );
    const out = JSON.parse(
      execFileSync(process.execPath, ['check.mjs'], { cwd: consumer.pathname, encoding: 'utf8' }),
    );
    expect(out).toEqual({ target: 'WASM', answer: '5120', grade: true });
    expect(existsSync(new URL('node_modules/convplay/dist/convplay-elements.js', consumer))).toBe(
      true,
    );
  });
});
