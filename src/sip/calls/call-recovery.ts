/**
 * Calls that outlive their connection. When the connection to the proxy is lost, an established
 * call is not ended: its media flows peer to peer and may well go on, and its dialog (RFC 3261
 * §12) is not tied to one connection. Once the phone is registered again (the same server or the
 * next one, after a network change or the browser's `online`), each waiting call sends a re-INVITE
 * with an ICE restart (RFC 8445 §9, `iceRestart` in the offer) over the new connection: the media
 * path is checked again from the new network, and the far end learns our new Contact (a target
 * refresh, §12.2.1.2 / §12.2.2), so its later re-INVITE or BYE reaches us on the new connection.
 *
 * Only when no re-INVITE succeeds within `limitMs` does the call end, with `call-not-recovered`;
 * a final refusal of the re-INVITE (e.g. 481: the far end no longer knows the dialog) ends it
 * with `call-resume-refused`. A 491 (both sides re-INVITEd at once, e.g. both lost the same
 * node) is retried after a random 0–2 s (§14.1), and so is a 488: SIP.js answers a re-INVITE
 * with 488, not 491, when it arrives while its own offer is being rolled back (measured: both
 * phones lost the same node, one's re-INVITE failed, the other's came in at that moment), so
 * during recovery a 488 means "not now" far more often than "never". A far end the proxy cannot
 * reach (408, 477, 5xx: its old connection is gone too) is tried again every 2 s until the
 * bound. When both phones lost the same node, each one's Contact names its dead connection: the
 * proxy must send a request naming a dialog end's previous connection to its current one (the
 * lab's cluster does, kamailio.cfg route[CLUSTER_MOVED_END]; GRUU, RFC 5627, is the standard
 * way), or such a call ends at the bound. A call not yet answered cannot be carried
 * over (its INVITE transaction died with the connection): it ends with `connection-lost`.
 *
 * A hang-up while the call waits for a connection ends it here at once (its media stops, the
 * user sees it ended), but the far end still has to hear of it: a BYE handed to SIP.js now
 * would die on the missing connection and leave the far end in the call (its own connection
 * may be fine). So the BYE waits for the next registration and goes out over it (RFC 3261
 * §15.1.1: the dialog still stands until a BYE is sent), however long the phone stays offline
 * (a reconnect backoff may well pass 20 s); sign-out sends what still waits on what is left. A
 * call that reaches the bound while still disconnected ends the same way.
 * Once the phone is registered again, a hang-up sends its BYE at once, even while the recovery
 * re-INVITE is still out (§15: a BYE may be sent at any time in a confirmed dialog; it does
 * not wait for the re-INVITE, which the far end may never answer).
 *
 * ```
 * connected/held ──connection lost──► waiting ──registered again──► re-INVITE (ICE restart)
 *                                        │                              ├─2xx──► connected/held (as before)
 *                                        │                              ├─491, 488──► again in 0–2 s
 *                                        │                              └─other final──► ended (resume refused)
 *                                        ├──limitMs without a 2xx──► ended (not recovered; BYE once registered)
 *                                        └──hang-up (no connection)──► ended now, BYE on the next registration
 * ```
 */
import { SessionState, type Core, type SessionInviteOptions } from 'sip.js';
import type { SessionDescriptionHandlerOptions } from 'sip.js/lib/platform/web/session-description-handler/index.js';
import type { PhoneSettings } from '../../config/settings';
import { failRequestOnLostConnection } from '../sipjs-internals';
import type { CallRegistry, ManagedCall } from './call-registry';
import type { Goodbyes } from './goodbyes';
import { audioOptions } from './in-call-controls';

/** How long a call may wait for a new connection before it ends (the bound, ~20 s). */
export const CALL_RECOVERY_LIMIT_MS = 20_000;
/** RFC 3261 §14.1: after a 491, the UAC that does not own the Call-ID waits 0–2 s. */
const GLARE_RETRY_MAX_MS = 2000;
/** The far end could not be reached (408, 477, 5xx): try again this much later. */
const UNREACHABLE_RETRY_MS = 2000;
/** A re-INVITE of our own (hold, resume) is still outstanding: try again shortly. */
const PENDING_RETRY_MS = 250;

interface Waiting {
  call: ManagedCall;
  deadline: ReturnType<typeof setTimeout>;
  retry?: ReturnType<typeof setTimeout>;
  /** A recovery re-INVITE is out. */
  inFlight: boolean;
  request?: Core.OutgoingInviteRequest;
}

export class CallRecovery {
  private readonly waiting = new Map<string, Waiting>();
  /** Between a lost connection and the next registration: nothing can be sent. */
  private disconnected = false;

  constructor(
    private readonly calls: CallRegistry,
    private readonly settings: PhoneSettings,
    /**
     * Every BYE goes through it, and a hang-up's waits there for a connection to carry it
     * (goodbyes.ts): until the next registration or sign-out, however long that takes.
     */
    private readonly sent: Goodbyes,
    private readonly limitMs = CALL_RECOVERY_LIMIT_MS,
    private readonly random: () => number = Math.random,
  ) {}

  /** Calls waiting for a new connection. */
  get pending(): number {
    return this.waiting.size;
  }

  /** Hang-ups whose BYE waits for a connection. */
  get goodbyesPending(): number {
    return this.sent.pending;
  }

