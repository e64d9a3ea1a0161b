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

describe('one active call when a remote party starts the new one', () => {
  it('carol follows a REFER from her held call with alice: her call with bob is held first, not left live beside it', async () => {
    const { proxy, list: all } = await phones('alice', 'carol', 'bob', 'dave');
    const [alice, carol, bob, dave] = all as [TestPhone, TestPhone, TestPhone, TestPhone];
    const { outgoing: aliceToCarol, incoming: carolWithAlice } = await connected(alice, carol);
    const { incoming: carolWithBob } = await connected(bob, carol); // carol holds alice to answer bob
    await until(() => carol.reports.calls.get(carolWithAlice)?.state === 'held', 'carol holds alice');
    const bobCallId = proxy.sentBy('bob', 'INVITE')[0]!.callId;

    // alice, on hold, transfers carol to dave (blind: REFER in alice's call).
    alice.client.transfer(aliceToCarol, 'dave');
    const atDave = await callIn(dave, 'ringing');
    // carol's call with bob was held before she called dave, and bob is told (a=sendonly).
    expect(carol.reports.calls.get(carolWithBob)?.held).toBe(true);
    await until(() => carol.reports.calls.get(carolWithBob)?.state === 'held', "carol holds bob's call");
    const toBob = proxy.sentBy('carol', 'INVITE').filter((m) => m.callId === bobCallId);
    expect(direction(toBob.at(-1)!.body)).toBe('sendonly');
    dave.client.answer(atDave);
    const referred = () =>
      [...carol.reports.calls.values()].find((c) => c.peerUri === 'sip:dave@umphone.test');
    await until(() => referred()?.state === 'connected', 'carol and dave connected');
    // Exactly one of carol's calls is live: the one with dave.
    const live = [...carol.reports.calls.values()].filter((c) => c.state === 'connected' && !c.held);
    expect(live.map((c) => c.peerUri)).toEqual(['sip:dave@umphone.test']);
    dispose(...all);
  });

  it('an attended transfer that replaces a call carol holds gives her a held call, not a second live one', async () => {
    const { proxy, list: all } = await phones('alice', 'carol', 'bob', 'dave');
    const [alice, carol, bob, dave] = all as [TestPhone, TestPhone, TestPhone, TestPhone];
    const withCarol = await connected(alice, carol);
    await connected(bob, carol); // carol holds alice to answer bob
    await until(() => carol.reports.calls.get(withCarol.incoming)?.state === 'held', 'carol holds alice');
    carol.client.setMuted(withCarol.incoming, true);
    const consult = await connected(alice, dave);
    // alice hands carol over to dave: dave's INVITE replaces alice's (held) call at carol's.
    alice.client.completeTransfer(consult.outgoing, withCarol.outgoing);
    const fromDave = () =>
      [...carol.reports.calls.values()].find((c) => c.peerUri === 'sip:dave@umphone.test');
    await until(() => fromDave()?.state === 'held', "carol's call with dave is up, and held");
    expect(fromDave()).toMatchObject({ held: true, muted: true, transferredBy: 'sip:alice@umphone.test' });
    // Answered held (sendonly) at once: no re-INVITE after the answer, which could race its ACK.
    const daveCallId = proxy.sentBy('dave', 'INVITE').find((m) => m.header('replaces'))!.callId;
    const answer = proxy
      .responsesBy('carol', 'INVITE')
      .find((r) => r.callId === daveCallId && r.status === 200)!;
    expect(direction(answer.body)).toBe('sendonly');
    expect(proxy.sentBy('carol', 'INVITE').filter((m) => m.callId === daveCallId)).toEqual([]);
    // bob's call is still carol's one live call.
    const live = [...carol.reports.calls.values()].filter((c) => c.state === 'connected' && !c.held);
    expect(live.map((c) => c.peerUri)).toEqual(['sip:bob@umphone.test']);
    dispose(...all);
  });
});
