/**
 * The element's build (vite.embed.config.ts with scripts/entry-preload-plugin.ts): the entry
 * `um-phone.js` imports nothing statically, so a host page fetches it and then, in one go, the
 * chunks it preloads; Vite's preload helper is in the entry, not a chunk of its own fetched in
 * between. Built for real into a temporary directory.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import { staticImports } from '../../bench/weight';

const out = mkdtempSync(path.join(tmpdir(), 'um-phone-embed-'));
const read = (file: string) => readFileSync(path.join(out, file), 'utf8');

beforeAll(async () => {
  // The production build, as `npm run build` makes it (vitest sets NODE_ENV to test).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: path.resolve('vite.embed.config.ts'),
      mode: 'production',
      logLevel: 'silent',
      build: { outDir: out, sourcemap: false },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}, 60_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the element entry', () => {
  it('imports no chunk statically, and preloads the element and the SIP chunk beside it', () => {
    const entry = read('um-phone.js');
    expect(staticImports(entry)).toEqual([]);
    const chunks = readdirSync(path.join(out, 'chunks'));
    const element = chunks.find((f) => /^element-.*\.js$/.test(f) && read(`chunks/${f}`).length > 100_000);
    const sip = chunks.find((f) => /^client-chunk-.*\.js$/.test(f));
    expect(element && entry.includes(`./chunks/${element}`)).toBe(true);
    expect(sip && entry.includes(`./chunks/${sip}`)).toBe(true);
  });

  it('is the only file with the preload helper: no chunk of its own, none in the element', () => {
    const chunks = readdirSync(path.join(out, 'chunks')).filter((f) => f.endsWith('.js'));
    expect(chunks.filter((f) => /preload/.test(f))).toEqual([]);
    // Vite's helper, by the event it dispatches when a preload fails.
    expect(read('um-phone.js').includes('vite:preloadError')).toBe(true);
    expect(chunks.filter((f) => read(`chunks/${f}`).includes('vite:preloadError'))).toEqual([]);
  });
});
