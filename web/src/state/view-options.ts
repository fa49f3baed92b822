// What an author hides or locks in an embedded playground: parts named in an
// attribute (hide="code quiz", lock="layers") or the URL hash
// (hide=code,quiz&lock=layers). Unknown names are errors, not ignored.

export const HIDEABLE = [
  'toolbar',
  'input',
  'layers',
  'code',
  'quiz',
  'shapes',
  'maps',
  'kernels',
] as const;
export const LOCKABLE = ['input', 'layers', 'code', 'kernels'] as const;
export type Part = (typeof HIDEABLE)[number];

export interface ViewOptions {
  hide: ReadonlySet<string>;
  lock: ReadonlySet<string>;
}

export const NO_VIEW_OPTIONS: ViewOptions = { hide: new Set(), lock: new Set() };

/** "code quiz" or "code,quiz" -> the parts, or what is wrong. */
export function readParts(
  text: string,
  known: readonly string[],
  what: string,
): Set<string> | string {
  const parts = text.split(/[\s,]+/).filter((p) => p !== '');
  for (const p of parts) {
    if (!known.includes(p)) {
      const shown = p.length > 30 ? `${p.slice(0, 30)}…` : p;
      return `${what} takes ${known.join(', ')}; '${shown}' is not one of them`;
    }
  }
  return new Set(parts);
}

/** The attributes' hidden and locked parts plus a link's (bad names are left out; see viewProblem). */
export function viewOf(
  hide: string,
  lock: string,
  fromLink: { hide: string[]; lock: string[] },
): ViewOptions {
  const h = readParts(hide, HIDEABLE, 'hide');
  const l = readParts(lock, LOCKABLE, 'lock');
  return {
    hide: new Set([...(typeof h === 'string' ? [] : h), ...fromLink.hide]),
    lock: new Set([...(typeof l === 'string' ? [] : l), ...fromLink.lock]),
  };
}

/** What is wrong with hide or lock attributes ('' if nothing). */
export function viewProblem(hide: string, lock: string): string {
  const h = readParts(hide, HIDEABLE, 'hide');
  const l = readParts(lock, LOCKABLE, 'lock');
  return typeof h === 'string' ? h : typeof l === 'string' ? l : '';
}
