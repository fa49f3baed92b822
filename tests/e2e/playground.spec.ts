import { expect, test } from '@playwright/test';

test('the page loads the SIMD engine and plans the classic example', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('.engine-status')).toHaveText(/SIMD target WASM/);
  const playground = page.locator('conv-playground');
  const rows = playground.locator('tbody tr');
  await expect(rows).toHaveCount(6);
  await expect(rows.nth(0)).toContainText('10 × (3 × 3 × 3) + 10 = 280');
  await expect(rows.nth(2)).toContainText('20 × (10 × 5 × 5) + 20 = 5020');
  await expect(rows.nth(4)).toContainText('1 × 5120');
  await expect(playground.locator('.total')).toContainText('Output 1 × 10');
});

test('an invalid layer shows PyTorch’s message and a hint as the learner types', async ({
  page,
}) => {
  await page.goto('/');
  const playground = page.locator('conv-playground');
  await expect(playground.locator('tbody tr')).toHaveCount(6);
  await playground.locator('textarea').fill('nn.Sequential(nn.Conv2d(3, 4, 5))');
  await playground.locator('input').fill('1, 3, 4, 4');
  const error = playground.locator('.error');
  await expect(error).toContainText('RuntimeError');
  await expect(error).toContainText(
    "Calculated padded input size per channel: (4 x 4). Kernel size: (5 x 5). Kernel size can't be greater than actual input size",
  );
  await expect(error).toContainText('use padding ≥ 1 or kernel_size ≤ 4 here');
  await playground.locator('textarea').fill('nn.Sequential(\n  nn.Conv2D(3, 4, 3))');
  await expect(error).toContainText('AttributeError in layer 0 (line 2, column 6)');
  await expect(error).toContainText('did you mean nn.Conv2d?');
});
