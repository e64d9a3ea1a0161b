/**
 * Every reach into SIP.js 0.21.2 beyond its public typings, in one place. Each accessor names the
 * private member it relies on; `sipjs-internals.test.ts` is pinned to 0.21.2 and fails when an
 * upgrade moves or renames any of them, so an upgrade starts by reading this file.
 *
 * - Registerer `waiting` / `waitingChange`: the only way to see every REGISTER complete, including
 *   the ones SIP.js drops without calling a delegate (e.g. a 200 without our Contact).
 * - Publisher `pubRequestEtag`, `pubRequestExpires`, `publishRefreshTimer`, `sendPublishRequest`:
 *   the publication's entity-tag (kept across reconnections), its expiry and refresh timer (a 2xx
 *   without SIP-ETag must cancel the refresh), and the one method every PUBLISH passes through.
 * - Transport `onMessage` and UserAgent `onTransportMessage` (private): SIP.js sets the first to the
 *   second, which parses the text, checks it and hands it to the core. The incoming gate takes the
 *   handler over (`takeOverTransportReceive`), parses each message once, and `deliverParsedMessage`
 *   makes the same checks before the same hand-over, so every message is read by one parser once.
 * - Session `referToString`: Session.refer() writes a URI target's Refer-To as `URI.toString()`,
 *   without angle brackets, so `;opaque=app:voicemail` would read as a header parameter of
 *   Refer-To (RFC 3261 §20.10) and a `?Replaces=` URI header is not allowed unbracketed:
 *   referWithReferTo makes it write the name-addr we built.
 * - Session `on{Bye,Info,Invite,Message,Notify,Prack,Refer}Request` (internal): SIP.js drops such a
 *   request without a response unless the session is Established (e.g. a REFER right after the
 *   2xx, before the answer is applied, or a BYE crossing ours). `answerInDialogRequestsAlways`
 *   wraps them so every one is handled or answered.
 * - UserAgentClient `onTransportError` (protected): ends a request whose connection is gone the
 *   way SIP.js ends one it could not send (its own 503), so a REGISTER sent on a lost connection
 *   does not hold the Registerer for 32 s (Timer F) before the next server may be asked.
 * - `AllowedMethods` (core/user-agent-core/allowed-methods.js, not in the package index): the
 *   methods SIP.js's core takes (any other gets its 405) and lists in every Allow it writes (OPTIONS
 *   200, 405, INVITE and re-INVITE). `limitAllowedMethods` makes it the phone's list, so no Allow
 *   the phone sends offers MESSAGE, REGISTER or SUBSCRIBE, which it refuses.
 * - Web Transport `connect()` makes its socket with `new WebSocket(server, 'sip')`, synchronously,
 *   and takes none from outside: `connectOverSocket` hands it a socket opened before Sign in
 *   (early-socket.ts) by being that constructor for the one synchronous call.
 */
import { AllowedMethods } from 'sip.js/lib/core/user-agent-core/allowed-methods.js';
import {
  Core,
  URI,
  UserAgentState,
  type Publisher,
  type Registerer,
  Session,
  SessionState,
  type SessionReferOptions,
  type UserAgent,
} from 'sip.js';

/** The SIP.js version these accessors were written against. */
export const SIPJS_VERSION = '0.21.2';

interface RegistererWaiting {
  readonly waiting: boolean;
  readonly waitingChange: { addListener(listener: (waiting: boolean) => void): void };
}

/** Whether a REGISTER of `registerer` awaits its final response (private `waiting`). */
export function registerPending(registerer: Registerer): boolean {
  return (registerer as unknown as RegistererWaiting).waiting;
}

/** Calls `listener` whenever a REGISTER starts or completes (private `waitingChange`). */
export function onRegisterPendingChange(registerer: Registerer, listener: (pending: boolean) => void): void {
  (registerer as unknown as RegistererWaiting).waitingChange.addListener(listener);
}

/** A Publisher's private publication state. */
export interface PublisherInternals {
  pubRequestEtag?: string;
  pubRequestExpires: number;
  publishRefreshTimer?: ReturnType<typeof setTimeout>;
}

/** The private publication state of `publisher` (read and written in place). */
export function publisherInternals(publisher: Publisher): PublisherInternals {
  return publisher as unknown as PublisherInternals;
}

/** Runs `before` ahead of every PUBLISH `publisher` sends (private `sendPublishRequest`). */
export function beforeEachPublish(publisher: Publisher, before: () => void): void {
  const self = publisher as unknown as { sendPublishRequest(): unknown };
  const send = self.sendPublishRequest.bind(publisher);
  self.sendPublishRequest = () => {
    before();
    return send();
  };
}

