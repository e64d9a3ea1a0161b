/**
 * CORS for the phone's page, which is served from another origin
 * (http://127.0.0.1:5173 in the demo, :4317 in e2e). Only configured origins
 * get CORS headers; the Authorization request header is allowed and
 * WWW-Authenticate exposed, so that the page can run the Digest exchange.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export type OriginRule = string | RegExp;

/** Any http(s) origin on 127.0.0.1 or localhost, any port. */
export const DEFAULT_ALLOWED_ORIGINS: readonly OriginRule[] = [
  /^https?:\/\/(127\.0\.0\.1|localhost)(:\d{1,5})?$/,
];

/** Parses LAB_UM_ALLOWED_ORIGINS: comma-separated origins, `*` for any. */
export function parseAllowedOrigins(text: string | undefined): OriginRule[] | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => (s === '*' ? /^.*$/ : s.replace(/\/+$/, '')));
}

export function originAllowed(origin: string, rules: readonly OriginRule[]): boolean {
  return rules.some((rule) => (typeof rule === 'string' ? rule === origin : rule.test(origin)));
}

/** Adds CORS headers for an allowed Origin; returns whether the origin (if any) is allowed. */
export function applyCors(req: IncomingMessage, res: ServerResponse, rules: readonly OriginRule[]): boolean {
  res.setHeader('Vary', 'Origin');
  const origin = req.headers.origin;
  if (origin === undefined) return true; // not a cross-origin browser request
  if (!originAllowed(origin, rules)) return false;
  res.setHeader('Access-Control-Allow-Origin', origin);
  // Content-Range/Accept-Ranges/ETag: a page reading the audio with Range requests needs them.
  res.setHeader(
    'Access-Control-Expose-Headers',
    'WWW-Authenticate, Authentication-Info, Content-Range, Accept-Ranges, Content-Length, ETag',
  );
  return true;
}

/** Answers a preflight (OPTIONS with Access-Control-Request-Method). */
export function answerPreflight(req: IncomingMessage, res: ServerResponse, allowed: boolean): void {
  if (!allowed) {
    res.writeHead(403, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ error: 'origin-not-allowed', message: 'This origin may not use the API.' }));
    return;
  }
  res.writeHead(204, {
    'Access-Control-Allow-Methods': 'GET, HEAD, POST, PATCH, DELETE, OPTIONS',
    'Access-Control-Allow-Headers': 'Authorization, Content-Type, Range, If-Range',
    'Access-Control-Max-Age': '600',
  });
  res.end();
}
