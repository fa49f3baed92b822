import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';
import { test } from '@playwright/test';
import { PlaygroundHarness, explorerSettled as settled } from './harness';

// The window explorer in the playground and on its own: the numbers on the
// page are the engine's arithmetic, and they add up.

const num = (text: string) => Number(text.replace('−', '-'));

/** Opens the explorer from layer 0's card. */
async function openExplorer(page: Page) {
  await h
    .card(0)
    .getByRole('button', { name: /Explore/ })
    .click();
  await settled(page);
}

/** The window's taps as (row, column) from the input grid's titles. */
async function taps(explorer: Locator): Promise<[number, number][]> {
  const titles = await explorer
    .locator('table[aria-label="Input channel 0"] td.tap')
    .evaluateAll((cells) => cells.map((c) => c.getAttribute('title') ?? ''));
  return titles.map((t) => {
    const m = /\((-?\d+), (-?\d+)\)/.exec(t)!;
    return [Number(m[1]), Number(m[2])];
  });
}

let h: PlaygroundHarness;
test.beforeEach(({ page }) => {
  h = new PlaygroundHarness(page);
});
test.afterEach(() => {
  expect(h.errors, 'console errors').toEqual([]);
});

test('steps through a padded, dilated, strided conv with the forward pass’s numbers', async ({
  page,
}) => {
  await h.goto(
    "#model=nn.Conv2d(1,2,kernel_size=3,stride=2,padding=1,dilation=2,padding_mode='reflect')&input=1x1x9x9",
  );
  await h
    .card(0)
    .getByRole('button', { name: /Explore the window of layer 0/ })
    .click();
  await settled(page);
  const explorer = h.explorer;
  await expect(explorer.locator('.formula')).toContainText(
    'H_out = ⌊(H_in + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1 = ⌊(9 + 2·1 − 2·(3 − 1) − 1) / 2⌋ + 1 = ⌊3⌋ + 1 = 4',
  );
  // Output (0, 0): taps at rows/columns −1, 1, 3 (dilation 2), reading the reflected border.
  expect(await taps(explorer)).toEqual([
    [-1, -1],
    [-1, 1],
    [-1, 3],
    [1, -1],
    [1, 1],
    [1, 3],
    [3, -1],
    [3, 1],
    [3, 3],
  ]);
  const cell = (r: number, c: number) =>
    explorer.locator(`table[aria-label="Input channel 0"] td[title^="(${r}, ${c})"]`);
  await expect(cell(-1, 1)).toHaveClass(/pad/);
  await expect(cell(-1, 1)).toHaveText(await cell(1, 1).innerText()); // reflect: row −1 is row 1
  await expect(cell(0, 0)).toHaveClass(/hole/); // dilation skips it
  // Step forward twice: the window moves by the stride, 2 columns each time.
  await explorer.getByRole('button', { name: 'Step forward' }).click();
  await settled(page);
  await explorer.getByRole('button', { name: 'Step forward' }).click();
  await settled(page);
  expect((await taps(explorer)).map(([, c]) => c).slice(0, 3)).toEqual([3, 5, 7]);
  // The products add up to the shown value, which is the output grid's current cell.
  const strong = num(await explorer.locator('.total strong').innerText());
  await expect(explorer.locator('td.current')).toHaveText(
    await explorer.locator('.total strong').innerText(),
  );
  const products = (await explorer.locator('.sums li .mono').innerText()).split('=')[0];
  const sum = products.split('+').reduce((acc, term) => {
    const [a, b] = term
      .replace(/[()\s]/g, '')
      .split('×')
      .map(num);
    return acc + a * b;
  }, 0);
  const bias = num(/bias (\S+)/.exec(await explorer.locator('.total').innerText())![1]);
  expect(sum + bias).toBeCloseTo(strong, 2);
  await expect(explorer).toContainText('Forward pass output');
  await expect(explorer).toContainText('(the same value)');
  await h.screenshot('explorer-conv');
});

