import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, hasSavedSettings, saveSettings } from '../config/settings';
import { EarlySocket } from '../sip/early-socket';
import type { PhoneStore } from '../store/phone-store';
import { openEarlySocketForReturningUser } from './early-connection';

function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    getItem: (k) => items.get(k) ?? null,
    setItem: (k, v) => void items.set(k, v),
    removeItem: (k) => void items.delete(k),
    clear: () => items.clear(),
    key: () => null,
    get length() {
      return items.size;
    },
  };
}

const storeWith = (registration: string, serverUrl: string) =>
  ({
    getState: () => ({ registration, settings: { ...DEFAULT_SETTINGS, serverUrl } }),
  }) as unknown as PhoneStore;

function opened(): { early: EarlySocket; urls: string[] } {
  const urls: string[] = [];
  const early = new EarlySocket((server) => {
    urls.push(server);
    return new EventTarget() as unknown as WebSocket;
  });
  return { early, urls };
}

describe('openEarlySocketForReturningUser', () => {
  it('opens nothing for a first visit: the defaults (the demo lab on loopback) are nobody’s server', () => {
    const { early, urls } = opened();
    openEarlySocketForReturningUser(
      storeWith('signed-out', DEFAULT_SETTINGS.serverUrl),
      early,
      hasSavedSettings(memoryStorage()),
    );
    expect(urls).toEqual([]);
  });

  it('opens the first server of a remembered list for a signed-out returning user', () => {
    const storage = memoryStorage();
    const servers = 'wss://a.example.com:7443 wss://b.example.com:7443';
    saveSettings(storage, { ...DEFAULT_SETTINGS, serverUrl: servers });
    const { early, urls } = opened();
    openEarlySocketForReturningUser(storeWith('signed-out', servers), early, hasSavedSettings(storage));
    expect(urls).toEqual(['wss://a.example.com:7443']);
  });

  it('opens nothing once signing in has begun', () => {
    const { early, urls } = opened();
    openEarlySocketForReturningUser(storeWith('connecting', 'wss://a.example.com:7443'), early, true);
    expect(urls).toEqual([]);
  });
});
