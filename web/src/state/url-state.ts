// The playground state in the URL hash, e.g.
//   #model=nn.Conv2d(3,10,kernel_size=3);nn.ReLU()&input=1x3x130x130&source=shapes&seed=0
// Everything read back is untrusted: decodeHash parses strictly and says what
// is wrong; the model code is then parsed by the engine.
import type { ParseResult } from '../engine/types';
import { HIDEABLE, LOCKABLE, readParts } from './view-options';
import {
  SAMPLE_NAMES,
  defaultState,
  type InputSource,
  type KernelEdit,
  type PlaygroundState,
} from './playground-state';
import { formatCount, shapeToken, shapeTokenOf, shapeTokenParts } from '../render/format';

export interface HashState {
  /** Parts an author hides or locks (embeds). */
  hide?: string[];
  lock?: string[];
  /** The stack as PyTorch code, one layer per `;`; or class code, kept as written. */
  model: string;
  /** Class code: when not empty, it is the model and travels verbatim (its lines and indents matter). */
  classCode?: string;
  inputShape: number[];
  source: InputSource;
  seed: number;
  kernels: KernelEdit[];
}

export type DecodedHash = { ok: true; state: Partial<HashState> } | { ok: false; message: string };

export const LIMITS = {
  hashChars: 65_536,
  modelChars: 20_000,
  rank: 5,
  dim: 100_000,
  seed: 2 ** 32 - 1,
  kernelEdits: 256,
  kernelWeights: 4_096,
  weight: 1e6,
  maxLayer: 1_000,
};

const SOURCES: readonly string[] = [...SAMPLE_NAMES, 'upload', 'webcam', 'drawing'];

// Keeps the hash readable: only characters that would break it are escaped.
function encodeValue(text: string): string {
  return encodeURIComponent(text).replace(/%(2C|3D|3B|3A|2F|5B|5D)/g, (m) => decodeURIComponent(m));
}

/** Canonical one-line form of formatted stack code: layers joined by ';'. */
export function compactCode(code: string): string {
  const lines = code.split('\n').map((l) => l.trim());
  if (lines[0] === 'nn.Sequential(' && lines.at(-1) === ')') {
    return lines
      .slice(1, -1)
      .map((l) => l.replace(/,$/, ''))
      .join(';');
  }
  return lines.join(';');
}

export function encodeHash(state: HashState): string {
  const parts = [
    `model=${encodeValue(state.classCode ? state.classCode : compactCode(state.model))}`,
    `input=${shapeToken(state.inputShape)}`,
    `source=${state.source === 'upload' ? 'colour-shapes' : state.source}`,
    `seed=${state.seed}`,
  ];
  if (state.hide?.length) parts.push(`hide=${state.hide.join(',')}`);
  if (state.lock?.length) parts.push(`lock=${state.lock.join(',')}`);
  if (state.kernels.length) {
    const list = state.kernels.map((k) => [k.layer, k.out, k.bias, ...k.weights.map(round)]);
    parts.push(`kernels=${encodeValue(JSON.stringify(list))}`);
  }
  return '#' + parts.join('&');
}

// Six significant digits keep links short and survive a round trip of the
// values a learner types.
function round(v: number): number {
  return Number(v.toPrecision(6));
}

function fail(message: string): DecodedHash {
  return { ok: false, message };
}

function readInt(text: string, what: string, max: number): number | string {
  if (!/^\d{1,16}$/.test(text)) return `${what} must be a whole number, not '${clip(text)}'`;
  const n = Number(text);
  if (n > max) return `${what} ${clip(text)} is larger than ${formatCount(max)}`;
  return n;
}

/** Quotes untrusted text in a message, shortened. */
function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function readKernels(text: string): KernelEdit[] | string {
  let list: unknown;
  try {
    list = JSON.parse(text);
  } catch {
    return 'kernels is not valid JSON';
  }
  if (!Array.isArray(list)) return 'kernels must be a list';
  if (list.length > LIMITS.kernelEdits)
    return `kernels has ${list.length} entries (at most ${LIMITS.kernelEdits})`;
  const edits: KernelEdit[] = [];
  for (const entry of list) {
    if (!Array.isArray(entry) || entry.length < 4 || entry.length > LIMITS.kernelWeights + 3)
      return 'each kernel must be [layer, channel, bias, weights…]';
    if (!entry.every((v) => typeof v === 'number' && Number.isFinite(v)))
      return 'kernel values must be finite numbers';
    const [layer, out, bias, ...weights] = entry as number[];
    if (!Number.isInteger(layer) || layer < 0 || layer > LIMITS.maxLayer)
      return `kernel layer ${layer} is not a layer index`;
    if (!Number.isInteger(out) || out < 0 || out > LIMITS.dim)
      return `kernel channel ${out} is not a channel index`;
    if ([bias, ...weights].some((v) => Math.abs(v) > LIMITS.weight))
      return `kernel values must lie within ±${LIMITS.weight.toExponential()}`;
    edits.push({ layer, out, bias, weights });
  }
  return edits;
}

