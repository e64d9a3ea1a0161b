/**
 * The presence a user chose, kept in the browser per address of record, like the call history: a
 * user who set Appear Offline (or Do Not Disturb) stays so after a reload, a restored tab or the
 * next page of a portal that embeds the phone, instead of signing in visible and ringing. Stored
 * as the bare state name under `um-phone.presence.v1:<aor>`; anything else found there reads as
 * available.
 */
import { isPresenceState, type PresenceState } from '../protocol';
import { storedAor } from './history-storage';

const KEY_PREFIX = 'um-phone.presence.v1:';

type PresenceStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The storage key for one AOR (the same normalisation as the history's). */
export function presenceKey(aor: string): string {
  return KEY_PREFIX + storedAor(aor);
}

export function loadPresence(storage: PresenceStorage | undefined, aor: string): PresenceState {
  try {
    const value = storage?.getItem(presenceKey(aor));
    return isPresenceState(value) ? value : 'available';
  } catch {
    return 'available';
  }
}

/** Available is the default: nothing is kept for it. */
export function savePresence(
  storage: PresenceStorage | undefined,
  aor: string,
  presence: PresenceState,
): void {
  try {
    if (presence === 'available') storage?.removeItem(presenceKey(aor));
    else storage?.setItem(presenceKey(aor), presence);
  } catch {
    // storage full or refused: the choice holds for this page only
  }
}
