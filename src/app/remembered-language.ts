import type { PhoneStore } from '../store';

const KEY = 'um-phone.language.v1';

/**
 * The standalone app's language: `?lang=` if given, else the one picked last time on this browser
 * (undefined: follow the browser). Only the app remembers it; an embedded phone takes its `lang`
 * attribute and never writes the host origin's storage.
 */
export function initialLanguage(
  search: string,
  storage: Pick<Storage, 'getItem'> | undefined,
): string | undefined {
  const fromUrl = new URLSearchParams(search).get('lang');
  if (fromUrl) return fromUrl;
  try {
    return storage?.getItem(KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

/** Remembers the language whenever the user picks another one. */
export function rememberLanguage(
  store: PhoneStore,
  storage: Pick<Storage, 'setItem' | 'removeItem'> | undefined,
) {
  return store.subscribe((state, prev) => {
    if (state.language === prev.language) return;
    try {
      if (state.language) storage?.setItem(KEY, state.language);
      else storage?.removeItem(KEY);
    } catch {
      // Storage full or refused: the choice lasts for this page.
    }
  });
}
