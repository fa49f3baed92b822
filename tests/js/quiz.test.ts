// Quizzes through the JS API (the real WASM module): the same question in
// Node as in C++, author-fixed questions, grading with diagnosis, errors.
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../web/src/index';
import type { Engine } from '../../web/src/engine/types';

let engine: Engine;
beforeAll(async () => {
  engine = await createEngine();
});

// The members of `export type QuizKind = 'a' | 'b' | …` in web/convplay.d.ts.
function declaredQuizKinds(): string[] {
  const file = ts.createSourceFile(
    'convplay.d.ts',
    readFileSync(new URL('../../web/convplay.d.ts', import.meta.url), 'utf8'),
    ts.ScriptTarget.ES2022,
  );
  for (const s of file.statements) {
    if (ts.isTypeAliasDeclaration(s) && s.name.text === 'QuizKind' && ts.isUnionTypeNode(s.type)) {
      return s.type.types.map((t) =>
        ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal) ? t.literal.text : '?',
      );
    }
  }
  throw new Error('no QuizKind union in convplay.d.ts');
}

describe('quiz kinds', () => {
  it('are declared in convplay.d.ts exactly as the engine lists them', () => {
    const kinds = engine.quizKinds();
    expect(declaredQuizKinds()).toEqual(kinds.map((k) => k.kind));
    for (const k of kinds) {
      expect(k.title.length).toBeGreaterThan(3);
      // A per-layer kind's question names its layer: "shape:2".
      const q = engine.quiz({ kind: k.kind, seed: 3, level: 2 });
      // (Class-code asks name a module instead: 'in-features:fc1'.)
      if (!k.kind.startsWith('code-')) expect(q.ask.includes(':')).toBe(k.perLayer);
    }
  });
});

describe('quiz', () => {
  it('asks the classic question first and grades it with a diagnosis', () => {
    const q = engine.quiz({ kind: 'flatten', seed: 0 });
    expect(q).toMatchObject({
      kind: 'flatten',
      level: 1,
      seed: 0,
      answer: '5120',
      inputShape: [1, 3, 130, 130],
    });
    expect(q.model).toContain('nn.Conv2d(10, 20, kernel_size=5, padding=2)');
    expect(q.steps).toHaveLength(5);
    expect(engine.grade(q, '5,120')).toMatchObject({ correct: true, given: '5120' });
    const wrong = engine.grade(q, '[1, 5120]');
    expect(wrong.correct).toBe(false);
    expect(wrong.misconception?.id).toBe('batch-dimension');
    expect(wrong.hint).toMatch(/multiply channels × H × W/);
    expect(engine.grade(q, 'lots').problem).toMatch(/'lots' is not a whole number/);
    // Grading ignores a tampered answer: the engine recomputes it.
    expect(engine.grade({ ...q, answer: '1' }, '5120').correct).toBe(true);
  });

  it('is deterministic and valid for every kind and level', () => {
    const kinds = [
      'flatten',
      'shape',
      'params',
      'total-params',
      'macs',
      'receptive-field',
      'same-padding',
      'reach-size',
      'linear-in',
      'invalid-layer',
    ];
    for (const kind of kinds) {
      for (const level of [1, 2, 3]) {
        for (const seed of [3, 99]) {
          const a = engine.quiz({ kind, seed, level });
          expect(engine.quiz({ kind, seed, level })).toEqual(a);
          expect(engine.grade(a, a.answer).correct, `${kind} ${level} ${seed}`).toBe(true);
          const plan = engine.plan(a.model, a.inputShape);
          expect(plan.ok).toBe(kind !== 'invalid-layer');
        }
      }
    }
  });

  it('takes an author’s model, input and ask', () => {
    const q = engine.quiz({
      model: 'nn.Conv2d(3, 20, 5, padding=2)',
      inputShape: [1, 3, 16, 16],
      ask: 'shape:0',
    });
    expect(q.answer).toBe('20x16x16');
    expect(q.prompt).toContain('layer 0 (nn.Conv2d(3, 20, kernel_size=5, padding=2))');
    const g = engine.grade(q, '20x16x12');
    expect(g.correct).toBe(false);
    expect(g.expected).toBe('20x16x16');
    const once = engine.grade(q, '20x14x14');
    expect(once.misconception).toMatchObject({ id: 'padding-once' });
    expect(once.misconception?.message).toMatch(/both sides/);
  });

  it('refuses bad requests with clear errors', () => {
    expect(() => engine.quiz({ kind: 'sizes' })).toThrow(/kind must be one of flatten, shape/);
    expect(() => engine.quiz({ kind: 'flatten', level: 5 })).toThrow(/level must be 1, 2 or 3/);
    expect(() => engine.quiz({ kind: 'flatten', seed: -1 })).toThrow(/seed must be a whole number/);
    expect(() => engine.quiz(null as never)).toThrow(/request must be an object/);
    expect(() =>
      engine.quiz({ model: 'nn.Conv2d(3, 4, 3)', inputShape: [1, 5, 8, 8], ask: 'shape:0' }),
    ).toThrow(/must be valid/);
    expect(() =>
      engine.quiz({ model: 'nn.Conv2d(3, 4, 3)', inputShape: [1, 3, 8, 8], ask: 'size' }),
    ).toThrow(/ask must be one of/);
    const q = engine.quiz({ kind: 'shape', seed: 1 });
    expect(() => engine.grade(q, 5 as never)).toThrow(TypeError);
    expect(() => engine.grade({} as never, '5')).toThrow();
  });
});

