/**
 * The MS-OCEXUM client rules on the wire: skip-pin only over a trusted transport (2.2.1, 3.1),
 * and Play-On-Phone ringing through Appear Offline and Do Not Disturb (3.2).
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

describe('skip-pin (MS-OCEXUM 2.2.1: only over a trusted transport)', () => {
  const cases: [string, boolean][] = [
    ['ws://127.0.0.1:5066', true], // loopback: nothing off the machine can observe it
    ['wss://sip.example.com:7443', true],
    ['ws://sip.example.com:5066', false],
    ['ws://10.0.0.5:5066', false],
  ];
  for (const [serverUrl, sent] of cases) {
    it(`alice calls her voicemail over ${serverUrl}: skip-pin ${sent ? 'sent' : 'never sent'}`, async () => {
      const proxy = new FakeProxy();
      const alice = makePhone(proxy, 'alice', { serverUrl, skipPin: true });
      await signIn(alice);
      const id = alice.client.callVoicemail();
      await until(() => proxy.sentBy('alice', 'INVITE').length === 1, 'alice sent the INVITE');
      const [invite] = proxy.sentBy('alice', 'INVITE');
      expect(invite!.requestUri).toBe('sip:alice@umphone.test;opaque=app:voicemail');
      expect(invite!.header('ms-exchange-command')).toBe(sent ? 'skip-pin' : undefined);
      expect(alice.reports.calls.get(id)?.skipPin).toBe(sent);
      alice.client.dispose();
    });
  }

  it('the setting off: never sent, even over a trusted transport', async () => {
    const proxy = new FakeProxy();
    const alice = makePhone(proxy, 'alice', { serverUrl: 'wss://sip.example.com', skipPin: false });
    await signIn(alice);
    alice.client.callVoicemail();
    await until(() => proxy.sentBy('alice', 'INVITE').length === 1, 'alice sent the INVITE');
    expect(proxy.sentBy('alice', 'INVITE')[0]!.header('ms-exchange-command')).toBeUndefined();
    alice.client.dispose();
  });
});

/** The voicemail server's Play-On-Phone dial-out to bob (MS-OCEXUM 4.2, shape of the example). */
function playOnPhoneInvite(callId: string): string {
  const sdp =
    'v=0\r\no=um 1 1 IN IP4 127.0.0.2\r\ns=-\r\nc=IN IP4 127.0.0.2\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\n';
  return [
    'INVITE sip:bob@umphone.test SIP/2.0',
    `Via: SIP/2.0/TLS 127.0.0.2:5071;branch=z9hG4bK${callId.replace(/\W/g, '')}`,
    'Max-Forwards: 70',
    'From: <sip:bob@umphone.test>;tag=um1',
    'To: <sip:bob@umphone.test>',
    `Call-ID: ${callId}`,
    'CSeq: 1 INVITE',
    'Contact: <sip:um.umphone.test:5071;transport=tls>;automata',
    'Content-Type: application/sdp',
    `Content-Length: ${sdp.length}`,
    '',
    sdp,
  ].join('\r\n');
}

describe('Play-On-Phone (MS-OCEXUM 3.2) through presence', () => {
  for (const [presence, status] of [
    ['offline', 480],
    ['dnd', 486],
  ] as const) {
    it(`bob is ${presence}: alice's call is refused with ${status} and never rings; the voicemail server's call rings`, async () => {
      const proxy = new FakeProxy();
      const alice = makePhone(proxy, 'alice');
      const bob = makePhone(proxy, 'bob', {}, presence);
      await signIn(alice);
      await signIn(bob);

      const id = alice.client.call('bob', { purpose: 'call' });
      await until(() => alice.reports.calls.get(id)?.state === 'ended', "alice's call ended");
      expect(alice.reports.calls.get(id)?.endStatus).toBe(status);
      expect(proxy.responsesBy('bob', 'INVITE').map((r) => r.status)).toEqual([100, status]);
      expect(bob.reports.calls.size).toBe(0);
      expect(bob.reports.refused).toEqual([{ status, playOnPhone: false }]);

      proxy.inject('bob', playOnPhoneInvite('pop-1@um'));
      const ringing = await callIn(bob, 'ringing');
      expect(bob.reports.calls.get(ringing)).toMatchObject({
        purpose: 'play-on-phone',
        peerName: 'Voicemail',
      });
      expect(
        proxy
          .responsesBy('bob', 'INVITE')
          .filter((r) => r.callId === 'pop-1@um')
          .map((r) => r.status),
      ).toEqual([100, 180]);
      alice.client.dispose();
      bob.client.dispose();
    });
  }
});
