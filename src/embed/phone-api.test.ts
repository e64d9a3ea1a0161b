import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../config/settings';
import { createPhoneStore, type CallInfo } from '../store';
import { fakePhoneClients } from '../store/testing/fake-phone-client';
import { startIframeBridge } from './iframe-bridge';
import { createPhoneCommands } from './phone-commands';
import { watchPhoneEvents, type PhoneEvent } from './phone-events';

/** A store over a fake SIP client: the test plays the client's callbacks and reads what was asked. */
function phone() {
  const sip = fakePhoneClients({ callId: 'out1', voicemailId: 'vm1' });
  const asked = sip.asked;
  const store = createPhoneStore({ createClient: sip.factory });
  store.getState().actions.signIn({ ...DEFAULT_SETTINGS, aor: 'sip:bob@umphone.test' }, 'pw');
  const events: PhoneEvent[] = [];
  watchPhoneEvents(store, (e) => events.push(e));
  return { store, asked, events, sip: () => sip.last.delegate };
}

const ringing = (id: string, extra: Partial<CallInfo> = {}): CallInfo => ({
  id,
  direction: 'incoming',
  purpose: 'call',
  state: 'ringing',
  peerUri: 'sip:alice@umphone.test',
  peerName: 'Alice Example',
  subject: 'Quarterly figures',
  urgent: false,
  facts: {
    fromUri: 'sip:alice@umphone.test',
    toUri: 'sip:bob@umphone.test',
    subject: 'Quarterly figures',
    urgent: false,
    automaton: false,
    noDiversion: false,
    playOnPhone: false,
  },
  muted: false,
  held: false,
  startedAt: 1000,
  ...extra,
});

describe('embed events: what a host page hears', () => {
  it('Bob registers, Alice rings him with a Subject, he answers, she hangs up', () => {
    const { sip, events } = phone();
    sip().onRegistrationChange?.('registered');
    sip().onCallUpdate?.(ringing('in1'));
    sip().onCallUpdate?.(ringing('in1')); // the same call again: no second event
    sip().onCallUpdate?.({ ...ringing('in1'), state: 'connected', connectedAt: 2000 });
    sip().onCallUpdate?.({ ...ringing('in1'), state: 'ended', connectedAt: 2000, endedAt: 14_400 });
    sip().onRegistrationChange?.('reconnecting', { kind: 'connection-closed' });
    expect(events.map((e) => e.type)).toEqual(['registered', 'incoming', 'call-ended', 'unregistered']);
    expect(events[0]!.detail).toEqual({ aor: 'sip:bob@umphone.test' });
    expect(events[1]!.detail).toMatchObject({
      callId: 'in1',
      fromUri: 'sip:alice@umphone.test',
      subject: 'Quarterly figures',
      peerName: 'Alice Example',
      playOnPhone: false,
    });
    expect(events[2]!.detail).toMatchObject({ callId: 'in1', answered: true, durationSeconds: 12 });
    expect(events[3]!.detail).toEqual({
      registration: 'reconnecting',
      reason: 'Connection to the server closed',
    });
  });

  it('a Play-On-Phone call is announced as incoming and as play-on-phone', () => {
    const { sip, events } = phone();
    const facts = { ...ringing('p').facts!, playOnPhone: true, automaton: true };
    sip().onCallUpdate?.(ringing('pop1', { purpose: 'play-on-phone', facts }));
    expect(events.map((e) => e.type)).toEqual(['incoming', 'play-on-phone']);
  });

  it('what the phone refuses becomes an error event', () => {
    const { store, events } = phone();
    createPhoneCommands(store).call('alice', { subject: 'a\nb' });
    // At an end too: refused, not trimmed away and sent as "Hi".
    createPhoneCommands(store).call('alice', { subject: 'Hi\r\n' });
    expect(events).toEqual([
      { type: 'error', detail: { message: 'Subject may not contain line breaks.' } },
      { type: 'error', detail: { message: 'Subject may not contain line breaks.' } },
    ]);
  });
});

