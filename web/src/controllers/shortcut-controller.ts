// The playground's keyboard shortcuts: Ctrl+Z (⌘Z) undoes, Ctrl+Y or
// Ctrl+Shift+Z redoes, anywhere in the playground but in a text field (which
// keeps its own undo).
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class ShortcutController implements ReactiveController {
  private readonly onKey = (e: KeyboardEvent) => {
    const target = e.composedPath()[0];
    if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) return;
    if (!(e.ctrlKey || e.metaKey)) return;
    const key = e.key.toLowerCase();
    if (key === 'z' && !e.shiftKey) this.actions.undo();
    else if (key === 'y' || (key === 'z' && e.shiftKey)) this.actions.redo();
    else return;
    e.preventDefault();
  };

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly actions: { undo(): void; redo(): void },
  ) {
    host.addController(this);
  }

  hostConnected() {
    this.host.addEventListener('keydown', this.onKey);
  }

  hostDisconnected() {
    this.host.removeEventListener('keydown', this.onKey);
  }
}
