import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { PlaygroundHarness } from './harness';

// The CIFAR-10 tutorial's Net, as the tutorial writes it.
const CIFAR = `import torch
import torch.nn as nn
import torch.nn.functional as F

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = torch.flatten(x, 1) # flatten all dimensions except batch
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x

net = Net()
`;

// A ResNet basic block (identity shortcut), fed by the code itself.
const BLOCK = `import torch
import torch.nn as nn
import torch.nn.functional as F

class BasicBlock(nn.Module):
    def __init__(self, in_planes, planes, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(in_planes, planes, kernel_size=3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, kernel_size=3, stride=1, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.shortcut = nn.Sequential()

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        out += self.shortcut(x)
        out = F.relu(out)
        return out

block = BasicBlock(8, 8)
y = block(torch.randn(1, 8, 16, 16))
`;

let h: PlaygroundHarness;
test.beforeEach(({ page }) => {
  h = new PlaygroundHarness(page);
});
test.afterEach(() => {
  expect(h.errors, 'console errors').toEqual([]);
  expect(h.foreignRequests, 'requests outside the page origin').toEqual([]);
});

const calls = () => h.root.locator('conv-call-list');
const call = (i: number) => calls().locator(`li[data-call="${i}"]`);

test("the CIFAR-10 tutorial's class runs as forward() calls it", async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await h.goto('#model=&input=1x3x32x32');
  await h.setCode(CIFAR);
  // The code stays exactly as written.
  await expect(h.code).toHaveValue(CIFAR);
  await expect(h.ribbon).toContainText('Output 1 × 10 · 62,006 parameters');
  await expect(calls().locator('ol > li')).toHaveCount(12);
  await expect(call(0)).toContainText('conv1 · Conv2d');
  await expect(call(1)).toContainText('F.relu');
  await expect(call(1)).toContainText('F.relu(self.conv1(x))');
  await expect(call(2)).toContainText('pool · MaxPool2d');
  await expect(call(2)).toContainText('called 2 times');
  await expect(call(5)).toContainText('2nd call of pool — the same module as #2');
  await expect(call(6)).toContainText('torch.flatten(x, 1)');
  // Adding and reordering layers is for stacks; the class says why.
  await expect(calls().getByRole('button', { name: 'Add layer' })).toBeDisabled();
  await expect(calls()).toContainText('Edit the class code to add layers.');
  await expect(calls().getByRole('button', { name: /Move|Duplicate|Delete/ })).toHaveCount(0);
  // One map row per call, labelled like the cards.
  const maps = h.root.locator('conv-feature-maps section');
  await expect(maps).toHaveCount(13);
  await expect(maps.nth(1)).toHaveAttribute('aria-label', '#0 conv1 · Conv2d');
  await expect(maps.nth(6)).toHaveAttribute('aria-label', '#5 pool · MaxPool2d');
  await expect(h.ribbon).toContainText('#5 pool · MaxPool2d');
  // The URL carries the class code verbatim, and gives it back.
  await h.idle();
  const hash = await page.evaluate(() => location.hash);
  expect(hash).toContain('input=1x3x32x32');
  await h.page.reload();
  await h.idle();
  await expect(h.code).toHaveValue(CIFAR);
  await expect(h.ribbon).toContainText('62,006 parameters');
  await h.screenshot('class-cifar-1400');
  for (const theme of ['light', 'dark']) {
    await h.root.getByLabel('Theme').selectOption(theme);
    const axe = await new AxeBuilder({ page }).analyze();
    const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(
      bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      theme,
    ).toEqual([]);
  }
  await h.screenshot('class-cifar-1400-dark');
});

test('Explore on a conv call and on the second call of a pool opens the window', async () => {
  await h.goto('#model=&input=1x3x32x32');
  await h.setCode(CIFAR);
  await call(0)
    .getByRole('button', { name: /Explore the window/ })
    .click();
  await h.idle();
  await expect(h.root.locator('#h-window')).toContainText('#0 conv1 · Conv2d');
  await expect(h.explorer).toBeVisible();
  await call(5)
    .getByRole('button', { name: /Explore the window/ })
    .click();
  await h.idle();
  await expect(h.root.locator('#h-window')).toContainText('#5 pool · MaxPool2d');
});

