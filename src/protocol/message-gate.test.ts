import { describe, expect, it } from 'vitest';
import { gateMessage, normaliseAddressWhitespace, type MessageGateVerdict } from './message-gate';
import { inspectInvite } from './inspect-invite';
import { OCEXUM_2010_2_2_5_AUTOMATA_CONTACT } from './fixtures';
import { SEED_FILES, seedMessage } from '../../e2e/fixtures/seeds/seed-message';

const SDP =
  'v=0\r\no=um 1 1 IN IP4 127.0.0.2\r\ns=-\r\nc=IN IP4 127.0.0.2\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\n';
const BOB = 'sip:bob@umphone.test';

/** A wire INVITE from header lines (CRLF, correct Content-Length). */
function invite(headers: string[], body = SDP, startLine = `INVITE ${BOB} SIP/2.0`): string {
  const length = new TextEncoder().encode(body).length;
  return `${[startLine, ...headers, `Content-Length: ${length}`].join('\r\n')}\r\n\r\n${body}`;
}

const PLAY_ON_PHONE = [
  'Via: SIP/2.0/WSS proxy.invalid;branch=z9hG4bK1',
  'Max-Forwards: 70',
  `From: <${BOB}>;tag=1`,
  `To: <${BOB}>`,
  'Call-ID: c1@um',
  'CSeq: 1 INVITE',
  'Contact: <sip:um@127.0.0.2:15071;transport=tls>;automata',
  'Content-Type: application/sdp',
];

function passed(verdict: MessageGateVerdict): string {
  if (verdict.verdict !== 'pass') throw new Error(`refused: ${verdict.reason}`);
  return verdict.text;
}

function reason(verdict: MessageGateVerdict): string | undefined {
  return verdict.verdict === 'refuse' ? verdict.reason : undefined;
}

describe('gateMessage: an ordinary message passes unchanged', () => {
  it('returns the same text for a CRLF INVITE with single headers', () => {
    const text = invite(PLAY_ON_PHONE);
    expect(gateMessage(text)).toEqual({ verdict: 'pass', text, request: true, method: 'INVITE' });
  });
  it('passes responses, and says they are not requests', () => {
    const text = 'SIP/2.0 200 OK\r\nVia: SIP/2.0/WSS x.invalid;branch=z9hG4bK2\r\nContent-Length: 0\r\n\r\n';
    expect(gateMessage(text)).toEqual({ verdict: 'pass', text, request: false });
  });
  it('drops CRLFs before the start line (RFC 3261 §7.5)', () => {
    const text = invite(PLAY_ON_PHONE);
    expect(passed(gateMessage(`\r\n\r\n${text}`))).toBe(text);
  });
  it('leaves the body alone, bare LF and all (only the header section is read)', () => {
    const text = invite(PLAY_ON_PHONE, 'v=0\nodd body\n');
    expect(passed(gateMessage(text))).toBe(text);
  });
  it('keeps a message without Content-Length (optional over WebSocket, RFC 7118 §5)', () => {
    const text = `INVITE ${BOB} SIP/2.0\r\n${PLAY_ON_PHONE.join('\r\n')}\r\n\r\n${SDP}`;
    expect(passed(gateMessage(text))).toBe(text);
  });
});

