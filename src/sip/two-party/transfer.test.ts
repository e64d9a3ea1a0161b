/**
 * Moving calls, on the wire between real PhoneClients: send a ringing call to voicemail (302 to
 * the user's own mailbox, never for Play-On-Phone, MS-OCEXUM 3.2), blind transfer with REFER
 * (RFC 3515) to a person or a mailbox, attended transfer with Replaces (RFC 3891), and the
 * transferee's rules for REFERs and Replaces it must refuse.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PhoneError } from '../reasons';
import { FakeProxy, WireMessage } from '../testing/fake-proxy';
import {
  callIn,
  connectCall as connect,
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

const sdp =
  'v=0\r\no=x 1 1 IN IP4 127.0.0.9\r\ns=-\r\nc=IN IP4 127.0.0.9\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\n';

/** A raw INVITE to bob from `from`, with extra header lines. */
function rawInvite(callId: string, from: string, extra: string[]): string {
  return [
    'INVITE sip:bob@umphone.test SIP/2.0',
    `Via: SIP/2.0/TLS 127.0.0.9:5060;branch=z9hG4bK${callId.replace(/\W/g, '')}`,
    'Max-Forwards: 70',
    `From: <${from}>;tag=raw1`,
    'To: <sip:bob@umphone.test>',
    `Call-ID: ${callId}`,
    'CSeq: 1 INVITE',
    'Contact: <sip:raw@127.0.0.9:5060;transport=tcp>',
    ...extra,
    'Content-Type: application/sdp',
    `Content-Length: ${sdp.length}`,
    '',
    sdp,
  ].join('\r\n');
}

describe('send to voicemail', () => {
  it('bob sends alice’s ringing call to voicemail: 302 whose one Contact is his own mailbox', async () => {
    const { proxy, list } = await phones('alice', 'bob');
    const [alice, bob] = list as [TestPhone, TestPhone];
    const id = alice.client.call('bob', { purpose: 'call', subject: 'Budget', priority: 'urgent' });
    const ringing = await callIn(bob, 'ringing');
    bob.client.sendToVoicemail(ringing);
    await until(() => bob.reports.calls.get(ringing)?.state === 'ended', 'bob’s card ends');
    expect(bob.reports.calls.get(ringing)?.ended).toEqual({ kind: 'sent-to-voicemail' });
    const final = proxy.responsesBy('bob', 'INVITE').at(-1)!;
    expect(final.status).toBe(302);
    expect(final.text.match(/^Contact:/gim)).toHaveLength(1);
    expect(final.header('contact')).toBe('<sip:bob@umphone.test;opaque=app:voicemail>');
    await until(() => alice.reports.calls.get(id)?.state === 'ended', 'alice’s attempt ends');
    alice.client.dispose();
    bob.client.dispose();
  });

  it('a Play-On-Phone call is never sent to voicemail: refused in the client, and it keeps ringing', async () => {
    const { proxy, list } = await phones('bob');
    const [bob] = list as [TestPhone];
    proxy.inject(
      'bob',
      rawInvite('pop-stv@um', 'sip:bob@umphone.test', ['Ms-Sensitivity: private-no-diversion']).replace(
        'Contact: <sip:raw@127.0.0.9:5060;transport=tcp>',
        'Contact: <sip:um@127.0.0.2:5071;transport=tls>;automata',
      ),
    );
    const ringing = await callIn(bob, 'ringing');
    expect(bob.reports.calls.get(ringing)?.purpose).toBe('play-on-phone');
    expect(() => bob.client.sendToVoicemail(ringing)).toThrow(PhoneError);
    try {
      bob.client.sendToVoicemail(ringing);
    } catch (e) {
      expect((e as PhoneError).reason).toEqual({ kind: 'no-diversion' });
    }
    await settle();
    expect(proxy.responsesBy('bob', 'INVITE').map((r) => r.status)).toEqual([100, 180]);
    expect(bob.reports.calls.get(ringing)?.state).toBe('ringing');
    bob.client.dispose();
  });
});

