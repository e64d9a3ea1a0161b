import { describe, expect, it } from 'vitest';
import { MAX_SIP_URI_LENGTH, normalizeEscapes, parseSipUri } from './sip-uri';

describe('parseSipUri', () => {
  it('splits a full SIP URI into its components (RFC 3261 §19.1.1)', () => {
    const uri = parseSipUri(
      'SIP:alice:secret@Contoso.com:5061;transport=tls;lr;Opaque=app:voicemail?subject=hi&x=',
    );
    expect(uri).toEqual({
      scheme: 'sip',
      user: 'alice',
      password: 'secret',
      host: 'Contoso.com',
      port: 5061,
      params: [
        { name: 'transport', value: 'tls', raw: 'transport=tls' },
        { name: 'lr', value: undefined, raw: 'lr' },
        { name: 'opaque', value: 'app:voicemail', raw: 'Opaque=app:voicemail' },
      ],
      headers: [
        { name: 'subject', value: 'hi' },
        { name: 'x', value: '' },
      ],
      authority: 'alice:secret@Contoso.com:5061',
    });
  });

  it('handles sips, no user part, IPv4 and IPv6 hosts', () => {
    expect(parseSipUri('sips:contoso.com')).toMatchObject({
      scheme: 'sips',
      user: undefined,
      host: 'contoso.com',
    });
    expect(parseSipUri('sip:172.19.58.98:2280;transport=tls')).toMatchObject({
      host: '172.19.58.98',
      port: 2280,
    });
    expect(parseSipUri('sip:bob@[2001:db8::1]:5060')).toMatchObject({ host: '[2001:db8::1]', port: 5060 });
    expect(parseSipUri('sip:bob@[::1]')).toMatchObject({ host: '[::1]', port: undefined });
  });

  it('keeps a telephone-subscriber user part with its own parameters', () => {
    expect(parseSipUri('sip:+1-425-555-0100;phone-context=contoso.com@contoso.com;user=phone')).toMatchObject(
      {
        user: '+1-425-555-0100;phone-context=contoso.com',
        host: 'contoso.com',
        params: [{ name: 'user', value: 'phone', raw: 'user=phone' }],
      },
    );
  });

  it('treats an @ after ? as part of the headers, not the userinfo', () => {
    expect(parseSipUri('sip:biloxi.com?to=sip:bob@biloxi.com')).toMatchObject({
      user: undefined,
      host: 'biloxi.com',
      headers: [{ name: 'to', value: 'sip:bob@biloxi.com' }],
    });
  });

  it.each([
    '',
    'alice@contoso.com',
    'tel:+14255550100',
    'http://contoso.com',
    'sip:',
    'sip:@contoso.com',
    'sip:alice@',
    'sip:alice@contoso.com:',
    'sip:alice@contoso.com:99999',
    'sip:alice@contoso.com:50a',
    'sip:alice@[::1',
    'sip:alice@[::1]x',
    'sip:alice@conto$o.com',
    'sip:alice@contoso.com;=x',
    'sip:alice@contoso.com?=x',
    'sip: alice@contoso.com',
    'sip:alice@contoso.com\r\nX-Evil: 1',
    '<sip:alice@contoso.com>',
    '"A" sip:alice@contoso.com',
    `sip:${'a'.repeat(MAX_SIP_URI_LENGTH)}@contoso.com`,
  ])('rejects %j', (text) => {
    expect(parseSipUri(text)).toBeUndefined();
  });

  it('rejects non-strings without throwing', () => {
    expect(parseSipUri(42 as unknown as string)).toBeUndefined();
    expect(parseSipUri(null as unknown as string)).toBeUndefined();
  });

  it('tolerates empty parameters such as a trailing semicolon', () => {
    expect(parseSipUri('sip:alice@contoso.com;;lr;')?.params).toEqual([
      { name: 'lr', value: undefined, raw: 'lr' },
    ]);
  });
});

describe('normalizeEscapes (RFC 3261 §19.1.4)', () => {
  it('unescapes unreserved characters', () => {
    expect(normalizeEscapes('%61lice')).toBe('alice');
    expect(normalizeEscapes('%7E%2d%5F')).toBe('~-_');
  });

  it('keeps reserved characters, %, space and non-ASCII escaped, with upper-case hex', () => {
    expect(normalizeEscapes('a%3bb%40c')).toBe('a%3Bb%40c');
    expect(normalizeEscapes('%25%20%c3%a9')).toBe('%25%20%C3%A9');
  });

  it('leaves malformed escapes alone', () => {
    expect(normalizeEscapes('100%')).toBe('100%');
    expect(normalizeEscapes('%zz')).toBe('%zz');
  });
});
