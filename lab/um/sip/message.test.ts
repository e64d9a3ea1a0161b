import { describe, expect, it } from 'vitest';
import { SipStreamFramer, type FramerEvent } from './framing';
import {
  buildResponse,
  cseqOf,
  header,
  headers,
  parseSipMessage,
  toTag,
  topViaBranch,
  type SipRequest,
} from './message';
import { parseNameAddr, parseSipUri } from './uri';

/** The subscriber-access INVITE of MS-OCEXUM 4.1, as the proxy relays it. */
const INVITE = [
  'INVITE sip:alice@contoso.com;opaque=app:voicemail SIP/2.0',
  'Via: SIP/2.0/TLS 127.0.0.1:5061;branch=z9hG4bKproxy',
  'Via: SIP/2.0/TLS 10.56.65.37:33876;branch=z9hG4bKclient',
  'Max-Forwards: 69',
  'From: <sip:alice@contoso.com>;tag=01742a55e6;epid=6b5d10e663',
  'To: <sip:alice@contoso.com;opaque=app:voicemail>',
  'Call-ID: f7c2efff9240413cb6e5125fdca4b63a',
  'CSeq: 1 INVITE',
  'Record-Route: <sip:127.0.0.1:5061;transport=tls;r2=on;lr>, <sip:127.0.0.1:5066;transport=ws;r2=on;lr>',
  'Contact: <sip:alice@contoso.com;opaque=user:epid:ihclvAI6-FmKSGlKr_2rtAAA;gruu>',
  'Ms-Exchange-Command: skip-pin',
  'Content-Type: application/sdp',
  'Content-Length: 4',
  '',
  'v=0\n',
].join('\r\n');

function frame(text: string | Buffer, chunkSize?: number): FramerEvent[] {
  const events: FramerEvent[] = [];
  const framer = new SipStreamFramer((e) => events.push(e));
  const data = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  if (!chunkSize) framer.push(data);
  else for (let i = 0; i < data.length; i += chunkSize) framer.push(data.subarray(i, i + chunkSize));
  return events;
}

function only(events: FramerEvent[]): FramerEvent {
  expect(events).toHaveLength(1);
  return events[0] as FramerEvent;
}

