import { describe, expect, it } from 'vitest';
import { configFromAttributes } from './element-config';

describe('<um-phone> attributes → settings', () => {
  it('is complete with server and aor, and maps every attribute', () => {
    const c = configFromAttributes({
      server: ' wss://sip.example.com:7443 ',
      aor: 'alice@example.com',
      'auth-user': 'a.example',
      'display-name': 'Alice Example',
      'voicemail-api': 'https://um.example.com',
      'ice-servers': 'stun:stun.example.com, turn:turn.example.com',
      'trusted-voicemail-hosts': 'um1.example.com um2.example.com',
    });
    expect(c.complete).toBe(true);
    expect(c.errors).toEqual([]);
    expect(c.settings).toMatchObject({
      serverUrl: 'wss://sip.example.com:7443',
      aor: 'sip:alice@example.com',
      authUser: 'a.example',
      displayName: 'Alice Example',
      voicemailApiUrl: 'https://um.example.com',
      iceServers: ['stun:stun.example.com', 'turn:turn.example.com'],
      trustedVoicemailHosts: ['um1.example.com', 'um2.example.com'],
    });
  });

  it('takes several servers in `server` (a cluster), each held to the form’s rule', () => {
    const c = configFromAttributes({ server: 'wss://a.test:7443, wss://b.test:7443', aor: 'sip:a@x' });
    expect(c).toMatchObject({ complete: true, errors: [] });
    expect(c.settings.serverUrl).toBe('wss://a.test:7443 wss://b.test:7443');
    const bad = configFromAttributes({ server: 'wss://a.test javascript:alert(1)', aor: 'sip:a@x' });
    expect(bad.complete).toBe(false);
    expect(bad.errors).toEqual(['server: “javascript:alert(1)” is not a WebSocket URL (wss:// or ws://).']);
  });

  it('is incomplete (sign-in screen) without server or aor, with no error', () => {
    expect(configFromAttributes({ aor: 'sip:a@x' })).toMatchObject({ complete: false, errors: [] });
    expect(configFromAttributes({ server: 'wss://x' })).toMatchObject({ complete: false, errors: [] });
  });

  it('holds attributes to the sign-in form rules and names the attribute', () => {
    const c = configFromAttributes({ server: 'https://not-a-websocket', aor: 'sip:a@x' });
    expect(c.complete).toBe(false);
    expect(c.errors.join()).toMatch(/^server: /);
  });

  it('refuses a line break or other control character that would inject a header', () => {
    for (const bad of ['Alice\r\nX-Evil: 1', 'Alice\nVia: x', 'A\u0085B'])
      expect(configFromAttributes({ server: 'wss://x', aor: 'sip:a@x', 'display-name': bad })).toMatchObject({
        complete: false,
      });
    expect(
      configFromAttributes({ server: 'wss://x', aor: 'sip:a@x', 'auth-user': 'a\r\nb' }).errors.join(),
    ).toMatch(/auth-user/);
  });
});
