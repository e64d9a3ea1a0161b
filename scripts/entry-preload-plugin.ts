import type { Plugin } from 'vite';

const VITE_PRELOAD_HELPER = '\0vite/preload-helper.js';
const NO_PRELOAD = '\0um-phone/no-preload.js';

/**
 * Vite's preload helper only in the element's entry. Shared by the entry and the element chunk,
 * the helper was a chunk of its own, a request between the entry and the chunks it preloads. Every
 * other `import()` of the element (the SIP chunk, German, the devices panel) is from the element
 * chunk, and each target's dependencies are that chunk and the runtime, loaded by then: those
 * imports get a helper that just imports. The helper is then the entry's alone, in the entry, and a
 * host page requests the element's chunks as soon as the entry runs: one round trip less before
 * the element starts (on loopback ≈ 2 ms in same-run A/Bs, within their noise; over a network, the
 * round trip), one file less and 0.2 KB brotli less (issue 17). Only for the element's build: the
 * SPA's entry is its whole first chunk.
 */
export function preloadOnlyFromEntry(entry: RegExp): Plugin {
  return {
    name: 'um-phone-preload-only-from-entry',
    apply: 'build',
    enforce: 'pre',
    resolveId(id, importer) {
      if (id !== VITE_PRELOAD_HELPER || !importer || entry.test(importer.replaceAll('\\', '/'))) return null;
      return NO_PRELOAD;
    },
    load(id) {
      if (id !== NO_PRELOAD) return null;
      return 'export const __vitePreload = (load) => load();';
    },
  };
}
