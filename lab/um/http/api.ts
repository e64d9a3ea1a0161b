/**
 * The HTTP API, modelled on the Exchange UM web service operations
 * ([MS-OXWUMS]): PlayOnPhone, GetCallInfo, DisconnectPhoneCall; plus the
 * caller's own message list and call log. JSON in and out.
 *
 * Every operation needs HTTP Digest credentials (the user's SIP
 * credentials) and only ever touches the authenticated user's mailbox:
 * another user's message or call id is answered 404, as if it did not exist.
 *
 *   GET  /um/health                       (no auth) {"ok":true}
 *   GET  /um/messages                     {"messages":[...]}
 *   POST /um/PlayOnPhone                  {"itemId","dialString"?} -> {"callId"}
 *   GET  /um/GetCallInfo?callId=ID        {"callState","eventCause","sipStatus","detail"}
 *   POST /um/DisconnectPhoneCall          {"callId"} -> {}
 *   GET  /um/calls                        {"calls":[...]}
 *   GET  /um/notifications                {"notifications":[...]} MS-EUMR 3.2 events for the user
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CallLog, CallLogEntry } from '../calllog';
import type { NotificationLog } from '../notifications';
import type { MailboxStore } from '../mailbox/store';
import type { VoiceMessage } from '../mailbox/types';
import type { PlayOnPhoneManager } from '../ivr/play-on-phone';
import { parseSipUri } from '../sip/uri';
import { answerPreflight, applyCors, type OriginRule } from './cors';
import type { DigestAuth } from './digest';

export interface ApiDeps {
  host: string;
  port: number;
  domain: string;
  store: MailboxStore;
  callLog: CallLog;
  playOnPhone: PlayOnPhoneManager;
  digest: DigestAuth;
  allowedOrigins: readonly OriginRule[];
  log: (line: string) => void;
  /** MS-EUMR 3.2 user notifications received from the proxy (missed calls, ...). */
  notifications?: NotificationLog;
}

const MAX_BODY = 16 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The message as the API shows it. */
export function messageView(m: VoiceMessage): Record<string, unknown> {
  return {
    id: m.id,
    caller: m.caller,
    callerName: m.callerName,
    receivedAt: m.receivedAt,
    durationSeconds: m.durationSeconds,
    subject: m.subject,
    priority: m.priority,
    urgent: m.priority === 'urgent',
    heard: m.heard,
  };
}

function callView(e: CallLogEntry): Record<string, unknown> {
  return {
    id: e.id,
    kind: e.kind,
    mailbox: e.mailbox,
    caller: e.caller,
    callerName: e.callerName,
    startedAt: e.startedAt,
    endedAt: e.endedAt ?? null,
    skipPinRequested: e.skipPinRequested,
    skipPinHonoured: e.skipPinHonoured,
    diverted: e.diverted,
    prompts: e.prompts,
    digits: e.digits,
    outcome: e.outcome,
    detail: e.detail,
    messageId: e.messageId ?? null,
  };
}

/**
 * The SIP URI to dial for a Play-On-Phone request. Only the owner's own
 * address is allowed: `sip:user@domain`, `user@domain` or `user`
 * (MS-OCEXUM 3.2 has From = To = the user). Anything else: 403.
 */
export function resolveDialString(dialString: unknown, owner: string, domain: string): string {
  const own = `sip:${owner}@${domain}`;
  if (dialString === undefined || dialString === null || dialString === '') return own;
  if (typeof dialString !== 'string' || dialString.length > 256)
    throw new HttpError(400, 'bad-dial-string', 'dialString must be a SIP address or user name.');
  let text = dialString.trim();
  if (text.startsWith('<') && text.endsWith('>')) text = text.slice(1, -1).trim();
  if (!/^sips?:/i.test(text)) text = `sip:${text.includes('@') ? text : `${text}@${domain}`}`;
  const uri = parseSipUri(text);
  if (!uri || !uri.user) throw new HttpError(400, 'bad-dial-string', 'dialString is not a SIP address.');
  if (
    uri.host !== domain.toLowerCase() ||
    uri.user !== owner ||
    uri.port !== undefined ||
    uri.params.size > 0
  )
    throw new HttpError(403, 'dial-string-not-allowed', 'Messages can only be played on your own phone.');
  return own;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new HttpError(413, 'body-too-large', 'Request body too large.');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  let data: unknown;
  try {
    data = JSON.parse(text === '' ? '{}' : text);
  } catch {
    throw new HttpError(400, 'bad-json', 'The body is not valid JSON.');
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new HttpError(400, 'bad-json', 'The body must be a JSON object.');
  return data as Record<string, unknown>;
}

function stringField(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value !== 'string' || value === '' || value.length > 200)
    throw new HttpError(400, `missing-${name}`, `${name} (string) is required.`);
  return value;
}

