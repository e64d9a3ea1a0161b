/**
 * Settings changed while signed in (PhoneClient.applySettings): the DTMF mode of a running call
 * and the contacts' presence subscriptions change at once, without a new sign-in.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../config/settings';
import { FakeProxy } from '../testing/fake-proxy';
import { callIn, makePhone, signIn, until } from '../testing/phones';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const aliceSettings = { ...DEFAULT_SETTINGS, aor: 'sip:alice@umphone.test', authUser: 'alice' };

describe('settings while signed in', () => {
  it('alice switches DTMF to SIP INFO during a call: the next key goes as an INFO in the dialog', async () => {
    const proxy = new FakeProxy();
    const alice = makePhone(proxy, 'alice', { dtmfMode: 'rfc4733' });
    const bob = makePhone(proxy, 'bob');
    await signIn(alice);
    await signIn(bob);
    const outgoing = alice.client.call('bob', { purpose: 'call' });
    bob.client.answer(await callIn(bob, 'ringing'));
    await until(() => alice.reports.calls.get(outgoing)?.state === 'connected', 'connected');
    alice.client.sendDtmf(outgoing, '1');
    expect(alice.media[0]!.tones).toEqual(['1']);

    alice.client.applySettings({ ...aliceSettings, dtmfMode: 'info' });
    alice.client.sendDtmf(outgoing, '2');
    await until(() => proxy.sentBy('alice', 'INFO').length === 1, 'alice sent an INFO');
    expect(proxy.sentBy('alice', 'INFO')[0]!.body).toBe('Signal=2\r\nDuration=160');
    expect(alice.media[0]!.tones).toEqual(['1']);
    alice.client.dispose();
    bob.client.dispose();
  });

  it('alice adds bob to her contacts: a presence SUBSCRIBE to bob goes out at once', async () => {
    const proxy = new FakeProxy();
    const alice = makePhone(proxy, 'alice');
    await signIn(alice);
    const presenceSubscribes = () =>
      proxy.sentBy('alice', 'SUBSCRIBE').filter((m) => m.header('event') === 'presence');
    expect(presenceSubscribes()).toEqual([]);
    alice.client.applySettings({ ...aliceSettings, contacts: ['bob'] });
    await until(() => presenceSubscribes().length === 1, 'a presence SUBSCRIBE');
    expect(presenceSubscribes()[0]!.requestUri).toBe('sip:bob@umphone.test');
    alice.client.dispose();
  });
});
