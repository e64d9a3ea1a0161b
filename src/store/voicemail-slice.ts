import type { MessageSummary } from '../protocol';
import type { PhoneCallState, VoicemailApiLike, VoicemailMessage } from '../um-api/voicemail-api';

/** What the voicemail panel shows: the MWI count, the message list, and a Play-On-Phone request. */
export interface VoicemailState {
  /** From the RFC 3842 NOTIFY; undefined until the first one arrives. */
  summary?: MessageSummary;
  messages: VoicemailMessage[];
  /** The list is being fetched. */
  loading: boolean;
  /** Why the list or the last request failed, in words for a person. */
  error?: string;
  /** The last "Play on my phone" request and how its call is going ([MS-OXWUMS] CallState). */
  playback?: {
    messageId: string;
    callId?: string;
    state: 'requesting' | PhoneCallState | 'failed';
    cause?: string;
  };
}

export const EMPTY_VOICEMAIL: VoicemailState = { messages: [], loading: false };

interface SliceIo {
  get(): VoicemailState;
  set(patch: Partial<VoicemailState>): void;
  api(): VoicemailApiLike | undefined;
  aor(): string;
}

const POLL_MS = 1000;
const POLL_LIMIT = 180;

/** The voicemail panel's I/O: list refreshes and the Play-On-Phone request with its status polling. */
export function createVoicemailController(io: SliceIo) {
  let refreshSeq = 0;
  let pollTimer: ReturnType<typeof setTimeout> | undefined;

  async function refresh(): Promise<void> {
    const api = io.api();
    if (!api) return;
    const seq = ++refreshSeq;
    io.set({ loading: true });
    try {
      const messages = await api.listMessages();
      if (seq === refreshSeq) io.set({ messages, loading: false, error: undefined });
    } catch (e) {
      if (seq === refreshSeq) io.set({ loading: false, error: e instanceof Error ? e.message : String(e) });
    }
  }

  async function playOnPhone(messageId: string): Promise<void> {
    const api = io.api();
    if (!api) return;
    clearTimeout(pollTimer);
    io.set({ playback: { messageId, state: 'requesting' }, error: undefined });
    let callId: string;
    try {
      // MS-OCEXUM 3.2: the server dials this user's own address; the phone recognises the call.
      callId = await api.playOnPhone(messageId, io.aor());
    } catch (e) {
      io.set({ playback: { messageId, state: 'failed', cause: e instanceof Error ? e.message : String(e) } });
      return;
    }
    io.set({ playback: { messageId, callId, state: 'connecting' } });
    let polls = 0;
    const poll = async () => {
      if (io.get().playback?.callId !== callId) return;
      try {
        const info = await api.getCallInfo(callId);
        if (io.get().playback?.callId !== callId) return;
        io.set({ playback: { messageId, callId, state: info.callState, cause: info.eventCause } });
        if (info.callState === 'disconnected' || info.callState === 'idle') {
          void refresh(); // heard/new changed
          return;
        }
      } catch {
        // Transient: keep polling until the limit.
      }
      if (++polls < POLL_LIMIT) pollTimer = setTimeout(() => void poll(), POLL_MS);
    };
    pollTimer = setTimeout(() => void poll(), POLL_MS / 2);
  }

  function stop(): void {
    clearTimeout(pollTimer);
    refreshSeq++;
  }

  return { refresh, playOnPhone, stop };
}
