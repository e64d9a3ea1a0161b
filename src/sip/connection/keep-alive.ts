/**
 * Detects a connection that is dead without being closed (a half-open TCP connection: the proxy
 * froze, a NAT forgot us, Wi-Fi changed under a sleeping laptop). Every `intervalMs` it sends a
 * probe (an OPTIONS to the proxy); any answer at all proves the path works. A probe that gets no
 * answer within `timeoutMs`, or that cannot even be sent, declares the connection dead once.
 *
 * ```
 * stopped ──start()──► waiting ──interval──► probing ──answer──► waiting
 *    ▲                    │                     └──timeout/error──► dead (onDead, stopped)
 *    └──────stop()────────┴─────────────────────────────────────────
 * ```
 */
export interface KeepAliveOptions {
  intervalMs: number;
  timeoutMs: number;
  /** Resolves when the other side answered (anything); rejects when the probe can't be sent. */
  probe: () => Promise<unknown>;
  onDead: (reason: KeepAliveFailure) => void;
}

/** Why the connection was declared dead. */
export type KeepAliveFailure =
  { kind: 'keep-alive-unanswered'; seconds: number } | { kind: 'keep-alive-unsent'; error: string };

export class KeepAlive {
  private timer?: ReturnType<typeof setTimeout>;
  /** Bumped on every start/stop/probe so a late answer from an old probe changes nothing. */
  private generation = 0;
  private running = false;

  constructor(private readonly options: KeepAliveOptions) {}

  get active(): boolean {
    return this.running;
  }

  start(): void {
    this.stop();
    this.running = true;
    this.scheduleNext();
  }

  stop(): void {
    this.running = false;
    this.generation++;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Probe now instead of at the next interval (e.g. the page became visible again). */
  probeNow(): void {
    if (!this.running) return;
    clearTimeout(this.timer);
    const generation = ++this.generation;
    this.timer = setTimeout(
      () =>
        this.dead(generation, {
          kind: 'keep-alive-unanswered',
          seconds: Math.round(this.options.timeoutMs / 1000),
        }),
      this.options.timeoutMs,
    );
    let sent: Promise<unknown>;
    try {
      sent = this.options.probe();
    } catch (e) {
      sent = Promise.reject(e);
    }
    sent.then(
      () => {
        if (generation !== this.generation || !this.running) return;
        clearTimeout(this.timer);
        this.scheduleNext();
      },
      (e: unknown) =>
        this.dead(generation, {
          kind: 'keep-alive-unsent',
          error: e instanceof Error ? e.message : String(e),
        }),
    );
  }

  private scheduleNext(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.probeNow(), this.options.intervalMs);
  }

  private dead(generation: number, reason: KeepAliveFailure): void {
    if (generation !== this.generation || !this.running) return;
    this.stop();
    this.options.onDead(reason);
  }
}