describe('blind transfer (REFER)', () => {
  it('alice transfers carol to bob’s voicemail: carol INVITEs the mailbox, referred by alice', async () => {
    const { proxy, list } = await phones('alice', 'carol', 'bob');
    const [alice, carol] = list as [TestPhone, TestPhone, TestPhone];
    const { outgoing } = await connect(alice, carol);
    alice.client.transfer(outgoing, 'bob', { toVoicemail: true });
    await until(() => newCallsBy(proxy, 'carol').length === 1, 'carol calls the mailbox');
    const [refer] = proxy.sentBy('alice', 'REFER');
    expect(refer!.header('refer-to')).toBe('<sip:bob@umphone.test;opaque=app:voicemail>');
    expect(refer!.header('referred-by')).toBe('<sip:alice@umphone.test>');
    expect(proxy.responsesBy('carol', 'REFER').map((r) => r.status)).toEqual([202]);
    const invite = newCallsBy(proxy, 'carol')[0]!;
    expect(invite.requestUri).toBe('sip:bob@umphone.test;opaque=app:voicemail');
    expect(invite.header('referred-by')).toBe('<sip:alice@umphone.test>');
    const referred = [...carol.reports.calls.values()].find((c) => c.direction === 'outgoing')!;
    expect(referred).toMatchObject({ purpose: 'leave-message', peerUri: 'sip:bob@umphone.test' });
    alice.client.dispose();
    carol.client.dispose();
  });

  it('alice transfers carol to bob: bob rings from carol, answers, and alice’s call ends as transferred', async () => {
    const { proxy, list } = await phones('alice', 'carol', 'bob');
    const [alice, carol, bob] = list as [TestPhone, TestPhone, TestPhone];
    const { outgoing } = await connect(alice, carol);
    alice.client.transfer(outgoing, 'bob');
    const ringing = await callIn(bob, 'ringing');
    expect(bob.reports.calls.get(ringing)?.peerUri).toBe('sip:carol@umphone.test');
    // Who transferred the call, from the INVITE's Referred-By (RFC 3892), for bob's card.
    expect(bob.reports.calls.get(ringing)?.transferredBy).toBe('sip:alice@umphone.test');
    const referred = [...carol.reports.calls.values()].find((c) => c.direction === 'outgoing');
    expect(referred?.transferredBy).toBe('sip:alice@umphone.test');
    bob.client.answer(ringing);
    await until(() => alice.reports.calls.get(outgoing)?.state === 'ended', 'alice’s call ends');
    expect(alice.reports.calls.get(outgoing)?.ended).toEqual({ kind: 'transferred' });
    const notifies = proxy.sentBy('carol', 'NOTIFY').map((n) => n.body);
    expect(notifies.at(-1)).toMatch(/^SIP\/2\.0 200/);
    expect(bob.reports.calls.get(ringing)?.state).toBe('connected');
    for (const p of list) p.client.dispose();
  });

  for (const [what, referTo, status] of [
    [
      'her own mailbox (subscriber access is hers to start)',
      '<sip:carol@umphone.test;opaque=app:voicemail>',
      403,
    ],
    ['a URI header other than Replaces', '<sip:bob@umphone.test?Ms-Exchange-Command=skip-pin>', 403],
    ['not a SIP URI', '<tel:+15551234>', 400],
  ] as const) {
    it(`carol refuses a REFER to ${what} (${status}) and calls nobody`, async () => {
      const { proxy, list } = await phones('alice', 'carol');
      const [alice, carol] = list as [TestPhone, TestPhone];
      const { outgoing } = await connect(alice, carol);
      // alice's phone sends the Refer-To as written (what a hostile transferor could send).
      alice.client.transfer(outgoing, 'bob');
      proxy.responders.set('REFER', () => 'relay');
      await until(() => proxy.sentBy('alice', 'REFER').length === 1, 'alice sent a REFER');
      await until(() => proxy.responsesBy('carol', 'REFER').length === 1, 'carol answered it');
      // the first one was fine; now the hostile ones
      const good = proxy.sentBy('alice', 'REFER')[0]!;
      const hostile = good.text
        .replace(/^Refer-To: .*$/m, `Refer-To: ${referTo}`)
        .replace(/CSeq: (\d+) REFER/, (_m, n: string) => `CSeq: ${Number(n) + 10} REFER`)
        .replace(/branch=([^;\r\n]+)/, 'branch=$1x');
      const invitesBefore = newCallsBy(proxy, 'carol').length;
      carolDeliver(proxy, hostile);
      await until(() => proxy.responsesBy('carol', 'REFER').length === 2, 'carol answered the hostile REFER');
      expect(proxy.responsesBy('carol', 'REFER')[1]!.status).toBe(status);
      await settle();
      // Only the first (good) REFER made a call.
      expect(newCallsBy(proxy, 'carol').length).toBeLessThanOrEqual(invitesBefore);
      for (const p of list) p.client.dispose();
    });
  }
});

