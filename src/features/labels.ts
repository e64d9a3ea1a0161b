/**
 * The words the phone uses for store and SIP states. Pure functions, so each wording is tested once
 * and every view says the same thing.
 */
import type { PresenceState } from '../protocol';
import type { PhoneSettings } from '../config/settings';
import type { CallInfo, RegistrationState } from '../sip/call-state';
import type { StatusTone } from '../ui/status-indicator';
import type { PurposeTone } from '../ui/badges';
import { willSkipPin } from '../store/phone-store';

export function registrationLabel(state: RegistrationState): string {
  switch (state) {
    case 'registered':
      return 'Registered';
    case 'connecting':
      return 'Connecting…';
    case 'registering':
      return 'Registering…';
    case 'reconnecting':
      return 'Reconnecting…';
    case 'signed-out':
      return 'Not registered';
    case 'failed':
      return 'Registration failed';
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

export const PRESENCE_LABELS: Readonly<Record<PresenceState, string>> = {
  available: 'Available',
  busy: 'Busy',
  dnd: 'Do Not Disturb',
  brb: 'Be Right Back',
  away: 'Away',
  offline: 'Appear Offline',
};

/** What a presence does to incoming calls, when that isn't obvious. */
export function presenceHint(presence: PresenceState): string | undefined {
  return presence === 'offline' ? 'Calls are refused; voicemail playback still rings' : undefined;
}

const PRIORITY_WORDS: Readonly<Record<string, string>> = {
  emergency: 'Emergency',
  urgent: 'Urgent',
  normal: 'Normal',
  'non-urgent': 'Non-urgent',
};

/**
 * The Priority to show next to (or instead of) the Urgent badge: known RFC 3261 §20.26 values
 * in words, any other token as it came. Undefined when the badge already says it all.
 */
export function priorityText(call: Pick<CallInfo, 'priority' | 'urgent'>): string | undefined {
  const p = call.priority?.trim();
  if (!p) return undefined;
  if (call.urgent && p === 'urgent') return undefined;
  return PRIORITY_WORDS[p] ?? p;
}

/** Name and address lines for the other party; a Play-On-Phone call is "Your voicemail". */
export function peerDisplay(call: Pick<CallInfo, 'peerName' | 'peerUri' | 'purpose'>): {
  name: string;
  address?: string;
} {
  if (call.purpose === 'play-on-phone') return { name: 'Your voicemail', address: call.peerUri || undefined };
  if (call.purpose === 'voicemail') return { name: 'Your voicemail', address: call.peerUri || undefined };
  const name = call.peerName?.trim();
  if (name) return { name, address: call.peerUri || undefined };
  return { name: call.peerUri || 'Unknown caller' };
}

/** The tag shown on calls that aren't ordinary calls. */
export function purposeTag(
  call: Pick<CallInfo, 'purpose' | 'peerName' | 'peerUri'>,
): { tone: PurposeTone; label: string } | undefined {
  switch (call.purpose) {
    case 'call':
      return undefined;
    case 'voicemail':
      return { tone: 'voicemail', label: 'Voicemail' };
    case 'leave-message':
      return { tone: 'deposit', label: `Leaving a message for ${call.peerName?.trim() || call.peerUri}` };
    case 'play-on-phone':
      return { tone: 'playback', label: 'Voice message playback' };
  }
}

/** For a voicemail call, whether skip-pin went out (MS-OCEXUM 2.2.1). */
export function pinNote(call: Pick<CallInfo, 'purpose' | 'skipPin'>): string | undefined {
  if (call.purpose !== 'voicemail') return undefined;
  return call.skipPin
    ? 'PIN skipped (trusted connection)'
    : 'PIN not skipped: enter it when the voicemail asks';
}

/** The line next to "Call voicemail": will the mailbox ask for the PIN, and why. */
export function voicemailPinLine(settings: PhoneSettings): { skip: boolean; text: string; why?: string } {
  if (willSkipPin(settings)) return { skip: true, text: 'PIN will be skipped (trusted connection)' };
  return {
    skip: false,
    text: 'You will be asked for your PIN',
    why: settings.skipPin
      ? 'The connection to the server is not a trusted transport.'
      : 'Skipping the PIN is turned off in the settings.',
  };
}

export function endedLine(call: Pick<CallInfo, 'endReason'>): string {
  const reason = call.endReason?.trim();
  return reason ? `Call ended: ${reason}` : 'Call ended';
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
export function historyKind(call: CallInfo): { kind: 'incoming' | 'outgoing' | 'missed'; label: string } {
  if (call.direction === 'outgoing') {
    switch (call.purpose) {
      case 'voicemail':
        return { kind: 'outgoing', label: 'Voicemail' };
      case 'leave-message':
        return { kind: 'outgoing', label: 'Message left' };
      default:
        return { kind: 'outgoing', label: 'Outgoing' };
    }
  }
  if (call.connectedAt === undefined) return { kind: 'missed', label: 'Missed' };
  return {
    kind: 'incoming',
    label: call.purpose === 'play-on-phone' ? 'Voice message playback' : 'Incoming',
  };
}
