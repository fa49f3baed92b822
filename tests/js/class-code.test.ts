// Class code through the public API (the real WASM module in Node): a
// `class Net(nn.Module)` with forward() is planned and run as PyTorch runs it.
import { beforeAll, describe, expect, it } from 'vitest';
import { ConvPlayError, createEngine, type Engine } from '../../web/src/index';

const CIFAR = `import torch
import torch.nn as nn
import torch.nn.functional as F

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = torch.flatten(x, 1) # flatten all dimensions except batch
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x

net = Net()
`;

const RESIDUAL = `import torch.nn as nn
import torch.nn.functional as F

class Block(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, channels, 3, padding=1)
        self.conv2 = nn.Conv2d(channels, channels, 3, padding=1)

    def forward(self, x):
        y = F.relu(self.conv1(x))
        y = self.conv2(y)
        return F.relu(x + y)

model = Block(4)
`;

let engine: Engine;
beforeAll(async () => {
  engine = await createEngine({ simd: 'on' });
});

describe('class code', () => {
  it("plans the CIFAR-10 tutorial's Net as PyTorch runs it", () => {
    expect(engine.parse(CIFAR)).toMatchObject({ ok: true, classCode: true, layers: [] });
    const plan = engine.plan(CIFAR, [1, 3, 32, 32]);
    expect(plan.error).toBeUndefined();
    expect(plan.ok).toBe(true);
    expect(plan.outputShape).toEqual([1, 10]);
    expect(plan.totalParams).toBe(62006);
    expect(plan.modelName).toBe('Net');
    expect(plan.classCode).toBe(true);
    // The pool is called twice: one module, two calls, one set of weights.
    const calls = plan.layers.map((l) => `${l.module || l.op}:${l.outputShape.join('x')}`);
    expect(calls).toEqual([
      'conv1:1x6x28x28',
      'layer:1x6x28x28',
      'pool:1x6x14x14',
      'conv2:1x16x10x10',
      'layer:1x16x10x10',
      'pool:1x16x5x5',
      'layer:1x400',
      'fc1:1x120',
      'layer:1x120',
      'fc2:1x84',
      'layer:1x84',
      'fc3:1x10',
    ]);
    expect(plan.layers[5].sharedWith).toBe(2);
    expect(plan.layers[1].functional).toBe(true);
    expect(plan.layers[0].line).toBe(16);
    expect(plan.stateDict.map((t) => t.name)).toEqual([
      'conv1.weight',
      'conv1.bias',
      'conv2.weight',
      'conv2.bias',
      'fc1.weight',
      'fc1.bias',
      'fc2.weight',
      'fc2.bias',
      'fc3.weight',
      'fc3.bias',
    ]);
    expect(plan.modules?.find((m) => m.path === 'pool')?.calls).toBe(2);
  });

  it('loads and runs it, with state_dict keys as PyTorch names them', () => {
    const model = engine.load(CIFAR, [1, 3, 32, 32], { seed: 3 });
    const w = model.weights();
    expect(Object.keys(w)).toContain('fc1.weight');
    expect(w['fc1.weight'].length).toBe(120 * 400);
    const r = model.forward(new Float32Array(3 * 32 * 32).fill(0.5), { activations: true });
    expect(r.outputShape).toEqual([1, 10]);
    expect(r.activations).toHaveLength(12);
    // Zero weights give the last bias: the output is fc3.bias.
    const zeros = Object.fromEntries(
      Object.entries(w).map(([k, v]) => [k, new Float32Array(v.length)]),
    );
    zeros['fc3.bias'] = Float32Array.from({ length: 10 }, (_, i) => i - 4);
    model.setWeights(zeros);
    const z = model.forward(new Float32Array(3 * 32 * 32).fill(1));
    expect(Array.from(z.output)).toEqual([-4, -3, -2, -1, 0, 1, 2, 3, 4, 5]);
    model.delete();
  });

  it('draws a residual add as a merge of two calls', () => {
    const plan = engine.plan(RESIDUAL, [1, 4, 8, 8]);
    expect(plan.ok).toBe(true);
    const add = plan.layers.find((l) => l.op === 'add');
    expect(add).toBeDefined();
    expect(add!.inputs).toEqual([-1, 2]);
    const model = engine.load(RESIDUAL, [1, 4, 8, 8]);
    // conv weights zero: y = 0, so the block gives relu(x).
    const w = model.weights();
    for (const k of Object.keys(w)) w[k].fill(0);
    model.setWeights(w);
    const x = Float32Array.from({ length: 256 }, (_, i) => (i % 7) - 3);
    const out = model.forward(x).output;
    expect(Array.from(out)).toEqual(Array.from(x, (v) => Math.max(v, 0)));
    model.delete();
  });

  it("gives PyTorch's error for a wrong view, at its line, with the size that fits", () => {
    const wrong = CIFAR.replace('torch.flatten(x, 1)', 'x.view(-1, 256)');
    const plan = engine.plan(wrong, [1, 3, 32, 32]);
    expect(plan.ok).toBe(false);
    expect(plan.error).toMatchObject({
      kind: 'RuntimeError',
      message: "shape '[-1, 256]' is invalid for input of size 400",
      line: 18,
      layer: 6,
    });
    expect(plan.error?.hint).toMatch(/x\.view\(-1, 400\)/);
    // The calls before it are still planned.
    expect(plan.layers).toHaveLength(6);
    expect(() => engine.load(wrong, [1, 3, 32, 32])).toThrow(ConvPlayError);
  });

  it('picks the model with opts.entry and reports Python errors as Python does', () => {
    const plan = engine.plan(RESIDUAL, [1, 8, 4, 4], { entry: 'Block(8)' });
    expect(plan.ok).toBe(true);
    expect(plan.totalParams).toBe(2 * (8 * 8 * 9 + 8));
    const missing = engine.plan(RESIDUAL, [1, 8, 4, 4], { entry: 'Block()' });
    expect(missing.error).toMatchObject({
      kind: 'TypeError',
      message: "Block.__init__() missing 1 required positional argument: 'channels'",
    });
    const noSuper = CIFAR.replace('super().__init__()', 'pass');
    expect(engine.plan(noSuper, [1, 3, 32, 32]).error).toMatchObject({
      kind: 'AttributeError',
      message: 'cannot assign module before Module.__init__() call',
      line: 8,
    });
    const functional = CIFAR.replace(
      'import torch.nn.functional as F',
      'import torch.functional as F',
    );
    expect(engine.plan(functional, [1, 3, 32, 32]).error).toMatchObject({
      kind: 'AttributeError',
      message: "module 'torch.functional' has no attribute 'relu'",
      line: 16,
    });
  });

  it('says what it cannot model, at the line, instead of showing another network', () => {
    const dataIf = RESIDUAL.replace(
      'return F.relu(x + y)',
      'if y.sum() > 0:\n            y = -y\n        return y',
    );
    const plan = engine.plan(dataIf, [1, 4, 8, 8]);
    expect(plan.ok).toBe(false);
    expect(plan.error?.kind).toBe('NotImplementedError');
    expect(plan.error?.line).toBe(13);
  });
});

