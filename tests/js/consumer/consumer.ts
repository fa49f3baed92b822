// A package consumer, type-checked against dist/convplay.d.ts in CI.
import {
  ConvPlayError,
  createEngine,
  type Engine,
  type ForwardResult,
  type Plan,
  type RunResult,
} from 'convplay';

export async function flattenSize(code: string, shape: number[]): Promise<number> {
  const engine: Engine = await createEngine({ simd: 'auto' });
  const plan: Plan = engine.plan(code, shape);
  if (!plan.ok) throw new Error(plan.error?.message);
  const model = engine.load(code, shape, { seed: 1 });
  try {
    const { output, activations } = model.forward(
      new Float32Array(shape.reduce((a, b) => a * b, 1)),
    );
    const first: Float32Array | undefined = activations[0]?.data;
    model.setWeights({ '0.bias': new Float32Array(model.weights()['0.bias']?.length ?? 0) });
    return output.length + (first?.length ?? 0);
  } catch (e) {
    if (e instanceof ConvPlayError) console.error(e.kind, e.layer, e.hint);
    throw e;
  } finally {
    model.delete();
  }
}

// The zero-copy path: views of WASM memory, and owned copies on request.
export async function runInPlace(code: string, shape: number[], x: Float32Array): Promise<number> {
  const engine = await createEngine();
  const model = engine.load(code, shape);
  try {
    const input: Float32Array = model.input;
    input.set(x);
    const result: RunResult = model.run();
    const view: Float32Array = result.output;
    const shapes: readonly (readonly number[])[] = result.activations.map((a) => a.shape);
    const kept: ForwardResult = result.copy();
    return view[0] + kept.output.length + shapes.length + result.outputShape.length;
  } finally {
    model.delete();
  }
}