describe('embed commands', () => {
  it('call passes Subject and Priority; answer, decline and hangup find the call when not given', () => {
    const { store, sip, asked } = phone();
    const api = createPhoneCommands(store);
    api.call('alice', { subject: ' Hello ', priority: 'urgent' });
    sip().onCallUpdate?.(ringing('in1'));
    sip().onCallUpdate?.(ringing('in2'));
    api.answer();
    api.decline('in2');
    sip().onCallUpdate?.({ ...ringing('in1'), state: 'connected' });
    api.hangup();
    api.setPresence('offline');
    expect(asked.slice(1)).toEqual([
      'call alice call Hello urgent',
      'answer in1',
      'decline in2',
      'hangup in1',
      'presence offline',
    ]);
  });

  it('hangup on a call still ringing in declines it', () => {
    const { store, sip, asked } = phone();
    sip().onCallUpdate?.(ringing('in1'));
    createPhoneCommands(store).hangup();
    expect(asked.at(-1)).toBe('decline in1');
  });

  it('rejects arguments of the wrong kind before they reach the phone', () => {
    const api = createPhoneCommands(phone().store);
    expect(() => api.call(42 as never)).toThrow(TypeError);
    expect(() => api.call('bob', { priority: 'urgent\r\nX: 1' as never })).toThrow(TypeError);
    expect(() => api.setPresence('invisible' as never)).toThrow(TypeError);
    expect(() => api.answer({} as never)).toThrow(TypeError);
  });
});

describe('iframe bridge', () => {
  function framed() {
    const p = phone();
    const posted: { message: unknown; origin: string }[] = [];
    const warnings: string[] = [];
    let listener: ((e: MessageEvent) => void) | undefined;
    const parent = { postMessage: (message: unknown, origin: string) => posted.push({ message, origin }) };
    const self = {
      addEventListener: (_: string, l: (e: MessageEvent) => void) => (listener = l),
      removeEventListener: () => (listener = undefined),
    };
    const stop = startIframeBridge({
      store: p.store,
      allowedOrigins: ['https://portal.example'],
      self: self as never,
      parent: parent as never,
      parentOriginHint: 'https://portal.example',
      warn: (m) => warnings.push(m),
    });
    const send = (data: unknown, origin = 'https://portal.example', source: unknown = parent) =>
      listener?.({ data, origin, source } as MessageEvent);
    return { ...p, posted, warnings, send, stop };
  }
  const flush = () => new Promise((r) => setTimeout(r, 0));

  it('says ready, obeys the allowed parent, replies and posts events only to its origin', async () => {
    const { send, posted, asked, sip } = framed();
    expect(posted[0]).toEqual({
      message: { umPhone: 1, event: 'ready', instance: expect.any(String) },
      origin: 'https://portal.example',
    });
    send({ umPhone: 1, id: 7, method: 'call', args: ['alice', { subject: 'Hi' }] });
    await flush();
    expect(asked.at(-1)).toBe('call alice call Hi -');
    expect(posted.at(-1)?.message).toEqual({ umPhone: 1, id: 7, ok: true });
    sip().onRegistrationChange?.('registered');
    expect(posted.at(-1)?.message).toMatchObject({ event: 'registered' });
    expect(posted.every((p) => p.origin === 'https://portal.example')).toBe(true);
  });

  it('ignores and logs messages from another origin or another window', async () => {
    const { send, posted, asked, warnings } = framed();
    const before = asked.length;
    send({ umPhone: 1, id: 1, method: 'call', args: ['premium'] }, 'https://evil.example');
    send({ umPhone: 1, id: 2, method: 'call', args: ['premium'] }, 'https://portal.example', {});
    await flush();
    expect(asked.length).toBe(before);
    expect(posted).toHaveLength(1); // only 'ready'
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/ignored a message from https:\/\/evil\.example/);
  });

  it('answers a bad request with its error', async () => {
    const { send, posted } = framed();
    send({ umPhone: 1, id: 3, method: 'setPresence', args: ['invisible'] });
    send({ umPhone: 1, id: 4, method: 'signIn', args: [{ server: 'wss://x' }, { password: 'p' }] });
    await flush();
    expect(posted.slice(-2).map((p) => p.message)).toEqual([
      { umPhone: 1, id: 3, ok: false, error: 'Unknown presence state: invisible' },
      { umPhone: 1, id: 4, ok: false, error: 'signIn needs server and aor.' },
    ]);
  });
});
