// dist/convplay.html opened from disk with the network off: one file with
// the page, the worker, both WASM builds and KaTeX inside.
import path from 'node:path';
import { expect, test } from '@playwright/test';

test('the offline single file computes feature maps from file:// with no network', async ({
  context,
  page,
}) => {
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  context.on('request', (r) => requests.push(r.url()));
  await context.setOffline(true);
  await page.goto(`file://${path.resolve('dist/convplay.html')}`);
  const pg = page.locator('conv-playground');
  await expect(pg.locator('.engine-status')).toHaveText(/SIMD target WASM/, { timeout: 15_000 });
  await page.evaluate(() => document.querySelector('conv-playground')!.whenIdle());
  await expect(pg.locator('conv-shape-ribbon')).toContainText('1 × 5120');
  const distinct = await page.evaluate(() => {
    const maps = document
      .querySelector('conv-playground')!
      .shadowRoot!.querySelector('conv-feature-maps')!.shadowRoot!;
    const canvas = maps.querySelector<HTMLCanvasElement>('section[aria-label="0 Conv2d"] canvas')!;
    const d = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    const colours = new Set<number>();
    for (let i = 0; i < d.length; i += 4) colours.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    return colours.size;
  });
  expect(distinct).toBeGreaterThan(50);
  // The quiz's formulas come from the KaTeX inside the file.
  const quiz = pg.locator('conv-quiz');
  await quiz.locator('#answer').fill('5120');
  await quiz.locator('#answer').press('Enter');
  await expect(quiz.locator('math').first()).toBeVisible();
  expect(
    requests.filter(
      (u) => !u.startsWith('file:') && !u.startsWith('blob:') && !u.startsWith('data:'),
    ),
  ).toEqual([]);
  expect(problems).toEqual([]);
});
