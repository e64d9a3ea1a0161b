import { describe, expect, it } from 'vitest';
import { referrerOf } from './referred-by';

describe('referrerOf (RFC 3892 Referred-By)', () => {
  it('reads the proxy’s Referred-By as a bare address', () => {
    expect(referrerOf(['<sip:bob@umphone.test>'])).toBe('sip:bob@umphone.test');
    expect(referrerOf(['"Bob" <sip:bob@umphone.test;transport=ws>;cid="x@y"'])).toBe('sip:bob@umphone.test');
    expect(referrerOf(['sips:bob@umphone.test'])).toBe('sips:bob@umphone.test');
  });

  it('shows nothing for none, two, or one that is not a SIP address of someone', () => {
    expect(referrerOf([])).toBeUndefined();
    expect(referrerOf(['<sip:bob@umphone.test>', '<sip:eve@umphone.test>'])).toBeUndefined();
    expect(referrerOf(['<mailto:bob@umphone.test>'])).toBeUndefined();
    expect(referrerOf(['<sip:umphone.test>'])).toBeUndefined();
    expect(referrerOf(['<sip:bob@umphone.test'])).toBeUndefined();
    expect(referrerOf([''])).toBeUndefined();
  });
});
