import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNameAddr, parseSipUri, quoteDisplayName } from './uri';

describe('parseSipUri (RFC 3261 19.1.1, 25.1)', () => {
  it('reads user, host, port, parameters and escapes', () => {
    const uri = parseSipUri('sip:b%6Fb@UMPHONE.test:5061;opaque=app:voicemail;transport=tls;lr');
    expect(uri).toMatchObject({ scheme: 'sip', user: 'bob', host: 'umphone.test', port: 5061 });
    expect(uri?.params.get('opaque')).toBe('app:voicemail');
    expect(uri?.params.get('lr')).toBe('');
    expect(parseSipUri('sips:[::1]:5061')?.host).toBe('[::1]');
    expect(parseSipUri('sip:A410AA79-D874-4e56-9B46-709BDD0EB850')?.user).toBe('');
    expect(parseSipUri('sip:a;b@umphone.test')?.user).toBe('a;b'); // ';' is user-unreserved
    expect(parseSipUri('sip:bob@umphone.test?subject=hi&priority=urgent')?.user).toBe('bob');
  });

  it('refuses what the grammar does not produce', () => {
    for (const bad of [
      'tel:+123',
      'sip:bob@bad host',
      'sip:bob@alice@umphone.test', // '@' only ends the userinfo
      'sip:bob@umphone.test;opaque=a;opaque=b', // a parameter twice: ambiguous
      'sip:<bob>@umphone.test',
      'sip:"bob"@umphone.test',
      'sip:bob@umphone.test:0',
      'sip:bob@umphone.test:99999',
      'sip:bob%zz@umphone.test',
      'sip:bob%ff@umphone.test', // not UTF-8
      'sip:bob@-umphone.test',
      'sip:@umphone.test',
      'sip:bob@umphone.test;=x',
      'sip:bob@umphone.test?noequals',
    ])
      expect(parseSipUri(bad), bad).toBeUndefined();
  });
});

describe('parseNameAddr (RFC 3261 20.10, 25.1)', () => {
  it('takes a "<" inside the quoted display name as text (issue 12)', () => {
    const from = parseNameAddr('"<sip:bob@umphone.test>" <sip:alice@umphone.test>;tag=x');
    expect(from?.uri.user).toBe('alice');
    expect(from?.displayName).toBe('<sip:bob@umphone.test>');
    expect(from?.params.get('tag')).toBe('x');
  });

  it('reads quoted-pair escapes', () => {
    expect(parseNameAddr('"Alice \\"A\\" Example" <sip:alice@umphone.test>;tag=x')).toMatchObject({
      displayName: 'Alice "A" Example',
      uri: { user: 'alice' },
    });
    const escapedQuote = parseNameAddr('"x\\" <sip:bob@umphone.test>" <sip:alice@umphone.test>');
    expect(escapedQuote?.uri.user).toBe('alice');
    expect(escapedQuote?.displayName).toBe('x" <sip:bob@umphone.test>');
    expect(parseNameAddr('"back\\\\" <sip:alice@umphone.test>')?.displayName).toBe('back\\');
  });

  it('reads token display names, no display name and bare addr-spec', () => {
    expect(parseNameAddr('Alice  Example <sip:alice@umphone.test>')?.displayName).toBe('Alice Example');
    expect(parseNameAddr('<sip:alice@umphone.test>')).toMatchObject({
      displayName: '',
      uri: { user: 'alice' },
    });
    const bare = parseNameAddr('sip:bob@umphone.test;tag=1');
    expect(bare?.params.get('tag')).toBe('1');
    expect(bare?.uri.params.size).toBe(0); // 20.10: the parameters belong to the header
    const contact = parseNameAddr(
      '<sip:x@y.invalid;transport=ws;alias=127.0.0.1~41234~5>;+sip.instance="<urn:uuid:1>";expires=600',
    );
    expect(contact?.uri.params.get('alias')).toBe('127.0.0.1~41234~5');
    expect(contact?.params.get('+sip.instance')).toBe('"<urn:uuid:1>"');
    expect(parseNameAddr('<sip:a@b>;received=[::1]')?.params.get('received')).toBe('[::1]');
    expect(parseNameAddr('  "A"<sip:alice@umphone.test> ; tag = x ')?.params.get('tag')).toBe('x');
  });

  it('refuses ambiguous or malformed values instead of guessing', () => {
    for (const bad of [
      '<sip:unterminated',
      '"unterminated <sip:alice@umphone.test>',
      '"a\\" <sip:alice@umphone.test>', // the escaped quote leaves the string open
      '"<sip:bob@umphone.test>" <sip:alice@umphone.test> <sip:carol@umphone.test>',
      '<sip:bob@umphone.test> <sip:alice@umphone.test>',
      'sip:bob@umphone.test <sip:alice@umphone.test>',
      '<sip:bob@umphone.test>;tag=1;tag=2',
      '<sip:bob@umphone.test>;tag="x',
      '<sip:bob@umphone.test>garbage',
      '<sip:bob@umphone.test>;tag=x, <sip:alice@umphone.test>',
      'sip:bob@umphone.test?x=y',
      'Alice, Bob <sip:alice@umphone.test>', // ',' is not a token character
      'A\u00e9 <sip:alice@umphone.test>', // non-ASCII must be quoted
      '"a\u0000" <sip:alice@umphone.test>',
      '"a\\\u00e9" <sip:alice@umphone.test>', // quoted-pair is ASCII only
      '<sip:bob@umphone.test;x="y">',
      '<tel:+123>',
      '',
    ])
      expect(parseNameAddr(bad), JSON.stringify(bad)).toBeUndefined();
  });
});

