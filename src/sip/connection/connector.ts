/**
 * The reconnect state machine: one connection at a time, a fresh one after each loss, to the next
 * server of the list, with exponential backoff between attempts (reset once registered), and never
 * again after the registrar refused our credentials or after sign-out. The UserAgent is made once
 * and lives across connections (its sessions and its registration's Call-ID carry over).
 *
 * ```
 * (none) ──open()──► connecting ──ws open──► started(scope) ──lost()──► waiting ──backoff timer──► connecting (next server)
 *                        └──────ws failed──────────────────────────────────┘   └──checkNow()──────┘
 * any ──refused()──► stopped for good (wrong credentials)        any ──signOut()──► stopped for good
 * ```
 */
import { UserAgentState, type UserAgent } from 'sip.js';
import type { RegistrationState } from '../call-state';
import { errorText, type RegistrationReason } from '../reasons';
import { ConnectionScope } from './connection-scope';
import { backoffDelay } from './reconnect-backoff';
import type { ServerRotation } from './server-rotation';
import { isListTransport } from './server-list-transport';

export interface ConnectorHooks {
  /** The UserAgent of this sign-in; made once, on the first connection. */
  makeUserAgent(): UserAgent;
  /** The connection is open (to `server`): registration begins on it. */
  started(scope: ConnectionScope, server: string): void;
  /** The connection was lost and abandoned (its calls wait for the next one). */
  lost(scope: ConnectionScope): void;
  report(state: RegistrationState, reason?: RegistrationReason, nextRetryAt?: number): void;
}

export class Connector {
  private scope?: ConnectionScope;
  private ua?: UserAgent;
  private connectionSeq = 0;
  /** Failed connection attempts in a row; the backoff grows with it, a registration resets it. */
  private attempt = 0;
  private retryTimer?: ReturnType<typeof setTimeout>;
  /** The registrar refused our credentials: retrying would only lock the account. */
  private authFailed = false;
  private signedOut = false;
  /** No connection has opened yet: servers of the list not tried yet in this first round. */
  private firstRoundLeft: number;
  private everStarted = false;

  constructor(
    private readonly hooks: ConnectorHooks,
    /** Where each connection goes; one step on after each loss. */
    private readonly rotation: ServerRotation,
  ) {
    this.firstRoundLeft = rotation.servers.length - 1;
  }

  /** The live connection, if any. */
  get current(): ConnectionScope | undefined {
    return this.scope;
  }

  /** Whether `scope` is still the live connection. */
  isCurrent(scope: ConnectionScope): boolean {
    return this.scope === scope;
  }

  /** The server the current (or next) connection uses. */
  get server(): string {
    return this.rotation.current;
  }

  /** Starts a fresh connection attempt now, to the server the rotation names. */
  open(): void {
    if (this.signedOut || this.authFailed) return;
    clearTimeout(this.retryTimer);
    const id = ++this.connectionSeq;
    const ua = (this.ua ??= this.hooks.makeUserAgent());
    const scope = new ConnectionScope(id, ua, () => leave(ua));
    this.scope = scope;
    const server = this.rotation.current;
    this.hooks.report(
      this.attempt === 0 ? 'connecting' : 'reconnecting',
      this.attempt === 0 ? undefined : { kind: 'connecting' },
    );
    let opening: Promise<void>;
    try {
      // The first connection starts the UserAgent; later ones reopen its transport, at once (so
      // a late event of the connection left before is never taken for this one's).
      opening = ua.state === UserAgentState.Started ? ua.transport.connect() : ua.start();
    } catch (e) {
      opening = Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    opening.then(
      () => {
        if (this.scope !== scope) return;
        this.everStarted = true;
        this.hooks.started(scope, server);
      },
      (e: unknown) => this.lost(id, { kind: 'cannot-reach', server, error: errorText(e) }),
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
    this.rotation.advance();
    if (!this.everStarted && this.firstRoundLeft > 0) {
      // Signing in: every server of the list gets its chance before the phone says it cannot reach one.
      this.firstRoundLeft--;
      this.open();
      return;
    }
    this.scheduleReconnect(reason);
  }

  /** The registrar refused our credentials: abandon the connection and never try again. */
  refused(scope: ConnectionScope): void {
    if (this.scope !== scope) return;
    this.authFailed = true;
    this.scope = undefined;
    scope.abandon();
    void scope.ua.stop().catch(() => undefined);
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
    if (scope) scope.signOut();
    else void this.ua?.stop().catch(() => undefined);
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

/** Leaves `ua`'s connection now, without waiting for a server that may never answer. */
function leave(ua: UserAgent): void {
  const transport = ua.transport;
  if (isListTransport(transport)) transport.drop();
  else void transport.disconnect().catch(() => undefined);
}
