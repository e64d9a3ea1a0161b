/**
 * The un-REGISTER on sign-out (RFC 3261 §10.2.2) when a REGISTER is still unanswered (a refresh,
 * or the first one on a new connection): SIP.js refuses an unregister while one is pending
 * (RequestPendingError), so without care the page closes and the binding stays until it expires.
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

describe('sign-out while a REGISTER is unanswered', () => {
  it('still sends the un-REGISTER, in the same task, with a higher CSeq than the unanswered one', async () => {
    const proxy = new FakeProxy();
    const alice = makePhone(proxy, 'alice');
    await signIn(alice);
    const registers = () => proxy.sentBy('alice', 'REGISTER');
    const before = registers().length;

    // The registrar stops answering; the Registerer's own refresh goes out and waits.
    proxy.responders.set('REGISTER', () => 'ignore');
    for (let i = 0; i < 400 && registers().length === before; i++) await vi.advanceTimersByTimeAsync(10_000);
    expect(registers()).toHaveLength(before + 1);
    const refresh = registers()[before]!;

    alice.client.dispose();
    const goodbye = registers()[before + 1];
    expect(goodbye?.header('contact')).toMatch(/expires=0/);
    const cseq = (m: typeof refresh) => Number(m.header('cseq')?.split(/\s+/)[0]);
    expect(cseq(goodbye!)).toBeGreaterThan(cseq(refresh));
    await until(() => alice.reports.registration === 'signed-out', 'signed out');
  });
});
