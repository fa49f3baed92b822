import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { PlaygroundHarness } from './harness';

const TUTORIAL = `class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 10, 3)
        self.relu1 = nn.ReLU()
        self.pool1 = nn.MaxPool2d(4, 4)
        self.conv2 = nn.Conv2d(10, 20, 5, padding=2)
        self.relu2 = nn.ReLU()
        self.pool2 = nn.MaxPool2d(2, 2)
        self.flatten = nn.Flatten()
        self.fc = nn.Linear(16 * 16 * 20, 10)
`;

const TUTORIAL_FORWARD = `
    def forward(self, x):
        x = self.pool1(self.relu1(self.conv1(x)))
        x = self.pool2(self.relu2(self.conv2(x)))
        return self.fc(self.flatten(x))
`;

let h: PlaygroundHarness;
test.beforeEach(({ page }) => {
  h = new PlaygroundHarness(page);
});
test.afterEach(() => {
  expect(h.errors, 'console errors').toEqual([]);
  expect(h.foreignRequests, 'requests outside the page origin').toEqual([]);
});

test('opens on the classic example with its shapes, totals and maps', async () => {
  await h.goto();
  await expect(h.cards).toHaveCount(8);
  await expect(h.ribbon).toContainText('1 × 5120');
  await expect(h.ribbon).toContainText('nn.Linear needs in_features=5120');
  await expect(h.ribbon).toContainText('Output 1 × 10 · 56,510 parameters · 9,594,880 MACs');
  await expect(h.ribbon).toContainText('10 × (3 × 3 × 3) + 10 = 280 params');
  await expect(h.ribbon).toContainText('4,423,680 MACs');
  await expect(h.ribbon).toContainText('RF 26×26, jump 8×8');
  await expect(h.card(0)).toContainText('10 × (3 × 3 × 3) + 10 = 280');
  await expect(h.card(3)).toContainText('20 × (10 × 5 × 5) + 20 = 5020');
  const maps = await h.maps();
  // Input (3) + conv (10) + relu (10) + pool (10) + conv (20) + relu (20) + pool (20) + flatten (1).
  expect(maps).toHaveLength(94);
  expect(maps.filter((m) => m.distinct > 8).length).toBeGreaterThan(80);
  await h.screenshot('classic-1400');
});

test('builds the classic stack from an empty one through the UI', async () => {
  await h.goto('#model=&input=1x3x130x130');
  await expect(h.cards).toHaveCount(0);
  await h.addLayer('Conv2d');
  await h.setField(0, 'out_channels', '10');
  await h.addLayer('ReLU');
  await h.addLayer('MaxPool2d');
  await h.setField(2, 'kernel_size', '4');
  await h.setField(2, 'stride', '4');
  await h.addLayer('Conv2d');
  await expect(h.field(3, 'in_channels')).toHaveValue('10');
  await h.setField(3, 'out_channels', '20');
  await h.setField(3, 'kernel_size', '5');
  await h.setField(3, 'padding', '2');
  await h.addLayer('ReLU');
  await h.addLayer('MaxPool2d');
  await h.addLayer('Flatten');
  await h.addLayer('Linear');
  await expect(h.field(7, 'in_features')).toHaveValue('5120');
  await expect(h.ribbon).toContainText('1 × 5120');
  await expect(h.code).toHaveValue(/nn\.Linear\(in_features=5120, out_features=10\)/);
  // Undo walks back through the edits; redo returns.
  await h.root.getByRole('button', { name: 'Undo' }).click();
  await h.idle();
  await expect(h.cards).toHaveCount(7);
  await h.root.getByRole('button', { name: 'Redo' }).click();
  await h.idle();
  await expect(h.cards).toHaveCount(8);
});

