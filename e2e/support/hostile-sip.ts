/**
 * Broken SIP for the phone to survive: hand-written torture cases in the spirit of RFC 4475 (none
 * copied from it) and property-generated mutations of a valid INVITE (fast-check, fixed seed so a
 * failure replays). Each case is text (a WebSocket text frame) or bytes (a binary frame).
 *
 * Over 400 lines for a reason: most of it is the hand-written case list, data of one corpus.
 */
import fc from 'fast-check';
import { buildMessage, newBranch, randomToken } from './sip-message';
import { VALID_SDP } from './fake-proxy';

export interface HostileCase {
  name: string;
  data: string | Buffer;
}

export interface Target {
  /** The phone's registered Contact URI. */
  contact: string;
  /** The phone's AOR, e.g. sip:bob@umphone.test. */
  aor: string;
}

const KB = 1024;

/** Header lines of a valid INVITE to the phone, by name, so cases can drop, repeat or bend them. */
function baseHeaders(t: Target, method = 'INVITE'): [string, string][] {
  return [
    ['Via', `SIP/2.0/WSS torture.invalid;branch=${newBranch()}`],
    ['Max-Forwards', '70'],
    ['From', `"Torture" <sip:torture@umphone.test>;tag=${randomToken(4)}`],
    ['To', `<${t.aor}>`],
    ['Call-ID', `${randomToken(8)}@torture`],
    ['CSeq', `1 ${method}`],
    ['Contact', '<sip:torture@torture.invalid;transport=ws>'],
    ['Content-Type', 'application/sdp'],
  ];
}

function render(
  startLine: string,
  headers: [string, string][],
  body = VALID_SDP,
  contentLength?: string,
): string {
  const lines = headers.map(([n, v]) => `${n}: ${v}`);
  lines.push(`Content-Length: ${contentLength ?? Buffer.byteLength(body, 'utf8')}`);
  return `${startLine}\r\n${lines.join('\r\n')}\r\n\r\n${body}`;
}

function invite(
  t: Target,
  edit: (h: [string, string][]) => [string, string][] = (h) => h,
  body = VALID_SDP,
): string {
  return render(`INVITE ${t.contact} SIP/2.0`, edit(baseHeaders(t)), body);
}

function notify(
  t: Target,
  edit: (h: [string, string][]) => [string, string][] = (h) => h,
  body?: string,
): string {
  const h = baseHeaders(t, 'NOTIFY').filter(([n]) => n !== 'Content-Type');
  h.push(
    ['Event', 'message-summary'],
    ['Subscription-State', 'active;expires=3600'],
    ['Content-Type', 'application/simple-message-summary'],
  );
  return render(
    `NOTIFY ${t.contact} SIP/2.0`,
    edit(h),
    body ?? 'Messages-Waiting: yes\r\nVoice-Message: 2/8 (0/2)\r\n',
  );
}

const without = (name: string) => (h: [string, string][]) =>
  h.filter(([n]) => n.toLowerCase() !== name.toLowerCase());
const replace = (name: string, value: string) => (h: [string, string][]) =>
  h.map(([n, v]): [string, string] => (n.toLowerCase() === name.toLowerCase() ? [n, value] : [n, v]));
const twice = (name: string, second: string) => (h: [string, string][]) => {
  const i = h.findIndex(([n]) => n.toLowerCase() === name.toLowerCase());
  return [...h.slice(0, i + 1), [name, second] as [string, string], ...h.slice(i + 1)];
};
const add = (name: string, value: string) => (h: [string, string][]) => [
  ...h,
  [name, value] as [string, string],
];