describe('gateMessage: a message that can be read two ways is refused', () => {
  const cases: [string, string, string][] = [
    ['bare LF line end', invite(PLAY_ON_PHONE).replace('\r\nTo:', '\nTo:'), 'bare LF line end'],
    ['bare LF everywhere', invite(PLAY_ON_PHONE).replace(/\r\n/g, '\n'), 'no empty line after the headers'],
    ['bare CR line end', invite(PLAY_ON_PHONE).replace('\r\nTo:', '\rTo:'), 'bare CR line end'],
    [
      'bare CR at the end of the headers',
      invite(PLAY_ON_PHONE).replace('\r\n\r\n', '\r\r\n\r\n'),
      'bare CR line end',
    ],
    ['NUL in a header', invite([...PLAY_ON_PHONE, 'Subject: a\u0000b']), 'NUL byte'],
    ['NUL in the body', invite(PLAY_ON_PHONE, 'v=0\r\n\u0000'), 'NUL byte'],
    [
      'two To',
      invite(
        [...PLAY_ON_PHONE, '<sip:carol@umphone.test>'].map((h, i, a) =>
          i === a.length - 1 ? `To: ${h}` : h,
        ),
      ),
      'duplicate To',
    ],
    ['compact t after To', invite([...PLAY_ON_PHONE, `t: <sip:carol@umphone.test>`]), 'duplicate To'],
    ['compact f after From, any case', invite([...PLAY_ON_PHONE, 'F: <sip:x@y>;tag=2']), 'duplicate From'],
    ['FROM in capitals', invite([...PLAY_ON_PHONE, 'FROM: <sip:x@y>;tag=2']), 'duplicate From'],
    ['two Call-ID (i)', invite([...PLAY_ON_PHONE, 'i: other@um']), 'duplicate Call-ID'],
    ['two CSeq', invite([...PLAY_ON_PHONE, 'cseq: 2 INVITE']), 'duplicate CSeq'],
    ['two Content-Type (c)', invite([...PLAY_ON_PHONE, 'c: text/plain']), 'duplicate Content-Type'],
    ['two Content-Length (l)', invite([...PLAY_ON_PHONE, 'l: 5']), 'duplicate Content-Length'],
    [
      'Content-Length too big',
      invite(PLAY_ON_PHONE).replace(/Content-Length: \d+/, 'Content-Length: 9999'),
      'Content-Length disagrees with the body',
    ],
    [
      'Content-Length too small',
      invite(PLAY_ON_PHONE).replace(/Content-Length: \d+/, 'Content-Length: 3'),
      'Content-Length disagrees with the body',
    ],
    [
      'Content-Length not a number',
      invite(PLAY_ON_PHONE).replace(/Content-Length: \d+/, 'Content-Length: 0x10'),
      'bad Content-Length',
    ],
    [
      'line folded with a vertical tab',
      invite([...PLAY_ON_PHONE, 'Subject: a']).replace('Subject: a', 'Subject: a\r\n\u000bb'),
      'line starting with unusual whitespace',
    ],
    [
      'line folded with NBSP',
      invite(PLAY_ON_PHONE).replace('\r\nTo:', '\r\n\u00a0To:'),
      'line starting with unusual whitespace',
    ],
    [
      'NBSP around a value',
      invite(PLAY_ON_PHONE).replace(`To: <${BOB}>`, `To: \u00a0<${BOB}>`),
      'unusual whitespace around a header value',
    ],
    [
      'a folded first header',
      invite(PLAY_ON_PHONE).replace('\r\nVia:', '\r\n Via:'),
      'folded line without a header',
    ],
    ['a line without a colon', invite([...PLAY_ON_PHONE, 'X-No-Colon']), 'malformed header line'],
    ['a space in a header name', invite([...PLAY_ON_PHONE, 'X Y: 1']), 'malformed header line'],
    ['no empty line', invite(PLAY_ON_PHONE).replace('\r\n\r\n', '\r\n'), 'no empty line after the headers'],
    ['a broken start line', invite(PLAY_ON_PHONE, SDP, `INVITE ${BOB}`), 'malformed start line'],
    [
      'two Contacts on an INVITE',
      invite(PLAY_ON_PHONE.map((h) => (h.startsWith('Contact') ? `${h}, <sip:x@y>` : h))),
      'more than one Contact',
    ],
    [
      'two Contact headers (m)',
      invite([...PLAY_ON_PHONE, 'm: <sip:evil@x.invalid>;automata']),
      'more than one Contact',
    ],
    // SIP.js files `Call_ID` under Call-ID without parsing it: read as Call-ID here too.
    ['Call_ID after Call-ID', invite([...PLAY_ON_PHONE, 'Call_ID: other@um']), 'duplicate Call-ID'],
    [
      'Content_Length after Content-Length',
      invite([...PLAY_ON_PHONE, 'Content_Length: 0']),
      'duplicate Content-Length',
    ],
    ['two Max-Forwards', invite([...PLAY_ON_PHONE, 'Max-Forwards: 69']), 'duplicate Max-Forwards'],
    [
      'two Refer-To (r), RFC 3515 §2.1',
      invite(
        [...PLAY_ON_PHONE, 'Refer-To: <sip:a@x>', 'r: <sip:b@x>'].map((h) =>
          h.replace('1 INVITE', '1 REFER'),
        ),
        '',
        `REFER ${BOB} SIP/2.0`,
      ),
      'duplicate Refer-To',
    ],
    [
      'CSeq without a method',
      invite(PLAY_ON_PHONE.map((h) => h.replace('CSeq: 1 INVITE', 'CSeq: 1'))),
      'bad CSeq',
    ],
    [
      'CSeq number at 2**31',
      invite(PLAY_ON_PHONE.map((h) => h.replace('CSeq: 1 INVITE', 'CSeq: 2147483648 INVITE'))),
      'bad CSeq',
    ],
    [
      'CSeq of another method',
      invite(PLAY_ON_PHONE.map((h) => h.replace('CSeq: 1 INVITE', 'CSeq: 1 BYE'))),
      'CSeq method is not the request method',
    ],
    [
      'a request Via without a branch',
      invite(PLAY_ON_PHONE.map((h) => h.replace(';branch=z9hG4bK1', ''))),
      'Via branch without the RFC 3261 magic cookie',
    ],
    [
      'a request Via with an RFC 2543 branch',
      invite(PLAY_ON_PHONE.map((h) => h.replace('branch=z9hG4bK1', 'branch=1'))),
      'Via branch without the RFC 3261 magic cookie',
    ],
    [
      'two branch parameters',
      invite(PLAY_ON_PHONE.map((h) => h.replace(';branch=z9hG4bK1', ';branch=z9hG4bK1;branch=z9hG4bK2'))),
      'more than one Via branch',
    ],
    [
      'a branch hidden in a quoted parameter of a branchless Via',
      invite(PLAY_ON_PHONE.map((h) => h.replace(';branch=z9hG4bK1', ';x=";branch=z9hG4bK1"'))),
      'Via branch without the RFC 3261 magic cookie',
    ],
  ];
  for (const [name, text, expected] of cases) {
    it(name, () => expect(reason(gateMessage(text))).toBe(expected));
  }
  it('refuses what is not text', () => {
    expect(reason(gateMessage(undefined))).toBe('not text');
  });
  it('refuses a response whose CSeq has no method (SIP.js would throw on it)', () => {
    const text = `SIP/2.0 200 OK\r\nVia: SIP/2.0/WSS x.invalid;branch=z9hG4bK2\r\nCSeq: 1\r\nContent-Length: 0\r\n\r\n`;
    expect(reason(gateMessage(text))).toBe('bad CSeq');
  });
  it('refuses a header section longer than the phone reads, as 513 Message Too Large', () => {
    const text = invite([...PLAY_ON_PHONE, `X-Padding: ${'a'.repeat(256 * 1024)}`]);
    expect(gateMessage(text)).toEqual({
      verdict: 'refuse',
      reason: 'header section over 256 KB',
      status: 513,
    });
  });
});

