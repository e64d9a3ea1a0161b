import { describe, expect, it, vi } from 'vitest';
import { Core, UserAgent, type Invitation } from 'sip.js';
import { FakeTransport } from '../testing/fake-transport';
import { IncomingGate, type RefusedMessage } from './incoming-gate';

const SDP =
  'v=0\r\no=um 1 1 IN IP4 127.0.0.2\r\ns=-\r\nc=IN IP4 127.0.0.2\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\n';

function invite(
  headers: string[],
  body = SDP,
  startLine = 'INVITE sip:bob@x.invalid;transport=ws SIP/2.0',
): string {
  const length = new TextEncoder().encode(body).length;
  return `${[startLine, ...headers, `Content-Length: ${length}`].join('\r\n')}\r\n\r\n${body}`;
}

const HEADERS = [
  'Via: SIP/2.0/WSS proxy.invalid;branch=z9hG4bKgate1',
  'Max-Forwards: 70',
  'From: <sip:bob@umphone.test>;tag=f1',
  'To: <sip:bob@umphone.test>',
  'Call-ID: gate-test@um',
  'CSeq: 1 INVITE',
  'Contact: <sip: um.invalid:5066;transport=Tls;ms-opaque=a752506cbee22182>;automata',
  'Content-Type: application/sdp',
];

/** Alice's UserAgent on a fake transport with the gate installed; INVITEs land in `invitations`. */
async function bobBehindTheGate() {
  FakeTransport.sent.length = 0;
  const invitations: Invitation[] = [];
  const ua = new UserAgent({
    uri: UserAgent.makeURI('sip:bob@umphone.test'),
    transportConstructor: FakeTransport,
    logBuiltinEnabled: false,
    sendInitialProvisionalResponse: false,
    delegate: { onInvite: (invitation) => invitations.push(invitation) },
  });
  const refused: RefusedMessage[] = [];
  const gate = new IncomingGate((r) => refused.push(r));
  gate.install(ua);
  await ua.start();
  const transport = FakeTransport.last!;
  const sentStatusLines = () => FakeTransport.sent.map((m) => m.split('\r\n')[0]);
  return { ua, gate, transport, invitations, refused, sentStatusLines };
}

