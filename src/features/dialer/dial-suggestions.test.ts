import { describe, expect, it } from 'vitest';
import { dialSuggestions } from './dial-suggestions';
import type { CallInfo } from '../../store';

const OWN = 'sip:alice@umphone.test';

function call(peerUri: string, extra: Partial<CallInfo> = {}): CallInfo {
  return {
    id: `${peerUri}-${extra.direction ?? 'incoming'}`,
    direction: 'incoming',
    purpose: 'call',
    state: 'ended',
    peerUri,
    urgent: false,
    muted: false,
    held: false,
    startedAt: 1,
    ...extra,
  };
}

describe('dial suggestions', () => {
  const history = [
    call('sip:carol@umphone.test', { direction: 'outgoing' }),
    call('sip:Bob@UMPHONE.test', { peerName: 'Bob Builder' }),
    call('sip:alice@umphone.test;opaque=app:voicemail', { purpose: 'voicemail', direction: 'outgoing' }),
    call('sip:carol@umphone.test', { peerName: 'Carol C.' }),
  ];

  it('lists contacts first with the name they called with, then recent people once each, no voicemail', () => {
    const s = dialSuggestions('', ['bob'], history, OWN);
    expect(s.map((x) => [x.source, x.value, x.name, x.address])).toEqual([
      ['contact', 'bob', 'Bob Builder', 'bob@umphone.test'],
      ['recent', 'sip:carol@umphone.test', 'Carol C.', 'carol@umphone.test'],
    ]);
  });

  it('filters by name or address, case-insensitively', () => {
    expect(dialSuggestions('BUILD', ['bob'], history, OWN).map((x) => x.value)).toEqual(['bob']);
    expect(dialSuggestions('carol@', ['bob'], history, OWN).map((x) => x.value)).toEqual([
      'sip:carol@umphone.test',
    ]);
    expect(dialSuggestions('zed', ['bob'], history, OWN)).toEqual([]);
  });

  it('names a contact who never called after the voice message they left', () => {
    const s = dialSuggestions('', ['dave'], [], OWN, [
      { caller: 'sip:dave@umphone.test', callerName: 'Dave D.' },
    ]);
    expect(s.map((x) => x.name)).toEqual(['Dave D.']);
  });

  it('shows at most the limit', () => {
    const many = Array.from({ length: 20 }, (_, i) => call(`sip:u${i}@umphone.test`));
    expect(dialSuggestions('', [], many, OWN, [], 8)).toHaveLength(8);
  });
});
