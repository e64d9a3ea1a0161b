import type { CallInfo, PhoneState, PhoneStore } from '../store';
import type {
  UmPhoneCall,
  UmPhoneCallEndedDetail,
  UmPhoneEventDetails,
  UmPhoneEventName,
} from './um-phone-api';

export interface PhoneEvent<K extends UmPhoneEventName = UmPhoneEventName> {
  type: K;
  detail: UmPhoneEventDetails[K];
}

type AnyPhoneEvent = { [K in UmPhoneEventName]: PhoneEvent<K> }[UmPhoneEventName];

type Watched = Pick<
  PhoneState,
  'registration' | 'registrationDetail' | 'calls' | 'lastEnded' | 'notice' | 'settings'
>;

/**
 * What a host page should hear about a change of the phone's state. Pure, so it is tested on
 * plain objects; the element and the iframe bridge both turn the result into messages.
 */
export function phoneEventsBetween(prev: Watched, next: Watched): AnyPhoneEvent[] {
  const events: AnyPhoneEvent[] = [];
  if (next.registration !== prev.registration) {
    if (next.registration === 'registered')
      events.push({ type: 'registered', detail: { aor: next.settings.aor } });
    else if (prev.registration === 'registered')
      events.push({
        type: 'unregistered',
        detail: { registration: next.registration, reason: next.registrationDetail },
      });
    if (next.registration === 'failed')
      events.push({ type: 'error', detail: { message: next.registrationDetail ?? 'Sign-in failed.' } });
  }

  const ringingBefore = new Set(prev.calls.filter(isRingingIn).map((c) => c.id));
  for (const call of next.calls) {
    if (!isRingingIn(call) || ringingBefore.has(call.id)) continue;
    const detail = {
      ...(call.facts ?? {
        fromUri: call.peerUri,
        toUri: next.settings.aor,
        urgent: call.urgent,
        automaton: false,
        noDiversion: false,
        playOnPhone: call.purpose === 'play-on-phone',
      }),
      callId: call.id,
      peerName: call.peerName,
    };
    events.push({ type: 'incoming', detail });
    if (detail.playOnPhone) events.push({ type: 'play-on-phone', detail });
  }

  if (next.lastEnded && next.lastEnded !== prev.lastEnded)
    events.push({ type: 'call-ended', detail: endedDetail(next.lastEnded) });

  if (next.notice && next.notice !== prev.notice && next.notice.kind === 'error')
    events.push({ type: 'error', detail: { message: next.notice.text } });
  return events;
}

function isRingingIn(call: CallInfo): boolean {
  return call.direction === 'incoming' && call.state === 'ringing';
}

function endedDetail(call: CallInfo): UmPhoneCallEndedDetail {
  const answered = call.connectedAt !== undefined;
  const end = call.endedAt ?? call.connectedAt ?? 0;
  return {
    callId: call.id,
    direction: call.direction,
    purpose: call.purpose,
    peerUri: call.peerUri,
    peerName: call.peerName,
    subject: call.subject,
    answered,
    durationSeconds: answered ? Math.max(0, Math.round((end - (call.connectedAt ?? end)) / 1000)) : 0,
    status: call.endStatus,
    reason: call.endReason,
  };
}

type LiveCall = CallInfo & { state: Exclude<CallInfo['state'], 'ended'> };

/** The calls in progress as the host page sees them (no internal fields). */
export function publicCalls(calls: readonly CallInfo[]): UmPhoneCall[] {
  // The store moves an ended call into the history at once; the filter just says so to the types.
  return calls
    .filter((c): c is LiveCall => c.state !== 'ended')
    .map((call) => ({
      callId: call.id,
      direction: call.direction,
      purpose: call.purpose,
      state: call.state,
      peerUri: call.peerUri,
      peerName: call.peerName,
      subject: call.subject,
      priority: call.priority,
    }));
}

/** Calls `emit` for every event from now on; returns the unsubscribe function. */
export function watchPhoneEvents(store: PhoneStore, emit: (event: AnyPhoneEvent) => void): () => void {
  return store.subscribe((next, prev) => {
    for (const event of phoneEventsBetween(prev, next)) emit(event);
  });
}