/** An incoming message as SIP.js's parser read it. */
export type ParsedMessage = Core.IncomingRequestMessage | Core.IncomingResponseMessage;

/**
 * Why SIP.js would not take a parsed message: `status` is the stateless final response a request
 * gets (RFC 3261 §8.2.6); a response, or a request that cannot be answered, has none.
 */
export interface Undeliverable {
  readonly status?: number;
  readonly reason: string;
}

/**
 * Makes `receive` the one reader of `ua`'s transport: SIP.js's own handler (private
 * `onTransportMessage`, which would parse the text again) is no longer called; what it does after
 * parsing is `deliverParsedMessage`. Call right after the UserAgent is made (its constructor sets
 * the handler). Returns false when the transport has no handler to take over.
 */
export function takeOverTransportReceive(ua: UserAgent, receive: (message: string) => void): boolean {
  const transport = ua.transport;
  if (!transport.onMessage) return false;
  transport.onMessage = receive;
  return true;
}

// RFC 3261 §8.1.1: To, From, CSeq, Call-ID, Max-Forwards and Via are mandatory in a request;
// SIP.js 0.21.2 checks these five (not Max-Forwards), in requests and responses alike.
const MANDATORY_HEADERS: readonly (readonly [string, string])[] = [
  ['from', 'From'],
  ['to', 'To'],
  ['call-id', 'Call-ID'],
  ['cseq', 'CSeq'],
  ['via', 'Via'],
];

/**
 * What `UserAgent.onTransportMessage` of SIP.js 0.21.2 (lib/api/user-agent.js) does after its
 * parse, check for check and in its order, then the same hand-over to the core. Where SIP.js
 * dropped a request without a word, the request is returned with a status to answer instead
 * (never silently dropped); SIP.js's own 482 and 400 are returned the same way, so the caller
 * answers every refusal through one path. Returns undefined when the core took the message.
 */
export function deliverParsedMessage(
  ua: UserAgent,
  message: ParsedMessage,
  /** Runs once every check has passed, just before the core takes the message. */
  beforeCore?: () => void,
): Undeliverable | undefined {
  const request = message instanceof Core.IncomingRequestMessage;
  if (request && ua.state === UserAgentState.Stopped)
    return { status: 503, reason: 'Service Unavailable: not signed in' };
  const missing = MANDATORY_HEADERS.find(([name]) => !message.hasHeader(name));
  if (missing) return { ...(request ? { status: 400 } : {}), reason: `Missing ${missing[1]}` };
  // RFC 3261 §18.3: a body shorter than Content-Length (the gate already refuses any mismatch).
  const contentLength = message.getHeader('content-length');
  const short =
    contentLength !== undefined && new TextEncoder().encode(message.body).length < Number(contentLength);
  if (request) {
    // SIP.js's own loop check (its rfc3261_16_3_4 port): a dialog-creating request from this UA.
    if (!message.toTag && message.callId.substring(0, 5) === ua.configuration.sipjsId)
      return { status: 482, reason: 'Loop Detected' };
    if (short) return { status: 400, reason: 'Content-Length exceeds the body' };
    beforeCore?.();
    ua.userAgentCore.receiveIncomingRequestFromTransport(message);
    return undefined;
  }
  // RFC 3261 §8.1.3.3: a response with more than one Via is discarded.
  if (message.getHeaders('via').length > 1) return { reason: 'more than one Via in a response' };
  // RFC 3261 §18.1.2: a response whose top Via sent-by is not ours is discarded.
  if (message.via.host !== ua.configuration.viaHost || message.via.port !== undefined)
    return { reason: 'response Via sent-by is not ours' };
  if (short) return { reason: 'Content-Length exceeds the body' };
  beforeCore?.();
  ua.userAgentCore.receiveIncomingResponseFromTransport(message);
  return undefined;
}

/**
 * Sends a REFER in `session` whose Refer-To value is exactly `referTo` (a name-addr such as
 * `<sip:bob@example.com;opaque=app:voicemail>`), through Session.refer() with its Referred-By,
 * Contact and NOTIFY handling. Relies on Session.refer() reading a URI target through
 * `referToString`, i.e. `target.toString()`.
 */
export function referWithReferTo(
  session: Session,
  referTo: string,
  options: SessionReferOptions,
): Promise<Core.OutgoingReferRequest> {
  const target = new URI('sip', 'refer', 'invalid');
  target.toString = () => referTo;
  return session.refer(target, options);
}

/**
 * Ends `request`, whose connection is gone and will never carry its answer, with SIP.js's own 503
 * (protected `onTransportError`, RFC 3261 §8.1.3.1), then stops its transaction's timers.
 */
