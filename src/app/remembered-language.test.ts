import { describe, expect, it } from 'vitest';
import { createPhoneStore } from '../store';
import { FakePhoneClient } from '../store/testing/fake-phone-client';
import { initialLanguage, rememberLanguage } from './remembered-language';

function memory() {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
  };
}

describe('remembered language', () => {
  it('prefers ?lang=, then the last pick, else the browser (undefined)', () => {
    const storage = memory();
    expect(initialLanguage('', storage)).toBeUndefined();
    storage.setItem('um-phone.language.v1', 'de');
    expect(initialLanguage('', storage)).toBe('de');
    expect(initialLanguage('?lang=en', storage)).toBe('en');
  });

  it('saves a pick and forgets it when the user goes back to the browser default', () => {
    const storage = memory();
    const store = createPhoneStore({ createClient: () => new FakePhoneClient() });
    rememberLanguage(store, storage);
    store.getState().actions.setLanguage('de');
    expect(storage.data.get('um-phone.language.v1')).toBe('de');
    store.getState().actions.setLanguage(undefined);
    expect(storage.data.size).toBe(0);
  });
});
