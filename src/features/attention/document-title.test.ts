import { describe, expect, it } from 'vitest';
import { en } from '../../i18n';
import { de } from '../../i18n/de';
import type { CallInfo } from '../../store';
import { documentTitle } from './document-title';

function call(over: Partial<CallInfo>): CallInfo {
  return {
    id: 'c1',
    direction: 'incoming',
    purpose: 'call',
    state: 'connected',
    peerUri: 'sip:alice@umphone.test',
    peerName: 'Alice',
    urgent: false,
    muted: false,
    held: false,
    startedAt: 0,
    connectedAt: 0,
    ...over,
  };
}

describe('document title: holds', () => {
  it('the far end holding the active call says who: "On hold (Alice)"', () => {
    expect(documentTitle([call({ remoteHeld: true })], en, 5_000)).toBe('On hold (Alice) — UM Phone');
    expect(documentTitle([call({ remoteHeld: true })], de, 5_000)).toBe('Gehalten (Alice) — UM Phone');
    expect(documentTitle([call({ remoteHeld: false })], en, 5_000)).toBe('In call 00:05 — UM Phone');
  });

  it('the active call wins over one held here, whose hold starts the moment it is asked for', () => {
    const held = call({ id: 'h', held: true, peerName: 'Bob' });
    expect(documentTitle([held, call({ id: 'a', connectedAt: 2_000 })], en, 5_000)).toBe(
      'In call 00:03 — UM Phone',
    );
    expect(documentTitle([held], en, 5_000)).toBe('On hold 00:05 — UM Phone');
  });
});

describe('document title: remote text', () => {
  it("shows a caller's name without bidi overrides or line separators", () => {
    const hostile = '\u202Eevil\u202C Mallory\u2028Calling: IT';
    expect(
      documentTitle([call({ state: 'ringing', connectedAt: undefined, peerName: hostile })], en, 0),
    ).toBe(en.title.ringing('evil Mallory Calling: IT'));
    expect(documentTitle([call({ remoteHeld: true, peerName: hostile })], en, 0)).toBe(
      'On hold (evil Mallory Calling: IT) — UM Phone',
    );
    expect(documentTitle([call({ direction: 'outgoing', state: 'calling', peerName: hostile })], en, 0)).toBe(
      en.title.calling('evil Mallory Calling: IT'),
    );
  });
});