// Alphabet rich in the characters that change how a name-addr splits.
const tricky = fc
  .array(
    fc.oneof(
      fc.constantFrom('"', '\\', '<', '>', ';', ',', ' ', '\t', '@', ':', '=', 'sip:', 'bob', 'umphone.test'),
      fc.string({ maxLength: 3 }),
      fc.string({ unit: 'grapheme', maxLength: 2 }),
    ),
    { maxLength: 20 },
  )
  .map((parts) => parts.join(''));

describe('parseNameAddr properties', () => {
  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), tricky), (text) => {
        parseNameAddr(text);
        parseSipUri(text);
      }),
      { numRuns: 3000 },
    );
  });

  it('a quoted display name round-trips and never changes the URI', () => {
    const displayName = fc
      .string({ unit: 'grapheme', maxLength: 30 })
      // quoted-string cannot carry control characters (RFC 3261 25.1), escaped or not.
      // eslint-disable-next-line no-control-regex
      .filter((s) => !/[\u0000-\u0008\u000a-\u001f\u007f]/.test(s));
    fc.assert(
      fc.property(displayName, fc.constantFrom('alice', 'bob', 'carol'), (name, user) => {
        const parsed = parseNameAddr(`${quoteDisplayName(name)} <sip:${user}@umphone.test>;tag=x`);
        expect(parsed?.displayName).toBe(name);
        expect(parsed?.uri.user).toBe(user);
        expect(parsed?.params.get('tag')).toBe('x');
      }),
      { numRuns: 2000 },
    );
  });

  it('raw text between the quotes can only make the value unparseable, never name someone else', () => {
    // The attack class of issue 12: whatever a caller writes into the display name, the
    // identity is the URI in the last angle brackets, or nothing.
    fc.assert(
      fc.property(tricky, (raw) => {
        const parsed = parseNameAddr(`"${raw}" <sip:alice@umphone.test>;tag=x`);
        if (parsed !== undefined) {
          expect(parsed.uri.user).toBe('alice');
          expect(parsed.uri.host).toBe('umphone.test');
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('is stable: a parsed value written back parses to the same identity', () => {
    fc.assert(
      fc.property(tricky, (raw) => {
        const parsed = parseNameAddr(raw);
        if (!parsed) return;
        const again = parseNameAddr(`${quoteDisplayName(parsed.displayName)} <${parsed.uri.text}>`);
        expect(again?.uri.user).toBe(parsed.uri.user);
        expect(again?.uri.host).toBe(parsed.uri.host);
      }),
      { numRuns: 3000 },
    );
  });
});
