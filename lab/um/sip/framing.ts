/**
 * Stream framing of SIP messages (RFC 3261 18.3): the header section ends
 * at CRLFCRLF and Content-Length says how many body bytes follow.
 *
 * A message whose length cannot be trusted (no end of headers within the
 * limit, a Content-Length that is not a number, too large, or given twice
 * with different values) makes the rest of the stream unframeable: the
 * framer reports a fatal error and the connection must be closed.
 */
import { SIP_LIMITS, parseSipMessage, type SipMessage, type SipParseError } from './message';

export type FramerEvent =
  | { type: 'message'; message: SipMessage }
  /** The message was read to its end but is malformed; the stream continues. */
  | { type: 'invalid'; error: SipParseError }
  /** The stream cannot be framed any further; `error.request` may still allow a 400. */
  | { type: 'fatal'; error: SipParseError }
  /** A CRLFCRLF keep-alive ping (RFC 5626 3.5.1): answer with CRLF. */
  | { type: 'ping' };

export class SipStreamFramer {
  private buffer: Buffer = Buffer.alloc(0);
  private dead = false;
  /** CRLF pairs seen since the last message (a ping may arrive split). */
  private crlfPairs = 0;

  constructor(private readonly emit: (event: FramerEvent) => void) {}

  push(chunk: Buffer): void {
    if (this.dead) return;
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    while (!this.dead && this.next()) {
      // keep framing
    }
  }

  /** Frames one message if complete; returns whether to look for another. */
  private next(): boolean {
    let skipped = 0;
    while (this.buffer[skipped] === 0x0d && this.buffer[skipped + 1] === 0x0a) {
      skipped += 2;
      this.crlfPairs++;
      if (this.crlfPairs === 2) {
        this.crlfPairs = 0;
        this.emit({ type: 'ping' });
      }
    }
    if (skipped > 0) this.buffer = this.buffer.subarray(skipped);
    if (this.buffer.length === 0 || (this.buffer.length === 1 && this.buffer[0] === 0x0d)) return false;
    this.crlfPairs = 0;
    const headEnd = this.buffer.indexOf('\r\n\r\n');
    if (headEnd < 0) {
      if (this.buffer.length > SIP_LIMITS.maxHeaderBytes) this.fail('no end of header section within limit');
      return false;
    }
    if (headEnd > SIP_LIMITS.maxHeaderBytes) {
      this.fail('header section too large');
      return false;
    }
    const head = this.buffer.subarray(0, headEnd).toString('utf8');
    const lengths = [...head.matchAll(/\r\n(?:content-length|l)[ \t]*:[ \t]*([^\r\n]*)/gi)].map((m) =>
      (m[1] ?? '').trim(),
    );
    const distinct = new Set(lengths);
    let length = 0;
    if (distinct.size > 1) {
      this.fail('conflicting Content-Length headers', head);
      return false;
    }
    const text = lengths[0];
    if (text !== undefined) {
      if (!/^\d{1,9}$/.test(text)) {
        this.fail(`bad Content-Length ${JSON.stringify(text.slice(0, 20))}`, head);
        return false;
      }
      length = Number(text);
      if (length > SIP_LIMITS.maxBodyBytes) {
        this.fail(`Content-Length ${length} above limit`, head);
        return false;
      }
    }
    const total = headEnd + 4 + length;
    if (this.buffer.length < total) return false;
    const body = Buffer.from(this.buffer.subarray(headEnd + 4, total));
    this.buffer = this.buffer.subarray(total);
    const parsed = parseSipMessage(head, body);
    if (parsed.kind === 'error') this.emit({ type: 'invalid', error: parsed });
    else this.emit({ type: 'message', message: parsed });
    return true;
  }

  private fail(reason: string, head?: string): void {
    this.dead = true;
    this.buffer = Buffer.alloc(0);
    let request: SipParseError['request'];
    if (head !== undefined) {
      // Parse the head without the body so that a 400 can still be sent.
      const parsed = parseSipMessage(head, Buffer.alloc(0));
      if (parsed.kind === 'request') request = parsed;
      else if (parsed.kind === 'error') request = parsed.request;
    }
    this.emit({ type: 'fatal', error: { kind: 'error', reason, ...(request ? { request } : {}) } });
  }
}
