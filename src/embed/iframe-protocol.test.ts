import { describe, expect, it } from 'vitest';
import { isFrameRequest, resolveAllowedOrigins } from './iframe-protocol';

describe('iframe allow-list', () => {
  it('normalises origins and never allows * or opaque origins', () => {
    expect(
      resolveAllowedOrigins('https://portal.example.com/path, http://127.0.0.1:4318 * null file:///x'),
    ).toEqual(['https://portal.example.com', 'http://127.0.0.1:4318']);
  });

  it('lets the framing page only narrow the deployment list', () => {
    const configured = 'https://a.example, https://b.example';
    expect(resolveAllowedOrigins('https://b.example, https://evil.example', configured)).toEqual([
      'https://b.example',
    ]);
    expect(resolveAllowedOrigins(null, configured)).toEqual(['https://a.example', 'https://b.example']);
    expect(resolveAllowedOrigins('https://evil.example', configured)).toEqual([]);
  });

  it('recognises only well-formed requests for known methods', () => {
    expect(isFrameRequest({ umPhone: 1, id: 1, method: 'call', args: ['bob'] })).toBe(true);
    expect(isFrameRequest({ umPhone: 1, id: 1, method: 'constructor', args: [] })).toBe(false);
    expect(isFrameRequest({ umPhone: 1, id: '1', method: 'call', args: [] })).toBe(false);
    expect(isFrameRequest('call bob')).toBe(false);
  });
});
