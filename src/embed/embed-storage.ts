import { historyKey } from '../store/history-storage';
import { presenceKey } from '../store/presence-storage';

/** What an element keeps, each per address of record: the call history and the chosen presence. */
const KEPT_PREFIXES = [historyKey(''), presenceKey('')];

/**
 * The storage an element's store gets: the call history and the presence the user chose (kept per
 * address of record, so two elements never share one) go to the page's localStorage; everything
 * else, i.e. the remembered settings, is dropped, because an element's settings are its attributes
 * and must not overwrite those of the standalone app or of another element on the same origin.
 */
export function historyOnlyStorage(backing: Storage | undefined): Storage | undefined {
  if (!backing) return undefined;
  const allowed = (key: string) => KEPT_PREFIXES.some((prefix) => key.startsWith(prefix));
  return {
    get length() {
      return 0;
    },
    key: () => null,
    clear: () => {},
    getItem: (key) => (allowed(key) ? backing.getItem(key) : null),
    setItem: (key, value) => {
      if (allowed(key)) backing.setItem(key, value);
    },
    removeItem: (key) => {
      if (allowed(key)) backing.removeItem(key);
    },
  };
}

/** localStorage, unless the page's browser refuses it (sandboxed frame, privacy settings). */
export function pageStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}