describe('editing and exporting class code', () => {
  it("rewrites one constructor argument in place and keeps the learner's text", () => {
    const { code } = engine.editArgument(CIFAR, {
      module: 'conv1',
      param: 'out_channels',
      value: '8',
    });
    expect(code).toBe(CIFAR.replace('nn.Conv2d(3, 6, 5)', 'nn.Conv2d(3, 8, 5)'));
    const added = engine.editArgument(CIFAR, { module: 'pool', param: 'padding', value: '1' });
    expect(added.code).toContain('self.pool = nn.MaxPool2d(2, 2, padding=1)');
    expect(() =>
      engine.editArgument(CIFAR, { module: 'conv9', param: 'stride', value: '2' }),
    ).toThrow(ConvPlayError);
  });

  it('exports the class form and, for chains, the nn.Sequential form', () => {
    const cls = engine.exportCode(RESIDUAL, [1, 4, 8, 8], { form: 'class' }).code;
    expect(cls).toContain('class Block(nn.Module):');
    expect(engine.plan(cls, [1, 4, 8, 8]).totalParams).toBe(
      engine.plan(RESIDUAL, [1, 4, 8, 8]).totalParams,
    );
    expect(() => engine.exportCode(RESIDUAL, [1, 4, 8, 8], { form: 'sequential' })).toThrow(
      /not a chain/,
    );
    const seq = engine.exportCode(CIFAR, [1, 3, 32, 32], { form: 'sequential' }).code;
    expect(seq.startsWith('nn.Sequential(')).toBe(true);
    const plan = engine.plan(seq, [1, 3, 32, 32]);
    expect(plan.outputShape).toEqual([1, 10]);
    expect(plan.totalParams).toBe(62006);
    const stackClass = engine.exportCode(seq, [1, 3, 32, 32], { form: 'class' }).code;
    expect(stackClass).toContain('self.conv1 = nn.Conv2d(3, 6, kernel_size=5)');
    expect(engine.plan(stackClass, [1, 3, 32, 32]).totalParams).toBe(62006);
  });
});
