/**
 * Calls between real PhoneClients over an in-process proxy, with SDP text instead of WebRTC:
 * "alice calls bob, bob answers, alice holds" and what that puts on the wire.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeProxy } from '../testing/fake-proxy';
import { callIn, connectCall, makePhone, signIn, until } from '../testing/phones';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const direction = (sdp: string) => /a=(sendrecv|sendonly|recvonly|inactive)/.exec(sdp)?.[1];

describe('calls', () => {
  it('alice calls bob with a Subject, bob rings and answers: both connected, SDP offered and answered', async () => {
    const proxy = new FakeProxy();
    const alice = makePhone(proxy, 'alice');
    const bob = makePhone(proxy, 'bob');
    await signIn(alice);
    await signIn(bob);
    const id = alice.client.call('bob', { purpose: 'call', subject: 'Budget', priority: 'urgent' });
    const ringing = await callIn(bob, 'ringing');
    expect(bob.reports.calls.get(ringing)).toMatchObject({ subject: 'Budget', urgent: true });
    expect(proxy.responsesBy('bob', 'INVITE').map((r) => r.status)).toEqual([100, 180]);
    bob.client.answer(ringing);
    await until(() => alice.reports.calls.get(id)?.state === 'connected', 'alice connected');
    const [invite] = proxy.sentBy('alice', 'INVITE');
    expect(invite!.header('subject')).toBe('Budget');
    expect(direction(invite!.body)).toBe('sendrecv');
    alice.client.dispose();
    bob.client.dispose();
  });

  it('bob takes four calls at once; the fifth gets 486 Busy Here and never rings', async () => {
    const proxy = new FakeProxy();
    const alice = makePhone(proxy, 'alice');
    const bob = makePhone(proxy, 'bob');
    await signIn(alice);
    await signIn(bob);
    const ids = [1, 2, 3, 4, 5].map(() => alice.client.call('bob', { purpose: 'call' }));
    await until(() => alice.reports.calls.get(ids[4]!)?.state === 'ended', 'the fifth call ended');
    expect(alice.reports.calls.get(ids[4]!)?.endStatus).toBe(486);
    expect(bob.reports.inState('ringing')).toHaveLength(4);
    expect(ids.slice(0, 4).map((id) => alice.reports.calls.get(id)?.state)).toEqual([
      'calling',
      'calling',
      'calling',
      'calling',
    ]);
    alice.client.dispose();
    bob.client.dispose();
  });

  it('alice holds bob (re-INVITE a=sendonly, bob answers recvonly) and resumes (a=sendrecv)', async () => {
    const proxy = new FakeProxy();
    const alice = makePhone(proxy, 'alice');
    const bob = makePhone(proxy, 'bob');
    await signIn(alice);
    await signIn(bob);
    const { outgoing } = await connectCall(alice, bob);

    alice.client.setHeld(outgoing, true);
    await until(() => alice.reports.calls.get(outgoing)?.state === 'held', 'alice held');
    const hold = proxy.sentBy('alice', 'INVITE')[1]!;
    expect(hold.header('to')).toMatch(/tag=/); // in the dialog: a re-INVITE (RFC 3264 §8.4)
    expect(direction(hold.body)).toBe('sendonly');
    expect(direction(proxy.responsesBy('bob', 'INVITE').at(-1)!.body)).toBe('recvonly');

    alice.client.setHeld(outgoing, false);
    await until(() => alice.reports.calls.get(outgoing)?.state === 'connected', 'alice resumed');
    expect(direction(proxy.sentBy('alice', 'INVITE')[2]!.body)).toBe('sendrecv');
    alice.client.dispose();
    bob.client.dispose();
  });

  it('call waiting: carol calls alice while she talks to bob; answering carol puts bob on hold', async () => {
    const proxy = new FakeProxy();
    const alice = makePhone(proxy, 'alice');
    const bob = makePhone(proxy, 'bob');
    const carol = makePhone(proxy, 'carol');
    for (const p of [alice, bob, carol]) await signIn(p);
    const { outgoing: withBob } = await connectCall(alice, bob);

    const fromCarol = carol.client.call('alice', { purpose: 'call' });
    const waiting = await callIn(alice, 'ringing');
    expect(alice.reports.calls.get(withBob)?.state).toBe('connected');
    alice.client.answer(waiting);
    await until(
      () =>
        alice.reports.calls.get(withBob)?.state === 'held' &&
        carol.reports.calls.get(fromCarol)?.state === 'connected',
      'bob held and carol connected',
    );
    const toBob = proxy
      .sentBy('alice', 'INVITE')
      .filter((m) => m.callId === proxy.sentBy('alice', 'INVITE')[0]!.callId);
    expect(direction(toBob.at(-1)!.body)).toBe('sendonly');
    for (const p of [alice, bob, carol]) p.client.dispose();
  });

  it('DTMF as RFC 4733 goes to the media handler, and nothing is sent as SIP INFO', async () => {
    const proxy = new FakeProxy();
    const alice = makePhone(proxy, 'alice', { dtmfMode: 'rfc4733' });
    const bob = makePhone(proxy, 'bob');
    await signIn(alice);
    await signIn(bob);
    const { outgoing } = await connectCall(alice, bob);
    alice.client.sendDtmf(outgoing, '5');
    alice.client.sendDtmf(outgoing, '#');
    expect(alice.media[0]!.tones).toEqual(['5', '#']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(proxy.sentBy('alice', 'INFO')).toEqual([]);
    alice.client.dispose();
    bob.client.dispose();
  });

  it('DTMF as SIP INFO: an application/dtmf-relay INFO in the dialog, which bob accepts', async () => {
    const proxy = new FakeProxy();
    const alice = makePhone(proxy, 'alice', { dtmfMode: 'info' });
    const bob = makePhone(proxy, 'bob');
    await signIn(alice);
    await signIn(bob);
    const { outgoing } = await connectCall(alice, bob);
    alice.client.sendDtmf(outgoing, '7');
    await until(() => proxy.responsesBy('bob', 'INFO').length === 1, 'bob answered the INFO');
    const [info] = proxy.sentBy('alice', 'INFO');
    expect(info!.header('content-type')).toBe('application/dtmf-relay');
    expect(info!.body).toBe('Signal=7\r\nDuration=160');
    expect(proxy.responsesBy('bob', 'INFO')[0]!.status).toBe(200);
    expect(alice.media[0]!.tones).toEqual([]);
    alice.client.dispose();
    bob.client.dispose();
  });
});
