import { describe, expect, it } from 'vitest';
import { padKeyTarget } from './dial-pad';

describe('the dial pad as one tab stop', () => {
  it('moves through the 3×4 keys with the arrows, wrapping, and jumps with Home/End', () => {
    expect(padKeyTarget(0, 'ArrowRight')).toBe(1);
    expect(padKeyTarget(11, 'ArrowRight')).toBe(0);
    expect(padKeyTarget(0, 'ArrowLeft')).toBe(11);
    expect(padKeyTarget(1, 'ArrowDown')).toBe(4);
    expect(padKeyTarget(10, 'ArrowDown')).toBe(1);
    expect(padKeyTarget(1, 'ArrowUp')).toBe(10);
    expect(padKeyTarget(5, 'Home')).toBe(0);
    expect(padKeyTarget(5, 'End')).toBe(11);
    expect(padKeyTarget(5, 'Tab')).toBeUndefined();
    expect(padKeyTarget(5, '5')).toBeUndefined();
  });
});
