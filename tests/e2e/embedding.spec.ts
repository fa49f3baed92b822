// The built files (dist/) as a course page would serve them: under a strict
// Content-Security-Policy, with the elements bundle loaded twice and two
// playgrounds and a quiz on one page.
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { playgroundExplorer } from './harness';

const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'";
const dist = path.resolve('dist');
const types: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
};

// A course page: the bundle twice (two module copies), two playgrounds, a quiz.
const TWO = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Two playgrounds</title><link rel="icon" href="./favicon.svg">
<script type="module" src="./convplay-elements.js?copy=1"></script>
<script type="module" src="./convplay-elements.js?copy=2"></script></head>
<body><main><h1>Two playgrounds</h1>
<conv-playground id="a"></conv-playground>
<conv-playground id="b"></conv-playground>
<conv-quiz kind="shape" seed="3" storage-key=""></conv-quiz></main></body></html>`;

let server: Server;
let base = '';
test.beforeAll(async () => {
  server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const headers = { 'Content-Security-Policy': CSP };
    if (url.pathname === '/two.html') {
      res.writeHead(200, { ...headers, 'content-type': 'text/html' }).end(TWO);
      return;
    }
    const file = path.join(dist, url.pathname === '/' ? 'index.html' : url.pathname);
    if (!file.startsWith(dist)) return void res.writeHead(403).end();
    try {
      const body = await readFile(file);
      res
        .writeHead(200, {
          ...headers,
          'content-type': types[path.extname(file)] ?? 'application/octet-stream',
        })
        .end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Console errors and CSP violations of a page. */
function watch(page: Page) {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  void page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  return problems;
}

test('the built playground works under a strict CSP', async ({ page }) => {
  const problems = watch(page);
  await page.goto(`${base}/`);
  const pg = page.locator('conv-playground');
  await expect(pg.locator('.engine-status')).toHaveText(/SIMD target WASM/);
  await page.evaluate(() => document.querySelector('conv-playground')!.whenIdle());
  await expect(pg.locator('conv-shape-ribbon')).toContainText('1 × 5120');
  // The quiz's formulas (KaTeX, loaded on demand) and the window explorer under the same policy.
  await pg.getByRole('button', { name: /Explore the window of layer 0/ }).click();
  await expect(playgroundExplorer(pg)).toContainText('Forward pass output');
  const quiz = pg.locator('conv-quiz');
  await quiz.locator('#answer').fill('1');
  await quiz.locator('#answer').press('Enter');
  await quiz.getByRole('button', { name: 'Show the solution' }).click();
  await expect(quiz.locator('math').first()).toBeVisible();
  expect(problems).toEqual([]);
});

test('two playgrounds and a quiz on one page, the bundle loaded twice: independent', async ({
  page,
}) => {
  const problems = watch(page);
  await page.goto(`${base}/two.html`);
  const a = page.locator('conv-playground#a');
  const b = page.locator('conv-playground#b');
  await expect(a.locator('.engine-status')).toHaveText(/SIMD target WASM/);
  await expect(b.locator('.engine-status')).toHaveText(/SIMD target WASM/);
  await page.evaluate(() =>
    Promise.all([...document.querySelectorAll('conv-playground')].map((p) => p.whenIdle())),
  );
  await a.locator('conv-layer-card').first().locator('input[data-param="out_channels"]').fill('6');
  await page.evaluate(() =>
    document.querySelector<HTMLElement & { whenIdle(): Promise<void> }>('#a')!.whenIdle(),
  );
  const states = await page.evaluate(() =>
    [...document.querySelectorAll('conv-playground')].map(
      (p) => p.state.layers[0].args.out_channels,
    ),
  );
  expect(states).toEqual([6, 10]);
  await expect(b.locator('conv-shape-ribbon')).toContainText('1 × 5120');
  await expect(a.locator('conv-layer-card').nth(3)).toContainText('RuntimeError');
  await expect(page.locator('body > main > conv-quiz .prompt')).toContainText(
    'What is the output shape',
  );
  // Neither playground writes the page's URL (only the one with url-state does).
  expect(new URL(page.url()).hash).toBe('');
  expect(problems).toEqual([]);
});

test('the iframe embed page: hidden and locked parts from the URL hash', async ({ page }) => {
  const problems = watch(page);
  await page.setContent(
    `<iframe title="ConvPlay" width="1200" height="900" src="${base}/frame.html#model=nn.Conv2d(1,4,kernel_size=3);nn.ReLU()&input=1x1x12x12&hide=quiz,code,toolbar&lock=layers,input"></iframe>`,
  );
  const frame = page.frameLocator('iframe');
  const pg = frame.locator('conv-playground');
  await expect(pg.locator('conv-shape-ribbon')).toContainText('1 × 4 × 10 × 10');
  await expect(pg.locator('conv-quiz')).toHaveCount(0);
  await expect(pg.locator('conv-code-panel')).toHaveCount(0);
  await expect(pg.locator('.toolbar')).toHaveCount(0);
  await expect(pg.locator('conv-layer-stack select')).toHaveCount(0); // no palette
  await expect(pg.locator('conv-layer-card input[data-param="out_channels"]')).toHaveAttribute(
    'readonly',
    '',
  );
  await expect(pg.getByRole('button', { name: /Delete layer 0/ })).toBeHidden();
  await expect(pg.locator('conv-input-picker select')).toBeDisabled();
  await expect(pg.locator('conv-feature-maps canvas').first()).toBeVisible();
  // A bad part name is said, not ignored.
  await page.setContent(
    `<iframe title="ConvPlay" src="${base}/frame.html#hide=everything"></iframe>`,
  );
  await expect(page.frameLocator('iframe').locator('conv-playground .message')).toContainText(
    "hide takes toolbar, input, layers, code, quiz, shapes, maps, kernels; 'everything' is not one of them",
  );
  expect(problems).toEqual([]);
});

test('author attributes set the start, hide and lock; the share dialog gives the three snippets', async ({
  page,
}) => {
  const problems = watch(page);
  await page.goto(`${base}/two.html`);
  await page.evaluate(() => {
    document.querySelector('main')!.innerHTML =
      '<conv-playground model="nn.Conv2d(1, 2, 5, padding=2)" input="1x1x16x16" sample="digit" seed="7" hide="quiz" lock="kernels"></conv-playground>';
  });
  const pg = page.locator('conv-playground');
  await expect(pg.locator('conv-shape-ribbon')).toContainText('1 × 2 × 16 × 16');
  expect(await page.evaluate(() => document.querySelector('conv-playground')!.state)).toMatchObject(
    { seed: 7, source: 'digit' },
  );
  await expect(pg.locator('conv-quiz')).toHaveCount(0);
  await expect(
    pg.locator('conv-kernel-editor').getByRole('button', { name: 'Sobel x' }),
  ).toBeDisabled();
  await expect(pg.locator('conv-kernel-editor select')).toBeEnabled(); // still browsable
  await pg.getByRole('button', { name: 'Share / embed' }).click();
  const dialog = pg.locator('conv-share-dialog dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Link to this state')).toHaveValue(
    /#model=nn\.Conv2d\(1,%202,%20kernel_size=5,%20padding=2\)&input=1x1x16x16&source=digit&seed=7&hide=quiz&lock=kernels/,
  );
  await expect(dialog.getByLabel('Embed in a page (iframe)')).toHaveValue(
    /<iframe src="http:\/\/127\.0\.0\.1:\d+\/frame\.html#model=/,
  );
  await expect(dialog.getByLabel('Embed as an element')).toHaveValue(
    /<conv-playground model="nn.Sequential\(\n    nn.Conv2d\(1, 2, kernel_size=5, padding=2\),\n\)" input="1x1x16x16" sample="digit" seed="7" hide="quiz" lock="kernels"><\/conv-playground>/,
  );
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  expect(problems).toEqual([]);
});

test('the docs page: every live example works; axe finds nothing serious', async ({ page }) => {
  const problems = watch(page);
  await page.goto(`${base}/embed.html`);
  const pg = page.locator(
    '#elements + p + pre + conv-playground, section[aria-labelledby="elements"] conv-playground',
  );
  await expect(pg.locator('conv-shape-ribbon')).toContainText('1 × 4 × 13 × 13');
  await expect(pg.locator('conv-layer-stack select')).toHaveCount(0); // lock="layers"
  const frame = page.frameLocator('iframe');
  await expect(frame.locator('conv-shape-ribbon')).toContainText('1 × 8 × 30 × 30');
  const quiz = page.locator('section[aria-labelledby="quiz"] conv-quiz');
  await quiz.locator('#answer').fill('20x14x14');
  await quiz.locator('#answer').press('Enter');
  await expect(page.locator('[data-quiz-log]')).toHaveText(
    'Answers: “20x14x14”: wrong (padding-once)',
  );
  await expect(
    page.locator('section[aria-labelledby="explorer"] conv-window-explorer'),
  ).toContainText('⌊(7 + 2·1 − 1·(3 − 1) − 1) / 2⌋ + 1 = ⌊3⌋ + 1 = 4');
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual(
    [],
  );
  await page.screenshot({ path: 'build/e2e-results/screens/docs-page.png', fullPage: true });
  expect(problems).toEqual([]);
});

test('convplay-elements.d.ts declares members the elements have', async ({ page }) => {
  const ts = (await import('typescript')).default;
  const { readFileSync } = await import('node:fs');
  const source = ts.createSourceFile(
    'e.d.ts',
    readFileSync('web/convplay-elements.d.ts', 'utf8'),
    ts.ScriptTarget.ES2022,
  );
  const declared: Record<string, string[]> = {};
  for (const s of source.statements) {
    if (ts.isClassDeclaration(s) && s.name)
      declared[s.name.text] = s.members.map((m) => (m.name as { text: string }).text);
  }
  const tags: Record<string, string> = {
    ConvPlayground: 'conv-playground',
    ConvQuiz: 'conv-quiz',
    ConvWindowExplorer: 'conv-window-explorer',
    ConvFeatureMaps: 'conv-feature-maps',
  };
  expect(Object.keys(declared).sort()).toEqual(Object.keys(tags).sort());
  await page.goto(`${base}/two.html`);
  const missing = await page.evaluate(
    ({ declared, tags }) => {
      const out: string[] = [];
      for (const [cls, members] of Object.entries(declared)) {
        const el = document.createElement(tags[cls]);
        for (const m of members) if (!(m in el)) out.push(`${cls}.${m}`);
      }
      return out;
    },
    { declared, tags },
  );
  expect(missing).toEqual([]);
});
