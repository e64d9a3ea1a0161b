/**
 * The transport receive path: every message from the wire passes here before SIP.js sees it.
 *
 * One reading (src/protocol/message-gate): a message that can be read two ways is refused, anything
 * else is replaced by its canonical text, and only that text reaches SIP.js, whose `request.data`
 * is then what the MS-OCEXUM decisions read. Never silent: a refused request (other than ACK) gets
 * a stateless final response with a reason phrase (RFC 3261 §8.2.6); a refused response has no one
 * to answer and is dropped. Each refusal is counted and logged at debug level.
 */
import { Core, type UserAgent } from 'sip.js';
import { gateMessage, isInviteWithUntypedBody, statelessResponse } from '../../protocol';
import { wrapTransportReceive } from '../sipjs-internals';

export interface RefusedMessage {
  /** How many messages this gate has refused so far, this one included. */
  readonly count: number;
  /** Final status sent back, or undefined when nothing could be (or may be) answered. */
  readonly status?: number;
  readonly reason: string;
}

/** Something that logs a refusal; `console.debug` by default. */
export type RefusalLog = (refused: RefusedMessage) => void;

const defaultLog: RefusalLog = (refused) =>
  console.debug(
    `[UM Phone] incoming SIP message #${refused.count} refused: ${
      refused.status === undefined ? 'dropped' : `answered ${refused.status}`
    } (${refused.reason})`,
  );

interface Refusal {
  status: number;
  reason: string;
  extraHeaders?: string[];
}

const PARSE_ERROR = /^error parsing header '([A-Za-z0-9.!%*_+`'~-]{1,64})'$/;

/**
 * What SIP.js's own parser makes of the canonical text: a refusal when it would drop the message
 * without a word (it logs and returns undefined), or when the core would throw on it (a request
 * whose Request-URI is not a SIP URI: "Request-URI undefined."). Reads the parser's log to name
 * the header it choked on; the name is matched against the token grammar before it is reused.
 */
function sipjsRefusal(text: string): Refusal | undefined {
  let problem = '';
  const capture = (message: unknown) => {
    if (problem === '' && typeof message === 'string') problem = message;
  };
  const logger = { error: capture, warn: capture, log: () => undefined, debug: () => undefined };
  const message = Core.Parser.parseMessage(text, logger as unknown as Core.Logger);
  if (!message) {
    const header = PARSE_ERROR.exec(problem)?.[1];
    return {
      status: 400,
      reason: header ? `Malformed message: cannot parse ${header}` : 'Malformed message',
    };
  }
  if (message instanceof Core.IncomingRequestMessage && !message.ruri) {
    // RFC 3261 §8.2.2.1: a Request-URI scheme we do not support.
    return { status: 416, reason: 'Unsupported URI Scheme' };
  }
  return undefined;
}

/** A To tag for a stateless response (RFC 3261 §19.3: at least 32 bits of randomness). */
function newToTag(): string {
  return `gate${Math.random().toString(36).slice(2, 12)}`;
}

export class IncomingGate {
  private refused = 0;
  private readonly responseTaps: ((text: string) => void)[] = [];

  constructor(private readonly log: RefusalLog = defaultLog) {}

  /** Messages refused so far (ambiguous, unparsable or unusable). */
  get refusedCount(): number {
    return this.refused;
  }

  /** Puts the gate in front of `ua`'s transport (call once, right after the UserAgent is made). */
  install(ua: UserAgent): void {
    const send = (text: string) => ua.transport.send(text);
    wrapTransportReceive(ua, (message, deliver) => this.receive(message, deliver, send));
  }

  /**
   * One incoming message: refused (answered when it is a request), or delivered to SIP.js as its
   * canonical text. Exposed for tests; `send` puts a response on the same transport.
   */
  receive(message: string, deliver: (text: string) => void, send: (text: string) => Promise<void>): void {
    const verdict = gateMessage(message);
    if (verdict.verdict === 'refuse') {
      this.refuse(message, { status: 400, reason: `Ambiguous message: ${verdict.reason}` }, send);
      return;
    }
    const text = verdict.text;
    const unparsable = sipjsRefusal(text);
    if (unparsable) {
      this.refuse(text, unparsable, send);
      return;
    }
    // RFC 3261 §8.2.3 / §20.15: a body without a type is refused with 415. SIP.js 0.21 would
    // throw sending its automatic 100 Trying and leave the INVITE half-handled.
    if (isInviteWithUntypedBody(text)) {
      this.refuse(
        text,
        {
          status: 415,
          reason: 'Unsupported Media Type: body without Content-Type',
          extraHeaders: ['Accept: application/sdp'],
        },
        send,
      );
      return;
    }
    // Responses SIP.js drops unseen (a proxy's 101/181 has no To tag or Contact) still say something.
    if (!verdict.request) for (const tap of this.responseTaps) tap(text);
    try {
      deliver(text);
    } catch (e) {
      // SIP.js threw out of its handler part-way; it may have answered already, so nothing is
      // sent, but the drop is counted and logged rather than surfacing as a page error.
      this.refused++;
      this.log({
        count: this.refused,
        reason: `SIP.js failed on it: ${e instanceof Error ? e.message : String(e)}`,
      });
    }
  }

  /** Reads every response that passed the gate, in its canonical text, before SIP.js does. */
  tapResponses(tap: (text: string) => void): void {
    this.responseTaps.push(tap);
  }

  /** Counts and logs a refusal made past the gate (e.g. the Play-On-Phone cross-check in onInvite). */
  noteRefused(status: number, reason: string): void {
    this.refused++;
    this.log({ count: this.refused, status, reason });
  }

  private refuse(message: string, refusal: Refusal, send: (text: string) => Promise<void>): void {
    this.refused++;
    const response = statelessResponse(message, { ...refusal, toTag: newToTag() });
    if (response !== undefined) void send(response).catch(() => undefined);
    this.log({
      count: this.refused,
      reason: refusal.reason,
      ...(response !== undefined ? { status: refusal.status } : {}),
    });
  }
}
