/**
 * What the SIP client reports, turned into store state (the client's delegate): registration and
 * the server in use, message waiting, calls (and the history they end in), calls refused by
 * presence, contacts' presence and problems.
 */
import type { InviteFacts, MessageSummary, ParsedPresence } from '../protocol';
import type { CallInfo, RegistrationState } from '../sip/call-state';
import type { PhoneClientDelegate } from '../sip/phone-client-delegate';
import type { PhoneProblem, RegistrationReason } from '../sip/reasons';
import { en, reasonText } from '../i18n/language';
import { HISTORY_LIMIT } from './history-storage';
import { knownName } from './contact-names';
import type { PhoneState } from './phone-state';

export interface ClientDelegateIo {
  get(): PhoneState;
  set(patch: Partial<PhoneState>): void;
  now(): number;
  /** A number not handed out before (refused calls' ids share it with notices). */
  nextId(): number;
  /** The message list is fetched again (the mailbox changed, or the phone registered). */
  refreshVoicemail(): void;
  /** MS-EUMR 3.2 reports: polled from the first registration on, fetched soon after a miss. */
  reports: { start(): void; soon(): void };
  notifyProblem(problem: PhoneProblem): void;
  /**
   * Never registered with these settings and the server cannot be reached: the client is
   * dropped (no more attempts, no more browser signals) so the form can show why.
   */
  dropClient(): void;
}

export function createClientDelegate(io: ClientDelegateIo): PhoneClientDelegate {
  const { get, set } = io;
  return {
    onServerChange(server: string) {
      set({ server });
    },
    onRegistrationChange(registration: RegistrationState, reason?: RegistrationReason, nextRetryAt?: number) {
      const wasRegistered = get().registration === 'registered';
      // Never registered with these settings and the server cannot be reached: back to the form
      // (registration 'failed' shows it) instead of retrying a URL that may be mistyped.
      if (
        registration === 'reconnecting' &&
        !get().registeredOnce &&
        reason &&
        reason.kind !== 'connecting'
      ) {
        io.dropClient();
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
        io.refreshVoicemail();
        // Calls missed while signed out or offline, and (from then on) every few minutes.
        io.reports.start();
      }
    },
    onMessageSummary(summary: MessageSummary) {
      const before = get().voicemail.summary;
      set({ voicemail: { ...get().voicemail, summary } });
      // The mailbox changed: fetch the list again so it matches the count.
      if (!before || before.newMessages !== summary.newMessages || before.oldMessages !== summary.oldMessages)
        io.refreshVoicemail();
    },
    onCallUpdate(update: CallInfo) {
      // The embed API and the stored history keep the English words for why a call ended.
      let call = update.ended ? { ...update, endReason: reasonText(en, update.ended) } : update;
      // Someone who called before has a name: show it rather than the bare address.
      if (call.direction === 'outgoing' && call.purpose === 'call' && !call.peerName?.trim()) {
        const peerName = knownName(get().history, call.peerUri, get().settings.aor, get().voicemail.messages);
        if (peerName) call = { ...call, peerName };
      }
      const calls = get().calls;
      if (call.state === 'ended') {
        set({
          calls: calls.filter((c) => c.id !== call.id),
          lastEnded: call,
          history: [call, ...get().history].slice(0, HISTORY_LIMIT),
        });
        if (call.direction === 'incoming' && call.connectedAt === undefined) io.reports.soon();
        return;
      }
      const i = calls.findIndex((c) => c.id === call.id);
      set({ calls: i < 0 ? [...calls, call] : calls.map((c) => (c.id === call.id ? call : c)) });
    },
    onIncomingRefused(facts: InviteFacts, peerName: string | undefined, status: number, sipCallId?: string) {
      const t = io.now();
      const refused: CallInfo = {
        id: `refused-${t}-${io.nextId()}`,
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
      io.reports.soon();
    },
    onContactPresence(aor: string, presence: ParsedPresence) {
      if (!get().settings.contacts.includes(aor)) return;
      set({ contacts: { ...get().contacts, [aor]: presence } });
    },
    onError(problem: PhoneProblem) {
      io.notifyProblem(problem);
    },
  };
}
