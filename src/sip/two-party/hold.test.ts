/**
 * One active call, the hold queue and the held party being told, between real PhoneClients over
 * the in-process proxy: "alice talks to bob, calls carol: bob is held and told so".
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeProxy } from '../testing/fake-proxy';
import {
  callIn,
  connectCall as connected,
  settle,
  signedInPhones as phones,
  until,
  type TestPhone,
} from '../testing/phones';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const direction = (sdp: string) => /a=(sendrecv|sendonly|recvonly|inactive)/.exec(sdp)?.[1];

/** The INVITEs `name` sent in the dialog with Call-ID `callId`, in order. */
function invitesIn(proxy: FakeProxy, name: string, callId: string) {
  return proxy.sentBy(name, 'INVITE').filter((m) => m.callId === callId);
}

function dispose(...all: TestPhone[]) {
  for (const p of all) p.client.dispose();
}

describe('one active call', () => {
  it("alice talks to bob and calls carol: bob's call is held first (a=sendonly) and bob is told", async () => {
    const { proxy, list: all } = await phones('alice', 'bob', 'carol');
    const [alice, bob, carol] = all as [TestPhone, TestPhone, TestPhone];
    const { outgoing: withBob, incoming: atBob } = await connected(alice, bob);
    const bobCallId = proxy.sentBy('alice', 'INVITE')[0]!.callId;

    alice.client.call('carol', { purpose: 'call' });
    // The wish is at once: bob's call is held on alice's side before anything is on the wire.
    expect(alice.reports.calls.get(withBob)?.held).toBe(true);
    await until(() => alice.reports.calls.get(withBob)?.state === 'held', "bob's call held");
    expect(direction(invitesIn(proxy, 'alice', bobCallId)[1]!.body)).toBe('sendonly');
    await until(() => bob.reports.calls.get(atBob)?.remoteHeld === true, 'bob told he is on hold');
    await callIn(carol, 'ringing');
    dispose(alice, bob, carol);
  });

  it('a call still ringing out when alice places another is held the moment it is answered', async () => {
    const { proxy, list: all } = await phones('alice', 'bob', 'carol');
    const [alice, bob, carol] = all as [TestPhone, TestPhone, TestPhone];
    const toBob = alice.client.call('bob', { purpose: 'call' });
    const atBob = await callIn(bob, 'ringing');
    const toCarol = alice.client.call('carol', { purpose: 'call' });
    expect(alice.reports.calls.get(toBob)).toMatchObject({ state: 'calling', held: true });
    expect(alice.reports.calls.get(toCarol)).toMatchObject({ state: 'calling', held: false });

    bob.client.answer(atBob);
    await until(() => alice.reports.calls.get(toBob)?.state === 'held', 'the answered call held');
    const bobCallId = proxy.sentBy('alice', 'INVITE')[0]!.callId;
    const [, hold] = invitesIn(proxy, 'alice', bobCallId);
    expect(direction(hold!.body)).toBe('sendonly');
    await until(() => bob.reports.calls.get(atBob)?.remoteHeld === true, 'bob told he is on hold');
    dispose(alice, bob, carol);
  });

  it('answering a waiting call holds the active one; Swap resumes it and holds the other', async () => {
    const { proxy, list: all } = await phones('alice', 'bob', 'carol');
    const [alice, bob, carol] = all as [TestPhone, TestPhone, TestPhone];
    const { outgoing: withBob, incoming: atBob } = await connected(alice, bob);
    const { incoming: fromCarol, outgoing: atCarol } = await connected(carol, alice);
    expect(alice.reports.calls.get(withBob)?.held).toBe(true);
    await until(() => alice.reports.calls.get(withBob)?.state === 'held', 'bob held');

    alice.client.setHeld(withBob, false); // Swap
    await until(
      () =>
        alice.reports.calls.get(withBob)?.state === 'connected' &&
        alice.reports.calls.get(fromCarol)?.state === 'held',
      'bob back, carol held',
    );
    await until(
      () =>
        bob.reports.calls.get(atBob)?.remoteHeld === false &&
        carol.reports.calls.get(atCarol)?.remoteHeld === true,
      'bob told he is back, carol told she is held',
    );
    const bobCallId = proxy.sentBy('alice', 'INVITE')[0]!.callId;
    expect(invitesIn(proxy, 'alice', bobCallId).map((m) => direction(m.body))).toEqual([
      'sendrecv',
      'sendonly',
      'sendrecv',
    ]);
    dispose(alice, bob, carol);
  });

  it('ending the active call resumes none of the held ones', async () => {
    const { proxy, list: all } = await phones('alice', 'bob', 'carol');
    const [alice, bob, carol] = all as [TestPhone, TestPhone, TestPhone];
    const { outgoing: withBob } = await connected(alice, bob);
    const { outgoing: withCarol } = await connected(alice, carol);
    await until(() => alice.reports.calls.get(withBob)?.state === 'held', 'bob held');
    const invitesBefore = proxy.sentBy('alice', 'INVITE').length;

    alice.client.hangup(withCarol);
    await until(() => alice.reports.calls.get(withCarol)?.state === 'ended', 'carol ended');
    await settle();
    // An automatic resume would be a re-INVITE at once: none went out, and bob is still held.
    expect(proxy.sentBy('alice', 'INVITE')).toHaveLength(invitesBefore);
    expect(alice.reports.calls.get(withBob)).toMatchObject({ state: 'held', held: true });
    dispose(alice, bob, carol);
  });
});

