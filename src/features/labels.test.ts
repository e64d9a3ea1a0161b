import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../config/settings';
import { PRESENCE_STATES } from '../protocol';
import type { CallInfo, RegistrationState } from '../store';
import {
  PRESENCE_LABELS,
  endedLine,
  historyKind,
  peerDisplay,
  pinNote,
  presenceHint,
  priorityText,
  purposeTag,
  registrationLabel,
  reportText,
  voicemailPinLine,
} from './labels';
import { de } from '../i18n/de';

function call(over: Partial<CallInfo>): CallInfo {
  return {
    id: 'c1',
    direction: 'incoming',
    purpose: 'call',
    state: 'ringing',
    peerUri: 'sip:bob@umphone.test',
    urgent: false,
    muted: false,
    held: false,
    startedAt: 0,
    ...over,
  };
}

describe('registrationLabel', () => {
  it('uses the agreed words for every state', () => {
    const states: Record<RegistrationState, string> = {
      registered: 'Registered',
      connecting: 'Connecting…',
      registering: 'Registering…',
      reconnecting: 'Reconnecting…',
      'signed-out': 'Not registered',
      failed: 'Registration failed',
    };
    for (const [state, label] of Object.entries(states)) {
      expect(registrationLabel(state as RegistrationState)).toBe(label);
    }
  });
});

describe('presence', () => {
  it('has a label for every presence state, in menu order', () => {
    expect(PRESENCE_STATES.map((p) => PRESENCE_LABELS[p])).toEqual([
      'Available',
      'Busy',
      'Do Not Disturb',
      'Be Right Back',
      'Away',
      'Appear Offline',
    ]);
  });

  it('warns what Appear Offline does', () => {
    expect(presenceHint('offline')).toBe('Calls are refused; voicemail playback still rings');
    expect(presenceHint('available')).toBeUndefined();
  });
});

describe('priorityText', () => {
  it('leaves plain "urgent" to the badge, words other values, passes unknown tokens through', () => {
    expect(priorityText({ priority: 'urgent', urgent: true })).toBeUndefined();
    expect(priorityText({ priority: 'emergency', urgent: true })).toBe('Emergency');
    expect(priorityText({ priority: 'non-urgent', urgent: false })).toBe('Non-urgent');
    expect(priorityText({ priority: 'x-custom', urgent: false })).toBe('x-custom');
    expect(priorityText({ urgent: false })).toBeUndefined();
  });

  it('says nothing for a normal call: only a priority other than normal is worth a line', () => {
    expect(priorityText({ priority: 'normal', urgent: false })).toBeUndefined();
    expect(priorityText({ priority: 'Normal', urgent: false })).toBeUndefined();
  });
});

describe('peerDisplay and purposeTag', () => {
  it('shows the display name with the address, or the address alone', () => {
    expect(peerDisplay(call({ peerName: 'Bob' }))).toEqual({ name: 'Bob', address: 'sip:bob@umphone.test' });
    expect(peerDisplay(call({ peerName: '  ' }))).toEqual({ name: 'sip:bob@umphone.test' });
  });

  it('calls a Play-On-Phone caller "Your voicemail" whatever name it sent', () => {
    const pop = call({ purpose: 'play-on-phone', peerName: 'Evil <b>UM</b>' });
    expect(peerDisplay(pop).name).toBe('Your voicemail');
    expect(purposeTag(pop)).toEqual({ tone: 'playback', label: 'Voice message playback' });
  });

  it('names deposits after the mailbox owner', () => {
    expect(purposeTag(call({ purpose: 'leave-message', peerName: 'Carol' }))?.label).toBe(
      'Leaving a message for Carol',
    );
    expect(purposeTag(call({ purpose: 'call' }))).toBeUndefined();
  });
});

describe('voicemail PIN wording', () => {
  it('promises a skipped PIN only on a trusted transport with the setting on', () => {
    const trusted = { ...DEFAULT_SETTINGS, serverUrl: 'wss://sip.example.com', skipPin: true };
    expect(voicemailPinLine(trusted)).toEqual({
      skip: true,
      text: 'PIN will be skipped (trusted connection)',
    });
    const untrusted = voicemailPinLine({ ...trusted, serverUrl: 'ws://sip.example.com' });
    expect(untrusted.text).toBe('You will be asked for your PIN');
    expect(untrusted.why).toMatch(/not a trusted transport/);
    expect(voicemailPinLine({ ...trusted, skipPin: false }).why).toMatch(/turned off/);
  });

  it('tells during a voicemail call whether skip-pin went out', () => {
    expect(pinNote({ purpose: 'voicemail', skipPin: true })).toBe('PIN skipped (trusted connection)');
    expect(pinNote({ purpose: 'voicemail', skipPin: false })).toMatch(/not skipped/);
    expect(pinNote({ purpose: 'call' })).toBeUndefined();
  });
});

describe('endedLine and historyKind', () => {
  it('says how the call ended', () => {
    expect(endedLine({ endReason: 'Unavailable (480)' })).toBe('Call ended: Unavailable (480)');
    expect(endedLine({})).toBe('Call ended');
  });

  it('tells missed incoming calls from answered ones', () => {
    expect(historyKind(call({ state: 'ended' })).kind).toBe('missed');
    expect(historyKind(call({ state: 'ended', connectedAt: 5 })).kind).toBe('incoming');
    expect(historyKind(call({ direction: 'outgoing', purpose: 'voicemail' }))).toEqual({
      kind: 'outgoing',
      label: 'Voicemail',
    });
  });

  it('a call a forwarding destination answered is "Answered elsewhere", not missed (MS-EUMR 3.2.4.2)', () => {
    const report = {
      type: 'answered',
      target: 'sip:carol@x',
      answeredBy: 'sip:carol@x',
      reportedAt: 1,
    } as const;
    expect(historyKind(call({ state: 'ended', report }))).toEqual({
      kind: 'incoming',
      label: 'Answered elsewhere',
    });
    expect(historyKind(call({ state: 'ended', report: { ...report, type: 'forbidden' } })).kind).toBe(
      'missed',
    );
  });
});

describe('reportText (MS-EUMR 3.2.4)', () => {
  const at = { reportedAt: 1 };
  it('says what the voicemail server was told, for each event and reason', () => {
    expect(reportText({})).toBeUndefined();
    expect(reportText({ report: { type: 'missed', missedReason: 'CallerReleased', ...at } })).toBe(
      'Reported by the voicemail server: The caller hung up before anyone answered',
    );
    expect(reportText({ report: { type: 'missed', missedReason: 'Declined', ...at } })).toBe(
      'Reported by the voicemail server: Nobody could take the call',
    );
    expect(
      reportText({ report: { type: 'answered', target: 'sip:carol@x', answeredBy: 'sip:dave@x', ...at } }),
    ).toBe('Reported by the voicemail server: Forwarded to sip:carol@x, answered by sip:dave@x');
    expect(
      reportText({ report: { type: 'answered', target: 'sip:carol@x', answeredBy: 'sip:carol@x', ...at } }),
    ).toBe('Reported by the voicemail server: Forwarded to sip:carol@x and answered there');
    expect(reportText({ report: { type: 'forbidden', target: 'sip:carol@x', ...at } })).toBe(
      'Reported by the voicemail server: Forwarded to sip:carol@x, which refused it (403)',
    );
    expect(reportText({ report: { type: 'missed', missedReason: 'Declined', ...at } }, de)).toBe(
      'Gemeldet vom Voicemail-Server: Niemand konnte den Anruf annehmen',
    );
  });
});
