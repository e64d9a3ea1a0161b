import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OCEXUM_4_1_SKIP_PIN_INVITE } from './fixtures';
import { InvalidSipUriError } from './invalid-sip-uri-error';
import { VOICEMAIL_OPAQUE, voicemailUri } from './voicemail-uri';

/** fast-check runs hundreds of cases: on a loaded machine that takes longer than Vitest's 5 s default. */
const PROPERTY_TEST = { timeout: 60_000 };

describe('voicemailUri (MS-OCEXUM 4.1)', PROPERTY_TEST, () => {
  it('adds ;opaque=app:voicemail to the AOR, matching the 4.1 Request-URI', () => {
    expect(voicemailUri('sip:alice@contoso.com')).toBe('sip:alice@contoso.com;opaque=app:voicemail');
    expect(
      OCEXUM_4_1_SKIP_PIN_INVITE.startsWith(`INVITE ${voicemailUri('sip:alice@contoso.com')} SIP/2.0\n`),
    ).toBe(true);
    expect(VOICEMAIL_OPAQUE).toBe('app:voicemail');
  });

  it('keeps sips', () => {
    expect(voicemailUri('sips:alice@contoso.com')).toBe('sips:alice@contoso.com;opaque=app:voicemail');
    expect(voicemailUri('SIPS:alice@contoso.com')).toBe('sips:alice@contoso.com;opaque=app:voicemail');
  });

  it('replaces an existing opaque parameter of any case instead of duplicating it', () => {
    expect(voicemailUri('sip:alice@contoso.com;opaque=user:epid:ihclvAI6;gruu')).toBe(
      'sip:alice@contoso.com;gruu;opaque=app:voicemail',
    );
    expect(voicemailUri('sip:alice@contoso.com;OPAQUE=x;Opaque;transport=tls')).toBe(
      'sip:alice@contoso.com;transport=tls;opaque=app:voicemail',
    );
    expect(voicemailUri('sip:alice@contoso.com;opaque=app:voicemail')).toBe(
      'sip:alice@contoso.com;opaque=app:voicemail',
    );
  });

  it('keeps other URI parameters, port and user/password as written', () => {
    expect(voicemailUri('sip:Alice@Contoso.com:5061;transport=tls;user=phone')).toBe(
      'sip:Alice@Contoso.com:5061;transport=tls;user=phone;opaque=app:voicemail',
    );
    expect(voicemailUri('sip:+14255550100;phone-context=contoso.com@contoso.com;user=phone')).toBe(
      'sip:+14255550100;phone-context=contoso.com@contoso.com;user=phone;opaque=app:voicemail',
    );
  });

  it('returns the bare URI for angle-bracket and name-addr input', () => {
    expect(voicemailUri('<sip:alice@contoso.com>')).toBe('sip:alice@contoso.com;opaque=app:voicemail');
    expect(voicemailUri('"Alice, A." <sip:alice@contoso.com;transport=tls>;tag=1;epid=2')).toBe(
      'sip:alice@contoso.com;transport=tls;opaque=app:voicemail',
    );
  });

  it('drops URI headers (not allowed in a Request-URI, RFC 3261 §19.1.1)', () => {
    expect(voicemailUri('sip:alice@contoso.com;transport=tls?subject=hi&priority=urgent')).toBe(
      'sip:alice@contoso.com;transport=tls;opaque=app:voicemail',
    );
  });

  it('takes a scheme-less user@host as sip:', () => {
    expect(voicemailUri('alice@contoso.com')).toBe('sip:alice@contoso.com;opaque=app:voicemail');
    expect(voicemailUri('alice@contoso.com:5061')).toBe('sip:alice@contoso.com:5061;opaque=app:voicemail');
  });

  it.each([
    '',
    '   ',
    'alice',
    'tel:+14255550100',
    'mailto:alice@contoso.com',
    'https://contoso.com',
    'sip:',
    'sip:alice@contoso.com\r\nMs-Exchange-Command: skip-pin',
    'sip:alice@contoso.com\u0085',
    'sip:ali ce@contoso.com',
    '<sip:alice@contoso.com',
  ])('throws InvalidSipUriError for %j', (aor) => {
    expect(() => voicemailUri(aor)).toThrow(InvalidSipUriError);
  });

  it('throws InvalidSipUriError for non-strings', () => {
    expect(() => voicemailUri(undefined as unknown as string)).toThrow(InvalidSipUriError);
    expect(() => voicemailUri({} as unknown as string)).toThrow(InvalidSipUriError);
  });

  it('is idempotent and always yields exactly one opaque parameter', () => {
    const aor = fc
      .tuple(
        fc.stringMatching(/^[a-z0-9._-]{1,10}$/),
        fc.stringMatching(/^[a-z0-9]{1,8}(\.[a-z0-9]{1,8}){0,2}$/),
        fc.array(fc.constantFrom(';opaque=x', ';Opaque', ';transport=tls', ';gruu', ';user=phone'), {
          maxLength: 4,
        }),
      )
      .map(([user, host, params]) => `sip:${user}@${host}${params.join('')}`);
    fc.assert(
      fc.property(aor, (uri) => {
        const once = voicemailUri(uri);
        expect(voicemailUri(once)).toBe(once);
        expect(once.toLowerCase().match(/;opaque[=;]?/g)).toHaveLength(1);
        expect(once.endsWith(';opaque=app:voicemail')).toBe(true);
      }),
    );
  });
});
