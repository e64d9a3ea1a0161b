/**
 * Runs the receive path of an incoming call once, on a made-up INVITE, so that the first real one
 * does not pay for it: the first time a page parses an INVITE, V8 compiles the parts of SIP.js's
 * grammar (Via, Record-Route, Contact with feature parameters, SDP lengths …) and of our gate
 * that a REGISTER exchange never touched, and in a burst of calls that compilation landed in one
 * long task (issue 17). Pure computation on a string: nothing is sent, stored or rendered.
 */
import { Core } from 'sip.js';
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
