import { describe, expect, it } from 'vitest';
import { NORMAL_RING, URGENT_RING, isWellFormed, ringPattern } from './ring-pattern';

describe('ring patterns', () => {
  it('are well formed', () => {
    expect(isWellFormed(NORMAL_RING)).toBe(true);
    expect(isWellFormed(URGENT_RING)).toBe(true);
  });

  it('make urgent calls sound different: higher and faster', () => {
    expect(ringPattern(true)).toBe(URGENT_RING);
    expect(ringPattern(false)).toBe(NORMAL_RING);
    expect(Math.min(...URGENT_RING.frequencies)).toBeGreaterThan(Math.max(...NORMAL_RING.frequencies));
    expect(URGENT_RING.period).toBeLessThan(NORMAL_RING.period);
    expect(URGENT_RING.bursts.length / URGENT_RING.period).toBeGreaterThan(
      NORMAL_RING.bursts.length / NORMAL_RING.period,
    );
  });

  it('rejects overlapping bursts or bursts past the end of the cycle', () => {
    expect(
      isWellFormed({
        ...NORMAL_RING,
        bursts: [
          { start: 0, duration: 1 },
          { start: 0.5, duration: 1 },
        ],
      }),
    ).toBe(false);
    expect(isWellFormed({ ...NORMAL_RING, bursts: [{ start: 2.9, duration: 0.5 }] })).toBe(false);
  });
});
