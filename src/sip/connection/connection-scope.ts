/**
 * One WebSocket connection and everything that lives on it, ended at once: the lifetime scope
 * that replaces the separate teardowns for a lost connection and for sign-out.
 *
 * The UserAgent outlives its connections (its sessions, its Registerer and the Call-ID of its
 * registration carry over to the next server). A connection that is lost is abandoned whole:
 * every part drops what it holds without a word, the scope's timers stop, and the connection is
 * left (`leave`, without waiting for a server that may be frozen). On sign-out every part says
 * goodbye first, all in the same task (when the page is being closed there is no later), and the
 * UserAgent stops once they have all settled.
 *
 * ```
 * live ──abandon()──► ended (parts dropped, connection left; the UserAgent lives on)
 *   └───signOut()───► ended (goodbyes sent, then the UserAgent stops)
 * ```
 */
import type { UserAgent } from 'sip.js';

/** Something one connection owns. */
export interface ScopedPart {
  /** The connection is gone: drop everything, send nothing. */
  abandon(): void;
  /** Sign-out: send the goodbye (unsubscribe, unpublish, unregister) now; without one, abandon. */
  goodbye?(): Promise<unknown> | undefined;
}

export class ConnectionScope {
  private readonly parts: ScopedPart[] = [];
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private isEnded = false;

  constructor(
    /** Distinguishes this connection's late events from the next one's. */
    readonly id: number,
    readonly ua: UserAgent,
    /** Leaves this connection at once (the UserAgent stays, for the next one). */
    private readonly leave: () => void = () => void ua.stop().catch(() => undefined),
  ) {}

  get ended(): boolean {
    return this.isEnded;
  }

  /** `part` ends with this connection (parts end in the order they were added). */
  own(part: ScopedPart): void {
    this.parts.push(part);
  }

  /** A timer that never fires after the connection ended. */
  setTimeout(callback: () => void, ms: number): ReturnType<typeof setTimeout> {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.isEnded) callback();
    }, ms);
    this.timers.add(timer);
    return timer;
  }

  clearTimeout(timer: ReturnType<typeof setTimeout> | undefined): void {
    if (timer === undefined) return;
    clearTimeout(timer);
    this.timers.delete(timer);
  }

  /** The connection is lost (or refused us): drop everything and leave the connection. */
  abandon(): void {
    if (!this.end()) return;
    for (const part of this.parts) part.abandon();
    this.leave();
  }

  /**
   * Sign-out: every goodbye goes out now, in this task. Each one that fails expires by itself
   * (RFC 3903 §4.5, RFC 3261 §10.2.2). The UserAgent stops once all have settled.
   *
   * The order is the order the parts were added, and it matters when the page is closing: the
   * browser closes the socket right behind the goodbyes, so the server reads them all at once and
   * loses the connection at its first write that fails, typically the final NOTIFY answering an
   * unsubscribe (RFC 6665 §4.1.2.3). A goodbye read after that no longer arrives on the user's
   * flow: one that carries no credentials of its own (an un-PUBLISH) is challenged and never
   * takes effect. Seen in the lab proxy's log (reloads under CPU load): the unsubscribe went first,
   * its NOTIFY failed with EPIPE, and the un-PUBLISH read next got a 407 nobody received. So the
   * goodbye that watchers see goes first and the unsubscribes last (src/sip/phone-client.ts).
   */
  signOut(): void {
    if (!this.end()) return;
    const goodbyes = this.parts.map(async (part) => {
      if (part.goodbye) return part.goodbye();
      part.abandon();
      return undefined;
    });
    void Promise.allSettled(goodbyes).then(async () => {
      try {
        await this.ua.stop();
      } catch {
        // Already stopped.
      }
    });
  }

  private end(): boolean {
    if (this.isEnded) return false;
    this.isEnded = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    return true;
  }
}
