/**
 * MS-EUMR 3.2 at the UM server: a proxy opens an INVITE dialog (2.2.4) and sends each user
 * notification (missed, answered elsewhere, forbidden) as an INFO with an
 * application/ms-rtc-usernotification+xml body. The server answers the INVITE as in 2.2.5,
 * validates every body against the section 6 schema and the 2.2.3 rules (400 when invalid),
 * and keeps the valid ones (in memory, for tests and the HTTP API).
 */
import {
  USER_NOTIFICATION_CONTENT_TYPE,
  USER_NOTIFICATION_FROM_URI,
  notificationSdpErrors,
  parseUserNotification,
  type UserNotification,
} from '../../src/protocol/user-notification';
import type { InfoAnswer } from './sip/dialog';
import { callIdOf, header, type SipRequest } from './sip/message';
import { parseNameAddr, parseSipUri } from './sip/uri';

export interface ReceivedNotification {
  receivedAt: string;
  /** Call-ID of the notification dialog. */
  dialogCallId: string;
  notification: UserNotification;
}

export interface RejectedNotification {
  receivedAt: string;
  dialogCallId: string;
  status: number;
  errors: string[];
}

/** 2.2.4.2: `;opaque=app:rtcevent` in the Request-URI marks the notification dialog. */
export function isNotificationInvite(request: SipRequest): boolean {
  return parseSipUri(request.uri)?.params.get('opaque')?.toLowerCase() === 'app:rtcevent';
}

/** 2.2.4: what a notification INVITE must look like; undefined when it does. */
export function notificationInviteProblem(
  request: SipRequest,
): { status: number; reason: string } | undefined {
  const ruri = parseSipUri(request.uri);
  const from = parseNameAddr(header(request, 'from') ?? '');
  // 2.2.4.1: From is the fixed identity <sip:A410AA79-D874-4e56-9B46-709BDD0EB850>.
  const fromUri = from
    ? `${from.uri.scheme}:${from.uri.user ? `${from.uri.user}@` : ''}${from.uri.host}`
    : '';
  if (fromUri.toLowerCase() !== USER_NOTIFICATION_FROM_URI.toLowerCase())
    return { status: 403, reason: 'Forbidden (not the notification identity)' };
  // 2.2.4.2: empty user part, transport=tls.
  if (!ruri || ruri.user !== '' || ruri.params.get('transport')?.toLowerCase() !== 'tls')
    return { status: 400, reason: 'Bad Request (notification Request-URI)' };
  // 2.2.4.3: m=application 9 SIP *, sendonly, accept-types.
  if (!/^application\/sdp\b/i.test(header(request, 'content-type') ?? ''))
    return { status: 488, reason: 'Not Acceptable Here (SDP required)' };
  if (notificationSdpErrors(request.body.toString('utf8'), 'offer').length > 0)
    return { status: 488, reason: 'Not Acceptable Here (notification SDP)' };
  return undefined;
}

export class NotificationLog {
  readonly received: ReceivedNotification[] = [];
  readonly rejected: RejectedNotification[] = [];
  private readonly listeners = new Set<(n: ReceivedNotification) => void>();

  /** An INFO in a notification dialog: 415 for another body type, 400 for an invalid one. */
  handleInfo(request: SipRequest): InfoAnswer | undefined {
    const receivedAt = new Date().toISOString();
    const dialogCallId = callIdOf(request);
    const type = (header(request, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== USER_NOTIFICATION_CONTENT_TYPE) {
      this.rejected.push({ receivedAt, dialogCallId, status: 415, errors: [`Content-Type ${type ?? ''}`] });
      return {
        status: 415,
        reason: 'Unsupported Media Type',
        headers: [`Accept: ${USER_NOTIFICATION_CONTENT_TYPE}`],
      };
    }
    const result = parseUserNotification(request.body.toString('utf8'));
    if (!result.ok) {
      this.rejected.push({ receivedAt, dialogCallId, status: 400, errors: result.errors });
      // The reason phrase carries the first problem, without CR/LF.
      const why = (result.errors[0] ?? 'invalid').replace(/[\r\n]+/g, ' ').slice(0, 120);
      return { status: 400, reason: `Bad Request (${why})` };
    }
    const entry = { receivedAt, dialogCallId, notification: result.notification };
    this.received.push(entry);
    for (const listener of this.listeners) listener(entry);
    return undefined;
  }

  /** Notifications for one user (the User element names their AOR). */
  forUser(aor: string): ReceivedNotification[] {
    const want = aor.toLowerCase();
    return this.received.filter((n) => n.notification.user.toLowerCase() === want);
  }

  waitFor(predicate: (n: ReceivedNotification) => boolean, timeoutMs = 10000): Promise<ReceivedNotification> {
    const found = this.received.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const listener = (n: ReceivedNotification) => {
        if (!predicate(n)) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(n);
      };
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`no matching user notification within ${timeoutMs} ms`));
      }, timeoutMs);
      this.listeners.add(listener);
    });
  }
}