export function failRequestOnLostConnection(request: Core.OutgoingRequest): void {
  const client = request as unknown as { onTransportError(error: Error): void };
  client.onTransportError(new Error('connection lost'));
  request.dispose();
}

/**
 * Makes SIP.js's core take only `methods` (405 with them in Allow for any other, in a dialog or
 * outside one) and list them in every Allow it writes. One list for the whole page; idempotent.
 */
export function limitAllowedMethods(methods: readonly string[]): void {
  AllowedMethods.splice(0, AllowedMethods.length, ...methods);
}

/** The Session methods SIP.js 0.21.2 routes in-dialog requests to (each drops outside Established). */
export const IN_DIALOG_HANDLERS = [
  'onByeRequest',
  'onInfoRequest',
  'onInviteRequest',
  'onMessageRequest',
  'onNotifyRequest',
  'onPrackRequest',
  'onReferRequest',
] as const;

/** What those methods receive: a server for one in-dialog request. */
interface InDialogRequest {
  readonly message: Core.IncomingRequestMessage;
  accept(options?: Core.ResponseOptions): unknown;
  reject(options?: Core.ResponseOptions): unknown;
}
type InDialogHandler = (this: Session, request: InDialogRequest) => void;

const ANSWERING = Symbol.for('um-phone.in-dialog-answers');

/**
 * Makes every Session answer every in-dialog request, whatever its state (the rule "never silently
 * dropped"). Established: SIP.js's own handling, unchanged. Initial or Establishing (an Inviter
 * between the 2xx and the answer being applied, a few milliseconds): the request waits for the
 * outcome and is then handled as SIP.js would once Established, or answered as below. Terminating
 * or Terminated (our BYE is out): a BYE gets 200 (RFC 3261 §15.1.2: the UAS core MUST answer a BYE
 * for an existing dialog with 2xx), anything else 481 with a reason, and the peer then considers
 * the dialog gone (RFC 3261 §12.2.1.2). Patches Session.prototype once; idempotent.
 */
export function answerInDialogRequestsAlways(): void {
  const proto = Session.prototype as unknown as Record<
    (typeof IN_DIALOG_HANDLERS)[number],
    InDialogHandler
  > & {
    [ANSWERING]?: true;
  };
  if (proto[ANSWERING]) return;
  proto[ANSWERING] = true;
  for (const name of IN_DIALOG_HANDLERS) {
    const handle = proto[name];
    proto[name] = function (this: Session, request: InDialogRequest) {
      handleInAnyState(this, request, () => handle.call(this, request));
    };
  }
}

function answerWhileEnding(request: InDialogRequest): void {
  if (request.message.method === 'BYE') request.accept();
  else request.reject({ statusCode: 481, reasonPhrase: 'Call/Transaction Does Not Exist: call is ending' });
}

function handleInAnyState(session: Session, request: InDialogRequest, handle: () => void): void {
  switch (session.state) {
    case SessionState.Established:
      handle();
      return;
    case SessionState.Initial:
    case SessionState.Establishing: {
      const settle = (state: SessionState) => {
        if (state === SessionState.Initial || state === SessionState.Establishing) return;
        session.stateChange.removeListener(settle);
        if (state === SessionState.Established) handle();
        else answerWhileEnding(request);
      };
      session.stateChange.addListener(settle);
      return;
    }
    case SessionState.Terminating:
    case SessionState.Terminated:
      answerWhileEnding(request);
      return;
  }
}

/**
 * Runs `connect` (a SIP.js web Transport's connect()) so that the WebSocket it makes is `socket`,
 * already opening or open to the same server (early-socket.ts). SIP.js 0.21 constructs
 * it in connect()'s synchronous part and adds its listeners there: the global constructor is this
 * socket for that call only, and put back before anything else runs. An open socket gets its
 * 'open' event again, for SIP.js's handler that moves the transport to Connected. If SIP.js made
 * no socket (it was connecting or connected already), `socket` is closed unused. Returns
 * connect()'s promise.
 */
export function connectOverSocket(socket: WebSocket, connect: () => Promise<void>): Promise<void> {
  const scope = globalThis as { WebSocket?: unknown };
  const original = scope.WebSocket;
  let adopted = false;
  function AdoptedWebSocket(this: unknown, _url: string, protocols?: string | string[]): WebSocket {
    if (adopted || protocols !== 'sip') throw new Error('connectOverSocket: unexpected WebSocket');
    adopted = true;
    return socket;
  }
  Object.assign(AdoptedWebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
  scope.WebSocket = AdoptedWebSocket;
  let opening: Promise<void>;
  try {
    opening = connect();
  } finally {
    scope.WebSocket = original;
  }
  if (!adopted) socket.close(1000);
  else if (socket.readyState === 1) socket.dispatchEvent(new Event('open'));
  return opening;
}
