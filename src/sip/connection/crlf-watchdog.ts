/**
 * Notices a server that stops answering without closing the connection (frozen, or a half-open
 * TCP connection), in seconds rather than the OPTIONS probe's 15 s.
 *
 * RFC 5626 §4.4.1 keep-alive: the client sends a double CRLF ("ping") and the server answers a
 * single CRLF ("pong"); §3.5.1 makes it the keep-alive of connection-oriented transports, and
 * Kamailio answers it over WebSocket too (LAB-NOTES). Anything at all from the server proves it
 * alive; the watchdog pings only after `idleMs` without a word, and declares the server dead when
 * `silenceMs` more pass without one.
 *
 * A server that never answers a ping (RFC 7118 does not require it) must not be declared dead for
 * that: the watchdog judges only once the server has answered one ping on this connection; until
 * then it keeps pinging and the OPTIONS probe stays the judge.
 *
 * ```
 * stopped ──start()──► listening ──idleMs silent──► pinged ──anything heard──► listening
 *    ▲                                                 └──silenceMs silent, pongs known──► dead (once)
 *    └──stop()─────────────────────────────────────────────────────────────────────────────────┘
 * ```
 */

/** What the watchdog needs from the connection. */
export interface WatchedConnection {
  /** Sends the ping (a double CRLF); rejects when it cannot be sent. */
  ping(): Promise<void>;
  /** Calls `listener` for everything the server sends: `pong` for a bare CRLF, else `message`. */
  onHeard(listener: (what: 'pong' | 'message') => void): () => void;
}

export interface WatchdogOptions {
  idleMs: number;
  silenceMs: number;
  onDead(silentForMs: number): void;
}

/** Defaults: ping after 2 s of silence, dead after 2.5 s more: a frozen server is left in 2–4.5 s. */
export const WATCHDOG_IDLE_MS = 2000;
export const WATCHDOG_SILENCE_MS = 2500;

export class CrlfWatchdog {
  private timer?: ReturnType<typeof setTimeout>;
  private unlisten?: () => void;
  private lastHeard = 0;
  private pinged = false;
  /** The server answered a ping on this connection: silence may now be judged. */
  private answersPings = false;
  private running = false;

  constructor(
    private readonly connection: WatchedConnection,
    private readonly options: WatchdogOptions,
  ) {}

  get active(): boolean {
    return this.running;
  }

  /** Whether this server has shown that it answers pings. */
  get judging(): boolean {
    return this.answersPings;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.lastHeard = Date.now();
    this.unlisten = this.connection.onHeard((what) => this.heard(what));
    // Learn at once whether this server answers pings.
    this.ping();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.unlisten?.();
    this.unlisten = undefined;
  }

  private heard(what: 'pong' | 'message'): void {
    if (!this.running) return;
    if (what === 'pong') this.answersPings = true;
    this.lastHeard = Date.now();
    this.pinged = false;
    this.schedule(this.options.idleMs);
  }

  private ping(): void {
    this.pinged = true;
    this.connection.ping().catch(() => undefined); // a dead connection shows as silence
    this.schedule(this.options.silenceMs);
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.due(), ms);
  }

  private due(): void {
    if (!this.running) return;
    if (!this.pinged) {
      this.ping();
      return;
    }
    if (!this.answersPings) {
      // Never answered a ping: not ours to judge; ask again after the next idle spell.
      this.pinged = false;
      this.schedule(this.options.idleMs);
      return;
    }
    const silent = Date.now() - this.lastHeard;
    this.stop();
    this.options.onDead(silent);
  }
}
