import { defineConfig } from '@playwright/test';

// Debian's Chromium, never a downloaded browser. As root, Chromium needs
// --no-sandbox; the other flags keep it off the (closed) network.
const chromiumArgs = [
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // A fake camera for the webcam input, allowed without a prompt.
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
];
if (process.getuid?.() === 0) chromiumArgs.push('--no-sandbox');

// Another checkout may run its own server: CONVPLAY_E2E_PORT picks another port.
const port = Number(process.env.CONVPLAY_E2E_PORT ?? 5179);

export default defineConfig({
  testDir: '.',
  outputDir: '../../build/e2e-results',
  timeout: 30_000,
  retries: 0,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    screenshot: 'on',
    launchOptions: { executablePath: '/usr/bin/chromium', args: chromiumArgs },
  },
  webServer: {
    command: `npx vite --config web/vite.config.ts --port ${port} --strictPort`,
    cwd: '../..',
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
