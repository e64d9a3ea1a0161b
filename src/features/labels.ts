/**
 * The words the phone uses for store and SIP states. Pure functions, so each wording is tested once
 * and every view says the same thing.
 */
import type { PresenceState } from '../protocol';
import type { PhoneSettings } from '../config/settings';
import type { CallInfo, RegistrationState } from '../store';
import type { StatusTone } from '../ui/status-indicator';
import type { PurposeTone } from '../ui/badges';
import { willSkipPin } from '../store/phone-store';
import { en, reasonText, translateKnown, type Catalogue } from '../i18n';

export function registrationLabel(state: RegistrationState, t: Catalogue = en): string {
  switch (state) {
    case 'registered':
      return t.registration.registered;
    case 'connecting':
      return t.registration.connecting;
    case 'registering':
      return t.registration.registering;
    case 'reconnecting':
      return t.registration.reconnecting;
    case 'signed-out':
      return t.registration.signedOut;
    case 'failed':
      return t.registration.failed;
  }
}

export function registrationTone(state: RegistrationState): StatusTone {
  switch (state) {
    case 'registered':
      return 'ok';
    case 'connecting':
    case 'registering':
    case 'reconnecting':
      return 'pending';
    case 'failed':
      return 'error';
    case 'signed-out':
      return 'idle';
  }
}

export function presenceLabel(presence: PresenceState, t: Catalogue = en): string {
  return t.presence[presence];
}

/** The presence names in English (kept for callers that don't localise). */
export const PRESENCE_LABELS: Readonly<Record<PresenceState, string>> = {
  available: en.presence.available,
  busy: en.presence.busy,
  dnd: en.presence.dnd,
  brb: en.presence.brb,
  away: en.presence.away,
  offline: en.presence.offline,
};

/** What a presence does to incoming calls, when that isn't obvious. */
export function presenceHint(presence: PresenceState, t: Catalogue = en): string | undefined {
  return presence === 'offline' ? t.presence.offlineHint : undefined;
}

function priorityWord(p: string, t: Catalogue): string | undefined {
  switch (p) {
    case 'emergency':
      return t.priority.emergency;
    case 'urgent':
      return t.priority.urgent;
    case 'normal':
      return t.priority.normal;
    case 'non-urgent':
      return t.priority.nonUrgent;
    default:
      return undefined;
  }
}

/**
 * The Priority to show next to (or instead of) the Urgent badge: known RFC 3261 §20.26 values
 * in words, any other token as it came. Undefined when the badge already says it all.
 */
export function priorityText(
  call: Pick<CallInfo, 'priority' | 'urgent'>,
  t: Catalogue = en,
): string | undefined {
  const p = call.priority?.trim();
  if (!p) return undefined;
  if (call.urgent && p === 'urgent') return undefined;
  // "Normal" is what every call is unless it says otherwise: not worth a line on each card.
  if (p.toLowerCase() === 'normal') return undefined;
  return priorityWord(p, t) ?? p;
}

/** Name and address lines for the other party; a Play-On-Phone call is "Your voicemail". */
export function peerDisplay(
  call: Pick<CallInfo, 'peerName' | 'peerUri' | 'purpose'>,
  t: Catalogue = en,
): {
  name: string;
  address?: string;
} {
  if (call.purpose === 'play-on-phone')
    return { name: t.purpose.yourVoicemail, address: call.peerUri || undefined };
  if (call.purpose === 'voicemail')
    return { name: t.purpose.yourVoicemail, address: call.peerUri || undefined };
  const name = call.peerName?.trim();
  if (name) return { name, address: call.peerUri || undefined };
  return { name: call.peerUri || t.purpose.unknownCaller };
}

/** The tag shown on calls that aren't ordinary calls. */
export function purposeTag(
  call: Pick<CallInfo, 'purpose' | 'peerName' | 'peerUri'>,
  t: Catalogue = en,
): { tone: PurposeTone; label: string } | undefined {
  switch (call.purpose) {
    case 'call':
      return undefined;
    case 'voicemail':
      return { tone: 'voicemail', label: t.purpose.voicemail };
    case 'leave-message':
      return { tone: 'deposit', label: t.purpose.leavingMessageFor(call.peerName?.trim() || call.peerUri) };
    case 'play-on-phone':
      return { tone: 'playback', label: t.purpose.playback };
  }
}

