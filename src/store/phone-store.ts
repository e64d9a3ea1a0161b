/**
 * The phone's state and actions (vanilla zustand), one store per mounted phone. Over 400 lines for a
 * reason: the SIP client's delegate, the actions and the browser signals share one closure (the
 * client, the in-memory password); the slices live beside it (voicemail-slice, call-reports,
 * history-storage, browser-signals).
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  isTrustedTransport,
  type PresenceState,
  type InviteFacts,
  type MessageSummary,
  type ParsedPresence,
  type CallPriority,
} from '../protocol';
import { loadSettings, saveSettings, type PhoneSettings } from '../config/settings';
import { parseServerList } from '../config/server-list';
import type { CallInfo, RegistrationState } from '../sip/call-state';
import type { PhoneClientDelegate } from '../sip/phone-client-delegate';
import { PhoneError, type PhoneProblem, type RegistrationReason, type SipReason } from '../sip/reasons';
import { en, reasonText } from '../i18n/language';
import type { PhoneClientLike, PhoneClientFactory } from '../sip/phone-client-like';
import type { VoicemailApiLike } from '../um-api/voicemail-api';
import { createVoicemailController, EMPTY_VOICEMAIL, type VoicemailState } from './voicemail-slice';
import { HISTORY_LIMIT, historyKey, loadHistory, saveHistory } from './history-storage';
import { createCallReportsController } from './call-reports';
import { windowSignals, type BrowserSignals } from './browser-signals';
import { knownName } from './contact-names';

/** Why a sign-in failed or the phone is reconnecting (the sign-in form and reconnect panel read it). */
export type { RegistrationReason } from '../sip/reasons';
export { addressKey, knownName, type NamedCaller } from './contact-names';

/** A call a link asked for that needs the user's word first (e.g. its Subject cannot be sent). */
export interface DialDraft {
  id: number;
  target: string;
  options: CallOptions;
}

export interface CallOptions {
  subject?: string;
  priority?: CallPriority;
}

export interface Notice {
  id: number;
  kind: 'error' | 'info';
  /** In English (the embed API's words); the UI renders `reason` in the user's language when set. */
  text: string;
  reason?: SipReason;
}

export interface PhoneActions {
  /** Connect and register with these settings; the password is kept in memory only. */
  signIn(settings: PhoneSettings, password: string): void;
  signOut(): void;
  /** Save settings (without signing in again). */
  updateSettings(settings: PhoneSettings): void;
  call(target: string, options?: CallOptions): void;
  /** Subscriber access to the user's own mailbox (MS-OCEXUM 3.1). */
  callVoicemail(): void;
  /** Deposit a message in `target`'s mailbox (MS-OCEXUM 2.2.3). */
  leaveMessage(target: string, options?: CallOptions): void;
  answer(callId: string): void;
  decline(callId: string): void;
  hangup(callId: string): void;
  setMuted(callId: string, muted: boolean): void;
  setHeld(callId: string, held: boolean): void;
  sendDtmf(callId: string, tone: string): void;
  /** A ringing call goes to the user's own mailbox (never a Play-On-Phone call, MS-OCEXUM 3.2). */
  sendToVoicemail(callId: string): void;
  /** Blind transfer of a connected call to `target`, or into `target`'s mailbox. */
  transfer(callId: string, target: string, options?: { toVoicemail?: boolean }): void;
  /** Attended transfer: `callId`'s peer takes the place of our consultation call. */
  completeTransfer(callId: string, consultCallId: string): void;
  setPresence(presence: PresenceState): void;
  dismissNotice(): void;
  /** Fetch the message list from the voicemail server's web API. */
  refreshVoicemail(): void;
  /** Ask the voicemail server to play a message on this phone (MS-OCEXUM 3.2, Play-On-Phone). */
  playOnPhone(messageId: string): void;
  /** Mark a voice message read or unread on the server (its MWI count follows). */
  setVoicemailHeard(messageId: string, heard: boolean): void;
  /** Delete a voice message; Undo is offered for a while (voicemail.undo). */
  deleteVoicemail(messageId: string): void;
  undoDeleteVoicemail(): void;
  /** A voice message's recording, fetched with the user's credentials, for the in-browser player. */
  fetchVoicemailAudio(messageId: string): Promise<Blob>;
  /** Speak this BCP 47 language if supported ("de", "de-AT"); undefined: follow the browser. */
  setLanguage(language: string | undefined): void;
  /** Reconnecting: try now instead of sitting out the backoff. */
  retryNow(): void;
  /** Back to the sign-in form (the password stays in memory for it); calls end. */
  changeSettings(): void;
  /** The password of the last sign-in, kept in memory only (never stored) for a retry. */
  retryPassword(): string;
  /** Settings that apply at once to the running phone (devices, DTMF, contacts): no new sign-in. */
  applySettings(settings: PhoneSettings): void;
  /** Put a call into the dialer for the user to confirm or edit, instead of placing it. */
  proposeDial(target: string, options: CallOptions): void;
  clearDialDraft(): void;
}

