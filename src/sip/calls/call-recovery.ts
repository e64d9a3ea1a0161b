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
 * node) is retried after a random 0–2 s (§14.1); a far end the proxy cannot reach (408, 477,
 * 5xx: its old connection is gone too) is tried again every 2 s until the bound. Two phones that
 * lost the same node cannot find each other without GRUU (RFC 5627): each one's Contact names its
 * dead flow; such a call ends at the bound. A call not yet answered cannot be carried
 * over (its INVITE transaction died with the connection): it ends with `connection-lost`.
 *
 * ```
 * connected/held ──connection lost──► waiting ──registered again──► re-INVITE (ICE restart)
 *                                        │                              ├─2xx──► connected/held (as before)
 *                                        │                              ├─491──► again in 0–2 s
 *                                        │                              └─other final──► ended (resume refused)
 *                                        └──limitMs without a 2xx──► ended (not recovered)
 * ```
 */
import { SessionState, type Core, type SessionInviteOptions } from 'sip.js';
import type { SessionDescriptionHandlerOptions } from 'sip.js/lib/platform/web/session-description-handler/index.js';
import type { PhoneSettings } from '../../config/settings';
import { failRequestOnLostConnection } from '../sipjs-internals';
import type { CallRegistry, ManagedCall } from './call-registry';
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

  constructor(
    private readonly calls: CallRegistry,
    private readonly settings: PhoneSettings,
    private readonly limitMs = CALL_RECOVERY_LIMIT_MS,
    private readonly random: () => number = Math.random,
  ) {}

  /** Calls waiting for a new connection. */
  get pending(): number {
    return this.waiting.size;
  }

  /** The connection is gone: established calls wait for the next one, the others end. */
  connectionLost(): void {
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

  /** Registered on a new connection: every waiting call re-INVITEs with an ICE restart. */
  reconnected(): void {
    for (const w of this.waiting.values()) this.resume(w);
  }

  /** Sign-out: nothing waits any more. */
  dispose(): void {
    for (const w of this.waiting.values()) this.forget(w);
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
          this.forget(w);
          this.calls.emit(call);
        },
        onReject: (response) => {
          w.inFlight = false;
          w.request = undefined;
          const status = response.message.statusCode ?? 0;
          if (this.waiting.get(call.info.id) !== w) return;
          if (status === 491) {
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
    // Say goodbye if a connection can carry it; the far end's dialog times out otherwise.
    if (call.session.state === SessionState.Established) void call.session.bye().catch(() => undefined);
    this.calls.finish(call, reason);
  }

  private forget(w: Waiting): void {
    clearTimeout(w.deadline);
    clearTimeout(w.retry);
    if (this.waiting.get(w.call.info.id) === w) this.waiting.delete(w.call.info.id);
  }
}
