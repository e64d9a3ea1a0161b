import { readFileSync } from 'node:fs';
import { defineConfig, mergeConfig, type Plugin } from 'vite';
import base from './vite.config.ts';
import { compactCatalogues } from './scripts/compact-catalogue.ts';
import { preloadOnlyFromEntry } from './scripts/entry-preload-plugin.ts';

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
 * What goes into the element's chunk: everything but the entry, Vite's preload helper (the entry's
 * alone: scripts/entry-preload-plugin.ts), SIP.js with the SIP client (src/sip/, but for the
 * reasons and call states the store shares) and the UI loaded on demand. The modules the SIP chunk shares with the element are then
 * in the element's chunk, loaded anyway, instead of small chunks of their own, each one more
 * request and a few hundred bytes of compression lost.
 */
function inElementChunk(id: string): boolean {
  const file = id.replaceAll('\\', '/');
  return !(
    /\/src\/embed\/index\.ts$/.test(file) ||
    /preload-helper/.test(file) ||
    /\/node_modules\/sip\.js\//.test(file) ||
    /\/src\/sip\/(?!reasons\.ts$|call-state\.ts$)/.test(file) ||
    /\/src\/i18n\/de\.ts$|\/devices-panel\.tsx$/.test(file)
  );
}

/**
 * The `<um-phone>` element, built after the SPA (`npm run build`) into dist/embed: the entry
 * `um-phone.js`, about 1 KB a host page loads with one `<script type="module">` tag
 * (src/embed/index.ts), and the chunks it imports from its own URL (`chunks/`): the element
 * (React, the store and the UI, the CSS inlined and adopted into each shadow root) at once, with
 * its shared chunks preloaded beside it, all requested together once the entry has run; SIP.js and
 * the SIP client beside the element when the page has a phone configured to sign in, else in idle
 * time or on sign-in; German; the devices panel. The host serves the whole directory.
 */
export default mergeConfig(
  base,
  defineConfig({
    // German without its keys: English is in the element's chunk, so German reads them from there.
    // (Not in the SPA, where its import of English would split English into a chunk of its own.)
    plugins: [publicTypes(), compactCatalogues(), preloadOnlyFromEntry(/\/src\/embed\/index\.ts$/)],
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
        output: {
          entryFileNames: '[name].js',
          chunkFileNames: 'chunks/[name]-[hash].js',
          codeSplitting: {
            groups: [{ name: 'element', test: inElementChunk }],
          },
        },
      },
    },
  }),
);
