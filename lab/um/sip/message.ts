/**
 * SIP messages (RFC 3261 7): a strict parser for what arrives from the
 * network, and builders for what the voicemail server sends.
 *
 * The parser never throws on remote input: it returns a `SipParseError`
 * that says whether a 400 can still be sent (the request line and the
 * headers a response needs were readable).
 */
import { randomBytes } from 'node:crypto';
import { trimSpTab } from '../../../src/protocol/sip-headers';

/** Compact header forms (RFC 3261 7.3.3) → full lower-case names. */
const COMPACT: Readonly<Record<string, string>> = {
  i: 'call-id',
  f: 'from',
  t: 'to',
  v: 'via',
  m: 'contact',
  l: 'content-length',
  c: 'content-type',
  e: 'content-encoding',
  k: 'supported',
  s: 'subject',
  o: 'event',
  u: 'allow-events',
  r: 'refer-to',
  b: 'referred-by',
  x: 'session-expires',
};

export function canonicalHeaderName(name: string): string {
  const lower = name.trim().toLowerCase();
  return COMPACT[lower] ?? lower;
}

export interface SipHeader {
  /** Canonical lower-case name. */
  name: string;
  value: string;
}

interface SipMessageBase {
  headers: SipHeader[];
  body: Buffer;
}

export interface SipRequest extends SipMessageBase {
  kind: 'request';
  method: string;
  uri: string;
}

export interface SipResponse extends SipMessageBase {
  kind: 'response';
  status: number;
  reason: string;
}

export type SipMessage = SipRequest | SipResponse;

export interface SipParseError {
  kind: 'error';
  reason: string;
  /** Present when the message was a request whose response headers could be read: answer 400. */
  request?: SipRequest;
}

/** Limits for remote input (a Kamailio message is a few KiB). */
export const SIP_LIMITS = Object.freeze({
  maxHeaderBytes: 32 * 1024,
  maxBodyBytes: 256 * 1024,
  maxHeaders: 200,
});

