import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../config/settings';
import { formFromSettings, normalizeAor, parseIceServers, settingsFromForm } from './settings-form';

describe('parseIceServers', () => {
  it('splits on commas and new lines and drops blanks', () => {
    expect(parseIceServers('stun:a.test:3478, turn:b.test\n\n turns:c.test ')).toEqual([
      'stun:a.test:3478',
      'turn:b.test',
      'turns:c.test',
    ]);
    expect(parseIceServers('  \n ')).toEqual([]);
  });
});

describe('normalizeAor', () => {
  it('adds sip: to a bare address and keeps sips:', () => {
    expect(normalizeAor(' alice@umphone.test ')).toBe('sip:alice@umphone.test');
    expect(normalizeAor('sips:alice@umphone.test')).toBe('sips:alice@umphone.test');
  });
});

describe('settingsFromForm', () => {
  it('round-trips the defaults', () => {
    const { settings, errors } = settingsFromForm(formFromSettings(DEFAULT_SETTINGS));
    expect(errors).toEqual({});
    expect(settings).toEqual(DEFAULT_SETTINGS);
  });

  it('reads contacts one per line or comma-separated, without duplicates, and refuses a non-address', () => {
    const form = {
      ...formFromSettings(DEFAULT_SETTINGS),
      contacts: 'sip:bob@umphone.test\ncarol, sip:bob@umphone.test dave@example.com',
    };
    expect(settingsFromForm(form).settings?.contacts).toEqual([
      'sip:bob@umphone.test',
      'carol',
      'dave@example.com',
    ]);
    const bad = settingsFromForm({ ...form, contacts: 'sip:bob@a@b' });
    expect(bad.settings).toBeUndefined();
    expect(bad.errors.contacts).toBe('“sip:bob@a@b” is not a SIP address.');
    expect(formFromSettings({ ...DEFAULT_SETTINGS, contacts: ['a', 'b'] }).contacts).toBe('a\nb');
  });

  it('keeps ICE servers as a list', () => {
    const form = { ...formFromSettings(DEFAULT_SETTINGS), iceServers: 'stun:a.test,turn:b.test' };
    expect(settingsFromForm(form).settings?.iceServers).toEqual(['stun:a.test', 'turn:b.test']);
  });

  it('refuses a server URL that is not a WebSocket', () => {
    const form = { ...formFromSettings(DEFAULT_SETTINGS), serverUrl: 'https://sip.example.com' };
    const { settings, errors } = settingsFromForm(form);
    expect(settings).toBeUndefined();
    expect(errors.serverUrl).toMatch(/wss:\/\//);
    expect(settingsFromForm({ ...form, serverUrl: 'not a url' }).errors.serverUrl).toBeDefined();
  });

  it('takes a voicemail web API over https, or over http only to this computer (it gets the password)', () => {
    const form = { ...formFromSettings(DEFAULT_SETTINGS), aor: 'sip:bob@umphone.test' };
    const apiError = (voicemailApiUrl: string) =>
      settingsFromForm({ ...form, voicemailApiUrl }).errors.voicemailApiUrl;
    expect(apiError('https://um.example/voicemail')).toBeUndefined();
    expect(apiError('http://127.0.0.1:8091')).toBeUndefined();
    expect(apiError('')).toBeUndefined();
    expect(apiError('http://um.example:8091')).toBe(
      'Use an https:// address (http:// only to this computer).',
    );
    expect(apiError('https://um1.example http://um2.example')).toBe(
      'Use an https:// address (http:// only to this computer).',
    );
    expect(apiError('ftp://um.example')).toBe('Enter an http:// or https:// URL, or leave it empty.');
    // fetch() refuses a URL with credentials: said here rather than as "cannot be reached" later.
    expect(apiError('https://bob:pw@um.example/voicemail')).toBe(
      'Leave out the user name and password: it signs in with yours.',
    );
    expect(apiError('https://um.example/voicemail?owner=a@b')).toBeUndefined();
  });

  it('takes several servers (a cluster), each a WebSocket URL, and names the one that is not', () => {
    const form = {
      ...formFromSettings(DEFAULT_SETTINGS),
      serverUrl: ' wss://a.test:7443,wss://b.test:7443\n',
    };
    expect(settingsFromForm(form).settings?.serverUrl).toBe('wss://a.test:7443 wss://b.test:7443');
    const bad = settingsFromForm({ ...form, serverUrl: 'wss://a.test https://b.test' });
    expect(bad.settings).toBeUndefined();
    expect(bad.errors.serverUrl).toBe('“https://b.test” is not a WebSocket URL (wss:// or ws://).');
    const many = Array.from({ length: 9 }, (_, i) => `wss://n${i}.test`).join(' ');
    expect(settingsFromForm({ ...form, serverUrl: many }).errors.serverUrl).toBe('At most 8 servers.');
  });

  it('refuses an empty or malformed SIP address', () => {
    const form = formFromSettings(DEFAULT_SETTINGS);
    expect(settingsFromForm({ ...form, aor: '' }).errors.aor).toBeDefined();
    expect(settingsFromForm({ ...form, aor: 'alice' }).errors.aor).toBeDefined();
    expect(settingsFromForm({ ...form, aor: 'alice@umphone.test' }).settings?.aor).toBe(
      'sip:alice@umphone.test',
    );
  });

  it('refuses ICE entries that are not stun:/turn: URLs', () => {
    const form = { ...formFromSettings(DEFAULT_SETTINGS), iceServers: 'stun:ok.test, http://nope' };
    expect(settingsFromForm(form).errors.iceServers).toContain('http://nope');
  });
});
