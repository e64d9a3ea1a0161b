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
  /** The message just deleted, while its Undo is offered (until `until`, epoch ms). */
  undo?: { messageId: string; caller: string; callerName?: string; until: number };
}

/**
 * How long the panel offers Undo after a delete. The server keeps a deleted message restorable for
 * longer (its trash, 60 s by default), so an Undo pressed at the last moment still finds it.
 */
export const UNDO_MS = 8000;

export const EMPTY_VOICEMAIL: VoicemailState = { messages: [], loading: false };

interface SliceIo {
  get(): VoicemailState;
  set(patch: Partial<VoicemailState>): void;
  api(): VoicemailApiLike | undefined;
  aor(): string;
  /** Epoch ms (tests replace it). */
  now?(): number;
}

const POLL_MS = 1000;
const POLL_LIMIT = 180;
const PREVIEW_POLL_MS = 2000;
const PREVIEW_POLL_LIMIT = 90;

/** The voicemail panel's I/O: list refreshes and the Play-On-Phone request with its status polling. */
export function createVoicemailController(io: SliceIo) {
  let refreshSeq = 0;
  /**
   * Bumped by stop() (sign-out, another sign-in): an answer to a request of an earlier session is
   * not applied, and its polling stops, as call-reports.ts does.
   */
  let session = 0;
  let pollTimer: ReturnType<typeof setTimeout> | undefined;

  // Voice Mail Preview: the server transcribes after the deposit, and the MWI count does not change
  // when it is done, so the list is fetched again while a preview is pending (bounded).
  let previewTimer: ReturnType<typeof setTimeout> | undefined;
  let previewPolls = 0;
  function schedulePreviewRefresh(messages: readonly VoicemailMessage[]): void {
    clearTimeout(previewTimer);
    if (!messages.some((m) => m.preview?.status === 'pending')) {
      previewPolls = 0;
      return;
    }
    if (++previewPolls > PREVIEW_POLL_LIMIT) return;
    previewTimer = setTimeout(() => void refresh(), PREVIEW_POLL_MS);
  }

  async function refresh(): Promise<void> {
    const api = io.api();
    if (!api) return;
    const seq = ++refreshSeq;
    io.set({ loading: true });
    try {
      const messages = await api.listMessages();
      if (seq === refreshSeq) io.set({ messages, loading: false, error: undefined });
      if (seq === refreshSeq) schedulePreviewRefresh(messages);
    } catch (e) {
      if (seq === refreshSeq) io.set({ loading: false, error: e instanceof Error ? e.message : String(e) });
    }
  }

  async function playOnPhone(messageId: string): Promise<void> {
    const api = io.api();
    if (!api) return;
    const mine = session;
    clearTimeout(pollTimer);
    io.set({ playback: { messageId, state: 'requesting' }, error: undefined });
    let callId: string;
    try {
      // MS-OCEXUM 3.2: the server dials this user's own address; the phone recognises the call.
      callId = await api.playOnPhone(messageId, io.aor());
    } catch (e) {
      if (mine !== session) return;
      io.set({ playback: { messageId, state: 'failed', cause: e instanceof Error ? e.message : String(e) } });
      return;
    }
    if (mine !== session) return;
    io.set({ playback: { messageId, callId, state: 'connecting' } });
    let polls = 0;
    const poll = async () => {
      if (mine !== session || io.get().playback?.callId !== callId) return;
      try {
        const info = await api.getCallInfo(callId);
        if (mine !== session || io.get().playback?.callId !== callId) return;
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

  let undoTimer: ReturnType<typeof setTimeout> | undefined;
  const why = (e: unknown) => (e instanceof Error ? e.message : String(e));

  /** Read or unread on the server; the list shows it at once, the MWI NOTIFY then updates the count. */
  async function setHeard(messageId: string, heard: boolean): Promise<void> {
    const api = io.api();
    if (!api?.setHeard) return;
    const mine = session;
    try {
      await api.setHeard(messageId, heard);
      if (mine !== session) return;
      io.set({
        messages: io.get().messages.map((m) => (m.id === messageId ? { ...m, heard } : m)),
        error: undefined,
      });
    } catch (e) {
      if (mine === session) io.set({ error: why(e) });
    }
  }

  /**
   * Delete with undo: the server moves the message to its trash at once (so every tab, and the
   * MWI count, see it gone), and Undo restores it. A delayed client-side delete would lose the
   * delete when the tab closes inside the window and leave other tabs showing a message that is
   * about to vanish; the trash has neither problem, and a restore works from any tab.
   */
  async function remove(messageId: string): Promise<void> {
    const api = io.api();
    if (!api?.deleteMessage) return;
    const message = io.get().messages.find((m) => m.id === messageId);
    if (!message) return;
    const mine = session;
    try {
      await api.deleteMessage(messageId);
    } catch (e) {
      if (mine === session) io.set({ error: why(e) });
      return;
    }
    if (mine !== session) return;
    clearTimeout(undoTimer);
    const until = (io.now?.() ?? Date.now()) + UNDO_MS;
    io.set({
      messages: io.get().messages.filter((m) => m.id !== messageId),
      undo: { messageId, caller: message.caller, callerName: message.callerName, until },
      error: undefined,
    });
    undoTimer = setTimeout(() => {
      if (io.get().undo?.messageId === messageId) io.set({ undo: undefined });
    }, UNDO_MS);
  }

  async function undoRemove(): Promise<void> {
    const api = io.api();
    const undo = io.get().undo;
    if (!api?.restoreMessage || !undo) return;
    clearTimeout(undoTimer);
    io.set({ undo: undefined });
    const mine = session;
    try {
      await api.restoreMessage(undo.messageId);
      if (mine === session) io.set({ error: undefined });
    } catch (e) {
      if (mine === session) io.set({ error: why(e) });
    }
    if (mine === session) await refresh();
  }

  /** The recording for the in-browser player (the API call carries the user's Digest credentials). */
  async function fetchAudio(messageId: string): Promise<Blob> {
    const api = io.api();
    if (!api?.fetchAudio) throw new Error('The voicemail server does not offer the audio.');
    return (await api.fetchAudio(messageId)).blob;
  }

  function stop(): void {
    session++;
    clearTimeout(pollTimer);
    clearTimeout(undoTimer);
    clearTimeout(previewTimer);
    refreshSeq++;
  }

  return { refresh, playOnPhone, setHeard, remove, undoRemove, fetchAudio, stop };
}