export function handWrittenCases(t: Target): HostileCase[] {
  const cases: HostileCase[] = [];
  const c = (name: string, data: string | Buffer) => cases.push({ name, data });

  // --- start lines ---
  const body = VALID_SDP;
  const hs = () => baseHeaders(t);
  for (const [name, line] of [
    ['empty start line', ''],
    ['method only', 'INVITE'],
    ['no version', `INVITE ${t.contact}`],
    ['SIP/3.0', `INVITE ${t.contact} SIP/3.0`],
    ['HTTP request line', 'GET / HTTP/1.1'],
    ['lower-case version', `INVITE ${t.contact} sip/2.0`],
    ['two spaces', `INVITE  ${t.contact}  SIP/2.0`],
    ['tab separators', `INVITE\t${t.contact}\tSIP/2.0`],
    ['extra token', `INVITE ${t.contact} SIP/2.0 trailing`],
    ['empty Request-URI', 'INVITE  SIP/2.0'],
    ['Request-URI in angle brackets', `INVITE <${t.contact}> SIP/2.0`],
    ['unknown scheme', 'INVITE zz:bob@umphone.test SIP/2.0'],
    ['tel URI', 'INVITE tel:+15550100 SIP/2.0'],
    ['bad escape in Request-URI', 'INVITE sip:%zz%@umphone.test SIP/2.0'],
    ['Request-URI with space', 'INVITE sip:bob @umphone.test SIP/2.0'],
    ['HTML Request-URI', 'INVITE <script>alert(1)</script> SIP/2.0'],
    ['10 KB method', `${'I'.repeat(10 * KB)} ${t.contact} SIP/2.0`],
    ['unknown method', `FROBNICATE ${t.contact} SIP/2.0`],
    ['method with digits', `INV1TE ${t.contact} SIP/2.0`],
    ['status line as request', 'SIP/2.0 200 OK'],
    ['status 999', 'SIP/2.0 999 Whatever'],
    ['status 1', 'SIP/2.0 1 Tiny'],
    ['NUL in start line', `INVITE ${t.contact}\u0000 SIP/2.0`],
    ['leading CRLFs and spaces', `\r\n\r\n   INVITE ${t.contact} SIP/2.0`],
  ] as const)
    c(`start line: ${name}`, render(line, hs(), body));

  // --- missing mandatory headers (RFC 3261 §8.1.1) ---
  for (const name of ['Via', 'Max-Forwards', 'From', 'To', 'Call-ID', 'CSeq', 'Contact']) {
    c(`INVITE without ${name}`, invite(t, without(name)));
    c(`NOTIFY without ${name}`, notify(t, without(name)));
  }
  c('NOTIFY without Event', notify(t, without('Event')));
  c('NOTIFY without Subscription-State', notify(t, without('Subscription-State')));
  c('INVITE with no headers at all', `INVITE ${t.contact} SIP/2.0\r\n\r\n`);

  // --- duplicated headers ---
  c('two From', invite(t, twice('From', '<sip:other@umphone.test>;tag=2')));
  c('two To', invite(t, twice('To', '<sip:carol@umphone.test>')));
  c('two Call-ID', invite(t, twice('Call-ID', 'second@torture')));
  c('two CSeq', invite(t, twice('CSeq', '2 INVITE')));
  c('two Max-Forwards', invite(t, twice('Max-Forwards', '69')));
  c('two Content-Type', invite(t, twice('Content-Type', 'text/html')));
  c('two Subject', invite(t, add('Subject', 'one')));
  c('two Content-Length', render(`INVITE ${t.contact} SIP/2.0`, [...hs(), ['Content-Length', '5']], body));
  c(
    '60 Via',
    invite(t, (h) => [
      ...Array.from({ length: 60 }, (): [string, string] => [
        'Via',
        `SIP/2.0/WSS x.invalid;branch=${newBranch()}`,
      ]),
      ...h,
    ]),
  );
  c(
    '500 Record-Route',
    invite(t, (h) => [
      ...h,
      ...Array.from({ length: 500 }, (_, i): [string, string] => ['Record-Route', `<sip:rr${i}.invalid;lr>`]),
    ]),
  );
  c('two NOTIFY Event', notify(t, twice('Event', 'presence')));

  // --- Content-Length ---
  for (const cl of [
    '-1',
    '99999999999',
    '1e309',
    'abc',
    '0',
    '1',
    '100000',
    ' 5 5',
    '0x10',
    '+1',
    '18446744073709551616',
    '',
  ]) {
    c(`Content-Length: ${JSON.stringify(cl)}`, render(`INVITE ${t.contact} SIP/2.0`, hs(), body, cl));
  }
  c('NOTIFY Content-Length -5', render(`NOTIFY ${t.contact} SIP/2.0`, baseHeaders(t, 'NOTIFY'), 'x', '-5'));

  // --- huge ---
  const big = (n: number) => 'A'.repeat(n);
  c('100 KB Subject', invite(t, add('Subject', big(100 * KB))));
  c('100 KB display name', invite(t, replace('From', `"${big(100 * KB)}" <sip:x@umphone.test>;tag=1`)));
  c(
    '100 KB Via',
    invite(t, replace('Via', `SIP/2.0/WSS torture.invalid;branch=${newBranch()};x=${big(100 * KB)}`)),
  );
  c('100 KB header name', invite(t, add(big(100 * KB), 'value')));
  c('100 KB Call-ID', invite(t, replace('Call-ID', big(100 * KB))));
  c('100 KB Request-URI', render(`INVITE sip:${big(100 * KB)}@umphone.test SIP/2.0`, hs(), body));
  c(
    '2000 headers',
    invite(t, (h) => [...h, ...Array.from({ length: 2000 }, (_, i): [string, string] => [`X-H${i}`, 'v'])]),
  );
  c('300 KB SDP body', invite(t, undefined, `${VALID_SDP}${'a=x:'.padEnd(300 * KB, 'y')}\r\n`));
  c(
    '100 KB NOTIFY body',
    notify(t, undefined, `Messages-Waiting: yes\r\n${'Voice-Message: 1/1\r\n'.repeat(5000)}`),
  );
  c('100 KB Priority', invite(t, add('Priority', big(100 * KB))));

  // --- invalid UTF-8 (binary frames; a text frame with it would fail the WebSocket by RFC 6455) ---
  const bytes = (...parts: (string | number[])[]) =>
    Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
  const inv = invite(t);
  const [head, tail] = [inv.slice(0, inv.indexOf('Max-Forwards')), inv.slice(inv.indexOf('Max-Forwards'))];
  for (const [name, seq] of [
    ['lone continuation byte', [0x80]],
    ['0xFF 0xFE', [0xff, 0xfe]],
    ['overlong NUL', [0xc0, 0x80]],
    ['overlong slash', [0xe0, 0x80, 0xaf]],
    ['truncated 3-byte', [0xe2, 0x82]],
    ['UTF-16 surrogate', [0xed, 0xa0, 0x80]],
    ['beyond U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['5-byte form', [0xf8, 0x88, 0x80, 0x80, 0x80]],
  ] as const) {
    c(`invalid UTF-8 in Subject: ${name}`, bytes(head, 'Subject: x', [...seq], 'y\r\n', tail));
    c(`invalid UTF-8 in display name: ${name}`, bytes(inv.replace('"Torture"', '"T'), [...seq], '"'));
  }
  c('binary garbage', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256)));
  c('all NUL', Buffer.alloc(1024));
  c('UTF-16LE INVITE', Buffer.from(inv, 'utf16le'));
  c('lone surrogate in text frame', invite(t, add('Subject', 'x\ud800y')));

  // --- bad SDP (the phone only rings; it must not choke on the offer) ---
  for (const [name, sdp] of [
    ['empty', ''],
    ['not SDP', 'hello world'],
    ['no v= line', VALID_SDP.replace('v=0\r\n', '')],
    ['port 99999', VALID_SDP.replace('40000', '99999')],
    ['negative port', VALID_SDP.replace('40000', '-1')],
    ['1000 m-lines', `${VALID_SDP}${'m=audio 1 RTP/AVP 0\r\n'.repeat(1000)}`],
    ['HTML', '<html><script>window.__fuzz=1</script></html>'],
    ['binary-looking', '\u0001\u0002\u0003\u00ff'],
    ['LF only', VALID_SDP.replace(/\r\n/g, '\n')],
    ['c= with 10 KB address', VALID_SDP.replace('127.0.0.1\r\nt', `${'9'.repeat(10 * KB)}\r\nt`)],
    ['unknown payload 128', VALID_SDP.replace('RTP/AVP 0', 'RTP/AVP 128')],
    ['a=fingerprint junk', `${VALID_SDP}a=fingerprint:sha-256 zz\r\na=setup:bogus\r\na=ice-ufrag:\r\n`],
  ] as const)
    c(`bad SDP: ${name}`, invite(t, undefined, sdp));
  c(
    'multipart garbage',
    invite(
      t,
      replace('Content-Type', 'multipart/mixed;boundary=zz'),
      '--zz\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n--zz',
    ),
  );
  c('Content-Type missing with body', invite(t, without('Content-Type')));
  c('Content-Type garbage', invite(t, replace('Content-Type', ';;;===')));

  // --- torture of our own writing ---
  c(
    'folded headers everywhere',
    invite(t, (h) => h.map(([n, v]): [string, string] => [n, v.replace(/ /g, '\r\n   ')])),
  );
  c(
    'compact header forms',
    render(
      `INVITE ${t.contact} SIP/2.0`,
      hs().map(([n, v]): [string, string] => [
        (
          { Via: 'v', From: 'f', To: 't', 'Call-ID': 'i', Contact: 'm', 'Content-Type': 'c' } as Record<
            string,
            string
          >
        )[n] ?? n,
        v,
      ]),
      body,
    ),
  );
  c(
    'header names in odd case',
    render(
      `INVITE ${t.contact} SIP/2.0`,
      hs().map(([n, v]): [string, string] => [n.toUpperCase(), v]),
      body,
    ),
  );
  c('whitespace before colon', invite(t).replace('Max-Forwards:', 'Max-Forwards \t :'));
  c('escaped user in From', invite(t, replace('From', '<sip:%61lice%40evil@umphone.test>;tag=1')));
  c('unterminated quote in From', invite(t, replace('From', '"Evil <sip:x@umphone.test>;tag=1')));
  c('unterminated angle in To', invite(t, replace('To', `<${t.aor}`)));
  c('Contact star on INVITE', invite(t, replace('Contact', '*')));
  c(
    'three Contacts',
    invite(t, replace('Contact', '<sip:a@a.invalid>, <sip:b@b.invalid>, "c" <sip:c@c.invalid>;automata')),
  );
  c('Max-Forwards 0', invite(t, replace('Max-Forwards', '0')));
  c('Max-Forwards -1', invite(t, replace('Max-Forwards', '-1')));
  c('CSeq method mismatch', invite(t, replace('CSeq', '1 BYE')));
  c('CSeq 2^32', invite(t, replace('CSeq', '4294967296 INVITE')));
  c('CSeq not a number', invite(t, replace('CSeq', 'one INVITE')));
  c('Call-ID with spaces and quotes', invite(t, replace('Call-ID', 'a "b" <c> @ d')));
  c('Via without branch', invite(t, replace('Via', 'SIP/2.0/WSS torture.invalid')));
  c(
    'Via with IPv6 and junk params',
    invite(t, replace('Via', `SIP/2.0/WSS [::1]:0;branch=${newBranch()};rport=abc;received=zz;;;`)),
  );
  c(
    'Via with unknown transport',
    invite(t, replace('Via', `SIP/2.0/PIGEON carrier.invalid;branch=${newBranch()}`)),
  );
  c('NUL in Subject', invite(t, add('Subject', 'a\u0000b')));
  c('bare CR line ends', invite(t).replace(/\r\n/g, '\r'));
  c('bare LF line ends', invite(t).replace(/\r\n/g, '\n'));
  c('no blank line before body', invite(t).replace('\r\n\r\n', '\r\n'));
  c(
    'header without colon',
    invite(t, (h) => [...h, ['X-No-Colon-Here', '']]).replace('X-No-Colon-Here: ', 'X-No-Colon-Here'),
  );
  c('colon-only header', invite(t).replace('Max-Forwards: 70', ':'));
  c('To with tag (in-dialog, unknown dialog)', invite(t, replace('To', `<${t.aor}>;tag=nosuchdialog`)));
  c(
    'BYE for no dialog',
    render(`BYE ${t.contact} SIP/2.0`, [...baseHeaders(t, 'BYE'), ['To', `<${t.aor}>;tag=x`]], ''),
  );
  c('CANCEL for nothing', render(`CANCEL ${t.contact} SIP/2.0`, baseHeaders(t, 'CANCEL'), ''));
  c('ACK for nothing', render(`ACK ${t.contact} SIP/2.0`, baseHeaders(t, 'ACK'), ''));
  c('PRACK for nothing', render(`PRACK ${t.contact} SIP/2.0`, baseHeaders(t, 'PRACK'), ''));
  c(
    'response to nothing',
    buildMessage(
      'SIP/2.0 200 OK',
      baseHeaders(t).map(([n, v]) => `${n}: ${v}`),
    ),
  );
  c('Require unknown extension', invite(t, add('Require', 'nosuchext, 100rel, timer')));
  c('Expires garbage', invite(t, add('Expires', '-99999999999999')));
  c('Session-Expires garbage', invite(t, add('Session-Expires', 'never;refresher=you')));
  c('Supported 10 KB', invite(t, add('Supported', 'x,'.repeat(5 * KB))));
  c(
    'automata in a mangled Contact',
    invite(t, replace('Contact', '<sip:um@evil.invalid;automata>;automata="TRUE,FALSE";automata')),
  );
  c(
    'forged Play-On-Phone shape',
    invite(t, (h) =>
      replace('From', `<${t.aor}>;tag=1`)(replace('Contact', '<sip:um@evil.invalid>;automata')(h)),
    ),
  );
  c('Priority not a token', invite(t, add('Priority', 'urgent; DROP TABLE')));
  c('Ms-Sensitivity junk', invite(t, add('Ms-Sensitivity', '\u202Eprivate-no-diversion')));
  c('RTL override in display name', invite(t, replace('From', '"\u202Eexe.gpj" <sip:x@umphone.test>;tag=1')));
  c(
    'NOTIFY garbage summary',
    notify(t, undefined, 'Messages-Waiting: maybe\r\nVoice-Message: -1/NaN (x/y)\r\n\u0000'),
  );
  c(
    'NOTIFY terminated state',
    notify(t, replace('Subscription-State', 'terminated;reason=giveup;retry-after=-1')),
  );
  c('NOTIFY unknown event', notify(t, replace('Event', 'x'.repeat(1000))));
  c('NOTIFY to an unknown dialog', notify(t, replace('To', `<${t.aor}>;tag=nope`)));
  c(
    'OPTIONS with 100 KB Accept',
    render(`OPTIONS ${t.contact} SIP/2.0`, [...baseHeaders(t, 'OPTIONS'), ['Accept', big(100 * KB)]], ''),
  );
  c('INFO out of dialog', render(`INFO ${t.contact} SIP/2.0`, baseHeaders(t, 'INFO'), 'Signal=1'));
  c(
    'MESSAGE with script',
    render(
      `MESSAGE ${t.contact} SIP/2.0`,
      [...baseHeaders(t, 'MESSAGE').filter(([n]) => n !== 'Content-Type'), ['Content-Type', 'text/html']],
      '<script>window.__fuzz=1</script>',
    ),
  );
  c(
    'REFER out of dialog',
    render(
      `REFER ${t.contact} SIP/2.0`,
      [...baseHeaders(t, 'REFER'), ['Refer-To', '<javascript:alert(1)>']],
      '',
    ),
  );
  c('CRLF flood', '\r\n'.repeat(10 * KB));
  c('just spaces', ' '.repeat(1000));
  return cases;
}