export interface PhoneState {
  settings: PhoneSettings;
  registration: RegistrationState;
  /** Why the registration is in its state, in English (the embed API's words). */
  registrationDetail?: string;
  /** The same, as the SIP layer reported it: the header renders it in the user's language. */
  registrationReason?: RegistrationReason;
  /** While reconnecting: when the next attempt happens (epoch ms). */
  nextRetryAt?: number;
  /** The server (of the Server URL list) the phone connected to last: the header shows it. */
  server?: string;
  presence: PresenceState;
  /** Live calls, oldest first. */
  calls: CallInfo[];
  /** The call that ended last, so the UI can say how it ended. */
  lastEnded?: CallInfo;
  /** Ended and refused calls, newest first. */
  history: CallInfo[];
  notice?: Notice;
  voicemail: VoicemailState;
  /**
   * The contacts' presence as last NOTIFYed, keyed by the address as written in
   * `settings.contacts`; a contact not in here yet is shown as unknown. The note is remote text.
   */
  contacts: Record<string, ParsedPresence>;
  /** The requested UI language (a `lang` attribute or setting); undefined: the browser's. */
  language?: string;
  /** This sign-in has been registered at least once (a later loss reconnects; an earlier one returns to the form). */
  registeredOnce?: boolean;
  /** A call waiting in the dialer for the user's decision (see proposeDial). */
  dialDraft?: DialDraft;
  actions: PhoneActions;
}

export type PhoneStore = StoreApi<PhoneState>;

export interface PhoneStoreDeps {
  createClient: PhoneClientFactory;
  storage?: Storage;
  now?: () => number;
  /** The UI language to start with (see PhoneState.language). */
  language?: string;
  /** Online/offline/visibility/pagehide/pageshow; the real browser's by default. */
  browserSignals?: BrowserSignals;
  /** The voicemail web API for these settings and credentials; absent: no message list. */
  createVoicemailApi?: (
    baseUrl: string,
    credentials: { username: string; password: string },
  ) => VoicemailApiLike;
}

/** True when a voicemail call would carry skip-pin: the user wants it and the transport is trusted. */
export function willSkipPin(settings: PhoneSettings): boolean {
  // Several servers: promised only when each is trusted (the call is judged on the one in use).
  const servers = parseServerList(settings.serverUrl);
  return settings.skipPin && servers.length > 0 && servers.every((server) => isTrustedTransport(server));
}

/**
 * One store per mounted phone (the SPA, or each embedded element). Vanilla zustand so the
 * SIP client's callbacks can update it outside React.
 */
