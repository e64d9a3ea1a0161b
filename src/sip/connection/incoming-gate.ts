/**
 * The transport receive path: every message from the wire passes here before SIP.js sees it.
 *
 * One reading (src/protocol/message-gate): a message that can be read two ways is refused, anything
 * else is replaced by its canonical text, which SIP.js's parser then reads once, here; the parsed
 * message goes to the core with the checks SIP.js's UserAgent makes after its own parse
 * (`deliverParsedMessage`), so SIP.js and the MS-OCEXUM decisions read the same object (its
 * `request.data` is the canonical text). Never silent: a refused request (other than ACK) gets
 * a stateless final response with a reason phrase (RFC 3261 §8.2.6); a refused response has no one
 * to answer and is dropped. Each refusal is counted and logged at debug level.
 */
import { Core, type UserAgent } from 'sip.js';
import {
  gateMessage,
  isUntypedBody,
  PHONE_METHODS,
  statelessResponse,
  type OutOfDialogAnswer,
} from '../../protocol';
import {
  answerInDialogRequestsAlways,
  deliverParsedMessage,
  limitAllowedMethods,
  takeOverTransportReceive,
  type ParsedMessage,
  type Undeliverable,
} from '../sipjs-internals';

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
  /** Undefined: not answered (a response), only counted and logged. */
  status?: number;
  reason: string;
  extraHeaders?: string[];
}

const PARSE_ERROR = /^error parsing header '([A-Za-z0-9.!%*_+`'~-]{1,64})'$/;

/**
 * SIP.js's parser on the canonical text, once: the message, or a refusal when SIP.js would drop it
 * without a word (it logs and returns undefined), or when the core would throw on it (a request
 * whose Request-URI is not a SIP URI: "Request-URI undefined."). Reads the parser's log to name the
 * header it choked on; the name is matched against the token grammar before it is reused.
 */
function parse(text: string): ParsedMessage | Refusal {
  let problem = '';
  const capture = (message: unknown) => {
    if (problem === '' && typeof message === 'string') problem = message;
  };
  const logger = { error: capture, warn: capture, log: () => undefined, debug: () => undefined };
  let message: ParsedMessage | undefined;
  try {
    message = Core.Parser.parseMessage(text, logger as unknown as Core.Logger);
  } catch {
    // The gate refuses what is known to make the parser throw (a response's CSeq); anything else
    // that does is refused here, not left to surface as a page error.
    return { status: 400, reason: 'Malformed message' };
  }
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
  return message;
}

/** A To tag for a stateless response (RFC 3261 §19.3: at least 32 bits of randomness). */
function newToTag(): string {
  return `gate${Math.random().toString(36).slice(2, 12)}`;
}

export class IncomingGate {
  private refused = 0;
  private readonly responseTaps: ((text: string) => void)[] = [];
  private outOfDialog?: (method: string) => OutOfDialogAnswer | undefined;

  constructor(private readonly log: RefusalLog = defaultLog) {}

  /** Messages refused so far (ambiguous, unparsable or unusable). */
  get refusedCount(): number {
    return this.refused;
  }

  /** Makes the gate the reader of `ua`'s transport (call once, right after the UserAgent is made). */
  install(ua: UserAgent): void {
    const send = (text: string) => ua.transport.send(text);
    const deliver = (message: ParsedMessage, beforeCore?: () => void) =>
      deliverParsedMessage(ua, message, beforeCore);
    // Never silent past the gate either: SIP.js drops in-dialog requests outside Established.
    answerInDialogRequestsAlways();
    // The methods the phone takes, in SIP.js's checks and in every Allow it writes: a MESSAGE, in
    // a call or outside one, gets 405 rather than a 200 with its text dropped.
    limitAllowedMethods(PHONE_METHODS);
    takeOverTransportReceive(ua, (message) => this.receive(message, deliver, send));
  }

  /**
   * One incoming message: refused (answered when it is a request), or parsed once and delivered to
   * SIP.js's core. Exposed for tests; `deliver` hands the parsed message on and says why it could
   * not, `send` puts a response on the same transport.
   */
  receive(
    message: string,
    deliver: (message: ParsedMessage, beforeCore?: () => void) => Undeliverable | undefined,
    send: (text: string) => Promise<void>,
  ): void {
    const verdict = gateMessage(message);
    if (verdict.verdict === 'refuse') {
      const refusal =
        verdict.status === 513
          ? { status: 513, reason: `Message Too Large: ${verdict.reason}` }
          : { status: 400, reason: `Ambiguous message: ${verdict.reason}` };
      this.refuse(message, refusal, send);
      return;
    }
    const text = verdict.text;
    const parsed = parse(text);
    if (!(parsed instanceof Core.IncomingMessage)) {
      this.refuse(text, parsed, send);
      return;
    }
    // RFC 3261 §8.2.3 / §20.15: a body without a type is refused with 415. SIP.js 0.21 would
    // throw sending its automatic 100 Trying and leave the INVITE half-handled.
    if (verdict.method === 'INVITE' && isUntypedBody(parsed.getHeader('content-type'), parsed.body)) {
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
    // Requests outside a dialog that the phone answers rather than SIP.js (OPTIONS and MESSAGE,
    // by presence: outOfDialogAnswer), before SIP.js's core answers them 200 whatever the presence.
    if (parsed instanceof Core.IncomingRequestMessage && !parsed.toTag) {
      const answer = this.outOfDialog?.(parsed.method);
      if (answer) {
        this.refuse(text, answer, send);
        return;
      }
    }
    // Responses SIP.js's core drops unseen (a proxy's 101/181 has no To tag or Contact) still say
    // something, but only those SIP.js reads at all: not one it discards for its Via (sent-by not
    // ours, several Vias) or its length, which never were an answer to anything we sent.
    const onwards = verdict.request
      ? undefined
      : () => {
          for (const tap of this.responseTaps) tap(text);
        };
    let undelivered: Undeliverable | undefined;
    try {
      undelivered = deliver(parsed, onwards);
    } catch (e) {
      // SIP.js threw out of its handler part-way; it may have answered already, so nothing is
      // sent, but the drop is counted and logged rather than surfacing as a page error.
      this.refused++;
      this.log({
        count: this.refused,
        reason: `SIP.js failed on it: ${e instanceof Error ? e.message : String(e)}`,
      });
      return;
    }
    if (!undelivered) return;
    if (undelivered.status === undefined) this.refuse(text, { reason: undelivered.reason }, send);
    else this.refuse(text, { status: undelivered.status, reason: undelivered.reason }, send);
  }

  /** Answers requests outside a dialog when `policy` has an answer for their method (OPTIONS, MESSAGE). */
  answerOutOfDialog(policy: (method: string) => OutOfDialogAnswer | undefined): void {
    this.outOfDialog = policy;
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
    const response =
      refusal.status === undefined
        ? undefined
        : statelessResponse(message, { ...refusal, status: refusal.status, toTag: newToTag() });
    if (response !== undefined) void send(response).catch(() => undefined);
    this.log({
      count: this.refused,
      reason: refusal.reason,
      ...(response !== undefined ? { status: refusal.status } : {}),
    });
  }
}
