import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { E2E_APP_PORT, UNTRUSTED_LAB_HOST } from './e2e/support/e2e-config';
import { CHROMIUM_PATH, chromiumArgs } from './e2e/support/chromium';
import { HOST_ORIGIN, HOST_PAGES_PORTS } from './e2e/host-pages/host-pages-config';

// The fake microphone speaks a known sentence (espeak-ng, made once, nothing downloaded), so a
// recorded voice message and the audio heard back can be told apart from silence.
const FAKE_MIC_WAV = path.resolve('lab/run/fake-mic.wav');
if (!existsSync(FAKE_MIC_WAV)) {
  mkdirSync(path.dirname(FAKE_MIC_WAV), { recursive: true });
  execFileSync('espeak-ng', [
    '-s',
    '150',
    '-w',
    FAKE_MIC_WAV,
    'Hello Bob, this is Alice. The quarterly numbers are up by twelve percent. Please call me back today.',
  ]);
}

// Debian's Chromium with our flags (e2e/support/chromium.ts); here the fake microphone speaks the
// sentence above, and the lab has a name that is not loopback to the app, so a ws: connection to
// it is untrusted.
const chromiumLaunchArgs = chromiumArgs({
  fakeMicWav: FAKE_MIC_WAV,
  extra: [`--host-resolver-rules=MAP ${UNTRUSTED_LAB_HOST} 127.0.0.1`],
});

export default defineConfig({
  testDir: 'e2e/specs',
  globalSetup: './e2e/support/global-setup.ts',
  // One lab, shared: journeys run one after another (the machine has 2 cores).
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${E2E_APP_PORT}`,
    browserName: 'chromium',
    launchOptions: { executablePath: CHROMIUM_PATH, args: chromiumLaunchArgs },
    ignoreHTTPSErrors: true,
    permissions: ['microphone'],
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: [
    {
      // The built SPA (npm test builds it first), served as it would be in production.
      command: `npx vite preview --port ${E2E_APP_PORT} --strictPort`,
      url: `http://127.0.0.1:${E2E_APP_PORT}`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      // The embedding examples (e2e/host-pages) with the built <um-phone> bundle, on two more
      // ports: two origins apart from the app's, for the iframe journeys.
      command: `npx tsx e2e/host-pages/serve.ts ${HOST_PAGES_PORTS.join(' ')}`,
      url: `${HOST_ORIGIN}/index.html`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
  ],
});
