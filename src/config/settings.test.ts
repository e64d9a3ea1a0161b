import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, normalizeSettings } from './settings';

describe('normalizeSettings', () => {
  it('keeps no control character in any field that ends up in a SIP header', () => {
    const s = normalizeSettings({
      aor: 'sip:alice@umphone.test\r\nX-Injected: 1',
      authUser: 'alice\nContact: <sip:evil@x>',
      displayName: 'Alice\r\nSubject: pwned\u0085',
      serverUrl: 'ws://127.0.0.1:5066\r\n',
    });
    for (const v of [s.aor, s.authUser, s.displayName, s.serverUrl]) expect(v).not.toMatch(/[\r\n\u0085]/);
    expect(s.displayName).toBe('AliceSubject: pwned');
  });
  it('reads trusted voicemail hosts as a lower-cased list, empty by default', () => {
    expect(normalizeSettings({}).trustedVoicemailHosts).toEqual([]);
    expect(DEFAULT_SETTINGS.trustedVoicemailHosts).toEqual([]);
    expect(
      normalizeSettings({ trustedVoicemailHosts: [' UM.Contoso.com ', 7, '', 'x\r\n'] })
        .trustedVoicemailHosts,
    ).toEqual(['um.contoso.com', 'x']);
  });
  it('reads contacts as a list of addresses, empty by default', () => {
    expect(DEFAULT_SETTINGS.contacts).toEqual([]);
    expect(normalizeSettings({ contacts: 'sip:bob@x' }).contacts).toEqual([]);
    expect(normalizeSettings({ contacts: [' sip:bob@x ', 3, 'carol\r\n'] }).contacts).toEqual([
      'sip:bob@x',
      'carol',
    ]);
  });
});
