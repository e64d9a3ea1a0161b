import { describe, expect, it } from 'vitest';
import { resolveDialTarget } from './dial-target';

const own = 'sip:alice@umphone.test';

describe('resolveDialTarget', () => {
  it('completes a bare user name with the own domain', () => {
    expect(resolveDialTarget('bob', own)).toBe('sip:bob@umphone.test');
  });
  it('adds the sip: scheme to user@host', () => {
    expect(resolveDialTarget(' bob@example.com ', own)).toBe('sip:bob@example.com');
  });
  it('passes sip and sips URIs through', () => {
    expect(resolveDialTarget('sips:bob@example.com;transport=tls', own)).toBe(
      'sips:bob@example.com;transport=tls',
    );
  });
  it('keeps only dialable characters of a phone number', () => {
    expect(resolveDialTarget('+49 (30) 1234-56', own)).toBe('sip:+4930123456@umphone.test');
    expect(resolveDialTarget('tel:+1-555-0100', own)).toBe('sip:+15550100@umphone.test');
  });
  it('refuses text that could smuggle SIP syntax', () => {
    expect(() => resolveDialTarget('bob\r\nSubject: x', own)).toThrow(
      expect.objectContaining({ problem: 'invalid' }),
    );
    expect(() => resolveDialTarget('<sip:bob@x>', own)).toThrow(
      expect.objectContaining({ problem: 'invalid' }),
    );
    expect(() => resolveDialTarget('   ', own)).toThrow(expect.objectContaining({ problem: 'empty' }));
  });
  it('refuses URI headers, which would travel in the Request-URI and To (RFC 3261 §19.1.1)', () => {
    for (const text of [
      'sip:bob@example.com?Priority=emergency',
      'bob@example.com?Subject=hi',
      'bob?Call-Info=x',
      'sips:bob@example.com;transport=tls?Alert-Info=%3Chttp://x%3E',
    ])
      expect(() => resolveDialTarget(text, own), text).toThrow(
        expect.objectContaining({ problem: 'invalid' }),
      );
  });
});
