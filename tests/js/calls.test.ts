// The pure helpers that show class code as forward()'s calls (web/src/state/calls.ts).
import { describe, expect, it } from 'vitest';
import type { LayerPlan, Plan } from '../../web/src/engine/types';
import {
  callName,
  callTextAt,
  inputSuggestion,
  isChain,
  ordinal,
  sharedNote,
  sourceTextOf,
  wiringOf,
} from '../../web/src/state/calls';
import { decodeHash, encodeHash } from '../../web/src/state/url-state';
import { defaultState } from '../../web/src/state/playground-state';

const CODE = `class Net(nn.Module):
    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))  # conv, relu, pool
        x = x.view(-1,
                   16 * 5 * 5)
        out += self.shortcut(x)
        return torch.cat([a, b], dim=1)
`;

function call(over: Partial<LayerPlan>): LayerPlan {
  return {
    index: 0,
    kind: 'ReLU',
    code: 'nn.ReLU()',
    inputShape: [1, 4],
    outputShape: [1, 4],
    params: 0,
    paramsFormula: '0',
    buffers: 0,
    macs: 0,
    receptiveField: { scope: 'n/a', size: [], jump: [], start: [] },
    op: 'layer',
    module: '',
    inputs: [-1],
    sharedWith: -1,
    functional: true,
    ...over,
  };
}

function plan(layers: LayerPlan[], over: Partial<Plan> = {}): Plan {
  return {
    ok: true,
    layers,
    totalParams: 0,
    totalMacs: 0,
    totalBytes: 0,
    warnings: [],
    stateDict: [],
    ...over,
  };
}

describe('call text from the learner’s code', () => {
  it('takes the balanced call at a position, without comments, over several lines', () => {
    expect(callTextAt(CODE, 3, 13)).toBe('self.pool(F.relu(self.conv1(x)))');
    expect(callTextAt(CODE, 3, 23)).toBe('F.relu(self.conv1(x))');
    expect(callTextAt(CODE, 4, 13)).toBe('x.view(-1, 16 * 5 * 5)');
    expect(callTextAt(CODE, 7, 16)).toBe('torch.cat([a, b], dim=1)');
    expect(callTextAt(CODE, 99, 1)).toBe('');
  });

  it('falls back to the statement, then to the engine’s code', () => {
    expect(sourceTextOf(CODE, { line: 6, code: 'out' })).toBe('out += self.shortcut(x)');
    expect(sourceTextOf(CODE, { code: 'nn.ReLU()' })).toBe('nn.ReLU()');
  });

  it('names calls as cards, maps and the ribbon show them', () => {
    expect(callName(CODE, call({ module: 'conv1', kind: 'Conv2d', functional: false }))).toBe(
      'conv1 · Conv2d',
    );
    expect(callName(CODE, call({ line: 3, column: 23 }))).toBe('F.relu');
    expect(callName(CODE, call({ op: 'view', line: 4, column: 13 }))).toBe(
      'x.view(-1, 16 * 5 * 5)',
    );
    expect(callName(CODE, call({ op: 'add', line: 6, column: 9 }))).toBe('add (+)');
    expect(callName(CODE, call({ op: 'cat', line: 7, column: 16 }))).toBe('torch.cat');
  });
});

describe('wiring', () => {
  it('says what a merge reads and where a branch starts; a chain needs no words', () => {
    expect(wiringOf(call({ index: 5, op: 'add', inputs: [4, -1] }))).toBe(
      'adds the outputs of #4 and the input',
    );
    expect(wiringOf(call({ index: 6, op: 'cat', inputs: [1, 3, 5] }))).toBe(
      'concatenates the outputs of #1, #3 and #5',
    );
    expect(wiringOf(call({ index: 3, inputs: [0] }))).toBe('reads the output of #0 (a branch)');
    expect(wiringOf(call({ index: 3, inputs: [2] }))).toBe('');
    expect(isChain(plan([call({ index: 0, inputs: [-1] }), call({ index: 1, inputs: [0] })]))).toBe(
      true,
    );
    expect(
      isChain(plan([call({ index: 0 }), call({ index: 1, op: 'add', inputs: [0, -1] })])),
    ).toBe(false);
  });

  it('marks a module called again as the same module, with or without weights', () => {
    expect(ordinal(1)).toBe('1st');
    expect(ordinal(2)).toBe('2nd');
    expect(ordinal(3)).toBe('3rd');
    expect(ordinal(11)).toBe('11th');
    expect(ordinal(22)).toBe('22nd');
    const pool = { module: 'pool', kind: 'MaxPool2d', functional: false };
    const conv = { module: 'conv', kind: 'Conv2d', functional: false, params: 10 };
    const p = plan([
      call({ index: 0, ...pool }),
      call({ index: 1, ...conv }),
      call({ index: 2, ...pool, sharedWith: 0 }),
      call({ index: 3, ...conv, params: 0, sharedWith: 1 }),
    ]);
    expect(sharedNote(p, 0)).toBe('');
    expect(sharedNote(p, 2)).toBe(
      '2nd call of pool — the same module as #0 (it has no weights to share)',
    );
    expect(sharedNote(p, 3)).toBe('2nd call of conv — shares its weights with #1');
  });
});

describe('the input shape the code suggests', () => {
  it('is offered when the rank differs or the plan fails, never when it is the input', () => {
    const p = plan([], { suggestedInput: [1, 3, 32, 32] });
    expect(inputSuggestion(p, [1, 3, 32, 32])).toBeUndefined();
    expect(inputSuggestion(p, [3, 32, 32])).toEqual([1, 3, 32, 32]);
    expect(inputSuggestion(p, [1, 3, 64, 64])).toBeUndefined();
    expect(inputSuggestion({ ...p, ok: false }, [1, 1, 28, 28])).toEqual([1, 3, 32, 32]);
    expect(inputSuggestion(plan([]), [3, 32, 32])).toBeUndefined();
  });
});

describe('class code in the URL', () => {
  it('travels verbatim: lines, indents, comments, & and #', () => {
    const code = 'class Net(nn.Module):\n    def forward(self, x):\n        return x & 1  # ok\n';
    const hash = encodeHash({ ...defaultState(), model: code, classCode: code, layers: [] });
    expect(hash).not.toContain(' ');
    const decoded = decodeHash(hash);
    expect(decoded.ok && decoded.state.model).toBe(code);
  });
});
