/**
 * Hold and resume of one call, one re-INVITE at a time.
 *
 * The user (or the one-active-call rule) says what it wants, as often and as fast as it likes; the
 * queue keeps only the latest wish and sends a re-INVITE for it when the session can take one:
 * established, no re-INVITE of ours pending, and no offer open in either direction (the media
 * connection's signalling state is stable). That is what RFC 3261 §14.1 asks ("MUST NOT initiate
 * a re-INVITE while another INVITE transaction is in progress in either direction"), and what
 * SIP.js does not check: asked at the wrong moment it fails with "Invalid signaling state
 * have-local-offer" or "Reinvite in progress". A call asked to hold before it is answered (a
 * ringing outgoing call put in the background) is held as soon as it is established.
 *
 * ```
 * idle ──want≠on wire, ready──► sending ──2xx──► idle (settled)
 *   ▲                              ├──491──► waiting (random 0.5–2 s, RFC 3261 §14.1) ──► idle
 *   │                              ├──busy (offer open, re-INVITE pending)──► waiting (kick or 0.5 s)
 *   └──────────────────────────────┴──other final / error──► idle (refused; not retried until a new wish)
 * ```
 */
import { RequestPendingError, SessionState, type Session, type SessionInviteOptions } from 'sip.js';
import {
  SessionDescriptionHandler,
  type SessionDescriptionHandlerOptions,
} from 'sip.js/lib/platform/web/session-description-handler/index.js';
import { errorText } from '../reasons';

export interface HoldQueueHooks {
  /** The session description options of a re-INVITE that asks for `held`. */
  reinviteOptions(held: boolean): SessionDescriptionHandlerOptions;
  /** The far end accepted: the call is now `held` (or back to `connected`). */
  settled(held: boolean): void;
  /** The far end refused, or the re-INVITE could not be sent: `error` says why when it was not sent. */
  refused(held: boolean, error?: string): void;
}

/** How often a blocked re-INVITE is retried in a row before the wish is given up as failed. */
const MAX_RETRIES = 8;
/** When nothing kicks the queue after a "busy" answer, it looks again after this long. */
const BUSY_RETRY_MS = 500;

type Outcome = 'accepted' | 'glare' | 'busy' | 'refused' | { error: string };

export class HoldQueue {
  private wanted = false;
  /** What the far end last accepted. */
  private onWire = false;
  /** A wish that was refused: not asked again until the wish changes. */
  private refusedWish: boolean | undefined;
  /** What `settled`/`refused` last told the call (its shown state: held or not). */
  private reported = false;
  private sending = false;
  private retries = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  private readonly watchedConnections = new WeakSet<RTCPeerConnection>();

  constructor(
    private readonly session: Session,
    private readonly hooks: HoldQueueHooks,
  ) {
    session.stateChange.addListener((state) => {
      if (state === SessionState.Established) this.pump();
      if (state === SessionState.Terminated) this.close();
    });
  }

  /** Whether the latest wish is to be on hold. */
  get wantsHeld(): boolean {
    return this.wanted;
  }

  /**
   * Hold (`true`) or resume (`false`), as soon as the session can take a re-INVITE. Each call is a
   * fresh wish: one the far end refused before is asked again.
   */
  want(held: boolean): void {
    this.refusedWish = undefined;
    this.wanted = held;
    this.retries = 0;
    this.pump();
  }

  /**
   * The call was answered with a held description (an RFC 3264 answer of sendonly to the offer):
   * it starts held on the wire, with no re-INVITE to send (one sent before the ACK of our 2xx
   * would race it, RFC 5407). Reported held once the session is up.
   */
  answeredHeld(): void {
    this.wanted = true;
    this.onWire = true;
  }

  /** Something that may have blocked a re-INVITE is over (the far end's re-INVITE was ACKed). */
  kick(): void {
    if (this.retryTimer !== undefined && !this.sending) {
      clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
    }
    this.pump();
  }

  private close(): void {
    this.closed = true;
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private pump(): void {
    if (this.closed || this.sending || this.retryTimer !== undefined) return;
    const held = this.wanted;
    if (held === this.onWire) {
      // Nothing to send (e.g. resuming a call whose hold the far end refused): say where it stands.
      if (this.reported !== held) {
        this.reported = held;
        this.hooks.settled(held);
      }
      return;
    }
    if (held === this.refusedWish) return;
    if (this.session.state !== SessionState.Established) return;
    if (!this.offerFree()) return;
    this.sending = true;
    this.send(held).then(
      (outcome) => this.done(held, outcome),
      () => undefined,
    );
  }

  /** No offer open on the media connection (a test's handler has none: always free). */
  private offerFree(): boolean {
    const sdh = this.session.sessionDescriptionHandler;
    if (!(sdh instanceof SessionDescriptionHandler)) return true;
    const pc = sdh.peerConnection;
    if (!pc) return true;
    if (!this.watchedConnections.has(pc)) {
      this.watchedConnections.add(pc);
      pc.addEventListener('signalingstatechange', () => {
        if (pc.signalingState === 'stable') this.pump();
      });
    }
    return pc.signalingState === 'stable';
  }

  /** One re-INVITE (RFC 3264 §8.4: a sendonly offer to hold, sendrecv to resume). */
  private send(held: boolean): Promise<Outcome> {
    return new Promise<Outcome>((resolve) => {
      const options: SessionInviteOptions = {
        sessionDescriptionHandlerOptions: this.hooks.reinviteOptions(held),
        requestDelegate: {
          onAccept: () => resolve('accepted'),
          onReject: (response) => resolve(response.message.statusCode === 491 ? 'glare' : 'refused'),
        },
      };
      this.session.invite(options).catch((e: unknown) => {
        const busy = e instanceof RequestPendingError || /signaling state/i.test(errorText(e));
        resolve(busy ? 'busy' : { error: errorText(e) });
      });
    });
  }

  private done(held: boolean, outcome: Outcome): void {
    this.sending = false;
    if (this.closed) return;
    if (outcome === 'glare' || outcome === 'busy') {
      if (++this.retries > MAX_RETRIES) {
        this.refusedWish = held;
        this.reported = true;
        this.hooks.refused(held, 'the call kept renegotiating');
        return;
      }
      // RFC 3261 §14.1: after a 491, wait a random while before trying again.
      const delay = outcome === 'glare' ? 500 + Math.random() * 1500 : BUSY_RETRY_MS;
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        this.pump();
      }, delay);
      return;
    }
    this.retries = 0;
    if (outcome === 'accepted') {
      this.onWire = held;
      this.reported = held;
      this.hooks.settled(held);
    } else {
      this.refusedWish = held;
      this.reported = true;
      this.hooks.refused(held, outcome === 'refused' ? undefined : outcome.error);
    }
    // The wish may have changed while this one was on the wire.
    this.pump();
  }
}
