// Quiz progress per kind (answered, correct, current streak), kept in
// localStorage when the page may use it; read back strictly (it is untrusted).

export interface KindProgress {
  answered: number;
  correct: number;
  streak: number;
}

export type Progress = Record<string, KindProgress>;

const isCount = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

export function readProgress(storage: Storage | undefined, key: string): Progress {
  try {
    const raw = JSON.parse(storage?.getItem(key) ?? '{}') as unknown;
    const out: Progress = {};
    if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
      for (const [kind, v] of Object.entries(raw as Record<string, unknown>)) {
        const p = v as Partial<KindProgress> | null;
        if (
          kind.length <= 40 &&
          p &&
          isCount(p.answered) &&
          isCount(p.correct) &&
          isCount(p.streak)
        ) {
          out[kind] = { answered: p.answered!, correct: p.correct!, streak: p.streak! };
        }
      }
    }
    return out;
  } catch {
    return {};
  }
}

export function recordAnswer(progress: Progress, kind: string, correct: boolean): Progress {
  const p = progress[kind] ?? { answered: 0, correct: 0, streak: 0 };
  return {
    ...progress,
    [kind]: {
      answered: p.answered + 1,
      correct: p.correct + (correct ? 1 : 0),
      streak: correct ? p.streak + 1 : 0,
    },
  };
}

export function writeProgress(storage: Storage | undefined, key: string, progress: Progress): void {
  try {
    storage?.setItem(key, JSON.stringify(progress));
  } catch {
    // Storage full or disabled: progress lives for this page only.
  }
}
