/**
 * Phone settings: what a person configures on the sign-in / settings screen.
 * Everything except the password is remembered in localStorage.
 */
export type DtmfMode = 'rfc4733' | 'info';

export interface PhoneSettings {
  /**
   * WebSocket URL of the SIP proxy, e.g. `wss://sip.example.com:7443`, or several separated by
   * spaces (a cluster sharing registrations, tried in turn): `config/server-list.ts` reads it.
   */
  serverUrl: string;
  /** The user's SIP address of record, e.g. `sip:alice@umphone.test`. */
  aor: string;
  /** Digest user name; empty means the user part of the AOR. */
  authUser: string;
  displayName: string;
  /** STUN/TURN servers; empty means host candidates only (no 5 s STUN wait). */
  iceServers: string[];
  /** RFC 4733 telephone-events (default) or SIP INFO. */
  dtmfMode: DtmfMode;
  /**
   * Ask the voicemail server to skip the PIN (MS-OCEXUM 2.2.1) when the transport is trusted.
   * Never sent on an untrusted transport, whatever this says.
   */
  skipPin: boolean;
  /**
   * Base URL of the voicemail server's web API (message list, Play-On-Phone). Empty: no list,
   * only "Call voicemail".
   */
  voicemailApiUrl: string;
  /**
   * Hosts the voicemail server calls from. When not empty, a Play-On-Phone call (which rings even
   * under Appear Offline) must also have its Contact on one of them; empty: MS-OCEXUM 3.2 alone.
   */
  trustedVoicemailHosts: string[];
  /** SIP addresses whose presence the contacts strip shows (SUBSCRIBE, event presence). */
  contacts: string[];
  /** Audio devices (MediaDeviceInfo.deviceId); '' = the browser's default. */
  microphoneId: string;
  /** Call audio output (HTMLMediaElement.setSinkId). */
  speakerId: string;
  /** Ringtone output: e.g. loud speakers while calls go to a headset. */
  ringerId: string;
}

export const DEFAULT_SETTINGS: PhoneSettings = {
  serverUrl: 'ws://127.0.0.1:5066',
  aor: 'sip:alice@umphone.test',
  authUser: '',
  displayName: '',
  iceServers: [],
  dtmfMode: 'rfc4733',
  skipPin: true,
  voicemailApiUrl: 'http://127.0.0.1:8091',
  trustedVoicemailHosts: [],
  contacts: [],
  microphoneId: '',
  speakerId: '',
  ringerId: '',
};

const STORAGE_KEY = 'um-phone.settings.v1';

/** Reads remembered settings; anything malformed falls back to the defaults field by field. */
export function loadSettings(storage: Pick<Storage, 'getItem'> | undefined): PhoneSettings {
  let raw: unknown;
  try {
    raw = JSON.parse(storage?.getItem(STORAGE_KEY) ?? 'null');
  } catch {
    raw = null;
  }
  return normalizeSettings(raw);
}

/** Whether settings were saved here before (a returning user), not just the defaults. */
export function hasSavedSettings(storage: Pick<Storage, 'getItem'> | undefined): boolean {
  try {
    return storage?.getItem(STORAGE_KEY) != null;
  } catch {
    return false;
  }
}

export function saveSettings(storage: Pick<Storage, 'setItem'> | undefined, settings: PhoneSettings): void {
  try {
    // The password is never part of PhoneSettings, so it can never be written here.
    storage?.setItem(STORAGE_KEY, JSON.stringify(normalizeSettings(settings)));
  } catch {
    // Storage full or disabled (private mode): settings simply aren't remembered.
  }
}

/**
 * Settings come from the form, localStorage and the embed API, and several end up inside SIP
 * headers (From display name, digest user name, the AOR): no control character survives here, so
 * none can start a new header line (RFC 3261 §7.3.1) whatever the source.
 */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/g;

function stripControls(text: string): string {
  return text.replace(CONTROL_CHARACTERS, '');
}

function stringList(v: unknown, fallback: string[]): string[] {
  if (!Array.isArray(v)) return fallback;
  return v
    .filter((s): s is string => typeof s === 'string')
    .map((s) => stripControls(s).trim())
    .filter((s) => s !== '');
}

export function normalizeSettings(input: unknown): PhoneSettings {
  const o = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const str = (v: unknown, d: string) => (typeof v === 'string' ? stripControls(v).trim() : d);
  return {
    serverUrl: str(o.serverUrl, DEFAULT_SETTINGS.serverUrl),
    aor: str(o.aor, DEFAULT_SETTINGS.aor),
    authUser: str(o.authUser, DEFAULT_SETTINGS.authUser),
    displayName: str(o.displayName, DEFAULT_SETTINGS.displayName),
    iceServers: stringList(o.iceServers, DEFAULT_SETTINGS.iceServers),
    dtmfMode: o.dtmfMode === 'info' ? 'info' : 'rfc4733',
    skipPin: typeof o.skipPin === 'boolean' ? o.skipPin : DEFAULT_SETTINGS.skipPin,
    voicemailApiUrl: str(o.voicemailApiUrl, DEFAULT_SETTINGS.voicemailApiUrl),
    trustedVoicemailHosts: stringList(o.trustedVoicemailHosts, DEFAULT_SETTINGS.trustedVoicemailHosts).map(
      (h) => h.toLowerCase(),
    ),
    contacts: stringList(o.contacts, DEFAULT_SETTINGS.contacts),
    microphoneId: str(o.microphoneId, ''),
    speakerId: str(o.speakerId, ''),
    ringerId: str(o.ringerId, ''),
  };
}