test('a ResNet basic block shows its merge and offers the shape its code feeds it', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await h.goto('#model=&input=1x3x32x32');
  await h.setCode(BLOCK);
  // The code feeds 1×8×16×16; the input does not fit: one click uses it.
  await h.root.getByRole('button', { name: 'Use 1×8×16×16 (from your code)' }).click();
  await h.idle();
  await expect(h.ribbon).toContainText('Output 1 × 8 × 16 × 16');
  const merge = calls().locator('article.merge');
  await expect(merge).toHaveCount(1);
  await expect(merge).toContainText('adds the outputs of #4 and the input');
  await expect(merge).toContainText('out += self.shortcut(x)');
  await expect(calls().locator('svg.rail path.skip')).toHaveCount(1);
  await expect(h.root.locator('conv-feature-maps section')).toHaveCount(8);
  await h.screenshot('class-block-1400');
});

test("a wrong view shows PyTorch's message on its call and line; the calls before stay", async () => {
  await h.goto('#model=&input=1x3x32x32');
  const wrong = CIFAR.replace(
    'torch.flatten(x, 1) # flatten all dimensions except batch',
    'x.view(-1, 256)',
  );
  await h.setCode(wrong);
  const message = "shape '[-1, 256]' is invalid for input of size 400";
  await expect(call(6)).toContainText(message);
  await expect(call(6)).toContainText('x.view(-1, 256)');
  await expect(call(6)).toContainText('line 18');
  await expect(calls().locator('conv-layer-card, article.call:not(.invalid)')).toHaveCount(6);
  const panel = h.root.locator('conv-code-panel');
  await expect(panel.locator('.error')).toContainText(`RuntimeError at line 18`);
  await expect(panel.locator('.error')).toContainText(message);
  await expect(panel.locator('.error')).toContainText('Hint:');
  await expect(panel.locator('.gutter .bad')).toHaveText('18');
  await expect(panel.locator('.band')).toHaveCount(1);
  await expect(h.ribbon).toContainText('Invalid at call #6 (line 18)');
  await h.screenshot('class-view-error-1400');
});

test("a field of conv1's card rewrites its __init__ argument in place", async () => {
  await h.goto('#model=&input=1x3x32x32');
  await h.setCode(CIFAR);
  const field = call(0).locator('input[data-param="out_channels"]');
  await expect(field).toHaveValue('6');
  await field.fill('8');
  await h.idle();
  // Only that argument changes; the rest stays as written (comment, 16 * 5 * 5, layout).
  await expect(h.code).toHaveValue(CIFAR.replace('nn.Conv2d(3, 6, 5)', 'nn.Conv2d(3, 8, 5)'));
  // conv2 now reads 8 channels where it expects 6: PyTorch's error, on its call.
  await expect(call(3)).toContainText('expected input[1, 8, 14, 14] to have 6 channels');
  await call(3).getByRole('button', { name: 'Show line 17 in the code' }).click();
  await expect(h.root.locator('conv-code-panel .gutter .bad')).toHaveText('17');
  await h.root.getByRole('button', { name: 'Undo' }).click();
  await h.idle();
  await expect(h.code).toHaveValue(CIFAR);
  await expect(h.ribbon).toContainText('62,006 parameters');
});

test('Export as code offers the nn.Sequential form of a chain and the class form', async ({
  page,
}) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await h.goto('#model=&input=1x3x32x32');
  await h.setCode(CIFAR);
  const exp = h.root.locator('conv-export-panel');
  await exp.getByText('Export as code').click();
  await expect(exp.locator('#export-sequential')).toHaveValue(/^nn\.Sequential\(/);
  await expect(exp.locator('#export-class')).toHaveValue(/class Net\(nn\.Module\)/);
  await exp.getByRole('button', { name: /Copy the code as a class/ }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('def forward(self, x):');
  // A merge cannot be a Sequential: the panel says why.
  await h.setCode(BLOCK);
  await h.root.getByRole('button', { name: /from your code/ }).click();
  await h.idle();
  await expect(exp.locator('#export-sequential')).toContainText('Not a chain');
  await expect(exp.locator('#export-class')).toHaveValue(/class BasicBlock/);
  // A stack exports as a class too.
  await h.goto('#model=nn.Conv2d(3,4,kernel_size=3);nn.ReLU()&input=1x3x16x16');
  await exp.getByText('Export as code').click();
  await expect(exp.locator('#export-sequential')).toHaveValue(/nn\.Conv2d\(3, 4, kernel_size=3\)/);
  await expect(exp.locator('#export-class')).toHaveValue(/def forward/);
});

test('class code fits a phone screen', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  await h.goto('#model=&input=1x3x32x32');
  await h.setCode(CIFAR);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth > document.documentElement.clientWidth,
  );
  expect(overflow).toBe(false);
  await h.screenshot('class-cifar-375');
});