/** Mutations of a valid INVITE or NOTIFY: dropped, repeated, replaced and re-ordered headers, bent start lines. */
export function generatedCases(t: Target, count: number, seed = 4475): HostileCase[] {
  const headerValue = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 80 }),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.constantFrom(
      '',
      ' ',
      ';',
      ',',
      '<',
      '>',
      '"',
      '\\',
      '\r\n',
      '\r\n ',
      '%00',
      'sip:',
      '<sip:>',
      '*',
      '0',
      '-1',
    ),
    fc.nat().map(String),
  );
  const mutation = fc.oneof(
    fc.record({ kind: fc.constant('drop' as const), index: fc.nat(12) }),
    fc.record({ kind: fc.constant('repeat' as const), index: fc.nat(12) }),
    fc.record({ kind: fc.constant('replace' as const), index: fc.nat(12), value: headerValue }),
    fc.record({
      kind: fc.constant('add' as const),
      name: fc.string({ unit: 'binary-ascii', maxLength: 20 }),
      value: headerValue,
    }),
    fc.record({ kind: fc.constant('swap' as const), index: fc.nat(12) }),
  );
  const arb = fc.record({
    method: fc.constantFrom('INVITE', 'NOTIFY', 'INVITE', 'INVITE'),
    startLine: fc.option(fc.string({ unit: 'binary', maxLength: 60 }), { freq: 5 }),
    mutations: fc.array(mutation, { minLength: 1, maxLength: 6 }),
    body: fc.option(fc.string({ unit: 'binary', maxLength: 300 }), { freq: 3 }),
    contentLength: fc.option(
      fc.oneof(fc.integer({ min: -10, max: 1_000_000 }).map(String), fc.string({ maxLength: 5 })),
      {
        freq: 4,
      },
    ),
  });
  return fc.sample(arb, { numRuns: count, seed }).map((g, i) => {
    let h = g.method === 'INVITE' ? baseHeaders(t) : baseHeaders(t, 'NOTIFY');
    for (const m of g.mutations) {
      const idx = 'index' in m ? m.index % Math.max(1, h.length) : 0;
      switch (m.kind) {
        case 'drop':
          h = h.filter((_, j) => j !== idx);
          break;
        case 'repeat':
          if (h[idx]) h = [...h.slice(0, idx + 1), h[idx], ...h.slice(idx + 1)];
          break;
        case 'replace':
          if (h[idx]) h = h.map((x, j): [string, string] => (j === idx ? [x[0], m.value] : x));
          break;
        case 'add':
          h = [...h, [m.name, m.value]];
          break;
        case 'swap':
          if (h[idx] && h[0]) h = [h[idx], ...h.slice(1, idx), h[0], ...h.slice(idx + 1)];
          break;
      }
    }
    const start = g.startLine ?? `${g.method} ${t.contact} SIP/2.0`;
    return {
      name: `generated #${i} (${g.method}, ${g.mutations.map((m) => m.kind).join('+')})`,
      data: render(
        start,
        h,
        g.body ?? (g.method === 'INVITE' ? VALID_SDP : ''),
        g.contentLength ?? undefined,
      ),
    };
  });
}
