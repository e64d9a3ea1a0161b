import { describe, expect, it } from 'vitest';
import { playerKeyAction } from './player-keys';

describe('player keys', () => {
  const at = (current: number, duration = 20) => ({ current, duration });
  it('Space and K play or pause', () => {
    expect(playerKeyAction(' ', at(3))).toEqual({ kind: 'toggle' });
    expect(playerKeyAction('k', at(3))).toEqual({ kind: 'toggle' });
  });
  it('arrows move 5 s, Page keys 10 s, Home and End to the ends, always inside the recording', () => {
    expect(playerKeyAction('ArrowRight', at(3))).toEqual({ kind: 'seek', to: 8 });
    expect(playerKeyAction('ArrowUp', at(3))).toEqual({ kind: 'seek', to: 8 });
    expect(playerKeyAction('ArrowLeft', at(8))).toEqual({ kind: 'seek', to: 3 });
    expect(playerKeyAction('ArrowLeft', at(2))).toEqual({ kind: 'seek', to: 0 });
    expect(playerKeyAction('ArrowRight', at(18))).toEqual({ kind: 'seek', to: 20 });
    expect(playerKeyAction('PageUp', at(3))).toEqual({ kind: 'seek', to: 13 });
    expect(playerKeyAction('PageDown', at(3))).toEqual({ kind: 'seek', to: 0 });
    expect(playerKeyAction('Home', at(12))).toEqual({ kind: 'seek', to: 0 });
    expect(playerKeyAction('End', at(1))).toEqual({ kind: 'seek', to: 20 });
  });
  it('before the duration is known nothing seeks past 0; other keys are left alone (Tab keeps working)', () => {
    expect(playerKeyAction('End', at(0, NaN))).toEqual({ kind: 'seek', to: 0 });
    expect(playerKeyAction('ArrowRight', at(0, Infinity))).toEqual({ kind: 'seek', to: 0 });
    expect(playerKeyAction('Tab', at(3))).toBeUndefined();
    expect(playerKeyAction('Enter', at(3))).toBeUndefined();
  });
});
