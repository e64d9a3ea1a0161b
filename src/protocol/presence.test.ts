import { describe, expect, it } from 'vitest';
import { PRESENCE_STATES, isPresenceState } from './presence';

describe('PRESENCE_STATES', () => {
  it('lists the six states, offline being Appear Offline', () => {
    expect(PRESENCE_STATES).toEqual(['available', 'busy', 'dnd', 'brb', 'away', 'offline']);
  });

  it('cannot be modified at runtime', () => {
    expect(Object.isFrozen(PRESENCE_STATES)).toBe(true);
    expect(() => (PRESENCE_STATES as unknown as string[]).push('invisible')).toThrow(TypeError);
  });
});

describe('isPresenceState', () => {
  it('accepts exactly the listed states', () => {
    for (const state of PRESENCE_STATES) expect(isPresenceState(state)).toBe(true);
    for (const value of ['Available', 'invisible', '', undefined, null, 1, {}])
      expect(isPresenceState(value)).toBe(false);
  });
});
