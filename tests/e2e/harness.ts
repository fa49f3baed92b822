// Talks to a <conv-playground> the way a learner does (Playwright locators
// pierce open shadow roots), plus waits on the element's own whenIdle().
import { expect, type Locator, type Page } from '@playwright/test';

/** The window explorer a playground shows, open on one of its layers. */
export function playgroundExplorer(playground: Locator): Locator {
  return playground.locator('conv-window-view');
}

/**
 * Waits for a window explorer (a playground's or a standalone
 * <conv-window-explorer>, in any shadow root) to show its current cell.
 */
export async function explorerSettled(page: Page) {
  await page.evaluate(async () => {
    const tags = 'conv-window-explorer, conv-window-view';
    const find = (root: Document | ShadowRoot): Element | null => {
      const hit = root.querySelector(tags);
      if (hit) return hit;
      for (const el of root.querySelectorAll('*')) {
        const inner = el.shadowRoot && find(el.shadowRoot);
        if (inner) return inner;
      }
      return null;
    };
    let explorer = find(document);
    for (let i = 0; !explorer && i < 500; i++) {
      await new Promise((r) => setTimeout(r, 20));
      explorer = find(document);
    }
    await (explorer as unknown as { settled(): Promise<void> } | null)?.settled();
  });
}

export class PlaygroundHarness {
  readonly root: Locator;
  readonly errors: string[] = [];
  readonly foreignRequests: string[] = [];

  constructor(readonly page: Page) {
    this.root = page.locator('conv-playground').first();
    page.on('console', (m) => {
      if (m.type() === 'error') this.errors.push(m.text());
    });
    page.on('pageerror', (e) => this.errors.push(e.message));
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (
        !['127.0.0.1', 'localhost'].includes(url.hostname) &&
        !['data:', 'blob:'].includes(url.protocol)
      )
        this.foreignRequests.push(r.url());
    });
  }

  async goto(hash = '') {
    await this.page.goto(`/${hash}`);
    await expect(this.root.locator('.engine-status')).toHaveText(/SIMD target WASM/);
    await this.idle();
  }

  /** Waits until every edit is planned, computed and painted. */
  async idle() {
    await this.page.waitForFunction(() => !!document.querySelector('conv-playground')?.shadowRoot);
    await this.page.evaluate(() => document.querySelector('conv-playground')!.whenIdle());
  }

  get explorer() {
    return playgroundExplorer(this.root);
  }
  get ribbon() {
    return this.root.locator('conv-shape-ribbon');
  }
  get cards() {
    return this.root.locator('conv-layer-card');
  }
  card(i: number) {
    return this.cards.nth(i);
  }
  field(i: number, param: string) {
    return this.card(i).locator(`input[data-param="${param}"]`);
  }
  get code() {
    return this.root.locator('conv-code-panel textarea');
  }
  get shapeInput() {
    return this.root.locator('conv-input-picker input#shape');
  }

  async setField(i: number, param: string, text: string) {
    const field = this.field(i, param);
    if ((await field.count()) === 0)
      await this.card(i)
        .getByRole('button', { name: /All parameters/ })
        .click();
    await field.fill(text);
    await this.idle();
  }

  async addLayer(kind: string) {
    await this.root.locator('conv-layer-stack select').selectOption(kind);
    await this.root
      .locator('conv-layer-stack')
      .getByRole('button', { name: 'Add', exact: true })
      .click();
    await this.idle();
  }

  async setCode(code: string) {
    await this.code.fill(code);
    await this.idle();
  }

  async state() {
    return this.page.evaluate(() => document.querySelector('conv-playground')!.state);
  }

  /** A fingerprint of every channel's map: [label, channel, weighted sum, distinct colours]. */
  async maps(): Promise<{ label: string; c: number; sum: number; distinct: number }[]> {
    return this.page.evaluate(() => {
      const maps = document
        .querySelector('conv-playground')!
        .shadowRoot!.querySelector('conv-feature-maps')!.shadowRoot!;
      const out: { label: string; c: number; sum: number; distinct: number }[] = [];
      for (const section of maps.querySelectorAll('section')) {
        const canvas = section.querySelector('canvas');
        if (!canvas) continue;
        const n = (k: string) => Number(canvas.dataset[k]);
        const [cols, gap, tw, th] = [n('cols'), n('gap'), n('tileW'), n('tileH')];
        const d = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        for (let c = 0; c < n('channels'); c++) {
          const x0 = (c % cols) * (tw + gap);
          const y0 = Math.floor(c / cols) * (th + gap);
          let sum = 0;
          const colours = new Set<number>();
          for (let y = y0; y < y0 + th; y++) {
            for (let x = x0; x < x0 + tw; x++) {
              const i = (y * canvas.width + x) * 4;
              sum += d[i] * 3 + d[i + 1] * 5 + d[i + 2] * 7;
              colours.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
            }
          }
          out.push({
            label: section.getAttribute('aria-label') ?? '',
            c,
            sum,
            distinct: colours.size,
          });
        }
      }
      return out;
    });
  }

  /** A full-page screenshot (content-visibility: auto skips off-screen maps, so grow the viewport). */
  async screenshot(name: string) {
    const size = this.page.viewportSize() ?? { width: 1280, height: 800 };
    const height = await this.page.evaluate(() => document.documentElement.scrollHeight);
    await this.page.setViewportSize({ width: size.width, height: Math.min(height, 16_000) });
    await this.page.evaluate(
      () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
    );
    await this.page.screenshot({ path: `build/e2e-results/screens/${name}.png`, fullPage: true });
    await this.page.setViewportSize(size);
  }
}
