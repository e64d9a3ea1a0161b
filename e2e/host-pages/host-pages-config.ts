/** Where the e2e run serves the host pages: two ports, so two origins (see serve.ts). */
export const HOST_PAGES_PORTS = [4318, 4319] as const;
export const HOST_ORIGIN = `http://127.0.0.1:${HOST_PAGES_PORTS[0]}`;
export const OTHER_ORIGIN = `http://127.0.0.1:${HOST_PAGES_PORTS[1]}`;

/**
 * The strict policy of strict-csp.html (as a meta tag there) and of the SPA under /app/ (as a
 * header): scripts and styles from this origin only, no inline script, no eval, no inline <style>.
 * connect-src: the SIP WebSocket and the voicemail web API on loopback.
 */
export const STRICT_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self' ws://127.0.0.1:* wss://127.0.0.1:* http://127.0.0.1:*",
  "media-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
].join('; ');