describe('hold queue', () => {
  it('Hold, Resume, Hold pressed at once: one re-INVITE at a time, no error, held as last asked', async () => {
    const { proxy, list: all } = await phones('alice', 'bob');
    const [alice, bob] = all as [TestPhone, TestPhone];
    const { outgoing } = await connected(alice, bob);
    alice.client.setHeld(outgoing, true);
    alice.client.setHeld(outgoing, false);
    alice.client.setHeld(outgoing, true);
    await until(() => alice.reports.calls.get(outgoing)?.state === 'held', 'held');
    await settle();
    expect(alice.reports.errors).toEqual([]);
    const callId = proxy.sentBy('alice', 'INVITE')[0]!.callId;
    expect(invitesIn(proxy, 'alice', callId).map((m) => direction(m.body))).toEqual(['sendrecv', 'sendonly']);
    dispose(alice, bob);
  });

  it('Hold then Resume at once: the resume waits for the hold to finish, then goes out', async () => {
    const { proxy, list: all } = await phones('alice', 'bob');
    const [alice, bob] = all as [TestPhone, TestPhone];
    const { outgoing } = await connected(alice, bob);
    alice.client.setHeld(outgoing, true);
    alice.client.setHeld(outgoing, false);
    const callId = proxy.sentBy('alice', 'INVITE')[0]!.callId;
    await until(() => invitesIn(proxy, 'alice', callId).length === 3, 'hold and resume sent');
    await until(() => alice.reports.calls.get(outgoing)?.state === 'connected', 'resumed');
    expect(alice.reports.errors).toEqual([]);
    expect(invitesIn(proxy, 'alice', callId).map((m) => direction(m.body))).toEqual([
      'sendrecv',
      'sendonly',
      'sendrecv',
    ]);
    dispose(alice, bob);
  });

  it('both ends hold at the same moment (glare, 491): each retries after a while, both end up held', async () => {
    const { proxy, list: all } = await phones('alice', 'bob');
    const [alice, bob] = all as [TestPhone, TestPhone];
    const { outgoing, incoming } = await connected(alice, bob);
    alice.client.setHeld(outgoing, true);
    bob.client.setHeld(incoming, true);
    await until(() => proxy.received.some((m) => m.status === 491), 'a 491 Request Pending');
    await vi.advanceTimersByTimeAsync(4000);
    await until(
      () =>
        alice.reports.calls.get(outgoing)?.state === 'held' &&
        bob.reports.calls.get(incoming)?.state === 'held',
      'both held',
    );
    expect([...alice.reports.errors, ...bob.reports.errors]).toEqual([]);
    expect(alice.reports.calls.get(outgoing)?.remoteHeld).toBe(true);
    expect(bob.reports.calls.get(incoming)?.remoteHeld).toBe(true);
    dispose(alice, bob);
  });
});

describe('the held party is told', () => {
  it("bob holds alice: alice's call says remoteHeld; bob resumes: it clears", async () => {
    const { list: all } = await phones('alice', 'bob');
    const [alice, bob] = all as [TestPhone, TestPhone];
    const { outgoing, incoming } = await connected(alice, bob);
    expect(alice.reports.calls.get(outgoing)?.remoteHeld).toBeUndefined();
    bob.client.setHeld(incoming, true);
    await until(() => alice.reports.calls.get(outgoing)?.remoteHeld === true, 'alice told she is held');
    // Being held is not holding: alice's own side is untouched.
    expect(alice.reports.calls.get(outgoing)).toMatchObject({ state: 'connected', held: false });
    bob.client.setHeld(incoming, false);
    await until(() => alice.reports.calls.get(outgoing)?.remoteHeld === false, 'alice told she is back');
    dispose(alice, bob);
  });
});