describe('gateMessage: header names and Vias as SIP.js reads them, written out', () => {
  it('writes compact forms and names with `_` in full, so SIP.js parses what the phone reads', () => {
    const text = passed(
      gateMessage(
        invite(
          [...PLAY_ON_PHONE, 'o: presence', 's: Hi', 'k: timer', 'X_Custom_Thing: 1'].map((h) =>
            h.replace('Call-ID:', 'call_id:'),
          ),
        ),
      ),
    );
    expect(text).toContain('\r\nCall-ID: c1@um\r\n');
    expect(text).toContain('\r\nEvent: presence\r\n');
    expect(text).toContain('\r\nSubject: Hi\r\n');
    expect(text).toContain('\r\nSupported: timer\r\n');
    expect(text).toContain('\r\nX-Custom-Thing: 1\r\n');
    expect(text).not.toMatch(/\r\n(o|s|k|call_id):/i);
  });
  it('gives each Via of a comma-separated list its own line, the first one on top', () => {
    const text = passed(
      gateMessage(
        invite(
          PLAY_ON_PHONE.map((h) =>
            h.startsWith('Via:')
              ? 'Via: SIP/2.0/WSS proxy.invalid;branch=z9hG4bKp1 , SIP/2.0/UDP caller.invalid;branch=z9hG4bKc1'
              : h,
          ),
        ),
      ),
    );
    expect(text).toContain(
      '\r\nVia: SIP/2.0/WSS proxy.invalid;branch=z9hG4bKp1\r\nVia: SIP/2.0/UDP caller.invalid;branch=z9hG4bKc1\r\n',
    );
  });
  it('does not ask for a magic cookie in a response (its top Via is our own)', () => {
    const text =
      'SIP/2.0 200 OK\r\nVia: SIP/2.0/WSS x.invalid;branch=abc\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n';
    expect(passed(gateMessage(text))).toBe(text);
  });
});

describe('gateMessage: free text is only text', () => {
  it('passes a Subject that ends in an ideographic space (U+3000)', () => {
    const text = invite([...PLAY_ON_PHONE, 'Subject: 会議\u3000']);
    expect(passed(gateMessage(text))).toBe(text);
  });
});

