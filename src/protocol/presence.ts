/**
 * The user's own presence states as far as call handling cares. `offline` is Lync's
 * "Appear Offline" (MS-OCEXUM 3.2), chosen by the user while still signed in.
 * Display labels belong to the UI layer, not here.
 */
export const PRESENCE_STATES = Object.freeze(['available', 'busy', 'dnd', 'brb', 'away', 'offline'] as const);

export type PresenceState = (typeof PRESENCE_STATES)[number];

/** Type guard for values read from storage or other untyped sources. */
export function isPresenceState(value: unknown): value is PresenceState {
  return typeof value === 'string' && (PRESENCE_STATES as readonly string[]).includes(value);
}

/**
 * The PIDF `<note>` published when the user gave none (English: watchers show it as-is). Here, not
 * in pidf.ts, so the UI can compare against it without bundling the PIDF code up front.
 */
export const DEFAULT_PRESENCE_NOTES: Readonly<Record<PresenceState, string>> = Object.freeze({
  available: 'Available',
  busy: 'Busy',
  dnd: 'Do Not Disturb',
  brb: 'Be Right Back',
  away: 'Away',
  offline: 'Offline',
});
