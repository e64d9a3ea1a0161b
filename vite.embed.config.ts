import { readFileSync } from 'node:fs';
import { defineConfig, mergeConfig, type Plugin } from 'vite';
import base from './vite.config.ts';

/** Ships the hand-written public types (declarations only, checked against the code by tsc) as the bundle's .d.ts. */
function publicTypes(): Plugin {
  return {
    name: 'um-phone-public-types',
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: 'um-phone.d.ts',
        source: readFileSync('src/embed/um-phone-api.ts', 'utf8'),
      });
    },
  };
}

/**
 * The `<um-phone>` bundle, built after the SPA (`npm run build`) into dist/embed: one ES module with
 * React, the store and SIP.js inside and the CSS inlined (adopted into each shadow root).
 */
export default mergeConfig(
  base,
  defineConfig({
    plugins: [publicTypes()],
    build: {
      outDir: 'dist/embed',
      emptyOutDir: true,
      copyPublicDir: false,
      // One file on purpose (React and SIP.js included): one script tag, nothing else to host.
      chunkSizeWarningLimit: 800,
      // An app build with one script entry rather than library mode: library mode leaves ES output
      // unminified (for a consumer's bundler), and this file goes into pages as it is.
      rolldownOptions: {
        input: { 'um-phone': 'src/embed/index.ts' },
        // Keep the entry's exports (enableClickToDial, connectPhoneFrame, UmPhoneElement).
        preserveEntrySignatures: 'strict',
        output: { entryFileNames: '[name].js', codeSplitting: false },
      },
    },
  }),
);
