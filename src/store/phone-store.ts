/**
 * The phone's state and actions (vanilla zustand), one store per mounted phone. The actions and
 * the browser signals share one closure (the client, the in-memory password); the store's shape is
 * in phone-state, what the SIP client reports becomes state in client-delegate, and the slices
 * live beside it (voicemail-slice, call-reports, history-storage, browser-signals).
 */
import { createStore } from 'zustand/vanilla';
import { isTrustedTransport, type PresenceState } from '../protocol';
import { loadSettings, saveSettings, type PhoneSettings } from '../config/settings';
import { parseServerList } from '../config/server-list';
import { PhoneError, type PhoneProblem } from '../sip/reasons';
import { en, reasonText } from '../i18n/language';
import type { PhoneClientLike } from '../sip/phone-client-like';
import type { VoicemailApiLike } from '../um-api/voicemail-api';
import { createVoicemailController, EMPTY_VOICEMAIL } from './voicemail-slice';
import { HISTORY_LIMIT, historyKey, loadHistory, saveHistory } from './history-storage';
import { loadPresence, savePresence } from './presence-storage';
import { createCallReportsController } from './call-reports';
import { windowSignals } from './browser-signals';
import { createClientDelegate } from './client-delegate';
import type { Notice, PhoneActions, PhoneState, PhoneStore, PhoneStoreDeps } from './phone-state';

export type {
  CallOptions,
  DialDraft,
  Notice,
  PhoneActions,
  PhoneState,
  PhoneStore,
  PhoneStoreDeps,
} from './phone-state';
/** Why a sign-in failed or the phone is reconnecting (the sign-in form and reconnect panel read it). */
export type { RegistrationReason } from '../sip/reasons';
export { addressKey, knownName, type NamedCaller } from './contact-names';

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
  /** A presence chosen while signed out (embed API): the next user to sign in takes it. */
  let presenceBeforeSignIn: PresenceState | undefined;

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

    const delegate = createClientDelegate({
      get,
      set,
      now,
      nextId: () => noticeSeq++,
      refreshVoicemail: () => void voicemail.refresh(),
      reports,
      notifyProblem,
      dropClient() {
        const c = client;
        client = undefined;
        stopSignals?.();
        c?.dispose();
      },
    });

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
        // The presence this user chose last time, unless one was chosen before signing in (the
        // embed API's setPresence), which becomes theirs.
        const chosen = presenceBeforeSignIn;
        presenceBeforeSignIn = undefined;
        if (chosen !== undefined) savePresence(deps.storage, settings.aor, chosen);
        set({ presence: chosen ?? loadPresence(deps.storage, settings.aor) });
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
        // Remembered for the user signed in; before sign-in, for whoever signs in next.
        if (client) savePresence(deps.storage, get().settings.aor, presence);
        else presenceBeforeSignIn = presence;
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
