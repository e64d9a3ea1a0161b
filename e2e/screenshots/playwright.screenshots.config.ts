import base from '../../playwright.config';
import { defineConfig } from '@playwright/test';

/**
 * README screenshots, not tests: `npm run build && bash scripts/e2e.sh -c e2e/screenshots/playwright.screenshots.config.ts`
 * writes docs/screenshots/*.png.
 */
const webServer = Array.isArray(base.webServer) ? base.webServer[0] : base.webServer;

export default defineConfig({
  ...base,
  testDir: '.',
  globalSetup: '../support/global-setup.ts',
  outputDir: '../../test-results/screenshots',
  webServer: webServer && { ...webServer, cwd: '../..' },
});
