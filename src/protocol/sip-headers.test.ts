import { describe, expect, it } from 'vitest';
import { OCEXUM_4_2_PLAY_ON_PHONE_INVITE, toCrlf } from './fixtures';
import {
  MAX_HEADER_SECTION_CHARS,
  canonicalHeaderName,
  headerSpelling,
  headerValues,
  parseHeaderSection,
} from './sip-headers';

describe('canonicalHeaderName', () => {
  it.each([
    ['f', 'from'],
    ['t', 'to'],
    ['m', 'contact'],
    ['s', 'subject'],
    ['i', 'call-id'],
    ['l', 'content-length'],
    ['c', 'content-type'],
    ['v', 'via'],
    ['k', 'supported'],
    ['e', 'content-encoding'],
    ['o', 'event'],
    ['u', 'allow-events'],
    ['r', 'refer-to'],
    ['b', 'referred-by'],
    ['x', 'session-expires'],
  ])('expands the compact form %s to %s, in either case', (compact, full) => {
    expect(canonicalHeaderName(compact)).toBe(full);
    expect(canonicalHeaderName(compact.toUpperCase())).toBe(full);
  });

  it('reads `_` as `-`, as SIP.js files header names', () => {
    expect(canonicalHeaderName('Call_ID')).toBe('call-id');
    expect(canonicalHeaderName('X_Custom_Thing')).toBe('x-custom-thing');
  });

  it('spells canonical names as usual, SIP.js exceptions included, whatever the name', () => {
    expect(headerSpelling('call-id')).toBe('Call-ID');
    expect(headerSpelling('cseq')).toBe('CSeq');
    expect(headerSpelling('www-authenticate')).toBe('WWW-Authenticate');
    expect(headerSpelling('x-custom-thing')).toBe('X-Custom-Thing');
    expect(headerSpelling('constructor')).toBe('Constructor');
    expect(headerSpelling('--proto--')).toBe('--Proto--');
  });

  it('lower-cases full names and leaves unknown single letters alone', () => {
    expect(canonicalHeaderName('MS-SENSITIVITY')).toBe('ms-sensitivity');
    expect(canonicalHeaderName('q')).toBe('q');
    expect(canonicalHeaderName('constructor')).toBe('constructor');
  });
});

describe('parseHeaderSection', () => {
  it('reads headers after the start line, with CRLF or bare LF', () => {
    const lf = 'INVITE sip:a@b SIP/2.0\nFrom: <sip:a@b>\nTo:<sip:c@d>\n\nbody: not a header';
    const expected = [
      { name: 'from', value: '<sip:a@b>' },
      { name: 'to', value: '<sip:c@d>' },
    ];
    expect(parseHeaderSection(lf)).toEqual(expected);
    expect(parseHeaderSection(toCrlf(lf))).toEqual(expected);
  });

  it('stops at the first blank line, so the body is never read', () => {
    const message =
      'INVITE sip:a@b SIP/2.0\r\nSubject: head\r\n\r\nSubject: body\r\nContact: <sip:x@y>;automata';
    expect(parseHeaderSection(message)).toEqual([{ name: 'subject', value: 'head' }]);
  });

  it('treats a whitespace-only line as the end of the headers', () => {
    expect(parseHeaderSection('INVITE x SIP/2.0\nSubject: a\n  \t\nPriority: urgent')).toEqual([
      { name: 'subject', value: 'a' },
    ]);
  });

  it('unfolds continuation lines starting with SP or HTAB (RFC 3261 §7.3.1)', () => {
    const message =
      "INVITE x SIP/2.0\r\nSubject: I know you're there,\r\n   pick up the phone\r\n\tand talk to me!\r\nTo: <sip:a@b>\r\n";
    expect(parseHeaderSection(message)).toEqual([
      { name: 'subject', value: "I know you're there, pick up the phone and talk to me!" },
      { name: 'to', value: '<sip:a@b>' },
    ]);
  });

  it('accepts any header-name case, compact forms and space before the colon', () => {
    expect(parseHeaderSection('INVITE x SIP/2.0\nfROM : <sip:a@b>\nm: <sip:x@y>\nS:hi')).toEqual([
      { name: 'from', value: '<sip:a@b>' },
      { name: 'contact', value: '<sip:x@y>' },
      { name: 'subject', value: 'hi' },
    ]);
  });

  it('skips leading blank lines (RFC 3261 §7.5) and reads headers when there is no start line', () => {
    expect(parseHeaderSection('\r\n\r\nINVITE x SIP/2.0\r\nTo: a')).toEqual([{ name: 'to', value: 'a' }]);
    expect(parseHeaderSection('From: a\nTo: b')).toEqual([
      { name: 'from', value: 'a' },
      { name: 'to', value: 'b' },
    ]);
  });

  it('ignores non-header lines and does not let a continuation attach across them', () => {
    const message = 'INVITE x\nSIP/2.0\nSubject: a\n...SDP SNIPPED...\n ;automata\nTo: b';
    expect(parseHeaderSection(message)).toEqual([
      { name: 'subject', value: 'a' },
      { name: 'to', value: 'b' },
    ]);
  });

  it('does not treat a lone CR as a line end', () => {
    expect(parseHeaderSection('INVITE x SIP/2.0\nSubject: a\rContact: <sip:x@y>;automata\n')).toEqual([
      { name: 'subject', value: 'a\rContact: <sip:x@y>;automata' },
    ]);
  });

  it('parses the MS-OCEXUM 4.2 example as printed', () => {
    const headers = parseHeaderSection(OCEXUM_4_2_PLAY_ON_PHONE_INVITE) ?? [];
    expect(headers.map((header) => header.name)).toEqual([
      'max-forwards',
      'content-length',
      'from',
      'to',
      'cseq',
      'call-id',
      'contact',
      'user-agent',
      'content-type',
      'allow',
      'ms-sensitivity',
      'allow',
    ]);
    expect(headerValues(headers, 'Allow')).toEqual([
      'UPDATE',
      'Ack, Cancel, Bye, Invite, Message, Info, Service, Options, BeNotify',
    ]);
  });

  it('returns undefined for non-strings', () => {
    expect(parseHeaderSection(undefined)).toBeUndefined();
    expect(parseHeaderSection(42)).toBeUndefined();
    expect(parseHeaderSection({ toString: () => 'From: a' })).toBeUndefined();
  });

  it('returns [] for empty or header-less text', () => {
    expect(parseHeaderSection('')).toEqual([]);
    expect(parseHeaderSection('\u0000\u0001\ufffd binary')).toEqual([]);
  });

  it('reads a huge message whose header section ends inside the window', () => {
    const message = `INVITE x SIP/2.0\r\nSubject: a\r\n\r\n${'x'.repeat(MAX_HEADER_SECTION_CHARS * 2)}`;
    expect(parseHeaderSection(message)).toEqual([{ name: 'subject', value: 'a' }]);
  });

  it('refuses a header section that runs past the window instead of truncating it', () => {
    const filler = `X-Filler: ${'y'.repeat(MAX_HEADER_SECTION_CHARS)}`;
    expect(parseHeaderSection(`INVITE x SIP/2.0\r\nSubject: a\r\n${filler}\r\n\r\n`)).toBeUndefined();
  });
});

describe('headerValues', () => {
  it('matches full and compact names in any case, in message order', () => {
    const headers = parseHeaderSection('INVITE x SIP/2.0\nContact: a\nm: b\nCONTACT: c\nTo: d') ?? [];
    expect(headerValues(headers, 'contact')).toEqual(['a', 'b', 'c']);
    expect(headerValues(headers, 'M')).toEqual(['a', 'b', 'c']);
  });
});
