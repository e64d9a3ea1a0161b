import {
  digestAuthorization,
  displaySafeText,
  isTrustedWebApi,
  parseDigestChallenge,
  type DigestChallenge,
} from '../protocol';

/**
 * Client of the voicemail server's web API, modelled on the Exchange UM web-service operations
 * PlayOnPhone / GetCallInfo / DisconnectPhoneCall ([MS-OXWUMS]). The phone proves it is the
 * mailbox owner with HTTP Digest (RFC 7616) over the same credentials it registers with.
 */
export interface VoicemailMessage {
  id: string;
  /** Caller's URI. */
  caller: string;
  callerName?: string;
  /** ISO 8601. */
  receivedAt: string;
  durationSeconds: number;
  subject?: string;
  priority?: string;
  urgent: boolean;
  heard: boolean;
  /**
   * Voice Mail Preview: the server's transcription of the message (remote text, shown as text);
   * pending while it is being made; absent from a server that makes none.
   */
  preview?: VoicemailPreview;
}

export type VoicemailPreview =
  { status: 'pending' } | { status: 'ready'; text: string } | { status: 'failed' };

/** The longest preview the phone shows (characters); the rest is cut. */
export const MAX_PREVIEW_LENGTH = 2000;

/** A server's preview record, checked; undefined when there is none (or it is not understood). */
export function toPreview(value: unknown): VoicemailPreview | undefined {
  if (!isRecord(value)) return undefined;
  if (value.status === 'pending' || value.status === 'failed') return { status: value.status };
  if (value.status === 'ready' && typeof value.text === 'string') {
    // Remote text: no bidi controls or line separators (displaySafeText), cut between characters,
    // never inside a surrogate pair.
    const text = [...displaySafeText(value.text).trim()].slice(0, MAX_PREVIEW_LENGTH).join('').trim();
    return text ? { status: 'ready', text } : { status: 'failed' };
  }
  return undefined;
}

/** [MS-OXWUMS] CallState. */
export type PhoneCallState =
  | 'idle'
  | 'connecting'
  | 'alerted'
  | 'connected'
  | 'disconnected'
  | 'incoming'
  | 'transferring'
  | 'forwarding';

export interface PhoneCallInfo {
  callState: PhoneCallState;
  /** [MS-OXWUMS] EventCause: none, userBusy, noAnswer, unavailable, other. */
  eventCause: string;
}

/**
 * One MS-EUMR 3.2 user notification the proxy sent the voicemail server about a call to this
 * user (GET /um/notifications): a missed call, a call answered elsewhere, or a forwarding refused.
 * Remote text, as the server passed it on.
 */
export interface CallEvent {
  type: 'missed' | 'answered' | 'forbidden';
  /** Call-ID of the INVITE the event is about. */
  callId: string;
  /** The INVITE's From value (a URI, possibly with a display name). */
  caller: string;
  /** When the proxy reported it (epoch ms). */
  time: number;
  subject?: string;
  priority?: string;
  missedReason?: 'CallerReleased' | 'Declined';
  target?: string;
  answeredBy?: string;
}

export class VoicemailApiError extends Error {
  override name = 'VoicemailApiError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface VoicemailApiLike {
  listMessages(): Promise<VoicemailMessage[]>;
  playOnPhone(itemId: string, dialString: string): Promise<string>;
  getCallInfo(callId: string): Promise<PhoneCallInfo>;
  disconnectPhoneCall(callId: string): Promise<void>;
  /** The user's call events, newest first (optional: an older server has none). */
  listCallEvents?(): Promise<CallEvent[]>;
  /** The message's recording (audio/wav), fetched with the user's Digest credentials. */
  fetchAudio?(itemId: string, range?: { start: number; end?: number }): Promise<AudioResponse>;
  /** Marks a message read (heard) or unread; the server's MWI follows. */
  setHeard?(itemId: string, heard: boolean): Promise<void>;
  /** Moves a message to the server's trash; resolves with when it stops being restorable. */
  deleteMessage?(itemId: string): Promise<{ restorableUntil?: string }>;
  /** Takes a message out of the trash. */
  restoreMessage?(itemId: string): Promise<void>;
}

/** An audio answer: 200 (whole) or 206 (the range asked for, with its Content-Range). */
export interface AudioResponse {
  status: number;
  blob: Blob;
  contentRange?: string;
}

