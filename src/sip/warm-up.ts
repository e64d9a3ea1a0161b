/**
 * Runs SIP.js's parser and our gate once on made-up messages, so that the first real ones do not
 * pay for compiling them: SIP.js's grammar is a large generated parser, and the first time a page
 * parses a header kind V8 compiles that part of it. Measured (issue 17): a page's first REGISTER
 * exchange spent most of its time there, and the first INVITE (Via, Record-Route, Contact with
 * feature parameters, SDP lengths …, parts a REGISTER exchange never touched) put a long task in
 * the first burst of calls. Pure computation on strings: nothing is sent, stored or rendered.
 */
import { Core, UserAgent } from 'sip.js';
import { gateMessage, inspectInvite, isTrustedPlayOnPhone } from '../protocol';

const quiet = { error: () => undefined, warn: () => undefined, log: () => undefined, debug: () => undefined };

/** A Play-On-Phone INVITE (MS-OCEXUM 3.2) to `aor` as the proxy relays it, with an SDP offer. */
export function sampleInvite(aor: string): string {
  const host = /@([^;>]+)/.exec(aor)?.[1] ?? 'example.invalid';
  const sdp = [
    'v=0',
    'o=- 1 1 IN IP4 192.0.2.1',
    's=-',
    'c=IN IP4 192.0.2.1',
    't=0 0',
    'm=audio 40000 RTP/SAVPF 0 101',
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=sendrecv',
    '',
  ].join('\r\n');
  return [
    `INVITE sip:warmup@${host};transport=ws SIP/2.0`,
    `Record-Route: <sip:192.0.2.2;transport=ws;r2=on;lr>`,
    `Record-Route: <sip:192.0.2.2;transport=tls;r2=on;lr>`,
    `Via: SIP/2.0/WSS 192.0.2.2;branch=z9hG4bKwarmup1;rport`,
    `Via: SIP/2.0/TLS 192.0.2.1:5061;received=192.0.2.1;branch=z9hG4bKwarmup0;rport=5061`,
    'Max-Forwards: 69',
    `From: <${aor}>;tag=warmup`,
    `To: <${aor}>`,
    'Call-ID: warmup-call-id',
    'CSeq: 1 INVITE',
    `Contact: <sip:um@192.0.2.1:5061;transport=tls>;automata`,
    'Ms-Sensitivity: private-no-diversion',
    'Subject: Voice message',
    'Priority: normal',
    'Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, NOTIFY',
    'Supported: timer',
    'Content-Type: application/sdp',
    `Content-Length: ${new TextEncoder().encode(sdp).length}`,
    '',
    sdp,
  ].join('\r\n');
}

/** The two responses to a REGISTER (RFC 3261 §10.3, §22.2): the Digest challenge and the 200. */
export function sampleRegisterResponses(aor: string): string[] {
  const host = /@([^;>]+)/.exec(aor)?.[1] ?? 'example.invalid';
  const common = (status: string, cseq: number, extra: string[]) =>
    [
      `SIP/2.0 ${status}`,
      `Via: SIP/2.0/WSS warmup.invalid;branch=z9hG4bKwarmup${cseq};rport=51234;received=192.0.2.3`,
      `From: <${aor}>;tag=warmupfrom`,
      `To: <${aor}>;tag=warmupto`,
      'Call-ID: warmup-register',
      `CSeq: ${cseq} REGISTER`,
      ...extra,
      'Server: warm-up',
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
  return [
    common('401 Unauthorized', 1, [
      `WWW-Authenticate: Digest realm="${host}", nonce="d2FybXVwbm9uY2U=", qop="auth", algorithm=MD5`,
    ]),
    common('200 OK', 2, [
      `Contact: <sip:warmup@warmup.invalid;transport=ws>;expires=600;+sip.instance="<urn:uuid:00000000-0000-4000-8000-000000000000>";reg-id=1`,
    ]),
  ];
}

/**
 * Before sign-in, in idle time while the sign-in form is up: the address and the REGISTER
 * exchange, so that Sign in does not compile the grammar first. Then the incoming call too.
 */
export function warmUpSignIn(aor: string): void {
  UserAgent.makeURI(aor);
  for (const text of sampleRegisterResponses(aor)) {
    const verdict = gateMessage(text);
    const message = Core.Parser.parseMessage(
      verdict.verdict === 'refuse' ? text : verdict.text,
      quiet as unknown as Core.Logger,
    );
    if (message instanceof Core.IncomingResponseMessage) {
      message.parseHeader('www-authenticate');
      message.parseHeader('contact');
    }
  }
  warmUpIncomingCall(aor, 1);
}

/** The gate's reading, SIP.js's parse and the MS-OCEXUM reading of `sampleInvite(aor)`, `rounds` times. */
export function warmUpIncomingCall(aor: string, rounds = 2): void {
  const raw = sampleInvite(aor);
  for (let i = 0; i < rounds; i++) {
    const verdict = gateMessage(raw);
    const text = verdict.verdict === 'refuse' ? raw : verdict.text;
    const message = Core.Parser.parseMessage(text, quiet as unknown as Core.Logger);
    if (message instanceof Core.IncomingRequestMessage) {
      message.parseHeader('contact');
      message.parseHeader('content-type');
      void message.from.uri.toString();
    }
    isTrustedPlayOnPhone(inspectInvite(text, aor), text, []);
  }
}
