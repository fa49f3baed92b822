// A package consumer, type-checked against dist/convplay.d.ts in CI.
import { ConvPlayError, createEngine, type Engine, type Plan } from 'convplay';

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
