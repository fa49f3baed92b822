// Pure helpers for showing class code as what forward() calls: each call's
// label and source text, how it is wired to earlier calls (branches and
// merges), a module's repeated calls, and whether the graph is a chain.
import type { LayerPlan, Plan } from '../engine/types';

/** 1 -> '1st', 2 -> '2nd', 3 -> '3rd', 11 -> '11th'. */
export function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** The 1-based line `line` of `code` ('' when there is none). */
export function lineOf(code: string, line: number): string {
  return code.split('\n')[line - 1] ?? '';
}

/**
 * The call expression that starts at (line, column) (1-based), up to its
 * balanced closing bracket: `F.relu(self.conv1(x))`. Strings and comments
 * are skipped; a call that runs over several lines is joined with spaces.
 * Without a call there, the rest of the statement on that line.
 */
export function callTextAt(code: string, line: number, column: number): string {
  const lines = code.split('\n');
  const first = lines[line - 1];
  if (first === undefined || column < 1) return '';
  let text = first.slice(column - 1);
  const open = text.search(/[([]/);
  const head = open < 0 ? text : text.slice(0, open);
  if (open < 0 || !/^[\w.\s]*$/.test(head)) return stripComment(text).trim();
  let depth = 0;
  let quote = '';
  let out = '';
  for (let l = line - 1; l < lines.length; l++) {
    if (l > line - 1) {
      text = lines[l].trim();
      out += ' ';
    }
    for (let k = 0; k < text.length; k++) {
      const ch = text[k];
      out += ch;
      if (quote) {
        if (ch === '\\') out += text[++k] ?? '';
        else if (ch === quote) quote = '';
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '#') return stripComment(out).trim();
      else if (ch === '(' || ch === '[') depth++;
      else if (ch === ')' || ch === ']') {
        depth--;
        if (depth === 0) return out.trim();
      }
    }
  }
  return out.trim();
}

function stripComment(text: string): string {
  const hash = text.indexOf('#');
  return hash < 0 ? text : text.slice(0, hash);
}

/** What a graph op does, in words. */
const OP_WORDS: Record<string, string> = {
  add: 'adds',
  sub: 'subtracts',
  mul: 'multiplies',
  div: 'divides',
  cat: 'concatenates',
};

const OP_SYMBOLS: Record<string, string> = {
  add: 'add (+)',
  sub: 'subtract (−)',
  mul: 'multiply (×)',
  div: 'divide (÷)',
  cat: 'torch.cat',
  view: 'view',
  mean: 'mean',
  permute: 'permute',
};

/** How a call is shown: a module's call, a functional call, or a graph op. */
export type CallRole = 'module' | 'shared' | 'functional' | 'op';

export function roleOf(lp: LayerPlan): CallRole {
  if (lp.op !== 'layer') return 'op';
  if (lp.module === '') return 'functional';
  return lp.sharedWith >= 0 ? 'shared' : 'module';
}

/**
 * The source text of a call: the learner's own (`F.relu(self.conv1(x))`,
 * `x.view(-1, 400)`, `out += self.shortcut(x)`) where the plan says where it
 * is, else the engine's code.
 */
export function sourceTextOf(code: string, lp: Pick<LayerPlan, 'line' | 'column' | 'code'>) {
  if (lp.line && lp.column) {
    const text = callTextAt(code, lp.line, lp.column);
    if (text) return text;
  }
  if (lp.line) {
    const text = stripComment(lineOf(code, lp.line)).trim();
    if (text) return text;
  }
  return lp.code;
}

/**
 * A call's short name, as cards, maps and the ribbon label it:
 * `conv1 · Conv2d`, `F.relu`, `torch.flatten`, `+`, `x.view(-1, 400)`.
 */
export function callName(code: string, lp: LayerPlan): string {
  const role = roleOf(lp);
  if (role === 'module' || role === 'shared') return `${lp.module} · ${lp.kind}`;
  const text = sourceTextOf(code, lp);
  if (role === 'functional') {
    const head = /^([\w.]+)\s*\(/.exec(text)?.[1];
    return head && !head.startsWith('self.') ? head : lp.kind;
  }
  if (lp.op === 'view' || lp.op === 'permute' || lp.op === 'mean') {
    return text.length <= 40 && text.includes('(') ? text : OP_SYMBOLS[lp.op];
  }
  return OP_SYMBOLS[lp.op] ?? lp.op;
}

/** Index label of a call, or of the model's input (-1). */
export function refOf(i: number): string {
  return i < 0 ? 'the input' : `#${i}`;
}

/** "#2 and #5", "#1, #2 and the input". */
export function listOf(refs: readonly string[]): string {
  if (refs.length <= 1) return refs[0] ?? '';
  return `${refs.slice(0, -1).join(', ')} and ${refs.at(-1)}`;
}

/**
 * How a call is wired, in words, when it is not simply "the previous call's
 * output": "adds the outputs of #4 and the input", "reads the input (a branch)".
 */
export function wiringOf(lp: LayerPlan): string {
  const inputs = lp.inputs ?? [];
  if (inputs.length >= 2) {
    const verb = OP_WORDS[lp.op] ?? 'combines';
    return `${verb} the outputs of ${listOf(inputs.map(refOf))}`;
  }
  const from = inputs[0];
  if (from === undefined || from === lp.index - 1) return '';
  return from < 0 ? 'reads the input (a branch)' : `reads the output of #${from} (a branch)`;
}

/**
 * "2nd call of conv — shares its weights with #2", "2nd call of pool — the
 * same module as #2 (…)": a module's calls after the first.
 */
export function sharedNote(plan: Plan, i: number): string {
  const lp = plan.layers[i];
  if (!lp || lp.sharedWith < 0) return '';
  const nth = plan.layers.slice(0, i + 1).filter((l) => l.module === lp.module).length;
  const what = lp.params || plan.layers[lp.sharedWith]?.params ? 'weights' : 'module';
  return what === 'weights'
    ? `${ordinal(nth)} call of ${lp.module} — shares its weights with #${lp.sharedWith}`
    : `${ordinal(nth)} call of ${lp.module} — the same module as #${lp.sharedWith} (it has no weights to share)`;
}

/** Whether every call reads only the one before it (a chain: nn.Sequential can say it). */
export function isChain(plan: Plan): boolean {
  return plan.layers.every((lp, i) => (lp.inputs ?? [i - 1]).join() === String(i - 1));
}

/**
 * The input shape the code feeds itself, when the current one does not fit
 * it (another rank, or a plan that fails on it); undefined otherwise.
 */
export function inputSuggestion(
  plan: Plan | undefined,
  inputShape: readonly number[],
): number[] | undefined {
  const s = plan?.suggestedInput;
  if (!plan || !s?.length || s.join() === inputShape.join()) return undefined;
  if (s.length !== inputShape.length || !plan.ok) return s;
  return undefined;
}
