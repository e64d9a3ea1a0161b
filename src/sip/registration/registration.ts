/**
 * Registration on one connection (RFC 3261 §10), with the sign-in's one Registerer (kept across
 * connections, see SharedRegisterer): one REGISTER at a time (SIP.js throws
 * RequestPendingError for a second), each outcome judged by `registerVerdict`, retries on this
 * connection after Retry-After or the backoff, and the goodbye (an unregister) on sign-out.
 */
import { RegistererState, type Core } from 'sip.js';
import type { RegistrationState } from '../call-state';
import { errorText, type RegistrationReason } from '../reasons';
import type { ConnectionScope, ScopedPart } from '../connection/connection-scope';
import type { ObservedRegisterer } from './observed-registerer';
import type { SharedRegisterer } from './shared-registerer';
import { registerVerdict } from './register-outcome';

/** Registration lifetime asked of the registrar (seconds). */
export const REGISTER_EXPIRES = 300;

export interface RegistrationHooks {
  /** The registration state the phone shows now. */
  state(): RegistrationState;
  report(state: RegistrationState, reason?: RegistrationReason, nextRetryAt?: number): void;
  /** A REGISTER succeeded. */
  registered(): void;
  /** The registrar refused our credentials: stop for good. */
  refused(reason: RegistrationReason): void;
  /** No real answer, or the REGISTER could not be sent: the connection is suspect. */
  lost(reason: RegistrationReason): void;
}

export class Registration implements ScopedPart {
  /** A REGISTER was asked for while one was outstanding: send it when that one completes. */
  private registerAgain = false;
  /** Final response to the last REGISTER (real or synthesised by SIP.js). */
  private lastResponse?: Core.IncomingResponse;
  /** Failed REGISTERs on this connection in a row (backoff for registration retries). */
  private failures = 0;
  private retryTimer?: ReturnType<typeof setTimeout>;

  private readonly registerer: ObservedRegisterer;

  constructor(
    private readonly scope: ConnectionScope,
    private readonly hooks: RegistrationHooks,
    /** The sign-in's Registerer, shared by every connection (one Call-ID: one contact). */
    private readonly shared: SharedRegisterer,
  ) {
    const registerer = shared.registerer;
    shared.attach({
      finalResponse: (response) => {
        this.lastResponse = response;
      },
      // Every REGISTER ends here, one at a time: the outcome decides what happens next.
      pendingChange: (waiting) => {
        if (waiting || scope.ended) return;
        this.completed();
      },
      stateChange: (state) => {
        switch (state) {
          case RegistererState.Unregistered:
            // The binding expired without a refresh answer: register again at once.
            if (!scope.ended && !registerer.pending && hooks.state() === 'registered') {
              hooks.report('registering', { kind: 'registration-expired' });
              this.register();
            }
            break;
          case RegistererState.Registered:
          case RegistererState.Initial:
          case RegistererState.Terminated:
            break;
        }
      },
    });
    this.registerer = registerer;
  }

  /** Sends a REGISTER, or queues one behind the outstanding REGISTER (never two at once). */
  register(): void {
    if (this.scope.ended) return;
    // A REGISTER now supersedes one scheduled for later ("Retry now").
    this.scope.clearTimeout(this.retryTimer);
    if (this.registerer.pending) {
      this.registerAgain = true;
      return;
    }
    if (this.hooks.state() !== 'registered') this.hooks.report('registering');
    this.shared.register().catch((e: unknown) => {
      if (!this.scope.ended) this.hooks.lost({ kind: 'register-not-sent', error: errorText(e) });
    });
  }

  abandon(): void {
    // Nothing to send; a REGISTER still on the lost connection ends now (the next may go at once).
    this.shared.failPending();
  }

  /**
   * Sign-out: calls stop ringing here at once rather than when the binding expires. A REGISTER
   * still unanswered (a refresh, or the first on a new connection) may yet bind this contact, and
   * SIP.js refuses an unregister while it waits (RequestPendingError): it is given up here, and the
   * un-REGISTER follows it with a higher CSeq, which the registrar applies after it (RFC 3261
   * §10.3 step 7), so no binding is left either way.
   */
  goodbye(): Promise<unknown> | undefined {
    const pending = this.registerer.pending;
    if (!pending && this.registerer.state !== RegistererState.Registered) return undefined;
    if (pending) this.shared.failPending();
    return this.registerer.unregister();
  }

  private completed(): void {
    const response = this.lastResponse?.message;
    this.lastResponse = undefined;
    const verdict = registerVerdict(
      {
        registered: this.registerer.state === RegistererState.Registered,
        status: response?.statusCode ?? 0,
        reasonPhrase: response?.reasonPhrase,
        retryAfter: response?.getHeader('retry-after'),
        fromWire: Boolean(response?.callId),
      },
      this.failures,
    );
    switch (verdict.kind) {
      case 'registered':
        this.failures = 0;
        this.hooks.registered();
        if (this.registerAgain) {
          this.registerAgain = false;
          this.register();
        }
        return;
      case 'left-to-sipjs':
        return;
      case 'stop':
        this.hooks.refused(verdict.reason);
        return;
      case 'reconnect':
        this.hooks.lost(verdict.reason);
        return;
      case 'retry':
        this.failures++;
        this.registerAgain = false;
        this.scope.clearTimeout(this.retryTimer);
        this.hooks.report('reconnecting', verdict.reason, Date.now() + verdict.delayMs);
        this.retryTimer = this.scope.setTimeout(() => this.register(), verdict.delayMs);
        return;
    }
  }
}
