import { parseServerList } from '../config/server-list';
import { hasSavedSettings } from '../config/settings';
import type { EarlySocket } from '../sip/early-socket';
import type { PhoneStore } from '../store/phone-store';

/**
 * A returning user (server and address remembered, signed out) sees the sign-in form with only the
 * password to type: the WebSocket to the first server of the list opens meanwhile, and Sign in
 * adopts it if the server is still the same (src/sip/early-socket.ts, issue 17). Nothing
 * is sent on it before Sign in.
 */
export function openEarlySocketForReturningUser(
  store: PhoneStore,
  early: EarlySocket,
  remembered: boolean,
): void {
  const { registration, settings } = store.getState();
  // Only settings this user saved (`remembered`: read with them, hasSavedSettings), never the
  // defaults: they are the demo lab's, nobody's server.
  if (registration !== 'signed-out' || !remembered || !settings.aor.trim()) return;
  const first = parseServerList(settings.serverUrl)[0];
  if (first) early.open(first);
}

/**
 * Leaving the page closes the early socket (a page with an open WebSocket is kept out of the
 * back/forward cache); coming back from that cache opens it again if the user is still signed out.
 */
export function closeEarlySocketOnPageHide(
  store: PhoneStore,
  early: EarlySocket,
  storage: Pick<Storage, 'getItem'> | undefined,
  win: Window,
): void {
  win.addEventListener('pagehide', () => early.discard());
  win.addEventListener('pageshow', (e) => {
    if (e.persisted) openEarlySocketForReturningUser(store, early, hasSavedSettings(storage));
  });
}
