import { describe, expect, it } from 'vitest';
import { historyOnlyStorage } from './embed-storage';
import { historyKey } from '../store/history-storage';
import { presenceKey } from '../store/presence-storage';

function memory(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    key: (i) => [...m.keys()][i] ?? null,
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, v),
    removeItem: (k) => void m.delete(k),
  };
}

describe("an element's storage", () => {
  it('keeps the call history per address of record in the page storage', () => {
    const page = memory();
    const storage = historyOnlyStorage(page)!;
    storage.setItem(historyKey('sip:bob@umphone.test'), '{"v":1,"calls":[]}');
    expect(page.getItem(historyKey('sip:bob@umphone.test'))).toBe('{"v":1,"calls":[]}');
    expect(storage.getItem(historyKey('sip:bob@umphone.test'))).toBe('{"v":1,"calls":[]}');
  });

  it('keeps the presence the user chose per address of record (a portal page view signs in hidden)', () => {
    const page = memory();
    const storage = historyOnlyStorage(page)!;
    storage.setItem(presenceKey('sip:bob@umphone.test'), 'offline');
    expect(page.getItem(presenceKey('sip:bob@umphone.test'))).toBe('offline');
    expect(historyOnlyStorage(page)!.getItem(presenceKey('sip:bob@umphone.test'))).toBe('offline');
    storage.removeItem(presenceKey('sip:bob@umphone.test'));
    expect(page.getItem(presenceKey('sip:bob@umphone.test'))).toBeNull();
  });

  it("never reads or overwrites the standalone app's remembered settings", () => {
    const page = memory();
    page.setItem('um-phone.settings.v1', '{"aor":"sip:alice@umphone.test"}');
    const storage = historyOnlyStorage(page)!;
    expect(storage.getItem('um-phone.settings.v1')).toBeNull();
    storage.setItem('um-phone.settings.v1', '{"aor":"sip:bob@umphone.test"}');
    storage.removeItem('um-phone.settings.v1');
    expect(page.getItem('um-phone.settings.v1')).toBe('{"aor":"sip:alice@umphone.test"}');
  });
});
