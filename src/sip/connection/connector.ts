/**
 * The reconnect state machine: one connection at a time, a fresh one after each loss, with
 * exponential backoff between attempts (reset once registered), and never again after the
 * registrar refused our credentials or after sign-out.
 *
 * ```
 * (none) ──open()──► connecting ──ua started──► started(scope) ──lost()──► waiting ──backoff timer──► connecting
 *                        └──────ws failed─────────────────────────────────────┘   └──checkNow()──────┘
 * any ──refused()──► stopped for good (wrong credentials)        any ──signOut()──► stopped for good
 * ```
 */
import type { UserAgent } from 'sip.js';
import type { RegistrationState } from '../call-state';
import { errorText, type RegistrationReason } from '../reasons';
import { ConnectionScope } from './connection-scope';
import { backoffDelay } from './reconnect-backoff';

export interface ConnectorHooks {
  /** A new UserAgent for connection `id`; its events must name `id` (late ones are ignored). */
  makeUserAgent(id: number): UserAgent;
  /** The connection's UserAgent started: registration begins on it. */
  started(scope: ConnectionScope): void;
  /** The connection was lost and abandoned (its calls cannot survive it). */
  lost(scope: ConnectionScope): void;
  report(state: RegistrationState, reason?: RegistrationReason, nextRetryAt?: number): void;
}

export class Connector {
  private scope?: ConnectionScope;
  private connectionSeq = 0;
  /** Failed connection attempts in a row; the backoff grows with it, a registration resets it. */
  private attempt = 0;
  private retryTimer?: ReturnType<typeof setTimeout>;
  /** The registrar refused our credentials: retrying would only lock the account. */
  private authFailed = false;
  private signedOut = false;

  constructor(
    private readonly hooks: ConnectorHooks,
    /** Named in the reason when a connection cannot be opened. */
    private readonly serverUrl: string,
  ) {}

  /** The live connection, if any. */
  get current(): ConnectionScope | undefined {
    return this.scope;
  }

  /** Whether `scope` is still the live connection. */
  isCurrent(scope: ConnectionScope): boolean {
    return this.scope === scope;
  }

  /** Starts a fresh connection attempt now. */
  open(): void {
    if (this.signedOut || this.authFailed) return;
    clearTimeout(this.retryTimer);
    const id = ++this.connectionSeq;
    const scope = new ConnectionScope(id, this.hooks.makeUserAgent(id));
    this.scope = scope;
    this.hooks.report(
      this.attempt === 0 ? 'connecting' : 'reconnecting',
      this.attempt === 0 ? undefined : { kind: 'connecting' },
    );
    scope.ua.start().then(
      () => {
        if (this.scope === scope) this.hooks.started(scope);
      },
      (e: unknown) => this.lost(id, { kind: 'cannot-reach', server: this.serverUrl, error: errorText(e) }),
    );
  }

  /**
   * The connection is gone (closed, failed to open, unanswered keep-alive, browser offline).
   * Idempotent per connection: SIP.js reports a failed start twice (disconnect + rejection).
   */
  lost(connectionId: number, reason: RegistrationReason): void {
    const scope = this.scope;
    if (this.signedOut || !scope || scope.id !== connectionId) return;
    this.scope = undefined;
    scope.abandon();
    this.hooks.lost(scope);
    this.scheduleReconnect(reason);
  }

  /** The registrar refused our credentials: abandon the connection and never try again. */
  refused(scope: ConnectionScope): void {
    if (this.scope !== scope) return;
    this.authFailed = true;
    this.scope = undefined;
    scope.abandon();
  }

  /** Registered: the next loss starts the backoff from the beginning. */
  registered(): void {
    this.attempt = 0;
  }

  /** The network came back or the page became visible: don't sit out the backoff. */
  checkNow(probe: (scope: ConnectionScope) => void): void {
    if (this.signedOut || this.authFailed) return;
    const scope = this.scope;
    if (!scope) {
      this.attempt = 0;
      this.open();
    } else {
      probe(scope);
    }
  }

  /** Sign-out: no further attempts; the live connection (if any) says its goodbyes. */
  signOut(): void {
    if (this.signedOut) return;
    this.signedOut = true;
    clearTimeout(this.retryTimer);
    const scope = this.scope;
    this.scope = undefined;
    scope?.signOut();
  }

  private scheduleReconnect(reason: RegistrationReason): void {
    clearTimeout(this.retryTimer);
    // No pause while navigator.onLine is false: it can stay false after the network is back
    // (seen in headless Chromium); the backoff keeps trying and `online` short-cuts it.
    const delay = backoffDelay(this.attempt++);
    this.hooks.report('reconnecting', reason, Date.now() + delay);
    this.retryTimer = setTimeout(() => this.open(), delay);
  }
}
