import { describe, expect, it } from 'vitest';
import { parseHeaderParams, parseNameAddr, splitHeaderValues, unquote } from './name-addr';

describe('splitHeaderValues (RFC 3261 §7.3.1 comma-separated lists)', () => {
  it('splits top-level commas and trims the elements', () => {
    expect(splitHeaderValues('<sip:a@x>, <sip:b@y>;q=0.5 ,sip:c@z')).toEqual([
      '<sip:a@x>',
      '<sip:b@y>;q=0.5',
      'sip:c@z',
    ]);
  });

  it('does not split inside quoted display names, even with escaped quotes', () => {
    expect(splitHeaderValues('"Doe, John; \\"JD\\"" <sip:jd@x>, <sip:b@y>')).toEqual([
      '"Doe, John; \\"JD\\"" <sip:jd@x>',
      '<sip:b@y>',
    ]);
  });

  it('does not split inside angle brackets or quoted parameter values', () => {
    expect(splitHeaderValues('<sip:a,b@x>;p="1,2", <sip:c@y>')).toEqual(['<sip:a,b@x>;p="1,2"', '<sip:c@y>']);
  });

  it('drops empty elements', () => {
    expect(splitHeaderValues(' , <sip:a@x>,,')).toEqual(['<sip:a@x>']);
    expect(splitHeaderValues('')).toEqual([]);
  });

  it('keeps the rest of an unterminated quote in one element', () => {
    expect(splitHeaderValues('"open, <sip:a@x>, <sip:b@y>')).toEqual(['"open, <sip:a@x>, <sip:b@y>']);
  });
});

describe('unquote', () => {
  it('removes quotes and resolves quoted-pairs', () => {
    expect(unquote('"TRUE"')).toBe('TRUE');
    expect(unquote('"a \\"b\\" \\\\ c"')).toBe('a "b" \\ c');
    expect(unquote('TRUE')).toBe('TRUE');
    expect(unquote('"')).toBe('"');
  });
});

describe('parseHeaderParams', () => {
  it('parses valueless, token and quoted parameters with lower-cased names', () => {
    expect(parseHeaderParams(' ;Automata ; tag = 12 ;+sip.instance="<urn:uuid:1;x>"')).toEqual([
      { name: 'automata', value: undefined },
      { name: 'tag', value: '12' },
      { name: '+sip.instance', value: '"<urn:uuid:1;x>"' },
    ]);
  });

  it('returns [] for nothing and undefined for junk', () => {
    expect(parseHeaderParams('  ')).toEqual([]);
    expect(parseHeaderParams('junk;automata')).toBeUndefined();
    expect(parseHeaderParams(';=x')).toBeUndefined();
    expect(parseHeaderParams(';a="unterminated')).toBeUndefined();
  });
});

describe('parseNameAddr', () => {
  it('reads a quoted display name, bracketed URI and header parameters', () => {
    expect(parseNameAddr('"Alice, \\"A\\"" <sip:alice@contoso.com;transport=tls>;tag=1;epid=2')).toEqual({
      displayName: 'Alice, "A"',
      uri: 'sip:alice@contoso.com;transport=tls',
      params: [
        { name: 'tag', value: '1' },
        { name: 'epid', value: '2' },
      ],
      bracketed: true,
    });
  });

  it('reads a token display name and trims spaces inside the brackets', () => {
    expect(parseNameAddr('Alice Smith < sip:alice@contoso.com >')).toMatchObject({
      displayName: 'Alice Smith',
      uri: 'sip:alice@contoso.com',
      bracketed: true,
    });
  });

  it('takes the URI from the brackets, never from a URI-looking display name', () => {
    expect(parseNameAddr('"<sip:alice@contoso.com>" <sip:mallory@evil.example>')?.uri).toBe(
      'sip:mallory@evil.example',
    );
  });

  it('treats parameters after an unbracketed URI as header parameters (RFC 3261 §20.10)', () => {
    expect(parseNameAddr('sip:bob@contoso.com;opaque=app:voicemail')).toEqual({
      displayName: undefined,
      uri: 'sip:bob@contoso.com',
      params: [{ name: 'opaque', value: 'app:voicemail' }],
      bracketed: false,
    });
  });

  it("in 'uri' mode keeps an unbracketed value whole", () => {
    expect(parseNameAddr(' sip:bob@contoso.com;transport=tcp ', 'uri')).toEqual({
      displayName: undefined,
      uri: 'sip:bob@contoso.com;transport=tcp',
      params: [],
      bracketed: false,
    });
  });

  it.each([
    '',
    '   ',
    '"unterminated <sip:a@x>',
    '"Alice" sip:alice@x',
    '<sip:alice@x',
    '<>',
    '<sip:a@x> junk',
    'Al"ice <sip:a@x>',
    ';tag=1',
  ])('rejects %j', (text) => {
    expect(parseNameAddr(text)).toBeUndefined();
  });

  it('rejects non-strings without throwing', () => {
    expect(parseNameAddr(undefined as unknown as string)).toBeUndefined();
  });
});