describe('gateMessage: canonical text', () => {
  it('undoes folding: CRLF and the whitespace after it read as one SP (RFC 3261 §7.3.1)', () => {
    const text = passed(
      gateMessage(invite([...PLAY_ON_PHONE, 'Subject: About the\r\n\t  new sales project'])),
    );
    expect(text).toContain('\r\nSubject: About the new sales project\r\n');
  });
  it('a whitespace-only line continues the header before it (as SIP.js reads it)', () => {
    const text = passed(gateMessage(invite([...PLAY_ON_PHONE, 'Priority: Urgent', '  '])));
    expect(text).toContain('\r\nPriority: Urgent \r\nContent-Length');
    expect(inspectInvite(text, BOB).urgent).toBe(true);
  });
  it('MS-OCEXUM 4.2: removes the space after "sip:" inside the Contact brackets', () => {
    const contact =
      'Contact: <sip: exchange.contoso.com:5066;transport=Tls;ms-opaque=a752506cbee22182>;automata';
    const text = passed(
      gateMessage(invite(PLAY_ON_PHONE.map((h) => (h.startsWith('Contact') ? contact : h)))),
    );
    expect(text).toContain(
      '\r\nContact: <sip:exchange.contoso.com:5066;transport=Tls;ms-opaque=a752506cbee22182>;automata\r\n',
    );
  });
  it('MS-OCEXUM 2010 ed. 2.2.5: removes the space before ">"', () => {
    const text = passed(
      gateMessage(
        invite(PLAY_ON_PHONE.map((h) => (h.startsWith('Contact') ? OCEXUM_2010_2_2_5_AUTOMATA_CONTACT : h))),
      ),
    );
    expect(text).toContain('\r\nContact: <sip:exchangeum@contoso.com>;automata\r\n');
  });
  it('applies the same leniency to From and To (also compact), and nowhere else', () => {
    const text = passed(
      gateMessage(
        invite([
          ...PLAY_ON_PHONE.filter((h) => !/^(From|To):/.test(h)),
          `f: "Voice <sip: x>" <sips:\tbob@umphone.test >;tag=1`,
          `T: <sip: bob@umphone.test\t>`,
          'Route: <sip: proxy.invalid >',
        ]),
      ),
    );
    // Compact forms come out written in full (see below).
    expect(text).toContain('\r\nFrom: "Voice <sip: x>" <sips:bob@umphone.test>;tag=1\r\n');
    expect(text).toContain('\r\nTo: <sip:bob@umphone.test>\r\n');
    expect(text).toContain('\r\nRoute: <sip: proxy.invalid >\r\n');
  });
  it('leaves transport=Tls, ms-opaque and epid as they are', () => {
    const text = passed(
      gateMessage(
        invite([
          ...PLAY_ON_PHONE.filter((h) => !/^(From|Contact):/.test(h)),
          `From: <${BOB}>;epid=1944B98832;tag=7534fa434`,
          'Contact: <sip:um@host:5066;transport=Tls;ms-opaque=a752506cbee22182>;automata',
        ]),
      ),
    );
    expect(text).toContain(`From: <${BOB}>;epid=1944B98832;tag=7534fa434\r\n`);
    expect(text).toContain(
      'Contact: <sip:um@host:5066;transport=Tls;ms-opaque=a752506cbee22182>;automata\r\n',
    );
  });
});

describe('normaliseAddressWhitespace', () => {
  it.each([
    ['<sip: a@b>', '<sip:a@b>'],
    ['<SIP:  a@b >', '<SIP:a@b>'],
    ['<sips:\ta@b\t>;x', '<sips:a@b>;x'],
    ['"<sip: q>" <sip: a@b >', '"<sip: q>" <sip:a@b>'],
    ['"esc \\" <sip: q>" <sip: a@b>', '"esc \\" <sip: q>" <sip:a@b>'],
    ['< sip:a@b>', '< sip:a@b>'],
    ['<sip:a @b>', '<sip:a @b>'],
    ['<tel: +1>', '<tel: +1>'],
    ['<sip: a@b', '<sip: a@b'],
    ['sip: a@b', 'sip: a@b'],
    ['<sip: a@b>, <sip: c@d >', '<sip:a@b>, <sip:c@d>'],
  ])('%s -> %s', (input, output) => expect(normaliseAddressWhitespace(input)).toBe(output));
});

// The seed INVITEs as the e2e journey sends them (e2e/fixtures/seeds), read the way
// fixtures.test.ts reads the specs: through an untyped import of node:fs.
interface NodeFs {
  readFileSync(path: string, encoding: 'utf8'): string;
}
const fs = (await import('node:fs' as string)) as NodeFs;
const seedFile = (name: string) =>
  fs.readFileSync(new URL(`../../e2e/fixtures/seeds/${name}`, import.meta.url).pathname, 'utf8');

describe('the spec seeds as sent in the e2e journey', () => {
  for (const name of Object.values(SEED_FILES)) {
    it(`${name}: passes, and the Play-On-Phone facts read from the canonical text`, () => {
      const wire = seedMessage(seedFile(name), { branch: 'z9hG4bKseed', sdp: SDP });
      const facts = inspectInvite(passed(gateMessage(wire)), BOB);
      expect(facts).toMatchObject({ fromUri: BOB, toUri: BOB, automaton: true, playOnPhone: true });
    });
  }
  it('4.3 keeps its Subject and urgent Priority', () => {
    const wire = seedMessage(seedFile(SEED_FILES.ocexum2010SubjectPriority), {
      branch: 'z9hG4bKs',
      sdp: SDP,
    });
    expect(inspectInvite(passed(gateMessage(wire)), BOB)).toMatchObject({
      subject: 'About the new sales project',
      priority: 'urgent',
      urgent: true,
    });
  });
});