describe('SIP parsing', () => {
  it('parses the MS-OCEXUM 4.1 subscriber-access INVITE', () => {
    const event = only(frame(INVITE));
    expect(event.type).toBe('message');
    if (event.type !== 'message' || event.message.kind !== 'request') throw new Error('not a request');
    const r = event.message;
    expect(r.method).toBe('INVITE');
    expect(r.uri).toBe('sip:alice@contoso.com;opaque=app:voicemail');
    expect(header(r, 'ms-exchange-command')).toBe('skip-pin');
    expect(headers(r, 'record-route')).toHaveLength(2);
    expect(headers(r, 'via')).toHaveLength(2);
    expect(topViaBranch(r)).toBe('z9hG4bKproxy');
    expect(cseqOf(r)).toEqual({ seq: 1, method: 'INVITE' });
    expect(r.body.toString()).toBe('v=0\n');
  });

  it('understands compact forms and folded lines', () => {
    const text =
      'BYE sip:um@127.0.0.2 SIP/2.0\r\nv: SIP/2.0/TLS h;branch=z9hG4bK1\r\nf: <sip:a@b>;tag=1\r\nt: <sip:c@d>\r\n ;tag=2\r\ni: abc\r\nCSeq: 2 BYE\r\nl: 0\r\n\r\n';
    const event = only(frame(text));
    if (event.type !== 'message') throw new Error(JSON.stringify(event));
    expect(toTag(event.message)).toBe('2');
    expect(header(event.message, 'Call-ID')).toBe('abc');
  });

  it('frames several messages split at arbitrary points, and keep-alive pings', () => {
    const bye =
      'BYE sip:x@y SIP/2.0\r\nVia: SIP/2.0/TLS h;branch=z9hG4bK2\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=2\r\nCall-ID: q\r\nCSeq: 3 BYE\r\nContent-Length: 0\r\n\r\n';
    for (const size of [1, 7, 64, 1000]) {
      const events = frame(`\r\n\r\n${INVITE}${bye}`, size);
      expect(events.map((e) => e.type)).toEqual(['ping', 'message', 'message']);
    }
  });

  it('answers what it can of malformed messages and never throws', () => {
    const noHeaders = only(
      frame(
        'INVITE sip:bob@umphone.test SIP/2.0\r\nVia: SIP/2.0/TLS h;branch=z9hG4bK3\r\nContent-Length: 0\r\n\r\n',
      ),
    );
    expect(noHeaders.type).toBe('invalid');
    if (noHeaders.type !== 'invalid') return;
    expect(noHeaders.error.reason).toMatch(/missing from, to, call-id, cseq/);
    expect(noHeaders.error.request).toBeDefined(); // has a Via: a 400 can be sent

    const badStart = only(frame('HELLO WORLD\r\n\r\n'));
    expect(badStart).toMatchObject({
      type: 'invalid',
      error: { reason: expect.stringMatching(/bad start line/) },
    });
    if (badStart.type === 'invalid') expect(badStart.error.request).toBeUndefined();

    const noVia = only(frame('OPTIONS sip:x@y SIP/2.0\r\nFrom: <sip:a@b>\r\nContent-Length: 0\r\n\r\n'));
    if (noVia.type === 'invalid') expect(noVia.error.request).toBeUndefined();
    else throw new Error('expected invalid');

    const wrongCseq = only(
      frame(
        'OPTIONS sip:x@y SIP/2.0\r\nVia: SIP/2.0/TLS h;branch=z9hG4bK4\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\nCall-ID: q\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n',
      ),
    );
    expect(wrongCseq).toMatchObject({ type: 'invalid', error: { reason: 'CSeq method does not match' } });

    for (const garbage of [
      '\u0000\u0001\u00ff\r\n\r\n',
      'SIP/2.0 999\r\n\r\n',
      'INVITE  SIP/2.0\r\n\r\n',
      ':\r\n\r\n',
    ]) {
      expect(() => frame(garbage)).not.toThrow();
      expect(frame(garbage).every((e) => e.type === 'invalid')).toBe(true);
    }
  });

  it('reads only SP and HTAB between a header name and its colon; other white space refuses the message', () => {
    const request = (line: string) =>
      only(
        frame(
          `INVITE sip:bob@umphone.test SIP/2.0\r\nVia: SIP/2.0/TLS h;branch=z9hG4bK6\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\nCall-ID: q\r\nCSeq: 1 INVITE\r\n${line}\r\nContent-Length: 0\r\n\r\n`,
        ),
      );
    const spaced = request('Ms-Exchange-Command \t:\t skip-pin \t');
    expect(spaced.type).toBe('message');
    if (spaced.type === 'message') expect(header(spaced.message, 'ms-exchange-command')).toBe('skip-pin');
    // A proxy reads these as other headers (or refuses them); so does this server now, with a 400.
    for (const line of [
      'Ms-Exchange-Command\v: skip-pin',
      'Ms-Exchange-Command\u00a0: skip-pin',
      '\ufeffMs-Exchange-Command: skip-pin',
    ]) {
      expect(request(line)).toMatchObject({
        type: 'invalid',
        error: { reason: 'malformed header line', request: expect.anything() },
      });
    }
  });

  it('gives up on a stream whose Content-Length cannot be trusted (fatal, 400 still possible)', () => {
    const head =
      'INVITE sip:bob@umphone.test SIP/2.0\r\nVia: SIP/2.0/TLS h;branch=z9hG4bK5\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\nCall-ID: q\r\nCSeq: 1 INVITE\r\n';
    for (const cl of [
      'Content-Length: 99999999999',
      'Content-Length: -1',
      'Content-Length: 5000000',
      'Content-Length: 1\r\nContent-Length: 2',
      'l: abc',
    ]) {
      const events = frame(`${head}${cl}\r\n\r\nxxxx${INVITE}`);
      expect(events).toHaveLength(1);
      expect(events[0]?.type).toBe('fatal');
      if (events[0]?.type === 'fatal') expect(events[0].error.request?.method).toBe('INVITE');
    }
    expect(only(frame('X'.repeat(40000))).type).toBe('fatal'); // no end of headers
  });

  it('parses responses', () => {
    const text =
      'SIP/2.0 486 Busy Here\r\nVia: SIP/2.0/TLS h;branch=z9hG4bK6\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=9\r\nCall-ID: q\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n';
    const parsed = parseSipMessage(text.slice(0, text.indexOf('\r\n\r\n')), Buffer.alloc(0));
    expect(parsed).toMatchObject({ kind: 'response', status: 486, reason: 'Busy Here' });
  });
});