/** For a voicemail call, whether skip-pin went out (MS-OCEXUM 2.2.1). */
export function pinNote(call: Pick<CallInfo, 'purpose' | 'skipPin'>, t: Catalogue = en): string | undefined {
  if (call.purpose !== 'voicemail') return undefined;
  return call.skipPin ? t.pin.skipped : t.pin.notSkipped;
}

/** The line next to "Call voicemail": will the mailbox ask for the PIN, and why. */
export function voicemailPinLine(
  settings: PhoneSettings,
  t: Catalogue = en,
): { skip: boolean; text: string; why?: string } {
  if (willSkipPin(settings)) return { skip: true, text: t.pin.willSkip };
  return {
    skip: false,
    text: t.pin.willAsk,
    why: settings.skipPin ? t.pin.whyUntrusted : t.pin.whyOff,
  };
}

/**
 * Why a call ended, in `t`'s language: the SIP layer's typed reason, or else the English words
 * (calls the store made, or history stored before reasons were typed) where the catalogue knows them.
 */
export function endReasonText(
  call: Pick<CallInfo, 'endReason' | 'ended'>,
  t: Catalogue = en,
): string | undefined {
  if (call.ended) return reasonText(t, call.ended);
  const reason = call.endReason?.trim();
  return reason ? translateKnown(t, reason) : undefined;
}

export function endedLine(call: Pick<CallInfo, 'endReason' | 'ended'>, t: Catalogue = en): string {
  const reason = endReasonText(call, t);
  return reason ? t.call.endedWith(reason) : t.call.ended;
}

export type LiveCallState = Exclude<CallInfo['state'], 'ended'>;

export function isRingingIncoming(call: CallInfo): boolean {
  return call.direction === 'incoming' && call.state === 'ringing';
}

/** A call the user is in or is placing (the active call panel shows these). */
export function isActiveCall(call: CallInfo): call is CallInfo & { state: 'calling' | 'connected' | 'held' } {
  return call.state === 'calling' || call.state === 'connected' || call.state === 'held';
}

/** How the history names a past call. */
export function historyKind(
  call: CallInfo,
  t: Catalogue = en,
): { kind: 'incoming' | 'outgoing' | 'missed'; label: string } {
  if (call.direction === 'outgoing') {
    switch (call.purpose) {
      case 'voicemail':
        return { kind: 'outgoing', label: t.history.voicemail };
      case 'leave-message':
        return { kind: 'outgoing', label: t.history.messageLeft };
      default:
        return { kind: 'outgoing', label: t.history.outgoing };
    }
  }
  // MS-EUMR 3.2.4.2: a forwarding destination took it; this phone never did.
  if (call.connectedAt === undefined && call.report?.type === 'answered')
    return { kind: 'incoming', label: t.history.answeredElsewhere };
  // Another of the user's devices took care of it (RFC 3326 Reason on the proxy's CANCEL): not
  // missed; the outcome says what that device did.
  if (call.connectedAt === undefined && call.ended?.kind === 'handled-elsewhere')
    return { kind: 'incoming', label: t.history.incoming };
  // Never answered (rang out, declined, or refused by presence): missed.
  if (call.connectedAt === undefined) return { kind: 'missed', label: t.history.missed };
  return {
    kind: 'incoming',
    label: call.purpose === 'play-on-phone' ? t.history.playback : t.history.incoming,
  };
}

/** What the voicemail server was told about the call (MS-EUMR 3.2.4), as one line; undefined without a report. */
export function reportText(call: Pick<CallInfo, 'report'>, t: Catalogue = en): string | undefined {
  const report = call.report;
  if (!report) return undefined;
  let what: string;
  switch (report.type) {
    case 'missed':
      what =
        report.missedReason === 'CallerReleased' ? t.history.reportCallerReleased : t.history.reportDeclined;
      break;
    case 'answered':
      what = t.history.reportAnswered(report.answeredBy ?? '', report.target ?? '?');
      break;
    case 'forbidden':
      what = t.history.reportForbidden(report.target ?? '?');
      break;
  }
  return `${t.history.reportedByServer}: ${what}`;
}
