/**
 * The order of the goodbyes on sign-out (ConnectionScope.signOut): on a closing page the proxy
 * reads them all at once and loses the connection at its first failed write back, typically the
 * final NOTIFY of an unsubscribe; what it reads after that is no longer on the user's flow, and
 * an un-PUBLISH (no credentials of its own) is then refused. So the un-PUBLISH goes first.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeProxy } from '../testing/fake-proxy';
import { makePhone, signIn, until } from '../testing/phones';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('goodbyes on sign-out', () => {
  it('go out un-PUBLISH first, un-REGISTER next, the unsubscribes (answered with a NOTIFY) last', async () => {
    const proxy = new FakeProxy();
    const alice = makePhone(proxy, 'alice', { contacts: ['bob'] });
    await signIn(alice);
    await until(
      () => proxy.sentBy('alice', 'PUBLISH').length === 1 && proxy.sentBy('alice', 'SUBSCRIBE').length === 2,
      'alice published and subscribed',
    );
    await vi.advanceTimersByTimeAsync(100);

    const before = proxy.received.length;
    alice.client.dispose();
    const sent = proxy.received.slice(before).filter((m) => m.from === 'alice' && !m.isResponse);
    expect(sent.map((m) => `${m.method} ${m.header('event') ?? ''}`.trim())).toEqual([
      'PUBLISH presence',
      'REGISTER',
      'SUBSCRIBE message-summary',
      'SUBSCRIBE presence',
    ]);
    expect(sent[0]!.header('expires')).toBe('0');
    expect(sent[1]!.header('contact')).toMatch(/expires=0/);
  });
});
