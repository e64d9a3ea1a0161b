import { describe, expect, it } from 'vitest';
import { parseServerList } from '../../config/server-list';
import { ServerRotation } from './server-rotation';

describe('the server list', () => {
  it('reads one URL or several, separated by spaces, commas or new lines, without duplicates', () => {
    expect(parseServerList('wss://a:7443')).toEqual(['wss://a:7443']);
    expect(parseServerList(' wss://a:7443, wss://b:7443\nwss://c  wss://a:7443 ')).toEqual([
      'wss://a:7443',
      'wss://b:7443',
      'wss://c',
    ]);
    expect(parseServerList('')).toEqual([]);
  });

  it('walks the list one step per loss and wraps around', () => {
    const r = new ServerRotation(['a', 'b', 'c']);
    expect(r.current).toBe('a');
    expect([r.advance(), r.advance(), r.advance()]).toEqual(['b', 'c', 'a']);
    const one = new ServerRotation(['only']);
    expect(one.advance()).toBe('only');
    expect(() => new ServerRotation([])).toThrow();
  });
});
