import { readFileSync } from 'node:fs';
import path from 'node:path';
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
 * The entry is a small facade over the chunk that holds the element (a JS entry gets no
 * modulepreload links, unlike index.html): it imports that chunk's own static imports itself too,
 * so the browser fetches them all at once after reading a few hundred bytes, rather than one level
 * after another (the transitive-import hoisting Rollup does by default). Only static imports:
 * what the element imports with `import()` (SIP.js on sign-in) stays out.
 */
function hoistTransitiveImports(): Plugin {
  return {
    name: 'um-phone-hoist-transitive-imports',
    generateBundle(_options, bundle) {
      for (const entry of Object.values(bundle)) {
        if (entry.type !== 'chunk' || !entry.isEntry) continue;
        const seen = new Set<string>(entry.imports);
        const queue = [...entry.imports];
        while (queue.length) {
          const dep = bundle[queue.shift()!];
          if (dep?.type !== 'chunk') continue;
          for (const next of dep.imports) if (!seen.has(next) && seen.add(next)) queue.push(next);
        }
        const hoisted = [...seen].filter((f) => !entry.imports.includes(f));
        const dir = path.posix.dirname(entry.fileName);
        const relative = (f: string) => `./${path.posix.relative(dir, f)}`;
        // On the first line, so the source map's lines stay where they are.
        entry.code = hoisted.map((f) => `import"${relative(f)}";`).join('') + entry.code;
      }
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
    plugins: [publicTypes(), hoistTransitiveImports()],
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
          // Everything the element needs before sign-in in one chunk (the entry is its facade):
          // one request after the entry instead of several small shared chunks.
          codeSplitting: { groups: [{ name: 'element', tags: ['$initial'] }] },
        },
      },
    },
  }),
);
