import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTrustedTransport, isTrustedWebApi } from './trusted-transport';

/** fast-check runs hundreds of cases: on a loaded machine that takes longer than Vitest's 5 s default. */
const PROPERTY_TEST = { timeout: 60_000 };

describe('isTrustedTransport (MS-OCEXUM 3.1 trusted transport)', PROPERTY_TEST, () => {
  it.each([
    'wss://sip.contoso.com',
    'wss://sip.contoso.com:443/ws',
    'WSS://SIP.CONTOSO.COM/',
    'wss://10.0.0.1:8443',
    'wss://user:pw@sip.contoso.com',
    'wss://[2001:db8::1]/',
  ])('trusts TLS WebSocket %s', (url) => {
    expect(isTrustedTransport(url)).toBe(true);
  });

  it.each([
    'ws://localhost',
    'ws://localhost:8080/ws',
    'WS://LOCALHOST:5066',
    'ws://127.0.0.1:5066',
    'ws://127.255.255.254/',
    'ws://127.1.2.3',
    'ws://127.1',
    'ws://[::1]:8080',
    'ws://[0:0:0:0:0:0:0:1]/',
  ])('trusts plain WebSocket to loopback %s', (url) => {
    expect(isTrustedTransport(url)).toBe(true);
  });

  it.each([
    'ws://sip.contoso.com',
    'ws://10.0.0.1',
    'ws://128.0.0.1',
    'ws://126.0.0.1',
    'ws://0.0.0.0',
    'ws://127.0.0.1.evil.com',
    'ws://localhost.evil.com',
    'ws://localhost.',
    'ws://evil-localhost',
    'ws://sub.localhost',
    'ws://user@evil.com',
    'ws://localhost@evil.com',
    'ws://localhost:pw@evil.com',
    'ws://127.0.0.1@evil.com',
    'ws://evil.com#@localhost',
    'ws://evil.com?localhost',
    'ws://evil.com/127.0.0.1',
    'ws://[::1].x',
    'ws://[::2]',
    'ws://[::ffff:127.0.0.1]',
    'http://localhost',
    'https://sip.contoso.com',
    'wss:',
    'wss://',
    'ws://',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'localhost',
    '//localhost',
    '',
    '   ',
    'not a url',
    'ws:// localhost',
  ])('does not trust %j', (url) => {
    expect(isTrustedTransport(url)).toBe(false);
  });

  it('returns false for non-strings instead of throwing', () => {
    for (const value of [undefined, null, 42, {}, { toString: () => 'wss://x' }, Symbol('x')]) {
      expect(isTrustedTransport(value as unknown as string)).toBe(false);
    }
  });

  it('never throws and only trusts ws/wss schemes', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl(), fc.string({ unit: 'binary' })), (text) => {
        const trusted = isTrustedTransport(text);
        if (trusted) expect(text.trim().toLowerCase()).toMatch(/^wss?:/);
      }),
    );
  });
});

describe('isTrustedWebApi (the voicemail web API signs in with the SIP password)', () => {
  it('trusts https anywhere and http only to loopback, judged on the parsed host', () => {
    for (const url of [
      'https://um.example',
      'https://um.example:8443/voicemail',
      'http://127.0.0.1:8091',
      'http://localhost:8091',
      'http://[::1]:8091',
      'http://127.9.8.7',
    ])
      expect(isTrustedWebApi(url), url).toBe(true);
    for (const url of [
      'http://um.example:8091',
      'http://127.0.0.1.evil.example',
      'http://localhost.evil.example',
      'http://10.0.0.1',
      'ftp://127.0.0.1',
      'wss://um.example',
      'not a url',
      '',
    ])
      expect(isTrustedWebApi(url), url).toBe(false);
    expect(isTrustedWebApi(42 as unknown as string)).toBe(false);
  });
});
