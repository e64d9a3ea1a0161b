import { describe, expect, it } from 'vitest';
import { backoffDelay, RECONNECT_BACKOFF } from './reconnect-backoff';

describe('backoffDelay (exponential, full jitter)', () => {
  it('retries the first time in under a second', () => {
    for (const r of [0, 0.5, 0.999999]) expect(backoffDelay(0, () => r)).toBeLessThan(1000);
  });
  it('doubles the ceiling on each attempt', () => {
    const top = (attempt: number) => backoffDelay(attempt, () => 0.9999999);
    expect(top(0)).toBe(999);
    expect(top(1)).toBe(1999);
    expect(top(2)).toBe(3999);
    expect(top(4)).toBe(15_999);
  });
  it('never waits longer than 30 s, however many attempts (no limit on attempts)', () => {
    for (const attempt of [5, 6, 10, 100, 1e6, Infinity]) {
      const d = backoffDelay(attempt, () => 0.9999999);
      expect(d).toBeLessThan(RECONNECT_BACKOFF.capMs);
      expect(d).toBeGreaterThan(29_000);
    }
  });
  it('is full jitter: anywhere from 0 to the ceiling', () => {
    expect(backoffDelay(3, () => 0)).toBe(0);
    expect(backoffDelay(3, () => 0.5)).toBe(4000);
  });
  it('survives a broken random source and negative attempts', () => {
    expect(backoffDelay(-3, () => 2)).toBeLessThan(1000);
    expect(backoffDelay(Number.NaN, () => -1)).toBe(0);
  });
});