const TOKEN = /^[A-Za-z0-9.!%*_+`'~-]+$/;
const REQUEST_LINE = /^([A-Za-z0-9.!%*_+`'~-]+) (\S+) SIP\/2\.0$/;
const STATUS_LINE = /^SIP\/2\.0 ([1-6]\d\d) ([^\r\n]*)$/;
/** Control characters other than tab never belong in a header value (RFC 3261 25.1). */
// eslint-disable-next-line no-control-regex
const HEADER_CONTROL_CHARS = /[\u0000-\u0008\u000a-\u001f\u007f]/g;
const MANDATORY = ['via', 'from', 'to', 'call-id', 'cseq'] as const;

export function header(message: SipMessageBase, name: string): string | undefined {
  const want = canonicalHeaderName(name);
  return message.headers.find((h) => h.name === want)?.value;
}

/** All values of a header; comma-separated lists are split for list headers. */
export function headers(message: SipMessageBase, name: string): string[] {
  const want = canonicalHeaderName(name);
  const values = message.headers.filter((h) => h.name === want).map((h) => h.value);
  return LIST_HEADERS.has(want) ? splitHeaderList(values) : values;
}

const LIST_HEADERS = new Set(['via', 'route', 'record-route', 'contact', 'diversion', 'p-asserted-identity']);

/**
 * Headers that may appear once only (RFC 3261 7.3.1: only comma-separated
 * list headers may repeat). A second From or To is ambiguous (which one is
 * the caller?): such a request is refused with 400, never guessed.
 */
const SINGLE_HEADERS = [
  'from',
  'to',
  'call-id',
  'cseq',
  'max-forwards',
  'content-length',
  'content-type',
] as const;

/** Splits comma-separated header values, respecting <...> and quoted strings. */
export function splitHeaderList(values: readonly string[]): string[] {
  const out: string[] = [];
  for (const value of values) {
    let depth = 0;
    let quoted = false;
    let current = '';
    for (let i = 0; i < value.length; i++) {
      const ch = value.charAt(i);
      if (quoted) {
        if (ch === '\\') {
          current += ch + value.charAt(i + 1);
          i++;
          continue;
        }
        if (ch === '"') quoted = false;
      } else if (ch === '"') quoted = true;
      else if (ch === '<') depth++;
      else if (ch === '>') depth = Math.max(0, depth - 1);
      else if (ch === ',' && depth === 0) {
        if (current.trim()) out.push(current.trim());
        current = '';
        continue;
      }
      current += ch;
    }
    if (current.trim()) out.push(current.trim());
  }
  return out;
}

/** A parameter of a header value (after the URI), e.g. tag in From, branch in Via. */
export function headerParam(value: string, name: string): string | undefined {
  const gt = value.lastIndexOf('>');
  const tail = gt >= 0 ? value.slice(gt + 1) : value.slice(Math.max(0, value.indexOf(';')));
  for (const part of tail.split(';').slice(1)) {
    const eq = part.indexOf('=');
    const key = (eq >= 0 ? part.slice(0, eq) : part).trim().toLowerCase();
    if (key === name.toLowerCase()) return eq >= 0 ? part.slice(eq + 1).trim() : '';
  }
  return undefined;
}

export function cseqOf(message: SipMessageBase): { seq: number; method: string } {
  const m = /^(\d{1,10})\s+(\S+)$/.exec(header(message, 'cseq') ?? '');
  return { seq: m ? Number(m[1]) : 0, method: (m?.[2] ?? '').toUpperCase() };
}

export function topViaBranch(message: SipMessageBase): string {
  const via = headers(message, 'via')[0] ?? '';
  return headerParam(via, 'branch') ?? '';
}

export function fromTag(message: SipMessageBase): string | undefined {
  return headerParam(header(message, 'from') ?? '', 'tag');
}

export function toTag(message: SipMessageBase): string | undefined {
  return headerParam(header(message, 'to') ?? '', 'tag');
}

export function callIdOf(message: SipMessageBase): string {
  return header(message, 'call-id') ?? '';
}

/**
 * Parses one complete message (head + body as framed by the transport).
 * `head` is the header section without the final CRLFCRLF.
 */
export function parseSipMessage(head: string, body: Buffer): SipMessage | SipParseError {
  if (head.length > SIP_LIMITS.maxHeaderBytes) return { kind: 'error', reason: 'header section too large' };
  if (body.length > SIP_LIMITS.maxBodyBytes) return { kind: 'error', reason: 'body too large' };
  // Unfold continuation lines (RFC 3261 7.3.1).
  const lines = head.replace(/\r\n[ \t]+/g, ' ').split('\r\n');
  const start = lines.shift() ?? '';
  const parsedHeaders: SipHeader[] = [];
  let malformedHeader: string | undefined;
  for (const line of lines) {
    if (parsedHeaders.length >= SIP_LIMITS.maxHeaders) return { kind: 'error', reason: 'too many headers' };
    const colon = line.indexOf(':');
    // RFC 3261 §25.1: only SP and HTAB may stand between a header's name and its colon, and
    // around its value (not JavaScript's trim(), which also takes \v, \f, NBSP or a BOM, so that
    // `Ms-Exchange-Command\v:` would be read as a header a proxy's check never saw).
    const name = colon > 0 ? trimSpTab(line.slice(0, colon)) : '';
    if (!TOKEN.test(name)) {
      malformedHeader ??= line.slice(0, 40);
      continue;
    }
    // A control character in a value (a quoted-pair may carry one, RFC 3261 §25.1) is text to
    // show, not structure: it is cut out, as it was.
    const value = trimSpTab(line.slice(colon + 1)).replace(HEADER_CONTROL_CHARS, '');
    parsedHeaders.push({ name: canonicalHeaderName(name), value });
  }

  const status = STATUS_LINE.exec(start);
  if (status) {
    const response: SipResponse = {
      kind: 'response',
      status: Number(status[1]),
      reason: status[2] ?? '',
      headers: parsedHeaders,
      body,
    };
    const missing = MANDATORY.filter((h) => header(response, h) === undefined);
    if (missing.length > 0) return { kind: 'error', reason: `response without ${missing.join(', ')}` };
    if (cseqOf(response).seq === 0 && !/^0\s/.test(header(response, 'cseq') ?? ''))
      return { kind: 'error', reason: 'bad CSeq' };
    return response;
  }
  const req = REQUEST_LINE.exec(start);
  if (!req) return { kind: 'error', reason: `bad start line ${JSON.stringify(start.slice(0, 80))}` };
  const request: SipRequest = {
    kind: 'request',
    method: (req[1] ?? '').toUpperCase(),
    uri: req[2] ?? '',
    headers: parsedHeaders,
    body,
  };
  // A 400 can only be routed back with Via; the rest is copied as far as present.
  const answerable = header(request, 'via') !== undefined ? request : undefined;
  const missing = MANDATORY.filter((h) => header(request, h) === undefined);
  if (missing.length > 0)
    return { kind: 'error', reason: `missing ${missing.join(', ')}`, ...(answerable ? { request } : {}) };
  if (malformedHeader !== undefined)
    return { kind: 'error', reason: `malformed header line`, ...(answerable ? { request } : {}) };
  const repeated = SINGLE_HEADERS.find((h) => request.headers.filter((x) => x.name === h).length > 1);
  if (repeated !== undefined)
    return { kind: 'error', reason: `${repeated} given twice`, ...(answerable ? { request } : {}) };
  const cseq = /^(\d{1,10})\s+(\S+)$/.exec(header(request, 'cseq') ?? '');
  if (!cseq || Number(cseq[1]) > 0x7fffffff)
    return { kind: 'error', reason: 'bad CSeq', ...(answerable ? { request } : {}) };
  if ((cseq[2] ?? '').toUpperCase() !== request.method && request.method !== 'ACK')
    return { kind: 'error', reason: 'CSeq method does not match', ...(answerable ? { request } : {}) };
  if (request.method === 'ACK' && (cseq[2] ?? '').toUpperCase() !== 'ACK')
    return { kind: 'error', reason: 'CSeq method does not match', ...(answerable ? { request } : {}) };
  if (!/^(sips?|tel):/i.test(request.uri))
    return { kind: 'error', reason: 'unsupported Request-URI scheme', ...(answerable ? { request } : {}) };
  return request;
}

export function randomToken(bytes = 8): string {
  return randomBytes(bytes).toString('hex');
}

/** A new RFC 3261 branch (magic cookie prefix, 17.2.3). */
export function newBranch(): string {
  return `z9hG4bK${randomToken(10)}`;
}

/** Serializes a message; Content-Length is computed from the body. */
export function serialize(
  startLine: string,
  headerLines: readonly string[],
  body: Buffer | string = '',
): Buffer {
  const payload = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const lines = headerLines.filter((h) => !/^\s*(content-length|l)\s*:/i.test(h));
  lines.push(`Content-Length: ${payload.length}`);
  return Buffer.concat([Buffer.from(`${startLine}\r\n${lines.join('\r\n')}\r\n\r\n`, 'utf8'), payload]);
}

export interface ResponseExtras {
  /** To-tag to add when the request has none (not for 100 Trying). */
  toTag?: string;
  headers?: readonly string[];
  body?: string | Buffer;
  contentType?: string;
}

/** A response to `request` (RFC 3261 8.2.6): Via, From, To, Call-ID, CSeq copied. */
export function buildResponse(
  request: SipRequest,
  status: number,
  reason: string,
  extras: ResponseExtras = {},
): Buffer {
  const lines: string[] = [];
  for (const via of request.headers.filter((h) => h.name === 'via')) lines.push(`Via: ${via.value}`);
  if (request.method === 'INVITE' && status > 100 && status < 300) {
    // RFC 3261 12.1.1: the UAS copies Record-Route into dialog-creating responses.
    for (const rr of request.headers.filter((h) => h.name === 'record-route'))
      lines.push(`Record-Route: ${rr.value}`);
  }
  const from = header(request, 'from');
  if (from !== undefined) lines.push(`From: ${from}`);
  let to = header(request, 'to');
  if (to !== undefined) {
    if (status > 100 && extras.toTag && toTag(request) === undefined) to += `;tag=${extras.toTag}`;
    lines.push(`To: ${to}`);
  }
  const callId = header(request, 'call-id');
  if (callId !== undefined) lines.push(`Call-ID: ${callId}`);
  const cseq = header(request, 'cseq');
  if (cseq !== undefined) lines.push(`CSeq: ${cseq}`);
  lines.push(...(extras.headers ?? []));
  const body = extras.body ?? '';
  if (body.length > 0) lines.push(`Content-Type: ${extras.contentType ?? 'application/sdp'}`);
  return serialize(`SIP/2.0 ${status} ${reason}`, lines, body);
}

/** A printable one-line summary for logs. */
export function describe(message: SipMessage): string {
  const { seq, method } = cseqOf(message);
  return message.kind === 'request'
    ? `${message.method} ${message.uri} (${callIdOf(message)})`
    : `${message.status} ${message.reason} (${seq} ${method}, ${callIdOf(message)})`;
}
