/**
 * Our presence as PIDF (src/protocol/pidf, RFC 3863/3903): PUBLISHed after each (re-)registration,
 * again on every change, refreshed by SIP.js, removed on sign-out. Appear Offline publishes
 * `closed` while the registration stays, so the voicemail server's Play-On-Phone still reaches
 * this phone.
 */
import { UserAgent } from 'sip.js';
import type { PresenceState } from '../../protocol';
import { buildPidf, PIDF_CONTENT_TYPE } from '../../protocol/pidf';
import type { ScopedPart } from '../connection/connection-scope';
import { SerialPublisher, etagOf } from './serial-publisher';

/** Presence publication lifetime (seconds); SIP.js refreshes it at 90 %. */
const PUBLISH_EXPIRES = 600;

export class PresencePublication implements ScopedPart {
  /** The publication on the current connection. */
  private publisher?: SerialPublisher;
  /**
   * The ETag of our publication, kept across reconnections: the first PUBLISH on a new connection
   * modifies it (SIP-If-Match) instead of leaving a stale second tuple until it expires; a 412
   * (it expired meanwhile) makes SIP.js publish afresh.
   */
  private presenceEtag?: string;
  /** This phone's PIDF tuple id: distinct from the user's other phones' (and earlier tabs'). */
  private readonly tupleId = `t${Math.random().toString(36).slice(2, 10)}`;

  constructor(
    private readonly aor: string,
    private readonly presence: () => PresenceState,
  ) {}

  /** Publishes on `ua`, taking over the publication of an earlier connection. */
  publish(ua: UserAgent): void {
    const target = UserAgent.makeURI(this.aor);
    if (!target) return;
    this.drop();
    const publisher = new SerialPublisher(ua, target, 'presence', {
      expires: PUBLISH_EXPIRES,
      contentType: PIDF_CONTENT_TYPE,
      // Never on a lost connection's teardown: the next connection takes the publication over.
      unpublishOnClose: false,
    });
    if (this.presenceEtag) etagOf(publisher).pubRequestEtag = this.presenceEtag;
    this.publisher = publisher;
    this.send(publisher);
  }

  /** The user changed presence: publish it if a publication is live. */
  changed(): void {
    if (this.publisher) this.send(this.publisher);
  }

  abandon(): void {
    this.drop();
  }

  /** Sign-out: watchers see us offline at once rather than when it expires (RFC 3903 §4.5). */
  goodbye(): Promise<unknown> | undefined {
    const publisher = this.publisher;
    this.publisher = undefined;
    return publisher?.unpublish();
  }

  private send(publisher: SerialPublisher): void {
    // The body is built when the PUBLISH goes out: a quick Busy → DND sends only the latest.
    publisher.publishLatest(() =>
      buildPidf({
        entity: this.aor,
        state: this.presence(),
        tupleId: this.tupleId,
        timestamp: new Date().toISOString(),
      }),
    );
  }

  private drop(): void {
    const publisher = this.publisher;
    this.publisher = undefined;
    if (!publisher) return;
    this.presenceEtag = etagOf(publisher).pubRequestEtag ?? this.presenceEtag;
    void publisher.dispose().catch(() => undefined);
  }
}
