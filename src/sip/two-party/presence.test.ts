/**
 * Presence publication (RFC 3903) and the goodbyes on sign-out, as seen on the wire.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeProxy } from '../testing/fake-proxy';
import { callIn, makePhone, signIn, until } from '../testing/phones';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('presence publication (RFC 3903)', () => {
  it('alice publishes on registering, refreshes before it expires, modifies on a change, and a new connection takes it over', async () => {
    const proxy = new FakeProxy();
    const alice = makePhone(proxy, 'alice');
    await signIn(alice);
    await until(() => proxy.sentBy('alice', 'PUBLISH').length === 1, 'alice published');
    const [initial] = proxy.sentBy('alice', 'PUBLISH');
    expect(initial!.header('expires')).toBe('600');
    expect(initial!.header('sip-if-match')).toBeUndefined();
    expect(initial!.body).toMatch(/<basic>open<\/basic>/);

    // §4.1: refreshed (SIP-If-Match, no body) before the 600 s run out.
    await vi.advanceTimersByTimeAsync(599_000);
    const refresh = proxy.sentBy('alice', 'PUBLISH')[1];
    expect(refresh?.header('sip-if-match')).toBe('etag1');
    expect(refresh?.body).toBe('');

    alice.client.setPresence('offline');
    await until(() => proxy.sentBy('alice', 'PUBLISH').length === 3, 'alice published the change');
    const change = proxy.sentBy('alice', 'PUBLISH')[2]!;
    expect(change.header('sip-if-match')).toBe('etag1');
    expect(change.body).toMatch(/<basic>closed<\/basic>/);

    // The connection is lost: the next one modifies the same publication, no second tuple.
    proxy.dropAll();
    await vi.advanceTimersByTimeAsync(1000);
    await until(() => proxy.sentBy('alice', 'PUBLISH').length === 4, 'alice published again');
    const takeover = proxy.sentBy('alice', 'PUBLISH')[3]!;
    expect(takeover.header('sip-if-match')).toBe('etag1');
    expect(takeover.body).toMatch(/<basic>closed<\/basic>/);
    alice.client.dispose();
  });
});

describe('sign-out', () => {
  it('alice signs out during a call: BYE, unsubscribe, unpublish and unregister all go out at once', async () => {
    const proxy = new FakeProxy();
    const alice = makePhone(proxy, 'alice', { contacts: ['bob'] });
    const bob = makePhone(proxy, 'bob');
    await signIn(alice);
    await signIn(bob);
    await until(
      () => proxy.sentBy('alice', 'PUBLISH').length === 1 && proxy.sentBy('alice', 'SUBSCRIBE').length === 2,
      'alice published and subscribed',
    );
    const id = alice.client.call('bob', { purpose: 'call' });
    bob.client.answer(await callIn(bob, 'ringing'));
    await until(() => alice.reports.calls.get(id)?.state === 'connected', 'connected');

    const before = proxy.received.length;
    alice.client.dispose();
    expect(alice.reports.registration).toBe('signed-out');
    // The page may be going away (pagehide): everything is sent in this task, before any await.
    const after = proxy.received.slice(before).filter((m) => m.from === 'alice' && !m.isResponse);
    const sent = (method: string) => after.filter((m) => m.method === method);
    expect(sent('BYE')).toHaveLength(1);
    expect(sent('PUBLISH').map((m) => m.header('expires'))).toEqual(['0']);
    expect(sent('PUBLISH')[0]!.header('sip-if-match')).toBe('etag1');
    expect(
      sent('SUBSCRIBE')
        .map((m) => [m.header('event'), m.header('expires')])
        .sort(),
    ).toEqual([
      ['message-summary', '0'],
      ['presence', '0'],
    ]);
    expect(sent('REGISTER')).toHaveLength(1);
    expect(sent('REGISTER')[0]!.header('contact')).toMatch(/expires=0/);
    await until(
      () => bob.reports.calls.get([...bob.reports.calls.keys()][0]!)?.state === 'ended',
      'bob hung up',
    );
    bob.client.dispose();
  });
});
