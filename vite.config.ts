import { configDefaults, defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { LAB_INTEGRATION_TESTS } from './vitest.lab.config.ts';
import { sipJsGrammar } from './scripts/sipjs-grammar-plugin.ts';
import { dropSipJsLogging, oneMd5 } from './scripts/sipjs-build-plugins.ts';

// Relative base so the built app can be served from any path (intranet embedding).
export default defineConfig({
  base: './',
  plugins: [react(), dropSipJsLogging(), oneMd5(), sipJsGrammar()],
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  build: { outDir: 'dist', sourcemap: true, target: 'es2022' },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'lab/**/*.test.ts'],
    // The lab's integration tests (real servers and sockets) are `npm run test:lab`.
    exclude: [...configDefaults.exclude, ...LAB_INTEGRATION_TESTS],
    environment: 'node',
  },
});
