/**
 * Minimal SIP message model for test peers: parsing (start line, headers,
 * body), stream framing by Content-Length, and a few header helpers.
 * Written for tests, not for hostile input at scale.
 */

// Header-level helpers are the voicemail server's (lab/um/sip/message.ts): one SIP header grammar
// for the lab and its test peers.
import {
  canonicalHeaderName,
  headerParam,
  newBranch,
  randomToken,
  splitHeaderList,
} from '../../lab/um/sip/message';

export { canonicalHeaderName, headerParam, newBranch, randomToken, splitHeaderList };

export interface SipHeader {
  /** As received. */
  name: string;
  value: string;
}

export class SipMessage {
  readonly kind: 'request' | 'response';
  /** Request method (requests only, '' for responses). */
  readonly method: string;
  /** Request-URI (requests only, '' for responses). */
  readonly uri: string;
  /** Status code (responses only, 0 for requests). */
  readonly status: number;
  readonly reason: string;
  readonly headers: readonly SipHeader[];
  readonly body: string;
  /** The whole message as text (start line, headers, body). */
  readonly raw: string;

  constructor(raw: string) {
    this.raw = raw;
    const headEnd = raw.indexOf('\r\n\r\n');
    const head = headEnd >= 0 ? raw.slice(0, headEnd) : raw;
    this.body = headEnd >= 0 ? raw.slice(headEnd + 4) : '';
    // Unfold continuation lines (RFC 3261 7.3.1).
    const lines = head.replace(/\r\n[ \t]+/g, ' ').split('\r\n');
    const start = lines.shift() ?? '';
    const status = /^SIP\/2\.0\s+(\d{3})\s*(.*)$/i.exec(start);
    if (status) {
      this.kind = 'response';
      this.method = '';
      this.uri = '';
      this.status = Number(status[1]);
      this.reason = status[2] ?? '';
    } else {
      const req = /^([A-Za-z]+)\s+(\S+)\s+SIP\/2\.0$/i.exec(start);
      if (!req) throw new Error(`not a SIP start line: ${JSON.stringify(start)}`);
      this.kind = 'request';
      this.method = (req[1] ?? '').toUpperCase();
      this.uri = req[2] ?? '';
      this.status = 0;
      this.reason = '';
    }
    const headers: SipHeader[] = [];
    for (const line of lines) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      headers.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() });
    }
    this.headers = headers;
  }

  /** First value of a header (case-insensitive, compact forms understood). */
  getHeader(name: string): string | undefined {
    const want = canonicalHeaderName(name);
    return this.headers.find((h) => canonicalHeaderName(h.name) === want)?.value;
  }

  /** All values of a header, one per header line, in order. */
  getHeaders(name: string): string[] {
    const want = canonicalHeaderName(name);
    return this.headers.filter((h) => canonicalHeaderName(h.name) === want).map((h) => h.value);
  }

  hasHeader(name: string): boolean {
    return this.getHeader(name) !== undefined;
  }

  get callId(): string {
    return this.getHeader('call-id') ?? '';
  }

  /** CSeq number and method. */
  get cseq(): { seq: number; method: string } {
    const m = /^(\d+)\s+(\S+)/.exec(this.getHeader('cseq') ?? '');
    return { seq: m ? Number(m[1]) : 0, method: (m?.[2] ?? '').toUpperCase() };
  }

  /** Branch parameter of the top Via. */
  get topBranch(): string {
    const via = splitHeaderList(this.getHeaders('via'))[0] ?? '';
    return headerParam(via, 'branch') ?? '';
  }

  get fromTag(): string | undefined {
    return headerParam(this.getHeader('from') ?? '', 'tag');
  }

  get toTag(): string | undefined {
    return headerParam(this.getHeader('to') ?? '', 'tag');
  }

  toString(): string {
    return this.raw;
  }
}

/** The URI of a name-addr (`"x" <sip:...>;p`) or addr-spec (`sip:...;p`). */
export function headerUri(value: string): string {
  const m = /<([^>]*)>/.exec(value);
  if (m) return m[1] ?? '';
  return (value.split(';')[0] ?? '').trim();
}

/** Builds a message from a start line, header lines and a body (Content-Length added). */
export function buildMessage(startLine: string, headers: readonly string[], body = ''): string {
  const lines = headers.filter((h) => !/^\s*(content-length|l)\s*:/i.test(h));
  lines.push(`Content-Length: ${Buffer.byteLength(body, 'utf8')}`);
  return `${startLine}\r\n${lines.join('\r\n')}\r\n\r\n${body}`;
}

/**
 * Frames SIP messages on a stream transport (RFC 3261 18.3): headers up to
 * CRLFCRLF, then Content-Length bytes of body. Leading CRLFs (keep-alive
 * pings, RFC 5626) are skipped and reported with `onKeepAlive`.
 */