const CALL_STATES: readonly PhoneCallState[] = [
  'idle',
  'connecting',
  'alerted',
  'connected',
  'disconnected',
  'incoming',
  'transferring',
  'forwarding',
];

export class VoicemailApi implements VoicemailApiLike {
  private challenge?: DigestChallenge;
  private nc = 0;
  /** The first request, while it fetches the challenge: the others wait for it (one 401, not one each). */
  private firstContact?: Promise<unknown>;

  constructor(
    private readonly baseUrl: string,
    private readonly credentials: { username: string; password: string },
    private readonly fetchImpl: typeof fetch = (...a) => fetch(...a),
  ) {}

  async listMessages(): Promise<VoicemailMessage[]> {
    const body = await this.request('GET', '/um/messages');
    const list = Array.isArray(body)
      ? body
      : isRecord(body) && Array.isArray(body.messages)
        ? body.messages
        : [];
    return list.filter(isRecord).map(toMessage);
  }

  async playOnPhone(itemId: string, dialString: string): Promise<string> {
    const body = await this.request('POST', '/um/PlayOnPhone', { itemId, dialString });
    const callId = isRecord(body) ? body.callId : undefined;
    if (typeof callId !== 'string' || callId === '')
      throw new VoicemailApiError('The voicemail server gave no call id.', 502);
    return callId;
  }

  async getCallInfo(callId: string): Promise<PhoneCallInfo> {
    const body = await this.request('GET', `/um/GetCallInfo?callId=${encodeURIComponent(callId)}`);
    const rec = isRecord(body) ? body : {};
    const state = CALL_STATES.find((s) => s === rec.callState) ?? 'idle';
    return { callState: state, eventCause: typeof rec.eventCause === 'string' ? rec.eventCause : 'none' };
  }

  async disconnectPhoneCall(callId: string): Promise<void> {
    await this.request('POST', '/um/DisconnectPhoneCall', { callId });
  }

  async listCallEvents(): Promise<CallEvent[]> {
    const body = await this.request('GET', '/um/notifications');
    const list = isRecord(body) && Array.isArray(body.notifications) ? body.notifications : [];
    return list.filter(isRecord).flatMap((r) => toCallEvent(r) ?? []);
  }

  async fetchAudio(itemId: string, range?: { start: number; end?: number }): Promise<AudioResponse> {
    const headers: Record<string, string> = { Accept: 'audio/wav' };
    if (range) headers.Range = `bytes=${range.start}-${range.end ?? ''}`;
    const response = await this.exchange(
      'GET',
      `/um/messages/${encodeURIComponent(itemId)}/audio`,
      undefined,
      headers,
    );
    if (!response.ok) await this.fail(response);
    return {
      status: response.status,
      blob: await response.blob(),
      contentRange: response.headers.get('Content-Range') ?? undefined,
    };
  }

  async setHeard(itemId: string, heard: boolean): Promise<void> {
    await this.request('PATCH', `/um/messages/${encodeURIComponent(itemId)}`, { heard });
  }

  async deleteMessage(itemId: string): Promise<{ restorableUntil?: string }> {
    const body = await this.request('DELETE', `/um/messages/${encodeURIComponent(itemId)}`);
    const until =
      isRecord(body) && typeof body.restorableUntil === 'string' ? body.restorableUntil : undefined;
    return { restorableUntil: until };
  }

  async restoreMessage(itemId: string): Promise<void> {
    await this.request('POST', `/um/messages/${encodeURIComponent(itemId)}/restore`);
  }

  private async request(method: string, path: string, json?: unknown): Promise<unknown> {
    const response = await this.exchange(method, path, json, { Accept: 'application/json' });
    if (!response.ok) await this.fail(response);
    return parseJson(await response.text());
  }

  private async fail(response: Response): Promise<never> {
    const body = parseJson(await response.text());
    const message = isRecord(body) && typeof body.error === 'string' ? body.error : response.statusText;
    throw new VoicemailApiError(
      `Voicemail: ${message || 'request failed'} (${response.status})`,
      response.status,
    );
  }