test('cards reorder by drag and drop, duplicate and delete; kernel edits follow their layer', async () => {
  await h.goto('#model=nn.Conv2d(3,4,kernel_size=3);nn.ReLU();nn.MaxPool2d(2)&input=1x3x16x16');
  await h.root.locator('conv-kernel-editor').getByRole('button', { name: 'outline' }).click();
  await h.idle();
  await h.root
    .locator('conv-layer-stack li')
    .nth(0)
    .dragTo(h.root.locator('conv-layer-stack li').nth(2));
  await h.idle();
  let s = await h.state();
  expect(s.layers.map((l) => l.kind)).toEqual(['ReLU', 'MaxPool2d', 'Conv2d']);
  expect(s.kernels.map((k) => k.layer)).toEqual([2]);
  await h
    .card(2)
    .getByRole('button', { name: /Duplicate layer 2 Conv2d/ })
    .click();
  await h.idle();
  await expect(h.cards).toHaveCount(4);
  await expect(h.card(3)).toContainText('RuntimeError'); // 4 channels reach a Conv2d(3, …)
  await h
    .card(0)
    .getByRole('button', { name: /Delete layer 0 ReLU/ })
    .click();
  await h.idle();
  s = await h.state();
  expect(s.layers.map((l) => l.kind)).toEqual(['MaxPool2d', 'Conv2d', 'Conv2d']);
  expect(s.kernels.map((k) => k.layer)).toEqual([1]);
});

test('an unbatched input: Flatten keeps the channels, and the page says so', async () => {
  await h.goto();
  await h.shapeInput.fill('3, 130, 130');
  await h.idle();
  await expect(h.ribbon).toContainText('20 × 256');
  await expect(h.root.locator('.warning').first()).toContainText('unbatched');
  await expect(h.card(7)).toContainText(
    'mat1 and mat2 shapes cannot be multiplied (20x256 and 5120x10)',
  );
});

test('pasted tutorial code runs as PyTorch runs it, and parse errors point at line and column', async () => {
  await h.goto('#model=nn.ReLU()&input=1x3x130x130');
  // Only the __init__ lines (no imports: nn is read as torch.nn, with a
  // warning): PyTorch's own error for a module without forward().
  await h.setCode(TUTORIAL);
  const error = h.root.locator('conv-code-panel .error');
  await expect(error).toContainText('missing the required "forward" function');
  await h.setCode(`import torch.nn as nn\n${TUTORIAL}`);
  await expect(error).toContainText('missing the required "forward" function');
  // With forward(), every call is a card and the shapes follow.
  await h.setCode(`import torch.nn as nn\n${TUTORIAL}${TUTORIAL_FORWARD}`);
  await expect(h.cards).toHaveCount(8);
  await expect(h.ribbon).toContainText('1 × 5120');
  await expect(h.field(7, 'in_features')).toHaveValue('5120');
  await h.setCode('nn.Sequential(\n    nn.Conv2D(3, 4, 3))');
  await expect(error).toContainText('AttributeError at line 2, column 8');
  await expect(error).toContainText('did you mean nn.Conv2d?');
  await expect(h.cards).toHaveCount(8); // the model is kept while the code is wrong
});

test('an invalid layer shows PyTorch’s message in its card and greys the rest; Linear gets a one-click fix', async () => {
  await h.goto();
  await h.setField(0, 'in_channels', '4');
  const card = h.card(0);
  await expect(card).toContainText('RuntimeError');
  await expect(card).toContainText(
    'expected input[1, 3, 130, 130] to have 4 channels, but got 3 channels instead',
  );
  await expect(card.locator('.error')).toContainText('Hint:');
  await expect(h.card(1)).toHaveAttribute('greyed', '');
  await expect(h.card(7)).toHaveAttribute('greyed', '');
  await h.setField(0, 'in_channels', '3');
  await expect(h.card(1)).not.toHaveAttribute('greyed', '');

  await h.setField(7, 'in_features', '500');
  await expect(h.card(7)).toContainText(
    'mat1 and mat2 shapes cannot be multiplied (1x5120 and 500x10)',
  );
  await h.card(7).getByRole('button', { name: 'Set in_features to 5120' }).click();
  await h.idle();
  await expect(h.field(7, 'in_features')).toHaveValue('5120');
  await expect(h.ribbon).toContainText('Output 1 × 10');

  // A field that is not Python shows the parser's message and changes nothing.
  await h.field(0, 'kernel_size').fill('(3, ');
  await expect(h.card(0).locator('.error')).toContainText('SyntaxError');
  await expect(h.field(0, 'kernel_size')).toHaveAttribute('aria-invalid', 'true');
  await h.setField(0, 'kernel_size', "'same'");
  await expect(h.card(0)).toContainText("argument 'size' (position 1) must be tuple of ints");
  await h.setField(0, 'kernel_size', '3');
  await h.setField(0, 'padding', "'same'");
  await expect(h.card(0)).toContainText('Output 1 × 10 × 130 × 130');
});

