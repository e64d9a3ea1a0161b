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
 *   GET  /um/messages                     {"messages":[...]}, each with its preview (issue 18):
 *                                         {"status":"pending"|"failed"} or {"status":"ready","text"}
 *   POST /um/PlayOnPhone                  {"itemId","dialString"?} -> {"callId"}
 *   GET  /um/GetCallInfo?callId=ID        {"callState","eventCause","sipStatus","detail"}
 *   POST /um/DisconnectPhoneCall          {"callId"} -> {}
 *   GET  /um/calls                        {"calls":[...]}
 *   GET  /um/notifications                {"notifications":[...]} MS-EUMR 3.2 events for the user
 *   GET  /um/messages/ID/audio            the recording, audio/wav (16-bit PCM), Range requests (206/416)
 *   PATCH /um/messages/ID                 {"heard":bool} -> {"message"}; MWI follows at once
 *   DELETE /um/messages/ID                -> {"restorableUntil"}: to the trash, restorable for a while
 *   POST /um/messages/ID/restore          -> {"message"}: out of the trash again
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
import { mulawToPcmWav } from './message-audio';
import { readPreview } from '../media/preview-store';
import { parseRange } from './range';

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
const MESSAGE_PATH_RE = /^\/um\/messages\/([^/]+)(?:\/(audio|restore))?$/;
const MESSAGE_ID_RE = /^[0-9a-f]{16,32}$/;

/** The operation a /um/messages/ID... path names, and the methods it takes. */
function messageRoute(
  path: string,
): { id: string; op: 'item' | 'audio' | 'restore'; methods: string[] } | undefined {
  const match = MESSAGE_PATH_RE.exec(path);
  if (!match) return undefined;
  const op = (match[2] ?? 'item') as 'item' | 'audio' | 'restore';
  const methods = op === 'audio' ? ['GET', 'HEAD'] : op === 'restore' ? ['POST'] : ['PATCH', 'DELETE'];
  // Taken as it is: an id is hex (MESSAGE_ID_RE), so a percent-escape never names one, and decoding
  // here (before authentication) would let a malformed escape (`%E0%A4`) throw a 500.
  return { id: match[1]!, op, methods };
}

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

/**
 * The operations on one message. The owner check is the store lookup itself: it only ever looks in
 * the authenticated user's own mailbox, so another user's message id is 404, exactly like one that
 * never existed (nothing tells a prober which ids exist elsewhere).
 */
async function messageOperation(
  deps: ApiDeps,
  req: IncomingMessage,
  res: ServerResponse,
  user: string,
  method: string,
  id: string,
  op: 'item' | 'audio' | 'restore',
): Promise<void> {
  if (!MESSAGE_ID_RE.test(id)) throw new HttpError(404, 'no-such-item', 'No such message.');
  if (op === 'restore') {
    if (!(await deps.store.restore(user, id)))
      throw new HttpError(404, 'no-such-item', 'Nothing to restore.');
    const message = deps.store.get(user, id);
    if (!message) throw new HttpError(404, 'no-such-item', 'No such message.');
    deps.log(`${user} restored message ${id}`);
    send(res, 200, { message: messageView(message) });
    return;
  }
  if (!deps.store.get(user, id)) throw new HttpError(404, 'no-such-item', 'No such message.');
  if (op === 'audio') {
    await sendAudio(deps, req, res, user, id, method === 'HEAD');
    return;
  }
  if (method === 'DELETE') {
    const now = new Date();
    if (!(await deps.store.trash(user, id, now)))
      throw new HttpError(404, 'no-such-item', 'No such message.');
    deps.log(`${user} deleted message ${id} (restorable for a while)`);
    send(res, 200, { restorableUntil: new Date(now.getTime() + deps.store.trashMs).toISOString() });
    return;
  }
  // PATCH: only `heard` can change.
  const body = await readJson(req);
  if (typeof body.heard !== 'boolean')
    throw new HttpError(400, 'missing-heard', 'heard (true or false) is required.');
  if (!(await deps.store.markHeard(user, id, body.heard)))
    throw new HttpError(404, 'no-such-item', 'No such message.');
  const message = deps.store.get(user, id);
  if (!message) throw new HttpError(404, 'no-such-item', 'No such message.');
  send(res, 200, { message: messageView(message) });
}

/** The recording as 16-bit PCM WAV, honouring a single byte Range (RFC 9110 14). */
async function sendAudio(
  deps: ApiDeps,
  req: IncomingMessage,
  res: ServerResponse,
  user: string,
  id: string,
  headOnly: boolean,
): Promise<void> {
  const wav = mulawToPcmWav(await deps.store.readAudio(user, id));
  // Message audio never changes once deposited: the id names one representation.
  const etag = `"${id}-pcm16"`;
  const ifRange = req.headers['if-range'];
  const verdict = parseRange(
    req.headers.range,
    wav.length,
    typeof ifRange === 'string' ? ifRange : undefined,
    etag,
  );
  const common = {
    'Accept-Ranges': 'bytes',
    'Cache-Control': 'private, no-store',
    ETag: etag,
    'X-Content-Type-Options': 'nosniff',
  };
  if (verdict.kind === 'unsatisfiable') {
    const body = JSON.stringify({
      error: 'range-not-satisfiable',
      message: 'The range is outside the audio.',
    });
    res.writeHead(416, {
      ...common,
      'Content-Range': `bytes */${wav.length}`,
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
    });
    res.end(headOnly ? undefined : body);
    return;
  }
  const part = verdict.kind === 'partial' ? wav.subarray(verdict.start, verdict.end + 1) : wav;
  res.writeHead(verdict.kind === 'partial' ? 206 : 200, {
    ...common,
    'Content-Type': 'audio/wav',
    'Content-Length': part.length,
    ...(verdict.kind === 'partial'
      ? { 'Content-Range': `bytes ${verdict.start}-${verdict.end}/${wav.length}` }
      : {}),
  });
  res.end(headOnly ? undefined : part);
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
    const item = messageRoute(path);
    const expected = item ? item.methods : routes[path] ? [routes[path]] : undefined;
    if (expected === undefined) throw new HttpError(404, 'not-found', `No such operation: ${path}`);
    if (!expected.includes(method)) {
      res.setHeader('Allow', expected.join(', '));
      throw new HttpError(405, 'method-not-allowed', `${path} takes ${expected.join(' or ')}.`);
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

    if (item) {
      await messageOperation(deps, req, res, user, method, item.id, item.op);
      return;
    }

    switch (path) {
      case '/um/messages': {
        const messages = deps.store.list(user).sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
        const views = await Promise.all(
          messages.map(async (m) => {
            const file = deps.store.audioPath(user, m.id);
            const preview = file ? await readPreview(file, m.receivedAt) : { status: 'failed' };
            return { ...messageView(m), preview };
          }),
        );
        send(res, 200, { messages: views });
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
