/**
 * Ports of the lab the e2e suite starts for itself, apart from the demo's defaults so that
 * a running demo (`npm start`) and the tests never collide.
 */
export const E2E_APP_PORT = 4317;
export const E2E_LAB = {
  name: 'e2e',
  mediaRelay: true,
  wsPort: 15066,
  wssPort: 17443,
  tcpPort: 15060,
  tlsPort: 15061,
  peerTlsPort: 15062,
  umAddr: '127.0.0.2',
  umPort: 15071,
  umHttpPort: 15091,
  domain: 'umphone.test',
} as const;

export const E2E_WS_URL = `ws://127.0.0.1:${E2E_LAB.wsPort}`;
export const E2E_WSS_URL = `wss://127.0.0.1:${E2E_LAB.wssPort}`;

/** Resolved to 127.0.0.1 by Chromium only: the phone sees a non-loopback host, an untrusted `ws:`. */
export const UNTRUSTED_LAB_HOST = 'sip.untrusted.test';
export const E2E_UNTRUSTED_WS_URL = `ws://${UNTRUSTED_LAB_HOST}:${E2E_LAB.wsPort}`;

/** The voicemail server's web API in the e2e lab (the real UM emulator, when a spec starts it). */
export const E2E_UM_HTTP_URL = `http://127.0.0.1:${E2E_LAB.umHttpPort}`;
