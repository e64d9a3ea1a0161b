import { describe, expect, it } from 'vitest';
import { isAnswerableRequest, statelessResponse } from './stateless-response';

const TWO_TO_BARE_LF = [
  'INVITE sip:bob@127.0.0.1:5555;transport=ws SIP/2.0',
  'Via: SIP/2.0/WSS 127.0.0.1:15066;branch=z9hG4bKproxy',
  'Via: SIP/2.0/TLS 127.0.0.2:15071;rport=40000;received=127.0.0.2;branch=z9hG4bKum',
  'From: <sip:bob@umphone.test>;tag=f1',
  'To: <sip:bob@umphone.test>\nTo: <sip:carol@umphone.test>',
  'Call-ID: forged@um',
  'CSeq: 7 INVITE',
  '',
  '',
].join('\r\n');

describe('statelessResponse (RFC 3261 §8.2.6)', () => {
  it('answers from the request own Via (all, in order), From, To (tagged), Call-ID and CSeq', () => {
    const text = statelessResponse(TWO_TO_BARE_LF, {
      status: 400,
      reason: 'Ambiguous message: bare LF line end',
      toTag: 'gate1',
    });
    expect(text).toBe(
      [
        'SIP/2.0 400 Ambiguous message: bare LF line end',
        'Via: SIP/2.0/WSS 127.0.0.1:15066;branch=z9hG4bKproxy',
        'Via: SIP/2.0/TLS 127.0.0.2:15071;rport=40000;received=127.0.0.2;branch=z9hG4bKum',
        'From: <sip:bob@umphone.test>;tag=f1',
        // Read leniently: the first To, whatever line end split it from the second.
        'To: <sip:bob@umphone.test>;tag=gate1',
        'Call-ID: forged@um',
        'CSeq: 7 INVITE',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n'),
    );
  });
  it('keeps a To tag that is already there, and adds extra headers (415 Accept)', () => {
    const text = statelessResponse(
      TWO_TO_BARE_LF.replace('To: <sip:bob@umphone.test>\n', 'To: <sip:bob@umphone.test>;tag=x\n'),
      {
        status: 415,
        reason: 'Unsupported Media Type',
        toTag: 'gate2',
        extraHeaders: ['Accept: application/sdp'],
      },
    );
    expect(text).toContain('\r\nTo: <sip:bob@umphone.test>;tag=x\r\n');
    expect(text).toContain('\r\nAccept: application/sdp\r\nContent-Length: 0\r\n\r\n');
  });
  it('copies a Via written with a tab (linear whitespace), as a space', () => {
    const text = statelessResponse(
      TWO_TO_BARE_LF.replace('SIP/2.0/WSS 127.0.0.1:15066', 'SIP/2.0/WSS\t127.0.0.1:15066'),
      { status: 400, reason: 'x', toTag: 't' },
    );
    expect(text).toContain('\r\nVia: SIP/2.0/WSS 127.0.0.1:15066;branch=z9hG4bKproxy\r\n');
  });
  it('never answers a response or an ACK (RFC 3261 §17), nor a request it cannot route back', () => {
    const options = { status: 400, reason: 'x', toTag: 't' };
    expect(statelessResponse('SIP/2.0 200 OK\r\nVia: a\r\n\r\n', options)).toBeUndefined();
    expect(
      statelessResponse(
        TWO_TO_BARE_LF.replace('INVITE sip:', 'ACK sip:').replace('7 INVITE', '7 ACK'),
        options,
      ),
    ).toBeUndefined();
    expect(statelessResponse(TWO_TO_BARE_LF.replace(/Via: [^\r]*\r\n/g, ''), options)).toBeUndefined();
    expect(
      statelessResponse(TWO_TO_BARE_LF.replace('Call-ID: forged@um', 'Call-ID: a\u0000b'), options),
    ).toBeUndefined();
    expect(isAnswerableRequest('ACK sip:x SIP/2.0\r\n')).toBe(false);
    expect(isAnswerableRequest('OPTIONS sip:x SIP/2.0\r\n')).toBe(true);
  });
  it('keeps control characters out of the reason phrase', () => {
    const text = statelessResponse(TWO_TO_BARE_LF, { status: 400, reason: 'a\r\nX-Evil: 1', toTag: 't' });
    expect(text?.split('\r\n')[0]).toBe('SIP/2.0 400 aX-Evil: 1');
  });
});