describe('buildResponse (RFC 3261 8.2.6)', () => {
  it('copies Via, From, Call-ID, CSeq, Record-Route (2xx to INVITE) and adds the To-tag', () => {
    const event = only(frame(INVITE));
    if (event.type !== 'message') throw new Error('not parsed');
    const text = buildResponse(event.message as SipRequest, 200, 'OK', {
      toTag: 'abc',
      body: 'v=0\r\n',
    }).toString();
    expect(text.startsWith('SIP/2.0 200 OK\r\n')).toBe(true);
    expect(text).toContain(
      'Via: SIP/2.0/TLS 127.0.0.1:5061;branch=z9hG4bKproxy\r\nVia: SIP/2.0/TLS 10.56.65.37',
    );
    expect(text).toContain('To: <sip:alice@contoso.com;opaque=app:voicemail>;tag=abc');
    expect(text).toContain('Record-Route: <sip:127.0.0.1:5061;transport=tls;r2=on;lr>, <sip:127.0.0.1:5066');
    expect(text).toContain('Content-Length: 5\r\n');
    const trying = buildResponse(event.message as SipRequest, 100, 'Trying', { toTag: 'abc' }).toString();
    expect(trying).not.toContain('tag=abc');
    expect(trying).not.toContain('Record-Route');
  });
});

describe('SIP URIs', () => {
  it('parses user, host, port and parameters', () => {
    expect(parseSipUri('sip:bob@UMPHONE.test:5061;opaque=app:voicemail;transport=tls')).toMatchObject({
      user: 'bob',
      host: 'umphone.test',
      port: 5061,
    });
    expect(parseSipUri('sip:bob@umphone.test;opaque=app:voicemail')?.params.get('opaque')).toBe(
      'app:voicemail',
    );
    expect(parseSipUri('tel:+123')).toBeUndefined();
    expect(parseSipUri('sip:bob@bad host')).toBeUndefined();
  });

  it('parses name-addr and addr-spec forms (RFC 3261 20.10)', () => {
    expect(parseNameAddr('"Alice \\"A\\" Example" <sip:alice@umphone.test>;tag=x')).toMatchObject({
      displayName: 'Alice "A" Example',
      uri: { user: 'alice' },
    });
    const bare = parseNameAddr('sip:bob@umphone.test;tag=1');
    expect(bare?.params.get('tag')).toBe('1');
    expect(bare?.uri.params.size).toBe(0);
    expect(parseNameAddr('<sip:unterminated')).toBeUndefined();
  });
});

describe('parseSipMessage: single-valued headers (RFC 3261 7.3.1)', () => {
  it('refuses a request with two From (or To) headers with 400, whatever their form', () => {
    for (const second of [
      'From: <sip:bob@umphone.test>;tag=2',
      'f: <sip:bob@umphone.test>;tag=2',
      'TO: <sip:x@y>',
    ]) {
      const head = [
        'INVITE sip:bob@umphone.test SIP/2.0',
        'Via: SIP/2.0/TLS 127.0.0.1;branch=z9hG4bK1',
        'From: <sip:alice@umphone.test>;tag=1',
        'To: <sip:bob@umphone.test>',
        second,
        'Call-ID: c',
        'CSeq: 1 INVITE',
      ].join('\r\n');
      const parsed = parseSipMessage(head, Buffer.alloc(0));
      expect(parsed.kind, second).toBe('error');
      if (parsed.kind === 'error') expect(parsed.request, 'answerable with 400').toBeDefined();
    }
  });
});