describe('quizzes on class code', () => {
  const NET = `import torch
import torch.nn as nn
import torch.nn.functional as F

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = x.view(-1, 16 * 5 * 5)
        return self.fc2(F.relu(self.fc1(x)))
`;

  it("asks what fc1's in_features must be, on the learner's own class", async () => {
    const engine = await createEngine({ simd: 'on' });
    const q = engine.quiz({ model: NET, inputShape: [1, 3, 32, 32], ask: 'in-features:fc1' });
    expect(q.kind).toBe('code-in-features');
    expect(q.answer).toBe('400');
    expect(q.line).toBe(11);
    expect(q.code).toContain('self.fc1 = nn.Linear(?, 120)');
    expect(q.code).not.toContain('16 * 5 * 5, 120');
    expect(q.prompt).toMatch(/line 11/);
    expect(q.steps.length).toBeGreaterThan(3);
    expect(engine.grade(q, '400').correct).toBe(true);
    const forgot = engine.grade(q, '1600');
    expect(forgot.correct).toBe(false);
    // A wrong in_features in the code is what the question is about: it still asks.
    const wrong = NET.replace('16 * 5 * 5, 120', '256, 120');
    expect(
      engine.quiz({ model: wrong, inputShape: [1, 3, 32, 32], ask: 'in-features:fc1' }).answer,
    ).toBe('400');
  });

  it('asks the size a view needs, and generates class-code questions', async () => {
    const engine = await createEngine({ simd: 'on' });
    const q = engine.quiz({ model: NET, inputShape: [1, 3, 32, 32], ask: 'view-size' });
    expect(q.kind).toBe('code-view-size');
    expect(q.answer).toBe('400');
    expect(q.code).toContain('x = x.view(-1, ?)');
    for (const kind of ['code-in-features', 'code-view-size']) {
      const g = engine.quiz({ kind, seed: 5, level: 2 });
      expect(g.code).toContain('?');
      expect(engine.grade(g, g.answer).correct).toBe(true);
      expect(engine.plan(g.model, g.inputShape).ok).toBe(true);
    }
    expect(() =>
      engine.quiz({ model: NET, inputShape: [1, 3, 32, 32], ask: 'in-features:conv1' }),
    ).toThrow(/not an nn.Linear/);
  });
});
