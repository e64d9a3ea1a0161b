import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './retry-after';

describe('parseRetryAfter (RFC 3261 §20.33)', () => {
  it('reads delta-seconds, with or without a comment and parameters', () => {
    expect(parseRetryAfter('18000;duration=3600')).toBe(18_000_000);
    expect(parseRetryAfter('120 (I am in a meeting)')).toBe(120_000);
    expect(parseRetryAfter(' 2 ')).toBe(2000);
    expect(parseRetryAfter('0')).toBe(0);
  });
  it('refuses anything that is not delta-seconds', () => {
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('')).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter('-5')).toBeUndefined();
    expect(parseRetryAfter('1.5')).toBeUndefined();
    expect(parseRetryAfter('Mon, 01 Jan 2024 00:00:00 GMT')).toBeUndefined();
  });
});