function send(res: ServerResponse, status: number, data: unknown): void {
  const body = JSON.stringify(data);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

export interface RunningApi {
  url: string;
  close(): Promise<void>;
}

export async function startApi(deps: ApiDeps): Promise<RunningApi> {
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const allowedOrigin = applyCors(req, res, deps.allowedOrigins);
    const method = req.method ?? 'GET';
    const target = req.url ?? '/';
    if (method === 'OPTIONS') {
      answerPreflight(req, res, allowedOrigin);
      return;
    }
    if (!allowedOrigin) throw new HttpError(403, 'origin-not-allowed', 'This origin may not use the API.');
    const url = new URL(target, 'http://um.invalid');
    const path = url.pathname;
    if (path === '/um/health' && method === 'GET') {
      send(res, 200, { ok: true });
      return;
    }
    const routes: Record<string, string> = {
      '/um/messages': 'GET',
      '/um/calls': 'GET',
      '/um/notifications': 'GET',
      '/um/GetCallInfo': 'GET',
      '/um/PlayOnPhone': 'POST',
      '/um/DisconnectPhoneCall': 'POST',
    };
    const expected = routes[path];
    if (expected === undefined) throw new HttpError(404, 'not-found', `No such operation: ${path}`);
    if (method !== expected) {
      res.setHeader('Allow', expected);
      throw new HttpError(405, 'method-not-allowed', `${path} takes ${expected}.`);
    }

    // Authentication before anything else is read.
    const verdict = deps.digest.verify(method, target, req.headers.authorization);
    if (!verdict.ok) {
      res.setHeader('WWW-Authenticate', deps.digest.challenge(verdict.stale));
      if (req.headers.authorization) deps.log(`http auth refused (${verdict.reason}) for ${method} ${path}`);
      send(res, 401, {
        error: 'unauthorized',
        message: 'Digest authentication with your SIP credentials is required.',
      });
      return;
    }
    const user = verdict.user;
    if (!deps.store.has(user)) throw new HttpError(403, 'no-mailbox', 'You have no mailbox.');

    switch (path) {
      case '/um/messages': {
        const messages = deps.store.list(user).sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
        send(res, 200, { messages: messages.map(messageView) });
        return;
      }
      case '/um/calls':
        send(res, 200, { calls: deps.callLog.forMailbox(user).map(callView) });
        return;
      case '/um/notifications': {
        // The user's own notifications (User = their AOR), newest first: what a phone's history
        // needs for a missed call (caller, time, Subject, Priority, reason).
        const mine = deps.notifications?.forUser(`sip:${user}@${deps.domain}`) ?? [];
        const notifications = [...mine].reverse().map(({ receivedAt, notification: n }) => ({
          receivedAt,
          time: n.time,
          type: n.event.type,
          callId: n.event.callId,
          caller: n.event.from,
          subject: n.event.subject ?? '',
          priority: n.event.priority ?? '',
          missedReason: n.event.missedReason ?? null,
          target: n.event.target ?? null,
          answeredBy: n.event.answeredBy ?? null,
        }));
        send(res, 200, { notifications });
        return;
      }
      case '/um/GetCallInfo': {
        const callId = url.searchParams.get('callId') ?? '';
        if (!callId) throw new HttpError(400, 'missing-callId', 'callId is required.');
        const call = deps.playOnPhone.get(callId);
        if (!call || call.user !== user) throw new HttpError(404, 'no-such-call', 'No such call.');
        send(res, 200, call.info());
        return;
      }
      case '/um/PlayOnPhone': {
        const body = await readJson(req);
        const itemId = stringField(body, 'itemId');
        const message = deps.store.get(user, itemId);
        if (!message) throw new HttpError(404, 'no-such-item', 'No such message.');
        const target = resolveDialString(body.dialString, user, deps.domain);
        const call = deps.playOnPhone.start(user, target, message);
        deps.log(`PlayOnPhone ${call.id}: ${user} message ${itemId} to ${target}`);
        send(res, 200, { callId: call.id });
        return;
      }
      case '/um/DisconnectPhoneCall': {
        const body = await readJson(req);
        const call = deps.playOnPhone.get(stringField(body, 'callId'));
        if (!call || call.user !== user) throw new HttpError(404, 'no-such-call', 'No such call.');
        call.disconnect();
        send(res, 200, {});
        return;
      }
    }
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof HttpError) {
        send(res, error.status, { error: error.code, message: error.message });
      } else {
        deps.log(`http error: ${String(error)}`);
        send(res, 500, { error: 'internal', message: 'Internal error.' });
      }
    });
  });
  server.headersTimeout = 10000;
  server.requestTimeout = 15000;
  server.on('clientError', (_error, socket) => {
    if (socket.writable)
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(deps.port, deps.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${deps.host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
