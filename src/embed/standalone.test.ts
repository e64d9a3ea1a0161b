import { describe, expect, it } from 'vitest';
import { framedPhoneStorage, launchCall } from './standalone';
import { historyKey } from '../store/history-storage';

describe('the app opened to place a call', () => {
  it('reads ?call= as the protocol handler fills it in (an escaped sip: URI)', () => {
    expect(launchCall(`?call=${encodeURIComponent('sip:bob@umphone.test')}&subject=From%20a%20link`)).toEqual(
      {
        target: 'sip:bob@umphone.test',
        options: { subject: 'From a link' },
      },
    );
    expect(launchCall('?call=tel%3A%2B49-30-1234')?.target).toBe('tel:+49-30-1234');
  });

  it('takes a plain name or number as typed, and nothing without ?call=', () => {
    expect(launchCall('?call=bob')).toEqual({ target: 'bob', options: {} });
    expect(launchCall('?embed=iframe')).toBeUndefined();
    expect(launchCall('?call=%20')).toBeUndefined();
  });
});

describe('the app framed by another page (iframe mode)', () => {
  const settingsKey = 'um-phone.settings.v1';
  const page = () => {
    const m = new Map<string, string>([[settingsKey, '{"aor":"sip:alice@umphone.test"}']]);
    return {
      m,
      storage: {
        length: 0,
        key: () => null,
        clear: () => m.clear(),
        getItem: (k: string) => m.get(k) ?? null,
        setItem: (k: string, v: string) => void m.set(k, v),
        removeItem: (k: string) => void m.delete(k),
      } satisfies Storage,
    };
  };
  const win = (search: string, framed: boolean) => {
    const w = { location: { search } } as { location: { search: string }; parent?: unknown };
    w.parent = framed ? {} : w;
    return w as unknown as Window;
  };

  it("keeps its call history but never reads or writes the standalone app's settings", () => {
    const { m, storage } = page();
    const framed = framedPhoneStorage(
      win('?embed=iframe&allowedOrigins=https://portal.test', true),
      storage,
    )!;
    expect(framed.getItem(settingsKey)).toBeNull();
    framed.setItem(settingsKey, '{"aor":"sip:alice@umphone.test","voicemailApiUrl":"https://evil.test"}');
    framed.setItem(historyKey('sip:alice@umphone.test'), '{"v":1,"calls":[]}');
    expect(m.get(settingsKey)).toBe('{"aor":"sip:alice@umphone.test"}');
    expect(m.get(historyKey('sip:alice@umphone.test'))).toBe('{"v":1,"calls":[]}');
  });

  it('is the standalone app, remembering its settings, when not framed or not asked to be', () => {
    const { storage } = page();
    expect(framedPhoneStorage(win('?embed=iframe', false), storage)).toBe(storage);
    expect(framedPhoneStorage(win('', true), storage)).toBe(storage);
  });
});
