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
 * - Transport `onMessage`: SIP.js sets it on its transport; the incoming gate wraps it so every
 *   message from the wire passes the gate before SIP.js parses it.
 * - Session `referToString`: Session.refer() writes a URI target's Refer-To as `URI.toString()`,
 *   without angle brackets, so `;opaque=app:voicemail` would read as a header parameter of
 *   Refer-To (RFC 3261 §20.10) and a `?Replaces=` URI header is not allowed unbracketed:
 *   referWithReferTo makes it write the name-addr we built.
 * - UserAgentClient `onTransportError` (protected): ends a request whose connection is gone the
 *   way SIP.js ends one it could not send (its own 503), so a REGISTER sent on a lost connection
 *   does not hold the Registerer for 32 s (Timer F) before the next server may be asked.
 */
import {
  URI,
  type Core,
  type Publisher,
  type Registerer,
  type Session,
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

/**
 * Puts `receive` in front of SIP.js's handler of `ua`'s transport: `receive` gets each message
 * from the wire and SIP.js's own handler to deliver the text it chooses. Call right after the
 * UserAgent is made. Returns false when the transport has no handler to wrap.
 */
export function wrapTransportReceive(
  ua: UserAgent,
  receive: (message: string, deliver: (text: string) => void) => void,
): boolean {
  const transport = ua.transport;
  const deliver = transport.onMessage;
  if (!deliver) return false;
  transport.onMessage = (message: string) => receive(message, deliver);
  return true;
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
