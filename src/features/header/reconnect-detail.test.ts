import { describe, expect, it } from 'vitest';
import { reconnectDetail } from './reconnect-detail';

const clock = (at: number) => `T+${at / 1000}`;

describe('reconnectDetail', () => {
  it('says why and when the next attempt is', () => {
    expect(reconnectDetail('Connection to the server closed', 14_000, 10_200, clock)).toBe(
      'Connection to the server closed · next attempt in 4 s, at T+14',
    );
  });
  it('says "now" once the time has come', () => {
    expect(reconnectDetail(undefined, 5000, 6000, clock)).toBe('next attempt now');
  });
  it('is just the reason when no attempt is scheduled', () => {
    expect(reconnectDetail('Wrong user name or password (403)', undefined, 0, clock)).toBe(
      'Wrong user name or password (403)',
    );
    expect(reconnectDetail(undefined, undefined, 0, clock)).toBeUndefined();
  });
});
