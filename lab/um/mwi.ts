/**
 * Message waiting indication (RFC 3842) published to the proxy's presence
 * server (RFC 3903 PUBLISH, Kamailio presence_mwi), which NOTIFYs the
 * mailbox owner's `message-summary` subscriptions.
 *
 * One publication per mailbox: the first PUBLISH creates it, later ones
 * (changes and refreshes) modify it with SIP-If-Match (RFC 3903 4.4); a 412
 * means the presence server forgot it (restart), so it is created anew.
 */
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from './mailbox/atomic-file';
import type { MailboxSummary } from './mailbox/types';
import { header, newBranch, randomToken, serialize } from './sip/message';
import type { SipUserAgent } from './sip/user-agent';

/** The application/simple-message-summary body (RFC 3842 5.2). */
export function messageSummaryBody(account: string, summary: MailboxSummary): string {
  return (
    `Messages-Waiting: ${summary.newMessages > 0 ? 'yes' : 'no'}\r\n` +
    `Message-Account: ${account}\r\n` +
    `Voice-Message: ${summary.newMessages}/${summary.oldMessages} (${summary.urgentNew}/${summary.urgentOld})\r\n`
  );
}

export interface PublishResult {
  status: number;
  reason: string;
  at: string;
  body: string;
}

interface Publication {
  etag: string | undefined;
  refresh: NodeJS.Timeout | undefined;
  queue: Promise<unknown>;
  last: PublishResult | undefined;
}

export interface MwiPublisherOptions {
  ua: SipUserAgent;
  domain: string;
  /** Expires of each publication, seconds. */
  expires: number;
  summary: (user: string) => MailboxSummary;
  log: (line: string) => void;
  /**
   * Where the entity-tags are kept across restarts, so that a restarted
   * server modifies its publications instead of adding a second one.
   */
  stateFile?: string;
}

export class MwiPublisher {
  private readonly publications = new Map<string, Publication>();
  private stopped = false;

  constructor(private readonly options: MwiPublisherOptions) {
    if (options.stateFile) {
      try {
        const saved = JSON.parse(readFileSync(options.stateFile, 'utf8')) as Record<string, unknown>;
        for (const [user, etag] of Object.entries(saved)) {
          if (typeof etag === 'string') this.publication(user).etag = etag;
        }
      } catch {
        // none yet, or unreadable: publications are created anew
      }
    }
  }

  private saving: Promise<void> = Promise.resolve();

  /** Writes the entity-tags; writes are queued and each one takes the state as it is then. */
  private saveState(): Promise<void> {
    const file = this.options.stateFile;
    if (!file) return Promise.resolve();
    this.saving = this.saving.then(async () => {
      const state: Record<string, string> = {};
      for (const [user, publication] of this.publications)
        if (publication.etag) state[user] = publication.etag;
      await writeFileAtomic(file, `${JSON.stringify(state)}\n`).catch((error: unknown) =>
        this.options.log(`cannot save ${file}: ${String(error)}`),
      );
    });
    return this.saving;
  }

  /** The last answer of the presence server for a mailbox (for tests and logs). */
  lastResult(user: string): PublishResult | undefined {
    return this.publications.get(user)?.last;
  }

  /** Publishes the mailbox's current state (queued behind earlier PUBLISHes of the same mailbox). */
  publish(user: string): Promise<PublishResult> {
    const publication = this.publication(user);
    if (this.stopped) {
      return Promise.resolve(
        publication.last ?? {
          status: 0,
          reason: 'publisher stopped',
          at: new Date().toISOString(),
          body: '',
        },
      );
    }
    const run = publication.queue.catch(() => {}).then(() => this.send(user, publication, 'publish'));
    publication.queue = run;
    return run;
  }

  /** Stops refreshing; with `remove`, also withdraws every publication (Expires: 0). */
  async stop(remove = false): Promise<void> {
    this.stopped = true;
    await Promise.all(
      [...this.publications.entries()].map(async ([user, publication]) => {
        if (publication.refresh) clearTimeout(publication.refresh);
        await publication.queue.catch(() => {});
        if (remove && publication.etag) await this.send(user, publication, 'remove').catch(() => {});
      }),
    );
  }

  private publication(user: string): Publication {
    let publication = this.publications.get(user);
    if (!publication) {
      publication = { etag: undefined, refresh: undefined, queue: Promise.resolve(), last: undefined };
      this.publications.set(user, publication);
    }
    return publication;
  }

  private async send(
    user: string,
    publication: Publication,
    mode: 'publish' | 'remove',
  ): Promise<PublishResult> {
    const aor = `sip:${user}@${this.options.domain}`;
    const body = mode === 'remove' ? '' : messageSummaryBody(aor, this.options.summary(user));
    const expires = mode === 'remove' ? 0 : this.options.expires;
    let result = await this.sendOnce(aor, body, expires, publication.etag);
    if (result.status === 412 && mode === 'publish') {
      // RFC 3903 4.4: the presence server lost our publication: create it again.
      publication.etag = undefined;
      result = await this.sendOnce(aor, body, expires, undefined);
    }
    if (result.status >= 200 && result.status < 300 && mode === 'publish') {
      publication.etag = result.etag ?? publication.etag;
    } else if (mode === 'remove') {
      publication.etag = undefined;
    }
    await this.saveState();
    const outcome: PublishResult = {
      status: result.status,
      reason: result.reason,
      at: new Date().toISOString(),
      body,
    };
    publication.last = outcome;
    const accepted = result.status >= 200 && result.status < 300;
    const level = !accepted ? 'PUBLISH REJECTED' : mode === 'remove' ? 'withdrawn' : 'published';
    this.options.log(
      `mwi ${level} for ${aor}: ${result.status} ${result.reason} (${body.replace(/\r\n/g, ' | ').trim()})`,
    );
    if (mode === 'publish' && !this.stopped) {
      if (publication.refresh) clearTimeout(publication.refresh);
      // Refresh before expiry; after a failure, retry sooner.
      const delay = accepted ? Math.max(5, this.options.expires * 0.8) : 30;
      publication.refresh = setTimeout(() => void this.publish(user), delay * 1000);
      publication.refresh.unref();
    }
    return outcome;
  }

  private async sendOnce(
    aor: string,
    body: string,
    expires: number,
    etag: string | undefined,
  ): Promise<{ status: number; reason: string; etag: string | undefined }> {
    const ua = this.options.ua;
    const branch = newBranch();
    const lines = [
      `Via: ${ua.via(branch)}`,
      'Max-Forwards: 70',
      // The publication is about the mailbox owner's AOR (RFC 3903 4.1, RFC 3842 4).
      `From: <${aor}>;tag=${randomToken()}`,
      `To: <${aor}>`,
      `Call-ID: ${randomToken(12)}@um`,
      'CSeq: 1 PUBLISH',
      'Event: message-summary',
      `Expires: ${expires}`,
      ...(etag ? [`SIP-If-Match: ${etag}`] : []),
      'User-Agent: um-phone-lab-um',
      ...(body ? ['Content-Type: application/simple-message-summary'] : []),
    ];
    const data = serialize(`PUBLISH ${aor} SIP/2.0`, lines, body);
    const { status, response } = await ua.request(data, branch, 'PUBLISH');
    return {
      status,
      reason: response?.reason ?? 'no response',
      etag: response ? header(response, 'sip-etag') : undefined,
    };
  }
}