  /** One request with the Digest exchange: answers a 401 challenge (first contact, stale nonce) once. */
  private async exchange(
    method: string,
    path: string,
    json: unknown,
    extraHeaders: Record<string, string>,
  ): Promise<Response> {
    // Relative to the base, path and all: `https://portal.example/voicemail` + `/um/messages` is
    // `https://portal.example/voicemail/um/messages` (a leading `/` would have replaced the base's
    // path, sending the Digest answer to whatever else serves `/um/` on that origin).
    const base = this.baseUrl.endsWith('/') ? this.baseUrl : `${this.baseUrl}/`;
    const url = new URL(path.replace(/^\/+/, ''), base);
    const uri = url.pathname + url.search;
    const send = () => {
      const headers: Record<string, string> = { ...extraHeaders };
      if (json !== undefined) headers['Content-Type'] = 'application/json';
      if (this.challenge) {
        headers.Authorization = digestAuthorization(
          this.challenge,
          this.credentials,
          method,
          uri,
          cnonce(),
          ++this.nc,
        );
      }
      return this.fetchImpl(url, {
        method,
        headers,
        body: json === undefined ? undefined : JSON.stringify(json),
        credentials: 'omit',
      });
    };
    // Sign-in starts several requests at once (list, reports, counts): one asks for the challenge
    // and the rest reuse its nonce with the next nc (RFC 7616 §3.4), so the console shows one 401.
    if (!this.challenge && this.firstContact) await this.firstContact.catch(() => undefined);
    const first = this.challenge ? undefined : send();
    if (first) this.firstContact = first;
    let response = await (first ?? send()).catch((e: unknown) => {
      throw new VoicemailApiError(`The voicemail server cannot be reached (${errorText(e)}).`, 0);
    });
    if (response.status === 401) {
      // The password's Digest answer goes only over https (http only to this computer).
      if (!isTrustedWebApi(url.href))
        throw new VoicemailApiError(
          'The voicemail server asks for your password over plain http: use an https:// address.',
          401,
        );
      // First contact, or the nonce expired: take the fresh challenge and answer it once.
      const challenge = parseDigestChallenge(response.headers.get('WWW-Authenticate'));
      if (!challenge) throw new VoicemailApiError('The voicemail server asked for an unknown sign-in.', 401);
      this.challenge = challenge;
      this.nc = 0;
      response = await send();
      if (response.status === 401)
        throw new VoicemailApiError('The voicemail server refused your user name or password.', 401);
    }
    return response;
  }
}

function toMessage(r: Record<string, unknown>): VoicemailMessage {
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  // Text only shown (on cards, in the Undo line, in labels): made safe to show once, here.
  const shown = (v: unknown) => (typeof v === 'string' ? displaySafeText(v) : undefined);
  return {
    id: str(r.id) ?? '',
    caller: str(r.caller) ?? '',
    callerName: shown(r.callerName),
    receivedAt: str(r.receivedAt) ?? '',
    durationSeconds:
      typeof r.durationSeconds === 'number' && Number.isFinite(r.durationSeconds) ? r.durationSeconds : 0,
    subject: shown(r.subject),
    priority: str(r.priority),
    urgent: r.urgent === true,
    heard: r.heard === true,
    ...(toPreview(r.preview) ? { preview: toPreview(r.preview) } : {}),
  };
}

const EVENT_TYPES: readonly CallEvent['type'][] = ['missed', 'answered', 'forbidden'];

/** One server record to a CallEvent; undefined when it lacks what ties it to a call. */
function toCallEvent(r: Record<string, unknown>): CallEvent | undefined {
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const type = EVENT_TYPES.find((t) => t === r.type);
  const callId = str(r.callId);
  // MS-EUMR 2.2.3: Time is UTC "YYYY-MM-DD hh:mm:ssZ"; the server's own receipt time is the fallback.
  const time = [str(r.time)?.replace(' ', 'T'), str(r.receivedAt)]
    .map((t) => (t === undefined ? NaN : Date.parse(t)))
    .find((t) => Number.isFinite(t));
  if (!type || !callId || time === undefined) return undefined;
  const missedReason =
    r.missedReason === 'CallerReleased' || r.missedReason === 'Declined' ? r.missedReason : undefined;
  return {
    type,
    callId,
    caller: str(r.caller) ?? '',
    time,
    subject: str(r.subject),
    priority: str(r.priority),
    missedReason,
    target: str(r.target),
    answeredBy: str(r.answeredBy),
  };
}

function parseJson(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function cnonce(): string {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
