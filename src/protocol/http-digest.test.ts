import { describe, expect, it } from 'vitest';
import { md5Hex } from './md5';
import { digestAuthorization, parseDigestChallenge } from './http-digest';

describe('md5Hex (RFC 1321 test suite)', () => {
  it.each([
    ['', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['a', '0cc175b9c0f1b6a831c399e269772661'],
    ['abc', '900150983cd24fb0d6963f7d28e17f72'],
    ['message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
    ['abcdefghijklmnopqrstuvwxyz', 'c3fcd3d76192e4007dfb496cca67e13b'],
    [
      '12345678901234567890123456789012345678901234567890123456789012345678901234567890',
      '57edf4a22be3c955ac49da2e2107b67a',
    ],
  ])('md5(%j)', (input, hex) => {
    expect(md5Hex(input)).toBe(hex);
  });
  it('hashes the UTF-8 bytes of non-ASCII text (values from Node crypto)', () => {
    expect(md5Hex('\u00fc')).toBe('c03410a5204b21cd8229ff754688d743');
    expect(md5Hex('Grüße, 日本')).toBe('1be4f9be7786c360d6f621d458f0107c');
  });
  it('pads correctly across the 56-byte block boundary', () => {
    // 55, 56 and 64 bytes are where one-block/two-block padding changes.
    expect(md5Hex('a'.repeat(55))).toBe('ef1772b6dff9a122358552954ad0df65');
    expect(md5Hex('a'.repeat(56))).toBe('3b0c8ac703f828b04c6c197006d17218');
    expect(md5Hex('a'.repeat(64))).toBe('014842d480b571495a4a0363793f7367');
  });
});

describe('HTTP digest (RFC 7616 / RFC 2617)', () => {
  it('answers the RFC 2617 §3.5 example exactly', () => {
    const challenge = parseDigestChallenge(
      'Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
    );
    expect(challenge).toBeDefined();
    const header = digestAuthorization(
      challenge!,
      { username: 'Mufasa', password: 'Circle Of Life' },
      'GET',
      '/dir/index.html',
      '0a4f113b',
    );
    expect(header).toContain('response="6629fae49393a05397450978507c4ef1"');
    expect(header).toContain('nc=00000001');
    expect(header).toContain('opaque="5ccc069c403ebaf9f0171e9517f40e41"');
  });
  it('refuses non-digest, non-MD5 and incomplete challenges', () => {
    expect(parseDigestChallenge('Basic realm="x"')).toBeUndefined();
    // A name is a whole token: `xrealm` is not `realm`, and a word without `=` is skipped.
    expect(parseDigestChallenge('Digest xrealm="x", nonce="n"')).toBeUndefined();
    expect(parseDigestChallenge(`Digest ${'a'.repeat(10_000)} realm="r", nonce="n"`)).toMatchObject({
      realm: 'r',
      nonce: 'n',
    });
    expect(parseDigestChallenge('Digest realm="x", nonce="n", algorithm=SHA-256')).toBeUndefined();
    expect(parseDigestChallenge('Digest realm="x"')).toBeUndefined();
    expect(parseDigestChallenge(null)).toBeUndefined();
  });
  it('never lets a credential split the header', () => {
    const c = parseDigestChallenge('Digest realm="r", nonce="n"')!;
    expect(() => digestAuthorization(c, { username: 'a\r\nX: y', password: 'p' }, 'GET', '/', 'c')).toThrow();
  });
});
