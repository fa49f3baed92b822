// The playground's refresh scheduler: edits ask for a refresh and the work
// runs one at a time, the newest request winning. A 'full' refresh re-plans
// the stack, re-writes its code and recomputes the maps; a 'frame' only
// recomputes the maps (a new image, a webcam frame). whenIdle() resolves when
// nothing is pending, running or still being parsed.
import type { ReactiveControllerHost } from 'lit';

export type RefreshKind = 'frame' | 'full';

/** What a refresh does, supplied by the host. */
export interface RefreshWork {
  /** Plan, code and feature maps for the current state. */
  full(): Promise<void>;
  /** Feature maps only. */
  frame(): Promise<void>;
  /** Shows what went wrong in a refresh. */
  failed(error: unknown): void;
  /** Whether there is an engine to refresh with (whenIdle waits until there is). */
  ready(): boolean;
  /** A live input (the webcam): after each refresh the next frame is scheduled. */
  live(): boolean;
}

export class RefreshController {
  /** Milliseconds of the last full refresh: edit → re-plan → forward → repaint. */
  lastRefreshMs = 0;
  /** Phases of the last refresh, in ms, as the work records them with phase(); and total. */
  timings: Record<string, number> = {};

  private pending: 'none' | RefreshKind = 'none';
  private running = false;
  private idle: (() => void)[] = [];
  /** Edits being parsed by the worker (whenIdle waits for them). */
  private readonly editing = new Set<Promise<void>>();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly work: RefreshWork,
  ) {}

  /** Asks for a refresh; a full one supersedes a pending frame. */
  schedule(kind: RefreshKind) {
    if (kind === 'full' || this.pending === 'none') this.pending = kind;
    if (!this.running) void this.run();
  }

  /** Counts an edit that is still being parsed as work in progress. */
  track(edit: Promise<void>) {
    this.editing.add(edit);
    void edit.finally(() => this.editing.delete(edit));
  }

  /** Records how long a phase of the current refresh took (since `start`, a performance.now()). */
  phase(name: string, start: number) {
    this.timings[name] = performance.now() - start;
  }

  /** Resolves when every pending edit has been parsed, refreshed and rendered. */
  async whenIdle(): Promise<void> {
    for (;;) {
      if (this.editing.size) await Promise.all(this.editing);
      else if (this.running || this.pending !== 'none' || !this.work.ready()) {
        await new Promise<void>((resolve) => this.idle.push(resolve));
      } else break;
    }
    await this.host.updateComplete;
  }

  private async run() {
    this.running = true;
    while (this.pending !== 'none') {
      const kind = this.pending;
      this.pending = 'none';
      const t0 = performance.now();
      if (kind === 'full') this.timings = {};
      try {
        if (kind === 'full') await this.work.full();
        else await this.work.frame();
      } catch (error) {
        this.work.failed(error);
      }
      await this.host.updateComplete;
      if (kind === 'full') {
        this.lastRefreshMs = performance.now() - t0;
        this.timings.total = this.lastRefreshMs;
      }
    }
    this.running = false;
    for (const resolve of this.idle.splice(0)) resolve();
    if (this.work.live()) requestAnimationFrame(() => this.work.live() && this.schedule('frame'));
  }
}
