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
 * The `<um-phone>` element, built after the SPA (`npm run build`) into dist/embed: one entry
 * module, `um-phone.js` (React, the store and the UI, the CSS inlined and adopted into each shadow
 * root), which a host page loads with one `<script type="module">` tag, and the chunks it imports
 * from its own URL when they are needed (`chunks/`: SIP.js and the SIP client on sign-in or in idle
 * time, German, the devices panel). The host serves the whole directory.
 */
export default mergeConfig(
  base,
  defineConfig({
    plugins: [publicTypes()],
    build: {
      outDir: 'dist/embed',
      emptyOutDir: true,
      copyPublicDir: false,
      // An app build with one script entry rather than library mode: library mode leaves ES output
      // unminified (for a consumer's bundler), and these files go into pages as they are.
      rolldownOptions: {
        input: { 'um-phone': 'src/embed/index.ts' },
        // Keep the entry's exports (enableClickToDial, connectPhoneFrame, UmPhoneElement).
        preserveEntrySignatures: 'strict',
        output: { entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  }),
);