export function decodeHash(hash: string): DecodedHash {
  const body = hash.replace(/^#/, '');
  if (body === '') return { ok: true, state: {} };
  if (body.length > LIMITS.hashChars)
    return fail(`the link is ${body.length} characters long (at most ${LIMITS.hashChars})`);
  const state: Partial<HashState> = {};
  const seen = new Set<string>();
  for (const part of body.split('&')) {
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    let value: string;
    try {
      value = decodeURIComponent(eq < 0 ? '' : part.slice(eq + 1));
    } catch {
      return fail(`'${clip(key)}' is not correctly percent-encoded`);
    }
    if (seen.has(key)) return fail(`'${clip(key)}' appears twice`);
    seen.add(key);
    switch (key) {
      case 'model':
        if (value.length > LIMITS.modelChars)
          return fail(
            `the model is ${value.length} characters long (at most ${LIMITS.modelChars})`,
          );
        state.model = value;
        break;
      case 'input': {
        const dims = shapeTokenParts(value);
        if (dims.length > LIMITS.rank)
          return fail(`input has ${dims.length} dimensions (at most ${LIMITS.rank})`);
        const shape: number[] = [];
        for (const d of dims) {
          const n = readInt(d, 'an input size', LIMITS.dim);
          if (typeof n === 'string') return fail(n);
          shape.push(n);
        }
        state.inputShape = shape;
        break;
      }
      case 'source':
        if (!SOURCES.includes(value)) return fail(`there is no input image '${clip(value)}'`);
        state.source = value as InputSource;
        break;
      case 'seed': {
        const n = readInt(value, 'the seed', LIMITS.seed);
        if (typeof n === 'string') return fail(n);
        state.seed = n;
        break;
      }
      case 'kernels': {
        const kernels = readKernels(value);
        if (typeof kernels === 'string') return fail(kernels);
        state.kernels = kernels;
        break;
      }
      case 'hide':
      case 'lock': {
        const parts = readParts(value, key === 'hide' ? HIDEABLE : LOCKABLE, key);
        if (typeof parts === 'string') return fail(parts);
        state[key] = [...parts];
        break;
      }
      default:
        return fail(`the link has an unknown setting '${clip(key)}'`);
    }
  }
  return { ok: true, state };
}

/**
 * The playground state a hash describes, on top of the default state; the
 * model is parsed by `parse` (the engine). Anything wrong gives the default
 * state and a message saying what. Webcam and uploads cannot travel in a
 * link: they come back as the default sample.
 */
export async function stateFromHash(
  hash: string,
  parse: (code: string) => Promise<ParseResult>,
): Promise<{ state: PlaygroundState; message: string; hide?: string[]; lock?: string[] }> {
  const fallback = (why: string) => ({
    state: defaultState(),
    message: `This link could not be used: ${why}. Showing the default stack instead.`,
  });
  const decoded = decodeHash(hash);
  if (!decoded.ok) return fallback(decoded.message);
  const s = decoded.state;
  const state = defaultState();
  if (s.model !== undefined) {
    const parsed = await parse(s.model);
    if (!parsed.ok) {
      const e = parsed.error;
      const at = e?.line ? ` at line ${e.line}, column ${e.column}` : '';
      return fallback(`its model is not valid PyTorch code (${e?.kind}${at}: ${e?.message})`);
    }
    if (parsed.classCode) state.classCode = s.model;
    state.layers = parsed.layers;
  }
  if (s.inputShape) state.inputShape = s.inputShape;
  if (s.seed !== undefined) state.seed = s.seed;
  if (s.kernels) state.kernels = s.kernels;
  if (s.source && s.source !== 'webcam' && s.source !== 'upload') state.source = s.source;
  return { state, message: '', hide: s.hide, lock: s.lock };
}

/**
 * Writes the page's URL hash. Writing costs milliseconds and browsers
 * throttle it, so while the learner types it writes at most every 300 ms
 * (flush() writes at once).
 */
export class HashWriter {
  private timer = 0;
  private pending = '';
  private written = '';

  write(hash: string) {
    this.pending = hash;
    if (!this.timer) this.timer = window.setTimeout(() => this.flush(), 300);
  }

  flush() {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = 0;
    if (this.pending && this.pending !== location.hash)
      history.replaceState(null, '', this.pending);
    this.written = location.hash;
    this.pending = '';
  }

  /** Whether `hash` is what this writer last wrote (a hashchange from us, not the learner). */
  wrote(hash: string): boolean {
    return hash === this.written;
  }
}

/**
 * The playground state an author's attributes describe (model, input,
 * sample, seed), on top of the default state; read as strictly as a link.
 */
export async function stateFromAttributes(
  attrs: { model?: string; input?: string; sample?: string; seed?: string },
  parse: (code: string) => Promise<ParseResult>,
): Promise<{ state: PlaygroundState; message: string }> {
  const parts: string[] = [];
  if (attrs.model) parts.push(`model=${encodeURIComponent(attrs.model)}`);
  if (attrs.input) parts.push(`input=${encodeURIComponent(shapeTokenOf(attrs.input))}`);
  if (attrs.sample) parts.push(`source=${encodeURIComponent(attrs.sample)}`);
  if (attrs.seed) parts.push(`seed=${encodeURIComponent(attrs.seed)}`);
  const { state, message } = await stateFromHash(`#${parts.join('&')}`, parse);
  return {
    state,
    message: message.replace('This link could not be used', 'The attributes could not be used'),
  };
}