  /** The connection is gone: established calls wait for the next one, the others end. */
  connectionLost(): void {
    this.disconnected = true;
    this.sent.connectionLost();
    for (const call of this.calls.all()) {
      if (call.session.state !== SessionState.Established) {
        this.calls.finish(call, { kind: 'connection-lost' });
        continue;
      }
      const known = this.waiting.get(call.info.id);
      if (known) {
        // Lost again while resuming: the deadline stays the first loss's; the re-INVITE on the
        // lost connection will never be answered, so it ends now and the next connection resumes.
        clearTimeout(known.retry);
        const request = known.request;
        known.request = undefined;
        if (known.inFlight && request) failRequestOnLostConnection(request);
        known.inFlight = false;
        continue;
      }
      const deadline = setTimeout(() => this.giveUp(call.info.id), this.limitMs);
      this.waiting.set(call.info.id, { call, deadline, inFlight: false });
    }
  }

  /** Registered on a new connection: waiting hang-ups say goodbye, waiting calls re-INVITE. */
  reconnected(): void {
    this.disconnected = false;
    this.sent.reconnected();
    for (const w of this.waiting.values()) this.resume(w);
  }

  /**
   * The user hangs up `callId`. While that call waits for a connection, it ends here at once and
   * its BYE waits for the next registration (see above); returns false when it does not wait
   * (the caller hangs up as usual: a connection is there to carry the BYE).
   */
  hangUp(callId: string): boolean {
    const w = this.waiting.get(callId);
    if (!w) return false;
    // Either way the call no longer waits: an answer to a recovery re-INVITE still out changes nothing.
    this.forget(w);
    if (!this.disconnected) return false;
    const { call } = w;
    const session = call.session;
    const reason = call.info.ended ?? { kind: 'you-hung-up' as const };
    call.info = { ...call.info, ended: reason };
    // Nothing more goes to the far end or comes from it (media flows peer to peer and would go on).
    session.sessionDescriptionHandler?.close();
    this.sent.later(session);
    this.calls.finish(call, reason);
    return true;
  }

  /** Sign-out: nothing waits any more; waiting hang-ups try their BYE on what is left. */
  dispose(): void {
    for (const w of this.waiting.values()) this.forget(w);
    this.sent.dispose();
  }

  private resume(w: Waiting): void {
    const { call } = w;
    if (this.waiting.get(call.info.id) !== w || w.inFlight) return;
    const session = call.session;
    if (session.state !== SessionState.Established) {
      this.forget(w);
      return;
    }
    clearTimeout(w.retry);
    w.inFlight = true;
    const plain: SessionDescriptionHandlerOptions = { ...audioOptions(this.settings), hold: call.info.held };
    const restart: SessionDescriptionHandlerOptions = { ...plain, offerOptions: { iceRestart: true } };
    const options: SessionInviteOptions = {
      sessionDescriptionHandlerOptions: restart,
      requestDelegate: {
        onAccept: () => {
          // Later re-INVITEs (hold, resume, the far end's) need no restart.
          session.sessionDescriptionHandlerOptionsReInvite = plain;
          if (this.waiting.get(call.info.id) !== w) return; // hung up meanwhile
          this.forget(w);
          this.calls.emit(call);
        },
        onReject: (response) => {
          w.inFlight = false;
          w.request = undefined;
          const status = response.message.statusCode ?? 0;
          if (this.waiting.get(call.info.id) !== w) return;
          if (status === 491 || status === 488) {
            this.retryIn(w, Math.floor(this.random() * GLARE_RETRY_MAX_MS));
          } else if (!response.message.callId) {
            // SIP.js's own 408/503: the new connection is gone too; wait for the next one.
          } else if (status === 408 || status === 477 || status >= 500) {
            // The proxy could not reach the far end's old flow (it may be reconnecting too, and its
            // own re-INVITE will tell us where it is now): try again until the bound.
            this.retryIn(w, UNREACHABLE_RETRY_MS);
          } else {
            this.forget(w);
            this.end(call, { kind: 'call-resume-refused', status });
          }
        },
      },
    };
    session.invite(options).then(
      (request) => {
        if (w.inFlight) w.request = request;
      },
      () => {
        // Another re-INVITE of ours is outstanding (hold, resume): try again after it.
        w.inFlight = false;
        if (this.waiting.get(call.info.id) === w) this.retryIn(w, PENDING_RETRY_MS);
      },
    );
  }

  private retryIn(w: Waiting, ms: number): void {
    clearTimeout(w.retry);
    w.retry = setTimeout(() => this.resume(w), ms);
  }

  private giveUp(callId: string): void {
    const w = this.waiting.get(callId);
    if (!w) return;
    this.forget(w);
    this.end(w.call, { kind: 'call-not-recovered', seconds: Math.round(this.limitMs / 1000) });
  }

  private end(call: ManagedCall, reason: Parameters<CallRegistry['finish']>[1]): void {
    call.info = { ...call.info, ended: reason };
    if (this.disconnected) {
      // Still no connection at the bound: the call ends for the user now, its BYE waits like a
      // hang-up's (above) instead of being lost in SIP.js.
      call.session.sessionDescriptionHandler?.close();
      this.sent.later(call.session);
    } else if (call.session.state === SessionState.Established) {
      this.sent.say(call.session);
    }
    this.calls.finish(call, reason);
  }

  private forget(w: Waiting): void {
    clearTimeout(w.deadline);
    clearTimeout(w.retry);
    if (this.waiting.get(w.call.info.id) === w) this.waiting.delete(w.call.info.id);
  }
}
