/**
 * The voicemail web API setting may name several servers (a deployment with more than one
 * voicemail server, all reading one mailbox store): `"http://um1:8091 http://um2:8091"`, separated
 * by spaces, commas or new lines, tried in that order. A request goes to the server that answered
 * last; when that one cannot be reached or answers 502/503/504 (it is down or going down), the next
 * is tried, and so on once round the list. Every other answer (401, 404, ...) is the answer: the
 * servers share one store, so another would say the same.
 *
 * A Play-On-Phone call lives on the server that placed it: its call info and hang-up go there.
 */
import {
  VoicemailApi,
  VoicemailApiError,
  type AudioResponse,
  type CallEvent,
  type PhoneCallInfo,
  type VoicemailApiLike,
  type VoicemailMessage,
} from './voicemail-api';

/** `"http://a:1, http://b:2"` → `["http://a:1", "http://b:2"]` (order kept, duplicates dropped). */
export function parseVoicemailApiUrls(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter((part) => part !== ''))];
}

/** The answers that mean "this server is not there now": try the next. */
function serverDown(error: unknown): boolean {
  return error instanceof VoicemailApiError && [0, 502, 503, 504].includes(error.status);
}

export class VoicemailApiFailover implements VoicemailApiLike {
  private current = 0;
  private readonly callServer = new Map<string, VoicemailApiLike>();

  constructor(private readonly servers: readonly VoicemailApiLike[]) {
    if (servers.length === 0) throw new Error('no voicemail server');
  }

  /** Index of the server requests go to first (the one that answered last). */
  get currentIndex(): number {
    return this.current;
  }

  private async attempt<T>(call: (api: VoicemailApiLike) => Promise<T>): Promise<T> {
    let lastError: unknown;
    for (let i = 0; i < this.servers.length; i++) {
      const index = (this.current + i) % this.servers.length;
      const api = this.servers[index] as VoicemailApiLike;
      try {
        const result = await call(api);
        this.current = index;
        return result;
      } catch (error) {
        if (!serverDown(error)) throw error;
        lastError = error;
      }
    }
    throw lastError;
  }

  listMessages(): Promise<VoicemailMessage[]> {
    return this.attempt((api) => api.listMessages());
  }

  async playOnPhone(itemId: string, dialString: string): Promise<string> {
    let placedBy: VoicemailApiLike | undefined;
    const callId = await this.attempt(async (api) => {
      const id = await api.playOnPhone(itemId, dialString);
      placedBy = api;
      return id;
    });
    if (placedBy) this.callServer.set(callId, placedBy);
    return callId;
  }

  getCallInfo(callId: string): Promise<PhoneCallInfo> {
    const api = this.callServer.get(callId);
    return api ? api.getCallInfo(callId) : this.attempt((a) => a.getCallInfo(callId));
  }

  async disconnectPhoneCall(callId: string): Promise<void> {
    const api = this.callServer.get(callId);
    this.callServer.delete(callId);
    await (api ? api.disconnectPhoneCall(callId) : this.attempt((a) => a.disconnectPhoneCall(callId)));
  }

  listCallEvents(): Promise<CallEvent[]> {
    return this.attempt((api) => (api.listCallEvents ? api.listCallEvents() : Promise.resolve([])));
  }

  fetchAudio(itemId: string, range?: { start: number; end?: number }): Promise<AudioResponse> {
    return this.attempt((api) => {
      if (!api.fetchAudio) throw new VoicemailApiError('This voicemail server cannot play messages.', 501);
      return api.fetchAudio(itemId, range);
    });
  }

  setHeard(itemId: string, heard: boolean): Promise<void> {
    return this.attempt(async (api) => api.setHeard?.(itemId, heard));
  }

  deleteMessage(itemId: string): Promise<{ restorableUntil?: string }> {
    return this.attempt(async (api) => (api.deleteMessage ? api.deleteMessage(itemId) : {}));
  }

  restoreMessage(itemId: string): Promise<void> {
    return this.attempt(async (api) => api.restoreMessage?.(itemId));
  }
}

/** The API client for the setting: one server, or several with failover. */
export function createVoicemailApi(
  setting: string,
  credentials: { username: string; password: string },
  fetchImpl?: typeof fetch,
): VoicemailApiLike {
  const urls = parseVoicemailApiUrls(setting);
  const make = (url: string) => new VoicemailApi(url, credentials, fetchImpl);
  if (urls.length <= 1) return make(urls[0] ?? setting);
  return new VoicemailApiFailover(urls.map(make));
}
