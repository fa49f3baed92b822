import { expect, test } from '@playwright/test';
import { PlaygroundHarness, explorerSettled as settled } from './harness';

// NaN and ±inf are computed as PyTorch computes them (docs/semantics.md §8e)
// and marked on the page: the maps' colours and legend, the readouts, and the
// window explorer, whose max pool names the NaN as the winner.

// log(x − 0.5) of the image: NaN below 0.5, −inf at 0.5, finite above.
const CODE = `import torch
import torch.nn as nn

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.pool = nn.MaxPool2d(2)

    def forward(self, x):
        return self.pool(torch.log(x - 0.5))

net = Net()
`;

let h: PlaygroundHarness;
test.beforeEach(({ page }) => {
  h = new PlaygroundHarness(page);
});
test.afterEach(() => {
  expect(h.errors, 'console errors').toEqual([]);
});

test('NaN is marked on the maps and wins the explorer’s max-pool window', async ({ page }) => {
  await h.goto('#model=&input=1x1x16x16');
  await h.setCode(CODE);
  await expect(h.ribbon).toContainText('Output 1 × 1 × 8 × 8');
  const maps = h.root.locator('conv-feature-maps');
  // The pool's output has NaN: a legend entry in its colour, with the count.
  const legend = maps.locator('section .non-finite .special.nan');
  await expect(legend.first()).toBeVisible();
  await expect(legend.first()).toContainText(/NaN × \d+/);
  // Painted in the NaN colour (magenta), which no colormap holds.
  const magenta = await maps.evaluate((el) => {
    let n = 0;
    for (const section of el.shadowRoot!.querySelectorAll('section')) {
      const canvas = section.querySelector<HTMLCanvasElement>('canvas[data-index]');
      if (!canvas || !section.querySelector('.special.nan')) continue;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 0; i < data.length; i += 4)
        if (data[i] === 255 && data[i + 1] === 0 && data[i + 2] === 255) n++;
    }
    return n;
  });
  expect(magenta).toBeGreaterThan(0);

  await h.root.getByRole('button', { name: /Explore the window of layer \d+ pool/ }).click();
  await settled(page);
  const explorer = h.explorer;
  await expect(explorer).toBeVisible();
  // Step to a window whose maximum is NaN.
  for (let i = 0; i < 64; i++) {
    if ((await explorer.locator('.total strong').innerText()) === 'NaN') break;
    await explorer.getByRole('button', { name: 'Step forward' }).click();
    await settled(page);
  }
  await expect(explorer.locator('.total strong')).toHaveText('NaN');
  const winner = explorer.locator('table[aria-label="Input channel 0"] td.winner');
  await expect(winner).toHaveClass(/nan/);
  await expect(winner).toHaveAttribute('title', /NaN$/);
  await expect(winner).toHaveText('NaN');
  await expect(explorer).toContainText('which holds NaN');
  await expect(explorer).toContainText('NaN wins a max pool');
  await expect(explorer.locator('td.current')).toHaveText('NaN');
});
