import { describe, expect, it } from 'vitest';
import { resolveLabConfig } from './config';

describe('the servers’ TLS port (kamailio.cfg route[TO_SERVER])', () => {
  it('follows the clients’ TLS port unless set', () => {
    expect(resolveLabConfig({ tlsPort: 15061 }).peerTlsPort).toBe(15062);
    expect(resolveLabConfig({ tlsPort: 15061, peerTlsPort: 15099 }).peerTlsPort).toBe(15099);
  });

  it('LAB_PEER_TLS_PORT pairs with the environment’s TLS port, never with one given in code', () => {
    const saved = process.env.LAB_PEER_TLS_PORT;
    process.env.LAB_PEER_TLS_PORT = '5999';
    try {
      expect(resolveLabConfig({}).peerTlsPort).toBe(5999);
      expect(resolveLabConfig({ tlsPort: 15061 }).peerTlsPort).toBe(15062);
    } finally {
      if (saved === undefined) delete process.env.LAB_PEER_TLS_PORT;
      else process.env.LAB_PEER_TLS_PORT = saved;
    }
  });

  it('may be no other lab port', () => {
    expect(() => resolveLabConfig({ tlsPort: 15061, wsPort: 15062 })).toThrow(/lab ports must differ/);
    expect(() => resolveLabConfig({ tlsPort: 15061, peerTlsPort: 15061 })).toThrow(/lab ports must differ/);
  });
});
