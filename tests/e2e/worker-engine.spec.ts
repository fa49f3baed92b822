import { expect, test } from '@playwright/test';

// createWorkerEngine() in real Chromium: the engine in a module Web Worker.
test('the worker engine plans, runs and reports errors', async ({ page }) => {
  await page.goto('/');
  const result = await page.evaluate(async () => {
    const api = await import('/src/index.ts');
    const engine = await api.createWorkerEngine();
    const plan = await engine.plan(
      'nn.Sequential(nn.Conv2d(3, 10, 3), nn.MaxPool2d(4, 4), nn.Conv2d(10, 20, 5, padding=2), nn.MaxPool2d(2, 2), nn.Flatten())',
      [1, 3, 130, 130],
    );
    const model = await engine.load('nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU())', [1, 1, 5, 5], {
      seed: 3,
    });
    const input = new Float32Array(25).fill(1);
    const out = await model.forward(input);
    // The zero-copy path in the worker: the same values, one transferred copy.
    const ran = await model.run(input);
    const ranBare = await model.run(input, { activations: false });
    const same =
      ran.output.every((v, i) => v === out.output[i]) &&
      ran.activations.length === out.activations.length &&
      ranBare.activations.length === 0 &&
      ranBare.output.every((v, i) => v === out.output[i]);
    const weights = await model.weights();
    let error = '';
    try {
      await model.forward(new Float32Array(3));
    } catch (e) {
      error = `${(e as Error).name} ${(e as { kind: string }).kind}: ${(e as Error).message}`;
    }
    let loadError = '';
    try {
      await engine.load('nn.Conv2d(3, 4, 3)', [1, 5, 8, 8]);
    } catch (e) {
      loadError = `${(e as { kind: string }).kind} ${(e as { layer: number }).layer}`;
    }
    await model.delete();
    engine.terminate();
    return {
      target: engine.target,
      features: plan.outputShape,
      outputShape: out.outputShape,
      activations: out.activations.length,
      isFloat32: out.output instanceof Float32Array,
      same,
      keys: Object.keys(weights),
      error,
      loadError,
    };
  });
  expect(result.target).toBe('WASM');
  expect(result.features).toEqual([1, 5120]);
  expect(result.outputShape).toEqual([1, 2, 3, 3]);
  expect(result.activations).toBe(2);
  expect(result.isFloat32).toBe(true);
  expect(result.same).toBe(true);
  expect(result.keys).toEqual(['0.weight', '0.bias']);
  expect(result.error).toBe(
    'ConvPlayError ValueError: the input has 3 values, but its shape [1, 1, 5, 5] needs 25',
  );
  expect(result.loadError).toBe('RuntimeError 0');
});