describe('IncomingGate: the transport receive path', () => {
  it('hands SIP.js the canonical text: the MS-OCEXUM 4.2 Contact (space after "sip:") rings', async () => {
    const { ua, transport, invitations, refused } = await bobBehindTheGate();
    transport.receive(invite(HEADERS));
    expect(refused).toEqual([]);
    expect(invitations).toHaveLength(1);
    const request = invitations[0]!.request;
    expect(request.data).toContain(
      'Contact: <sip:um.invalid:5066;transport=Tls;ms-opaque=a752506cbee22182>;automata',
    );
    expect(request.parseHeader('contact')?.hasParam('automata')).toBe(true);
    await ua.stop();
  });

  it('reads each message once: one SIP.js parse, and SIP.js and the decisions share the parsed object', async () => {
    const { ua, transport, invitations } = await bobBehindTheGate();
    const parse = vi.spyOn(Core.Parser, 'parseMessage');
    transport.receive(invite(HEADERS));
    expect(parse).toHaveBeenCalledTimes(1);
    expect(invitations[0]!.request).toBe(parse.mock.results[0]!.value);
    parse.mockRestore();
    await ua.stop();
  });

  it('counts a response SIP.js would drop unseen (Via sent-by not ours) instead of losing it silently', async () => {
    const { ua, transport, refused, sentStatusLines } = await bobBehindTheGate();
    transport.receive(
      'SIP/2.0 200 OK\r\nVia: SIP/2.0/WSS stranger.invalid;branch=z9hG4bK1\r\nFrom: <sip:bob@umphone.test>;tag=1\r\n' +
        'To: <sip:bob@umphone.test>;tag=2\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n',
    );
    expect(sentStatusLines()).toEqual([]);
    expect(refused).toEqual([{ count: 1, reason: 'response Via sent-by is not ours' }]);
    await ua.stop();
  });

  it('answers a bare-LF two-To INVITE with 400 and a reason, and SIP.js never sees it', async () => {
    const { ua, gate, transport, invitations, refused, sentStatusLines } = await bobBehindTheGate();
    const forged = invite([
      ...HEADERS.filter((h) => !h.startsWith('To:')),
      'To: <sip:bob@umphone.test>\nTo: <sip:carol@umphone.test>',
    ]);
    transport.receive(forged);
    expect(invitations).toHaveLength(0);
    expect(sentStatusLines()).toEqual(['SIP/2.0 400 Ambiguous message: bare LF line end']);
    expect(FakeTransport.sent[0]).toContain('\r\nCall-ID: gate-test@um\r\n');
    expect(refused).toEqual([{ count: 1, status: 400, reason: 'Ambiguous message: bare LF line end' }]);
    expect(gate.refusedCount).toBe(1);
    await ua.stop();
  });

  it('answers a CRLF INVITE with two To headers (SIP.js would keep the last) with 400', async () => {
    const { ua, transport, invitations, sentStatusLines } = await bobBehindTheGate();
    transport.receive(invite([...HEADERS, 'To: <sip:carol@umphone.test>']));
    expect(invitations).toHaveLength(0);
    expect(sentStatusLines()).toEqual(['SIP/2.0 400 Ambiguous message: duplicate To']);
    await ua.stop();
  });

  it('answers what SIP.js cannot parse (it would drop it silently) with 400 naming the header', async () => {
    const { ua, transport, invitations, sentStatusLines } = await bobBehindTheGate();
    // MS-OCEXUM 2010 ed. 4.3 prints an unbracketed To with ;opaque=app:voicemail: not a header param.
    transport.receive(
      invite(HEADERS.map((h) => (h.startsWith('To:') ? 'To:sip:bob@umphone.test;opaque=app:voicemail' : h))),
    );
    transport.receive(invite(HEADERS, SDP, 'INVITE sip:bob @x.invalid SIP/2.0'));
    expect(invitations).toHaveLength(0);
    expect(sentStatusLines()).toEqual([
      'SIP/2.0 400 Malformed message: cannot parse To',
      'SIP/2.0 400 Ambiguous message: malformed start line',
    ]);
    await ua.stop();
  });

  it('answers an INVITE whose Request-URI is not a SIP URI with 416 (SIP.js would throw)', async () => {
    const { ua, transport, invitations, sentStatusLines } = await bobBehindTheGate();
    transport.receive(invite(HEADERS, SDP, 'INVITE tel:+15550100 SIP/2.0'));
    expect(invitations).toHaveLength(0);
    expect(sentStatusLines()).toEqual(['SIP/2.0 416 Unsupported URI Scheme']);
    await ua.stop();
  });

  it('answers an INVITE with an untyped body with 415 and Accept (it used to be dropped)', async () => {
    const { ua, transport, invitations, sentStatusLines } = await bobBehindTheGate();
    transport.receive(invite(HEADERS.filter((h) => !h.startsWith('Content-Type'))));
    expect(invitations).toHaveLength(0);
    expect(sentStatusLines()).toEqual(['SIP/2.0 415 Unsupported Media Type: body without Content-Type']);
    expect(FakeTransport.sent[0]).toContain('\r\nAccept: application/sdp\r\n');
    await ua.stop();
  });

  it('drops an ambiguous response and an ambiguous ACK without answering, but counts them', async () => {
    const { ua, transport, refused, sentStatusLines } = await bobBehindTheGate();
    transport.receive('SIP/2.0 200 OK\r\nVia: SIP/2.0/WSS x.invalid;branch=z9hG4bK1\nCall-ID: x\r\n\r\n');
    transport.receive(invite(HEADERS, '', 'ACK sip:bob@x.invalid SIP/2.0').replace('\r\nTo:', '\nTo:'));
    expect(sentStatusLines()).toEqual([]);
    expect(refused.map((r) => [r.count, r.status])).toEqual([
      [1, undefined],
      [2, undefined],
    ]);
    await ua.stop();
  });

  it('taps a response only once SIP.js itself accepts it: not one whose Via sent-by is not ours', async () => {
    const { ua, gate, transport } = await bobBehindTheGate();
    const tapped: string[] = [];
    gate.tapResponses((text) => tapped.push(text.split('\r\n').find((l) => l.startsWith('Via:')) ?? ''));
    const response = (via: string) =>
      `SIP/2.0 180 Ringing\r\nVia: ${via}\r\nFrom: <sip:bob@umphone.test>;tag=f1\r\nTo: <sip:carol@umphone.test>\r\nCall-ID: tap@um\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n`;
    const ours = `SIP/2.0/WSS ${ua.configuration.viaHost};branch=z9hG4bKtap1`;
    transport.receive(response('SIP/2.0/WSS stranger.invalid;branch=z9hG4bKtap2'));
    transport.receive(response(`${ours}, SIP/2.0/WSS proxy.invalid;branch=z9hG4bKtap3`));
    transport.receive(response(ours));
    expect(tapped).toEqual([`Via: ${ours}`]);
    await ua.stop();
  });

  it('logs each refusal with a running count at debug level by default', () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => undefined);
    const gate = new IncomingGate();
    gate.receive(
      'SIP/2.0 200 OK\n\n',
      () => undefined,
      () => Promise.resolve(),
    );
    gate.receive(
      'SIP/2.0 200 OK\n\n',
      () => undefined,
      () => Promise.resolve(),
    );
    expect(debug).toHaveBeenLastCalledWith(
      expect.stringMatching(/#2 refused: dropped \(Ambiguous message: /),
    );
    gate.noteRefused(400, 'Ambiguous message: Play-On-Phone read two ways');
    expect(debug).toHaveBeenLastCalledWith(
      '[UM Phone] incoming SIP message #3 refused: answered 400 (Ambiguous message: Play-On-Phone read two ways)',
    );
    expect(gate.refusedCount).toBe(3);
    debug.mockRestore();
  });
});
