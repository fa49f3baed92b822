// dist/convplay.html: the playground as one file that works opened from disk
// with no network — page script, worker and both WASM builds inlined (Vite's
// library mode inlines the .wasm files the glue refers to).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

for (const part of ['worker', 'main']) {
  execFileSync('npx', ['vite', 'build', '--config', 'web/vite.single.config.ts', '--logLevel', 'warn'], {
    stdio: 'inherit',
    env: { ...process.env, CONVPLAY_SINGLE_PART: part },
  });
}
const script = readFileSync('build/single/main.js', 'utf8').replace(/<\/script/gi, '<\\/script');
const icon = `data:image/svg+xml;base64,${readFileSync('web/public/favicon.svg').toString('base64')}`;
let page = readFileSync('web/index.html', 'utf8');
page = page.replace(/<link rel="icon"[^>]*>/, `<link rel="icon" href="${icon}" type="image/svg+xml" />`);
page = page.replace(/\s*<a href="\.\/embed\.html">[^<]*<\/a>\./, '');
page = page.replace(
  '<script type="module" src="./src/main.ts"></script>',
  () => `<script type="module">\n${script}\n</script>`,
);
writeFileSync('dist/convplay.html', page);
console.log(`dist/convplay.html: ${(page.length / 1024).toFixed(0)} KiB`);
