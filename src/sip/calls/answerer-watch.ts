/**
 * Who answered each call we place (src/protocol/call-diversion): the callee, a forwarding
 * destination, or the callee's voicemail. It reads the responses to our initial INVITE as the
 * incoming gate passed them, before SIP.js: a proxy's progress report (MS-EUMR 3.1.5.4, a 101
 * without a To tag) or `181` without a Contact never reaches SIP.js's delegates at all.
 *
 * A response counts only when it answers an INVITE with the Call-ID of a call we are placing, with
 * the initial CSeq or a later one (an INVITE resent with credentials after a 407 counts up), and
 * only until the first 2xx: re-INVITEs come after it, and other calls have other Call-IDs.
 */
import { SessionState } from 'sip.js';
import {
  inviteResponseKey,
  readProvisionalResponse,
  whoAnswered,
  type DiversionNotice,
} from '../../protocol';
import type { CallRegistry, ManagedCall } from './call-registry';

interface Watched {
  readonly call: ManagedCall;
  readonly cseq: number;
  readonly notices: DiversionNotice[];
}

export class AnswererWatch {
  private readonly placing = new Map<string, Watched>();

  constructor(private readonly calls: CallRegistry) {}

  /** Starts reading the answers to `call`'s initial INVITE (its Call-ID and CSeq number). */
  watch(call: ManagedCall, callId: string, cseq: number): void {
    this.placing.set(callId, { call, cseq, notices: [] });
    call.session.stateChange.addListener((state) => {
      if (state === SessionState.Terminated) this.forget(callId);
    });
  }

  /** The call ended or was answered: nothing more to read. */
  forget(callId: string): void {
    this.placing.delete(callId);
  }

  /** One response from the gate (canonical text). */
  onResponse(text: string): void {
    const key = inviteResponseKey(text);
    const watched = key && this.placing.get(key.callId);
    if (!key || !watched || key.cseq < watched.cseq) return;
    const { call, notices } = watched;
    if (key.status < 200) {
      const notice = readProvisionalResponse(text);
      if (!notice) return;
      notices.push(notice);
      if (!call.info.forwarded) {
        call.info = { ...call.info, forwarded: true };
        this.calls.emit(call);
      }
      return;
    }
    this.forget(key.callId);
    // The first 2xx is the answer (a forking proxy's later ones are ACKed and ended by SIP.js).
    // It is read before SIP.js establishes the call, so `connected` already says who answered.
    if (key.status < 300) call.info = { ...call.info, answeredBy: whoAnswered(text, notices) };
  }
}