test('feature maps are non-blank and change when a kernel preset is applied', async () => {
  await h.goto();
  const before = await h.maps();
  const conv0 = before.filter((m) => m.label === '0 Conv2d');
  expect(conv0).toHaveLength(10);
  for (const m of conv0) expect(m.distinct).toBeGreaterThan(8);
  const editor = h.root.locator('conv-kernel-editor');
  await editor.getByRole('button', { name: 'Sobel x' }).click();
  await h.idle();
  await expect(editor.getByLabel('Weight: input channel 0, row 0, column 0')).toHaveValue('-1');
  const after = await h.maps();
  const changed = (a: typeof before, b: typeof before, label: string, c: number) =>
    a.find((m) => m.label === label && m.c === c)!.sum !==
    b.find((m) => m.label === label && m.c === c)!.sum;
  expect(changed(before, after, '0 Conv2d', 0)).toBe(true);
  expect((await h.state()).kernels.map((k) => [k.layer, k.out])).toEqual([[0, 0]]);
  // Typing one weight changes the map again; a new seed clears the edits.
  await editor.getByLabel('Weight: input channel 0, row 1, column 1').fill('3');
  await editor.getByLabel('Weight: input channel 0, row 1, column 1').press('Enter');
  await h.idle();
  expect((await h.state()).kernels[0].weights[4]).toBe(3);
  await editor.getByLabel('Seed').fill('42');
  await editor.getByLabel('Seed').press('Enter');
  await h.idle();
  expect((await h.state()).kernels).toEqual([]);
  expect((await h.state()).seed).toBe(42);
});

test('the URL hash restores the whole state after a reload', async ({ page }) => {
  await h.goto();
  await h.setField(0, 'out_channels', '6');
  await h.setField(3, 'in_channels', '6');
  await h.root.locator('conv-input-picker select').selectOption('checkerboard');
  await h.root.locator('conv-kernel-editor').getByRole('button', { name: 'Laplacian' }).click();
  await h.idle();
  const state = await h.state();
  const code = await h.code.inputValue();
  const maps = await h.maps();
  expect(page.url()).toContain('source=checkerboard');
  await page.reload();
  await expect(h.root.locator('.engine-status')).toHaveText(/SIMD target WASM/);
  await h.idle();
  expect(await h.state()).toEqual(state);
  await expect(h.code).toHaveValue(code);
  expect(await h.maps()).toEqual(maps);
});

test('a hostile or malformed URL is refused with a message, and the default stack is shown', async ({
  page,
}) => {
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  const cases: [string, RegExp][] = [
    [
      '#model=' + encodeURIComponent('<script>alert(1)</script>'),
      /model is not valid PyTorch code \(SyntaxError/,
    ],
    ['#model=nn.ReLU()&input=1x3x99999999999x4', /larger than 100,000/],
    ['#model=%E0%A4%A', /not correctly percent-encoded/],
    [
      '#source=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E',
      /no input image '<img src=x onerror=alert\(1\)>'/,
    ],
  ];
  for (const [hash, message] of cases) {
    await h.goto(hash);
    const alert = h.root.locator('.message');
    await expect(alert).toContainText('This link could not be used');
    await expect(alert).toContainText(message);
    await expect(h.cards).toHaveCount(8);
    await expect(h.ribbon).toContainText('1 × 5120');
  }
  expect(dialogs).toBe(0);
  expect(await page.locator('img').count()).toBe(0);
});

test('an uploaded image becomes the input; a file that is not an image gets a message', async () => {
  await h.goto();
  const png = await h.page.evaluate(async () => {
    const c = document.createElement('canvas');
    c.width = 64;
    c.height = 48;
    const ctx = c.getContext('2d')!;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, 64, 48);
    ctx.fillStyle = '#f00';
    ctx.fillRect(10, 10, 20, 20);
    return c.toDataURL('image/png').split(',')[1];
  });
  const before = await h.maps();
  const picker = h.root.locator('conv-input-picker');
  await picker.locator('input[type=file]').setInputFiles({
    name: 'red-square.png',
    mimeType: 'image/png',
    buffer: Buffer.from(png, 'base64'),
  });
  await h.idle();
  expect((await h.state()).source).toBe('upload');
  expect(await h.maps()).not.toEqual(before);
  await picker.getByRole('button', { name: "Use the image's size (64 × 48)" }).click();
  await h.idle();
  expect((await h.state()).inputShape).toEqual([1, 3, 48, 64]);
  await picker
    .locator('input[type=file]')
    .setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await expect(picker.locator('.error')).toContainText("'notes.txt' could not be read as an image");
});

