// Undo/redo over immutable snapshots. Edits that share a coalescing key and
// follow each other quickly (typing in one field) become one step.
export class History<T> {
  private past: T[] = [];
  private future: T[] = [];
  private lastKey = '';
  private lastTime = -Infinity;

  constructor(
    private current: T,
    private readonly limit = 200,
    private readonly coalesceMs = 1000,
  ) {}

  get state(): T {
    return this.current;
  }
  get canUndo(): boolean {
    return this.past.length > 0;
  }
  get canRedo(): boolean {
    return this.future.length > 0;
  }

  /** Records a new state; `key` names the edit for coalescing ('' never coalesces). */
  push(next: T, key = '', now = Date.now()): void {
    const coalesce = key !== '' && key === this.lastKey && now - this.lastTime < this.coalesceMs;
    if (!coalesce) {
      this.past.push(this.current);
      if (this.past.length > this.limit) this.past.shift();
    }
    this.current = next;
    this.future = [];
    this.lastKey = key;
    this.lastTime = now;
  }

  /** Replaces the current state without an undo step (e.g. loading a link). */
  reset(state: T): void {
    this.current = state;
    this.past = [];
    this.future = [];
    this.lastKey = '';
  }

  undo(): T | undefined {
    const prev = this.past.pop();
    if (prev === undefined) return undefined;
    this.future.push(this.current);
    this.current = prev;
    this.lastKey = '';
    return prev;
  }

  redo(): T | undefined {
    const next = this.future.pop();
    if (next === undefined) return undefined;
    this.past.push(this.current);
    this.current = next;
    this.lastKey = '';
    return next;
  }
}
