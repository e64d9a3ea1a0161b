import { describe, expect, it } from 'vitest';
import { MAX_RETRY_AFTER_MS, registerVerdict } from './register-outcome';

const answer = (status: number, extra: Partial<Parameters<typeof registerVerdict>[0]> = {}) => ({
  registered: false,
  status,
  fromWire: true,
  ...extra,
});

describe('registerVerdict', () => {
  it('keeps going once registered', () => {
    expect(registerVerdict(answer(200, { registered: true }), 3)).toEqual({ kind: 'registered' });
  });
  it('retries a 503 after its Retry-After, capped at 5 minutes', () => {
    expect(registerVerdict(answer(503, { reasonPhrase: 'Service Unavailable', retryAfter: '1' }), 0)).toEqual(
      {
        kind: 'retry',
        delayMs: 1000,
        reason: { kind: 'register-refused', status: 503, reasonPhrase: 'Service Unavailable' },
      },
    );
    expect(registerVerdict(answer(503, { retryAfter: '86400' }), 0)).toMatchObject({
      delayMs: MAX_RETRY_AFTER_MS,
    });
  });
  it('backs off (full jitter) when the registrar gives no Retry-After', () => {
    expect(registerVerdict(answer(500), 0, () => 0.5)).toMatchObject({ kind: 'retry', delayMs: 500 });
    expect(registerVerdict(answer(500), 3, () => 0.5)).toMatchObject({ kind: 'retry', delayMs: 4000 });
    expect(registerVerdict(answer(408), 0, () => 0)).toMatchObject({ kind: 'retry', delayMs: 0 });
  });
  it('stops on wrong credentials and says so', () => {
    for (const status of [401, 403, 407]) {
      const v = registerVerdict(answer(status), 0);
      expect(v.kind).toBe('stop');
      expect(v).toEqual({ kind: 'stop', reason: { kind: 'credentials-refused', status } });
    }
  });
  it('starts a fresh connection when the answer came from SIP.js timers, not the wire', () => {
    expect(registerVerdict(answer(408, { fromWire: false }), 0).kind).toBe('reconnect');
    expect(registerVerdict(answer(503, { fromWire: false }), 0).kind).toBe('reconnect');
    expect(registerVerdict(answer(0, { fromWire: false }), 0).kind).toBe('reconnect');
  });
  it('leaves 423 Interval Too Brief to SIP.js and retries a 200 that did not confirm our Contact', () => {
    expect(registerVerdict(answer(423), 0).kind).toBe('left-to-sipjs');
    expect(registerVerdict(answer(200), 0, () => 0)).toMatchObject({
      kind: 'retry',
      reason: { kind: 'contact-not-confirmed' },
    });
  });
});
