/**
 * "Never silently dropped" inside a dialog: SIP.js 0.21.2 drops an in-dialog request without a
 * response unless its Session is Established. Script: alice calls the peer, the peer answers and at
 * once (before alice has applied the answer) sends a REFER; later both hang up at the same moment.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Inviter, SessionState, UserAgent, type Session } from 'sip.js';
import { IncomingGate } from './connection/incoming-gate';
import { FakeTransport, sentHeader } from './testing/fake-transport';
import { FakeMedia } from './testing/phones';

const SDP =
  'v=0\r\no=- 1 1 IN IP4 127.0.0.2\r\ns=-\r\nc=IN IP4 127.0.0.2\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\n';

const uas: UserAgent[] = [];
afterEach(() => {
  for (const ua of uas.splice(0)) void ua.stop().catch(() => undefined);
});

/** Alice's UserAgent behind the gate, calling the peer; returns the INVITE she sent. */
async function aliceCalls() {
  FakeTransport.sent.length = 0;
  const ua = new UserAgent({
    uri: UserAgent.makeURI('sip:alice@umphone.test'),
    transportConstructor: FakeTransport,
    logBuiltinEnabled: false,
    sessionDescriptionHandlerFactory: () => new FakeMedia(),
  });
  uas.push(ua);
  new IncomingGate(() => undefined).install(ua);
  await ua.start();
  const inviter = new Inviter(ua, UserAgent.makeURI('sip:peer@umphone.test')!);
  await inviter.invite();
  const invite = FakeTransport.sent.find((m) => m.startsWith('INVITE '))!;
  return { ua, inviter, invite, transport: FakeTransport.last! };
}

/** A request from the peer in the dialog of `invite` (answered with To tag `peer`). */
function fromPeer(invite: string, method: string, cseq: number, extra: string[] = []): string {
  const via = sentHeader(invite, 'via')!;
  return (
    [
      `${method} sip:alice@alice.invalid;transport=ws SIP/2.0`,
      `Via: SIP/2.0/WSS peer.invalid;branch=z9hG4bKpeer${method}${cseq}`,
      'Max-Forwards: 70',
      `From: ${sentHeader(invite, 'to')};tag=peer`,
      `To: ${sentHeader(invite, 'from')}`,
      `Call-ID: ${sentHeader(invite, 'call-id')}`,
      `CSeq: ${cseq} ${method}`,
      'Contact: <sip:peer@peer.invalid;transport=ws>',
      ...extra,
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n') + (via ? '' : '')
  );
}

function okWithAnswer(invite: string): string {
  const headers = ['via', 'from', 'to', 'call-id', 'cseq'].map((name) => {
    const value = sentHeader(invite, name)!;
    const label = { via: 'Via', from: 'From', to: 'To', 'call-id': 'Call-ID', cseq: 'CSeq' }[name];
    return `${label}: ${value}${name === 'to' ? ';tag=peer' : ''}`;
  });
  return [
    'SIP/2.0 200 OK',
    ...headers,
    'Contact: <sip:peer@peer.invalid;transport=ws>',
    'Content-Type: application/sdp',
    `Content-Length: ${SDP.length}`,
    '',
    SDP,
  ].join('\r\n');
}

const responsesTo = (method: string) =>
  FakeTransport.sent
    .filter((m) => m.startsWith('SIP/2.0 ') && new RegExp(`\\r\\nCSeq: \\d+ ${method}\\r\\n`).test(m))
    .map((m) => m.split('\r\n')[0]);

const settled = (session: Session, state: SessionState) =>
  new Promise<void>((resolve) => {
    if (session.state === state) resolve();
    session.stateChange.addListener((s) => s === state && resolve());
  });

describe('in-dialog requests outside Established are answered, never dropped', () => {
  it('a REFER that arrives with the 2xx, before the answer is applied, is handled once Established', async () => {
    const { inviter, invite, transport } = await aliceCalls();
    const refers: string[] = [];
    inviter.delegate = {
      onRefer: (referral) => (refers.push(referral.referTo.uri.toString()), void referral.accept()),
    };
    transport.receive(okWithAnswer(invite));
    expect(inviter.state).toBe(SessionState.Establishing);
    transport.receive(fromPeer(invite, 'REFER', 2, ['Refer-To: <sip:carol@umphone.test>']));
    await settled(inviter, SessionState.Established);
    await new Promise((r) => setTimeout(r, 0));
    expect(refers).toEqual(['sip:carol@umphone.test']);
    expect(responsesTo('REFER')).toEqual(['SIP/2.0 202 Accepted']);
  });

  it('a REFER held for the 2xx is answered 481 with a reason when the call is cancelled meanwhile', async () => {
    const { inviter, invite, transport } = await aliceCalls();
    transport.receive(okWithAnswer(invite));
    transport.receive(fromPeer(invite, 'REFER', 2, ['Refer-To: <sip:carol@umphone.test>']));
    expect(responsesTo('REFER')).toEqual([]);
    void inviter.cancel().catch(() => undefined);
    expect(responsesTo('REFER')).toEqual(['SIP/2.0 481 Call/Transaction Does Not Exist: call is ending']);
    transport.receive(fromPeer(invite, 'NOTIFY', 3, ['Event: refer', 'Subscription-State: active']));
    expect(responsesTo('NOTIFY')).toHaveLength(1);
  });

  it('a BYE crossing ours gets a final response (the dialog is gone: 481)', async () => {
    const { inviter, invite, transport } = await aliceCalls();
    transport.receive(okWithAnswer(invite));
    await settled(inviter, SessionState.Established);
    void inviter.bye();
    transport.receive(fromPeer(invite, 'BYE', 2));
    expect(responsesTo('BYE')).toEqual(['SIP/2.0 481 Call/Transaction Does Not Exist']);
  });
});
