/**
 * Contacts' presence (RFC 3856): a SUBSCRIBE to each contact on the current connection; every
 * NOTIFY's PIDF goes upward. A subscription the server ends is tried again a minute later, on
 * the same connection only; all are dropped with the connection and ended on sign-out.
 */
import { Subscriber, SubscriptionState, UserAgent } from 'sip.js';
import { resolveDialTarget, type ParsedPresence } from '../../protocol';
import { parsePidf, PIDF_CONTENT_TYPE } from '../../protocol/pidf';
import type { ConnectionScope, ScopedPart } from '../connection/connection-scope';

/** Presence subscription lifetime for each contact (seconds); SIP.js refreshes it. */
const CONTACT_SUBSCRIBE_EXPIRES = 600;
/** A contact's subscription that the server ended is tried again after this long. */
const CONTACT_RESUBSCRIBE_MS = 60_000;

export class ContactWatch implements ScopedPart {
  private watchers: Subscriber[] = [];
  private readonly rewatchTimers = new Set<ReturnType<typeof setTimeout>>();

  constructor(
    private readonly aor: string,
    private readonly contacts: readonly string[],
    private readonly onPresence: (aor: string, presence: ParsedPresence) => void,
  ) {}

  /** SUBSCRIBE to each contact on `scope`'s connection, replacing earlier subscriptions. */
  watch(scope: ConnectionScope): void {
    const old = this.watchers;
    this.watchers = [];
    for (const w of old) void w.dispose().catch(() => undefined);
    for (const contact of this.contacts) this.watchContact(scope, contact);
  }

  abandon(): void {
    this.clearTimers();
    const watchers = this.watchers;
    this.watchers = [];
    for (const w of watchers) void w.dispose().catch(() => undefined);
  }

  goodbye(): Promise<unknown> {
    this.clearTimers();
    const watchers = this.watchers;
    this.watchers = [];
    return Promise.allSettled(watchers.map(async (w) => w.unsubscribe()));
  }

  private clearTimers(): void {
    for (const timer of this.rewatchTimers) clearTimeout(timer);
    this.rewatchTimers.clear();
  }

  private watchContact(scope: ConnectionScope, contact: string): void {
    if (scope.ended) return;
    let target: ReturnType<typeof UserAgent.makeURI>;
    try {
      target = UserAgent.makeURI(resolveDialTarget(contact, this.aor));
    } catch {
      target = undefined;
    }
    if (!target) return;
    const watcher = new Subscriber(scope.ua, target, 'presence', {
      expires: CONTACT_SUBSCRIBE_EXPIRES,
      extraHeaders: [`Accept: ${PIDF_CONTENT_TYPE}`],
    });
    watcher.delegate = {
      onNotify: (notification) => {
        void notification.accept().catch(() => undefined);
        if (scope.ended) return;
        this.onPresence(contact, parsePidf(notification.request.body));
      },
    };
    watcher.stateChange.addListener((state) => {
      // Only a subscription still in use is renewed (not one we ended ourselves).
      if (state !== SubscriptionState.Terminated || !this.watchers.includes(watcher)) return;
      this.watchers = this.watchers.filter((w) => w !== watcher);
      if (scope.ended) return;
      // Refused or ended by the server: try again later, on this connection only.
      const timer = setTimeout(() => {
        this.rewatchTimers.delete(timer);
        this.watchContact(scope, contact);
      }, CONTACT_RESUBSCRIBE_MS);
      this.rewatchTimers.add(timer);
    });
    this.watchers.push(watcher);
    watcher.subscribe().catch(() => undefined);
  }
}