export class SipStreamParser {
  private buffer: Buffer = Buffer.alloc(0);

  constructor(
    private readonly onMessage: (message: SipMessage) => void,
    private readonly onError: (error: Error) => void = () => {},
    private readonly onKeepAlive: () => void = () => {},
  ) {}

  push(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      let skipped = 0;
      while (
        skipped + 1 < this.buffer.length &&
        this.buffer[skipped] === 0x0d &&
        this.buffer[skipped + 1] === 0x0a
      ) {
        skipped += 2;
      }
      if (skipped > 0) {
        this.buffer = this.buffer.subarray(skipped);
        if (skipped >= 4) this.onKeepAlive();
      }
      const headEnd = this.buffer.indexOf('\r\n\r\n');
      if (headEnd < 0) {
        if (this.buffer.length > 65536) {
          this.onError(new Error('SIP header section larger than 64 KiB'));
          this.buffer = Buffer.alloc(0);
        }
        return;
      }
      const head = this.buffer.subarray(0, headEnd).toString('utf8');
      const cl = /^(?:content-length|l)[ \t]*:[ \t]*(\d+)/im.exec(head);
      const length = cl ? Number(cl[1]) : 0;
      const total = headEnd + 4 + length;
      if (this.buffer.length < total) return;
      const raw = this.buffer.subarray(0, total).toString('utf8');
      this.buffer = this.buffer.subarray(total);
      try {
        this.onMessage(new SipMessage(raw));
      } catch (error) {
        this.onError(error instanceof Error ? error : new Error(String(error)));
      }
    }
  }
}

/** Waits for the first item (already present or future) matching a predicate. */
export class Waitable<T> {
  readonly items: T[] = [];
  private waiters: Array<{ predicate: (item: T) => boolean; resolve: (item: T) => void }> = [];
  private listeners = new Set<(item: T) => void>();

  /** Calls `listener` for every item added from now on; returns the unsubscribe function. */
  subscribe(listener: (item: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  add(item: T): void {
    this.items.push(item);
    for (const listener of this.listeners) listener(item);
    this.waiters = this.waiters.filter((w) => {
      if (!w.predicate(item)) return true;
      w.resolve(item);
      return false;
    });
  }

  wait(predicate: (item: T) => boolean, timeoutMs: number, what: string): Promise<T> {
    const found = this.items.find(predicate);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise<T>((resolve, reject) => {
      const waiter = {
        predicate,
        resolve: (item: T) => {
          clearTimeout(timer);
          resolve(item);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }
}

/**
 * A SIP-over-TLS connection that sends text exactly as given, byte for byte (the spec seeds,
 * hostile messages), from a chosen local address (the lab's UM address), presenting a client
 * certificate (the proxy trusts the UM by its certificate and address). Responses and requests that
 * come back on it are collected in `received`.
 */
export class RawTlsSipConnection {
  readonly received = new Waitable<SipMessage>();

  private constructor(private readonly socket: import('node:tls').TLSSocket) {
    const parser = new SipStreamParser((message) => this.received.add(message));
    socket.on('data', (chunk: Buffer) => parser.push(chunk));
    socket.on('error', () => undefined);
  }

  static async open(options: {
    host: string;
    port: number;
    localAddress: string;
    cert: string | Buffer;
    key: string | Buffer;
    ca: string | Buffer;
    servername: string;
  }): Promise<RawTlsSipConnection> {
    const net = await import('node:net');
    const tls = await import('node:tls');
    const { readFileSync } = await import('node:fs');
    const pemOf = (v: string | Buffer) =>
      Buffer.isBuffer(v) || v.includes('-----BEGIN') ? v : readFileSync(v);
    const raw = net.connect({ host: options.host, port: options.port, localAddress: options.localAddress });
    const socket = tls.connect({
      socket: raw,
      cert: pemOf(options.cert),
      key: pemOf(options.key),
      ca: pemOf(options.ca),
      servername: options.servername,
      minVersion: 'TLSv1.2',
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('secureConnect', () => resolve());
      socket.once('error', reject);
    });
    return new RawTlsSipConnection(socket);
  }

  /** Writes `text` unchanged. */
  send(text: string): void {
    this.socket.write(text);
  }

  /** The first response for `callId` and `method` that matches `status` (a code, or any final). */
  response(
    callId: string,
    method: string,
    status: number | 'final',
    timeoutMs = 10_000,
  ): Promise<SipMessage> {
    return this.received.wait(
      (m) =>
        m.kind === 'response' &&
        m.callId === callId &&
        m.cseq.method === method &&
        (status === 'final' ? m.status >= 200 : m.status === status),
      timeoutMs,
      `a ${status} response to ${method} ${callId}`,
    );
  }

  close(): void {
    this.socket.end();
    this.socket.destroy();
  }
}
