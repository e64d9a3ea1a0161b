/**
 * The intranet stand-in for the embedding examples: serves this folder's host pages, the built
 * `<um-phone>` bundle (`/embed/`) and the built SPA under a strict CSP header (`/app/`), plus a
 * credentials endpoint playing the portal's single sign-on backend for the lab users.
 *
 *   npx tsx e2e/host-pages/serve.ts [port …]      (default 4318; after `npm run build`)
 *
 * Listening on two ports gives two origins (the iframe example's "other site"). Loopback only.
 */
import { createServer, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { labUsers } from '../../lab/lab';
import { HOST_PAGES_PORTS, STRICT_CSP } from './host-pages-config';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, '../../dist');
const users = labUsers(undefined, process.env.LAB_DOMAIN ?? 'umphone.test');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.map': 'application/json',
  '.ts': 'text/plain; charset=utf-8',
};

/** `base` + `rel`, refusing anything that climbs out of `base`. */
function inside(base: string, rel: string): string | undefined {
  const file = path.resolve(base, '.' + path.posix.normalize('/' + rel));
  return file.startsWith(base + path.sep) || file === base ? file : undefined;
}

async function send(res: ServerResponse, file: string | undefined, headers: Record<string, string> = {}) {
  try {
    if (!file) throw new Error('outside');
    const body = await readFile(file);
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
      ...headers,
    });
    res.end(body);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }
}

const server = (port: number) =>
  createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const p = decodeURIComponent(url.pathname);
    if (p === '/sip-credentials') {
      // What a portal backend would hand the signed-in employee; here: the lab user asked for.
      const user = users.find((u) => u.aor === url.searchParams.get('aor'));
      res.writeHead(user ? 200 : 404, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(user ? { user: user.name, password: user.password } : { error: 'unknown aor' }));
      return;
    }
    if (p.startsWith('/embed/')) return void send(res, inside(path.join(dist, 'embed'), p.slice(7)));
    if (p === '/app') return void res.writeHead(301, { location: '/app/' }).end();
    if (p.startsWith('/app/')) {
      const rel = p.slice(5) || 'index.html';
      return void send(res, inside(dist, rel), { 'content-security-policy': STRICT_CSP });
    }
    return void send(res, inside(here, p === '/' ? 'index.html' : p.slice(1)));
  });

const ports = process.argv.slice(2).map(Number).filter(Boolean);
for (const port of ports.length ? ports : [HOST_PAGES_PORTS[0]])
  server(port).listen(port, '127.0.0.1', () => console.log(`host pages on http://127.0.0.1:${port}/`));
