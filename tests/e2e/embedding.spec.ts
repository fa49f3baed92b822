// The built files (dist/) as a course page would serve them: under a strict
// Content-Security-Policy, with the elements bundle loaded twice and two
// playgrounds and a quiz on one page.
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';

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
  await expect(pg.locator('conv-window-explorer')).toContainText('Forward pass output');
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