test('a ceil-mode pool: the last window hangs over the edge and is kept', async ({ page }) => {
  await h.goto('#model=nn.MaxPool2d(2,ceil_mode=True)&input=1x1x5x5');
  await openExplorer(page);
  const explorer = h.explorer;
  await expect(explorer.locator('.formula')).toContainText(
    '⌈(5 + 2·0 − 1·(2 − 1) − 1) / 2⌉ + 1 = ⌈1.5⌉ + 1 = 3',
  );
  await explorer.locator('.panel').press('End');
  await settled(page);
  expect(await taps(explorer)).toEqual([[4, 4]]);
  await expect(explorer.locator('td.beyond')).toHaveCount(5 + 6); // row 5 and column 5 past the edge
  await expect(explorer).toContainText('hangs over the input');
  const winner = explorer.locator('table[aria-label="Input channel 0"] td.winner');
  await expect(winner).toHaveAttribute('title', '(4, 4)');
  await expect(explorer.locator('.total strong')).toHaveText(await winner.innerText());
  await expect(explorer).toContainText('return_indices=True would give index 24');
});

test('keyboard only: arrows, [ ] and Space step the window; the live region follows', async ({
  page,
}) => {
  await h.goto('#model=nn.Conv2d(1,2,kernel_size=3)&input=1x1x6x6');
  const explore = h.card(0).getByRole('button', { name: /Explore/ });
  await explore.focus();
  await page.keyboard.press('Enter');
  await settled(page);
  const explorer = h.explorer;
  await expect(explorer.locator('.panel')).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  await settled(page);
  const live = explorer.locator('[aria-live="polite"]');
  await expect(live).toContainText('output (1, 1) of channel 0: 9 products sum to');
  await page.keyboard.press(']');
  await settled(page);
  await expect(live).toContainText('output (1, 1) of channel 1');
  await page.keyboard.press(' ');
  await expect(explorer.getByRole('button', { name: 'Pause' })).toBeVisible();
  await page.keyboard.press(' ');
  await expect(explorer.getByRole('button', { name: 'Play' })).toBeVisible();
});

test('clicking a feature-map pixel opens the explorer on that cell; axe finds nothing serious', async ({
  page,
}) => {
  await h.goto(
    '#model=nn.Conv2d(3,4,kernel_size=3);nn.AvgPool2d(2,padding=1,count_include_pad=False)&input=1x3x12x12',
  );
  const canvas = h.root.locator('conv-feature-maps section[aria-label="1 AvgPool2d"] canvas');
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  const scale = box.width / Number(await canvas.getAttribute('width'));
  await page.mouse.click(box.x + 0.5 * scale, box.y + 0.5 * scale); // channel 0, cell (0, 0)
  await settled(page);
  const explorer = h.explorer;
  await expect(explorer).toContainText(
    'count_include_pad=False: only cells inside the input count (1)',
  );
  await expect(explorer.locator('td.current')).toHaveText(
    await explorer.locator('.total strong').innerText(),
  );
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual(
    [],
  );
});

test('on its own: integer inputs, a groups control from standard to depthwise', async ({
  page,
}) => {
  await h.goto();
  await page.evaluate(() => {
    const el = document.createElement('conv-window-explorer');
    el.setAttribute('model', 'nn.Conv2d(4, 4, 3, padding=1)');
    el.setAttribute('input', '1x4x5x5');
    document.body.append(el);
  });
  await settled(page);
  const explorer = page.locator('body > conv-window-explorer');
  await expect(explorer).toContainText('4 × (4 × 3 × 3) + 4 = 148');
  const values = await explorer
    .locator('table[aria-label="Input channel 0"] td:not(.pad)')
    .allInnerTexts();
  expect(values.every((v) => /^\d$/.test(v))).toBe(true);
  await expect(explorer.locator('.sums li')).toHaveCount(4);
  await explorer.getByLabel('groups').selectOption('4');
  await expect(explorer).toContainText('4 × (1 × 3 × 3) + 4 = 40');
  await settled(page);
  await expect(explorer.locator('.sums li')).toHaveCount(1);
  await expect(explorer).toContainText('each output channel sees 1 of 4 input channels');
});