test('keyboard only: add, edit, move, undo, read a map value', async ({ page }) => {
  await h.goto('#model=nn.Conv2d(3,4,kernel_size=3)&input=1x3x16x16');
  const select = h.root.locator('conv-layer-stack select');
  await select.focus();
  await select.selectOption('ReLU'); // keyboard selection in a native select
  await page.keyboard.press('Tab');
  await expect(
    h.root.locator('conv-layer-stack').getByRole('button', { name: 'Add', exact: true }),
  ).toBeFocused();
  await page.keyboard.press('Enter');
  await h.idle();
  await expect(h.cards).toHaveCount(2);
  // Into the first card's first field, type a new value.
  await h.field(0, 'in_channels').focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Control+a');
  await page.keyboard.type('6');
  await h.idle();
  expect((await h.state()).layers[0].args.out_channels).toBe(6);
  // Alt+↑ on the second card moves it up.
  await h
    .card(1)
    .getByRole('button', { name: /Move layer 1 ReLU up/ })
    .focus();
  await page.keyboard.press('Alt+ArrowUp');
  await h.idle();
  expect((await h.state()).layers.map((l) => l.kind)).toEqual(['ReLU', 'Conv2d']);
  await page.keyboard.press('Control+z');
  await h.idle();
  expect((await h.state()).layers.map((l) => l.kind)).toEqual(['Conv2d', 'ReLU']);
  // Focus a feature map and read values with the arrow keys.
  const canvas = h.root.locator('conv-feature-maps canvas').first();
  await canvas.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  await expect(h.root.locator('conv-feature-maps .readout')).toHaveText(
    /Input: channel 0, row 1, column 1 = [\d.]+/,
  );
  await page.keyboard.press(']');
  await expect(h.root.locator('conv-feature-maps .readout')).toHaveText(
    /Input: channel 1, row 1, column 1/,
  );
  // The pointer reads the same cell of the map under it.
  const box = (await canvas.boundingBox())!;
  await page.mouse.move(box.x + 1, box.y + 1);
  await expect(h.root.locator('conv-feature-maps .readout')).toHaveText(
    /Input: channel 0, row 0, column 0 = [\d.]+/,
  );
});

test('the drawing pad and the webcam feed the maps', async ({ page }) => {
  await h.goto('#model=nn.Conv2d(1,2,kernel_size=3)&input=1x1x28x28');
  const picker = h.root.locator('conv-input-picker');
  await picker.getByRole('button', { name: 'Draw' }).click();
  await h.idle();
  const pad = picker.locator('conv-drawing-pad canvas');
  const blank = await h.maps();
  await pad.focus();
  await page.keyboard.press('Space');
  for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight');
  await h.idle();
  expect(await h.maps()).not.toEqual(blank);
  await picker.getByRole('button', { name: 'Webcam' }).click();
  await expect(picker.locator('.fps')).toHaveText(/[1-9]\d* fps/, { timeout: 10_000 });
  await picker.getByRole('button', { name: 'Stop webcam' }).click();
});

test('works at 375 px and in the dark theme; axe finds no serious or critical violations', async ({
  page,
}) => {
  await h.goto();
  for (const theme of ['light', 'dark']) {
    await h.root.getByLabel('Theme').selectOption(theme);
    const results = await new AxeBuilder({ page }).analyze();
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(
      bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      theme,
    ).toEqual([]);
    await h.screenshot(`classic-1400-${theme}`);
  }
  await page.setViewportSize({ width: 375, height: 800 });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(375);
  await h.screenshot('classic-375-dark');
});
