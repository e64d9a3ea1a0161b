/**
 * The pages under test: the SPA, the <um-phone> bundle and the reference pages (bare SIP.js, and
 * bare React with SIP.js), built
 * into a private directory (never dist/, which others build into) and served from one small static
 * server, with a host page for the embed element.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { build } from 'vite';
import { APP, HOST, PORTS, ROOT as ROOT_DIR } from './config';

export async function buildAll(out: string): Promise<void> {
  const quiet = { logLevel: 'warn' as const };
  // BENCH_APP_ROOT: build the app from another checkout (to compare a proposed change, A/B).
  const ROOT = path.resolve(process.env.BENCH_APP_ROOT ?? ROOT_DIR);
  await build({
    ...quiet,
    root: ROOT,
    configFile: path.join(ROOT, 'vite.config.ts'),
    build: { outDir: out, emptyOutDir: true },
  });
  await build({
    ...quiet,
    root: ROOT,
    configFile: path.join(ROOT, 'vite.embed.config.ts'),
    build: { outDir: path.join(out, 'embed'), emptyOutDir: true },
  });
  // BENCH_AB_ROOT: a second checkout's SPA and element beside these, under /b/, loaded in the same
  // runs as the first (figure 2 interleaves them), so both see the same machine load.
  const AB = process.env.BENCH_AB_ROOT ? path.resolve(process.env.BENCH_AB_ROOT) : undefined;
  if (AB) {
    await build({
      ...quiet,
      root: AB,
      configFile: path.join(AB, 'vite.config.ts'),
      build: { outDir: path.join(out, 'b'), emptyOutDir: true },
    });
    await build({
      ...quiet,
      root: AB,
      configFile: path.join(AB, 'vite.embed.config.ts'),
      build: { outDir: path.join(out, 'b', 'embed'), emptyOutDir: true },
    });
  }
  // The bare SIP.js page, and the same with React 19 rendering its status (react/): each built on
  // its own, so each is one script as a plain page would be, sharing no chunk with the other.
  for (const page of ['', 'react']) {
    await build({
      ...quiet,
      root: path.join(ROOT_DIR, 'bench', 'reference', page),
      configFile: false,
      base: './',
      build: { outDir: path.join(out, 'reference', page), emptyOutDir: page === '', target: 'es2022' },
    });
  }
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/** Serves `dir` on the bench's app port, and each of `extra` (path → HTML) as a page of its own. */
export function serve(dir: string, extra: Record<string, string>): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', APP);
    if (extra[url.pathname] !== undefined) {
      res.writeHead(200, { 'content-type': TYPES['.html']!, 'cache-control': 'no-store' });
      res.end(extra[url.pathname]);
      return;
    }
    let file = path.join(dir, decodeURIComponent(url.pathname));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    // As a production server would: Vite's content-hashed files (assets/, the element's chunks/)
    // for a year, the rest (pages, the element's entry) revalidated on every view. Only a context
    // that loads a page again (figure 12) sees the difference: figure 2's start empty each time.
    const { size, mtimeMs } = statSync(file);
    const etag = `"${size}-${Math.trunc(mtimeMs)}"`;
    const hashed = /\/(assets|chunks)\//.test(url.pathname);
    const headers = {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      etag,
    };
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers).end();
      return;
    }
    res.writeHead(200, headers);
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(PORTS.app, HOST, () => resolve(server)));
}

/** A page with the <um-phone> element that signs in by itself (attributes + the password property). */
export function embedHostPage(wsUrl: string, aor: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>embed bench</title>
<script type="module" src="./embed/um-phone.js"></script></head>
<body><um-phone server="${wsUrl}" aor="${aor}"></um-phone>
<script type="module">
const el = document.querySelector('um-phone');
el.addEventListener('registered', () => { window.__embedRegisteredEvent ??= performance.now(); });
await customElements.whenDefined('um-phone');
const check = () => {
  const s = el.shadowRoot && el.shadowRoot.querySelector('[data-testid="registration-status"]');
  if (s && s.textContent === 'Registered' && window.__embedRegisteredAt === undefined) {
    window.__embedRegisteredAt = performance.now();
    mo.disconnect();
  }
};
const mo = new MutationObserver(check);
mo.observe(el.shadowRoot, { subtree: true, childList: true, characterData: true });
el.password = new URLSearchParams(location.search).get('password');
check();
</script></body></html>`;
}