test('a transposed conv is shown as the scatter it is', async ({ page }) => {
  await h.goto('#model=nn.ConvTranspose2d(1,1,3,stride=2)&input=1x1x3x3');
  await openExplorer(page);
  const explorer = h.explorer;
  await expect(explorer).toContainText('A transposed convolution scatters');
  await expect(explorer.locator('.formula')).toContainText(
    '(3 − 1)·2 − 2·0 + 1·(3 − 1) + 0 + 1 = 7',
  );
  // Output (2, 2) collects input cells (0,0), (0,1), (1,0), (1,1) through four kernel taps.
  await explorer.locator('.panel').focus();
  for (const key of ['ArrowRight', 'ArrowRight', 'ArrowDown', 'ArrowDown'])
    await page.keyboard.press(key);
  await settled(page);
  expect(await taps(explorer)).toEqual([
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
  ]);
  await expect(explorer.locator('td.current')).toHaveText(
    await explorer.locator('.total strong').innerText(),
  );
});

test('a large input: a picture with the numbers around the window; the receptive field is outlined on the input', async ({
  page,
}) => {
  await h.goto();
  // Layer 3 (the second conv) at cell (0, 0) of channel 0: 22 × 22 input pixels from −8, padding included.
  const canvas = h.root.locator('conv-feature-maps section[aria-label="3 Conv2d"] canvas');
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  await page.mouse.click(box.x + 1, box.y + 1);
  await settled(page);
  const label = h.root.locator('conv-feature-maps section[aria-label="Input"] .region-label');
  await expect(label).toContainText(
    'Receptive field of layer 3 Conv2d, channel 0, cell (0, 0): input -8–13 × -8–13 (size 22 × 22, jump 4 × 4, start -8, -8), reaching into the padding.',
  );
  await expect(h.root.locator('conv-feature-maps section[aria-label="Input"] .region')).toHaveCount(
    3,
  );
  const explorer = h.explorer;
  await expect(explorer).toContainText(
    'Receptive field: this cell depends on rows -8…13, columns -8…13',
  );
  // Layer 3's input is 10 × 32 × 32: shown as pictures plus the window's numbers (5 × 5 taps + 1 around).
  await expect(explorer.locator('canvas.thumb')).toHaveCount(4);
  await expect(explorer.locator('figcaption').first()).toContainText('of 32 × 32');
  const rows = explorer.locator('table[aria-label="Input channel 0"] tr');
  expect(await rows.count()).toBeLessThanOrEqual(8);
  await h.screenshot('explorer-large-input');
});

test('autoplay plays, except with prefers-reduced-motion', async ({ page }) => {
  await h.goto();
  const add = () =>
    page.evaluate(() => {
      document.querySelector('body > conv-window-explorer')?.remove();
      const el = document.createElement('conv-window-explorer');
      el.setAttribute('model', 'nn.MaxPool2d(2)');
      el.setAttribute('input', '1x1x6x6');
      el.setAttribute('autoplay', '');
      document.body.append(el);
    });
  const explorer = page.locator('body > conv-window-explorer');
  await add();
  await expect(explorer.getByRole('button', { name: 'Pause' })).toBeVisible();
  await expect(explorer.locator('.num').first()).not.toHaveText('1 / 9', { timeout: 5000 });
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await add();
  await settled(page);
  await expect(explorer.getByRole('button', { name: 'Play' })).toBeVisible();
  await page.waitForTimeout(1500);
  await expect(explorer.locator('.num').first()).toHaveText('1 / 9');
});
