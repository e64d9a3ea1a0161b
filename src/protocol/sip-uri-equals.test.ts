import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sipUriEquals } from './sip-uri-equals';

/** fast-check runs hundreds of cases: on a loaded machine that takes longer than Vitest's 5 s default. */
const PROPERTY_TEST = { timeout: 60_000 };

describe('sipUriEquals (RFC 3261 §19.1.4)', PROPERTY_TEST, () => {
  // The equivalent and non-equivalent pairs printed in RFC 3261 §19.1.4.
  it.each([
    ['sip:%61lice@atlanta.com;transport=TCP', 'sip:alice@AtLanTa.CoM;Transport=tcp'],
    ['sip:carol@chicago.com', 'sip:carol@chicago.com;newparam=5'],
    ['sip:carol@chicago.com', 'sip:carol@chicago.com;security=on'],
    [
      'sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com',
      'sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com',
    ],
    [
      'sip:alice@atlanta.com?subject=project%20x&priority=urgent',
      'sip:alice@atlanta.com?priority=urgent&subject=project%20x',
    ],
  ])('RFC example: %s == %s', (a, b) => {
    expect(sipUriEquals(a, b)).toBe(true);
    expect(sipUriEquals(b, a)).toBe(true);
  });

  it.each([
    ['SIP:ALICE@AtLanTa.CoM;Transport=udp', 'sip:alice@AtLanTa.CoM;Transport=UDP'],
    ['sip:bob@biloxi.com', 'sip:bob@biloxi.com:5060'],
    ['sip:bob@biloxi.com', 'sip:bob@biloxi.com;transport=udp'],
    ['sip:bob@biloxi.com', 'sip:bob@phone21.boxesbybob.com:6000;transport=tcp'],
    ['sip:carol@chicago.com', 'sip:carol@chicago.com?Subject=next%20meeting'],
    ['sip:bob@phone21.boxesbybob.com', 'sip:bob@192.0.2.4'],
    ['sip:carol@chicago.com;security=on', 'sip:carol@chicago.com;security=off'],
  ])('RFC example: %s != %s', (a, b) => {
    expect(sipUriEquals(a, b)).toBe(false);
    expect(sipUriEquals(b, a)).toBe(false);
  });

  it('ignores display names and header parameters, accepting bare and bracketed forms', () => {
    expect(
      sipUriEquals('<sip:alice@contoso.com>;tag=1;epid=2', '"Alice" <sip:alice@contoso.com>;tag=9'),
    ).toBe(true);
    expect(sipUriEquals('Alice <sip:alice@contoso.com>', 'sip:alice@contoso.com')).toBe(true);
  });

  it('compares scheme and host case-insensitively but the user part case-sensitively', () => {
    expect(sipUriEquals('SIP:alice@CONTOSO.COM', 'sip:alice@contoso.com')).toBe(true);
    expect(sipUriEquals('sip:Alice@contoso.com', 'sip:alice@contoso.com')).toBe(false);
  });

  it('compares the password case-sensitively and requires it on both sides', () => {
    expect(sipUriEquals('sip:alice:pw@contoso.com', 'sip:alice:pw@contoso.com')).toBe(true);
    expect(sipUriEquals('sip:alice:pw@contoso.com', 'sip:alice:PW@contoso.com')).toBe(false);
    expect(sipUriEquals('sip:alice:pw@contoso.com', 'sip:alice@contoso.com')).toBe(false);
  });

  it('never equates sip and sips', () => {
    expect(sipUriEquals('sips:alice@contoso.com', 'sip:alice@contoso.com')).toBe(false);
  });

  it('unescapes unreserved characters before comparing, but not reserved ones', () => {
    expect(sipUriEquals('sip:%61lice@contoso.com', 'sip:alice@contoso.com')).toBe(true);
    expect(sipUriEquals('sip:alice%3bx@contoso.com', 'sip:alice%3Bx@contoso.com')).toBe(true);
    expect(sipUriEquals('sip:alice%3Bx@contoso.com', 'sip:alice;x@contoso.com')).toBe(false);
  });

  it('applies the default-port rule: a port present in only one URI differs', () => {
    expect(sipUriEquals('sip:alice@contoso.com', 'sip:alice@contoso.com:5060')).toBe(false);
    expect(sipUriEquals('sips:alice@contoso.com', 'sips:alice@contoso.com:5061')).toBe(false);
    expect(sipUriEquals('sip:alice@contoso.com:5060', 'sip:alice@contoso.com:05060')).toBe(true);
    expect(sipUriEquals('sip:alice@contoso.com:5060', 'sip:alice@contoso.com:5061')).toBe(false);
  });

  it.each(['user=phone', 'ttl=1', 'method=INVITE', 'maddr=239.255.255.1', 'transport=tcp'])(
    'requires ;%s to be present in both URIs',
    (param) => {
      expect(sipUriEquals(`sip:alice@contoso.com;${param}`, 'sip:alice@contoso.com')).toBe(false);
      expect(sipUriEquals('sip:alice@contoso.com', `sip:alice@contoso.com;${param}`)).toBe(false);
      expect(
        sipUriEquals(`sip:alice@contoso.com;${param}`, `sip:alice@contoso.com;${param.toUpperCase()}`),
      ).toBe(true);
    },
  );

  it('ignores other parameters present in only one URI (such as opaque or gruu)', () => {
    expect(sipUriEquals('<sip:alice@contoso.com;opaque=app:voicemail>', '<sip:alice@contoso.com>')).toBe(
      true,
    );
    expect(sipUriEquals('sip:alice@contoso.com;gruu', 'sip:alice@contoso.com')).toBe(true);
  });

  it('requires other parameters present in both to match, case-insensitively', () => {
    expect(sipUriEquals('sip:a@h;opaque=APP:VoiceMail', 'sip:a@h;opaque=app:voicemail')).toBe(true);
    expect(sipUriEquals('sip:a@h;opaque=app:voicemail', 'sip:a@h;opaque=user:epid')).toBe(false);
    expect(sipUriEquals('sip:a@h;lr', 'sip:a@h;lr=on')).toBe(false);
  });

  it('requires all URI headers to match, names case-insensitively', () => {
    expect(sipUriEquals('sip:a@h?Subject=x', 'sip:a@h?subject=x')).toBe(true);
    expect(sipUriEquals('sip:a@h?subject=x', 'sip:a@h?subject=y')).toBe(false);
    expect(sipUriEquals('sip:a@h?subject=x&subject=x', 'sip:a@h?subject=x')).toBe(false);
  });

  it('is false for anything that is not a SIP or SIPS URI', () => {
    expect(sipUriEquals('tel:+14255550100', 'tel:+14255550100')).toBe(false);
    expect(sipUriEquals('', '')).toBe(false);
    expect(sipUriEquals('garbage', 'garbage')).toBe(false);
    expect(sipUriEquals(undefined as unknown as string, 'sip:a@h')).toBe(false);
    expect(sipUriEquals({} as unknown as string, {} as unknown as string)).toBe(false);
  });

  describe('properties', () => {
    const label = fc.stringMatching(/^[a-z0-9]{1,8}$/);
    const sipUri = fc
      .record({
        scheme: fc.constantFrom('sip', 'sips', 'SIP'),
        user: fc.option(fc.stringMatching(/^[A-Za-z0-9._+-]{1,10}$/), { nil: undefined }),
        host: fc.array(label, { minLength: 1, maxLength: 3 }).map((labels) => labels.join('.')),
        port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
        params: fc.array(fc.tuple(fc.constantFrom('transport', 'user', 'opaque', 'lr', 'x'), label), {
          maxLength: 3,
        }),
      })
      .map(
        ({ scheme, user, host, port, params }) =>
          `${scheme}:${user === undefined ? '' : `${user}@`}${host}${port === undefined ? '' : `:${port}`}` +
          params.map(([name, value]) => `;${name}=${value}`).join(''),
      );

    it('is reflexive for valid URIs, whatever the host case', () => {
      fc.assert(
        fc.property(sipUri, (uri) => {
          expect(sipUriEquals(uri, uri)).toBe(true);
          expect(sipUriEquals(uri, `"Name" <${uri}>;tag=1`)).toBe(true);
        }),
      );
    });

    it('is symmetric and never throws, even on arbitrary strings', () => {
      fc.assert(
        fc.property(fc.oneof(sipUri, fc.string()), fc.oneof(sipUri, fc.string()), (a, b) => {
          expect(sipUriEquals(a, b)).toBe(sipUriEquals(b, a));
        }),
      );
    });
  });
});
