import { Publisher, PublisherState, type Core } from 'sip.js';
import { beforeEachPublish, publisherInternals, type PublisherInternals } from '../sipjs-internals';

/** A publication the server accepted without an entity-tag is published afresh after this long. */
export const PUBLISH_RETRY_MS = 30_000;

/** SIP.js keeps a Publisher's ETag private; it is read and restored only across reconnections. */
export function etagOf(publisher: Publisher): { pubRequestEtag?: string } {
  return publisherInternals(publisher);
}

/**
 * A Publisher that never has two PUBLISHes outstanding. SIP.js sends each publish() at once: a
 * change made before the previous PUBLISH is answered goes out without its ETag, creating a second
 * publication that the presence server aggregates with the first (watchers could keep seeing the
 * old state). Here a change waits for the answer, and only the newest state is sent.
 *
 * A 2xx without SIP-ETag is a failed publication (RFC 3903 §6: the ESC MUST return one; without it
 * there is nothing to refresh or modify). SIP.js 0.21 accepts it, then throws an uncaught
 * `Error: Etag undefined` from its refresh timer at 90 % of the expiry. Here that refresh is
 * cancelled, the failure is logged, and the state is published afresh (no SIP-If-Match) after
 * {@link PUBLISH_RETRY_MS}, or at once when the state changes meanwhile.
 *
 * The goodbye (`unpublish`, a remove: RFC 3903 §4.6) goes out at once, naming the entity-tag known
 * (the page may be closing). A change still queued is dropped with it. A PUBLISH still unanswered
 * at that moment may yet create or modify the publication, and the server gives it a new
 * entity-tag (§4.4), so the remove named nothing or an old tag (412): when that PUBLISH's answer
 * brings a tag the remove did not name, the remove is sent again with it. From the goodbye on, the
 * answers are read here only: SIP.js 0.21 throws on a second 2xx after `unpublish` ("Invalid state
 * transition from Unpublished to Unpublished") and forgets the tag a late 2xx brings.
 */
export class SerialPublisher extends Publisher {
  private inFlight = false;
  private next?: () => string;
  private lastBody?: string;
  private retryTimer?: ReturnType<typeof setTimeout>;
  /** Set by the goodbye: the entity-tag its remove named last (undefined: none known then). */
  private removing?: { named?: string };

  constructor(...args: [...ConstructorParameters<typeof Publisher>, log?: (line: string) => void]) {
    const [ua, target, event, options] = args;
    super(ua, target, event, options);
    this.log = args[4] ?? ((line) => console.warn(line));
    // Every PUBLISH (initial, modify, SIP.js's own refresh and remove) passes through here.
    beforeEachPublish(this, () => {
      this.inFlight = true;
    });
  }

  private readonly log: (line: string) => void;

  /** Publishes `body()` now, or when the outstanding PUBLISH has its final answer. */
  publishLatest(body: () => string): void {
    if (this.inFlight) {
      this.next = body;
      return;
    }
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const text = body();
    this.lastBody = text;
    void this.publish(text).catch(() => undefined);
  }

  override unpublish(): Promise<void> {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.next = undefined;
    this.removing = { named: publisherInternals(this).pubRequestEtag };
    return super.unpublish();
  }

  override dispose(): Promise<void> {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    return super.dispose();
  }

  protected override receiveResponse(response: Core.IncomingResponseMessage): void {
    if (this.removing) {
      this.afterGoodbye(response, this.removing);
      return;
    }
    const status = response.statusCode ?? 0;
    if (status >= 200) this.inFlight = false;
    super.receiveResponse(response);
    const internals = publisherInternals(this);
    if (
      status >= 200 &&
      status < 300 &&
      !response.hasHeader('SIP-ETag') &&
      internals.pubRequestExpires !== 0
    ) {
      this.publicationFailed(internals);
    }
    const next = this.next;
    if (next && !this.inFlight && this.state !== PublisherState.Terminated) {
      this.next = undefined;
      this.publishLatest(next);
    }
  }

  /**
   * An answer after the goodbye. A 2xx with a non-zero Expires answers a PUBLISH that was still
   * out (a remove is answered with Expires 0): if it names a tag the remove did not, remove again.
   */
  private afterGoodbye(response: Core.IncomingResponseMessage, removing: { named?: string }): void {
    const status = response.statusCode ?? 0;
    const etag = response.getHeader('SIP-ETag');
    const expires = Number(response.getHeader('Expires') ?? '0');
    if (status < 200 || status >= 300 || !etag || !(expires > 0) || etag === removing.named) return;
    removing.named = etag;
    const internals = publisherInternals(this);
    internals.pubRequestEtag = etag;
    internals.pubRequestExpires = 0;
    try {
      super.unpublish().catch(() => undefined);
    } catch {
      // The UserAgent is already stopped: the publication expires by itself.
    }
  }

  private publicationFailed(internals: PublisherInternals): void {
    clearTimeout(internals.publishRefreshTimer);
    internals.publishRefreshTimer = undefined;
    // A stale tag from an earlier publication must not be sent as SIP-If-Match either.
    internals.pubRequestEtag = undefined;
    this.log(
      `[UM Phone] presence PUBLISH accepted without SIP-ETag (RFC 3903 §6): publishing afresh in ${PUBLISH_RETRY_MS / 1000} s`,
    );
    clearTimeout(this.retryTimer);
    const body = this.lastBody;
    if (body === undefined) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.state !== PublisherState.Terminated) this.publishLatest(() => this.lastBody ?? body);
    }, PUBLISH_RETRY_MS);
  }
}
