import type { DtmfMode, PhoneSettings } from '../../config/settings';
import { MAX_SERVERS, parseServerList } from '../../config/server-list';
import { parseVoicemailApiUrls } from '../../um-api/voicemail-api-failover';
import { isTrustedWebApi } from '../../protocol';

/** The sign-in form as typed: ICE servers are one text, everything else as in PhoneSettings. */
export interface SettingsForm {
  serverUrl: string;
  aor: string;
  authUser: string;
  displayName: string;
  iceServers: string;
  dtmfMode: DtmfMode;
  skipPin: boolean;
  voicemailApiUrl: string;
  /** Trusted voicemail hosts as typed: commas or new lines. */
  trustedVoicemailHosts: string;
  /** Contacts whose presence is shown, as typed: commas or new lines. */
  contacts: string;
  microphoneId: string;
  speakerId: string;
  ringerId: string;
}

export type SettingsFormErrors = Partial<
  Record<
    'serverUrl' | 'aor' | 'iceServers' | 'voicemailApiUrl' | 'trustedVoicemailHosts' | 'contacts',
    string
  >
>;

export function formFromSettings(s: PhoneSettings): SettingsForm {
  return {
    serverUrl: s.serverUrl,
    aor: s.aor,
    authUser: s.authUser,
    displayName: s.displayName,
    iceServers: s.iceServers.join('\n'),
    dtmfMode: s.dtmfMode,
    skipPin: s.skipPin,
    voicemailApiUrl: s.voicemailApiUrl,
    trustedVoicemailHosts: s.trustedVoicemailHosts.join('\n'),
    contacts: s.contacts.join('\n'),
    microphoneId: s.microphoneId,
    speakerId: s.speakerId,
    ringerId: s.ringerId,
  };
}

/** "stun:a, turn:b" or one per line → ["stun:a", "turn:b"]. */
export function parseIceServers(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** `alice@example.com` → `sip:alice@example.com`; a sip:/sips: URI stays as typed. */
export function normalizeAor(text: string): string {
  const t = text.trim();
  return /^sips?:/i.test(t) ? t : `sip:${t}`;
}

const AOR_SHAPE = /^sips?:[^@\s<>"]+@[^@\s<>"]+$/i;
/** A host name, IPv4 address or bracketed IPv6 reference (RFC 3261 §25.1 host). */
const HOST_SHAPE = /^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]*[a-z0-9])?\.?$|^\[[0-9a-f:.]+\]$/;
const ICE_SCHEMES = /^(stun|stuns|turn|turns):\S+$/i;

function serverUrlError(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return 'Enter a WebSocket URL such as wss://sip.example.com:7443.';
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:')
    return 'The server URL must start with wss:// or ws://.';
  return undefined;
}

/** One server, or several tried in turn (a cluster): each must be a WebSocket URL on its own. */
function serverListError(text: string): string | undefined {
  const servers = parseServerList(text);
  if (servers.length <= 1) return serverUrlError(text);
  if (servers.length > MAX_SERVERS) return `At most ${MAX_SERVERS} servers.`;
  const bad = servers.find((server) => serverUrlError(server) !== undefined);
  return bad === undefined ? undefined : `“${bad}” is not a WebSocket URL (wss:// or ws://).`;
}

/** Checks the form; settings are returned only when there is nothing to fix. */
export function settingsFromForm(form: SettingsForm): {
  settings?: PhoneSettings;
  errors: SettingsFormErrors;
} {
  const errors: SettingsFormErrors = {};
  const serverError = serverListError(form.serverUrl);
  if (serverError) errors.serverUrl = serverError;

  const aor = normalizeAor(form.aor);
  if (form.aor.trim() === '') errors.aor = 'Enter your SIP address, e.g. sip:alice@example.com.';
  else if (!AOR_SHAPE.test(aor)) errors.aor = 'A SIP address looks like sip:alice@example.com.';

  const iceServers = parseIceServers(form.iceServers);
  const badIce = iceServers.find((s) => !ICE_SCHEMES.test(s));
  if (badIce !== undefined) errors.iceServers = `“${badIce}” is not a stun: or turn: URL.`;

  // One URL, or several voicemail servers sharing one store (tried in order, um-api failover).
  const apiUrls = parseVoicemailApiUrls(form.voicemailApiUrl);
  const voicemailApiUrl = apiUrls.join(' ');
  if (apiUrls.some((url) => !/^https?:\/\/[^\s,]+$/i.test(url)))
    errors.voicemailApiUrl = 'Enter an http:// or https:// URL, or leave it empty.';
  // It signs in with your password: in clear text only to this computer (as ws: for the server).
  else if (apiUrls.some((url) => !isTrustedWebApi(url)))
    errors.voicemailApiUrl = 'Use an https:// address (http:// only to this computer).';
  // A browser refuses to fetch a URL with credentials in it: say so here, not "cannot be reached".
  else if (apiUrls.some((url) => /^https?:\/\/[^/?#]*@/i.test(url)))
    errors.voicemailApiUrl = 'Leave out the user name and password: it signs in with yours.';

  const trustedVoicemailHosts = parseIceServers(form.trustedVoicemailHosts).map((h) => h.toLowerCase());
  const badHost = trustedVoicemailHosts.find((h) => !HOST_SHAPE.test(h));
  if (badHost !== undefined)
    errors.trustedVoicemailHosts = `“${badHost}” is not a host name or IP address (no port, no scheme).`;

  // `bob` stays short (the own domain is added when subscribing); anything else must be one SIP address.
  const contacts = [...new Set(parseIceServers(form.contacts))];
  const badContact = contacts.find((c) => !/^[^@\s<>"]+$/.test(c) && !AOR_SHAPE.test(normalizeAor(c)));
  if (badContact !== undefined) errors.contacts = `“${badContact}” is not a SIP address.`;

  if (Object.keys(errors).length > 0) return { errors };
  return {
    errors,
    settings: {
      serverUrl: parseServerList(form.serverUrl).join(' '),
      aor,
      authUser: form.authUser.trim(),
      displayName: form.displayName.trim(),
      iceServers,
      dtmfMode: form.dtmfMode,
      skipPin: form.skipPin,
      voicemailApiUrl,
      trustedVoicemailHosts,
      contacts,
      microphoneId: form.microphoneId,
      speakerId: form.speakerId,
      ringerId: form.ringerId,
    },
  };
}
