import { isPresenceState, CALL_PRIORITIES } from '../protocol';
import type { CallInfo, PhoneStore } from '../store';
import type { UmPhoneApi, UmPhoneCallOptions } from './um-phone-api';

/**
 * The embed API on one store, shared by the element and the iframe bridge. Arguments come from
 * another program (a host page, another window), so they are checked here: a wrong type is a
 * TypeError for the caller, while what the phone refuses (a Subject with a line break, an unknown
 * target) becomes the store's notice and so an `error` event, as it would for a person.
 */
export function createPhoneCommands(store: PhoneStore): UmPhoneApi {
  const actions = () => store.getState().actions;
  const calls = () => store.getState().calls;
  const isRingingIn = (c: CallInfo) => c.direction === 'incoming' && c.state === 'ringing';
  const firstRinging = () => calls().find(isRingingIn);
  const byId = (callId: unknown, fallback: () => CallInfo | undefined): CallInfo | undefined => {
    if (callId === undefined || callId === null) return fallback();
    if (typeof callId !== 'string') throw new TypeError('callId must be a string.');
    return calls().find((c) => c.id === callId);
  };

  return {
    call(target: string, options: UmPhoneCallOptions = {}) {
      if (typeof target !== 'string') throw new TypeError('call(target): target must be a string.');
      if (typeof options !== 'object' || options === null)
        throw new TypeError('call options must be an object.');
      const { subject, priority } = options;
      if (subject !== undefined && typeof subject !== 'string')
        throw new TypeError('subject must be a string.');
      if (priority !== undefined && !(CALL_PRIORITIES as readonly unknown[]).includes(priority))
        throw new TypeError(`priority must be one of ${CALL_PRIORITIES.join(', ')}.`);
      // Only spaces are tidied away: a line break or other control character, even at an end, is
      // the phone's to refuse (an `error` event), never to cut off and send what is left.
      actions().call(target, { subject: subject?.replace(/^ +| +$/g, '') || undefined, priority });
    },
    callVoicemail() {
      actions().callVoicemail();
    },
    answer(callId?: string) {
      const call = byId(callId, firstRinging);
      if (call) actions().answer(call.id);
    },
    decline(callId?: string) {
      const call = byId(callId, firstRinging);
      if (call) actions().decline(call.id);
    },
    hangup(callId?: string) {
      // The call you are talking on, before one that is only ringing in.
      const call = byId(callId, () => calls().findLast((c) => !isRingingIn(c)) ?? firstRinging());
      if (!call) return;
      if (isRingingIn(call)) actions().decline(call.id);
      else actions().hangup(call.id);
    },
    setPresence(state) {
      if (!isPresenceState(state)) throw new TypeError(`Unknown presence state: ${String(state)}`);
      actions().setPresence(state);
    },
    signOut() {
      actions().signOut();
    },
  };
}
