/**
 * Message waiting (RFC 3842): SUBSCRIBE to our own `message-summary`; the voicemail server
 * PUBLISHes to the proxy's presence server on every mailbox change. Renewed after each
 * (re-)registration, since a lost connection loses the subscription dialog too.
 */
import { Subscriber, UserAgent } from 'sip.js';
import { parseMessageSummary, type MessageSummary } from '../../protocol';
import type { ScopedPart } from '../connection/connection-scope';

export class MessageWaiting implements ScopedPart {
  private mwi?: Subscriber;

  constructor(
    private readonly aor: string,
    private readonly onSummary: (summary: MessageSummary) => void,
  ) {}

  /** Subscribes on `ua`, replacing any earlier subscription. */
  subscribe(ua: UserAgent): void {
    const target = UserAgent.makeURI(this.aor);
    if (!target) return;
    const old = this.mwi;
    if (old) void old.dispose().catch(() => undefined);
    const mwi = new Subscriber(ua, target, 'message-summary', {
      expires: 3600,
      extraHeaders: ['Accept: application/simple-message-summary'],
    });
    mwi.delegate = {
      onNotify: (notification) => {
        void notification.accept().catch(() => undefined);
        const body = notification.request.body;
        if (body) this.onSummary(parseMessageSummary(body));
      },
    };
    this.mwi = mwi;
    mwi.subscribe().catch(() => undefined);
  }

  abandon(): void {
    const mwi = this.mwi;
    this.mwi = undefined;
    if (mwi) void mwi.dispose().catch(() => undefined);
  }

  goodbye(): Promise<unknown> | undefined {
    const mwi = this.mwi;
    this.mwi = undefined;
    return mwi?.unsubscribe();
  }
}
