// The playground's state in the page's URL hash (the url-state attribute):
// read when the engine is ready and whenever the learner navigates (back,
// forward, a pasted link), written after every refresh — throttled, because
// browsers throttle history writes (flush() writes at once).
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ParseResult } from '../engine/types';
import type { PlaygroundState } from '../state/playground-state';
import { HashWriter, encodeHash, stateFromHash, type HashState } from '../state/url-state';

export class UrlHashController implements ReactiveController {
  /** The parts a link hides and locks (an embed's), added to the attributes'. */
  linkView: { hide: string[]; lock: string[] } = { hide: [], lock: [] };

  private readonly writer = new HashWriter();
  private readonly onHashChange = () => {
    if (this.enabled() && !this.writer.wrote(location.hash)) this.navigated();
  };

  /**
   * `enabled`: whether the host keeps its state in the hash; `navigated`: the
   * learner moved to another hash (read it with read()).
   */
  constructor(
    host: ReactiveControllerHost,
    private readonly enabled: () => boolean,
    private readonly navigated: () => void,
  ) {
    host.addController(this);
  }

  hostConnected() {
    if (this.enabled()) window.addEventListener('hashchange', this.onHashChange);
  }

  hostDisconnected() {
    window.removeEventListener('hashchange', this.onHashChange);
    this.writer.flush();
  }

  /** The state the hash describes (the model parsed by `parse`); anything wrong gives the default and a message. */
  async read(
    parse: (code: string) => Promise<ParseResult>,
  ): Promise<{ state: PlaygroundState; message: string }> {
    const { state, message, hide, lock } = await stateFromHash(location.hash, parse);
    this.linkView = { hide: hide ?? [], lock: lock ?? [] };
    return { state, message };
  }

  /** Writes the state to the hash (soon), when the host keeps it there. */
  write(state: HashState) {
    if (this.enabled()) this.writer.write(encodeHash(state));
  }

  /** Writes a pending hash now. */
  flush() {
    this.writer.flush();
  }
}
