import { describe, expect, it } from 'vitest';
import { en } from '../../i18n';
import { de } from '../../i18n/de';
import type { CallInfo } from '../../store';
import { documentTitle, faviconBadge } from './document-title';
import { callNotification } from './notifications';
import { callShortcut } from './shortcuts';

function call(over: Partial<CallInfo>): CallInfo {
  return {
    id: 'c1',
    direction: 'incoming',
    purpose: 'call',
    state: 'ringing',
    peerUri: 'sip:alice@umphone.test',
    peerName: 'Alice',
    urgent: false,
    muted: false,
    held: false,
    startedAt: 0,
    ...over,
  };
}

describe('document title and favicon', () => {
  it('says who is ringing, then the running call time', () => {
    expect(documentTitle([call({})], en, 0)).toBe('Ringing: Alice — UM Phone');
    expect(documentTitle([call({ state: 'connected', connectedAt: 1_000 })], en, 84_000)).toBe(
      'In call 01:23 — UM Phone',
    );
    expect(documentTitle([call({ state: 'held', connectedAt: 0 })], de, 5_000)).toBe(
      'Gehalten 00:05 — UM Phone',
    );
    expect(documentTitle([], en, 0)).toBe('UM Phone');
  });

  it('puts a ringing call before the one in progress', () => {
    const both = [call({ id: 'a', state: 'connected', connectedAt: 0 }), call({ id: 'b', peerName: 'Bob' })];
    expect(documentTitle(both, en, 1_000)).toBe('Ringing: Bob — UM Phone');
    expect(faviconBadge(both)).toBe('ringing');
    expect(faviconBadge([both[0]!])).toBe('in-call');
    expect(faviconBadge([])).toBe('idle');
  });
});

describe('call notification', () => {
  it('shows caller, Subject and urgency', () => {
    const n = callNotification(call({ subject: 'Server down', urgent: true, priority: 'urgent' }), en);
    expect(n.title).toBe('Urgent: Alice is calling');
    expect(n.body).toContain('Subject: Server down');
    expect(n.tag).toBe('um-phone-call-c1');
  });

  it('labels Play-On-Phone as voice message playback, not by the name the server sent', () => {
    const n = callNotification(call({ purpose: 'play-on-phone', peerName: 'Mallory' }), en);
    expect(n.title).toBe('Voice message playback');
    expect(`${n.title}\n${n.body}`).not.toContain('Mallory');
  });

  it('speaks German', () => {
    expect(callNotification(call({}), de).title).toBe('Alice ruft an');
  });

  it("keeps a caller's bidi overrides and line separators out of the title and the body's lines", () => {
    const n = callNotification(
      call({ peerName: '\u202Eevil\u202C Mallory', subject: 'Invoice \u202Egpj.exe\u2028Subject: paid' }),
      en,
    );
    expect(n.title).toBe('evil Mallory is calling');
    expect(n.body.split('\n')).toContain('Subject: Invoice gpj.exe Subject: paid');
    expect(`${n.title}${n.body}`).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u2028\u2029]/);
  });
});

describe('call shortcuts', () => {
  const key = (
    code: string,
    mods: Partial<Record<'altKey' | 'shiftKey' | 'ctrlKey' | 'metaKey', boolean>>,
  ) => ({
    code,
    altKey: false,
    shiftKey: false,
    ctrlKey: false,
    metaKey: false,
    ...mods,
  });
  it('are Alt+Shift+A, D and H, and nothing else', () => {
    expect(callShortcut(key('KeyA', { altKey: true, shiftKey: true }))).toBe('answer');
    expect(callShortcut(key('KeyD', { altKey: true, shiftKey: true }))).toBe('decline');
    expect(callShortcut(key('KeyH', { altKey: true, shiftKey: true }))).toBe('hang-up');
    expect(callShortcut(key('KeyA', { altKey: true }))).toBeUndefined();
    expect(callShortcut(key('KeyA', { altKey: true, shiftKey: true, ctrlKey: true }))).toBeUndefined();
    expect(callShortcut(key('KeyX', { altKey: true, shiftKey: true }))).toBeUndefined();
  });
});