/**
 * The calls `name` placed (INVITEs without a To tag): not the re-INVITEs in its calls, such as the
 * hold a transferee puts on its other calls before following a REFER.
 */
function newCallsBy(proxy: FakeProxy, name: string): WireMessage[] {
  return proxy.sentBy(name, 'INVITE').filter((m) => !/;\s*tag=/i.test(m.header('to') ?? ''));
}

/** Hands `text` (a request alice wrote) to carol as the proxy would relay it in the dialog. */
function carolDeliver(proxy: FakeProxy, text: string): void {
  const message = new WireMessage('alice', text);
  expect(message.method).toBe('REFER');
  proxy.inject('carol', text);
}

describe('attended transfer (REFER with Replaces)', () => {
  it('alice consults bob, then transfers carol to him: carol’s INVITE replaces alice’s call with bob', async () => {
    const { proxy, list } = await phones('alice', 'carol', 'bob');
    const [alice, carol, bob] = list as [TestPhone, TestPhone, TestPhone];
    const first = await connect(alice, carol);
    const consult = await connect(alice, bob); // carol is held meanwhile (call waiting)
    alice.client.completeTransfer(first.outgoing, consult.outgoing);
    await until(() => newCallsBy(proxy, 'carol').length === 1, 'carol calls bob');
    const refer = proxy.sentBy('alice', 'REFER')[0]!;
    const bobOk = proxy.responsesBy('bob', 'INVITE').find((r) => r.status === 200)!;
    const bobTag = /tag=([^;>\s]+)/.exec(bobOk.header('to') ?? '')?.[1];
    const aliceTag = /tag=([^;>\s]+)/.exec(bobOk.header('from') ?? '')?.[1];
    expect(refer.header('refer-to')).toBe(
      `<sip:bob@umphone.test?Replaces=${encodeURIComponent(`${bobOk.callId};to-tag=${bobTag};from-tag=${aliceTag}`)}>`,
    );
    const invite = newCallsBy(proxy, 'carol')[0]!;
    expect(invite.header('replaces')).toBe(`${bobOk.callId};to-tag=${bobTag};from-tag=${aliceTag}`);
    await until(
      () =>
        [...bob.reports.calls.values()].some(
          (c) => c.peerUri === 'sip:carol@umphone.test' && c.state === 'connected',
        ),
      'bob and carol connected',
    );
    expect(bob.reports.calls.get(consult.incoming)).toMatchObject({
      state: 'ended',
      ended: { kind: 'transferred' },
    });
    // bob was never asked to answer again: the replacing call never rang
    expect(bob.reports.inState('ringing')).toHaveLength(0);
    await until(() => alice.reports.calls.get(first.outgoing)?.state === 'ended', 'alice’s first call ends');
    await until(
      () => alice.reports.calls.get(consult.outgoing)?.state === 'ended',
      'alice’s consult call ends',
    );
    for (const p of list) p.client.dispose();
  });

  it('an INVITE with Replaces not referred by bob’s peer is refused 403, and the call it names goes on', async () => {
    const { proxy, list } = await phones('alice', 'bob');
    const [alice, bob] = list as [TestPhone, TestPhone];
    const { incoming } = await connect(alice, bob);
    const ok = proxy.responsesBy('bob', 'INVITE').find((r) => r.status === 200)!;
    const bobTag = /tag=([^;>\s]+)/.exec(ok.header('to') ?? '')?.[1];
    const aliceTag = /tag=([^;>\s]+)/.exec(ok.header('from') ?? '')?.[1];
    const replaces = `Replaces: ${ok.callId};to-tag=${bobTag};from-tag=${aliceTag}`;
    // mallory knows the dialog, and names herself (or nobody) as the referrer
    proxy.inject(
      'bob',
      rawInvite('hijack-1', 'sip:mallory@umphone.test', [
        replaces,
        'Referred-By: <sip:mallory@umphone.test>',
      ]),
    );
    proxy.inject('bob', rawInvite('hijack-2', 'sip:mallory@umphone.test', [replaces]));
    await until(
      () =>
        proxy.responsesBy('bob', 'INVITE').filter((r) => r.callId.startsWith('hijack') && r.status === 403)
          .length === 2,
      'both refused',
    );
    expect(bob.reports.calls.get(incoming)?.state).toBe('connected');
    expect(alice.reports.calls.size).toBe(1);
    for (const p of list) p.client.dispose();
  });
});
