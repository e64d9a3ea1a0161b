import { describe, expect, it } from 'vitest';
import { formatDuration, msUntilNextSecond } from './format';

describe('formatDuration', () => {
  it('shows minutes and seconds with two digits each', () => {
    expect(formatDuration(0)).toBe('00:00');
    expect(formatDuration(999)).toBe('00:00');
    expect(formatDuration(1000)).toBe('00:01');
    expect(formatDuration(65_500)).toBe('01:05');
    expect(formatDuration(59 * 60_000 + 59_999)).toBe('59:59');
  });

  it('adds hours from one hour on', () => {
    expect(formatDuration(3600_000)).toBe('1:00:00');
    expect(formatDuration(2 * 3600_000 + 3 * 60_000 + 4_000)).toBe('2:03:04');
  });

  it('reads a clock that stepped back, or garbage, as zero', () => {
    expect(formatDuration(-5000)).toBe('00:00');
    expect(formatDuration(Number.NaN)).toBe('00:00');
  });
});

describe('msUntilNextSecond', () => {
  it('waits until the next whole second since the start', () => {
    expect(msUntilNextSecond(1000, 1000)).toBe(1000);
    expect(msUntilNextSecond(1000, 1250)).toBe(750);
    expect(msUntilNextSecond(1000, 3999)).toBe(1);
  });

  it('stays within one second when the start lies in the future', () => {
    const ms = msUntilNextSecond(5000, 4700);
    expect(ms).toBeGreaterThan(0);
    expect(ms).toBeLessThanOrEqual(1000);
  });
});
