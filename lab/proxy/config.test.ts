import { describe, expect, it } from 'vitest';
import { resolveLabConfig } from './config';

describe('the servers’ TLS port (kamailio.cfg route[TO_SERVER])', () => {
  it('follows the clients’ TLS port unless set', () => {
    expect(resolveLabConfig({ tlsPort: 15061 }).peerTlsPort).toBe(15062);
    expect(resolveLabConfig({ tlsPort: 15061, peerTlsPort: 15099 }).peerTlsPort).toBe(15099);
  });

  it('may be no other lab port', () => {
    expect(() => resolveLabConfig({ tlsPort: 15061, wsPort: 15062 })).toThrow(/lab ports must differ/);
    expect(() => resolveLabConfig({ tlsPort: 15061, peerTlsPort: 15061 })).toThrow(/lab ports must differ/);
  });
});