export function createPhoneStore(deps: PhoneStoreDeps): PhoneStore {
  const now = deps.now ?? Date.now;
  let client: PhoneClientLike | undefined;
  let voicemailApi: VoicemailApiLike | undefined;
  let noticeSeq = 0;
  /** The last sign-in's password: memory only, for a retry from the form (never in storage). */
  let password = '';
  /** Whose history the store holds: it is loaded and saved under this AOR only. */
  let historyOwner = '';

  const store = createStore<PhoneState>()((set, get) => {
    const notify = (text: string, kind: Notice['kind'] = 'error') =>
      set({ notice: { id: ++noticeSeq, kind, text } });
    const notifyProblem = (reason: PhoneProblem) =>
      set({ notice: { id: ++noticeSeq, kind: 'error', text: reasonText(en, reason), reason } });

    /** Runs a client action, turning a thrown error (e.g. HeaderInjectionError) into a notice. */
    const guarded = (fn: (c: PhoneClientLike) => void) => {
      if (!client) {
        notify('Not signed in.');
        return;
      }
      try {
        fn(client);
      } catch (e) {
        if (e instanceof PhoneError) notifyProblem(e.reason);
        else notify(e instanceof Error ? e.message : String(e));
      }
    };

    const voicemail = createVoicemailController({
      get: () => get().voicemail,
      set: (patch) => set({ voicemail: { ...get().voicemail, ...patch } }),
      api: () => voicemailApi,
      aor: () => get().settings.aor,
    });

    // MS-EUMR 3.2: what the proxy told the voicemail server about calls to this user.
    const reports = createCallReportsController({
      api: () => voicemailApi,
      history: () => get().history,
      setHistory: (history) => set({ history }),
      limit: HISTORY_LIMIT,
    });

    const delegate: PhoneClientDelegate = {
      onServerChange(server: string) {
        set({ server });
      },
      onRegistrationChange(
        registration: RegistrationState,
        reason?: RegistrationReason,
        nextRetryAt?: number,
      ) {
        const wasRegistered = get().registration === 'registered';
        // Never registered with these settings and the server cannot be reached: back to the form
        // (registration 'failed' shows it) instead of retrying a URL that may be mistyped.
        if (
          registration === 'reconnecting' &&
          !get().registeredOnce &&
          reason &&
          reason.kind !== 'connecting'
        ) {
          const c = client;
          client = undefined;
          stopSignals?.();
          c?.dispose();
          set({
            registration: 'failed',
            registrationReason: reason,
            registrationDetail: reasonText(en, reason),
            nextRetryAt: undefined,
          });
          return;
        }
        set({
          registration,
          registrationReason: reason,
          registrationDetail: reason && reasonText(en, reason),
          nextRetryAt,
        });
        if (registration === 'registered' && !wasRegistered) {
          set({ registeredOnce: true });
          void voicemail.refresh();
          // Calls missed while signed out or offline, and (from then on) every few minutes.
          reports.start();
        }
      },
      onMessageSummary(summary: MessageSummary) {
        const before = get().voicemail.summary;
        set({ voicemail: { ...get().voicemail, summary } });
        // The mailbox changed: fetch the list again so it matches the count.
        if (
          !before ||
          before.newMessages !== summary.newMessages ||
          before.oldMessages !== summary.oldMessages
        )
          void voicemail.refresh();
      },
      onCallUpdate(update: CallInfo) {
        // The embed API and the stored history keep the English words for why a call ended.
        let call = update.ended ? { ...update, endReason: reasonText(en, update.ended) } : update;
        // Someone who called before has a name: show it rather than the bare address.
        if (call.direction === 'outgoing' && call.purpose === 'call' && !call.peerName?.trim()) {
          const peerName = knownName(
            get().history,
            call.peerUri,
            get().settings.aor,
            get().voicemail.messages,
          );
          if (peerName) call = { ...call, peerName };
        }
        const calls = get().calls;
        if (call.state === 'ended') {
          set({
            calls: calls.filter((c) => c.id !== call.id),
            lastEnded: call,
            history: [call, ...get().history].slice(0, HISTORY_LIMIT),
          });
          if (call.direction === 'incoming' && call.connectedAt === undefined) reports.soon();
          return;
        }
        const i = calls.findIndex((c) => c.id === call.id);
        set({ calls: i < 0 ? [...calls, call] : calls.map((c) => (c.id === call.id ? call : c)) });
      },
      onIncomingRefused(
        facts: InviteFacts,
        peerName: string | undefined,
        status: number,
        sipCallId?: string,
      ) {
        const t = now();
        const refused: CallInfo = {
          id: `refused-${t}-${noticeSeq++}`,
          direction: 'incoming',
          purpose: 'call',
          state: 'ended',
          peerUri: facts.fromUri,
          peerName,
          subject: facts.subject,
          priority: facts.priority,
          urgent: facts.urgent,
          facts,
          muted: false,
          held: false,
          startedAt: t,
          endedAt: t,
          endStatus: status,
          endReason: status === 480 ? 'Missed while Appear Offline' : 'Missed during Do Not Disturb',
          sipCallId,
        };
        set({ history: [refused, ...get().history].slice(0, HISTORY_LIMIT) });
        reports.soon();
      },
      onContactPresence(aor: string, presence: ParsedPresence) {
        if (!get().settings.contacts.includes(aor)) return;
        set({ contacts: { ...get().contacts, [aor]: presence } });
      },
      onError(problem: PhoneProblem) {
        notifyProblem(problem);
      },
    };

    /**
     * While signed in, the browser's signals reach the client: offline loses the connection,
     * online and a visible page reconnect or probe it at once, and pagehide signs out while the
     * WebSocket is still open (or the publication would show the user Available until it
     * expires, and the registration would keep forking calls to a dead contact); a page restored
     * from the back/forward cache (pageshow, persisted) signs in again.
     */
    let stopSignals: (() => void) | undefined;
    const listenToBrowser = (c: PhoneClientLike) => {
      stopSignals?.();
      /** Set when pagehide signed `c` out: the signals stay on, for pageshow. */
      let hidden: { registeredOnce: boolean } | undefined;
      stopSignals = (deps.browserSignals ?? windowSignals)({
        offline: () => c.networkLost(),
        online: () => c.checkConnection(),
        visible: () => {
          c.checkConnection();
          // Back to the phone: what happened meanwhile (a call answered by the forwarding target,
          // one missed on another device) is fetched now rather than at the next poll.
          if (get().registration === 'registered') void reports.refresh();
        },
        pagehide: () => {
          if (client !== c) return;
          hidden = { registeredOnce: get().registeredOnce === true };
          client = undefined;
          c.dispose();
        },
        // Back from the back/forward cache: pagehide signed out, so sign in again (the password is
        // still in memory); registered before, an unreachable server now means reconnecting.
        restored: () => {
          if (!hidden || client) return;
          const { registeredOnce } = hidden;
          actions.signIn(get().settings, password);
          set({ registeredOnce });
        },
      });
    };

    const actions: PhoneActions = {
      signIn(settings, typedPassword) {
        password = typedPassword;
        saveSettings(deps.storage, settings);
        client?.dispose();
        voicemail.stop();
        reports.stop();
        set({
          ...historyFor(settings.aor),
          settings,
          registration: 'connecting',
          registeredOnce: false,
          server: undefined,
          registrationDetail: undefined,
          registrationReason: undefined,
          nextRetryAt: undefined,
          calls: [],
          lastEnded: undefined,
          voicemail: EMPTY_VOICEMAIL,
          contacts: {},
        });
        // The voicemail web API signs in with the same credentials as SIP (HTTP Digest).
        const username = settings.authUser || /^sips?:([^@;]+)@/i.exec(settings.aor)?.[1] || '';
        voicemailApi =
          settings.voicemailApiUrl && deps.createVoicemailApi
            ? deps.createVoicemailApi(settings.voicemailApiUrl, { username, password })
            : undefined;
        client = deps.createClient({ settings, password, delegate, presence: get().presence });
        client.connect();
        listenToBrowser(client);
      },
      signOut() {
        password = '';
        const c = client;
        client = undefined;
        stopSignals?.();
        stopSignals = undefined;
        voicemailApi = undefined;
        voicemail.stop();
        reports.stop();
        c?.dispose();
        // Live calls end with the connection; what the user saw last stays in the history. A
        // notice about them ("Hold failed") ends with them: it must not greet the sign-in form.
        set({
          registration: 'signed-out',
          calls: [],
          lastEnded: undefined,
          notice: undefined,
          voicemail: EMPTY_VOICEMAIL,
          contacts: {},
        });
      },
      updateSettings(settings) {
        saveSettings(deps.storage, settings);
        set({ ...historyFor(settings.aor), settings });
      },
      call(target, options) {
        guarded((c) => c.call(target, { ...options, purpose: 'call' }));
      },
      callVoicemail() {
        guarded((c) => c.callVoicemail());
      },
      leaveMessage(target, options) {
        guarded((c) => c.call(target, { ...options, purpose: 'leave-message' }));
      },
      answer(callId) {
        guarded((c) => c.answer(callId));
      },
      decline(callId) {
        guarded((c) => c.decline(callId));
      },
      hangup(callId) {
        guarded((c) => c.hangup(callId));
      },
      setMuted(callId, muted) {
        guarded((c) => c.setMuted(callId, muted));
      },
      setHeld(callId, held) {
        guarded((c) => c.setHeld(callId, held));
      },
      sendDtmf(callId, tone) {
        guarded((c) => c.sendDtmf(callId, tone));
      },
      sendToVoicemail(callId) {
        guarded((c) => c.sendToVoicemail?.(callId));
      },
      transfer(callId, target, options) {
        guarded((c) => c.transfer?.(callId, target, options));
      },
      completeTransfer(callId, consultCallId) {
        guarded((c) => c.completeTransfer?.(callId, consultCallId));
      },
      setPresence(presence) {
        set({ presence });
        client?.setPresence(presence);
      },
      dismissNotice() {
        set({ notice: undefined });
      },
      refreshVoicemail() {
        void voicemail.refresh();
      },
      playOnPhone(messageId) {
        void voicemail.playOnPhone(messageId);
      },
      setVoicemailHeard(messageId, heard) {
        void voicemail.setHeard(messageId, heard);
      },
      deleteVoicemail(messageId) {
        void voicemail.remove(messageId);
      },
      undoDeleteVoicemail() {
        void voicemail.undoRemove();
      },
      fetchVoicemailAudio: (messageId) => voicemail.fetchAudio(messageId),
      setLanguage(language) {
        set({ language: language?.trim() || undefined });
      },
      retryNow() {
        if (client?.retryNow) client.retryNow();
        else client?.checkConnection();
      },
      changeSettings() {
        const kept = password;
        actions.signOut();
        password = kept;
      },
      retryPassword: () => password,
      applySettings(settings) {
        actions.updateSettings(settings);
        client?.applySettings?.(settings);
      },
      proposeDial(target, options) {
        set({ dialDraft: { id: ++noticeSeq, target, options } });
      },
      clearDialDraft() {
        set({ dialDraft: undefined });
      },
    };

    /** The history to show for `aor`: the one in memory, or (another user) the one remembered for them. */
    const historyFor = (aor: string): Partial<PhoneState> => {
      if (historyKey(aor) === historyOwner) return {};
      historyOwner = historyKey(aor);
      return { history: loadHistory(deps.storage, aor) };
    };

    const settings = loadSettings(deps.storage);
    return {
      settings,
      registration: 'signed-out',
      presence: 'available',
      calls: [],
      history: historyFor(settings.aor).history ?? [],
      voicemail: EMPTY_VOICEMAIL,
      contacts: {},
      language: deps.language,
      actions,
    };
  });
  // Saved on every change, under the AOR the list belongs to (never another user's key).
  store.subscribe((state, prev) => {
    if (state.history !== prev.history && historyKey(state.settings.aor) === historyOwner)
      saveHistory(deps.storage, state.settings.aor, state.history);
  });
  return store;
}
